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

/// Checks everything that parsing alone cannot.
pub fn validate(board: &Board) -> Vec<Diagnostic> {
    let mut v = Validator {
        board,
        diags: Vec::new(),
        unreadable: unreadable_files(board),
    };
    v.board_file();
    v.meetings();
    for t in &board.tenders {
        v.tender(t);
    }
    v.disputes();
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

/// Ids are short, lowercase and safe in file names and OCDS ids.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        && !id.starts_with('-')
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
        } else if !self.board.root.join(p).is_file() {
            self.err(
                file,
                doc.span(),
                format!("document `{}` does not exist", doc.get_ref()),
                Some("paths are relative to the board folder (the one holding board.toml)".into()),
            );
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

    fn board_file(&mut self) {
        let b = &self.board.file;
        let f = Path::new("board.toml");
        if !valid_id(b.board.id.get_ref()) {
            self.err(
                f,
                b.board.id.span(),
                format!("invalid board id `{}`", b.board.id.get_ref()),
                Some(ID_HINT.into()),
            );
        }
        self.time_zone(f, &b.board.time_zone);
        self.currency(f, &b.board.currency);

        if b.members.is_empty() {
            self.diags.push(
                Diagnostic::file_error(f, "the board has no members")
                    .with_hint("add a [[member]] table for each member municipality"),
            );
        }
        let members = self.unique(f, b.members.iter().map(|m| &m.id), "member");
        let jurisdictions: Vec<&str> = b.board.jurisdictions.iter().map(String::as_str).collect();
        for m in &b.members {
            if let Some(j) = &m.jurisdiction
                && !jurisdictions.is_empty()
            {
                self.reference(f, j, "jurisdiction", &jurisdictions);
            }
            if m.delegates.is_empty() {
                self.err(
                    f,
                    m.id.span(),
                    format!("member `{}` has no delegate", m.id.get_ref()),
                    Some("add `delegates = [\"Name\"]`: someone must sit for the member".into()),
                );
            }
            if let (Some(j), Some(l)) = (&m.joined, &m.left)
                && l.get_ref() < j.get_ref()
            {
                self.err(
                    f,
                    l.span(),
                    format!(
                        "member `{}` left ({}) before it joined ({})",
                        m.id.get_ref(),
                        l.get_ref(),
                        j.get_ref()
                    ),
                    None,
                );
            }
            if let Some(p) = &m.population
                && *p.get_ref() == 0
            {
                self.err(f, p.span(), "population must be more than 0", None);
            }
            if let Some(c) = &m.contribution
                && (c.get_ref().is_sign_negative() || c.get_ref().is_zero())
            {
                self.err(f, c.span(), "contribution must be more than 0", None);
            }
        }
        self.weights(f);
        let groups = self.seat_groups(f, &members);
        self.rotation(f, &members, &groups);
        self.decisions(f);
        self.scoring(f);
        self.calendar(f);
    }

    fn weights(&mut self, f: &Path) {
        let b = &self.board.file;
        let w = &b.weights;
        match w.method {
            WeightMethod::Fixed => {
                for m in &b.members {
                    match &m.weight {
                        None => self.err(
                            f,
                            m.id.span(),
                            format!("member `{}` has no `weight`", m.id.get_ref()),
                            Some(
                                "[weights] method = \"fixed\" needs `weight = …` on every member"
                                    .into(),
                            ),
                        ),
                        Some(x) if x.get_ref() <= &Decimal::ZERO => {
                            self.err(f, x.span(), "a vote weight must be more than 0", None)
                        }
                        Some(_) => {}
                    }
                }
            }
            WeightMethod::Equal | WeightMethod::Apportioned => {
                for m in &b.members {
                    if let Some(x) = &m.weight {
                        self.err(
                            f,
                            x.span(),
                            format!("`weight` is only read when [weights] method = \"fixed\" (here \"{}\")", if w.method == WeightMethod::Equal { "equal" } else { "apportioned" }),
                            Some("remove it, or set method = \"fixed\"".into()),
                        );
                    }
                }
            }
        }
        if w.method == WeightMethod::Apportioned {
            let Some(basis) = &w.basis else {
                self.diags.push(
                    Diagnostic::file_error(f, "[weights] method = \"apportioned\" needs `basis`")
                        .with_hint("basis = \"population\" or \"contribution\""),
                );
                return;
            };
            if w.total.is_none() {
                self.diags.push(
                    Diagnostic::file_error(f, "[weights] method = \"apportioned\" needs `total`")
                        .with_hint("the number of votes to share out, e.g. total = 100"),
                );
            }
            if w.as_of.is_none() || w.source.is_none() {
                self.warn(f, basis.span(), "apportioned weights without `as_of` and `source`", Some("say where the figures come from and their date, e.g. source = \"Census 2020\", as_of = 2020-04-01; the minutes record it".into()));
            }
            for m in &b.members {
                let missing = match basis.get_ref() {
                    WeightBasis::Population => m.population.is_none(),
                    WeightBasis::Contribution => m.contribution.is_none(),
                };
                if missing {
                    let key = match basis.get_ref() {
                        WeightBasis::Population => "population",
                        WeightBasis::Contribution => "contribution",
                    };
                    self.err(
                        f,
                        m.id.span(),
                        format!("member `{}` has no `{key}`", m.id.get_ref()),
                        Some(format!(
                            "weights are apportioned by {key}: give every member a `{key} = …`"
                        )),
                    );
                }
            }
            if let (Some(total), Some(cap)) = (&w.total, &w.cap) {
                let n = b.members.len() as u64;
                if u64::from(*cap.get_ref()) * n < u64::from(*total.get_ref()) {
                    self.err(
                        f,
                        cap.span(),
                        format!(
                            "cap {} × {} members cannot reach the total of {}",
                            cap.get_ref(),
                            n,
                            total.get_ref()
                        ),
                        Some("raise the cap or lower the total".into()),
                    );
                }
            }
            if let Some(total) = &w.total {
                let n = b.members.len() as u64;
                if u64::from(w.minimum) * n > u64::from(*total.get_ref()) {
                    self.err(
                        f,
                        total.span(),
                        format!(
                            "a minimum of {} votes for {} members exceeds the total of {}",
                            w.minimum,
                            n,
                            total.get_ref()
                        ),
                        Some("raise the total or lower the minimum".into()),
                    );
                }
            }
        }
    }

    fn seat_groups(&mut self, f: &Path, members: &[&str]) -> BTreeMap<String, String> {
        let b = &self.board.file;
        let ids = self.unique(f, b.seat_groups.iter().map(|g| &g.id), "seat group");
        for g in &b.seat_groups {
            if members.contains(&g.id.get_ref().as_str()) && ids.contains(&g.id.get_ref().as_str())
            {
                self.err(f, g.id.span(), format!("seat group `{}` has the id of a member", g.id.get_ref()), Some("seat ids must differ from member ids: name the group, e.g. \"small-towns\"".into()));
            }
        }
        let mut member_group: BTreeMap<String, String> = BTreeMap::new();
        for g in &b.seat_groups {
            let mut in_group = BTreeSet::new();
            for m in &g.members {
                if !self.reference(f, m, "member", members) {
                    continue;
                }
                if !in_group.insert(m.get_ref().as_str()) {
                    self.err(
                        f,
                        m.span(),
                        format!(
                            "member `{}` listed twice in seat group `{}`",
                            m.get_ref(),
                            g.id.get_ref()
                        ),
                        None,
                    );
                    continue;
                }
                if let Some(other) = member_group.get(m.get_ref()) {
                    self.err(
                        f,
                        m.span(),
                        format!(
                            "member `{}` is already in seat group `{other}`",
                            m.get_ref()
                        ),
                        Some("a member shares at most one group of seats".into()),
                    );
                    continue;
                }
                member_group.insert(m.get_ref().clone(), g.id.get_ref().clone());
            }
            let seats = *g.seats.get_ref() as usize;
            if seats == 0 {
                self.err(
                    f,
                    g.seats.span(),
                    "a seat group needs at least 1 seat",
                    None,
                );
            } else if seats >= g.members.len() {
                self.err(f, g.seats.span(), format!("seat group `{}` has {} seats for {} members: nothing rotates", g.id.get_ref(), seats, g.members.len()), Some("a seat group has fewer seats than members; members with a seat of their own need no group".into()));
            }
            if g.term_months == 0 {
                self.err(f, g.id.span(), "term_months must be at least 1", None);
            } else if g.term_months > MAX_TERM_MONTHS {
                // A year written where months belong (`term_months = 2025`); far beyond the
                // calendar it would also leave the seats empty.
                self.err(
                    f,
                    g.id.span(),
                    format!(
                        "seat group `{}` has terms of {} months: more than {} years",
                        g.id.get_ref(),
                        g.term_months,
                        MAX_TERM_MONTHS / 12
                    ),
                    Some("term_months is the length of one term in months, e.g. 12 or 24".into()),
                );
            }
        }
        member_group
    }

    fn rotation(&mut self, f: &Path, members: &[&str], groups: &BTreeMap<String, String>) {
        let b = &self.board.file;
        let Some(r) = &b.rotation else {
            return;
        };
        match r.order {
            RotationOrder::Listed => {
                if r.members.is_empty() {
                    self.err(f, r.epoch.span(), "[rotation] order = \"listed\" needs `members`", Some("list the member ids in rotation order, starting with the chair of the epoch year".into()));
                }
                let mut seen = BTreeSet::new();
                for m in &r.members {
                    if !self.reference(f, m, "member", members) {
                        continue;
                    }
                    if !seen.insert(m.get_ref().as_str()) {
                        self.err(
                            f,
                            m.span(),
                            format!("member `{}` appears twice in the rotation", m.get_ref()),
                            None,
                        );
                    }
                    if let Some(g) = groups.get(m.get_ref()) {
                        self.err(f, m.span(), format!("member `{}` shares a rotating seat (group `{g}`) and cannot be in the chair rotation", m.get_ref()), Some("the chair rotates among members with a seat of their own".into()));
                    }
                }
            }
            RotationOrder::Alphabetical => {
                if let Some(m) = r.members.first() {
                    self.err(
                        f,
                        m.span(),
                        "`members` is only read when order = \"listed\"",
                        Some("remove it, or set order = \"listed\"".into()),
                    );
                }
            }
        }
        if let Some(ts) = &r.term_starts
            && parse_month_day(ts.get_ref()).is_none()
        {
            self.err(
                f,
                ts.span(),
                format!("`{}` is not a month and day", ts.get_ref()),
                Some("write \"MM-DD\", e.g. \"07-01\" for terms starting on 1 July".into()),
            );
        }
        let order = rotation_order(b);
        // Declines whose member and year check out individually must still fit the schedule.
        if let Some(rot) = super::resolve::chair_rotation(self.board) {
            use crate::rules::rotation::{DeclineReason, RotationError, validate_rotation};
            match validate_rotation(&rot) {
                Ok(()) => {}
                Err(RotationError::InvalidDeclines { problems }) => {
                    for p in problems {
                        if !matches!(p.reason, DeclineReason::NotDue { .. }) {
                            continue; // reported below with its own position
                        }
                        let span = r
                            .declines
                            .iter()
                            .find(|d| {
                                d.member.get_ref() == &p.member && *d.term.get_ref() == p.year
                            })
                            .map_or(r.epoch.span(), |d| d.term.span());
                        self.err(f, span, p.to_string(), Some("a member can only decline the term in which the chair is its turn; `procboard seats --on` shows who is due".into()));
                    }
                }
                Err(e) if order.len() >= 2 => {
                    self.err(f, r.epoch.span(), format!("rotation: {e}"), None)
                }
                Err(_) => self.err(
                    f,
                    r.epoch.span(),
                    "a chair rotation needs at least 2 members",
                    None,
                ),
            }
        }
        for d in &r.declines {
            if self.reference(f, &d.member, "member", members)
                && !order.iter().any(|m| m == d.member.get_ref())
            {
                self.err(
                    f,
                    d.member.span(),
                    format!(
                        "member `{}` is not in the chair rotation",
                        d.member.get_ref()
                    ),
                    None,
                );
            }
            if d.term.get_ref() < r.epoch.get_ref() {
                self.err(
                    f,
                    d.term.span(),
                    format!(
                        "decline in {} is before the rotation's epoch {}",
                        d.term.get_ref(),
                        r.epoch.get_ref()
                    ),
                    None,
                );
            }
        }
    }

    fn decisions(&mut self, f: &Path) {
        let default = self
            .board
            .file
            .decisions
            .get("default")
            .map(|d| d.get_ref().clone())
            .unwrap_or_default();
        for (kind, rules) in &self.board.file.decisions {
            let r = rules.get_ref();
            if !valid_id(kind) {
                self.err(
                    f,
                    rules.span(),
                    format!("invalid decision kind `{kind}`"),
                    Some(ID_HINT.into()),
                );
            }
            for share in [
                &r.quorum_share,
                &r.qualified_member_share,
                &r.qualified_weight_share,
                &r.blocking_weight_share,
            ]
            .into_iter()
            .flatten()
            {
                let s = *share.get_ref();
                if s <= Decimal::ZERO || s > Decimal::ONE {
                    self.err(
                        f,
                        share.span(),
                        format!("share {s} is not between 0 and 1"),
                        Some("write a fraction as a decimal: 0.5 for half, 0.65 for 65 %".into()),
                    );
                }
            }
            // Keys missing here come from [decisions.default]: judge the rule as it applies.
            let majority = r.majority.or(default.majority);
            let base = r.base.or(default.base);
            let strict = r.quorum_strict.or(default.quorum_strict).unwrap_or(true);
            if majority == Some(MajorityKind::DoubleMajority) && base.is_none() {
                self.err(f, rules.span(), format!("[decisions.{kind}] majority = \"double_majority\" needs `base`"), Some("base = \"votes_cast\", \"present\" or \"membership\" (here or in [decisions.default])".into()));
            }
            if r.base.is_some()
                && majority.is_some()
                && majority != Some(MajorityKind::DoubleMajority)
            {
                self.warn(
                    f,
                    rules.span(),
                    format!("[decisions.{kind}] `base` is only read for double_majority"),
                    None,
                );
            }
            if let Some(share) = &r.quorum_share
                && strict
                && *share.get_ref() == Decimal::ONE
            {
                self.err(
                    f,
                    share.span(),
                    "a strict quorum of more than the whole (share 1) can never be met",
                    Some(
                        "use quorum_strict = false for \"all members\", or a smaller share".into(),
                    ),
                );
            }
        }
    }

    fn scoring(&mut self, f: &Path) {
        let s = &self.board.file.scoring;
        let src = self.src(f);
        scale_check(&mut self.diags, &src, s.scale_max, &s.scale_points);
        let mut seen = BTreeSet::new();
        for t in &s.tie_break {
            if !seen.insert(format!("{t:?}")) {
                self.diags.push(Diagnostic::file_error(
                    f,
                    format!("tie-break step {t:?} listed twice"),
                ));
            }
        }
    }

    fn calendar(&mut self, f: &Path) {
        let c = &self.board.file.calendar;
        for d in &c.weekend {
            if parse_weekday(d.get_ref()).is_none() {
                self.err(
                    f,
                    d.span(),
                    format!("`{}` is not a day of the week", d.get_ref()),
                    Some("use mon, tue, wed, thu, fri, sat, sun".into()),
                );
            }
        }
        if !c.weekend.is_empty()
            && c.weekend
                .iter()
                .filter_map(|d| parse_weekday(d.get_ref()))
                .map(|w| w.num_days_from_monday())
                .collect::<BTreeSet<_>>()
                .len()
                == 7
        {
            self.err(
                f,
                c.weekend[0].span(),
                "every day of the week is a weekend day: there would be no working days",
                None,
            );
        }
        let mut seen = BTreeSet::new();
        for h in &c.holidays {
            if !seen.insert(*h.get_ref()) {
                self.warn(
                    f,
                    h.span(),
                    format!("holiday {} listed twice", h.get_ref()),
                    None,
                );
            }
        }
    }

    fn meetings(&mut self) {
        let board = self.board;
        let meeting_ids: Vec<&str> = board.meetings.iter().map(|m| m.id.as_str()).collect();
        let tender_ids: Vec<&str> = board.tenders.iter().map(|t| t.id.as_str()).collect();
        let dispute_ids: Vec<&str> = board.disputes.iter().map(|d| d.id.as_str()).collect();
        let mut kinds: Vec<&str> = board.file.decisions.keys().map(String::as_str).collect();
        for k in super::DEFAULT_DECISION_KINDS {
            if !kinds.contains(k) {
                kinds.push(k);
            }
        }
        for m in &board.meetings {
            let f = m.path.as_path();
            if !valid_id(&m.id) {
                self.diags.push(
                    Diagnostic::file_error(f, format!("invalid meeting folder name `{}`", m.id))
                        .with_hint(ID_HINT),
                );
            }
            let info = &m.agenda.meeting;
            if let Some(tz) = &info.time_zone {
                self.time_zone(f, tz);
            }
            if m.agenda.items.is_empty() {
                self.diags.push(
                    Diagnostic::file_error(f, "the agenda has no items")
                        .with_hint("add [[item]] tables in the order they are taken"),
                );
            }
            self.unique(f, m.agenda.items.iter().map(|i| &i.id), "item");
            for item in &m.agenda.items {
                for d in &item.documents {
                    self.document(f, d);
                }
                let kind = *item.kind.get_ref();
                let needs = |k: &[ItemKind]| k.contains(&kind);
                use ItemKind::*;
                let id = item.id.get_ref();
                if let Some(t) = &item.tender {
                    if self.reference(f, t, "tender", &tender_ids) {
                        let td = board.tender(t.get_ref());
                        if let (Some(td), Some(b)) = (td, &item.bid) {
                            let bids: Vec<&str> = td
                                .tender
                                .bids
                                .iter()
                                .map(|b| b.id.get_ref().as_str())
                                .collect();
                            if self.reference(f, b, "bid", &bids) {
                                let bid = td
                                    .tender
                                    .bids
                                    .iter()
                                    .find(|x| x.id.get_ref() == b.get_ref());
                                if let Some(bid) = bid {
                                    if bid.status != BidStatus::Valid {
                                        self.err(
                                            f,
                                            b.span(),
                                            format!(
                                                "recommended bid `{}` is {}",
                                                b.get_ref(),
                                                bid.status
                                            ),
                                            Some("an award can only go to a valid bid".into()),
                                        );
                                    }
                                    let bid_lot = bid.lot.as_ref().map(|l| l.get_ref());
                                    if let (Some(il), Some(bl)) = (&item.lot, bid_lot)
                                        && il.get_ref() != bl
                                    {
                                        self.err(
                                            f,
                                            b.span(),
                                            format!(
                                                "recommended bid `{}` is for lot `{bl}`, not `{}`",
                                                b.get_ref(),
                                                il.get_ref()
                                            ),
                                            None,
                                        );
                                    }
                                }
                            }
                        }
                        if let Some(td) = td
                            && kind == AwardDecision
                            && item.lot.is_none()
                            && !td.tender.lots.is_empty()
                        {
                            let lots: Vec<&str> = td
                                .tender
                                .lots
                                .iter()
                                .map(|l| l.id.get_ref().as_str())
                                .collect();
                            self.err(
                                f,
                                item.kind.span(),
                                format!("item `{id}` awards tender `{}`, which has lots: say which `lot`", td.id),
                                Some(format!("lot = one of {}", list(&lots))),
                            );
                        }
                        if let (Some(td), Some(l)) = (td, &item.lot) {
                            let lots: Vec<&str> = td
                                .tender
                                .lots
                                .iter()
                                .map(|l| l.id.get_ref().as_str())
                                .collect();
                            self.reference(f, l, "lot", &lots);
                        }
                    }
                } else if let Some(l) = &item.lot {
                    self.err(
                        f,
                        l.span(),
                        format!("item `{id}` names a lot but no `tender`"),
                        None,
                    );
                } else if needs(&[TenderEvaluation, AwardDecision]) {
                    self.err(
                        f,
                        item.kind.span(),
                        format!("item `{id}` ({}) needs `tender`", kind_name(kind)),
                        Some(format!("tender = one of {}", list(&tender_ids))),
                    );
                }
                if kind == AwardDecision {
                    if item.bid.is_none() {
                        self.err(
                            f,
                            item.kind.span(),
                            format!(
                                "item `{id}` (award_decision) needs `bid`, the recommended bid"
                            ),
                            None,
                        );
                    }
                    if item.motion.is_none() {
                        self.err(
                            f,
                            item.kind.span(),
                            format!(
                                "item `{id}` (award_decision) needs `motion`, the text voted on"
                            ),
                            Some(
                                "e.g. motion = \"Award the road salt contract to Acme Salt Co.\""
                                    .into(),
                            ),
                        );
                    }
                }
                if kind == Motion && item.motion.is_none() {
                    self.err(
                        f,
                        item.kind.span(),
                        format!("item `{id}` (motion) needs `motion`, the text voted on"),
                        None,
                    );
                }
                if let Some(d) = &item.dispute {
                    self.reference(f, d, "dispute", &dispute_ids);
                } else if kind == DisputeHearing {
                    self.err(
                        f,
                        item.kind.span(),
                        format!("item `{id}` (dispute_hearing) needs `dispute`"),
                        Some(format!("dispute = one of {}", list(&dispute_ids))),
                    );
                }
                if let Some(dk) = &item.decision {
                    self.reference(f, dk, "decision kind", &kinds);
                    if matches!(kind, Information | TenderEvaluation) {
                        self.warn(
                            f,
                            dk.span(),
                            format!("a {} item takes no decision", kind_name(kind)),
                            None,
                        );
                    }
                }
                if kind == ApproveMinutes {
                    if *info.kind.get_ref() == MeetingKind::Special {
                        self.err(f, item.kind.span(), "a special meeting does not approve minutes", Some("approval of the minutes belongs on the next regular meeting's agenda".into()));
                    }
                    match &item.minutes_of {
                        None => self.err(f, item.kind.span(), format!("item `{id}` (approve_minutes) needs `minutes_of`, the earlier meeting"), Some(format!("minutes_of = one of {}", list(&meeting_ids)))),
                        Some(prev) => {
                            if self.reference(f, prev, "meeting", &meeting_ids)
                                && let Some(pm) = board.meeting(prev.get_ref())
                                    && pm.agenda.meeting.date.get_ref() >= info.date.get_ref() {
                                        self.err(f, prev.span(), format!("meeting `{}` ({}) is not before this one ({})", prev.get_ref(), pm.agenda.meeting.date.get_ref(), info.date.get_ref()), Some("a meeting approves the minutes of an earlier meeting".into()));
                                    }
                        }
                    }
                }
            }
        }
    }

    fn tender(&mut self, t: &TenderDoc) {
        let f = t.path.as_path();
        let tf = &t.tender;
        let info = &tf.tender;
        self.file_id(f, "tender", &info.id, &t.id);
        if let Some(c) = &info.currency {
            self.currency(f, c);
        }
        if *info.estimated_value.get_ref() <= Decimal::ZERO {
            self.err(
                f,
                info.estimated_value.span(),
                "estimated_value must be more than 0",
                None,
            );
        }
        let members = self.member_ids();
        for b in &info.buyers {
            self.reference(f, b, "member", &members);
        }
        for r in &info.recusals {
            self.reference(f, &r.member, "member", &members);
        }
        if let (Some(p), Some(d)) = (&info.published, &info.deadline)
            && d.get_ref() < p.get_ref()
        {
            self.err(
                f,
                d.span(),
                format!(
                    "deadline {} is before publication {}",
                    d.get_ref(),
                    p.get_ref()
                ),
                None,
            );
        }
        let lots = self.unique(f, tf.lots.iter().map(|l| &l.id), "lot");

        // Criteria: top-level weights sum to 100, sub-criteria to their parent.
        let mut all_ids = Vec::new();
        for c in &tf.criteria {
            all_ids.push(&c.id);
            all_ids.extend(c.sub.iter().map(|s| &s.id));
        }
        self.unique(f, all_ids, "criterion");
        if tf.criteria.is_empty() {
            self.diags.push(
                Diagnostic::file_error(f, "the tender has no award criteria")
                    .with_hint("add [[criterion]] tables whose weights sum to 100"),
            );
        } else {
            let sum: Decimal = tf.criteria.iter().map(|c| *c.weight.get_ref()).sum();
            if sum != Decimal::ONE_HUNDRED {
                self.err(
                    f,
                    tf.criteria[0].id.span(),
                    format!("criteria weights sum to {sum}, not 100"),
                    Some(weights_listing(
                        tf.criteria
                            .iter()
                            .map(|c| (c.id.get_ref().as_str(), *c.weight.get_ref())),
                    )),
                );
            }
        }
        let mut price_criteria = 0;
        for c in &tf.criteria {
            self.positive_weight(f, "criterion", &c.id, &c.weight);
            if c.kind == CriterionKind::Price {
                price_criteria += 1;
                if !c.sub.is_empty() {
                    self.err(
                        f,
                        c.id.span(),
                        format!(
                            "price criterion `{}` cannot have sub-criteria",
                            c.id.get_ref()
                        ),
                        Some("price is scored by the formula in [price]".into()),
                    );
                }
            }
            if !c.sub.is_empty() {
                let sum: Decimal = c.sub.iter().map(|s| *s.weight.get_ref()).sum();
                if sum != *c.weight.get_ref() {
                    self.err(
                        f,
                        c.sub[0].id.span(),
                        format!(
                            "sub-criteria of `{}` sum to {sum}, not its weight {}",
                            c.id.get_ref(),
                            c.weight.get_ref()
                        ),
                        Some(weights_listing(
                            c.sub
                                .iter()
                                .map(|s| (s.id.get_ref().as_str(), *s.weight.get_ref())),
                        )),
                    );
                }
                for s in &c.sub {
                    self.positive_weight(f, "sub-criterion", &s.id, &s.weight);
                }
            }
        }
        if price_criteria > 1 {
            self.diags.push(Diagnostic::file_error(
                f,
                format!("{price_criteria} criteria have kind = \"price\"; at most one may"),
            ));
        }
        match (&tf.price, price_criteria) {
            (None, n) if n > 0 => self.diags.push(
                Diagnostic::file_error(
                    f,
                    "a price criterion needs a [price] table with the formula",
                )
                .with_hint("add a [price] table with formula = \"proportional\", \"linear\" or \"logarithmic\""),
            ),
            (Some(_), 0) => self.diags.push(
                Diagnostic::file_error(f, "[price] is ignored: no criterion has kind = \"price\"")
                    .warning(),
            ),
            (Some(p), _) => self.price(f, p),
            _ => {}
        }

        // Scale and threshold.
        let scale_max = tf
            .evaluation
            .scale_max
            .unwrap_or(self.board.file.scoring.scale_max);
        let points = tf
            .evaluation
            .scale_points
            .clone()
            .unwrap_or_else(|| self.board.file.scoring.scale_points.clone());
        let src = self.src(f);
        scale_check(&mut self.diags, &src, scale_max, &points);
        if let Some(th) = &tf.evaluation.threshold {
            let quality: Decimal = tf
                .criteria
                .iter()
                .filter(|c| c.kind == CriterionKind::Quality)
                .map(|c| *c.weight.get_ref())
                .sum();
            if *th.get_ref() < Decimal::ZERO || *th.get_ref() > quality {
                self.err(
                    f,
                    th.span(),
                    format!(
                        "threshold {} is outside 0 … {quality} (the quality points available)",
                        th.get_ref()
                    ),
                    None,
                );
            }
        }

        let pf = self.unique(f, tf.pass_fail.iter().map(|p| &p.id), "pass/fail criterion");
        let bid_ids = self.unique(f, tf.bids.iter().map(|b| &b.id), "bid");
        if tf.bids.is_empty() {
            self.warn(
                f,
                info.id.span(),
                format!("tender `{}` has no bids yet", t.id),
                None,
            );
        }
        for b in &tf.bids {
            if *b.price.get_ref() <= Decimal::ZERO {
                self.err(
                    f,
                    b.price.span(),
                    format!(
                        "bid `{}` has price {}: prices must be more than 0",
                        b.id.get_ref(),
                        b.price.get_ref()
                    ),
                    None,
                );
            }
            match &b.lot {
                Some(l) => {
                    if lots.is_empty() {
                        self.err(
                            f,
                            l.span(),
                            format!(
                                "bid `{}` names a lot but the tender has no [[lot]]",
                                b.id.get_ref()
                            ),
                            None,
                        );
                    } else {
                        self.reference(f, l, "lot", &lots);
                    }
                }
                None if !lots.is_empty() => self.err(
                    f,
                    b.id.span(),
                    format!("bid `{}` does not say which lot it is for", b.id.get_ref()),
                    Some(format!("lot = one of {}", list(&lots))),
                ),
                None => {}
            }
            for x in &b.failed {
                self.reference(f, x, "pass/fail criterion", &pf);
            }
            for d in &b.documents {
                self.document(f, d);
            }
            if let (Some(r), Some(dl)) = (&b.received, &info.deadline)
                && r.get_ref() > dl.get_ref()
                && b.status == BidStatus::Valid
            {
                self.warn(
                    f,
                    r.span(),
                    format!(
                        "bid `{}` was received {} after the deadline {} but is marked valid",
                        b.id.get_ref(),
                        r.get_ref(),
                        dl.get_ref()
                    ),
                    None,
                );
            }
        }
        if let Some(s) = &tf.standstill
            && matches!(
                s.rule,
                StandstillKind::CalendarDays | StandstillKind::WorkingDays
            )
            && s.days.is_none()
        {
            self.diags.push(
                Diagnostic::file_error(f, "[standstill] with a custom rule needs `days`")
                    .with_hint("e.g. days = 10"),
            );
        }
        let mut awarded_lots: BTreeMap<Option<&str>, Range<usize>> = BTreeMap::new();
        for a in &tf.awards {
            let lot = a.lot.as_ref().map(|l| l.get_ref().as_str());
            if let Some(l) = &a.lot {
                if lots.is_empty() {
                    self.err(
                        f,
                        l.span(),
                        "the award names a lot but the tender has no [[lot]]",
                        None,
                    );
                } else {
                    self.reference(f, l, "lot", &lots);
                }
            } else if !lots.is_empty() {
                self.err(
                    f,
                    a.bid.span(),
                    "the tender has lots: say which lot this award is for",
                    Some(format!("lot = one of {}", list(&lots))),
                );
            }
            if let Some(first) = awarded_lots.insert(lot, a.bid.span()) {
                let (line, _) = self.src(f).position(first.start);
                self.err(
                    f,
                    a.bid.span(),
                    format!(
                        "{} is awarded twice",
                        lot.map_or("the tender".to_string(), |l| format!("lot `{l}`"))
                    ),
                    Some(format!("first [[award]] on line {line}")),
                );
            }
            if self.reference(f, &a.bid, "bid", &bid_ids)
                && let Some(bid) = tf.bids.iter().find(|b| b.id.get_ref() == a.bid.get_ref())
            {
                if bid.status != BidStatus::Valid {
                    self.err(
                        f,
                        a.bid.span(),
                        format!(
                            "the award goes to bid `{}`, which is {}",
                            a.bid.get_ref(),
                            bid.status
                        ),
                        Some("an award can only go to a valid bid".into()),
                    );
                }
                let bid_lot = bid.lot.as_ref().map(|l| l.get_ref().as_str());
                if lot.is_some() && bid_lot != lot {
                    self.err(
                        f,
                        a.bid.span(),
                        format!(
                            "bid `{}` is for lot `{}`, not `{}`",
                            a.bid.get_ref(),
                            bid_lot.unwrap_or("-"),
                            lot.unwrap_or("-")
                        ),
                        None,
                    );
                }
            }
            if tf.standstill.is_none() {
                self.warn(f, a.notice.span(), "an award notice without a [standstill] rule", Some("add [standstill] rule = \"eu_remedies\" (or another) so the standstill end can be computed".into()));
            }
        }
        self.sheets(t, &bid_ids, scale_max, &points);
    }

    fn price(&mut self, f: &Path, p: &PriceDef) {
        match p.formula {
            FormulaKind::Linear => {
                if let (Some(lo), Some(hi)) = (&p.low, &p.high)
                    && lo.get_ref() >= hi.get_ref()
                {
                    self.err(
                        f,
                        hi.span(),
                        format!(
                            "linear bounds: high {} must be above low {}",
                            hi.get_ref(),
                            lo.get_ref()
                        ),
                        None,
                    );
                }
            }
            FormulaKind::Logarithmic => match &p.zero_ratio {
                None => self.diags.push(
                    Diagnostic::file_error(f, "the logarithmic price formula needs `zero_ratio`")
                        .with_hint(
                            "the price ratio to the lowest bid that scores 0, e.g. zero_ratio = 2",
                        ),
                ),
                Some(a) if *a.get_ref() <= Decimal::ONE => self.err(
                    f,
                    a.span(),
                    format!("zero_ratio {} must be more than 1", a.get_ref()),
                    None,
                ),
                Some(_) => {}
            },
            FormulaKind::Proportional => {}
        }
        if p.formula != FormulaKind::Linear
            && let Some(x) = p.low.as_ref().or(p.high.as_ref())
        {
            self.warn(
                f,
                x.span(),
                "`low` and `high` are only read for the linear formula",
                None,
            );
        }
    }

    fn sheets(&mut self, t: &TenderDoc, bids: &[&str], scale_max: Decimal, points: &[Decimal]) {
        let members = self.member_ids();
        let leaves: Vec<&str> = quality_leaves(&t.tender)
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        let recused: Vec<&str> = t
            .tender
            .tender
            .recusals
            .iter()
            .map(|r| r.member.get_ref().as_str())
            .collect();
        let scale_hint = if points.is_empty() {
            format!("scores run from 0 to {scale_max}")
        } else {
            format!(
                "allowed scores: {}",
                points
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        for s in &t.sheets {
            let f = s.path.as_path();
            let sh = &s.sheet;
            if self.reference(f, &sh.member, "member", &members) {
                if sh.member.get_ref() != &s.stem {
                    self.err(
                        f,
                        sh.member.span(),
                        format!(
                            "sheet of member `{}` is filed as `{}.toml`",
                            sh.member.get_ref(),
                            s.stem
                        ),
                        Some("name each sheet after its member: sheets/<member>.toml".into()),
                    );
                }
                if recused.contains(&sh.member.get_ref().as_str()) {
                    self.warn(f, sh.member.span(), format!("member `{}` is recused from tender `{}` and cannot score it; this sheet is refused and left out of the evaluation", sh.member.get_ref(), t.id), Some("remove the sheet, or the recusal in the tender file if it was recorded in error".into()));
                }
            }
            if sh.tender.get_ref() != &t.id {
                self.err(
                    f,
                    sh.tender.span(),
                    format!(
                        "sheet says tender `{}` but is filed under `{}`",
                        sh.tender.get_ref(),
                        t.id
                    ),
                    None,
                );
            }
            for (bid, scores) in &sh.scores {
                if !bids.contains(&bid.as_str()) {
                    let hint = match did_you_mean(bid, bids.iter().copied()) {
                        Some(s) => {
                            format!("did you mean `{s}`? bids in this tender: {}", list(bids))
                        }
                        None => format!("bids in this tender: {}", list(bids)),
                    };
                    self.err(
                        f,
                        scores.span(),
                        format!("unknown bid `{bid}` in [scores.{bid}]"),
                        Some(hint),
                    );
                    continue;
                }
                for (crit, score) in scores.get_ref() {
                    if !leaves.contains(&crit.as_str()) {
                        let hint = match did_you_mean(crit, leaves.iter().copied()) {
                            Some(s) => {
                                format!("did you mean `{s}`? scored criteria: {}", list(&leaves))
                            }
                            None => format!(
                                "scored criteria (quality criteria without sub-criteria, and sub-criteria): {}",
                                list(&leaves)
                            ),
                        };
                        self.err(
                            f,
                            score.span(),
                            format!("unknown criterion `{crit}` for bid `{bid}`"),
                            Some(hint),
                        );
                        continue;
                    }
                    let v = *score.get_ref();
                    let on_scale = if points.is_empty() {
                        v >= Decimal::ZERO && v <= scale_max
                    } else {
                        points.contains(&v)
                    };
                    if !on_scale {
                        self.err(
                            f,
                            score.span(),
                            format!(
                                "score {v} for bid `{bid}`, criterion `{crit}` is not on the scale"
                            ),
                            Some(scale_hint.clone()),
                        );
                    }
                }
            }
        }
        let moderation = t
            .tender
            .evaluation
            .moderation
            .unwrap_or(self.board.file.scoring.moderation);
        match (&t.consensus, moderation) {
            // A consensus.toml that exists but could not be read has its own errors.
            (None, Moderation::Consensus)
                if !t.sheets.is_empty()
                    && !self
                        .board
                        .root
                        .join("tenders")
                        .join(&t.id)
                        .join("consensus.toml")
                        .is_file() =>
            {
                self.diags.push(
                Diagnostic::file_error(&t.path, format!("tender `{}` is moderated by consensus but has no consensus.toml", t.id))
                    .warning()
                    .with_hint(format!("the panel's agreed scores go in tenders/{}/consensus.toml", t.id)),
                )
            }
            (Some((path, _)), Moderation::Mean) => self.diags.push(
                Diagnostic::file_error(path, "consensus.toml is ignored: this tender is moderated by the mean")
                    .warning()
                    .with_hint("set [evaluation] moderation = \"consensus\" in the tender file, or remove consensus.toml"),
            ),
            _ => {}
        }
        if let Some((path, c)) = &t.consensus {
            let f = path.as_path();
            for e in &c.entries {
                self.reference(f, &e.bid, "bid", bids);
                self.reference(f, &e.criterion, "criterion", &leaves);
                let v = *e.score.get_ref();
                let on_scale = if points.is_empty() {
                    v >= Decimal::ZERO && v <= scale_max
                } else {
                    points.contains(&v)
                };
                if !on_scale {
                    self.err(
                        f,
                        e.score.span(),
                        format!("consensus score {v} is not on the scale"),
                        Some(scale_hint.clone()),
                    );
                }
            }
        }
    }

    fn disputes(&mut self) {
        let board = self.board;
        let tender_ids: Vec<&str> = board.tenders.iter().map(|t| t.id.as_str()).collect();
        let meeting_ids: Vec<&str> = board.meetings.iter().map(|m| m.id.as_str()).collect();
        let dispute_ids: Vec<&str> = board.disputes.iter().map(|d| d.id.as_str()).collect();
        for d in &board.disputes {
            let f = d.path.as_path();
            let info = &d.dispute.dispute;
            self.file_id(f, "dispute", &info.id, &d.id);
            let mut tender = None;
            if let Some(t) = &info.tender
                && self.reference(f, t, "tender", &tender_ids)
            {
                tender = board.tender(t.get_ref());
            }
            if let Some(td) = tender {
                if let Some(l) = &info.lot {
                    let lots: Vec<&str> = td
                        .tender
                        .lots
                        .iter()
                        .map(|l| l.id.get_ref().as_str())
                        .collect();
                    self.reference(f, l, "lot", &lots);
                }
                if let Some(b) = &info.bid {
                    let bids: Vec<&str> = td
                        .tender
                        .bids
                        .iter()
                        .map(|b| b.id.get_ref().as_str())
                        .collect();
                    self.reference(f, b, "bid", &bids);
                }
            } else if let Some(x) = info.lot.as_ref().or(info.bid.as_ref())
                && info.tender.is_none()
            {
                self.err(f, x.span(), "`lot` and `bid` need `tender`", None);
            }
            match (&info.meeting, &info.item) {
                (Some(m), item) => {
                    if self.reference(f, m, "meeting", &meeting_ids)
                        && let (Some(md), Some(i)) = (board.meeting(m.get_ref()), item)
                    {
                        let items: Vec<&str> = md
                            .agenda
                            .items
                            .iter()
                            .map(|i| i.id.get_ref().as_str())
                            .collect();
                        self.reference(f, i, "agenda item", &items);
                    }
                }
                (None, Some(i)) => self.err(
                    f,
                    i.span(),
                    "`item` needs `meeting`, the folder of the meeting whose agenda holds it",
                    None,
                ),
                (None, None) => {}
            }
            if info.tender.is_none() && info.meeting.is_none() {
                self.err(
                    f,
                    info.id.span(),
                    format!("dispute `{}` is not linked to anything", d.id),
                    Some("set `tender` (and `lot` or `bid`), or `meeting` and `item`".into()),
                );
            }
            if let Some(r) = &info.reconsiders {
                if r.get_ref() == &d.id {
                    self.err(f, r.span(), "a dispute cannot reconsider itself", None);
                } else if self.reference(f, r, "dispute", &dispute_ids)
                    && let Some(old) = board.dispute(r.get_ref())
                {
                    let status = current_status(&old.dispute);
                    if !crate::rules::dispute::is_final(status) {
                        self.err(f, r.span(), format!("dispute `{}` is still {}: only a decided dispute can be reconsidered", r.get_ref(), status.code()), Some("a reconsideration is a new record linked to a final one (upheld, dismissed or withdrawn)".into()));
                    }
                }
            }
            let mut from = DisputeStatus::Lodged;
            for h in &d.dispute.history {
                let to = *h.status.get_ref();
                if let Err(e) = crate::rules::dispute::transition(from, to) {
                    self.err(f, h.status.span(), e.to_string(), None);
                } else {
                    from = to;
                }
            }
            let mut last = *info.lodged.get_ref();
            for (i, h) in d.dispute.history.iter().enumerate() {
                if *h.date.get_ref() < last {
                    let before = if i == 0 {
                        format!("before the dispute was lodged ({last})")
                    } else {
                        format!("before the previous one ({last})")
                    };
                    self.err(
                        f,
                        h.date.span(),
                        format!("status change dated {} is {before}", h.date.get_ref()),
                        Some("list status changes in date order, none before `lodged`".into()),
                    );
                }
                last = last.max(*h.date.get_ref());
            }
        }
    }
}

/// The status a dispute file ends in.
pub fn current_status(d: &DisputeFile) -> DisputeStatus {
    d.history
        .last()
        .map_or(DisputeStatus::Lodged, |h| *h.status.get_ref())
}

/// `MM-DD` → (month, day), a day that exists in a leap year.
pub fn parse_month_day(s: &str) -> Option<(u32, u32)> {
    let (m, d) = s.split_once('-')?;
    if m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (m, d): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
    chrono::NaiveDate::from_ymd_opt(2024, m, d).map(|_| (m, d))
}

/// The chair rotation order: listed, or members with a seat of their own by name.
pub fn rotation_order(b: &BoardFile) -> Vec<String> {
    let Some(r) = &b.rotation else {
        return Vec::new();
    };
    match r.order {
        RotationOrder::Listed => r.members.iter().map(|m| m.get_ref().clone()).collect(),
        RotationOrder::Alphabetical => {
            let grouped: BTreeSet<&str> = b
                .seat_groups
                .iter()
                .flat_map(|g| g.members.iter().map(|m| m.get_ref().as_str()))
                .collect();
            let mut ms: Vec<&Member> = b
                .members
                .iter()
                .filter(|m| !grouped.contains(m.id.get_ref().as_str()))
                .collect();
            ms.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.get_ref().cmp(b.id.get_ref())));
            ms.into_iter().map(|m| m.id.get_ref().clone()).collect()
        }
    }
}

/// The scored quality criteria: quality criteria without sub-criteria, and sub-criteria; with weights.
pub fn quality_leaves(t: &TenderFile) -> Vec<(&str, Decimal)> {
    let mut out = Vec::new();
    for c in &t.criteria {
        if c.kind != CriterionKind::Quality {
            continue;
        }
        if c.sub.is_empty() {
            out.push((c.id.get_ref().as_str(), *c.weight.get_ref()));
        } else {
            out.extend(
                c.sub
                    .iter()
                    .map(|s| (s.id.get_ref().as_str(), *s.weight.get_ref())),
            );
        }
    }
    out
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
