//! `procboard export ocds`: every export of the bundled boards (and `tests/fixtures/abg`) is
//! valid against the official OCDS 1.1.5 release package schema, read from the copy in
//! `tests/data/ocds-1.1.5/` (with the Open Contracting Partnership's notice), and its codes are in
//! the codelists; the export is deterministic; award statuses follow the standstill and disputes.

mod common;
use common::{edit, procboard, repo, scratch_copy};

use std::fs;
use std::path::{Path, PathBuf};

use predicates::prelude::*;
use serde_json::Value;

/// The OCDS 1.1.5 schema files the tests use, kept in the repository (see its NOTICE.md).
fn ocds_dir() -> PathBuf {
    repo("tests/data/ocds-1.1.5")
}

const RELEASE_SCHEMA_URL: &str =
    "https://standard.open-contracting.org/schema/1__1__5/release-schema.json";

/// Maps the release schema's URL to the local file; refuses anything else (no network).
struct Local;

impl jsonschema::Retrieve for Local {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        if uri.as_str().trim_end_matches('#') == RELEASE_SCHEMA_URL {
            let text = fs::read_to_string(ocds_dir().join("release-schema.json"))?;
            Ok(serde_json::from_str(&text)?)
        } else {
            Err(format!("not available offline: {}", uri.as_str()).into())
        }
    }
}

fn validator() -> jsonschema::Validator {
    let text = fs::read_to_string(ocds_dir().join("release-package-schema.json"))
        .expect("tests/data/ocds-1.1.5/release-package-schema.json");
    let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
    jsonschema::options()
        .with_retriever(Local)
        .should_validate_formats(true)
        .build(&schema)
        .expect("the package schema compiles, with the release schema mapped locally")
}

/// The codes of a codelist CSV (first column, header skipped).
fn codelist(name: &str) -> Vec<String> {
    let text = fs::read_to_string(ocds_dir().join("codelists").join(name)).expect("codelist");
    text.lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .map(str::to_owned)
        .collect()
}

/// The bid extension's closed `bidStatus` codelist (its CSV is not among the OCDS schema files;
/// these are the codes of ocds_bid_extension v1.1.5 and of docs/domain.md §3).
const BID_STATUS: [&str; 5] = ["invited", "pending", "valid", "disqualified", "withdrawn"];

/// The complaint extension's closed `complaintStatus` enum.
const COMPLAINT_STATUS: [&str; 10] = [
    "draft",
    "claim",
    "answered",
    "pending",
    "invalid",
    "declined",
    "resolved",
    "cancelled",
    "accepted",
    "stopped",
];

fn export(board: &Path, args: &[&str]) -> (Vec<u8>, Value) {
    let out = procboard()
        .args(["export", "ocds"])
        .arg(board)
        .args(args)
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let v = serde_json::from_slice(&out).expect("JSON on standard output");
    (out, v)
}

fn assert_valid(v: &Value, what: &str) {
    let validator = validator();
    let errors: Vec<String> = validator
        .iter_errors(v)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} is not valid OCDS:\n{}",
        errors.join("\n")
    );
}

fn assert_codes(v: &Value, what: &str) {
    let award_status = codelist("awardStatus.csv");
    let roles = codelist("partyRole.csv");
    let tags = codelist("releaseTag.csv");
    let methods = codelist("method.csv");
    let criteria = codelist("awardCriteria.csv");
    let initiation = codelist("initiationType.csv");
    let releases = v["releases"].as_array().expect("releases");
    assert!(!releases.is_empty(), "{what}: no release");
    for r in releases {
        let ocid = r["ocid"].as_str().unwrap();
        assert!(initiation.contains(&r["initiationType"].as_str().unwrap().to_string()));
        for t in r["tag"].as_array().unwrap() {
            assert!(
                tags.contains(&t.as_str().unwrap().to_string()),
                "{ocid}: tag {t}"
            );
        }
        for p in r["parties"].as_array().unwrap() {
            for role in p["roles"].as_array().unwrap() {
                assert!(
                    roles.contains(&role.as_str().unwrap().to_string()),
                    "{ocid}: party role {role}"
                );
            }
        }
        let t = &r["tender"];
        assert!(methods.contains(&t["procurementMethod"].as_str().unwrap().to_string()));
        assert!(criteria.contains(&t["awardCriteria"].as_str().unwrap().to_string()));
        if let Some(bids) = r["bids"]["details"].as_array() {
            for b in bids {
                let s = b["status"].as_str().unwrap();
                assert!(BID_STATUS.contains(&s), "{ocid}: bid status {s}");
            }
        }
        let mut complaints: Vec<&Value> = t["complaints"]
            .as_array()
            .map(|a| a.iter().collect())
            .unwrap_or_default();
        for a in r["awards"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            let s = a["status"].as_str().unwrap();
            assert!(
                award_status.contains(&s.to_string()),
                "{ocid}: award status {s}"
            );
            complaints.extend(a["complaints"].as_array().into_iter().flatten());
        }
        for c in complaints {
            let s = c["status"].as_str().unwrap();
            assert!(
                COMPLAINT_STATUS.contains(&s),
                "{ocid}: complaint status {s}"
            );
        }
    }
}

const BOARDS: [&str; 3] = [
    "boards/river-valley",
    "boards/euregio-energy",
    "tests/fixtures/abg",
];

#[test]
fn every_export_of_the_bundled_boards_is_valid_ocds_with_codes_from_the_codelists() {
    for rel in BOARDS {
        let (_tmp, b) = scratch_copy(rel);
        let (_, all) = export(&b, &[]);
        assert_valid(&all, rel);
        assert_codes(&all, rel);
        let tenders: Vec<String> = fs::read_dir(b.join("tenders"))
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(all["releases"].as_array().unwrap().len(), tenders.len());
        for t in &tenders {
            let (_, one) = export(&b, &["--tender", t]);
            assert_valid(&one, &format!("{rel} --tender {t}"));
            assert_codes(&one, t);
            assert_eq!(one["releases"][0]["tender"]["id"], t.as_str());
        }
    }
}

#[test]
fn the_validator_refuses_a_broken_package() {
    // The test above could pass with a validator that accepts anything: show it does not.
    let (_tmp, b) = scratch_copy("boards/euregio-energy");
    let (_, mut v) = export(&b, &[]);
    v["releases"][0]["awards"][0]["value"]["amount"] = Value::String("a lot".into());
    v.as_object_mut().unwrap().remove("publisher");
    let errors = validator().iter_errors(&v).count();
    assert!(errors >= 2, "{errors} errors");
}

#[test]
fn exporting_twice_gives_the_same_bytes_and_out_writes_them() {
    let (tmp, b) = scratch_copy("boards/euregio-energy");
    let (first, _) = export(&b, &[]);
    let (second, _) = export(&b, &[]);
    assert_eq!(first, second);
    let out_dir = tmp.path().join("site");
    fs::create_dir(&out_dir).unwrap();
    let file = out_dir.join("ocds.json");
    procboard()
        .args(["export", "ocds"])
        .arg(&b)
        .arg("--out")
        .arg(&file)
        .assert()
        .code(0)
        .stdout("");
    assert_eq!(fs::read(&file).unwrap(), first);
    // A published file, readable by all like the site's (not the private temporary file's 0600).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o644, "{mode:o}");
    }
    // Nothing else is left beside it (no temporary file).
    assert_eq!(fs::read_dir(&out_dir).unwrap().count(), 1);
    // Writing into a folder that does not exist fails cleanly, leaving nothing.
    procboard()
        .args(["export", "ocds"])
        .arg(&b)
        .arg("--out")
        .arg(tmp.path().join("nowhere/ocds.json"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot write"));
}

#[test]
fn an_unknown_tender_is_refused_with_a_hint() {
    let (_tmp, b) = scratch_copy("boards/river-valley");
    procboard()
        .args(["export", "ocds"])
        .arg(&b)
        .args(["--tender", "road-salt-2024"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("no tender `road-salt-2024`"))
        .stderr(predicate::str::contains("did you mean `road-salt-2025`?"));
}

#[test]
fn golden_export_of_one_tender() {
    let (_tmp, b) = scratch_copy("boards/euregio-energy");
    let (bytes, _) = export(&b, &["--tender", "cloud-it-2025"]);
    insta::assert_snapshot!(String::from_utf8(bytes).unwrap());
}

#[test]
fn ocids_come_from_the_prefix_and_a_missing_prefix_is_warned_about() {
    let (_tmp, b) = scratch_copy("boards/river-valley");
    let (_, v) = export(&b, &["--tender", "road-salt-2025"]);
    assert_eq!(v["releases"][0]["ocid"], "ocds-rv4c0p-road-salt-2025");

    let (_tmp2, abg) = scratch_copy("tests/fixtures/abg");
    let out = procboard()
        .args(["export", "ocds"])
        .arg(&abg)
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "warning: board.toml has no `ocid_prefix`",
        ))
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    assert!(
        v["releases"][0]["ocid"]
            .as_str()
            .unwrap()
            .starts_with("ocds-")
    );
}

fn award<'a>(v: &'a Value, tender: &str) -> &'a Value {
    let r = v["releases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["tender"]["id"] == tender)
        .unwrap();
    &r["awards"][0]
}

fn roles(v: &Value, party: &str) -> Vec<String> {
    v["releases"][0]["parties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == party)
        .map(|p| {
            p["roles"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r.as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn award_status_follows_the_standstill_and_the_disputes() {
    let (_tmp, b) = scratch_copy("boards/euregio-energy");
    // Before the notice, the award is not yet known.
    let (_, v) = export(&b, &["--tender", "cloud-it-2025", "--on", "2025-04-16"]);
    assert!(v["releases"][0].get("awards").is_none());
    assert_eq!(v["releases"][0]["tag"], serde_json::json!(["tender"]));
    assert_eq!(roles(&v, "Ardennes Datacenter SA"), ["tenderer"]);
    // During the standstill (notice Thu 2025-04-17, standstill to Sun 2025-04-27): pending.
    let (_, v) = export(&b, &["--tender", "cloud-it-2025", "--on", "2025-04-20"]);
    let a = award(&v, "cloud-it-2025");
    assert_eq!(a["status"], "pending");
    assert!(
        a["description"]
            .as_str()
            .unwrap()
            .contains("standstill until 2025-04-27")
    );
    // The end of the standstill's last day, not its start.
    assert_eq!(a["complaintPeriod"]["endDate"], "2025-04-27T23:59:59+02:00");
    assert_eq!(
        a["relatedBid"],
        a["id"].as_str().unwrap().trim_start_matches("award-")
    );
    assert!(
        a.get("complaints").is_none(),
        "the protest is not lodged yet"
    );
    assert_eq!(v["releases"][0]["date"], "2025-04-17T00:00:00+02:00");
    // The protest (lodged 2025-04-24, under review) holds it, on the files' own date.
    let (_, v) = export(&b, &["--tender", "cloud-it-2025"]);
    let a = award(&v, "cloud-it-2025");
    assert_eq!(a["status"], "pending");
    assert_eq!(a["complaints"][0]["id"], "cloud-hosting-protest-polder");
    assert_eq!(a["complaints"][0]["status"], "accepted");
    assert_eq!(
        roles(&v, "Ardennes Datacenter SA"),
        ["tenderer", "supplier"]
    );
    assert_eq!(
        v["releases"][0]["tag"],
        serde_json::json!(["tender", "award"])
    );

    // Dismissed, then the contract is signed: active, with a contract.
    let dispute = b.join("disputes/cloud-hosting-protest-polder.toml");
    let text = fs::read_to_string(&dispute).unwrap();
    fs::write(
        &dispute,
        format!("{text}\n[[status]]\nstatus = \"dismissed\"\ndate = 2025-06-11\nreasons = \"The adviser found the sub-processor compliant with Annex 7.\"\n"),
    )
    .unwrap();
    let tender = b.join("tenders/cloud-it-2025.toml");
    edit(
        &tender,
        "notice = 2025-04-17\nmeans = \"electronic\"",
        "notice = 2025-04-17\nmeans = \"electronic\"\ncontract = 2025-06-20",
    );
    let (_, v) = export(&b, &["--tender", "cloud-it-2025"]);
    assert_valid(&v, "dismissed and signed");
    let a = award(&v, "cloud-it-2025");
    assert_eq!(a["status"], "active");
    assert_eq!(a["complaints"][0]["status"], "declined");
    assert_eq!(a["complaints"][0]["satisfied"], false);
    assert_eq!(
        a["complaints"][0]["dateDecision"],
        "2025-06-11T00:00:00+02:00"
    );
    let c = &v["releases"][0]["contracts"][0];
    assert_eq!(c["awardID"], a["id"]);
    assert_eq!(c["dateSigned"], "2025-06-20T00:00:00+02:00");
    assert_eq!(c["status"], "active");
    assert_eq!(
        v["releases"][0]["tag"],
        serde_json::json!(["tender", "award", "contract"])
    );
    assert_eq!(v["releases"][0]["date"], "2025-06-20T00:00:00+02:00");
    assert_eq!(v["publishedDate"], "2025-06-20T00:00:00+02:00");

    // Upheld instead: cancelled, the bidder no longer a supplier, no contract.
    let (_tmp2, b2) = scratch_copy("boards/euregio-energy");
    let dispute = b2.join("disputes/cloud-hosting-protest-polder.toml");
    let text = fs::read_to_string(&dispute).unwrap();
    fs::write(
        &dispute,
        format!("{text}\n[[status]]\nstatus = \"upheld\"\ndate = 2025-06-11\nreasons = \"Annex 7 allows the sub-processor.\"\n"),
    )
    .unwrap();
    let (_, v) = export(&b2, &["--tender", "cloud-it-2025"]);
    assert_valid(&v, "upheld");
    let a = award(&v, "cloud-it-2025");
    assert_eq!(a["status"], "cancelled");
    assert_eq!(a["complaints"][0]["status"], "resolved");
    assert_eq!(a["complaints"][0]["satisfied"], true);
    assert_eq!(roles(&v, "Ardennes Datacenter SA"), ["tenderer"]);
    assert!(v["releases"][0].get("contracts").is_none());
}

#[test]
fn amounts_are_exact_decimals_and_bid_statuses_come_from_the_evaluation() {
    let (_tmp, b) = scratch_copy("boards/river-valley");
    let tender = b.join("tenders/road-salt-2025.toml");
    edit(&tender, "price = 979200 ", "price = 979200.57 ");
    let (bytes, v) = export(&b, &["--tender", "road-salt-2025"]);
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains("\"amount\": 979200.57,"), "exact digits");
    assert!(
        text.contains("\"amount\": 1080000,"),
        "the estimate as written"
    );
    let bids = v["releases"][0]["bids"]["details"].as_array().unwrap();
    let status = |id: &str| {
        bids.iter()
            .find(|b| b["id"] == id)
            .map(|b| b["status"].as_str().unwrap().to_owned())
            .unwrap()
    };
    // rs-4 is valid in the file but under the quality threshold: disqualified by the evaluation.
    assert_eq!(status("rs-4"), "disqualified");
    assert_eq!(status("rs-5"), "disqualified");
    assert_eq!(status("rs-6"), "withdrawn");
    assert_eq!(status("rs-2"), "valid");
    // Every member buys through it; the board is the procuring entity and the release's buyer.
    assert_eq!(
        roles(&v, "River Valley Municipal Purchasing Cooperative"),
        ["procuringEntity", "buyer"]
    );
    assert_eq!(v["releases"][0]["buyer"]["id"], "river-valley");
    assert_eq!(roles(&v, "Town of Stonebridge"), ["buyer"]);
}

#[test]
fn the_new_board_keys_are_checked() {
    let (_tmp, b) = scratch_copy("boards/euregio-energy");
    edit(
        &b.join("board.toml"),
        "ocid_prefix = \"ocds-eu7e3g\"",
        "ocid_prefix = \"OCDS-12\"",
    );
    edit(
        &b.join("tenders/cloud-it-2025.toml"),
        "means = \"electronic\"",
        "means = \"electronic\"\ncontract = 2025-04-10",
    );
    procboard()
        .arg("check")
        .arg(&b)
        .assert()
        .code(2)
        .stderr(predicate::str::is_match(r"board\.toml:\d+:\d+: invalid ocid_prefix `OCDS-12`").unwrap())
        .stderr(predicate::str::contains("`ocds-` and six lowercase letters or digits"))
        .stderr(predicate::str::is_match(r"tenders/cloud-it-2025\.toml:\d+:\d+: the contract \(2025-04-10\) is dated before the award notice \(2025-04-17\)").unwrap());

    let (_tmp2, b2) = scratch_copy("boards/euregio-energy");
    edit(
        &b2.join("tenders/cloud-it-2025.toml"),
        "means = \"electronic\"",
        "means = \"electronic\"\ncontract = 2025-04-25",
    );
    procboard()
        .arg("check")
        .arg(&b2)
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "the contract (2025-04-25) is dated inside the standstill, which ends 2025-04-27",
        ));
}

#[test]
fn a_board_without_tenders_is_refused_but_has_stats_dated_by_its_agendas() {
    // An OCDS package needs at least one release (the schema's minItems): refused, not an
    // invalid file.
    let (_tmp, b) = scratch_copy("tests/fixtures/abg");
    fs::remove_dir_all(b.join("tenders")).unwrap();
    fs::write(
        b.join("meetings/m1/agenda.toml"),
        "[meeting]\nkind = \"regular\"\ndate = 2025-03-04\nstart = 10:00:00\nplace = \"Town Hall\"\n\n[[item]]\nid = \"1\"\nkind = \"information\"\ntitle = \"Report\"\n",
    )
    .unwrap();
    let out = b.join("ocds.json");
    procboard()
        .args(["export", "ocds"])
        .arg(&b)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "the board has no tender: an OCDS release package needs at least one release",
        ));
    assert!(!out.exists());
    procboard()
        .arg("stats")
        .arg(&b)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("on 2025-03-04"));
}

#[test]
fn the_generated_board_exports_valid_ocds() {
    use procboard::board::synthetic::{Size, write_board};
    let tmp = tempfile::tempdir().unwrap();
    let size = Size {
        members: 30,
        meetings: 2,
        items: 20,
        tenders: 6,
        bids: 5,
        criteria: 6,
    };
    write_board(tmp.path(), size).unwrap();
    let (_, v) = export(tmp.path(), &[]);
    assert_valid(&v, "the generated board");
    assert_codes(&v, "the generated board");
    let r = &v["releases"][0];
    assert_eq!(v["releases"].as_array().unwrap().len(), 6);
    assert_eq!(r["bids"]["details"].as_array().unwrap().len(), 5);
    // The board, 30 buying members, 5 bidders.
    assert_eq!(r["parties"].as_array().unwrap().len(), 36);
}

/// A release never describes what happened after its own date: bids received after the export
/// date are left out of it (and of its tenderers) until a later export.
#[test]
fn a_release_holds_only_the_bids_received_by_its_date() {
    let (_tmp, b) = scratch_copy("boards/river-valley");
    // workers-comp-2025: published 2025-01-21, bids received 2025-03-05, -06 and -07.
    let (_, v) = export(&b, &["--tender", "workers-comp-2025", "--on", "2025-02-11"]);
    let r = &v["releases"][0];
    assert!(r.get("bids").is_none(), "{}", r["bids"]);
    assert_eq!(r["tender"]["numberOfTenderers"], 0);
    let (_, v) = export(&b, &["--tender", "workers-comp-2025", "--on", "2025-03-06"]);
    let r = &v["releases"][0];
    let bids = r["bids"]["details"].as_array().unwrap();
    assert_eq!(bids.len(), 2, "{bids:?}");
    for bid in bids {
        assert!(bid["date"].as_str().unwrap() <= "2025-03-06T00:00:00-05:00");
    }
    assert_eq!(r["tender"]["numberOfTenderers"], 2);
    assert_eq!(
        r["tender"]["tenderPeriod"]["endDate"],
        "2025-03-07T23:59:59-05:00"
    );
}

/// A contract that follows an award carries its KPIs (metrics extension): each KPI a metric with
/// its target as a forecast, each member's value per period an observation dated by the period;
/// still valid OCDS.
#[test]
fn a_contracts_kpis_are_its_implementation_metrics() {
    let (_tmp, b) = scratch_copy("boards/river-valley");
    let (bytes, v) = export(&b, &["--tender", "auto-parts-2025", "--on", "2026-04-30"]);
    assert_valid(&v, "river-valley auto-parts-2025 on 2026-04-30");
    assert!(
        v["extensions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e.as_str().unwrap().contains("ocds_metrics_extension"))
    );
    let c = &v["releases"][0]["contracts"][0];
    assert_eq!(c["id"], "contract-ap-4");
    let fill = &c["implementation"]["metrics"][0];
    assert_eq!(fill["id"], "fill-rate");
    assert_eq!(fill["forecasts"][0]["id"], "target");
    let obs = fill["observations"].as_array().unwrap();
    let q3 = obs
        .iter()
        .find(|o| o["id"] == "fill-rate-2025-Q3-hendrick-falls")
        .expect("hendrick-falls reported 2025-Q3");
    assert_eq!(q3["dimensions"]["member"], "hendrick-falls");
    assert_eq!(q3["period"]["startDate"], "2025-07-01T00:00:00-04:00");
    assert_eq!(q3["period"]["endDate"], "2025-09-30T23:59:59-04:00");
    let text = String::from_utf8(bytes).unwrap();
    assert!(
        text.contains("\"measure\": 88,"),
        "the exact figure as a number"
    );
    // Before the first period ends there is no observation, only the target.
    let (_, v) = export(&b, &["--tender", "auto-parts-2025", "--on", "2025-05-01"]);
    let fill = &v["releases"][0]["contracts"][0]["implementation"]["metrics"][0];
    assert!(fill.get("observations").is_none(), "{fill}");
}

#[test]
fn call_offs_are_transactions_and_reporting_periods_milestones() {
    let (_tmp, b) = scratch_copy("boards/river-valley");
    let (_, v) = export(&b, &["--tender", "auto-parts-2025", "--on", "2026-05-01"]);
    assert_valid(&v, "river-valley auto-parts-2025 on 2026-05-01");
    let r = &v["releases"][0];
    let imp = &r["contracts"][0]["implementation"];
    // The call-offs the reports give (docs/contracts.md#call-offs), as the files write them.
    let report: toml::Value = toml::from_str(
        &fs::read_to_string(
            b.join("contracts/auto-parts-heavy-2025/reports/2025-Q2/stonebridge.toml"),
        )
        .unwrap(),
    )
    .unwrap();
    let first = &report["call_off"][0];
    let tx = imp["transactions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == format!("stonebridge-{}", first["id"].as_str().unwrap()))
        .expect("the call-off is a transaction");
    assert_eq!(
        tx["value"]["amount"].to_string(),
        first["amount"].to_string()
    );
    assert_eq!(tx["value"]["currency"], "USD");
    assert_eq!(tx["payer"]["id"], "member-stonebridge");
    // Every payer and payee is a party with that role.
    let parties = r["parties"].as_array().unwrap();
    let roles = |id: &Value| -> Vec<String> {
        parties
            .iter()
            .find(|p| p["id"] == *id)
            .unwrap_or_else(|| panic!("no party {id}"))["roles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap().to_string())
            .collect()
    };
    for t in imp["transactions"].as_array().unwrap() {
        assert!(
            roles(&t["payer"]["id"]).contains(&"payer".to_string()),
            "{t}"
        );
        let payee = roles(&t["payee"]["id"]);
        assert!(payee.contains(&"payee".to_string()), "{t}");
        assert!(payee.contains(&"supplier".to_string()), "{t}");
    }
    // A milestone per quarter: met when every report is in, not met when one is overdue.
    let ms = imp["milestones"].as_array().unwrap();
    let ids: Vec<&str> = ms.iter().map(|m| m["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "reports-2025-Q2",
            "reports-2025-Q3",
            "reports-2025-Q4",
            "reports-2026-Q1"
        ]
    );
    assert_eq!(ms[0]["status"], "met");
    assert_eq!(ms[0]["type"], "reporting");
    assert_eq!(
        ms[3]["status"], "notMet",
        "maple-hollow has not reported 2026-Q1"
    );
    assert!(
        ms[3]["description"]
            .as_str()
            .unwrap()
            .contains("Not reported: maple-hollow."),
        "{}",
        ms[3]
    );
    // Due at the end of the grace period (30 days after 31 March), end of day in New York.
    assert_eq!(ms[3]["dueDate"], "2026-04-30T23:59:59-04:00");
    // Before the grace period ends, the missing report is not late yet.
    let (_, v) = export(&b, &["--tender", "auto-parts-2025", "--on", "2026-04-15"]);
    let ms = v["releases"][0]["contracts"][0]["implementation"]["milestones"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(ms.last().unwrap()["status"], "scheduled");
}

// ---- [disclosure]: what of the bids the public sees (docs/board-format.md) ----

/// A scratch copy of river-valley with `[disclosure]` set as given.
fn with_disclosure(bids: &str, bidders: &str) -> (tempfile::TempDir, PathBuf) {
    let (tmp, b) = scratch_copy("boards/river-valley");
    let mut text = fs::read_to_string(b.join("board.toml")).unwrap();
    text.push_str(&format!(
        "\n[disclosure]\nunsuccessful_bids = \"{bids}\"\nunsuccessful_bidders = \"{bidders}\"\n"
    ));
    fs::write(b.join("board.toml"), text).unwrap();
    (tmp, b)
}

/// The auto-parts tender's bids as written: (id, bidder, price, lot), and the bid awarded.
fn auto_parts_bids(b: &Path) -> (Vec<(String, String, String, String)>, String) {
    let text = fs::read_to_string(b.join("tenders/auto-parts-2025.toml")).unwrap();
    let v: toml::Value = toml::from_str(&text).unwrap();
    let bids = v["bid"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["id"].as_str().unwrap().to_owned(),
                b["bidder"].as_str().unwrap().to_owned(),
                b["price"].to_string(),
                b["lot"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let awarded = v["award"][0]["bid"].as_str().unwrap().to_owned();
    (bids, awarded)
}

fn export_with_stderr(board: &Path, args: &[&str]) -> (String, Value, String) {
    let out = procboard()
        .args(["export", "ocds"])
        .arg(board)
        .args(args)
        .assert()
        .code(0)
        .get_output()
        .clone();
    let v = serde_json::from_slice(&out.stdout).expect("JSON on standard output");
    (
        String::from_utf8(out.stdout).unwrap(),
        v,
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn release_of<'a>(v: &'a Value, tender: &str) -> &'a Value {
    v["releases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["tender"]["id"] == tender)
        .expect("the tender's release")
}

fn bid_of<'a>(r: &'a Value, id: &str) -> &'a Value {
    r["bids"]["details"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["id"] == id)
        .expect("the bid")
}

#[test]
fn disclosure_never_leaves_out_losing_prices_and_names_and_stays_valid() {
    let (_tmp, b) = with_disclosure("never", "never");
    let (bids, awarded) = auto_parts_bids(&b);
    let (text, v, err) = export_with_stderr(&b, &[]);
    assert_valid(&v, "the package with [disclosure] never");
    assert_codes(&v, "the package with [disclosure] never");
    let r = release_of(&v, "auto-parts-2025");
    let winner = bids.iter().find(|x| x.0 == awarded).unwrap();
    for (id, bidder, price, _) in &bids {
        let detail = bid_of(r, id);
        if *id == awarded {
            assert_eq!(detail["value"]["amount"].to_string(), *price);
            assert_eq!(detail["tenderers"][0]["name"], bidder.as_str());
        } else {
            assert!(detail.get("value").is_none(), "{id}: {detail}");
            let name = detail["tenderers"][0]["name"].as_str().unwrap();
            assert!(name.ends_with("(name withheld)"), "{id}: {name}");
            if bidder != &winner.1 {
                assert!(
                    !text.contains(bidder.as_str()),
                    "{bidder} is in the package"
                );
            }
            assert!(
                !text.contains(&format!("\"amount\": {price}")),
                "{id}'s price {price} is in the package"
            );
        }
    }
    // Every tenderer reference points at a party, and no party id carries a withheld name.
    let parties: Vec<&str> = r["parties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    for t in r["tender"]["tenderers"].as_array().unwrap() {
        assert!(parties.contains(&t["id"].as_str().unwrap()), "{t}");
    }
    assert!(
        err.lines()
            .any(|l| l.starts_with("withheld: tender auto-parts-2025: ")
                && l.contains("[disclosure] unsuccessful_bids = \"never\"")
                && l.contains("[disclosure] unsuccessful_bidders = \"never\"")),
        "stderr: {err}"
    );
}

#[test]
fn disclosure_after_award_shows_a_lot_once_its_award_is_final() {
    let (_tmp, b) = with_disclosure("after_award", "after_award");
    let (bids, awarded) = auto_parts_bids(&b);
    let award_lot = bids.iter().find(|x| x.0 == awarded).unwrap().3.clone();
    // On 2025-03-20 the award is notified but its standstill runs: nothing losing is shown.
    let (_, v, err) = export_with_stderr(&b, &["--on", "2025-03-20"]);
    assert_valid(&v, "after_award during the standstill");
    let r = release_of(&v, "auto-parts-2025");
    for (id, _, _, _) in bids.iter().filter(|x| x.0 != awarded) {
        assert!(bid_of(r, id).get("value").is_none(), "{id} on 2025-03-20");
    }
    assert!(bid_of(r, &awarded).get("value").is_some());
    assert!(
        err.lines()
            .any(|l| l.starts_with("withheld: tender auto-parts-2025: ")
                && l.contains("the award is not final on 2025-03-20 for lots ")
                && l.contains(&award_lot)),
        "stderr: {err}"
    );
    // On 2025-03-31 the standstill is over: the awarded lot's bids and bidders are shown; the
    // other lot, not awarded, stays withheld.
    let (_, v, err) = export_with_stderr(&b, &["--on", "2025-03-31"]);
    assert_valid(&v, "after_award after the standstill");
    let r = release_of(&v, "auto-parts-2025");
    for (id, bidder, price, lot) in &bids {
        let detail = bid_of(r, id);
        if *lot == award_lot {
            assert_eq!(detail["value"]["amount"].to_string(), *price, "{id}");
            assert_eq!(detail["tenderers"][0]["name"], bidder.as_str());
        } else {
            assert!(detail.get("value").is_none(), "{id}");
        }
    }
    let line = err
        .lines()
        .find(|l| l.starts_with("withheld: tender auto-parts-2025: "))
        .expect("a withheld line for the tender");
    assert!(line.contains("not final on 2025-03-31 for lot "), "{line}");
    assert!(!line.contains(&award_lot), "{line}");
}

#[test]
fn disclosure_always_changes_nothing() {
    let (_tmp, plain) = scratch_copy("boards/river-valley");
    let (_tmp2, b) = with_disclosure("always", "always");
    let (before, _, _) = export_with_stderr(&plain, &[]);
    let (after, v, err) = export_with_stderr(&b, &[]);
    assert_valid(&v, "always");
    assert_eq!(before, after);
    assert!(!err.contains("withheld"), "stderr: {err}");
}
