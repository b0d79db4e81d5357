//! The pages of the site, each built from the board, the verification report, the dispute
//! register and the tender evaluations. Every string from the board goes through [`esc`].

use crate::export::disclosure::Withheld;
use crate::export::money::Money;
use crate::export::stats::YearStats;
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::fmt::Write as _;

use rust_decimal::Decimal;
use serde_json::Value;

use super::html::{esc, long_date, meeting_page, minutes_html, table_end, table_head, tender_page};
use super::svg::{Chart, chart};
use crate::board::Board;
use crate::board::load::MeetingDoc;
use crate::board::model::MeetingKind;
use crate::disputes::Register;
use crate::minutes::verify::{MeetingReport, MinutesStatus, Report};
use crate::tender::{AwardStatus, TenderEvaluation};

/// What a cell shows in place of a price, points or a name `[disclosure]` withholds.
const WITHHELD: &str = "<em class=\"withheld\">withheld</em>";

/// A meeting's minutes as found in its folder.
pub struct MinutesFiles {
    /// `minutes.md`, as text.
    pub markdown: String,
    /// `minutes.json`, parsed (none when it does not parse).
    pub json: Option<Value>,
}

/// Everything the pages are built from.
pub struct Data<'a> {
    /// The board.
    pub board: &'a Board,
    /// Meetings in date order (then id).
    pub meetings: Vec<&'a MeetingDoc>,
    /// `minutes verify`, run when the site is built.
    pub verify: Report,
    /// The dispute register.
    pub register: Register,
    /// Minutes by meeting id.
    pub minutes: BTreeMap<String, MinutesFiles>,
    /// Evaluations by tender id (in the board's order).
    pub evaluations: Vec<TenderEvaluation>,
    /// What `[disclosure]` withholds of each tender (in the board's order).
    pub withheld: Vec<Withheld>,
    /// Files offered for download: site path and SHA-256 and size, by meeting id ("" for the
    /// board's own files).
    pub downloads: BTreeMap<String, Vec<Download>>,
    /// The board's minutes languages.
    pub languages: Vec<String>,
    /// Amounts as the board's (first) language writes them.
    pub money: crate::export::money::Money,
}

/// A file offered for download.
pub struct Download {
    /// Path in the site (`files/…`).
    pub href: String,
    /// Path in the board folder.
    pub name: String,
    /// Size in bytes.
    pub size: usize,
    /// SHA-256.
    pub sha256: String,
}

impl Data<'_> {
    fn member_name(&self, id: &str) -> String {
        match self.board.member(id) {
            Some(m) => format!("{} ({id})", m.name),
            None => id.to_string(),
        }
    }

    /// What `[disclosure]` withholds of tender `id` (nothing for an unknown id).
    fn withheld_of(&self, id: &str) -> Option<&Withheld> {
        self.board
            .tenders
            .iter()
            .position(|t| t.id == id)
            .and_then(|i| self.withheld.get(i))
    }

    /// A name as the public may see it in tender `tender`'s context: a withheld bidder's
    /// neutral label, else the name.
    fn public_name<'a>(&'a self, tender: Option<&str>, name: &'a str) -> &'a str {
        match tender.and_then(|t| self.withheld_of(t)) {
            Some(w) => w.name(name),
            None => name,
        }
    }

    fn report(&self, meeting: &str) -> Option<&MeetingReport> {
        self.verify.meetings.iter().find(|m| m.meeting == meeting)
    }
}

fn meeting_title(m: &MeetingDoc) -> String {
    m.agenda
        .meeting
        .title
        .clone()
        .unwrap_or_else(|| m.id.clone())
}

fn kind_word(k: MeetingKind) -> &'static str {
    match k {
        MeetingKind::Regular => "regular",
        MeetingKind::Special => "special",
    }
}

/// The minutes' status as a badge and the signatures' verification, in words.
fn status_cells(r: Option<&MeetingReport>) -> (String, String) {
    let Some(r) = r else {
        return ("<span class=\"badge\">not held</span>".into(), "—".into());
    };
    let mut status = format!("<span class=\"badge\">{}</span>", esc(r.status.as_str()));
    if let Some(a) = &r.approved_in {
        let _ = write!(status, " in <a href=\"{}\">{}</a>", meeting_page(a), esc(a));
    }
    let sigs = if !r.problems.is_empty() {
        format!(
            "<span class=\"badge fail\">FAILED</span> {} problem{}",
            r.problems.len(),
            if r.problems.len() == 1 { "" } else { "s" }
        )
    } else if r.signatures.is_empty() {
        match r.status {
            MinutesStatus::InSession | MinutesStatus::NotRendered => "—".to_string(),
            _ => "not signed".to_string(),
        }
    } else {
        format!(
            "<span class=\"badge ok\">VERIFIED</span> {} signature{}",
            r.signatures.len(),
            if r.signatures.len() == 1 { "" } else { "s" }
        )
    };
    (status, sigs)
}

/// `index.html`: the meetings with their status.
pub fn index(d: &Data<'_>, st: &crate::export::stats::Stats, as_of: NaiveDate) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<h1>{}</h1>\n<p>{} member councils buy together through this board and decide in its meetings. What the board decided, what it is buying and what it has saved, as of {}.</p>",
        esc(&d.board.file.board.name),
        d.board.file.members.len(),
        as_of
    );
    latest_decisions(d, &mut s);
    open_tenders(d, as_of, &mut s);
    headline_figures(st, as_of, &d.money, &mut s);
    s.push_str("<h2>The signed record</h2>\n<p>Every meeting's journal, minutes and signatures are kept in the board's shared repository, and this site offers each file byte for byte on the <a href=\"downloads.html\">downloads</a> page with its SHA-256. Anyone can check them without procboard, with <code>ssh-keygen</code> and <code>sha256sum</code>. The statuses below were checked when this site was built.</p>\n");
    s.push_str("<h2>Meetings</h2>\n");
    table_head(
        &mut s,
        "meetings",
        "Meetings, in date order",
        &[
            ("Date", false),
            ("Meeting", false),
            ("Kind", false),
            ("Minutes", false),
            ("Signatures", false),
        ],
    );
    for m in &d.meetings {
        let (status, sigs) = status_cells(d.report(&m.id));
        let _ = writeln!(
            s,
            "<tr><td>{}</td><th scope=\"row\"><a href=\"{}\">{}</a></th><td>{}</td><td>{status}</td><td>{sigs}</td></tr>",
            long_date(m.agenda.meeting.date.get_ref().0),
            meeting_page(&m.id),
            esc(&meeting_title(m)),
            kind_word(*m.agenda.meeting.kind.get_ref()),
        );
    }
    table_end(&mut s);
    s.push_str("<p>Statuses: <em>not held</em> (no journal yet), <em>in session</em>, <em>not rendered</em>, <em>draft</em> (not yet signed by every role the board requires), <em>signed</em>, <em>approved</em> and <em>approved as corrected</em> (by a later regular meeting).</p>\n");
    if !d.verify.problems.is_empty() {
        s.push_str("<h2>Problems with the board's signers</h2>\n<ul>\n");
        for p in &d.verify.problems {
            let _ = writeln!(
                s,
                "<li><span class=\"badge fail\">FAIL</span> {}: {}</li>",
                esc(&p.file),
                esc(&p.message)
            );
        }
        s.push_str("</ul>\n");
    }
    s
}

/// The home page's decisions: each motion voted at the last meeting whose minutes are rendered,
/// with its result.
fn latest_decisions(d: &Data<'_>, s: &mut String) {
    let last = d.meetings.iter().rev().find_map(|m| {
        d.minutes
            .get(&m.id)
            .and_then(|f| f.json.as_ref())
            .map(|j| (m, j))
    });
    let Some((m, json)) = last else {
        s.push_str("<h2>Latest decisions</h2>\n<p>No meeting's minutes are published yet.</p>\n");
        return;
    };
    let _ = writeln!(
        s,
        "<h2>Latest decisions</h2>\n<p>At the <a href=\"{}\">{}</a> of {}:</p>",
        meeting_page(&m.id),
        esc(&meeting_title(m)),
        long_date(m.agenda.meeting.date.get_ref().0)
    );
    let motions = json
        .get("motions")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    if motions.is_empty() {
        s.push_str("<p>No motion was put to a vote.</p>\n");
        return;
    }
    s.push_str("<ul class=\"decisions\">\n");
    for mo in motions {
        let outcome = match str_of(mo, "outcome") {
            "" => "NOT VOTED".to_string(),
            o => o.replace('_', " ").to_uppercase(),
        };
        let _ = writeln!(
            s,
            "<li><span class=\"badge\">{}</span> {}</li>",
            esc(&outcome),
            esc(str_of(mo, "text"))
        );
    }
    s.push_str("</ul>\n");
}

/// The home page's open tenders: published by `as_of`, with a deadline on or after it.
fn open_tenders(d: &Data<'_>, as_of: NaiveDate, s: &mut String) {
    s.push_str("<h2>Open tenders</h2>\n");
    let open: Vec<_> = d
        .board
        .tenders
        .iter()
        .filter(|t| {
            let info = &t.tender.tender;
            info.published
                .as_ref()
                .is_some_and(|p| p.get_ref().0 <= as_of)
                && info
                    .deadline
                    .as_ref()
                    .is_some_and(|x| x.get_ref().0 >= as_of)
        })
        .collect();
    if open.is_empty() {
        let _ = writeln!(
            s,
            "<p>No tender is open for bids on {}.</p>",
            long_date(as_of)
        );
        return;
    }
    s.push_str("<ul>\n");
    for t in open {
        let info = &t.tender.tender;
        let _ = writeln!(
            s,
            "<li><a href=\"{}\">{}</a>: bids until {}</li>",
            tender_page(&t.id),
            esc(&info.title),
            info.deadline
                .as_ref()
                .map_or_else(String::new, |x| long_date(x.get_ref().0)),
        );
    }
    s.push_str("</ul>\n");
}

/// One figure of a year, as the home page shows it.
type YearCell<'a> = dyn Fn(&YearStats) -> String + 'a;

/// The home page's figures: this year's against last year's (years of publication), as the
/// dashboard gives them.
fn headline_figures(st: &crate::export::stats::Stats, as_of: NaiveDate, m: &Money, s: &mut String) {
    use chrono::Datelike;
    let year = as_of.year();
    let of = |y: i32| st.years.iter().find(|x| x.year == Some(y));
    let (now, before) = (of(year), of(year - 1));
    s.push_str("<h2>In figures</h2>\n");
    table_head(
        s,
        "headline",
        &format!(
            "The board's figures for tenders published in {year} and in {}",
            year - 1
        ),
        &[
            ("Figure", false),
            (&year.to_string(), true),
            (&(year - 1).to_string(), true),
        ],
    );
    let cur = &st.currency;
    let cell = |y: Option<&YearStats>, f: &YearCell<'_>| y.map_or_else(|| "—".to_string(), f);
    let rows: [(&str, &YearCell<'_>); 5] = [
        ("Tenders published", &|y| y.tenders.to_string()),
        ("Awarded value", &|y| money(m, y.awarded, cur)),
        ("Savings against the estimates", &|y| {
            money(m, y.savings, cur)
        }),
        ("Protests lodged (upheld)", &|y| {
            format!("{} ({})", y.protests_lodged, y.protests_upheld)
        }),
        ("Mean days from publication to award", &|y| {
            amount(y.mean_days_to_award)
        }),
    ];
    for (label, f) in rows {
        let _ = writeln!(
            s,
            "<tr><th scope=\"row\">{label}</th><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            cell(now, f),
            cell(before, f)
        );
    }
    table_end(s);
    s.push_str("<p>Every figure, per tender and per member, is on the <a href=\"dashboard.html\">dashboard</a>.</p>\n");
}

fn downloads_list(s: &mut String, files: &[Download]) {
    s.push_str("<ul>\n");
    for f in files {
        let _ = writeln!(
            s,
            "<li><a href=\"{}\">{}</a> ({} bytes, SHA-256 <code>{}</code>)</li>",
            esc(&f.href),
            esc(&f.name),
            f.size,
            f.sha256
        );
    }
    s.push_str("</ul>\n");
}

/// A meeting's page: status, signatures, files, every vote as a table, the minutes' text.
pub fn meeting(d: &Data<'_>, m: &MeetingDoc) -> String {
    let mut s = String::new();
    s.push_str(&meeting_article(d, m, true));
    s
}

/// The meeting's article (also used, without downloads, on the print page).
pub fn meeting_article(d: &Data<'_>, m: &MeetingDoc, with_files: bool) -> String {
    let mut s = String::new();
    let info = &m.agenda.meeting;
    let h = if with_files { "h1" } else { "h2" };
    let sub = if with_files { "h2" } else { "h3" };
    let _ = writeln!(
        s,
        "<article class=\"minutes\" id=\"meeting-{}\">\n<{h}>{} ({})</{h}>",
        esc(&m.id),
        esc(&meeting_title(m)),
        info.date.get_ref()
    );
    let report = d.report(&m.id);
    let (status, sigs) = status_cells(report);
    let _ = writeln!(
        s,
        "<dl>\n<dt>Meeting</dt><dd><code>{}</code>, {} meeting</dd>\n<dt>Place</dt><dd>{}</dd>\n<dt>Minutes</dt><dd>{status}</dd>\n<dt>Signatures</dt><dd>{sigs}</dd>\n</dl>",
        esc(&m.id),
        kind_word(*info.kind.get_ref()),
        esc(info
            .place
            .as_deref()
            .or(d.board.file.board.place.as_deref())
            .unwrap_or("—")),
    );
    if let Some(r) = report
        && (!r.signatures.is_empty() || !r.problems.is_empty() || !r.corrections.is_empty())
    {
        s.push_str("<ul class=\"signatures\">\n");
        for g in &r.signatures {
            let _ = writeln!(
                s,
                "<li><span class=\"badge ok\">OK</span> {}: {} as {} ({})</li>",
                esc(&g.file),
                esc(&g.principal),
                esc(&g.role),
                esc(&g.person)
            );
        }
        for c in &r.corrections {
            let _ = writeln!(s, "<li>Correction on approval: {}</li>", esc(c));
        }
        for p in &r.problems {
            let _ = writeln!(
                s,
                "<li><span class=\"badge fail\">FAIL</span> {}: {}</li>",
                esc(&p.file),
                esc(&p.message)
            );
        }
        s.push_str("</ul>\n");
    }
    if with_files && let Some(files) = d.downloads.get(&m.id) {
        let _ = writeln!(s, "<section class=\"downloads\">\n<{sub}>Files</{sub}>");
        downloads_list(&mut s, files);
        s.push_str("</section>\n");
    }
    match d.minutes.get(&m.id) {
        Some(min) => {
            if let Some(json) = &min.json {
                let _ = writeln!(s, "<section class=\"votes\">\n<{sub}>Votes</{sub}>");
                votes(d, json, &mut s);
                s.push_str("</section>\n");
            }
            let _ = writeln!(
                s,
                "<section class=\"text\">\n<{sub}>The minutes</{sub}>\n<p>The text of <code>minutes.md</code>, the signed record, in each of the board's languages.</p>"
            );
            s.push_str(&minutes_html(
                &min.markdown,
                &d.languages,
                if with_files { 2 } else { 3 },
            ));
            s.push_str("</section>\n");
        }
        None => {
            let _ = writeln!(
                s,
                "<p>No minutes yet.</p>\n<{sub}>Agenda</{sub}>\n<ol class=\"agenda\">"
            );
            for item in &m.agenda.items {
                let _ = writeln!(s, "<li>{}</li>", esc(&item.title));
            }
            s.push_str("</ol>\n");
        }
    }
    s.push_str("</article>\n");
    s
}

fn str_of<'v>(v: &'v Value, k: &str) -> &'v str {
    v.get(k).and_then(Value::as_str).unwrap_or("")
}

/// Every motion of `minutes.json` with its votes as a table.
fn votes(d: &Data<'_>, json: &Value, s: &mut String) {
    let motions = json
        .get("motions")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    if motions.is_empty() {
        s.push_str("<p>No motion was put to a vote.</p>\n");
        return;
    }
    for mo in motions {
        let id = str_of(mo, "id");
        let outcome = str_of(mo, "outcome").replace('_', " ").to_uppercase();
        let outcome = if outcome.is_empty() {
            "NOT VOTED".to_string()
        } else {
            outcome
        };
        let _ = writeln!(
            s,
            "<blockquote><p>{}</p></blockquote>\n<p>Moved by {}; seconded by {}. Decision kind <code>{}</code>.</p>",
            esc(str_of(mo, "text")),
            esc(&d.member_name(str_of(mo, "mover"))),
            esc(&match str_of(mo, "seconder") {
                "" => "nobody".to_string(),
                x => d.member_name(x),
            }),
            esc(str_of(mo, "decision")),
        );
        let caption = format!(
            "Vote on motion {id} (item {}): {outcome}",
            str_of(mo, "item")
        );
        table_head(
            s,
            "vote",
            &caption,
            &[
                ("Member", false),
                ("Weight", true),
                ("Vote", false),
                ("Note", false),
            ],
        );
        for v in mo
            .get("votes")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            let mut note = Vec::new();
            if let Some(p) = v.get("proxy").and_then(Value::as_str) {
                note.push(format!("by proxy: {p}"));
            }
            let corrections = v
                .get("corrections")
                .and_then(Value::as_array)
                .map_or(0, Vec::len);
            if corrections > 0 {
                note.push(format!("corrected ({corrections})"));
            }
            let vote = match v.get("vote") {
                Some(Value::String(w)) => w.clone(),
                Some(other) => other.to_string(),
                None => String::new(),
            };
            let _ = writeln!(
                s,
                "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>",
                esc(&d.member_name(str_of(v, "member"))),
                esc(str_of(v, "weight")),
                esc(&vote),
                esc(&note.join("; "))
            );
        }
        table_end(s);
        let recused: Vec<String> = mo
            .get("recused")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(|m| d.member_name(m))
                    .collect()
            })
            .unwrap_or_default();
        if !recused.is_empty() {
            let _ = writeln!(s, "<p>Recused: {}.</p>", esc(&recused.join(", ")));
        }
        let _ = writeln!(
            s,
            "<p class=\"explain\">Result: <strong>{outcome}</strong>. {}</p>",
            esc(str_of(mo, "explanation"))
        );
    }
}

fn award_word(a: AwardStatus) -> &'static str {
    match a {
        AwardStatus::Pending => "PENDING",
        AwardStatus::Active => "ACTIVE",
        AwardStatus::Cancelled => "CANCELLED",
        AwardStatus::Unsuccessful => "UNSUCCESSFUL",
    }
}

/// `tenders.html`: every tender with its award status.
pub fn tenders(d: &Data<'_>, as_of: &str) -> String {
    let mut s = String::from("<h1>Tenders</h1>\n");
    let _ = writeln!(
        s,
        "<p>Award statuses as of {}: <em>PENDING</em> while the standstill runs or a protest holds the award, <em>ACTIVE</em> after, <em>CANCELLED</em> when a protest against it was upheld, <em>UNSUCCESSFUL</em> when the awarded bid was withdrawn or disqualified.</p>",
        esc(as_of)
    );
    table_head(
        &mut s,
        "tenders",
        "Tenders",
        &[
            ("Tender", false),
            ("Procedure", false),
            ("Estimated value", true),
            ("Bids", true),
            ("Awards", false),
        ],
    );
    for (t, e) in d.board.tenders.iter().zip(&d.evaluations) {
        let awards = if e.awards.is_empty() {
            "no award".to_string()
        } else {
            e.awards
                .iter()
                .map(|a| {
                    format!(
                        "{}{}: {}",
                        a.lot
                            .as_ref()
                            .map(|l| format!("lot {} ", esc(l)))
                            .unwrap_or_default(),
                        esc(&a.bid),
                        award_word(a.status)
                    )
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        let _ = writeln!(
            s,
            "<tr><th scope=\"row\"><a href=\"{}\">{}</a></th><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{awards}</td></tr>",
            tender_page(&t.id),
            esc(&t.tender.tender.title),
            esc(&format!("{:?}", t.tender.tender.procedure).to_lowercase()),
            d.money
                .html(*t.tender.tender.estimated_value.get_ref(), &e.currency),
            t.tender.bids.len(),
        );
    }
    table_end(&mut s);
    s
}

/// A tender's page: bids, evaluation tables with the ranking, awards, disputes.
pub fn tender(d: &Data<'_>, t: &crate::board::load::TenderDoc, e: &TenderEvaluation) -> String {
    let info = &t.tender.tender;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<h1>{} <code>{}</code></h1>",
        esc(&info.title),
        esc(&t.id)
    );
    if let Some(desc) = &info.description {
        let _ = writeln!(s, "<p>{}</p>", esc(desc));
    }
    let _ = writeln!(
        s,
        "<dl>\n<dt>Procedure</dt><dd>{}</dd>\n<dt>Estimated value</dt><dd>{}</dd>\n<dt>Published</dt><dd>{}</dd>\n<dt>Deadline</dt><dd>{}</dd>\n<dt>Evaluation panel</dt><dd>{}</dd>\n</dl>",
        esc(&format!("{:?}", info.procedure).to_lowercase()),
        d.money.html(*info.estimated_value.get_ref(), &e.currency),
        info.published
            .as_ref()
            .map_or_else(|| "not given".to_string(), |p| p.get_ref().to_string()),
        info.deadline
            .as_ref()
            .map_or_else(|| "not given".to_string(), |p| p.get_ref().to_string()),
        esc(&e.panel.join(", ")),
    );
    let nothing = Withheld::default();
    let w = d.withheld_of(&t.id).unwrap_or(&nothing);
    if !w.is_empty() {
        s.push_str(
            "<section class=\"withheld\" id=\"withheld\">\n<h2>Withheld from this page</h2>\n",
        );
        for p in &w.plain {
            let _ = writeln!(s, "<p>{}</p>", esc(p));
        }
        s.push_str("<p>Cells that would show them say <em>withheld</em>; the OCDS package leaves the same out.</p>\n</section>\n");
    }
    tender_bids(&mut s, t, w, &d.money, &e.currency);
    let names: BTreeMap<&str, &str> = t
        .tender
        .criteria
        .iter()
        .map(|c| (c.id.get_ref().as_str(), c.name.as_str()))
        .collect();
    s.push_str("<h2>Evaluation and ranking</h2>\n");
    for lot in &e.lots {
        lot_scores(&mut s, lot, &names, w);
    }
    if !e.refused.is_empty() {
        s.push_str("<h2>Score sheets left out</h2>\n<ul>\n");
        for r in &e.refused {
            let _ = writeln!(
                s,
                "<li>{} ({}): {}</li>",
                esc(&d.member_name(&r.member)),
                esc(&r.source),
                esc(&r.reason)
            );
        }
        s.push_str("</ul>\n");
    }
    tender_awards(&mut s, e, w);
    let disputes: Vec<_> = d
        .register
        .disputes
        .iter()
        .filter(|x| x.tender.as_deref() == Some(t.id.as_str()))
        .collect();
    if !disputes.is_empty() {
        s.push_str("<h2>Disputes</h2>\n<ul>\n");
        for x in disputes {
            let _ = writeln!(
                s,
                "<li><a href=\"disputes.html#dispute-{}\">{}</a>: {} ({})</li>",
                esc(&x.id),
                esc(&x.id),
                esc(x.status.code()),
                esc(w.name(&x.author))
            );
        }
        s.push_str("</ul>\n");
    }
    s
}

/// The tender page's table of bids received: bidder, lot, price and status.
fn tender_bids(
    s: &mut String,
    t: &crate::board::load::TenderDoc,
    w: &Withheld,
    money: &crate::export::money::Money,
    currency: &str,
) {
    s.push_str("<h2>Bids</h2>\n");
    table_head(
        s,
        "bids",
        "Bids received",
        &[
            ("Bid", false),
            ("Bidder", false),
            ("Lot", false),
            ("Price", true),
            ("Status", false),
        ],
    );
    for b in &t.tender.bids {
        let _ = writeln!(
            s,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            esc(b.id.get_ref()),
            esc(w.name(&b.bidder)),
            esc(b.lot.as_ref().map_or("—", |l| l.get_ref().as_str())),
            if w.price(b.id.get_ref()) {
                WITHHELD.to_string()
            } else {
                money.html(*b.price.get_ref(), currency)
            },
            esc(&b.status.to_string()),
        );
    }
    table_end(s);
}

/// One lot's scores table (a column per quality criterion, named from `names`), with the
/// provisional badge and each bid's explanation.
///
/// A bid whose scores `[disclosure]` withholds shows `withheld` in its points and total, and
/// neither its explanation nor the lot's notes (which may quote its price) are shown.
fn lot_scores(
    s: &mut String,
    lot: &crate::tender::LotEvaluation,
    names: &BTreeMap<&str, &str>,
    w: &Withheld,
) {
    let caption = match (&lot.lot, &lot.title) {
        (Some(l), Some(title)) => format!("Scores, lot {l}: {title}"),
        (Some(l), None) => format!("Scores, lot {l}"),
        _ => "Scores".to_string(),
    };
    let crit: Vec<String> = lot
        .evaluation
        .results
        .first()
        .map(|r| r.quality.iter().map(|c| c.criterion.clone()).collect())
        .unwrap_or_default();
    let mut cols: Vec<(String, bool)> = vec![
        ("Rank".into(), true),
        ("Bid".into(), false),
        ("Status".into(), false),
    ];
    for c in &crit {
        cols.push((
            names.get(c.as_str()).unwrap_or(&c.as_str()).to_string(),
            true,
        ));
    }
    cols.push(("Price points".into(), true));
    cols.push(("Total".into(), true));
    let col_refs: Vec<(&str, bool)> = cols.iter().map(|(c, n)| (c.as_str(), *n)).collect();
    table_head(s, "scores", &caption, &col_refs);
    for r in &lot.evaluation.results {
        if w.price(&r.bid) {
            let _ = write!(
                s,
                "<tr><td class=\"num\">{}</td><th scope=\"row\">{}</th><td>{}</td>",
                r.rank.map_or_else(|| "—".to_string(), |k| k.to_string()),
                esc(&r.bid),
                esc(&r.status.to_string()),
            );
            for _ in 0..crit.len() + 2 {
                let _ = write!(s, "<td class=\"num\">{WITHHELD}</td>");
            }
            s.push_str("</tr>\n");
            continue;
        }
        let _ = write!(
            s,
            "<tr><td class=\"num\">{}</td><th scope=\"row\">{}</th><td>{}</td>",
            r.rank.map_or_else(|| "—".to_string(), |k| k.to_string()),
            esc(&r.bid),
            esc(&r.status.to_string()),
        );
        for c in &crit {
            let p = r.quality.iter().find(|q| &q.criterion == c).map_or_else(
                || "—".to_string(),
                |q| q.points.round_dp(2).normalize().to_string(),
            );
            let _ = write!(s, "<td class=\"num\">{p}</td>");
        }
        let _ = writeln!(
            s,
            "<td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            r.price_points.map_or_else(
                || "—".to_string(),
                |p| p.round_dp(2).normalize().to_string()
            ),
            r.total
                .map_or_else(|| "—".to_string(), |p| p.normalize().to_string()),
        );
    }
    table_end(s);
    s.push_str("<p class=\"explain\">Points shown to two decimals, as <code>procboard score</code> shows them; each bid's calculation follows.</p>\n");
    if lot.evaluation.provisional {
        s.push_str("<p><span class=\"badge\">PROVISIONAL</span> The ranking is provisional: some bids are still pending.</p>\n");
    }
    let any_withheld = lot.evaluation.results.iter().any(|r| w.price(&r.bid));
    let notes: Vec<&String> = lot
        .evaluation
        .notes
        .iter()
        .filter(|_| !any_withheld)
        .chain(
            lot.evaluation
                .results
                .iter()
                .filter(|r| !w.price(&r.bid))
                .map(|r| &r.explanation),
        )
        .filter(|n| !n.is_empty())
        .collect();
    if any_withheld {
        s.push_str("<p class=\"explain\">The calculations of the bids whose scores are withheld, and the lot's notes on the evaluation (which quote their prices), are withheld.</p>\n");
    }
    if !notes.is_empty() {
        s.push_str("<ul class=\"explain\">\n");
        for n in notes {
            let _ = writeln!(s, "<li>{}</li>", esc(n));
        }
        s.push_str("</ul>\n");
    }
}

/// The tender page's award section: each award's status, standstill and the disputes that
/// hold it.
fn tender_awards(s: &mut String, e: &TenderEvaluation, w: &Withheld) {
    s.push_str("<h2>Award</h2>\n");
    if e.awards.is_empty() {
        s.push_str("<p>No award yet.</p>\n");
    }
    for a in &e.awards {
        let _ = writeln!(
            s,
            "<p>{}Bid {} ({}): <span class=\"badge\">{}</span> on {}. {}</p>",
            a.lot
                .as_ref()
                .map(|l| format!("Lot {}: ", esc(l)))
                .unwrap_or_default(),
            esc(&a.bid),
            esc(w.name(&a.bidder)),
            award_word(a.status),
            e.on,
            esc(&a.reason)
        );
        if let Some(st) = &a.standstill {
            let _ = writeln!(
                s,
                "<p class=\"explain\">Standstill: {}</p>",
                esc(&st.explanation)
            );
        }
        if !a.held_by.is_empty() {
            let links: Vec<String> = a
                .held_by
                .iter()
                .map(|h| {
                    format!(
                        "<a href=\"disputes.html#dispute-{}\">{}</a>",
                        esc(h),
                        esc(h)
                    )
                })
                .collect();
            let _ = writeln!(s, "<p>Held by: {}</p>", links.join(", "));
        }
    }
}

/// `disputes.html`: the dispute register.
pub fn disputes(d: &Data<'_>) -> String {
    let mut s = String::from("<h1>Dispute register</h1>\n");
    if d.register.disputes.is_empty() {
        s.push_str("<p>No dispute has been lodged.</p>\n");
        return s;
    }
    table_head(
        &mut s,
        "disputes",
        "Disputes",
        &[
            ("Dispute", false),
            ("Kind", false),
            ("Lodged", false),
            ("By", false),
            ("Concerns", false),
            ("Status", false),
            ("Blocks the award", false),
        ],
    );
    for x in &d.register.disputes {
        let concerns = match &x.tender {
            Some(t) => format!(
                "tender <a href=\"{}\">{}</a>{}{}",
                tender_page(t),
                esc(t),
                x.lot
                    .as_ref()
                    .map(|l| format!(", lot {}", esc(l)))
                    .unwrap_or_default(),
                x.bid
                    .as_ref()
                    .map(|b| format!(", bid {}", esc(b)))
                    .unwrap_or_default()
            ),
            None => match (&x.meeting, &x.item) {
                (Some(m), item) => format!(
                    "meeting <a href=\"{}\">{}</a>{}",
                    meeting_page(m),
                    esc(m),
                    item.as_ref()
                        .map(|i| format!(", item {}", esc(i)))
                        .unwrap_or_default()
                ),
                _ => "—".to_string(),
            },
        };
        let _ = writeln!(
            s,
            "<tr><th scope=\"row\"><a href=\"#dispute-{id}\">{id}</a></th><td>{}</td><td>{}</td><td>{} ({})</td><td>{concerns}</td><td><span class=\"badge\">{}</span></td><td>{}</td></tr>",
            esc(x.kind.code()),
            x.lodged,
            esc(d.public_name(x.tender.as_deref(), &x.author)),
            esc(x.role.code()),
            esc(x.status.code()),
            if x.blocks_award { "yes" } else { "no" },
            id = esc(&x.id),
        );
    }
    table_end(&mut s);
    for x in &d.register.disputes {
        let _ = writeln!(
            s,
            "<section id=\"dispute-{id}\">\n<h2>{id}</h2>\n<dl>\n<dt>Grounds</dt><dd>{}</dd>\n<dt>Remedy sought</dt><dd>{}</dd>\n<dt>Lodged</dt><dd>{} ({})</dd>\n</dl>",
            esc(&x.grounds),
            esc(x.remedy.as_deref().unwrap_or("—")),
            x.lodged,
            esc(&x.source),
            id = esc(&x.id),
        );
        if !x.history.is_empty() {
            table_head(
                &mut s,
                "history",
                &format!("History of {}", x.id),
                &[
                    ("Date", false),
                    ("Status", false),
                    ("Reasons", false),
                    ("Recorded in", false),
                ],
            );
            for c in &x.history {
                let _ = writeln!(
                    s,
                    "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td></tr>",
                    c.date,
                    esc(c.status.code()),
                    esc(c.reasons.as_deref().unwrap_or("")),
                    esc(&c.source)
                );
            }
            table_end(&mut s);
        }
        s.push_str("</section>\n");
    }
    s
}

/// `seats.html`: seats, officers and weights on each meeting's date.
pub fn seats(d: &Data<'_>) -> String {
    let mut s = String::from(
        "<h1>Seats and weights over time</h1>\n<p>Who held each seat, who chaired, and every member's vote weight on the date of each meeting (as <code>procboard seats --on</code> prints them).</p>\n",
    );
    let mut dates: Vec<chrono::NaiveDate> = d
        .meetings
        .iter()
        .map(|m| m.agenda.meeting.date.get_ref().0)
        .collect();
    dates.dedup();
    let mut reports = Vec::new();
    for date in dates {
        match crate::board::resolve::seats_on(d.board, date) {
            Ok(r) => reports.push(r),
            Err(e) => {
                let _ = writeln!(s, "<p>{date}: {}</p>", esc(&e.to_string()));
            }
        }
    }
    if reports.is_empty() {
        s.push_str("<p>The board has no meeting dates yet.</p>\n");
        return s;
    }
    let date_cols: Vec<String> = reports.iter().map(|r| r.date.to_string()).collect();
    let mut cols: Vec<(&str, bool)> = vec![("Date", false)];
    cols.extend([
        ("Chair", false),
        ("Vice-chair", false),
        ("Total weight", true),
    ]);
    table_head(&mut s, "officers", "Officers and total weight", &cols);
    for r in &reports {
        let (chair, vice) = r.officers.as_ref().map_or_else(
            || ("—".to_string(), "—".to_string()),
            |o| (d.member_name(&o.chair), d.member_name(&o.vice_chair)),
        );
        let _ = writeln!(
            s,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
            r.date,
            esc(&chair),
            esc(&vice),
            r.total_weight.normalize()
        );
    }
    table_end(&mut s);
    let mut cols: Vec<(&str, bool)> = vec![("Member", false)];
    cols.extend(date_cols.iter().map(|c| (c.as_str(), true)));
    table_head(
        &mut s,
        "weights",
        "Vote weight of each member on each date (“not seated”: the member holds no seat then)",
        &cols,
    );
    for m in &d.board.file.members {
        let id = m.id.get_ref();
        let _ = write!(s, "<tr><th scope=\"row\">{}</th>", esc(&d.member_name(id)));
        for r in &reports {
            let cell = match r.weights.iter().find(|w| &w.member == id) {
                Some(w) if w.seated => w.weight.normalize().to_string(),
                Some(w) => format!("{} (not seated)", w.weight.normalize()),
                None => "not a member".to_string(),
            };
            let _ = write!(s, "<td class=\"num\">{cell}</td>");
        }
        s.push_str("</tr>\n");
    }
    table_end(&mut s);
    let mut seat_ids: Vec<&str> = Vec::new();
    for r in &reports {
        for h in &r.seats {
            if !seat_ids.contains(&h.seat.as_str()) {
                seat_ids.push(&h.seat);
            }
        }
    }
    let mut cols: Vec<(&str, bool)> = vec![("Seat", false)];
    cols.extend(date_cols.iter().map(|c| (c.as_str(), false)));
    table_head(&mut s, "seats", "Who held each seat on each date", &cols);
    for seat in seat_ids {
        let _ = write!(s, "<tr><th scope=\"row\">{}</th>", esc(seat));
        for r in &reports {
            let cell = match r.seats.iter().find(|h| h.seat == seat) {
                Some(h) => h
                    .member
                    .as_deref()
                    .map_or_else(|| "vacant".to_string(), |m| d.member_name(m)),
                None => "—".to_string(),
            };
            let _ = write!(s, "<td>{}</td>", esc(&cell));
        }
        s.push_str("</tr>\n");
    }
    table_end(&mut s);
    s
}

fn amount(a: Option<crate::export::Amount>) -> String {
    a.map_or_else(|| "—".to_string(), |a| a.0.normalize().to_string())
}

/// An amount of money as the board's language writes it, its exact decimal in `<data value>`;
/// a dash where the files lack it.
fn money(m: &Money, a: Option<crate::export::Amount>, currency: &str) -> String {
    a.map_or_else(|| "—".to_string(), |a| m.html(a.0, currency))
}

fn days(d: Option<i64>) -> String {
    d.map_or_else(|| "—".to_string(), |d| d.to_string())
}

/// `dashboard.html`: the `procboard stats` figures as tables, with charts as inline SVG beside
/// the figures they draw.
pub fn dashboard(st: &crate::export::stats::Stats, m: &Money) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<h1>Dashboard</h1>\n<p>The board's performance figures as <code>procboard stats</code> gives them, as of {}, amounts in {} (the exact figures are in the downloads). Each chart has its figures in the table beside it; where the board's files lack a figure, the table says so instead of guessing.</p>",
        st.on,
        esc(&st.currency)
    );
    dashboard_tenders(&mut s, st, m);
    dashboard_years(&mut s, st, m);
    dashboard_members(&mut s, st);
    s
}

/// The dashboard's figures per tender (value, bids, days, protests), the figures the board's
/// files lack, and charts of values and bids.
fn dashboard_tenders(s: &mut String, st: &crate::export::stats::Stats, m: &Money) {
    s.push_str("<h2>Per tender</h2>\n");
    table_head(
        s,
        "stats-tenders",
        "Each tender: value, bids, days, protests",
        &[
            ("Tender", false),
            ("Published", false),
            ("Estimated value", true),
            ("Awarded value", true),
            ("Savings", true),
            ("Savings %", true),
            ("Bids", true),
            ("Valid bids", true),
            ("Days to award", true),
            ("Days to contract", true),
            ("Protests lodged", true),
            ("Protests upheld", true),
            ("Awards held by standstill", true),
            ("Awards held by a protest", true),
        ],
    );
    for t in &st.tenders {
        let _ = writeln!(
            s,
            "<tr><th scope=\"row\"><a href=\"{}\">{}</a></th><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            tender_page(&t.tender),
            esc(&t.tender),
            t.published
                .map_or_else(|| "not given".to_string(), |p| p.to_string()),
            m.html(t.estimated.0, &t.currency),
            money(m, t.awarded, &t.currency),
            money(m, t.savings, &t.currency),
            amount(t.savings_percent),
            t.bids,
            t.valid_bids,
            days(t.days_to_award),
            days(t.days_to_contract),
            t.protests_lodged,
            t.protests_upheld,
            t.held_by_standstill,
            t.held_by_dispute,
        );
    }
    table_end(s);
    let lcc: Vec<_> = st
        .tenders
        .iter()
        .filter_map(|t| Some((t, t.awarded?, t.awarded_life_cycle_cost?)))
        .collect();
    if !lcc.is_empty() {
        s.push_str("<h3>Price and life-cycle cost</h3>\n<ul>\n");
        for (t, a, l) in lcc {
            let _ = writeln!(
                s,
                "<li><a href=\"{}\">{}</a>: awarded at {}; evaluated on its life-cycle cost, a net present cost of {}.</li>",
                tender_page(&t.tender),
                esc(&t.title),
                m.html(a.0, &t.currency),
                m.html(l.0, &t.currency)
            );
        }
        s.push_str("</ul>\n");
    }
    let missing: Vec<String> = st
        .tenders
        .iter()
        .flat_map(|t| {
            t.missing_public
                .iter()
                .map(move |m| format!("{}: {m}", t.title))
        })
        .chain(st.missing_public.iter().cloned())
        .collect();
    if !missing.is_empty() {
        s.push_str("<h3>Missing figures</h3>\n<ul>\n");
        for m in &missing {
            let _ = writeln!(s, "<li>{}</li>", esc(m));
        }
        s.push_str("</ul>\n");
    }
    let values: Vec<(String, Vec<Decimal>)> = st
        .tenders
        .iter()
        .map(|t| {
            (
                t.tender.clone(),
                vec![t.estimated.0, t.awarded.map_or(Decimal::ZERO, |a| a.0)],
            )
        })
        .collect();
    if !values.is_empty() {
        s.push_str(&chart(&Chart {
            id: "values",
            title: "Estimated and awarded value per tender (awarded 0: no award yet)",
            row_label: "Tender",
            series: &["estimated", "awarded"],
            rows: &values,
        }));
        let bids: Vec<(String, Vec<Decimal>)> = st
            .tenders
            .iter()
            .map(|t| {
                (
                    t.tender.clone(),
                    vec![Decimal::from(t.bids), Decimal::from(t.valid_bids)],
                )
            })
            .collect();
        s.push_str(&chart(&Chart {
            id: "bids",
            title: "Bids and valid bids per tender",
            row_label: "Tender",
            series: &["bids", "valid bids"],
            rows: &bids,
        }));
    }
}

/// The dashboard's figures per year of publication, with a chart of values and savings.
fn dashboard_years(s: &mut String, st: &crate::export::stats::Stats, m: &Money) {
    s.push_str("<h2>Per year</h2>\n");
    table_head(
        s,
        "stats-years",
        "Each year (of publication)",
        &[
            ("Year", false),
            ("Tenders", true),
            ("Estimated value", true),
            ("Awarded value", true),
            ("Savings", true),
            ("Bids", true),
            ("Valid bids", true),
            ("Mean days to award", true),
            ("Mean days to contract", true),
            ("Protests lodged", true),
            ("Protests upheld", true),
            ("Awards held by standstill", true),
        ],
    );
    for y in &st.years {
        let _ = writeln!(
            s,
            "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            y.year
                .map_or_else(|| "no publication date".to_string(), |y| y.to_string()),
            y.tenders,
            m.html(y.estimated.0, &st.currency),
            money(m, y.awarded, &st.currency),
            money(m, y.savings, &st.currency),
            y.bids,
            y.valid_bids,
            amount(y.mean_days_to_award),
            amount(y.mean_days_to_contract),
            y.protests_lodged,
            y.protests_upheld,
            y.held_by_standstill,
        );
    }
    table_end(s);
    let years: Vec<(String, Vec<Decimal>)> = st
        .years
        .iter()
        .map(|y| {
            (
                y.year
                    .map_or_else(|| "no date".to_string(), |y| y.to_string()),
                vec![
                    y.estimated.0,
                    y.awarded.map_or(Decimal::ZERO, |a| a.0),
                    y.savings.map_or(Decimal::ZERO, |a| a.0),
                ],
            )
        })
        .collect();
    if !years.is_empty() {
        s.push_str(&chart(&Chart {
            id: "years",
            title: "Estimated value, awarded value and savings per year (0: none yet)",
            row_label: "Year",
            series: &["estimated", "awarded", "savings"],
            rows: &years,
        }));
    }
}

/// The dashboard's figures per member (tenders taken part in, voting participation), with a
/// chart of votes put and cast.
fn dashboard_members(s: &mut String, st: &crate::export::stats::Stats) {
    s.push_str("<h2>Per member</h2>\n");
    table_head(
        s,
        "stats-members",
        "Each member: tenders taken part in, voting participation",
        &[
            ("Member", false),
            ("Tenders", false),
            ("Votes put", true),
            ("Votes cast", true),
            ("Participation %", true),
        ],
    );
    for m in &st.members {
        let _ = writeln!(
            s,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            esc(&format!("{} ({})", m.name, m.member)),
            esc(&m.tenders.join(", ")),
            m.votes_put,
            m.votes_cast,
            amount(m.participation_percent),
        );
    }
    table_end(s);
    let part: Vec<(String, Vec<Decimal>)> = st
        .members
        .iter()
        .map(|m| {
            (
                m.name.clone(),
                vec![Decimal::from(m.votes_put), Decimal::from(m.votes_cast)],
            )
        })
        .collect();
    if st.members.iter().any(|m| m.votes_put > 0) {
        s.push_str(&chart(&Chart {
            id: "participation",
            title: "Votes put to each member and votes cast",
            row_label: "Member",
            series: &["votes put", "votes cast"],
            rows: &part,
        }));
    }
}

/// `downloads.html`: every file of the record, with size and SHA-256.
pub fn downloads(d: &Data<'_>) -> String {
    let mut s = String::from(
        "<h1>Downloads</h1>\n<p>The record's own files, byte for byte as in the board's folder: journals, minutes, signatures and the signers' list. Check them without procboard as <code>docs/minutes.md</code> shows (<code>ssh-keygen -Y verify</code>, <code>sha256sum</code>).</p>\n",
    );
    for (meeting, files) in &d.downloads {
        if meeting.is_empty() {
            s.push_str("<h2>The board</h2>\n");
        } else {
            let _ = writeln!(
                s,
                "<h2>Meeting <a href=\"{}\">{}</a></h2>",
                meeting_page(meeting),
                esc(meeting)
            );
        }
        downloads_list(&mut s, files);
    }
    s
}

/// `print.html`: every meeting's minutes, one after the other, a page break before each.
pub fn print(d: &Data<'_>) -> String {
    let mut s = String::from(
        "<h1>All minutes</h1>\n<p>Every meeting's minutes on one page, for printing: each meeting starts a new printed page.</p>\n",
    );
    let mut any = false;
    for m in &d.meetings {
        if d.minutes.contains_key(&m.id) {
            s.push_str(&meeting_article(d, m, false));
            any = true;
        }
    }
    if !any {
        s.push_str("<p>No minutes yet.</p>\n");
    }
    s
}
