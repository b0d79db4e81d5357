//! `procboard contracts` and the contract checks of `procboard check`, on real files: the bundled
//! boards' contracts, scratch copies changed the way a secretary would, signed and tampered
//! reports, and a contract review in a meeting's minutes.

mod common;
use common::{json, procboard, repo, scratch_board, scratch_copy};

use std::fs;
use std::path::Path;

use predicates::prelude::*;
use rust_decimal::Decimal;
use serde_json::Value;

fn dec(v: &Value) -> Decimal {
    v.as_str()
        .unwrap_or_else(|| panic!("a decimal string, not {v}"))
        .parse()
        .expect("a decimal")
}

fn review(board: &Path, args: &[&str]) -> Value {
    json(
        procboard()
            .arg("contracts")
            .arg(board)
            .args(args)
            .arg("--json"),
    )
}

fn kpi<'a>(v: &'a Value, contract: &str, kpi: &str) -> &'a Value {
    v["contracts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == contract)
        .and_then(|c| {
            c["kpis"]
                .as_array()
                .unwrap()
                .iter()
                .find(|k| k["id"] == kpi)
        })
        .unwrap_or_else(|| panic!("no KPI {kpi} of {contract}"))
}

#[test]
fn the_bundled_boards_check_with_one_overdue_report_each() {
    for (board, member, period) in [
        ("boards/river-valley", "maple-hollow", "2026-Q1"),
        ("boards/euregio-energy", "vaalsbroek", "2026-Q2"),
    ] {
        let out = procboard()
            .args(["check", board])
            .current_dir(repo(""))
            .assert()
            .code(0)
            .get_output()
            .clone();
        let err = String::from_utf8_lossy(&out.stderr);
        let overdue: Vec<&str> = err
            .lines()
            .filter(|l| l.contains("report overdue"))
            .collect();
        assert!(
            overdue
                .iter()
                .any(|l| l.contains(&format!("`{member}` has not reported")) && l.contains(period)),
            "{board}: {err}"
        );
    }
}

/// River Valley's heavy-equipment parts contract: Hendrick Falls' fill rate is 88 % and 90 %
/// in 2025-Q3 and Q4 against a target of 95 % with a tolerance of 2: two breaches in a row,
/// 7 + 5 = 12 points; the clause gives 0.5 % a point after 2 quarters, capped at 5 %, of the
/// town's 15 % share of USD 371,250 = 55,687.50; 5 % of it is 2,784.375.
#[test]
fn a_breach_over_two_quarters_gives_the_remedy_of_the_clause() {
    let v = review(&repo("boards/river-valley"), &["--on", "2026-05-01"]);
    let k = kpi(&v, "auto-parts-heavy-2025", "fill-rate");
    let breaches: Vec<(String, String)> = k["breaches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["member"].as_str().unwrap().into(),
                b["period"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        breaches,
        [
            ("hendrick-falls".to_string(), "2025-Q3".to_string()),
            ("hendrick-falls".to_string(), "2025-Q4".to_string())
        ]
    );
    let r = &k["remedies"][0];
    assert_eq!(dec(&r["points"]), Decimal::from(7 + 5));
    assert_eq!(r["capped"], true);
    let base = Decimal::from(371_250) * Decimal::from(15) / Decimal::from(100);
    assert_eq!(dec(&r["base"]), base);
    assert_eq!(
        dec(&r["amount"]),
        base * Decimal::from(5) / Decimal::from(100)
    );
    assert_eq!(k["remedies"].as_array().unwrap().len(), 1);
    // The benchmark of 2025-Q3: values 96.5, 95.4, 96, 88, 95.9: median 95.9, spread 8.5,
    // Hendrick Falls alone further than 2 points from the median.
    let q3 = &k["periods"][1];
    assert_eq!(q3["period"], "2025-Q3");
    assert_eq!(
        dec(&q3["benchmark"]["median"]),
        "95.9".parse::<Decimal>().unwrap()
    );
    assert_eq!(
        dec(&q3["benchmark"]["spread"]),
        "8.5".parse::<Decimal>().unwrap()
    );
    assert_eq!(
        q3["benchmark"]["outside"],
        serde_json::json!(["hendrick-falls"])
    );
    // The missing report shows as missing, not as a value.
    let q1 = &k["periods"][3];
    assert_eq!(q1["missing"], serde_json::json!(["maple-hollow"]));
    // A suggested review item names the contract and the reduction.
    let item = v["contracts"][0]["suggested_item"].as_str().unwrap();
    assert!(item.contains("kind = \"contract_review\""), "{item}");
    assert!(
        item.contains("contract = \"auto-parts-heavy-2025\""),
        "{item}"
    );
    assert!(
        item.contains("USD 2784.375 for Town of Hendrick Falls"),
        "{item}"
    );
}

#[test]
fn the_text_names_breaches_remedies_savings_and_diversity() {
    procboard()
        .args(["contracts", "boards/euregio-energy", "--on", "2027-03-01"])
        .current_dir(repo(""))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("BREACH maasveld 2026-Q2: 95.2 % against target 98 (2.8 points short)"))
        .stdout(predicate::str::contains(
            "REMEDY maasveld: 2 breached periods in a row (2026-Q2 to 2026-Q3): 6.2 points x EUR 1500 = EUR 9300: price reduction EUR 9300",
        ))
        .stdout(predicate::str::contains("Savings per member (method: (baseline - joint unit price) x volume"))
        .stdout(predicate::str::contains("HHI 10000"))
        .stdout(predicate::str::contains("NOTE: Noordzee Groen Energie N.V. holds 100 %"));
}

#[test]
fn the_review_date_leaves_out_later_periods_and_later_reports() {
    let b = repo("boards/euregio-energy");
    // On 2026-10-01 the third quarter has ended but its reports (submitted 2026-10-09) are not in.
    let v = review(&b, &["--on", "2026-10-01"]);
    let k = kpi(&v, "electricity-2026", "invoice-accuracy");
    let periods: Vec<&str> = k["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["period"].as_str().unwrap())
        .collect();
    assert_eq!(periods, ["2026-Q1", "2026-Q2", "2026-Q3"]);
    assert_eq!(k["periods"][2]["values"], serde_json::json!({}));
    assert_eq!(
        k["remedies"],
        serde_json::json!([]),
        "one breached quarter is not two"
    );
    let later = review(&b, &["--on", "2026-10-09"]);
    assert_eq!(
        kpi(&later, "electricity-2026", "invoice-accuracy")["remedies"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn savings_and_diversity_across_two_suppliers() {
    let (_tmp, b) = scratch_board("euregio-energy");
    // A second, smaller contract with another supplier, from the cloud hosting award.
    let text = fs::read_to_string(b.join("contracts/electricity-2026.toml")).unwrap();
    let second = text
        .replace("id = \"electricity-2026\"", "id = \"hosting\"")
        .replace(
            "tender = \"electricity-2026\"",
            "tender = \"cloud-it-2025\"\nlot = \"hosting\"",
        )
        .replace("award = \"el-3\"", "award = \"cl-h1\"")
        .replace("Noordzee Groen Energie N.V.", "Ardennes Datacenter SA")
        .replace("value = 9460000", "value = 1480000");
    fs::write(b.join("contracts/hosting.toml"), second).unwrap();
    let v = review(&b, &["--on", "2026-01-01"]);
    let d = &v["diversity"];
    assert_eq!(d["distinct"], 2);
    let (x, y) = (Decimal::from(9_460_000), Decimal::from(1_480_000));
    let t = x + y;
    // HHI = 10,000 × ((x/T)² + (y/T)²), rounded half up to 2 decimals.
    let hhi = (Decimal::from(10_000) * (x * x + y * y) / (t * t)).round_dp(2);
    assert_eq!(dec(&d["hhi"]), hhi);
    // el-3 is marked large; cl-h1 has no size: the SME share is 0 and the unknown part is y.
    assert_eq!(dec(&d["sme_share"]), Decimal::ZERO);
    assert_eq!(dec(&d["unknown_scale_value"]), y);
    assert_eq!(
        d["notes"].as_array().unwrap().len(),
        1,
        "only the larger one is above 40 %"
    );
    // Savings: (baseline − unit price) × volume, per member.
    let s = &v["contracts"][0]["savings"];
    let bilzenrode = s
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["member"] == "bilzenrode")
        .unwrap();
    let want = ("131.20".parse::<Decimal>().unwrap() - "124.48".parse::<Decimal>().unwrap())
        * Decimal::from(23_940);
    assert_eq!(dec(&bilzenrode["savings"]), want);
}

#[test]
fn an_unknown_contract_is_refused_with_a_hint() {
    procboard()
        .args([
            "contracts",
            "boards/river-valley",
            "--contract",
            "auto-parts-heavy-2024",
        ])
        .current_dir(repo(""))
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "no contract `auto-parts-heavy-2024`",
        ))
        .stderr(predicate::str::contains(
            "did you mean `auto-parts-heavy-2025`?",
        ));
}

#[test]
fn contracts_with_errors_are_refused_like_a_board_with_errors() {
    let (_tmp, b) = scratch_board("river-valley");
    let f = b.join("contracts/auto-parts-heavy-2025/reports/2025-Q3/roosekill.toml");
    let text = fs::read_to_string(&f)
        .unwrap()
        .replace("unit = \"hours\"", "unit = \"minutes\"");
    fs::write(&f, text).unwrap();
    procboard()
        .arg("contracts")
        .arg(&b)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "contracts/auto-parts-heavy-2025/reports/2025-Q3/roosekill.toml:6:",
        ))
        .stderr(predicate::str::contains(
            "unit `minutes` for KPI `emergency-hours`",
        ));
}

#[test]
fn a_missing_report_is_overdue_only_after_the_grace_days() {
    let (_tmp, b) = scratch_copy("tests/fixtures/contracts/overdue");
    let board = fs::read_to_string(b.join("board.toml")).unwrap();
    procboard()
        .arg("check")
        .arg(&b)
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "contracts/salt-2025.toml:20:10: warning: report overdue: `brookfield` has not reported `delivery-days` for 2025-Q3 (ended 2025-09-30, due by 2025-10-30)",
        ));
    // With grace days longer than the time since, nothing is overdue (the clock is today's, so
    // the days since 2025-09-30 are counted here too).
    let since = (chrono::Utc::now().date_naive()
        - chrono::NaiveDate::from_ymd_opt(2025, 9, 30).unwrap())
    .num_days();
    fs::write(
        b.join("board.toml"),
        format!("{board}\n[contracts]\ngrace_days = {}\n", since + 400),
    )
    .unwrap();
    procboard()
        .arg("check")
        .arg(&b)
        .assert()
        .code(0)
        .stderr(predicate::str::contains("overdue").not());
}

#[test]
fn signed_reports_count_and_refused_ones_are_left_out() {
    let (_tmp, b) = scratch_copy("tests/fixtures/contracts/signatures");
    let out = procboard()
        .arg("check")
        .arg(&b)
        .assert()
        .code(0)
        .get_output()
        .clone();
    let err = String::from_utf8_lossy(&out.stderr);
    for want in fs::read_to_string(b.join("expected.txt")).unwrap().lines() {
        assert!(
            err.lines().any(|l| l.trim_end() == want),
            "missing: {want}\n{err}"
        );
    }
    // ashford's 2025-Q2 report is signed by its delegate and counts; the tampered Q3 one does not.
    let v = review(&b, &["--on", "2026-06-01"]);
    let k = kpi(&v, "salt-2025", "delivery-days");
    assert!(k["periods"][0]["values"].get("ashford").is_some());
    assert!(k["periods"][1]["values"].get("ashford").is_none());
    let left: Vec<&str> = v["contracts"][0]["left_out"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["file"].as_str().unwrap())
        .collect();
    assert!(
        left.contains(&"contracts/salt-2025/reports/2025-Q3/ashford.toml"),
        "{left:?}"
    );
    assert!(
        !left.contains(&"contracts/salt-2025/reports/2025-Q2/ashford.toml"),
        "{left:?}"
    );
}

#[test]
fn a_contract_review_item_puts_the_figures_in_the_minutes() {
    let (_tmp, b) = scratch_board("river-valley");
    let m = b.join("meetings/2026-05-regular");
    fs::create_dir_all(&m).unwrap();
    fs::write(
        m.join("agenda.toml"),
        "[meeting]\nkind = \"regular\"\ndate = 2026-05-12\nstart = 18:30\n\n[[item]]\nid = \"1\"\nkind = \"contract_review\"\ntitle = \"Heavy-equipment parts: contract review\"\ncontract = \"auto-parts-heavy-2025\"\n",
    )
    .unwrap();
    procboard().arg("check").arg(&b).assert().code(0);
    let events = r#"{"type":"meeting_opened","at":"2026-05-12T22:30:00Z","by":"Clerk"}
{"type":"attendance","member":"stonebridge","status":"present","at":"2026-05-12T22:31:00Z"}
{"type":"attendance","member":"verplanck-falls","status":"present","at":"2026-05-12T22:31:00Z"}
{"type":"attendance","member":"roosekill","status":"present","at":"2026-05-12T22:31:00Z"}
{"type":"attendance","member":"maple-hollow","status":"present","at":"2026-05-12T22:31:00Z"}
{"type":"item_opened","item":"1","at":"2026-05-12T22:32:00Z"}
{"type":"item_closed","item":"1","at":"2026-05-12T22:40:00Z"}
{"type":"adjourned","at":"2026-05-12T22:41:00Z"}
"#;
    procboard()
        .arg("meeting")
        .arg(&m)
        .args(["record", "--by", "Clerk"])
        .write_stdin(events)
        .assert()
        .code(0);
    procboard()
        .args(["minutes", "render"])
        .arg(&m)
        .assert()
        .code(0);
    let md = fs::read_to_string(m.join("minutes.md")).unwrap();
    assert!(
        md.contains("Figures reviewed for contract `auto-parts-heavy-2025` on 2026-05-12:"),
        "{md}"
    );
    assert!(md.contains("REMEDY hendrick-falls"), "{md}");
    assert!(md.contains("BREACH hendrick-falls 2025-Q3"), "{md}");
}

/// Nothing outside the board is read: a report or a contract that is a symbolic link leading
/// out of the board folder is refused by name, and what it points to is never shown.
#[cfg(unix)]
#[test]
fn a_contract_or_report_linked_outside_the_board_is_refused() {
    const MARKER: &str = "zz_outside_marker_contracts";
    for rel in [
        "contracts/electricity-2026.toml",
        "contracts/electricity-2026/reports/2026-Q1/heerbeek.toml",
    ] {
        let (tmp, b) = scratch_board("euregio-energy");
        let outside = tmp.path().join("outside.toml");
        let original = fs::read_to_string(b.join(rel)).unwrap();
        fs::write(&outside, format!("{original}\n# {MARKER}\n")).unwrap();
        fs::remove_file(b.join(rel)).unwrap();
        std::os::unix::fs::symlink(&outside, b.join(rel)).unwrap();
        for args in [&["check"][..], &["contracts"][..]] {
            let out = procboard().args(args).arg(&b).output().unwrap();
            let text = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            assert_eq!(out.status.code(), Some(2), "{args:?} {rel}: {text}");
            assert!(!text.contains(MARKER), "{args:?} {rel}: {text}");
            assert!(
                text.contains(rel) && text.contains("symbolic link"),
                "{args:?} {rel}: {text}"
            );
        }
    }
}

/// The suggested agenda item is TOML a secretary can paste as it is: the board still checks.
#[test]
fn the_suggested_item_pastes_into_an_agenda() {
    let (_tmp, b) = scratch_board("river-valley");
    let v = review(&b, &["--on", "2026-05-01"]);
    let item = v["contracts"][0]["suggested_item"].as_str().unwrap();
    let agenda = b.join("meetings/2025-03-regular/agenda.toml");
    let text = fs::read_to_string(&agenda).unwrap();
    fs::write(&agenda, format!("{text}\n{item}")).unwrap();
    procboard().arg("check").arg(&b).assert().code(0);
    let out = procboard()
        .args(["meeting"])
        .arg(b.join("meetings/2025-03-regular"))
        .arg("status")
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("review-auto-parts-heavy-2025"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// The generated board of the `contracts` benchmark checks with no error and no overdue report,
/// and its review finds the breaches its values are made to have.
#[test]
fn the_generated_board_checks_and_reviews() {
    use procboard::contracts::synthetic::{ContractsSize, write_board};
    let tmp = tempfile::tempdir().unwrap();
    let b = tmp.path().join("board");
    fs::create_dir_all(&b).unwrap();
    let size = ContractsSize {
        contracts: 3,
        members: 4,
        periods: 6,
    };
    write_board(&b, size).unwrap();
    procboard()
        .arg("check")
        .arg(&b)
        .assert()
        .code(0)
        .stderr(predicate::str::contains("overdue").not());
    let v = review(&b, &["--on", "2021-01-01"]);
    assert_eq!(v["contracts"].as_array().unwrap().len(), 3);
    let k = kpi(&v, "c0000", "delivery");
    assert_eq!(k["periods"].as_array().unwrap().len(), 6);
    assert!(!k["breaches"].as_array().unwrap().is_empty());
}

// ---- call-offs (docs/contracts.md#call-offs) ---------------------------------------------------

const REPORTS: &str = "contracts/auto-parts-heavy-2025/reports";

#[test]
fn call_offs_are_summed_per_member_against_the_ceilings() {
    let (_tmp, b) = scratch_board("river-valley");
    // Ceilings instead of shares: stonebridge may call off 30000, verplanck-falls 25000, …
    let f = b.join("contracts/auto-parts-heavy-2025.toml");
    let text = fs::read_to_string(&f).unwrap();
    let mut ceilings = text.clone();
    for n in ["30", "25", "20", "15", "10"] {
        ceilings = ceilings.replace(
            &format!("\nshare = {n}\n"),
            &format!("\nceiling = {n}000\n"),
        );
    }
    assert_ne!(ceilings, text);
    fs::write(&f, ceilings).unwrap();
    let v = review(&b, &["--on", "2026-05-01"]);
    let c = &v["contracts"][0];
    // Every call-off the reports give, by date: the sum is the files' own.
    let rows = c["call_offs"].as_array().unwrap();
    let mut by_hand: std::collections::BTreeMap<String, Decimal> = Default::default();
    for dir in fs::read_dir(b.join(REPORTS)).unwrap() {
        for file in fs::read_dir(dir.unwrap().path()).unwrap() {
            let path = file.unwrap().path();
            let t: toml::Value = toml::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
            for co in t
                .get("call_off")
                .and_then(|x| x.as_array())
                .into_iter()
                .flatten()
            {
                let amount: Decimal = co["amount"].to_string().parse().unwrap();
                *by_hand
                    .entry(t["member"].as_str().unwrap().to_string())
                    .or_default() += amount;
            }
        }
    }
    assert_eq!(
        rows.len(),
        4,
        "the demo reports give four call-offs: {rows:?}"
    );
    let dates: Vec<&str> = rows.iter().map(|r| r["date"].as_str().unwrap()).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted);
    let totals = c["call_off_totals"].as_array().unwrap();
    for t in totals {
        let m = t["member"].as_str().unwrap();
        assert_eq!(dec(&t["total"]), by_hand[m], "{m}");
        let over = dec(&t["total"]) > dec(&t["ceiling"]);
        assert_eq!(t["over_ceiling"], over, "{m}");
    }
    let stonebridge = totals
        .iter()
        .find(|t| t["member"] == "stonebridge")
        .unwrap();
    assert_eq!(stonebridge["over_ceiling"], true);
    let text = String::from_utf8(
        procboard()
            .arg("contracts")
            .arg(&b)
            .args(["--on", "2026-05-01"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let over = by_hand["stonebridge"] - Decimal::from(30000);
    assert!(
        text.contains(&format!(
            "OVER CEILING: USD {} above its ceiling of USD 30000",
            over.normalize()
        )),
        "{text}"
    );
    // A report submitted after the review date does not count: on 2025-07-01 no Q2 report is in.
    let v = review(&b, &["--on", "2025-07-01"]);
    assert_eq!(v["contracts"][0]["call_offs"], serde_json::json!([]));
}

#[test]
fn check_refuses_a_call_off_outside_its_period_not_above_zero_or_given_twice() {
    let (_tmp, b) = scratch_board("river-valley");
    let f = b.join(REPORTS).join("2025-Q3/roosekill.toml");
    let mut text = fs::read_to_string(&f).unwrap();
    text.push_str(
        "\n[[call_off]]\nid = \"R-1\"\ndate = 2025-06-30\namount = 100\n\n[[call_off]]\nid = \"R-2\"\ndate = 2025-07-02\namount = 0\n",
    );
    fs::write(&f, &text).unwrap();
    let g = b.join(REPORTS).join("2025-Q4/roosekill.toml");
    let mut again = fs::read_to_string(&g).unwrap();
    again.push_str("\n[[call_off]]\nid = \"R-1\"\ndate = 2025-11-03\namount = 250.5\n");
    fs::write(&g, &again).unwrap();
    let line_of = |text: &str, what: &str| text.lines().position(|l| l.contains(what)).unwrap() + 1;
    let out = procboard().arg("check").arg(&b).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    for want in [
        format!(
            "{REPORTS}/2025-Q3/roosekill.toml:{}:8: call-off `R-1` is dated 2025-06-30, outside this report's period 2025-Q3 (2025-07-01 to 2025-09-30) within the contract",
            line_of(&text, "date = 2025-06-30")
        ),
        format!(
            "{REPORTS}/2025-Q3/roosekill.toml:{}:10: call-off `R-2` has amount 0: an order is more than zero",
            line_of(&text, "amount = 0")
        ),
        format!(
            "{REPORTS}/2025-Q4/roosekill.toml:{}:6: call-off `R-1` of `roosekill` is already reported in {REPORTS}/2025-Q3/roosekill.toml",
            line_of(&again, "id = \"R-1\"")
        ),
    ] {
        assert!(err.contains(&want), "{want}\n{err}");
    }
}
