//! Reading `contracts/`: each contract file and each member's report, parsed and checked against
//! the board and its tenders, every problem at once with its file, line and column.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rayon::prelude::*;
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use toml::Spanned;

use super::model::{ContractFile, Period, PeriodKind, ReportFile};
use crate::board::Board;
use crate::diag::{Diagnostic, Source, did_you_mean, list};
use crate::signature::sheets::SheetMark;

/// The folder of the contracts, relative to the board folder.
pub const FOLDER: &str = "contracts";

/// The SSHSIG namespace of members' report signatures.
pub const REPORT_NAMESPACE: &str = "kpi-report@procboard";

/// A contract file with its reports.
#[derive(Clone, Debug)]
pub struct ContractDoc {
    /// File name without `.toml`, the contract's id.
    pub id: String,
    /// `contracts/<id>.toml`, relative to the board folder.
    pub path: PathBuf,
    /// The contract.
    pub file: ContractFile,
    /// Its reports, in period and member order.
    pub reports: Vec<ReportDoc>,
    /// Every KPI value of its reports, in report order, in one table (built by
    /// [`ContractDoc::new`]): the review reads this, not the reports' maps.
    values: Vec<Reported>,
}

/// One KPI value a report gives, by index: the report in `reports`, the KPI in the contract's
/// `[[kpi]]` list, the member in its `[[member]]` list.
#[derive(Clone, Copy, Debug)]
pub struct Reported {
    /// The report's period.
    pub period: Period,
    /// The report, in `reports`.
    pub report: usize,
    /// The KPI, in the contract's `[[kpi]]`.
    pub kpi: usize,
    /// The member, in the contract's `[[member]]`.
    pub member: usize,
    /// The value.
    pub value: Decimal,
}

impl ContractDoc {
    /// A contract and its reports, with the table of their values (values for a KPI the
    /// contract does not have, or from a member it does not serve, are not in it).
    pub fn new(
        id: String,
        path: PathBuf,
        file: ContractFile,
        reports: Vec<ReportDoc>,
    ) -> ContractDoc {
        let kpi_index: BTreeMap<&str, usize> = file
            .kpis
            .iter()
            .enumerate()
            .map(|(i, k)| (k.id.get_ref().as_str(), i))
            .collect();
        let member_index: BTreeMap<&str, usize> = file
            .members
            .iter()
            .enumerate()
            .map(|(i, m)| (m.member.get_ref().as_str(), i))
            .collect();
        let mut values = Vec::new();
        for (report, r) in reports.iter().enumerate() {
            let Some(&member) = member_index.get(r.file.member.get_ref().as_str()) else {
                continue;
            };
            for (k, v) in &r.file.values {
                if let Some(&kpi) = kpi_index.get(k.as_str()) {
                    values.push(Reported {
                        period: r.period,
                        report,
                        kpi,
                        member,
                        value: *v.get_ref().value.get_ref(),
                    });
                }
            }
        }
        ContractDoc {
            id,
            path,
            file,
            reports,
            values,
        }
    }

    /// Every KPI value of the reports, in report order.
    pub fn values(&self) -> &[Reported] {
        &self.values
    }
}

/// One member's report for one period.
#[derive(Clone, Debug)]
pub struct ReportDoc {
    /// The period, from the folder name.
    pub period: Period,
    /// The member, from the file name.
    pub stem: String,
    /// Relative path.
    pub path: PathBuf,
    /// The report.
    pub file: ReportFile,
    /// Why it is left out of the figures (a signature refused or missing where required).
    pub left_out: Option<String>,
}

/// Every contract of a board, and every problem found.
#[derive(Clone, Debug, Default)]
pub struct Contracts {
    /// The contracts that could be read, by id.
    pub docs: Vec<ContractDoc>,
    /// Every problem, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// The sources read, for positions: every contract file, and the reports a problem
    /// points into.
    pub sources: BTreeMap<PathBuf, Source>,
}

impl Contracts {
    /// The contract with this id.
    pub fn get(&self, id: &str) -> Option<&ContractDoc> {
        self.docs.iter().find(|c| c.id == id)
    }

    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Sorted names in a folder of the board (none when it does not exist).
fn names(root: &Path, rel: &Path) -> Vec<(String, bool)> {
    let Ok(entries) = std::fs::read_dir(root.join(rel)) else {
        return Vec::new();
    };
    let mut out: Vec<(String, bool)> = entries
        .flatten()
        .map(|e| {
            let dir = e.file_type().is_ok_and(|t| t.is_dir());
            (e.file_name().to_string_lossy().into_owned(), dir)
        })
        .filter(|(n, _)| !n.starts_with('.'))
        .collect();
    out.sort();
    out
}

struct Reader<'a> {
    board: &'a Board,
    diags: Vec<Diagnostic>,
    sources: BTreeMap<PathBuf, Source>,
}

impl Reader<'_> {
    fn read<T: DeserializeOwned>(&mut self, rel: &Path) -> Option<T> {
        let bytes = match crate::limits::read_inside(
            &self.board.root,
            rel,
            crate::limits::BOARD_FILE_MAX,
        ) {
            Ok(b) => b,
            Err(e) => {
                self.diags.push(
                    Diagnostic::file_error(rel, format!("not read: {e}")).with_hint(e.hint()),
                );
                return None;
            }
        };
        let Ok(text) = String::from_utf8(bytes) else {
            self.diags.push(
                Diagnostic::file_error(rel, "not UTF-8 text").with_hint("save the file as UTF-8"),
            );
            return None;
        };
        let source = Source::new(rel, &text);
        let (value, diags) = crate::board::parse::parse::<T>(&source, &text);
        self.diags.extend(diags);
        self.sources.insert(rel.to_path_buf(), source);
        value
    }

    fn err<T>(&mut self, f: &Path, at: &Spanned<T>, msg: String, hint: Option<String>) {
        self.push(f, at.span(), msg, hint, false);
    }

    fn push(
        &mut self,
        f: &Path,
        span: std::ops::Range<usize>,
        msg: String,
        hint: Option<String>,
        warning: bool,
    ) {
        let mut d = match self.sources.get(f) {
            Some(s) => s.error(span, msg),
            None => Diagnostic::file_error(f, msg),
        };
        if let Some(h) = hint {
            d = d.with_hint(h);
        }
        if warning {
            d = d.warning();
        }
        self.diags.push(d);
    }
}

/// Reads and checks every contract and report of the board.
pub fn load(board: &Board) -> Contracts {
    let mut r = Reader {
        board,
        diags: Vec::new(),
        sources: BTreeMap::new(),
    };
    let folder = Path::new(FOLDER);
    let entries = names(&board.root, folder);
    let stems: BTreeSet<String> = entries
        .iter()
        .filter(|(n, dir)| !dir && n.ends_with(".toml"))
        .map(|(n, _)| n.trim_end_matches(".toml").to_string())
        .collect();
    // Each contract with its reports on its own, read side by side on the machine's cores; the
    // contracts, their problems and their sources gathered in order.
    let stems_in_order: Vec<&String> = stems.iter().collect();
    let read: Vec<(Option<ContractDoc>, Reader<'_>)> = stems_in_order
        .par_iter()
        .map(|stem| {
            let mut r = Reader {
                board,
                diags: Vec::new(),
                sources: BTreeMap::new(),
            };
            (read_contract(&mut r, folder, stem), r)
        })
        .collect();
    let mut docs = Vec::new();
    for (doc, one) in read {
        docs.extend(doc);
        r.diags.extend(one.diags);
        r.sources.extend(one.sources);
    }
    for (name, dir) in &entries {
        if *dir && !stems.contains(name) {
            let hint = did_you_mean(name, stems.iter().map(String::as_str))
                .map(|s| format!("did you mean `{s}`? "))
                .unwrap_or_default();
            r.diags.push(
                Diagnostic::file_error(
                    folder.join(name),
                    format!(
                        "reports for contract `{name}`, which has no file {FOLDER}/{name}.toml"
                    ),
                )
                .with_hint(format!("{hint}contracts: {}", list_of(&stems))),
            );
        }
    }
    crate::diag::sort(&mut r.diags);
    Contracts {
        docs,
        diagnostics: r.diags,
        sources: r.sources,
    }
}

/// One contract file and its reports.
fn read_contract(r: &mut Reader<'_>, folder: &Path, stem: &str) -> Option<ContractDoc> {
    let path = folder.join(format!("{stem}.toml"));
    let file = r.read::<ContractFile>(&path)?;
    let doc = ContractDoc::new(stem.to_string(), path, file, Vec::new());
    check_contract(r, &doc);
    let reports = read_reports(r, &doc);
    // Kept: the contract file's text, and a report's only where a problem points into it (a
    // board's reports run to hundreds of thousands of small files).
    let cited: BTreeSet<&Path> = r.diags.iter().map(|d| d.file.as_path()).collect();
    let kept: BTreeMap<PathBuf, Source> = std::mem::take(&mut r.sources)
        .into_iter()
        .filter(|(p, _)| *p == doc.path || cited.contains(p.as_path()))
        .collect();
    r.sources = kept;
    Some(ContractDoc::new(doc.id, doc.path, doc.file, reports))
}

fn list_of(set: &BTreeSet<String>) -> String {
    let v: Vec<&str> = set.iter().map(String::as_str).collect();
    list(&v)
}

/// A contract against the board and the tender it names.
fn check_contract(r: &mut Reader<'_>, doc: &ContractDoc) {
    let f = doc.path.clone();
    let c = &doc.file.contract;
    if c.id.get_ref() != &doc.id {
        r.err(
            &f,
            &c.id,
            format!(
                "contract id `{}` differs from the file name `{}`",
                c.id.get_ref(),
                doc.id
            ),
            Some(format!("id = \"{}\"", doc.id)),
        );
    }
    check_award(r, &f, doc);
    if c.end.get_ref() < c.start.get_ref() {
        r.err(
            &f,
            &c.end,
            format!(
                "the contract ends ({}) before it starts ({})",
                c.end.get_ref(),
                c.start.get_ref()
            ),
            None,
        );
    }
    if *c.value.get_ref() <= Decimal::ZERO {
        r.err(
            &f,
            &c.value,
            format!("value {} must be more than 0", c.value.get_ref()),
            None,
        );
    }
    let seen = check_served(r, &f, doc);
    check_kpis(r, &f, doc, &seen);
}

/// The members a contract serves: known, buyers of its tender, once each, each with a share or a
/// ceiling (not both, not a mix), the shares summing to 100 and the ceilings to no more than the
/// value. Returns the members served.
fn check_served(r: &mut Reader<'_>, f: &Path, doc: &ContractDoc) -> BTreeSet<String> {
    let board = r.board;
    let f = f.to_path_buf();
    let c = &doc.file.contract;
    let member_ids: Vec<&str> = board
        .file
        .members
        .iter()
        .map(|m| m.id.get_ref().as_str())
        .collect();
    let tender = board.tender(c.tender.get_ref());
    let buyers: Vec<&str> = tender
        .map(|t| {
            t.tender
                .tender
                .buyers
                .iter()
                .map(|b| b.get_ref().as_str())
                .collect()
        })
        .unwrap_or_default();
    let mut seen = BTreeSet::new();
    let (mut shares, mut ceilings) = (Vec::new(), Vec::new());
    for s in &doc.file.members {
        let id = s.member.get_ref();
        if !member_ids.contains(&id.as_str()) {
            let hint = did_you_mean(id, member_ids.iter().copied())
                .map(|x| format!("did you mean `{x}`? "))
                .unwrap_or_default();
            r.err(
                &f,
                &s.member,
                format!("unknown member `{id}`"),
                Some(format!("{hint}members: {}", list(&member_ids))),
            );
        } else if !buyers.is_empty() && !buyers.contains(&id.as_str()) {
            r.err(
                &f,
                &s.member,
                format!(
                    "member `{id}` is not entitled: it is not a buyer of tender `{}`",
                    c.tender.get_ref()
                ),
                Some(format!("the tender's buyers: {}", list(&buyers))),
            );
        }
        if !seen.insert(id.clone()) {
            r.err(
                &f,
                &s.member,
                format!("member `{id}` is listed twice"),
                None,
            );
        }
        match (&s.share, &s.ceiling) {
            (Some(sh), None) => shares.push(sh.clone()),
            (None, Some(ce)) => ceilings.push(ce.clone()),
            (Some(_), Some(ce)) => r.err(
                &f,
                ce,
                format!("member `{id}` has both a `share` and a `ceiling`"),
                Some(
                    "give a share of the value (percent) or a call-off ceiling (amount), not both"
                        .into(),
                ),
            ),
            (None, None) => r.err(
                &f,
                &s.member,
                format!("member `{id}` has neither a `share` nor a `ceiling`"),
                Some("share = 25 (percent of the value) or ceiling = 100000 (an amount)".into()),
            ),
        }
        if let Some(b) = &s.baseline
            && (s.volume.is_none() || c.unit_price.is_none())
        {
            r.err(
                &f,
                b,
                format!("member `{id}` declares a baseline, but the savings also need its `volume` and the contract's `unit_price`"),
                Some("savings = (baseline - unit_price) x volume; add the missing key".into()),
            );
        }
    }
    check_parts(r, &f, doc, &shares, &ceilings);
    seen
}

/// The members' parts of a contract: shares summing to 100, or ceilings summing to no more than
/// the value, never a mix.
fn check_parts(
    r: &mut Reader<'_>,
    f: &Path,
    doc: &ContractDoc,
    shares: &[Spanned<Decimal>],
    ceilings: &[Spanned<Decimal>],
) {
    let c = &doc.file.contract;
    if !shares.is_empty() && !ceilings.is_empty() {
        let at = ceilings[0].clone();
        r.err(
            f,
            &at,
            "members mix shares and call-off ceilings".into(),
            Some("use shares for every member or ceilings for every member".into()),
        );
    }
    if !shares.is_empty() && ceilings.is_empty() {
        let sum: Decimal = shares.iter().map(|s| *s.get_ref()).sum();
        if sum != Decimal::ONE_HUNDRED {
            let parts: Vec<String> = doc
                .file
                .members
                .iter()
                .filter_map(|s| {
                    s.share
                        .as_ref()
                        .map(|sh| format!("{} {}", s.member.get_ref(), sh.get_ref()))
                })
                .collect();
            r.err(
                f,
                &shares[0],
                format!("members' shares sum to {}, not 100", sum.normalize()),
                Some(format!("shares: {}", parts.join(" + "))),
            );
        }
    }
    if !ceilings.is_empty() && shares.is_empty() {
        let sum: Decimal = ceilings.iter().map(|s| *s.get_ref()).sum();
        if sum > *c.value.get_ref() {
            r.err(
                f,
                &ceilings[0],
                format!(
                    "call-off ceilings sum to {}, more than the contract value {}",
                    sum.normalize(),
                    c.value.get_ref()
                ),
                None,
            );
        }
    }
}

/// The tender, lot and award a contract names, and its supplier.
fn check_award(r: &mut Reader<'_>, f: &Path, doc: &ContractDoc) {
    let board = r.board;
    let c = &doc.file.contract;
    let ids: Vec<&str> = board.tenders.iter().map(|t| t.id.as_str()).collect();
    let Some(t) = board.tender(c.tender.get_ref()) else {
        let hint = did_you_mean(c.tender.get_ref(), ids.iter().copied())
            .map(|x| format!("did you mean `{x}`? "))
            .unwrap_or_default();
        r.err(
            f,
            &c.tender,
            format!("unknown tender `{}`", c.tender.get_ref()),
            Some(format!("{hint}tenders: {}", list(&ids))),
        );
        return;
    };
    let lots: Vec<&str> = t
        .tender
        .lots
        .iter()
        .map(|l| l.id.get_ref().as_str())
        .collect();
    match &c.lot {
        None if !lots.is_empty() => {
            r.err(
                f,
                &c.tender,
                format!(
                    "tender `{}` has lots: say which `lot` the contract is for",
                    t.id
                ),
                Some(format!("lot = one of {}", list(&lots))),
            );
            return;
        }
        Some(l) if !lots.contains(&l.get_ref().as_str()) => {
            r.err(
                f,
                l,
                format!("unknown lot `{}` of tender `{}`", l.get_ref(), t.id),
                Some(format!("lots: {}", list(&lots))),
            );
            return;
        }
        _ => {}
    }
    let lot = c.lot.as_ref().map(|l| l.get_ref().as_str());
    let awards: Vec<&str> = t
        .tender
        .awards
        .iter()
        .filter(|a| a.lot.as_ref().map(|l| l.get_ref().as_str()) == lot)
        .map(|a| a.bid.get_ref().as_str())
        .collect();
    if !awards.contains(&c.award.get_ref().as_str()) {
        let what = lot.map(|l| format!(", lot `{l}`,")).unwrap_or_default();
        r.err(
            f,
            &c.award,
            format!(
                "tender `{}`{what} has no award to bid `{}`",
                t.id,
                c.award.get_ref()
            ),
            Some(format!(
                "the tender's [[award]] bids here: {}",
                list(&awards)
            )),
        );
        return;
    }
    if let Some(bid) = t
        .tender
        .bids
        .iter()
        .find(|b| b.id.get_ref() == c.award.get_ref())
        && &bid.bidder != c.supplier.get_ref()
    {
        r.err(
            f,
            &c.supplier,
            format!(
                "supplier `{}` is not the awarded bidder `{}` (bid {})",
                c.supplier.get_ref(),
                bid.bidder,
                bid.id.get_ref()
            ),
            Some(format!("supplier = \"{}\"", bid.bidder)),
        );
    }
}

/// The KPIs: ids once, sensible ranges, reporters served, and a remedy clause that adds up.
fn check_kpis(r: &mut Reader<'_>, f: &Path, doc: &ContractDoc, served: &BTreeSet<String>) {
    let mut ids = BTreeSet::new();
    for k in &doc.file.kpis {
        let id = k.id.get_ref();
        if !ids.insert(id.clone()) {
            r.err(f, &k.id, format!("KPI `{id}` is defined twice"), None);
        }
        if let Some(t) = &k.tolerance
            && *t.get_ref() < Decimal::ZERO
        {
            r.err(
                f,
                t,
                format!("tolerance {} must not be negative", t.get_ref()),
                None,
            );
        }
        if let (Some(lo), Some(hi)) = (&k.min, &k.max)
            && lo.get_ref() > hi.get_ref()
        {
            r.err(
                f,
                hi,
                format!("max {} is below min {}", hi.get_ref(), lo.get_ref()),
                None,
            );
        }
        let target = *k.target.get_ref();
        if k.min.as_ref().is_some_and(|m| target < *m.get_ref())
            || k.max.as_ref().is_some_and(|m| target > *m.get_ref())
        {
            r.err(
                f,
                &k.target,
                format!("target {target} is outside the KPI's range (min..max)"),
                None,
            );
        }
        for rep in &k.reporters {
            if !served.contains(rep.get_ref()) {
                let s: Vec<&str> = served.iter().map(String::as_str).collect();
                r.err(
                    f,
                    rep,
                    format!(
                        "member `{}` reports KPI `{id}` but the contract does not serve it",
                        rep.get_ref()
                    ),
                    Some(format!("members served: {}", list(&s))),
                );
            }
        }
        if let Some(rem) = &k.remedy {
            let rm = rem.get_ref();
            let clause = |r: &mut Reader<'_>, msg: &str, hint: &str| {
                r.err(
                    f,
                    rem,
                    format!("KPI `{id}`: the remedy {msg}"),
                    Some(hint.to_string()),
                );
            };
            match (&rm.percent_per_point, &rm.amount_per_point) {
                (Some(_), Some(_)) => clause(
                    r,
                    "gives both `percent_per_point` and `amount_per_point`",
                    "a clause reduces the price by a percent or by an amount per point, not both",
                ),
                (None, None) => clause(
                    r,
                    "needs `percent_per_point` or `amount_per_point`",
                    "e.g. percent_per_point = 0.5",
                ),
                (Some(_), None) if rm.cap_amount.is_some() => clause(
                    r,
                    "caps a percent with `cap_amount`",
                    "use cap_percent with percent_per_point",
                ),
                (None, Some(_)) if rm.cap_percent.is_some() => clause(
                    r,
                    "caps an amount with `cap_percent`",
                    "use cap_amount with amount_per_point",
                ),
                _ => {}
            }
            if *rm.after_periods.get_ref() == 0 {
                r.err(
                    f,
                    &rm.after_periods,
                    "after_periods must be 1 or more".into(),
                    None,
                );
            }
        }
    }
}

/// The reports of one contract: `contracts/<id>/reports/<period>/<member>.toml`.
fn read_reports(r: &mut Reader<'_>, doc: &ContractDoc) -> Vec<ReportDoc> {
    let board = r.board;
    let base = Path::new(FOLDER).join(&doc.id).join("reports");
    let c = &doc.file.contract;
    let (start, end) = (c.start.get_ref().0, c.end.get_ref().0);
    let required = board.file.contracts.require_signed_reports || c.signed_reports;
    let kpis: Vec<&str> = doc
        .file
        .kpis
        .iter()
        .map(|k| k.id.get_ref().as_str())
        .collect();
    let mut out = Vec::new();
    // (member, call-off id) → the report that first gave it.
    let mut call_offs: BTreeMap<(String, String), PathBuf> = BTreeMap::new();
    for (pname, dir) in names(&board.root, &base) {
        if !dir {
            continue;
        }
        let folder = base.join(&pname);
        let Some(period) = Period::parse(&pname) else {
            r.diags.push(
                Diagnostic::file_error(&folder, format!("`{pname}` is not a reporting period"))
                    .with_hint("name the folder after the period: 2025-03 (a month), 2025-Q1 (a quarter) or 2025 (a year)"),
            );
            continue;
        };
        for (name, is_dir) in names(&board.root, &folder) {
            let Some(stem) = name.strip_suffix(".toml").filter(|_| !is_dir) else {
                continue;
            };
            let path = folder.join(&name);
            let Some(file) = r.read::<ReportFile>(&path) else {
                continue;
            };
            let mut rep = ReportDoc {
                period,
                stem: stem.to_string(),
                path: path.clone(),
                file,
                left_out: None,
            };
            if period.end() < start || period.start() > end {
                r.diags.push(
                    Diagnostic::file_error(
                        &path,
                        format!(
                            "period {period} is outside the contract ({} to {})",
                            start, end
                        ),
                    )
                    .with_hint("move the report to the folder of a period the contract covers"),
                );
            }
            check_report(r, doc, &rep, &kpis);
            check_call_offs(r, doc, &rep, &mut call_offs);
            if let Some(reason) = report_refusal(board, &rep, required) {
                r.diags.push(
                    Diagnostic::file_error(&path, reason.clone())
                        .with_hint(format!("sign it with `ssh-keygen -Y sign -f <KEY> -n {REPORT_NAMESPACE} {}` (docs/contracts.md#signed-reports)", path.display()))
                        .warning(),
                );
                rep.left_out = Some(reason);
            }
            out.push(rep);
        }
    }
    out
}

/// One report against its contract.
fn check_report(r: &mut Reader<'_>, doc: &ContractDoc, rep: &ReportDoc, kpis: &[&str]) {
    let board = r.board;
    let f = rep.path.clone();
    let m = &rep.file.member;
    if m.get_ref() != &rep.stem {
        r.err(
            &f,
            m,
            format!(
                "the report says member `{}` but is filed as `{}`",
                m.get_ref(),
                rep.stem
            ),
            Some(format!("member = \"{}\", or rename the file", rep.stem)),
        );
    }
    let member = m.get_ref();
    let served = doc
        .file
        .members
        .iter()
        .any(|s| s.member.get_ref() == member);
    if board.member(member).is_none() {
        r.err(&f, m, format!("unknown member `{member}`"), None);
        return;
    }
    if !served {
        let s: Vec<&str> = doc
            .file
            .members
            .iter()
            .map(|s| s.member.get_ref().as_str())
            .collect();
        r.err(
            &f,
            m,
            format!(
                "member `{member}` is not entitled: contract `{}` does not serve it",
                doc.id
            ),
            Some(format!("members served: {}", list(&s))),
        );
        return;
    }
    for (key, v) in &rep.file.values {
        let Some(k) = doc.file.kpis.iter().find(|k| k.id.get_ref() == key) else {
            let hint = did_you_mean(key, kpis.iter().copied())
                .map(|x| format!("did you mean `{x}`? "))
                .unwrap_or_default();
            r.err(
                &f,
                v,
                format!("unknown KPI `{key}` of contract `{}`", doc.id),
                Some(format!("{hint}KPIs: {}", list(kpis))),
            );
            continue;
        };
        if k.period != rep.period.kind {
            r.err(
                &f,
                v,
                format!(
                    "KPI `{key}` is reported {}, but this report is for {} {}",
                    k.period.word(),
                    period_noun(rep.period.kind),
                    rep.period
                ),
                Some(format!("report it in a {} report", k.period.word())),
            );
            continue;
        }
        if !k.reporters.is_empty() && !k.reporters.iter().any(|x| x.get_ref() == member) {
            let rs: Vec<&str> = k.reporters.iter().map(|x| x.get_ref().as_str()).collect();
            r.err(
                &f,
                v,
                format!("member `{member}` does not report KPI `{key}`"),
                Some(format!("its reporters: {}", list(&rs))),
            );
            continue;
        }
        let val = v.get_ref();
        if val.unit.get_ref() != k.unit.get_ref() {
            r.err(
                &f,
                &val.unit,
                format!(
                    "unit `{}` for KPI `{key}`, which is measured in `{}`",
                    val.unit.get_ref(),
                    k.unit.get_ref()
                ),
                Some(format!(
                    "convert the value to {} and write unit = \"{}\"",
                    k.unit.get_ref(),
                    k.unit.get_ref()
                )),
            );
        }
        let x = *val.value.get_ref();
        let lo = k.min.as_ref().map(|m| *m.get_ref());
        let hi = k.max.as_ref().map(|m| *m.get_ref());
        if lo.is_some_and(|lo| x < lo) || hi.is_some_and(|hi| x > hi) {
            let range = format!(
                "{} to {}",
                lo.map_or("-".to_string(), |d| d.to_string()),
                hi.map_or("-".to_string(), |d| d.to_string())
            );
            r.err(
                &f,
                &val.value,
                format!("value {x} of KPI `{key}` is out of range ({range})"),
                Some("check the figure and its unit".into()),
            );
        }
    }
}

/// A report's call-offs: each dated inside the report's period and the contract, an amount
/// above zero, an id the member has not used before in this contract.
fn check_call_offs(
    r: &mut Reader<'_>,
    doc: &ContractDoc,
    rep: &ReportDoc,
    seen: &mut BTreeMap<(String, String), PathBuf>,
) {
    let f = &rep.path;
    let c = &doc.file.contract;
    let (start, end) = (c.start.get_ref().0, c.end.get_ref().0);
    for co in &rep.file.call_offs {
        let co = co.get_ref();
        let day = co.date.get_ref().0;
        let (from, to) = (rep.period.start().max(start), rep.period.end().min(end));
        if day < from || day > to {
            r.err(
                f,
                &co.date,
                format!(
                    "call-off `{}` is dated {day}, outside this report's period {} ({from} to {to}) within the contract",
                    co.id.get_ref(),
                    rep.period
                ),
                Some("report a call-off in the report of the period it was placed in".into()),
            );
        }
        if *co.amount.get_ref() <= Decimal::ZERO {
            r.err(
                f,
                &co.amount,
                format!(
                    "call-off `{}` has amount {}: an order is more than zero",
                    co.id.get_ref(),
                    co.amount.get_ref()
                ),
                Some(format!(
                    "write the order's amount in {}",
                    r.board.file.board.currency.get_ref()
                )),
            );
        }
        let key = (rep.stem.clone(), co.id.get_ref().clone());
        if let Some(first) = seen.get(&key) {
            r.err(
                f,
                &co.id,
                format!(
                    "call-off `{}` of `{}` is already reported in {}",
                    co.id.get_ref(),
                    rep.stem,
                    first.display()
                ),
                Some("give each order its own id (its purchase-order number)".into()),
            );
        } else {
            seen.insert(key, f.clone());
        }
    }
}

fn period_noun(k: PeriodKind) -> &'static str {
    match k {
        PeriodKind::Monthly => "the month",
        PeriodKind::Quarterly => "the quarter",
        PeriodKind::Yearly => "the year",
    }
}

/// The signature file of a report: `<report>.sig`.
pub fn sig_path(report: &Path) -> PathBuf {
    crate::signature::sheets::sig_path(report)
}

/// The mark of a report's signature: signed by a delegate or an alternate of its member, under
/// [`REPORT_NAMESPACE`], by a key allowed on its `submitted` date; unsigned; or refused.
pub fn report_mark(board: &Board, rep: &ReportDoc) -> SheetMark {
    use chrono::TimeZone;
    let path = board.root.join(&rep.path);
    let sig = sig_path(&path);
    // Most reports are unsigned: one lstat says so (a link, even a dangling one, goes on to the
    // guarded reader below, which refuses it by name).
    if std::fs::symlink_metadata(&sig).is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound) {
        return SheetMark::Unsigned;
    }
    let sig_text =
        match crate::limits::read_text_at(&board.root, &sig, crate::limits::SIGNATURE_MAX) {
            Ok(t) => t,
            Err(crate::limits::ReadError::Missing) => return SheetMark::Unsigned,
            Err(e) => {
                return SheetMark::Refused {
                    reason: format!("its signature is not read: {e}"),
                };
            }
        };
    let bytes = match crate::limits::read_at(&board.root, &path, crate::limits::BOARD_FILE_MAX) {
        Ok(b) => b,
        Err(e) => {
            return SheetMark::Refused {
                reason: format!("cannot read the report: {e}"),
            };
        }
    };
    let signers = match crate::signature::allowed::load(board) {
        Ok((s, _)) => s,
        Err(e) => return SheetMark::Refused { reason: e },
    };
    let tz = crate::signature::allowed::board_tz(board);
    let day: NaiveDate = rep.file.submitted.get_ref().0;
    let Some(at) = day
        .and_hms_opt(0, 0, 0)
        .and_then(|t| tz.from_local_datetime(&t).earliest())
        .map(|t| t.with_timezone(&chrono::Utc))
    else {
        return SheetMark::Refused {
            reason: "no instant for its submitted date".into(),
        };
    };
    crate::signature::sheets::check_member_signature(
        board,
        &signers,
        (rep.file.member.get_ref(), REPORT_NAMESPACE, "the report"),
        at,
        &bytes,
        &sig_text,
    )
}

fn report_refusal(board: &Board, rep: &ReportDoc, required: bool) -> Option<String> {
    match report_mark(board, rep) {
        SheetMark::Signed { .. } => None,
        SheetMark::Unsigned if required => Some(
            "the report is not signed and signed reports are required ([contracts] require_signed_reports or the contract's signed_reports); it is left out".into(),
        ),
        SheetMark::Unsigned => None,
        SheetMark::Refused { reason } => Some(format!("its signature is refused ({reason}); the report is left out")),
    }
}
