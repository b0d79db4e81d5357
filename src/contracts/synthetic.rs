//! A generated board with contracts and members' reports of any size, for the `contracts`
//! benchmark (`benches/contracts.rs`) and tests. The contracts are valid: `procboard check`
//! gives no error (reports are all there, so none is overdue).

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

/// The size of the contracts part.
#[derive(Clone, Copy, Debug)]
pub struct ContractsSize {
    /// Contracts (each from its own tender, awarded to one of a few suppliers).
    pub contracts: usize,
    /// Members, each served by every contract.
    pub members: usize,
    /// Monthly periods reported, from January 2020.
    pub periods: usize,
}

impl ContractsSize {
    /// The size issue 19 asks to benchmark: 200 contracts × 30 members × 40 periods.
    pub const LARGE: ContractsSize = ContractsSize {
        contracts: 200,
        members: 30,
        periods: 40,
    };
}

/// Writes a valid board with `size` contracts into `dir` (which must exist and be empty).
pub fn write_board(dir: &Path, size: ContractsSize) -> io::Result<()> {
    crate::board::synthetic::write_board(
        dir,
        crate::board::synthetic::Size {
            members: size.members,
            meetings: 0,
            items: 0,
            tenders: 0,
            bids: 0,
            criteria: 0,
        },
    )?;
    fs::create_dir_all(dir.join("tenders"))?;
    fs::create_dir_all(dir.join("contracts"))?;
    let start = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap_or_default();
    let periods: Vec<super::model::Period> = {
        let mut p = super::model::Period::holding(super::model::PeriodKind::Monthly, start);
        (0..size.periods)
            .map(|_| {
                let here = p;
                p = p.next();
                here
            })
            .collect()
    };
    let end = periods.last().map_or(start, |p| p.end());
    let share =
        rust_decimal::Decimal::ONE_HUNDRED / rust_decimal::Decimal::from(size.members.max(1));
    for c in 0..size.contracts {
        let supplier = format!("Supplier {}", c % 7);
        let mut t = String::new();
        let _ = writeln!(
            t,
            "[tender]\nid = \"c{c:04}\"\ntitle = \"Tender {c}\"\nprocedure = \"open\"\nestimated_value = 1000000\npublished = 2019-06-01\ndeadline = 2019-07-01\n\n[[criterion]]\nid = \"price\"\nname = \"Price\"\nweight = 100\nkind = \"price\"\n\n[price]\nformula = \"proportional\"\n\n[[award]]\nbid = \"b0\"\nnotice = 2019-09-01\nmeans = \"electronic\"\ncontract = 2019-10-01\n\n[[bid]]\nid = \"b0\"\nbidder = \"{supplier}\"\nprice = {}\nstatus = \"valid\"\nscale = \"{}\"\n",
            900_000 + c * 100,
            if c % 3 == 0 { "sme" } else { "large" }
        );
        fs::write(dir.join(format!("tenders/c{c:04}.toml")), t)?;
        let mut k = String::new();
        let _ = writeln!(
            k,
            "[contract]\nid = \"c{c:04}\"\ntitle = \"Contract {c}\"\ntender = \"c{c:04}\"\naward = \"b0\"\nsupplier = \"{supplier}\"\nvalue = {}\nunit_price = 80\nvolume_unit = \"t\"\nstart = {start}\nend = {end}\n",
            900_000 + c * 100
        );
        // Shares: equal parts, the last member takes the rest so they sum to 100 exactly.
        let rounded = share.round_dp(2);
        for m in 0..size.members {
            let s = if m + 1 == size.members {
                rust_decimal::Decimal::ONE_HUNDRED
                    - rounded * rust_decimal::Decimal::from(size.members - 1)
            } else {
                rounded
            };
            let _ = writeln!(
                k,
                "[[member]]\nmember = \"m{m:04}\"\nshare = {s}\nbaseline = {}\nvolume = {}\n",
                85 + m % 5,
                100 + m
            );
        }
        let _ = writeln!(
            k,
            "[[kpi]]\nid = \"delivery\"\nname = \"Delivery time\"\nunit = \"days\"\ntarget = 3\nbetter = \"lower\"\ntolerance = 0.5\nperiod = \"monthly\"\nmin = 0\n\n[kpi.remedy]\nafter_periods = 2\npercent_per_point = 0.5\ncap_percent = 5\n"
        );
        fs::write(dir.join(format!("contracts/c{c:04}.toml")), k)?;
        for (i, p) in periods.iter().enumerate() {
            let folder = dir.join(format!("contracts/c{c:04}/reports/{p}"));
            fs::create_dir_all(&folder)?;
            let submitted = p.end() + chrono::Duration::days(5);
            for m in 0..size.members {
                // A spread of values, with runs of breaches for some members.
                let v = 2 + (c + m + i / 3) % 4;
                let _ = fs::write(
                    folder.join(format!("m{m:04}.toml")),
                    format!(
                        "member = \"m{m:04}\"\nsubmitted = {submitted}\n\n[values]\ndelivery = {{ value = {v}.5, unit = \"days\" }}\n"
                    ),
                );
            }
        }
    }
    Ok(())
}
