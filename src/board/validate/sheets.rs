//! tenders/<id>/sheets/<member>.toml and consensus.toml: individual and consensus scores.

use rust_decimal::Decimal;

use super::*;

impl Validator<'_> {
    /// Checks a tender's score sheets (member, tender, bids, criteria and scores on the scale)
    /// and its consensus file against the way the tender is moderated.
    pub(super) fn sheets(
        &mut self,
        t: &TenderDoc,
        bids: &[&str],
        scale_max: Decimal,
        points: &[Decimal],
    ) {
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
        let scale = Scale {
            max: scale_max,
            points,
            hint: scale_hint,
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
            self.sheet_scores(f, sh, bids, &leaves, &scale);
        }
        self.consensus_scores(t, bids, &leaves, &scale);
    }

    /// A sheet's scores: each for a bid of the tender and a scored criterion (`leaves`), and
    /// on the scale.
    fn sheet_scores(
        &mut self,
        f: &Path,
        sh: &SheetFile,
        bids: &[&str],
        leaves: &[&str],
        scale: &Scale<'_>,
    ) {
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
                            format!("did you mean `{s}`? scored criteria: {}", list(leaves))
                        }
                        None => format!(
                            "scored criteria (quality criteria without sub-criteria, and sub-criteria): {}",
                            list(leaves)
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
                if !scale.holds(v) {
                    self.err(
                        f,
                        score.span(),
                        format!(
                            "score {v} for bid `{bid}`, criterion `{crit}` is not on the scale"
                        ),
                        Some(scale.hint.clone()),
                    );
                }
            }
        }
    }

    /// The consensus file: missing when the tender is moderated by consensus (a warning),
    /// ignored when it is moderated by the mean, and otherwise each agreed score for a bid and
    /// a scored criterion, on the scale.
    fn consensus_scores(
        &mut self,
        t: &TenderDoc,
        bids: &[&str],
        leaves: &[&str],
        scale: &Scale<'_>,
    ) {
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
                self.reference(f, &e.criterion, "criterion", leaves);
                let v = *e.score.get_ref();
                if !scale.holds(v) {
                    self.err(
                        f,
                        e.score.span(),
                        format!("consensus score {v} is not on the scale"),
                        Some(scale.hint.clone()),
                    );
                }
            }
        }
    }
}

/// The scale a tender's scores must be on: 0 to its maximum, or only its listed points, with
/// the hint that says which.
struct Scale<'p> {
    max: Decimal,
    points: &'p [Decimal],
    hint: String,
}

impl Scale<'_> {
    /// Whether a score is on the scale.
    fn holds(&self, v: Decimal) -> bool {
        if self.points.is_empty() {
            v >= Decimal::ZERO && v <= self.max
        } else {
            self.points.contains(&v)
        }
    }
}
