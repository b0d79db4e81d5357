//! `procboard publish`: the static site of each bundled board builds byte-identically twice (in
//! any time zone and locale), every internal link and anchor resolves, board-provided strings are
//! escaped, pages are accessible in structure, and the output folder is written safely.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use common::{procboard, scratch_copy};
use scraper::{Html, Selector};

const BOARDS: [&str; 2] = ["boards/euregio-energy", "boards/river-valley"];

/// Every file of a folder, by its `/`-separated relative path.
fn read_tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

fn publish(board: &Path, out: &Path) -> assert_cmd::assert::Assert {
    procboard()
        .arg("publish")
        .arg(board)
        .arg("--out")
        .arg(out)
        .assert()
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

#[test]
fn the_site_builds_byte_identically_twice_in_any_zone_and_locale() {
    for b in BOARDS {
        let (_tmp, board) = scratch_copy(b);
        let out = tempfile::tempdir().unwrap();
        let one = out.path().join("one");
        let two = out.path().join("two");
        publish(&board, &one).success();
        procboard()
            .env("TZ", "Pacific/Kiritimati")
            .env("LANG", "fr_FR.UTF-8")
            .env("LC_ALL", "fr_FR.UTF-8")
            .arg("publish")
            .arg(&board)
            .arg("--out")
            .arg(&two)
            .assert()
            .success();
        let a = read_tree(&one);
        let c = read_tree(&two);
        assert!(
            a.contains_key("index.html") && a.len() > 10,
            "{b}: {:?}",
            a.keys()
        );
        assert_eq!(a, c, "{b}: two builds differ");
        // Publishing again over the site it wrote replaces it with the same bytes.
        publish(&board, &one).success();
        assert_eq!(read_tree(&one), c, "{b}: republishing changed the site");
    }
}

#[test]
fn every_internal_link_and_anchor_resolves() {
    for b in BOARDS {
        let (_tmp, board) = scratch_copy(b);
        let out = tempfile::tempdir().unwrap();
        let site = out.path().join("site");
        publish(&board, &site).success();
        let files = read_tree(&site);
        let mut ids: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
        let mut docs = BTreeMap::new();
        for (path, bytes) in &files {
            if path.ends_with(".html") {
                let doc = Html::parse_document(std::str::from_utf8(bytes).unwrap());
                let mut seen = BTreeSet::new();
                for e in doc.select(&sel("[id]")) {
                    let id = e.value().attr("id").unwrap().to_string();
                    assert!(seen.insert(id.clone()), "{b}: {path}: id {id} twice");
                }
                ids.insert(path, seen);
                docs.insert(path.clone(), doc);
            }
        }
        let mut checked = 0;
        for (path, doc) in &docs {
            for e in doc.select(&sel("a[href], link[href]")) {
                let href = e.value().attr("href").unwrap();
                assert!(
                    !href.starts_with("javascript:"),
                    "{b}: {path}: a script link"
                );
                if href.starts_with("http:") || href.starts_with("https:") {
                    continue;
                }
                let (file, frag) = href.split_once('#').unwrap_or((href, ""));
                let target = if file.is_empty() {
                    path.clone()
                } else {
                    let decoded = file.replace("%20", " ");
                    assert!(
                        files.contains_key(&decoded),
                        "{b}: {path}: link to {href}: no such file in the site"
                    );
                    decoded
                };
                if !frag.is_empty() {
                    let page_ids = ids
                        .get(target.as_str())
                        .unwrap_or_else(|| panic!("{b}: {path}: {href}: anchor in a non-page"));
                    assert!(
                        page_ids.contains(frag),
                        "{b}: {path}: link to {href}: no element with id {frag}"
                    );
                }
                checked += 1;
            }
        }
        assert!(checked > 50, "{b}: only {checked} links");
        // No JavaScript anywhere.
        for (path, doc) in &docs {
            assert_eq!(doc.select(&sel("script")).count(), 0, "{b}: {path}");
        }
    }
}

#[test]
fn pages_are_accessible_in_structure() {
    let (_tmp, board) = scratch_copy("boards/euregio-energy");
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    publish(&board, &site).success();
    for e in fs::read_dir(&site).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_none_or(|x| x != "html") {
            continue;
        }
        let name = p.display().to_string();
        let doc = Html::parse_document(&fs::read_to_string(&p).unwrap());
        let html = doc.select(&sel("html")).next().unwrap();
        // The board's first minutes language.
        assert_eq!(html.value().attr("lang"), Some("en"), "{name}");
        assert_eq!(doc.select(&sel("main#main")).count(), 1, "{name}");
        assert_eq!(
            doc.select(&sel("header nav[aria-label]")).count(),
            1,
            "{name}"
        );
        assert_eq!(doc.select(&sel("footer")).count(), 1, "{name}");
        assert_eq!(doc.select(&sel("h1")).count(), 1, "{name}: one h1");
        for th in doc.select(&sel("th")) {
            assert!(
                th.value().attr("scope").is_some(),
                "{name}: a <th> without scope: {}",
                th.html()
            );
        }
        for t in doc.select(&sel("table")) {
            assert!(
                t.select(&sel("caption")).next().is_some()
                    || t.ancestors().any(|a| a
                        .value()
                        .as_element()
                        .is_some_and(|e| e.name() == "section")),
                "{name}: a table with neither caption nor section"
            );
        }
    }
    // The minutes' text keeps each language in a section that says which.
    let page = fs::read_to_string(site.join("meeting-2025-04-regular.html")).unwrap();
    let doc = Html::parse_document(&page);
    let langs: Vec<&str> = doc
        .select(&sel("section.minutes-text[lang]"))
        .map(|s| s.value().attr("lang").unwrap())
        .collect();
    assert_eq!(langs, ["en", "fr"]);
    // Statuses are words, not colours.
    assert!(page.contains(">VERIFIED</span>"), "{page}");
    assert!(page.contains(">signed</span>"));
    // Print: a page break before each meeting, no navigation.
    let css = fs::read_to_string(site.join("style.css")).unwrap();
    let print = &css[css.find("@media print").unwrap()..];
    assert!(print.contains("header.site nav") && print.contains("display: none"));
    assert!(print.contains("article.minutes { break-before: page"));
}

#[test]
fn board_strings_are_escaped() {
    let (_tmp, board) = scratch_copy("boards/river-valley");
    let path = board.join("tenders/road-salt-2025.toml");
    let text = fs::read_to_string(&path).unwrap();
    let hostile = "Salt <script>alert(\\\"x\\\")</script> & <b>bold</b>";
    let text = text.replacen(
        "title = \"Bulk rock salt for highway de-icing, 2025-26 season\"",
        &format!("title = \"{hostile}\""),
        1,
    );
    fs::write(&path, text).unwrap();
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    publish(&board, &site).success();
    for (name, bytes) in read_tree(&site) {
        if !name.ends_with(".html") {
            continue;
        }
        let page = String::from_utf8(bytes).unwrap();
        assert!(!page.contains("<script"), "{name}");
        assert!(!page.contains("<b>bold"), "{name}");
    }
    let page = fs::read_to_string(site.join("tender-road-salt-2025.html")).unwrap();
    assert!(
        page.contains(
            "Salt &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"
        ),
        "{page}"
    );
}

#[test]
fn publish_refuses_a_folder_it_did_not_write_and_leaves_it_alone() {
    let (_tmp, board) = scratch_copy("boards/river-valley");
    let out = tempfile::tempdir().unwrap();
    let mine = out.path().join("notes");
    fs::create_dir(&mine).unwrap();
    fs::write(mine.join("keep.txt"), "mine").unwrap();
    publish(&board, &mine)
        .code(2)
        .stderr(predicates::str::contains(
            "holds files that procboard did not publish",
        ));
    assert_eq!(read_tree(&mine).len(), 1, "the folder was touched");
    // A file in place of the folder.
    let file = out.path().join("file.html");
    fs::write(&file, "x").unwrap();
    publish(&board, &file)
        .code(2)
        .stderr(predicates::str::contains("is not a folder"));
    // An empty folder is fine, and no temporary folder is left beside it.
    let empty = out.path().join("empty");
    fs::create_dir(&empty).unwrap();
    publish(&board, &empty)
        .success()
        .stdout(predicates::str::contains("statuses as of 2025-04-15"));
    let left: Vec<_> = fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".procboard"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    // A board with errors: exit 2, nothing written.
    fs::write(board.join("board.toml"), "[board]\n").unwrap();
    let bad = out.path().join("bad");
    publish(&board, &bad).code(2);
    assert!(!bad.exists());
}

#[test]
fn on_sets_the_date_of_the_statuses() {
    let (_tmp, board) = scratch_copy("boards/euregio-energy");
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    procboard()
        .args(["publish"])
        .arg(&board)
        .arg("--out")
        .arg(&site)
        .args(["--on", "2026-01-05"])
        .assert()
        .success()
        .stdout(predicates::str::contains("statuses as of 2026-01-05"));
    let page = fs::read_to_string(site.join("tenders.html")).unwrap();
    assert!(page.contains("Award statuses as of 2026-01-05"), "{page}");
}

#[test]
fn a_changed_minutes_file_shows_as_failed_on_the_site() {
    let (_tmp, board) = scratch_copy("boards/euregio-energy");
    let md = board.join("meetings/2025-04-regular/minutes.md");
    let text = fs::read_to_string(&md).unwrap();
    fs::write(&md, text.replace("yes 93 of 100", "yes 39 of 100")).unwrap();
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    publish(&board, &site)
        .success()
        .stderr(predicates::str::contains(
            "the record of meeting 2025-04-regular does not verify",
        ));
    let index = fs::read_to_string(site.join("index.html")).unwrap();
    assert!(index.contains(">FAILED</span> 2 problems"), "{index}");
    let page = fs::read_to_string(site.join("meeting-2025-04-regular.html")).unwrap();
    assert!(
        page.contains("does not verify against minutes.md"),
        "{page}"
    );
}

#[test]
fn the_page_language_is_the_boards_first_minutes_language() {
    let (_tmp, board) = scratch_copy("boards/euregio-energy");
    let path = board.join("board.toml");
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains("languages = [\"en\", \"fr\"]"));
    fs::write(
        &path,
        text.replace(
            "languages = [\"en\", \"fr\"]",
            "languages = [\"fr\", \"en\"]",
        ),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    publish(&board, &site).success();
    let page = fs::read_to_string(site.join("index.html")).unwrap();
    assert!(page.contains("<html lang=\"fr\">"), "{page}");
}

#[test]
fn a_generated_board_without_minutes_publishes_every_tender_and_meeting() {
    let tmp = tempfile::tempdir().unwrap();
    let board = tmp.path().join("board");
    fs::create_dir(&board).unwrap();
    procboard::board::synthetic::write_board(
        &board,
        procboard::board::synthetic::Size {
            members: 12,
            meetings: 3,
            items: 12,
            tenders: 4,
            bids: 3,
            criteria: 4,
        },
    )
    .unwrap();
    let site = tmp.path().join("site");
    // No meeting held and no dispute: the date of the last agenda.
    publish(&board, &site)
        .success()
        .stdout(predicates::str::contains("statuses as of 2025-03-10"));
    let files = read_tree(&site);
    let tenders = files.keys().filter(|k| k.starts_with("tender-")).count();
    let meetings = files.keys().filter(|k| k.starts_with("meeting-")).count();
    assert_eq!((tenders, meetings), (4, 3), "{:?}", files.keys());
    let index = String::from_utf8(files["index.html"].clone()).unwrap();
    assert_eq!(index.matches(">not held</span>").count(), 3, "{index}");
    let seats = String::from_utf8(files["seats.html"].clone()).unwrap();
    assert!(seats.contains("Municipality 11 (m0011)"), "{seats}");
}

#[test]
fn the_dashboard_has_the_stats_figures_and_each_chart_its_table() {
    let (_tmp, board) = scratch_copy("boards/euregio-energy");
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    publish(&board, &site).success();
    let page = fs::read_to_string(site.join("dashboard.html")).unwrap();
    let doc = Html::parse_document(&page);
    for t in [
        "table.stats-tenders",
        "table.stats-years",
        "table.stats-members",
    ] {
        assert_eq!(doc.select(&sel(t)).count(), 1, "{t}");
    }
    let figures: Vec<_> = doc.select(&sel("figure.chart")).collect();
    assert!(figures.len() >= 3, "{} charts", figures.len());
    for f in &figures {
        assert_eq!(f.select(&sel("svg[role=img] title")).count(), 1);
        assert!(f.select(&sel("table.figures tbody tr")).count() > 0);
    }
    // The figures of `procboard stats` on the site's date: cloud-it-2025 awarded 87 days after
    // publication for 1480000.
    let row: Vec<String> = doc
        .select(&sel("table.stats-tenders tbody tr"))
        .next()
        .unwrap()
        .children()
        .filter_map(scraper::ElementRef::wrap)
        .map(|c| c.text().collect())
        .collect();
    assert_eq!(row[0], "cloud-it-2025");
    // Money as the board's language writes it, the exact decimal kept in <data value>.
    assert_eq!(row[3], "€1,480,000");
    assert!(
        page.contains("<data value=\"1480000\">€1,480,000</data>"),
        "the exact amount beside the words"
    );
    assert_eq!(row[8], "87");
    // The open protest holds the hosting award.
    assert_eq!(row[13], "1", "{row:?}");
    // Missing figures in plain words, without the files' keys.
    assert!(
        page.contains("days to contract: no contract signed yet"),
        "missing figures are listed"
    );
    assert!(!page.contains("[[award]]"), "no TOML on the public page");
}

#[test]
fn the_ocds_download_is_what_export_ocds_prints_for_the_sites_date() {
    let (_tmp, board) = scratch_copy("boards/river-valley");
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    publish(&board, &site).success();
    let export = procboard()
        .args(["export", "ocds"])
        .arg(&board)
        .args(["--on", "2025-04-15"])
        .output()
        .unwrap();
    assert!(export.status.success());
    let file = fs::read(site.join("files/ocds-release-package.json")).unwrap();
    assert_eq!(file, export.stdout);
    let downloads = fs::read_to_string(site.join("downloads.html")).unwrap();
    assert!(downloads.contains("href=\"files/ocds-release-package.json\""));
}

/// The home page answers what a resident asks first: the latest decisions with their results,
/// the tenders open for bids and until when, this year's figures against last year's, and
/// where the signed record is; then the meetings.
#[test]
fn the_home_page_says_what_the_board_decided_buys_and_saved() {
    let (_tmp, board) = scratch_copy("boards/euregio-energy");
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    publish(&board, &site).success();
    let page = fs::read_to_string(site.join("index.html")).unwrap();
    let doc = scraper::Html::parse_document(&page);
    let text: String = doc.root_element().text().collect();
    // The April meeting's two motions, each with its result.
    let decisions: Vec<String> = doc
        .select(&sel("ul.decisions li"))
        .map(|li| li.text().collect())
        .collect();
    assert_eq!(decisions.len(), 2, "{decisions:?}");
    assert!(
        decisions[0].starts_with("CARRIED Award lot 1 (cloud hosting)"),
        "{decisions:?}"
    );
    // The electricity tender is open on the site's date (2025-04-25), until 2025-04-28: the date
    // as people read it, the ISO date kept for machines.
    assert!(
        text.contains("Electricity supply 2026-2027 for municipal buildings and public lighting: bids until 28 April 2025"),
        "{text}"
    );
    assert!(
        page.contains("bids until <time datetime=\"2025-04-28\">28 April 2025</time>"),
        "{page}"
    );
    // This year's figures, money as people read it.
    let row = |label: &str| -> Vec<String> {
        doc.select(&sel("table.headline tbody tr"))
            .find(|tr| tr.text().collect::<String>().starts_with(label))
            .map(|tr| {
                tr.children()
                    .filter_map(scraper::ElementRef::wrap)
                    .map(|c| c.text().collect())
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(row("Awarded value"), ["Awarded value", "€1,480,000", "—"]);
    assert_eq!(
        row("Protests lodged"),
        ["Protests lodged (upheld)", "1 (0)", "—"]
    );
    assert!(text.contains("The signed record"), "{text}");
    assert!(page.contains("href=\"downloads.html\""));
    // Still the meetings, each with its status.
    assert_eq!(doc.select(&sel("table.meetings tbody tr")).count(), 2);
}

/// A page per contract: each KPI over time as a chart with its figures in a table beside it, the
/// members compared per period, the targets missed and the remedy due; a contracts page with
/// each member's savings (method beside the figure) and on whom the board depends; the
/// dashboard's summary of them.
#[test]
fn contracts_have_their_pages_with_charts_benchmarks_and_savings() {
    let (_tmp, board) = scratch_copy("boards/river-valley");
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    procboard()
        .arg("publish")
        .arg(&board)
        .arg("--out")
        .arg(&site)
        .args(["--on", "2026-04-30"])
        .assert()
        .success();
    let page = fs::read_to_string(site.join("contract-auto-parts-heavy-2025.html")).unwrap();
    let doc = Html::parse_document(&page);
    // Two KPIs, each a chart with its table.
    let figures: Vec<_> = doc.select(&sel("figure.chart")).collect();
    assert_eq!(figures.len(), 2, "{page}");
    for f in &figures {
        assert_eq!(f.select(&sel("svg[role=img] title")).count(), 1);
        assert_eq!(
            f.select(&sel("table.figures tbody tr")).count(),
            4,
            "four quarters"
        );
    }
    let text: String = doc.root_element().text().collect();
    assert!(
        text.contains("MISSED hendrick-falls in 2025-Q3: 88 %"),
        "{text}"
    );
    assert!(
        text.contains("MISSED hendrick-falls in 2025-Q4: 90 %"),
        "{text}"
    );
    assert!(
        page.contains("REMEDY DUE</span> hendrick-falls: a price reduction of <data value=\""),
        "{page}"
    );
    // The benchmark names the member outside the tolerance.
    let q3: String = doc
        .select(&sel("table.benchmark tbody tr"))
        .nth(1)
        .unwrap()
        .text()
        .collect();
    assert!(
        q3.starts_with("2025-Q3") && q3.contains("hendrick-falls"),
        "{q3}"
    );

    let list = fs::read_to_string(site.join("contracts.html")).unwrap();
    assert!(list.contains("href=\"contract-auto-parts-heavy-2025.html\""));
    assert!(
        list.contains("<data value=\"10800\">$10,800</data>"),
        "{list}"
    );
    assert!(
        list.contains("(baseline 0.9 per USD at list price"),
        "the method is stated"
    );
    assert!(list.contains("Herfindahl–Hirschman"), "{list}");
    let dash = fs::read_to_string(site.join("dashboard.html")).unwrap();
    // Two quarters below target on fill rate, two on emergency delivery; one remedy due.
    assert!(
        dash.contains("Targets missed: 4; remedies due: 1."),
        "{dash}"
    );
    assert!(dash.contains("href=\"contracts.html\""));
    // Every page links to the contracts page.
    let home = fs::read_to_string(site.join("index.html")).unwrap();
    assert!(home.contains("<a href=\"contracts.html\""), "nav");
}

/// The decisions taken in writing: the bundled procedure with its result and every answer,
/// counted or refused with the reason; the site's date includes the procedure's close; a site
/// dated before it shows none.
#[test]
fn the_site_shows_each_written_procedure_with_its_answers_and_result() {
    let (_tmp, board) = scratch_copy("boards/river-valley");
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    publish(&board, &site)
        .success()
        .stdout(predicates::str::contains("statuses as of 2025-04-15"));
    let page = fs::read_to_string(site.join("written.html")).unwrap();
    let doc = Html::parse_document(&page);
    let text: String = doc.root_element().text().collect();
    assert!(
        text.contains("Extend the members' comment period"),
        "{text}"
    );
    assert!(text.contains("CARRIED"), "{text}");
    let rows: Vec<String> = doc
        .select(&sel("table.answers tbody tr"))
        .map(|r| r.text().collect())
        .collect();
    assert_eq!(rows.len(), 6, "{rows:?}");
    let late = rows.iter().find(|r| r.starts_with("roosekill")).unwrap();
    assert!(late.contains("no: after the deadline"), "{late}");
    assert!(
        rows.iter().filter(|r| r.ends_with("yes")).count() == 5,
        "five answers counted: {rows:?}"
    );
    let home = fs::read_to_string(site.join("index.html")).unwrap();
    assert!(
        home.contains("<a href=\"written.html\""),
        "in the navigation"
    );
    // Dated before the procedure opened, the site shows none.
    let early = out.path().join("early");
    procboard()
        .arg("publish")
        .arg(&board)
        .arg("--out")
        .arg(&early)
        .args(["--on", "2025-02-26"])
        .assert()
        .success();
    let page = fs::read_to_string(early.join("written.html")).unwrap();
    assert!(
        page.contains("No decision had been taken in writing by 2025-02-26."),
        "{page}"
    );
    assert!(!page.contains("budget-comments"));
}

// ---- [disclosure]: what of the bids the public sees (docs/public-site.md) ----

/// A scratch copy of river-valley with `[disclosure]` set as given.
fn with_disclosure(bids: &str, bidders: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let (tmp, b) = scratch_copy("boards/river-valley");
    let mut text = fs::read_to_string(b.join("board.toml")).unwrap();
    text.push_str(&format!(
        "\n[disclosure]\nunsuccessful_bids = \"{bids}\"\nunsuccessful_bidders = \"{bidders}\"\n"
    ));
    fs::write(b.join("board.toml"), text).unwrap();
    (tmp, b)
}

/// One bid as its tender file writes it.
struct BidRow {
    tender: String,
    id: String,
    bidder: String,
    price: String,
    lot: Option<String>,
}

/// Every bid of the board's tenders, and the ids of the bids its `[[award]]`s name.
fn bids_of(board: &Path) -> (Vec<BidRow>, BTreeSet<String>) {
    let mut rows = Vec::new();
    let mut awarded = BTreeSet::new();
    for e in fs::read_dir(board.join("tenders")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_none_or(|x| x != "toml") {
            continue;
        }
        let v: toml::Value = toml::from_str(&fs::read_to_string(&p).unwrap()).unwrap();
        let tender = p.file_stem().unwrap().to_string_lossy().into_owned();
        for a in v
            .get("award")
            .and_then(|a| a.as_array())
            .into_iter()
            .flatten()
        {
            awarded.insert(a["bid"].as_str().unwrap().to_owned());
        }
        for b in v["bid"].as_array().unwrap() {
            rows.push(BidRow {
                tender: tender.clone(),
                id: b["id"].as_str().unwrap().to_owned(),
                bidder: b["bidder"].as_str().unwrap().to_owned(),
                price: b["price"].to_string(),
                lot: b.get("lot").and_then(|l| l.as_str()).map(str::to_owned),
            });
        }
    }
    (rows, awarded)
}

/// The site's files the board generates from its tenders, disputes and figures: every file but
/// the meetings' pages and files, which publish the meeting record as written and signed.
fn generated(site: &Path) -> BTreeMap<String, String> {
    read_tree(site)
        .into_iter()
        .filter(|(p, _)| !p.starts_with("meeting-") && !p.starts_with("files/meetings/"))
        .map(|(p, b)| (p, String::from_utf8_lossy(&b).into_owned()))
        .collect()
}

/// The cells (`td`) of bid `bid`'s row in the table of class `class` on a tender page.
fn row_cells(page: &str, class: &str, bid: &str) -> Vec<String> {
    let doc = Html::parse_document(page);
    let rows = sel(&format!("table.{class} tr"));
    let th = sel("th");
    let td = sel("td");
    for row in doc.select(&rows) {
        let head: String = row
            .select(&th)
            .next()
            .map(|h| h.text().collect())
            .unwrap_or_default();
        let cells: Vec<String> = row.select(&td).map(|c| c.text().collect()).collect();
        if head == bid {
            return cells;
        }
    }
    Vec::new()
}

#[test]
fn disclosure_never_keeps_losing_prices_points_and_names_off_the_site() {
    let (_tmp, board) = with_disclosure("never", "never");
    let (bids, awarded) = bids_of(&board);
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let assert = procboard()
        .arg("publish")
        .arg(&board)
        .arg("--out")
        .arg(&site)
        .args(["--on", "2025-03-31"])
        .assert()
        .success();
    let err = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    let files = generated(&site);
    let winners: BTreeSet<&str> = bids
        .iter()
        .filter(|b| awarded.contains(&b.id))
        .map(|b| b.bidder.as_str())
        .collect();
    let losers: Vec<&BidRow> = bids.iter().filter(|b| !awarded.contains(&b.id)).collect();
    assert!(!losers.is_empty() && !winners.is_empty());
    for b in &losers {
        for (path, text) in &files {
            assert!(
                !text.contains(&format!("\"{}\"", b.price))
                    && !text.contains(&format!(": {},", b.price)),
                "{}'s price {} is in {path}",
                b.id,
                b.price
            );
            if !winners.contains(b.bidder.as_str()) {
                let escaped = b.bidder.replace('&', "&amp;");
                assert!(
                    !text.contains(&b.bidder) && !text.contains(&escaped),
                    "{} is in {path}",
                    b.bidder
                );
            }
        }
        let page = &files[&format!("tender-{}.html", b.tender)];
        // Scores: rank, status, then every point, the price points and the total.
        let cells = row_cells(page, "scores", &b.id);
        if !cells.is_empty() {
            assert!(
                cells[2..].iter().all(|c| c == "withheld"),
                "{}: {cells:?}",
                b.id
            );
        }
        // Bids: bidder, lot, price, status.
        let cells = row_cells(page, "bids", &b.id);
        assert_eq!(cells[2], "withheld", "{}: {cells:?}", b.id);
        if !winners.contains(b.bidder.as_str()) {
            assert!(cells[0].ends_with("(name withheld)"), "{}: {cells:?}", b.id);
        }
        assert!(
            err.lines().any(
                |l| l.starts_with(&format!("withheld: tender {}: ", b.tender)) && l.contains(&b.id)
            ),
            "stderr: {err}"
        );
    }
    // The winner's price is shown; the page says what is withheld and why.
    let page = &files["tender-auto-parts-2025.html"];
    for b in bids.iter().filter(|b| awarded.contains(&b.id)) {
        assert!(page.contains(&format!("value=\"{}\"", b.price)), "{}", b.id);
    }
    let doc = Html::parse_document(page);
    let notice: String = doc
        .select(&sel("section#withheld"))
        .next()
        .expect("the page's notice of what is withheld")
        .text()
        .collect();
    assert!(
        notice.contains("never publishes the prices and scores"),
        "{notice}"
    );
    assert!(notice.contains("never publishes the names"), "{notice}");
}

#[test]
fn disclosure_after_award_shows_a_lot_once_its_award_is_final_and_says_until_when() {
    let (_tmp, board) = with_disclosure("after_award", "after_award");
    let (bids, awarded) = bids_of(&board);
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    publish(&board, &site)
        .success()
        .stderr(predicates::str::contains(
            "withheld: tender auto-parts-2025: ",
        ));
    let _ = fs::remove_dir_all(&site);
    procboard()
        .arg("publish")
        .arg(&board)
        .arg("--out")
        .arg(&site)
        .args(["--on", "2025-03-31"])
        .assert()
        .success();
    let page = fs::read_to_string(site.join("tender-auto-parts-2025.html")).unwrap();
    let award_lots: BTreeSet<&str> = bids
        .iter()
        .filter(|b| awarded.contains(&b.id) && b.tender == "auto-parts-2025")
        .filter_map(|b| b.lot.as_deref())
        .collect();
    for b in bids.iter().filter(|b| b.tender == "auto-parts-2025") {
        let final_lot = b.lot.as_deref().is_some_and(|l| award_lots.contains(l));
        let shown = page.contains(&format!("value=\"{}\"", b.price));
        assert_eq!(shown, final_lot, "{}: price shown {shown}", b.id);
        assert_eq!(
            page.contains(&b.bidder.replace('&', "&amp;")),
            final_lot,
            "{}",
            b.bidder
        );
    }
    let doc = Html::parse_document(&page);
    let notice: String = doc
        .select(&sel("section#withheld"))
        .next()
        .expect("the notice")
        .text()
        .collect();
    assert!(notice.contains("until the award of lot "), "{notice}");
    assert!(notice.contains("on 2025-03-31 it is not"), "{notice}");
}

#[test]
fn disclosure_always_publishes_the_same_site_as_no_policy() {
    let (_tmp, plain) = scratch_copy("boards/river-valley");
    let (_tmp2, board) = with_disclosure("always", "always");
    let out = tempfile::tempdir().unwrap();
    let (a, b) = (out.path().join("a"), out.path().join("b"));
    publish(&plain, &a).success();
    publish(&board, &b)
        .success()
        .stderr(predicates::prelude::PredicateBooleanExt::not(
            predicates::str::contains("withheld"),
        ));
    let (ta, tb) = (read_tree(&a), read_tree(&b));
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (k, v) in &ta {
        assert!(v == &tb[k], "{k} differs");
    }
}

/// A contract's page lists the orders the members reported (docs/contracts.md#call-offs): each
/// member's total, then each order with its date as people read it.
#[test]
fn a_contract_page_lists_the_members_call_offs() {
    let (_tmp, board) = scratch_copy("boards/river-valley");
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    procboard()
        .arg("publish")
        .arg(&board)
        .arg("--out")
        .arg(&site)
        .args(["--on", "2026-05-01"])
        .assert()
        .success();
    let page = fs::read_to_string(site.join("contract-auto-parts-heavy-2025.html")).unwrap();
    let doc = scraper::Html::parse_document(&page);
    let rows: Vec<Vec<String>> = doc
        .select(&sel("table.call-offs tbody tr"))
        .map(|tr| {
            tr.children()
                .filter_map(scraper::ElementRef::wrap)
                .map(|c| c.text().collect())
                .collect()
        })
        .collect();
    assert_eq!(rows.len(), 4, "{rows:?}");
    assert_eq!(
        rows[0],
        [
            "22 April 2025",
            "stonebridge",
            "PO-2025-0412",
            "$18,450.60",
            "Plow blades and cutting edges for the spring refit"
        ]
    );
    let totals: Vec<String> = doc
        .select(&sel("table.call-off-totals tbody tr"))
        .map(|tr| tr.text().collect())
        .collect();
    assert_eq!(
        totals,
        [
            "stonebridge3$35,537.05none set",
            "verplanck-falls1$12,980none set"
        ]
    );
    // The exact amounts are kept for machines.
    assert!(page.contains("<data value=\"18450.6\">"), "{page}");
}
