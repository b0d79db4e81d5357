//! board.toml: members, weights, seat groups, rotation, decision rules, scoring defaults, calendar.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rust_decimal::Decimal;

use super::*;

impl Validator<'_> {
    pub(super) fn board_file(&mut self) {
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
        if let Some(p) = &b.board.ocid_prefix
            && !valid_ocid_prefix(p.get_ref())
        {
            self.err(
                f,
                p.span(),
                format!("invalid ocid_prefix `{}`", p.get_ref()),
                Some("an OCDS ocid prefix is `ocds-` and six lowercase letters or digits, e.g. \"ocds-a1b2c3\", as registered with the Open Contracting Partnership".into()),
            );
        }

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

    pub(super) fn weights(&mut self, f: &Path) {
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

    pub(super) fn seat_groups(&mut self, f: &Path, members: &[&str]) -> BTreeMap<String, String> {
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

    pub(super) fn rotation(
        &mut self,
        f: &Path,
        members: &[&str],
        groups: &BTreeMap<String, String>,
    ) {
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
        if let Some(rot) = crate::board::resolve::chair_rotation(self.board) {
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

    pub(super) fn decisions(&mut self, f: &Path) {
        let default = self
            .board
            .file
            .decisions
            .get("default")
            .map(|d| d.get_ref().clone())
            .unwrap_or_default();
        let members = crate::board::resolve::voting_capacity(&self.board.file);
        let mut casting_kinds = Vec::new();
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
            // Keys missing here come from [decisions.default]: judge the rule as it applies.
            let inherited = if kind == "default" {
                DecisionRules::default()
            } else {
                default.clone()
            };
            let what = format!("[decisions.{kind}]");
            for p in crate::board::resolve::rule_problems(r, &inherited, &what, members) {
                let span = p.span.unwrap_or_else(|| rules.span());
                if p.warning {
                    self.warn(f, span, p.message, p.hint);
                } else {
                    self.err(f, span, p.message, p.hint);
                }
            }
            if matches!(
                r.ties.or(inherited.ties),
                Some(TieKind::ChairCasting | TieKind::RepeatThenChair)
            ) {
                casting_kinds.push(kind.as_str());
            }
        }
        // A casting vote needs someone presiding: without a rotation, no chair is known.
        if self.board.file.rotation.is_none()
            && let Some(first) = casting_kinds.first()
        {
            let span = self
                .board
                .file
                .decisions
                .get(*first)
                .map_or(0..0, |d| d.span());
            self.warn(
                f,
                span,
                format!(
                    "ties go to the chair's casting vote ({}), but the board has no [rotation], so no chair is known",
                    casting_kinds
                        .iter()
                        .map(|k| format!("[decisions.{k}]"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                Some(
                    "add a [rotation], or record a `presiding` event in each meeting to name who presides; otherwise a tie fails"
                        .into(),
                ),
            );
        }
    }

    pub(super) fn scoring(&mut self, f: &Path) {
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

    pub(super) fn calendar(&mut self, f: &Path) {
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
}

/// `ocds-` and six lowercase letters or digits, the form the Open Contracting Partnership assigns.
fn valid_ocid_prefix(p: &str) -> bool {
    p.strip_prefix("ocds-").is_some_and(|rest| {
        rest.len() == 6
            && rest
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    })
}
