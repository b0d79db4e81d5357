//! The published site in a real browser: headless Chromium (Debian's `chromium` package, which
//! `.ci/run` installs) opens the site of each bundled board; the test checks the rendered DOM for
//! the vote and score tables and that every link in it resolves, and saves screenshots of the
//! index and of one minutes page under `target/test-artifacts/`.
//!
//! Chromium is `$CHROMIUM`, else `chromium` or `chromium-browser` on PATH. Without it the test
//! is skipped with one line on standard error, or fails under `PROCBOARD_REQUIRE_TOOLS=1`
//! (tests/common/tools.rs); on Debian: `apt-get install chromium`.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::{procboard, repo, scratch_copy};
use scraper::{Html, Selector};

/// Runs headless Chromium on a file with the extra arguments; returns standard output.
fn run_chromium(chromium: &Path, profile: &Path, page: &Path, extra: &[&str]) -> String {
    let url = format!("file://{}", page.display());
    let out = Command::new("timeout")
        .arg("120")
        .arg(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(&url)
        .output()
        .expect("run chromium");
    assert!(
        out.status.success(),
        "chromium failed on {url}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 DOM")
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

#[test]
fn chromium_renders_the_vote_and_score_tables_of_each_bundled_board() {
    let Some(chromium) = common::tools::chromium() else {
        return;
    };
    let artifacts = repo("target/test-artifacts");
    fs::create_dir_all(&artifacts).unwrap();
    for (rel, minutes_page, tender_page) in [
        (
            "boards/euregio-energy",
            "meeting-2025-04-regular.html",
            "tender-cloud-it-2025.html",
        ),
        (
            "boards/river-valley",
            "meeting-2025-01-regular.html",
            "tender-road-salt-2025.html",
        ),
    ] {
        let name = Path::new(rel)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let (_tmp, board) = scratch_copy(rel);
        let work = tempfile::tempdir().unwrap();
        let site = work.path().join("site");
        procboard()
            .arg("publish")
            .arg(&board)
            .arg("--out")
            .arg(&site)
            .assert()
            .success();
        let profile = work.path().join("chromium-profile");

        // The minutes page as the browser builds it: every vote as a table, with headers.
        let dom = run_chromium(
            &chromium,
            &profile,
            &site.join(minutes_page),
            &["--dump-dom"],
        );
        let doc = Html::parse_document(&dom);
        let votes: Vec<_> = doc.select(&sel("table.vote")).collect();
        assert!(
            !votes.is_empty(),
            "{name}: no vote table in the rendered DOM"
        );
        for t in &votes {
            let head: Vec<String> = t
                .select(&sel("thead th[scope=col]"))
                .map(|h| h.text().collect())
                .collect();
            assert_eq!(head, ["Member", "Weight", "Vote", "Note"], "{name}");
            assert!(t.select(&sel("tbody th[scope=row]")).count() > 0, "{name}");
            let caption: String = t.select(&sel("caption")).next().unwrap().text().collect();
            assert!(caption.starts_with("Vote on motion "), "{name}: {caption}");
        }
        assert!(
            doc.select(&sel("section.minutes-text")).count() >= 1,
            "{name}: the minutes' text is missing"
        );

        // A tender page: the score table with its ranking.
        let dom = run_chromium(
            &chromium,
            &profile,
            &site.join(tender_page),
            &["--dump-dom"],
        );
        let doc = Html::parse_document(&dom);
        let scores: Vec<_> = doc.select(&sel("table.scores")).collect();
        assert!(
            !scores.is_empty(),
            "{name}: no score table in the rendered DOM"
        );
        let head: Vec<String> = scores[0]
            .select(&sel("thead th"))
            .map(|h| h.text().collect())
            .collect();
        assert_eq!(head.first().map(String::as_str), Some("Rank"), "{name}");
        assert_eq!(head.last().map(String::as_str), Some("Total"), "{name}");
        let first_rank: String = scores[0]
            .select(&sel("tbody td"))
            .next()
            .unwrap()
            .text()
            .collect();
        assert_eq!(first_rank, "1", "{name}");

        // The index as rendered: every link points at a file of the site.
        let dom = run_chromium(
            &chromium,
            &profile,
            &site.join("index.html"),
            &["--dump-dom"],
        );
        let doc = Html::parse_document(&dom);
        let mut links = 0;
        for a in doc.select(&sel("a[href]")) {
            let href = a.value().attr("href").unwrap();
            let file = href.split('#').next().unwrap();
            if !file.is_empty() {
                assert!(site.join(file).is_file(), "{name}: index links to {href}");
                links += 1;
            }
        }
        assert!(links >= 8, "{name}: {links} links on the index");

        // Screenshots, kept as test artefacts.
        for (page, shot) in [
            ("index.html", format!("{name}-index.png")),
            (minutes_page, format!("{name}-minutes.png")),
        ] {
            let path = artifacts.join(&shot);
            let _ = fs::remove_file(&path);
            run_chromium(
                &chromium,
                &profile,
                &site.join(page),
                &[
                    "--window-size=1280,1800",
                    "--hide-scrollbars",
                    &format!("--screenshot={}", path.display()),
                ],
            );
            let png = fs::read(&path).unwrap_or_else(|_| panic!("{shot} was not written"));
            assert!(png.starts_with(b"\x89PNG"), "{shot} is not a PNG");
            assert!(png.len() > 10_000, "{shot} looks empty");
        }
    }
}
