//! tenders/<id>.toml: lots, criteria, price formula, bids, awards.

use std::collections::BTreeMap;
use std::path::Path;

use rust_decimal::Decimal;

use super::*;

impl Validator<'_> {
    /// Checks one tender file: its header, criteria and price formula, evaluation scale, bids,
    /// standstill rule, awards, and then its score sheets.
    pub(super) fn tender(&mut self, t: &TenderDoc) {
        let f = t.path.as_path();
        let tf = &t.tender;
        let info = &tf.tender;
        self.tender_info(f, t);
        let lots = self.unique(f, tf.lots.iter().map(|l| &l.id), "lot");
        self.tender_criteria(f, tf);
        let (scale_max, points) = self.tender_evaluation(f, tf);

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
            self.tender_bid(f, info, b, &lots, &pf);
        }
        self.life_cycle(f, tf);
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
            self.tender_award(f, tf, a, &lots, &bid_ids, &mut awarded_lots);
        }
        self.sheets(t, &bid_ids, scale_max, &points);
    }

    /// The tender's header: its id matches the file, a known currency, a positive estimated
    /// value, known buyers and recused members, and a deadline not before publication.
    fn tender_info(&mut self, f: &Path, t: &TenderDoc) {
        let info = &t.tender.tender;
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
        if let Some(c) = &info.classification {
            self.classification(f, c);
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
    }

    /// `[life_cycle]` and each bid's `[bid.life_cycle]`: years from 1 to 50, a discount rate
    /// from 0 to below 1, no negative energy price or use, and every bid stating exactly the
    /// tender's yearly costs. A bid's life-cycle figures without `[life_cycle]` are ignored
    /// (a warning).
    fn life_cycle(&mut self, f: &Path, tf: &crate::board::model::TenderFile) {
        let Some(lc) = &tf.life_cycle else {
            for b in &tf.bids {
                if let Some(l) = &b.life_cycle {
                    self.warn(
                        f,
                        l.span(),
                        format!("bid `{}` states life-cycle costs, but the tender has no [life_cycle]: they are ignored", b.id.get_ref()),
                        Some("add [life_cycle] with `years` and `discount_rate` to evaluate on life-cycle cost, or remove [bid.life_cycle]".into()),
                    );
                }
            }
            return;
        };
        if !(1..=50).contains(lc.years.get_ref()) {
            self.err(
                f,
                lc.years.span(),
                format!("years {} is not from 1 to 50", lc.years.get_ref()),
                Some("the years of use the life-cycle cost counts, e.g. years = 8".into()),
            );
        }
        let r = *lc.discount_rate.get_ref();
        if r < Decimal::ZERO || r >= Decimal::ONE {
            self.err(
                f,
                lc.discount_rate.span(),
                format!("discount_rate {r} is not from 0 to below 1"),
                Some("a fraction a year: 0.04 for 4 %".into()),
            );
        }
        if let Some(p) = &lc.energy_price
            && *p.get_ref() < Decimal::ZERO
        {
            self.err(f, p.span(), "energy_price is below 0", None);
        }
        let names: Vec<&str> = lc
            .yearly_costs
            .iter()
            .map(|n| n.get_ref().as_str())
            .collect();
        self.unique(f, lc.yearly_costs.iter(), "yearly cost");
        if !tf.criteria.iter().any(|c| c.kind == CriterionKind::Price) {
            self.warn(
                f,
                lc.years.span(),
                "[life_cycle] without a price criterion: the life-cycle cost is computed but scores nothing",
                None,
            );
        }
        for b in &tf.bids {
            let Some(l) = &b.life_cycle else {
                self.err(
                    f,
                    b.id.span(),
                    format!("bid `{}` has no [bid.life_cycle]: the tender is evaluated on life-cycle cost", b.id.get_ref()),
                    Some(format!("add its yearly figures: energy_use, end_of_life and yearly = {{ {} }}", names.iter().map(|n| format!("{n} = …")).collect::<Vec<_>>().join(", "))),
                );
                continue;
            };
            let l = l.get_ref();
            if let Some(e) = &l.energy_use
                && *e.get_ref() < Decimal::ZERO
            {
                self.err(f, e.span(), "energy_use is below 0", None);
            }
            for (name, cost) in &l.yearly {
                if !names.contains(&name.as_str()) {
                    let hint = crate::diag::did_you_mean(name, names.iter().copied())
                        .map(|s| format!("did you mean `{s}`? "))
                        .unwrap_or_default();
                    self.err(
                        f,
                        cost.span(),
                        format!(
                            "bid `{}` states a yearly cost `{name}` that the tender does not name",
                            b.id.get_ref()
                        ),
                        Some(format!(
                            "{hint}the tender's yearly_costs: {}",
                            crate::diag::list(&names)
                        )),
                    );
                }
            }
            let missing: Vec<&str> = names
                .iter()
                .copied()
                .filter(|n| !l.yearly.contains_key(*n))
                .collect();
            if !missing.is_empty() {
                self.err(
                    f,
                    b.id.span(),
                    format!(
                        "bid `{}` does not state the yearly cost {} the tender names",
                        b.id.get_ref(),
                        crate::diag::list(&missing)
                    ),
                    Some("state each one in [bid.life_cycle] yearly (0 when there is none)".into()),
                );
            }
        }
    }

    /// `[tender.classification]`: a scheme named, and a CPV code of eight digits (with its check
    /// digit or not).
    fn classification(&mut self, f: &Path, c: &crate::board::model::Classification) {
        let scheme = c.scheme.get_ref();
        if scheme.trim().is_empty() {
            self.err(
                f,
                c.scheme.span(),
                "the classification scheme is empty",
                Some(
                    "name the scheme, like \"CPV\" (the default when `scheme` is left out)".into(),
                ),
            );
            return;
        }
        let code = c.id.get_ref();
        let (digits, check) = code.split_once('-').unwrap_or((code, "0"));
        let plain = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        if scheme == "CPV" && !(plain(digits, 8) && plain(check, 1)) {
            self.err(
                f,
                c.id.span(),
                format!("CPV code `{code}` is not eight digits"),
                Some("write the code from the CPV list, like \"34144900\" or with its check digit \"34144900-7\"".into()),
            );
        }
    }

    /// Criteria: unique ids, top-level weights sum to 100, sub-criteria to their parent, every
    /// weight positive, at most one price criterion (without sub-criteria), and a [price]
    /// table exactly when there is one.
    fn tender_criteria(&mut self, f: &Path, tf: &TenderFile) {
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
    }

    /// The scoring scale (the tender's, or else the board's) and the threshold, which must lie
    /// within the quality points available; returns the scale's maximum and points.
    fn tender_evaluation(&mut self, f: &Path, tf: &TenderFile) -> (Decimal, Vec<Decimal>) {
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
        (scale_max, points)
    }

    /// One bid: a positive price, the lot it is for (when the tender has lots), known failed
    /// pass/fail criteria, its documents, and a warning when received late but marked valid.
    fn tender_bid(&mut self, f: &Path, info: &TenderInfo, b: &Bid, lots: &[&str], pf: &[&str]) {
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
                    self.reference(f, l, "lot", lots);
                }
            }
            None if !lots.is_empty() => self.err(
                f,
                b.id.span(),
                format!("bid `{}` does not say which lot it is for", b.id.get_ref()),
                Some(format!("lot = one of {}", list(lots))),
            ),
            None => {}
        }
        for x in &b.failed {
            self.reference(f, x, "pass/fail criterion", pf);
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

    /// One award: the lot it is for (when the tender has lots), not twice for the same lot
    /// (`awarded_lots` remembers each lot's first award), a known bid that can be awarded and
    /// is for that lot, a standstill rule, and its contract date.
    fn tender_award<'t>(
        &mut self,
        f: &Path,
        tf: &TenderFile,
        a: &'t AwardDef,
        lots: &[&str],
        bid_ids: &[&str],
        awarded_lots: &mut BTreeMap<Option<&'t str>, Range<usize>>,
    ) {
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
                self.reference(f, l, "lot", lots);
            }
        } else if !lots.is_empty() {
            self.err(
                f,
                a.bid.span(),
                "the tender has lots: say which lot this award is for",
                Some(format!("lot = one of {}", list(lots))),
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
        if self.reference(f, &a.bid, "bid", bid_ids)
            && let Some(bid) = tf.bids.iter().find(|b| b.id.get_ref() == a.bid.get_ref())
        {
            self.awarded_bid(f, a, bid, lot);
        }
        if tf.standstill.is_none() {
            self.warn(f, a.notice.span(), "an award notice without a [standstill] rule", Some("add [standstill] rule = \"eu_remedies\" (or another) so the standstill end can be computed".into()));
        }
        if let Some(c) = &a.contract {
            self.contract_date(f, tf, a, c);
        }
    }

    /// The bid an award goes to: withdrawn or disqualified since (a warning: the award is
    /// unsuccessful), otherwise valid, and for the award's lot.
    fn awarded_bid(&mut self, f: &Path, a: &AwardDef, bid: &Bid, lot: Option<&str>) {
        if matches!(bid.status, BidStatus::Withdrawn | BidStatus::Disqualified) {
            // Withdrawn or disqualified after the award: the award stands on record as
            // OCDS `unsuccessful` until the board decides again.
            self.warn(
                f,
                a.bid.span(),
                format!(
                    "the award goes to bid `{}`, which is now {}: the award is unsuccessful",
                    a.bid.get_ref(),
                    bid.status
                ),
                Some("the board decides the award again; record the new decision in this [[award]] with its new notice date".into()),
            );
        } else if bid.status != BidStatus::Valid {
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

    /// An award's `contract` date: never before the notice; a warning when it falls inside the
    /// standstill (the contract may be signed only from the day after it ends).
    fn contract_date(&mut self, f: &Path, tf: &TenderFile, a: &AwardDef, c: &Spanned<Date>) {
        let (notice, signed) = (a.notice.get_ref().0, c.get_ref().0);
        if signed < notice {
            self.err(
                f,
                c.span(),
                format!("the contract ({signed}) is dated before the award notice ({notice})"),
                Some("`contract` is the date the contract was signed, after the notice and its standstill".into()),
            );
            return;
        }
        if let Some(s) = &tf.standstill {
            let means = match a.means {
                NoticeMeans::Electronic => crate::rules::standstill::Notice::Electronic,
                NoticeMeans::Other => crate::rules::standstill::Notice::Other,
            };
            let ss = crate::rules::standstill::standstill(
                &crate::board::resolve::standstill_rule(s),
                notice,
                means,
                &crate::board::resolve::calendar(self.board),
            );
            if signed < ss.contract_from {
                self.warn(
                    f,
                    c.span(),
                    format!(
                        "the contract ({signed}) is dated inside the standstill, which ends {}",
                        ss.ends
                    ),
                    Some(format!(
                        "a contract may be signed from {}; check the date",
                        ss.contract_from
                    )),
                );
            }
        }
    }

    pub(super) fn price(&mut self, f: &Path, p: &PriceDef) {
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
            FormulaKind::Proportional | FormulaKind::RelativeToLowest => {}
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
}
