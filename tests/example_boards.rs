//! The example boards under `boards/`, and the minimal board in `docs/board-format.md`, load with
//! no error and no warning; and what their files and documents claim about the scoring holds.
//!
//! The scoring here is a small, independent re-computation of docs/domain.md §3 (quality points,
//! threshold before price, the three price formulas, one rounding half up to 2 dp), so the example
//! boards stay consistent with their own evaluation reports when someone edits a sheet or a bid.

use std::fs;
use std::path::{Path, PathBuf};

use procboard::board::model::quality_leaves;
use procboard::board::model::{BidStatus, FormulaKind, ItemKind, Moderation};
use procboard::board::{Board, load};
use rust_decimal::prelude::*;

fn manifest_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// Loads the board at `root` and fails, showing every diagnostic, unless there are none at all.
fn load_clean(root: &Path) -> Board {
    let loaded = load(root);
    let shown: Vec<String> = loaded.diagnostics.iter().map(ToString::to_string).collect();
    assert!(
        loaded.diagnostics.is_empty(),
        "{}: {} error(s), {} diagnostic(s) in all:\n{}",
        root.display(),
        loaded.error_count(),
        shown.len(),
        shown.join("\n")
    );
    loaded.board.expect("board.toml was read")
}

fn example(name: &str) -> Board {
    load_clean(&manifest_path(&format!("boards/{name}")))
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str_exact(s).expect("a decimal literal")
}

/// One bid's result in its lot.
#[derive(Debug)]
struct Scored {
    bid: String,
    quality: Decimal,
    price: Decimal,
    total: Decimal,
}

/// The moderated score of `bid` on the scored criterion `leaf`: the mean of the sheets, or the
/// consensus entry.
fn moderated(board: &Board, tender: &str, bid: &str, leaf: &str) -> Decimal {
    let td = board.tender(tender).expect("tender");
    let moderation = td
        .tender
        .evaluation
        .moderation
        .unwrap_or(board.file.scoring.moderation);
    match moderation {
        Moderation::Mean => {
            let scores = sheet_scores(board, tender, bid, leaf);
            assert!(
                !scores.is_empty(),
                "{tender}: no sheet scores {bid} on {leaf}"
            );
            scores.iter().sum::<Decimal>() / Decimal::from(scores.len())
        }
        Moderation::Consensus => {
            let (_, c) = td.consensus.as_ref().expect("consensus.toml");
            let found: Vec<Decimal> = c
                .entries
                .iter()
                .filter(|e| e.bid.get_ref() == bid && e.criterion.get_ref() == leaf)
                .map(|e| *e.score.get_ref())
                .collect();
            assert_eq!(
                found.len(),
                1,
                "{tender}: one consensus entry for {bid} / {leaf}"
            );
            found[0]
        }
    }
}

/// Every member's individual score of `bid` on `leaf`, in sheet order.
fn sheet_scores(board: &Board, tender: &str, bid: &str, leaf: &str) -> Vec<Decimal> {
    let td = board.tender(tender).expect("tender");
    td.sheets
        .iter()
        .filter_map(|s| s.sheet.scores.get(bid))
        .filter_map(|scores| scores.get_ref().get(leaf).map(|v| *v.get_ref()))
        .collect()
}

/// The ranking of the bids in competition for `tender` (and `lot`), best first, with the bids
/// excluded by the quality threshold left out.
fn rank(board: &Board, tender: &str, lot: Option<&str>) -> Vec<Scored> {
    let td = board.tender(tender).expect("tender");
    let tf = &td.tender;
    let scale_max = tf
        .evaluation
        .scale_max
        .unwrap_or(board.file.scoring.scale_max);
    let leaves = quality_leaves(tf);
    let in_competition = tf.bids.iter().filter(|b| {
        b.status == BidStatus::Valid
            && b.failed.is_empty()
            && lot.is_none_or(|l| b.lot.as_ref().map(|x| x.get_ref().as_str()) == Some(l))
    });
    let mut qualified: Vec<(String, Decimal, Decimal)> = Vec::new();
    for b in in_competition {
        let id = b.id.get_ref().as_str();
        let quality: Decimal = leaves
            .iter()
            .map(|(leaf, w)| *w * moderated(board, tender, id, leaf) / scale_max)
            .sum();
        let threshold = tf.evaluation.threshold.as_ref().map(|t| *t.get_ref());
        if threshold.is_none_or(|t| quality >= t) {
            qualified.push((id.to_owned(), quality, *b.price.get_ref()));
        }
    }
    assert!(!qualified.is_empty(), "{tender}: no bid left to rank");
    let p_min = qualified.iter().map(|q| q.2).min().expect("bids");
    let p_max = qualified.iter().map(|q| q.2).max().expect("bids");
    let wp: Decimal = tf
        .criteria
        .iter()
        .filter(|c| c.kind == procboard::board::model::CriterionKind::Price)
        .map(|c| *c.weight.get_ref())
        .sum();
    let price = tf.price.as_ref().expect("[price]");
    let mut out: Vec<Scored> = qualified
        .into_iter()
        .map(|(bid, quality, p)| {
            let points = match price.formula {
                FormulaKind::Proportional => wp * p_min / p,
                FormulaKind::Linear => {
                    let low = price.low.as_ref().map_or(p_min, |x| *x.get_ref());
                    let high = price.high.as_ref().map_or(p_max, |x| *x.get_ref());
                    if high == low {
                        wp
                    } else {
                        (wp * (high - p) / (high - low)).clamp(Decimal::ZERO, wp)
                    }
                }
                FormulaKind::RelativeToLowest => {
                    (wp * (Decimal::ONE - (p - p_min) / p_min)).max(Decimal::ZERO)
                }
                FormulaKind::Logarithmic => {
                    let a = *price.zero_ratio.as_ref().expect("zero_ratio").get_ref();
                    (wp * (Decimal::ONE - (p / p_min).ln() / a.ln())).max(Decimal::ZERO)
                }
            };
            let total = (points + quality)
                .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
            Scored {
                bid,
                quality,
                price: p,
                total,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.total
            .cmp(&a.total)
            .then(b.quality.cmp(&a.quality))
            .then(a.price.cmp(&b.price))
    });
    out
}

fn totals(r: &[Scored]) -> Vec<(&str, String)> {
    r.iter()
        .map(|s| (s.bid.as_str(), format!("{:.2}", s.total)))
        .collect()
}

/// Every award decision on an agenda recommends the bid ranked first, strictly ahead of the next.
fn assert_awards_go_to_the_best(board: &Board) -> usize {
    let mut checked = 0;
    for m in &board.meetings {
        for item in &m.agenda.items {
            if *item.kind.get_ref() != ItemKind::AwardDecision {
                continue;
            }
            let tender = item.tender.as_ref().expect("tender").get_ref();
            let lot = item.lot.as_ref().map(|l| l.get_ref().as_str());
            let bid = item.bid.as_ref().expect("bid").get_ref();
            let r = rank(board, tender, lot);
            assert_eq!(
                &r[0].bid,
                bid,
                "{}: item {} recommends {bid}; ranking {:?}",
                m.id,
                item.id.get_ref(),
                totals(&r)
            );
            if r.len() > 1 {
                assert!(
                    r[0].total > r[1].total,
                    "{}: a tie at the top of {tender}",
                    m.id
                );
            }
            checked += 1;
        }
    }
    checked
}

#[test]
fn river_valley_loads_cleanly() {
    let b = example("river-valley");
    assert_eq!(b.file.members.len(), 13);
    assert_eq!(b.file.seat_groups.len(), 1);
    assert_eq!(b.file.seat_groups[0].seats.get_ref(), &2);
    assert_eq!(b.file.seat_groups[0].members.len(), 5);
    assert_eq!(
        b.file.calendar.holidays.len(),
        22,
        "US federal holidays 2025 and 2026"
    );
    let march = b.meeting("2025-03-regular").expect("March meeting");
    assert!(march.agenda.items.len() >= 8);
    assert_eq!(b.tenders.len(), 3);
    assert_eq!(b.disputes.len(), 2);
}

#[test]
fn euregio_energy_loads_cleanly() {
    let b = example("euregio-energy");
    assert_eq!(b.file.members.len(), 5);
    let june = b.meeting("2025-06-regular").expect("June meeting");
    assert!(june.agenda.items.len() >= 8);
    assert!(b.tenders.iter().any(|t| !t.tender.awards.is_empty()));
}

#[test]
fn river_valley_road_salt_scores_as_its_report_says() {
    let b = example("river-valley");
    let r = rank(&b, "road-salt-2025", None);
    // rs-4 falls below the threshold and does not set the lowest price; rs-5 and rs-6 are out.
    assert_eq!(
        totals(&r),
        [
            ("rs-1", "86.32".into()),
            ("rs-3", "85.10".into()),
            ("rs-2", "79.60".into())
        ]
    );
    let rs4_quality: Decimal = [("delivery", 30), ("product", 20), ("stockpile", 10)]
        .iter()
        .map(|(leaf, w)| {
            Decimal::from(*w) * moderated(&b, "road-salt-2025", "rs-4", leaf) / dec("5")
        })
        .sum();
    assert_eq!(rs4_quality, dec("23.6"));
    assert_eq!(r[1].quality, dec("50"));
}

#[test]
fn river_valley_road_salt_panel_disagrees_once_beyond_the_spread_limit() {
    let b = example("river-valley");
    let limit = b.file.scoring.spread_limit.expect("spread_limit");
    let td = b.tender("road-salt-2025").expect("tender");
    assert!(td.sheets.len() >= 4);
    let recused: Vec<&str> = td
        .tender
        .tender
        .recusals
        .iter()
        .map(|r| r.member.get_ref().as_str())
        .collect();
    assert_eq!(recused, ["roosekill"]);
    assert!(td.sheets.iter().all(|s| s.stem != "roosekill"));
    let mut flagged = Vec::new();
    for bid in ["rs-1", "rs-2", "rs-3", "rs-4"] {
        for (leaf, _) in quality_leaves(&td.tender) {
            let s = sheet_scores(&b, "road-salt-2025", bid, leaf);
            assert_eq!(
                s.len(),
                td.sheets.len(),
                "every panel member scores {bid} / {leaf}"
            );
            let spread = s.iter().max().expect("scores") - s.iter().min().expect("scores");
            if spread > limit {
                flagged.push((bid, leaf, spread));
            }
        }
    }
    assert_eq!(flagged, [("rs-2", "delivery", dec("3"))]);
}

#[test]
fn euregio_scores_as_its_reports_say() {
    let b = example("euregio-energy");
    assert_eq!(
        totals(&rank(&b, "electricity-2026", None)),
        [
            ("el-3", "87.72".into()),
            ("el-4", "86.00".into()),
            ("el-1", "78.46".into()),
            ("el-2", "76.00".into())
        ]
    );
    assert_eq!(
        totals(&rank(&b, "cloud-it-2025", Some("hosting"))),
        [
            ("cl-h1", "84.45".into()),
            ("cl-h2", "76.00".into()),
            ("cl-h3", "75.44".into())
        ]
    );
    assert_eq!(
        totals(&rank(&b, "cloud-it-2025", Some("workplace"))),
        [("cl-w1", "79.02".into()), ("cl-w2", "78.75".into())]
    );
    // The award notice goes to the best bid of its lot.
    let cloud = &b.tender("cloud-it-2025").expect("tender").tender;
    let award = cloud.awards.first().expect("[[award]]");
    let lot = award.lot.as_ref().map(|l| l.get_ref().as_str());
    assert_eq!(&rank(&b, "cloud-it-2025", lot)[0].bid, award.bid.get_ref());
}

#[test]
fn euregio_consensus_departs_from_the_mean_once_and_says_why() {
    let b = example("euregio-energy");
    let td = b.tender("electricity-2026").expect("tender");
    let (_, c) = td.consensus.as_ref().expect("consensus.toml");
    let bids: Vec<&str> = td
        .tender
        .bids
        .iter()
        .filter(|x| x.status == BidStatus::Valid)
        .map(|x| x.id.get_ref().as_str())
        .collect();
    let leaves = quality_leaves(&td.tender);
    assert_eq!(
        c.entries.len(),
        bids.len() * leaves.len(),
        "one entry per bid and criterion"
    );
    let mut departures = Vec::new();
    for e in &c.entries {
        let s = sheet_scores(
            &b,
            "electricity-2026",
            e.bid.get_ref(),
            e.criterion.get_ref(),
        );
        assert_eq!(s.len(), 3);
        let mean = s.iter().sum::<Decimal>() / Decimal::from(s.len());
        if *e.score.get_ref() != mean {
            assert!(
                e.reason.as_ref().is_some_and(|r| !r.is_empty()),
                "{:?} departs without reason",
                e.bid.get_ref()
            );
            departures.push((
                e.bid.get_ref().as_str(),
                e.criterion.get_ref().as_str(),
                mean,
            ));
        }
    }
    assert_eq!(departures, [("el-4", "flexibility", dec("4"))]);
}

#[test]
fn every_award_decision_recommends_the_best_scoring_bid() {
    assert_eq!(assert_awards_go_to_the_best(&example("river-valley")), 1);
    assert_eq!(assert_awards_go_to_the_best(&example("euregio-energy")), 3);
}

/// The files of the "complete minimal board" in docs/board-format.md: each ```toml block whose
/// first line is `# file: <path>`.
fn minimal_board_files() -> Vec<(String, String)> {
    let doc =
        fs::read_to_string(manifest_path("docs/board-format.md")).expect("docs/board-format.md");
    let section = doc
        .split("\n## A complete minimal board")
        .nth(1)
        .expect("a section `## A complete minimal board`");
    let mut files = Vec::new();
    for block in section.split("```toml\n").skip(1) {
        let body = block.split("\n```").next().expect("closed block");
        let (first, rest) = body.split_once('\n').expect("a block with a first line");
        let path = first
            .strip_prefix("# file: ")
            .expect("blocks start with `# file: <path>`");
        files.push((path.to_owned(), format!("{rest}\n")));
    }
    files
}

#[test]
fn the_minimal_board_in_the_docs_loads_cleanly() {
    let files = minimal_board_files();
    let names: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    assert!(names.contains(&"board.toml"));
    assert!(names.iter().any(|n| n.ends_with("/agenda.toml")));
    assert!(names.iter().any(|n| n.contains("/sheets/")));
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, text) in &files {
        let p = dir.path().join(path);
        fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        fs::write(&p, text).expect("write");
    }
    let board = load_clean(dir.path());
    assert_eq!(assert_awards_go_to_the_best(&board), 1);
    assert_eq!(
        totals(&rank(&board, "copy-paper-2025", None)),
        [("b2", "92.90".into()), ("b1", "91.00".into())]
    );
}
