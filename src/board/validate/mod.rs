//! Validation of a parsed board: cross-references, sums, dates, rotation, paths.
//!
//! Every check adds to one list, so a secretary sees every problem at once.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::{Component, Path};

use rust_decimal::Decimal;
use toml::Spanned;

use super::load::{Board, TenderDoc};
use super::model::*;
use crate::diag::{Diagnostic, Source, did_you_mean, list};

mod agenda;
mod board_file;
mod closed;
mod disputes;
mod minutes;
mod sheets;
mod tender;
mod written;

/// Checks everything that parsing alone cannot.
pub fn validate(board: &Board) -> Vec<Diagnostic> {
    let mut v = Validator {
        board,
        diags: Vec::new(),
        unreadable: unreadable_files(board),
    };
    v.board_file();
    v.meetings();
    v.closed_session();
    for t in &board.tenders {
        v.tender(t);
    }
    v.disputes();
    v.diags.extend(minutes::check(board));
    v.diags.extend(written::check(board));
    v.diags
}

struct Validator<'a> {
    board: &'a Board,
    diags: Vec<Diagnostic>,
    /// (what, id) of tenders, meetings and disputes whose file exists but could not be read.
    unreadable: BTreeSet<(&'static str, String)>,
}

/// Tenders, meetings and disputes whose file is in the folder but could not be read (its own
/// problems are reported): references to them are not reported again as unknown.
fn unreadable_files(board: &Board) -> BTreeSet<(&'static str, String)> {
    let mut out = BTreeSet::new();
    let entries = |dir: &str| -> Vec<std::path::PathBuf> {
        std::fs::read_dir(board.root.join(dir))
            .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default()
    };
    let stem = |p: &Path| p.file_stem().map(|s| s.to_string_lossy().into_owned());
    for p in entries("tenders") {
        if p.is_file()
            && p.extension().is_some_and(|e| e == "toml")
            && let Some(id) = stem(&p)
            && board.tender(&id).is_none()
        {
            out.insert(("tender", id));
        }
    }
    for p in entries("meetings") {
        if p.join("agenda.toml").is_file()
            && let Some(id) = p.file_name().map(|s| s.to_string_lossy().into_owned())
            && board.meeting(&id).is_none()
        {
            out.insert(("meeting", id));
        }
    }
    for p in entries("disputes") {
        if p.is_file()
            && p.extension().is_some_and(|e| e == "toml")
            && let Some(id) = stem(&p)
            && board.dispute(&id).is_none()
        {
            out.insert(("dispute", id));
        }
    }
    out
}

/// "members", "criteria", "pass/fail criteria" for hints listing what is declared.
fn plural(what: &str) -> String {
    match what.strip_suffix("criterion") {
        Some(head) => format!("{head}criteria"),
        None => format!("{what}s"),
    }
}

/// Longest seat-group term accepted, in months.
const MAX_TERM_MONTHS: u32 = 120;

const ID_HINT: &str = "ids use lowercase letters, digits, `-` and `_`, like `north-haven`";

impl<'a> Validator<'a> {
    fn src(&self, file: &Path) -> Source {
        self.board
            .sources
            .get(file)
            .cloned()
            .unwrap_or_else(|| Source::new(file, ""))
    }

    fn err(
        &mut self,
        file: &Path,
        span: Range<usize>,
        msg: impl Into<String>,
        hint: Option<String>,
    ) {
        let mut d = self.src(file).error(span, msg);
        d.hint = hint;
        self.diags.push(d);
    }

    fn warn(
        &mut self,
        file: &Path,
        span: Range<usize>,
        msg: impl Into<String>,
        hint: Option<String>,
    ) {
        let mut d = self.src(file).error(span, msg).warning();
        d.hint = hint;
        self.diags.push(d);
    }

    /// Reports `value` unless it is one of `known`, with a suggestion.
    fn reference(
        &mut self,
        file: &Path,
        value: &Spanned<String>,
        what: &str,
        known: &[&str],
    ) -> bool {
        let name = value.get_ref().as_str();
        if known.contains(&name) {
            return true;
        }
        if self
            .unreadable
            .iter()
            .any(|(w, id)| *w == what && id == name)
        {
            // The file exists; its own problems are reported where they are.
            return false;
        }
        let whats = plural(what);
        let hint = match did_you_mean(name, known.iter().copied()) {
            Some(s) => format!("did you mean `{s}`? declared {whats}: {}", list(known)),
            None => format!("declared {whats}: {}", list(known)),
        };
        self.err(
            file,
            value.span(),
            format!("unknown {what} `{name}`"),
            Some(hint),
        );
        false
    }

    /// Reports duplicates among `ids`; returns the set of distinct ids.
    fn unique<'s>(
        &mut self,
        file: &Path,
        ids: impl IntoIterator<Item = &'s Spanned<String>>,
        what: &str,
    ) -> Vec<&'s str> {
        let mut seen: BTreeMap<&str, Range<usize>> = BTreeMap::new();
        let mut out = Vec::new();
        for id in ids {
            let name = id.get_ref().as_str();
            if let Some(first) = seen.get(name) {
                let (line, _) = self.src(file).position(first.start);
                self.err(
                    file,
                    id.span(),
                    format!("duplicate {what} id `{name}`"),
                    Some(format!(
                        "first declared on line {line}; each {what} needs its own id"
                    )),
                );
            } else {
                seen.insert(name, id.span());
                out.push(name);
                if !valid_id(name) {
                    self.err(
                        file,
                        id.span(),
                        format!("invalid {what} id `{name}`"),
                        Some(ID_HINT.into()),
                    );
                }
            }
        }
        out
    }

    /// A criterion's weight must be more than 0.
    fn positive_weight(
        &mut self,
        f: &Path,
        what: &str,
        id: &Spanned<String>,
        w: &Spanned<Decimal>,
    ) {
        if *w.get_ref() <= Decimal::ZERO {
            self.err(
                f,
                w.span(),
                format!(
                    "{what} `{}` has weight {}: weights must be more than 0",
                    id.get_ref(),
                    w.get_ref()
                ),
                None,
            );
        }
    }

    /// A file whose name is its id: the id inside must match, and be a valid id.
    fn file_id(&mut self, f: &Path, what: &str, declared: &Spanned<String>, stem: &str) {
        if declared.get_ref() != stem {
            self.err(
                f,
                declared.span(),
                format!(
                    "{what} id `{}` differs from its file name `{stem}.toml`",
                    declared.get_ref()
                ),
                Some("rename the file or the id: they must match".into()),
            );
        }
        if !valid_id(stem) {
            self.diags.push(
                Diagnostic::file_error(f, format!("invalid {what} file name `{stem}`"))
                    .with_hint(ID_HINT),
            );
        }
    }

    fn member_ids(&self) -> Vec<&'a str> {
        self.board
            .file
            .members
            .iter()
            .map(|m| m.id.get_ref().as_str())
            .collect()
    }

    /// A document path must stay inside the board folder and exist.
    fn document(&mut self, file: &Path, doc: &Spanned<String>) {
        let p = Path::new(doc.get_ref());
        let escapes = p.is_absolute()
            || p.components().any(|c| {
                matches!(
                    c,
                    Component::ParentDir | Component::RootDir | Component::Prefix(_)
                )
            })
            || doc.get_ref().contains('\\');
        if escapes || doc.get_ref().is_empty() {
            self.err(
                file,
                doc.span(),
                format!("document path `{}` leaves the board folder", doc.get_ref()),
                Some("write paths relative to the board folder, with `/` and no `..`, like \"docs/report.pdf\"".into()),
            );
        } else {
            use crate::limits::ReadError;
            let root = &self.board.root;
            let (message, hint) = match crate::limits::check_inside(root, &root.join(p)) {
                Ok(_) => return,
                Err(ReadError::Missing) => (
                    format!("document `{}` does not exist", doc.get_ref()),
                    "paths are relative to the board folder (the one holding board.toml)",
                ),
                Err(e) => (
                    format!("document `{}` is not read: {e}", doc.get_ref()),
                    e.hint(),
                ),
            };
            self.err(file, doc.span(), message, Some(hint.into()));
        }
    }

    fn time_zone(&mut self, file: &Path, tz: &Spanned<String>) {
        if tz.get_ref().parse::<chrono_tz::Tz>().is_err() {
            let names = chrono_tz::TZ_VARIANTS.iter().map(|t| t.name());
            let hint = match did_you_mean(tz.get_ref(), names) {
                Some(s) => format!("did you mean `{s}`? use an IANA name like \"Europe/Brussels\""),
                None => "use an IANA name like \"America/New_York\" or \"Europe/Brussels\"".into(),
            };
            self.err(
                file,
                tz.span(),
                format!("unknown time zone `{}`", tz.get_ref()),
                Some(hint),
            );
        }
    }

    fn currency(&mut self, file: &Path, c: &Spanned<String>) {
        let s = c.get_ref();
        if s.len() != 3 || !s.bytes().all(|b| b.is_ascii_uppercase()) {
            self.err(
                file,
                c.span(),
                format!("`{s}` is not an ISO 4217 currency code"),
                Some("use three capital letters, like \"USD\" or \"EUR\"".into()),
            );
        }
    }
}

fn weights_listing<'x>(items: impl Iterator<Item = (&'x str, Decimal)>) -> String {
    let parts: Vec<String> = items.map(|(id, w)| format!("{id} {w}")).collect();
    format!("weights: {}", parts.join(" + "))
}

fn kind_name(k: ItemKind) -> &'static str {
    match k {
        ItemKind::Procedural => "procedural",
        ItemKind::ApproveMinutes => "approve_minutes",
        ItemKind::Information => "information",
        ItemKind::TenderEvaluation => "tender_evaluation",
        ItemKind::AwardDecision => "award_decision",
        ItemKind::Motion => "motion",
        ItemKind::DisputeHearing => "dispute_hearing",
        ItemKind::ContractReview => "contract_review",
    }
}

fn scale_check(diags: &mut Vec<Diagnostic>, src: &Source, max: Decimal, points: &[Decimal]) {
    if max <= Decimal::ZERO {
        diags.push(Diagnostic::file_error(
            &src.file,
            format!("scale_max {max} must be more than 0"),
        ));
    }
    if !points.is_empty() {
        let sorted = points.windows(2).all(|w| w[0] < w[1]);
        if !sorted || points[0] < Decimal::ZERO || points[points.len() - 1] != max {
            diags.push(
                Diagnostic::file_error(&src.file, "scale_points must rise from 0 or more up to scale_max")
                    .with_hint(format!("e.g. scale_max = 10 with scale_points = [0, 2, 5, 8, 10]; here scale_max = {max}")),
            );
        }
    }
}
