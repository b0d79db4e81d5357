//! Synthetic boards of any size, for benchmarks and tests (`benches/load.rs`).
//!
//! The boards are valid: `procboard check` accepts them with no error.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

/// Size of a synthetic board.
#[derive(Clone, Copy, Debug)]
pub struct Size {
    /// Members.
    pub members: usize,
    /// Meetings (agenda items are spread over them).
    pub meetings: usize,
    /// Agenda items in all.
    pub items: usize,
    /// Tenders.
    pub tenders: usize,
    /// Bids per tender.
    pub bids: usize,
    /// Criteria per tender (one price criterion, the rest quality).
    pub criteria: usize,
}

impl Size {
    /// The size issue #2 asks to benchmark: 500 members, 1,000 agenda items, 200 tenders × 8 bids
    /// × 10 criteria.
    pub const LARGE: Size = Size {
        members: 500,
        meetings: 10,
        items: 1000,
        tenders: 200,
        bids: 8,
        criteria: 10,
    };
}

/// Writes a valid board of `size` into `dir` (which must exist and be empty).
pub fn write_board(dir: &Path, size: Size) -> io::Result<()> {
    let mut b = String::new();
    let w = &mut b;
    // Writing to a String cannot fail; the results are ignored throughout.
    let _ = writeln!(
        w,
        "[board]\nid = \"synthetic\"\nname = \"Synthetic Board\"\ntime_zone = \"Europe/Brussels\"\ncurrency = \"EUR\"\nsecretary = \"S. Ecretary\"\n\n[weights]\nmethod = \"fixed\"\n"
    );
    let _ = writeln!(
        w,
        "[rotation]\norder = \"listed\"\nepoch = 2020\nmembers = [{}]\n",
        (0..size.members.min(20))
            .map(|i| format!("\"m{i:04}\""))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let _ = writeln!(
        w,
        "[decisions.default]\nmajority = \"votes_cast\"\nquorum_by = \"weight\"\nquorum_share = 0.5\n\n[decisions.award]\nmajority = \"double_majority\"\nbase = \"present\"\n"
    );
    let _ = writeln!(
        w,
        "[calendar]\nholidays = [2025-01-01, 2025-12-25, 2026-01-01, 2026-12-25]\n"
    );
    for i in 0..size.members {
        let _ = writeln!(
            w,
            "[[member]]\nid = \"m{i:04}\"\nname = \"Municipality {i}\"\nweight = {}\ndelegates = [\"Delegate {i}\"]\nalternates = [\"Alternate {i}\"]\n",
            1 + i % 7
        );
    }
    fs::write(dir.join("board.toml"), b)?;

    fs::create_dir_all(dir.join("tenders"))?;
    for t in 0..size.tenders {
        fs::write(dir.join(format!("tenders/t{t:04}.toml")), tender(t, size))?;
    }

    let per = size.items.div_ceil(size.meetings.max(1));
    let mut item = 0;
    for m in 0..size.meetings {
        let mdir = dir.join(format!("meetings/mt{m:03}"));
        fs::create_dir_all(&mdir)?;
        let mut a = String::new();
        let _ = writeln!(
            a,
            "[meeting]\nkind = \"regular\"\ndate = 2025-{:02}-10\nstart = 18:30:00\nplace = \"Hall\"\n",
            1 + m % 12
        );
        for k in 0..per {
            if item >= size.items {
                break;
            }
            let t = item % size.tenders.max(1);
            match k % 4 {
                0 => {
                    let _ = writeln!(
                        a,
                        "[[item]]\nid = \"{k}\"\nkind = \"information\"\ntitle = \"Report {item}\"\npresenter = \"Staff\"\nduration_minutes = 5\n"
                    );
                }
                1 if size.tenders > 0 => {
                    let _ = writeln!(
                        a,
                        "[[item]]\nid = \"{k}\"\nkind = \"tender_evaluation\"\ntitle = \"Evaluate t{t:04}\"\ntender = \"t{t:04}\"\n"
                    );
                }
                2 if size.tenders > 0 => {
                    let _ = writeln!(
                        a,
                        "[[item]]\nid = \"{k}\"\nkind = \"award_decision\"\ntitle = \"Award t{t:04}\"\ntender = \"t{t:04}\"\nbid = \"b0\"\nmotion = \"Award tender t{t:04} to bid b0\"\n"
                    );
                }
                _ => {
                    let _ = writeln!(
                        a,
                        "[[item]]\nid = \"{k}\"\nkind = \"motion\"\ntitle = \"Motion {item}\"\nmotion = \"Resolve item {item}\"\n"
                    );
                }
            }
            item += 1;
        }
        fs::write(mdir.join("agenda.toml"), a)?;
    }
    Ok(())
}

fn tender(t: usize, size: Size) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "[tender]\nid = \"t{t:04}\"\ntitle = \"Tender {t}\"\nprocedure = \"open\"\nestimated_value = 1000000\npublished = 2025-01-10\ndeadline = 2025-02-10\n"
    );
    let quality = size.criteria.saturating_sub(1).max(1);
    let _ = writeln!(
        s,
        "[[criterion]]\nid = \"price\"\nname = \"Price\"\nweight = 40\nkind = \"price\"\n\n[price]\nformula = \"proportional\"\n"
    );
    // 60 quality points over `quality` criteria, the remainder on the first.
    let each = 60 / quality;
    for c in 0..quality {
        let weight = if c == 0 {
            60 - each * (quality - 1)
        } else {
            each
        };
        let _ = writeln!(
            s,
            "[[criterion]]\nid = \"q{c}\"\nname = \"Quality {c}\"\nweight = {weight}\n"
        );
    }
    let _ = writeln!(
        s,
        "[evaluation]\nthreshold = 20\n\n[standstill]\nrule = \"eu_remedies\"\n"
    );
    for b in 0..size.bids {
        let _ = writeln!(
            s,
            "[[bid]]\nid = \"b{b}\"\nbidder = \"Supplier {b}\"\nprice = \"{}.50\"\nstatus = \"valid\"\nreceived = 2025-02-0{}\n",
            900_000 + b * 10_000,
            1 + b % 9
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_boards_are_valid() {
        let tmp = tempfile::tempdir().unwrap();
        let size = Size {
            members: 30,
            meetings: 2,
            items: 20,
            tenders: 5,
            bids: 4,
            criteria: 6,
        };
        write_board(tmp.path(), size).unwrap();
        let loaded = crate::board::load(tmp.path());
        let shown: Vec<String> = loaded.diagnostics.iter().map(ToString::to_string).collect();
        assert!(shown.is_empty(), "{shown:#?}");
        let b = loaded.board.unwrap();
        assert_eq!(b.file.members.len(), 30);
        assert_eq!(b.tenders.len(), 5);
        assert_eq!(
            b.meetings
                .iter()
                .map(|m| m.agenda.items.len())
                .sum::<usize>(),
            20
        );
        assert!(
            b.tenders
                .iter()
                .all(|t| t.tender.criteria.len() == 6 && t.tender.bids.len() == 4)
        );
    }
}
