//! The board as written in TOML: one type per table, exactly as `docs/board-format.md` describes.
//!
//! Every table refuses unknown keys. Values that other files refer to, or that validation may
//! complain about, are wrapped in [`Spanned`] so a diagnostic can point at them.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use chrono::{NaiveDate, NaiveTime};
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize};
use toml::Spanned;

pub use crate::rules::dispute::DisputeStatus;
pub use crate::rules::scoring::{BidStatus, Moderation, TieBreak};

/// A calendar date, written in TOML as a bare date: `2025-03-05`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Date(pub NaiveDate);

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let dt = toml::value::Datetime::deserialize(d)?;
        match (dt.date, dt.time, dt.offset) {
            (Some(date), None, None) => {
                NaiveDate::from_ymd_opt(i32::from(date.year), date.month.into(), date.day.into())
                    .map(Date)
                    .ok_or_else(|| D::Error::custom(format!("{date} is not a real date")))
            }
            _ => Err(D::Error::custom(format!(
                "expected a date like 2025-03-05, found `{dt}`"
            ))),
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

/// A local time of day, written in TOML as a bare time: `18:30:00` (or `18:30`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct TimeOfDay(pub NaiveTime);

impl<'de> Deserialize<'de> for TimeOfDay {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let dt = toml::value::Datetime::deserialize(d)?;
        match (dt.date, dt.time, dt.offset) {
            (None, Some(t), None) => NaiveTime::from_hms_opt(
                t.hour.into(),
                t.minute.into(),
                t.second.unwrap_or(0).into(),
            )
            .map(TimeOfDay)
            .ok_or_else(|| D::Error::custom(format!("{t} is not a real time"))),
            _ => Err(D::Error::custom(format!(
                "expected a local time like 18:30:00, found `{dt}`"
            ))),
        }
    }
}

/// `board.toml`: the body, its members, weights, seats, rotation, rules and calendar.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BoardFile {
    /// The body itself.
    pub board: BoardInfo,
    /// Member municipalities (`[[member]]`).
    #[serde(rename = "member", default)]
    pub members: Vec<Member>,
    /// How vote weights are set.
    pub weights: Weights,
    /// Annual chair and vice-chair rotation.
    pub rotation: Option<Rotation>,
    /// Seats shared among a group of members, rotating each term (`[[seat_group]]`).
    #[serde(rename = "seat_group", default)]
    pub seat_groups: Vec<SeatGroup>,
    /// Decision rules per kind of decision (`[decisions.default]`, `[decisions.award]`, …).
    #[serde(default)]
    pub decisions: BTreeMap<String, Spanned<DecisionRules>>,
    /// Scoring defaults for tenders.
    #[serde(default)]
    pub scoring: ScoringDefaults,
    /// Working-day calendar for standstill dates.
    #[serde(default)]
    pub calendar: CalendarDef,
    /// Minutes: languages, the roles that sign, who signs under which principal (`[minutes]`).
    #[serde(default)]
    pub minutes: crate::board::minutes::MinutesConfig,
    /// Contracts after the award: grace days for members' reports, the supplier-share limit,
    /// signed reports (`[contracts]`; docs/contracts.md).
    #[serde(default)]
    pub contracts: ContractsConfig,
    /// Decisions between meetings in writing (`[written_procedure]`); none: not allowed.
    pub written_procedure: Option<crate::board::written::WrittenRules>,
    /// What of the bids the public sees, and when (`[disclosure]`; docs/board-format.md).
    #[serde(default)]
    pub disclosure: DisclosureConfig,
    /// Grounds for closed session, staff who may stay, where closed records are kept
    /// (`[closed_session]`; docs/board-format.md).
    #[serde(default)]
    pub closed_session: crate::board::closed::ClosedSessionRules,
    /// The speakers' list: the default speaking time (`[speakers]`; docs/board-format.md).
    #[serde(default)]
    pub speakers: SpeakersConfig,
}

/// `[speakers]`: the speaking time a speech is given unless the agenda item says otherwise.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpeakersConfig {
    /// Seconds per speech (at least 1); none: speeches are not timed.
    pub speaking_time_seconds: Option<std::num::NonZeroU32>,
}

/// `[disclosure]`: what `export ocds`, `publish` and `stats` show of the bids that hold no award
/// in force, and from when. Both keys default to `always`: everything is shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DisclosureConfig {
    /// The prices and the scores (points, totals, explanations) of unsuccessful bids.
    #[serde(default)]
    pub unsuccessful_bids: Disclosure,
    /// The names of bidders who hold no award in force.
    #[serde(default)]
    pub unsuccessful_bidders: Disclosure,
}

/// When something is shown to the public.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Disclosure {
    /// Always (the default).
    #[default]
    Always,
    /// Once the awards of the tender (or of the bid's lot) are final on the output's date.
    AfterAward,
    /// Never.
    Never,
}

impl Disclosure {
    /// The word in board.toml: `always`, `after_award` or `never`.
    pub fn code(self) -> &'static str {
        match self {
            Disclosure::Always => "always",
            Disclosure::AfterAward => "after_award",
            Disclosure::Never => "never",
        }
    }
}

/// `[contracts]`: how the board follows its contracts after the award (docs/contracts.md).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContractsConfig {
    /// Days after a reporting period ends before a member's missing report is overdue.
    #[serde(default = "default_grace_days")]
    pub grace_days: u32,
    /// Percent of the awarded contract value above which one supplier's share gets a note.
    #[serde(default = "default_supplier_share_limit")]
    pub supplier_share_limit: Spanned<Decimal>,
    /// Members' KPI reports must be signed (like score sheets) to count.
    #[serde(default)]
    pub require_signed_reports: bool,
}

/// Default `[contracts] grace_days`: 30 days.
pub const DEFAULT_GRACE_DAYS: u32 = 30;

fn default_grace_days() -> u32 {
    DEFAULT_GRACE_DAYS
}

fn default_supplier_share_limit() -> Spanned<Decimal> {
    Spanned::new(0..0, Decimal::from(40))
}

impl Default for ContractsConfig {
    fn default() -> Self {
        ContractsConfig {
            grace_days: DEFAULT_GRACE_DAYS,
            supplier_share_limit: default_supplier_share_limit(),
            require_signed_reports: false,
        }
    }
}

/// `[board]`
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BoardInfo {
    /// Short identifier, used in OCDS ids and file names.
    pub id: Spanned<String>,
    /// Full name of the body.
    pub name: String,
    /// Jurisdictions the members belong to (states, countries).
    #[serde(default)]
    pub jurisdictions: Vec<String>,
    /// IANA time zone, e.g. `America/New_York`.
    pub time_zone: Spanned<String>,
    /// ISO 4217 currency code, e.g. `USD`.
    pub currency: Spanned<String>,
    /// The board's secretary (a person, not a member).
    pub secretary: Option<String>,
    /// Default meeting place.
    pub place: Option<String>,
    /// OCDS ocid prefix registered with the Open Contracting Partnership, `ocds-` and six
    /// letters or digits (`ocds-a1b2c3`); the export's ocids are this prefix, `-` and the tender id.
    pub ocid_prefix: Option<Spanned<String>>,
}

/// `[[member]]`: a member municipality.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// Identifier used everywhere else (`[a-z0-9-]`).
    pub id: Spanned<String>,
    /// The member's name as the minutes and the console show it (e.g. "Town of Stonebridge").
    pub name: String,
    /// One of `[board] jurisdictions`.
    pub jurisdiction: Option<Spanned<String>>,
    /// Population, for population-weighted votes.
    pub population: Option<Spanned<u64>>,
    /// Financial contribution, for contribution-weighted votes.
    pub contribution: Option<Spanned<Decimal>>,
    /// Fixed vote weight, when `[weights] method = "fixed"`.
    pub weight: Option<Spanned<Decimal>>,
    /// Delegates who sit for the member.
    #[serde(default)]
    pub delegates: Vec<String>,
    /// Alternates, who vote with the seat's full weight when sitting.
    #[serde(default)]
    pub alternates: Vec<String>,
    /// First day of membership.
    pub joined: Option<Spanned<Date>>,
    /// Last day of membership.
    pub left: Option<Spanned<Date>>,
}

/// How vote weights are set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WeightMethod {
    /// Every member has weight 1.
    Equal,
    /// Each member's `weight`.
    Fixed,
    /// Whole votes apportioned from population or contribution (largest remainder, min, cap).
    Apportioned,
}

/// What apportioned weights are derived from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WeightBasis {
    /// Members' `population`.
    Population,
    /// Members' `contribution`.
    Contribution,
}

/// `[weights]`
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Weights {
    /// equal, fixed or apportioned.
    pub method: WeightMethod,
    /// For apportioned: population or contribution.
    pub basis: Option<Spanned<WeightBasis>>,
    /// Date of the figures (census date, budget year start).
    pub as_of: Option<Spanned<Date>>,
    /// Where the figures come from ("US Census 2020").
    pub source: Option<String>,
    /// For apportioned: total number of votes.
    pub total: Option<Spanned<u32>>,
    /// For apportioned: minimum votes per member.
    #[serde(default = "one")]
    pub minimum: u32,
    /// For apportioned: maximum votes per member.
    pub cap: Option<Spanned<u32>>,
}

fn one() -> u32 {
    1
}

/// Order of the chair rotation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RotationOrder {
    /// The order of `members`.
    Listed,
    /// Members with a seat of their own, by name.
    Alphabetical,
}

/// `[rotation]`: chair and vice-chair rotating annually.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rotation {
    /// listed or alphabetical.
    pub order: RotationOrder,
    /// For listed: member ids in rotation order, starting at the epoch.
    #[serde(default)]
    pub members: Vec<Spanned<String>>,
    /// The term year in which the first member of the order held the chair.
    pub epoch: Spanned<i32>,
    /// Month and day each annual term starts, `MM-DD`; default `01-01`.
    pub term_starts: Option<Spanned<String>>,
    /// Members who declined their turn (`[[rotation.decline]]`).
    #[serde(rename = "decline", default)]
    pub declines: Vec<Decline>,
}

/// `[[rotation.decline]]`
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decline {
    /// The member who declined.
    pub member: Spanned<String>,
    /// The term year it declined.
    pub term: Spanned<i32>,
    /// Why (for the record).
    pub reason: Option<String>,
}

/// `[[seat_group]]`: N seats shared among a group of members, rotating each term.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeatGroup {
    /// Identifier; seats are named `<id>-1`, `<id>-2`, …
    pub id: Spanned<String>,
    /// The group's name as the minutes and `seats` show it.
    pub name: Option<String>,
    /// Number of seats.
    pub seats: Spanned<u32>,
    /// Members sharing the seats, in rotation order.
    pub members: Vec<Spanned<String>>,
    /// First day of the first term.
    pub first_term_starts: Spanned<Date>,
    /// Term length in months (default 12).
    #[serde(default = "twelve")]
    pub term_months: u32,
}

fn twelve() -> u32 {
    12
}

/// Majority rule names (docs/domain.md §2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MajorityKind {
    /// Y > (Y+N)/2.
    VotesCast,
    /// Y > E/2.
    Present,
    /// Y > W/2.
    Membership,
    /// 3Y ≥ 2(Y+N).
    TwoThirdsCast,
    /// Majority by head and by weight on `base`.
    DoubleMajority,
    /// EU Council style qualified majority.
    Qualified,
    /// At least `min_yes_members` members voting yes and at least `min_yes_weight_share` of the
    /// weight of `base` (default the membership).
    MembersAndWeight,
}

/// Base of a double majority.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BaseKind {
    /// Yes + no.
    VotesCast,
    /// Present and entitled.
    Present,
    /// Every seat of the board, present or not (the membership).
    Membership,
}

/// Quorum counted by head, weight or both.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QuorumByKind {
    /// Counted by members present, one each.
    Head,
    /// Counted by the weight of the members present.
    Weight,
    /// Both must reach the share.
    HeadAndWeight,
    /// Either reaching the share is enough.
    HeadOrWeight,
}

/// Tie rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TieKind {
    /// A tie fails.
    Fails,
    /// The chair's casting vote decides.
    ChairCasting,
    /// Vote again; a second tie goes to the chair.
    RepeatThenChair,
}

/// `[decisions.<kind>]`: every key is optional; missing keys come from `[decisions.default]`,
/// then from the built-in defaults.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionRules {
    /// What this kind of decision is for.
    pub description: Option<String>,
    /// The majority rule.
    pub majority: Option<MajorityKind>,
    /// For double_majority (required) and members_and_weight (default membership): the base.
    pub base: Option<BaseKind>,
    /// Quorum by head, weight or both.
    pub quorum_by: Option<QuorumByKind>,
    /// Quorum share, a decimal fraction (0.5 = half).
    pub quorum_share: Option<Spanned<Decimal>>,
    /// true: more than the share ("a majority"); false: at least the share.
    pub quorum_strict: Option<bool>,
    /// Whether recused members still count toward quorum.
    pub recused_count_for_quorum: Option<bool>,
    /// What a tie does: fail, or the presiding officer's casting vote (`[decisions.<kind>] ties`).
    pub ties: Option<TieKind>,
    /// A member's weight must be cast as one block.
    pub block_casting: Option<bool>,
    /// Votes by proxy allowed.
    pub proxies: Option<bool>,
    /// Qualified majority: share of members voting yes (default 0.55).
    pub qualified_member_share: Option<Spanned<Decimal>>,
    /// Qualified majority: share of weight voting yes (default 0.65).
    pub qualified_weight_share: Option<Spanned<Decimal>>,
    /// Qualified majority: members needed for a blocking minority (default 4).
    pub blocking_members: Option<Spanned<u32>>,
    /// Qualified majority: weight share a blocking minority must exceed (default 0.35).
    pub blocking_weight_share: Option<Spanned<Decimal>>,
    /// members_and_weight: fewest members that must vote yes (a number, at least 1).
    pub min_yes_members: Option<Spanned<u32>>,
    /// members_and_weight: share of the base weight that must vote yes.
    pub min_yes_weight_share: Option<Spanned<Decimal>>,
}

/// `[scoring]`: defaults for tenders; each tender's `[evaluation]` may override.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoringDefaults {
    /// Highest score on the quality scale (lowest is 0).
    #[serde(default = "five")]
    pub scale_max: Decimal,
    /// Allowed score values, when the scale has descriptors (e.g. [0, 2, 5, 8, 10]).
    #[serde(default)]
    pub scale_points: Vec<Decimal>,
    /// mean or consensus.
    #[serde(default = "mean")]
    pub moderation: Moderation,
    /// Spread (max − min of members' scores) above which a score is flagged.
    pub spread_limit: Option<Decimal>,
    /// The order of tie-breaks between equal totals (higher quality, lower price, lots).
    #[serde(default = "default_tie_break")]
    pub tie_break: Vec<TieBreak>,
}

impl Default for ScoringDefaults {
    fn default() -> Self {
        ScoringDefaults {
            scale_max: five(),
            scale_points: Vec::new(),
            moderation: mean(),
            spread_limit: None,
            tie_break: default_tie_break(),
        }
    }
}

fn five() -> Decimal {
    Decimal::from(5)
}
fn mean() -> Moderation {
    Moderation::Mean
}
fn default_tie_break() -> Vec<TieBreak> {
    vec![TieBreak::HigherQuality, TieBreak::LowerPrice, TieBreak::Lot]
}

/// `[calendar]`: which days are working days.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarDef {
    /// Weekend days, as `mon` … `sun`. Default `["sat", "sun"]`.
    #[serde(default = "weekend")]
    pub weekend: Vec<Spanned<String>>,
    /// Public holidays: dates that working-day standstill rules skip.
    #[serde(default)]
    pub holidays: Vec<Spanned<Date>>,
}

impl Default for CalendarDef {
    fn default() -> Self {
        CalendarDef {
            weekend: weekend(),
            holidays: Vec::new(),
        }
    }
}

fn weekend() -> Vec<Spanned<String>> {
    ["sat", "sun"]
        .into_iter()
        .map(|d| Spanned::new(0..0, d.to_owned()))
        .collect()
}

/// Parses a weekday written `mon` … `sun` (or in full).
pub fn parse_weekday(s: &str) -> Option<chrono::Weekday> {
    use chrono::Weekday::*;
    let lower = s.to_ascii_lowercase();
    let day = match lower.get(..3)? {
        "mon" => Mon,
        "tue" => Tue,
        "wed" => Wed,
        "thu" => Thu,
        "fri" => Fri,
        "sat" => Sat,
        "sun" => Sun,
        _ => return None,
    };
    let full = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ][day.num_days_from_monday() as usize];
    (lower.len() == 3 || lower == full).then_some(day)
}

/// `meetings/<id>/agenda.toml`
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgendaFile {
    /// The meeting itself: kind, date, time, place (`[meeting]`).
    pub meeting: MeetingInfo,
    /// Items in order (`[[item]]`).
    #[serde(rename = "item", default)]
    pub items: Vec<Item>,
}

/// Regular or special meeting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingKind {
    /// A regular meeting (approves the previous minutes).
    Regular,
    /// A special meeting (does not approve minutes).
    Special,
}

/// `[meeting]`
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingInfo {
    /// regular or special.
    pub kind: Spanned<MeetingKind>,
    /// Title shown on the minutes.
    pub title: Option<String>,
    /// Date of the meeting.
    pub date: Spanned<Date>,
    /// Scheduled start, local time.
    pub start: TimeOfDay,
    /// Where the meeting is held; the minutes print it.
    pub place: Option<String>,
    /// IANA time zone; default the board's.
    pub time_zone: Option<Spanned<String>>,
}

/// Kinds of agenda item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// Opening, roll call, adoption of the agenda, adjournment.
    Procedural,
    /// Approval of the minutes of an earlier meeting.
    ApproveMinutes,
    /// For information only, no decision.
    Information,
    /// The members score a tender.
    TenderEvaluation,
    /// A motion to award a tender to a recommended bid.
    AwardDecision,
    /// A general motion.
    Motion,
    /// Hearing of a dispute or bid protest.
    DisputeHearing,
    /// Review of a contract's performance (KPIs, benchmark, breaches, remedy): names `contract`.
    ContractReview,
}

/// `[[item]]`
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Item number or id, unique in the agenda ("1", "4a").
    pub id: Spanned<String>,
    /// What kind of item.
    pub kind: Spanned<ItemKind>,
    /// The item's title as the agenda, the console and the minutes show it.
    pub title: String,
    /// Who presents it.
    pub presenter: Option<String>,
    /// Expected duration in minutes.
    pub duration_minutes: Option<u32>,
    /// Documents, as paths inside the board folder.
    #[serde(default)]
    pub documents: Vec<Spanned<String>>,
    /// Tender (tender_evaluation, award_decision, dispute_hearing).
    pub tender: Option<Spanned<String>>,
    /// Lot of the tender, when it has lots.
    pub lot: Option<Spanned<String>>,
    /// Recommended bid (award_decision).
    pub bid: Option<Spanned<String>>,
    /// Text of the motion (award_decision, motion).
    pub motion: Option<String>,
    /// Kind of decision, a key of `[decisions]` (default by item kind).
    pub decision: Option<Spanned<String>>,
    /// Dispute heard (dispute_hearing), an id from `disputes/`.
    pub dispute: Option<Spanned<String>>,
    /// Meeting whose minutes are approved (approve_minutes), a folder under `meetings/`.
    pub minutes_of: Option<Spanned<String>>,
    /// Contract reviewed (contract_review), a file `contracts/<id>.toml`.
    pub contract: Option<Spanned<String>>,
    /// `public` (the default) or `closed`: held in closed session.
    pub session: Option<Spanned<crate::board::closed::Session>>,
    /// The ground for closed session, an id from board.toml's `[closed_session] grounds`.
    pub ground: Option<Spanned<String>>,
    /// On the consent agenda: adopted with the other consent items by one vote
    /// ([`Item::on_consent`]).
    pub consent: Option<Spanned<bool>>,
    /// Seconds per speech on this item (at least 1); default the board's `[speakers]`.
    pub speaking_time_seconds: Option<std::num::NonZeroU32>,
    /// A public comment item: members of the public may ask to speak on it.
    #[serde(default)]
    pub public_comment: bool,
}

impl Item {
    /// Whether the item is on the consent agenda (`consent = true`).
    pub fn on_consent(&self) -> bool {
        self.consent.as_ref().is_some_and(|c| *c.get_ref())
    }
}

/// Procurement method (OCDS `procurementMethod`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Procedure {
    /// Open procedure: any interested supplier may bid.
    Open,
    /// Restricted / selective.
    Selective,
    /// Limited / negotiated.
    Limited,
    /// Direct award: one supplier approached without competition.
    Direct,
}

/// `tenders/<id>.toml`
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TenderFile {
    /// The tender itself: title, procedure, dates, recusals (`[tender]`).
    pub tender: TenderInfo,
    /// The lots the tender is divided into (`[[lot]]`); none for a tender in one piece.
    #[serde(rename = "lot", default)]
    pub lots: Vec<Lot>,
    /// Award criteria (`[[criterion]]`), weights summing to 100.
    #[serde(rename = "criterion", default)]
    pub criteria: Vec<CriterionDef>,
    /// How prices are scored (`[price]`: formula, weight, bounds).
    pub price: Option<PriceDef>,
    /// Life-cycle costing (`[life_cycle]`): the price scored is each bid's net present cost.
    pub life_cycle: Option<LifeCycleDef>,
    /// Quality scale, threshold, moderation (overrides `[scoring]`).
    #[serde(default)]
    pub evaluation: EvaluationDef,
    /// Pass/fail criteria (`[[pass_fail]]`).
    #[serde(rename = "pass_fail", default)]
    pub pass_fail: Vec<PassFail>,
    /// Which standstill rule holds the contract after the award notice (`[standstill]`).
    pub standstill: Option<StandstillDef>,
    /// Award notices, once awards are decided (`[[award]]`: one per tender, or one per lot).
    #[serde(rename = "award", default)]
    pub awards: Vec<AwardDef>,
    /// The bids received (`[[bid]]`).
    #[serde(rename = "bid", default)]
    pub bids: Vec<Bid>,
}

/// `[tender]`
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TenderInfo {
    /// Identifier; must equal the file name without `.toml`.
    pub id: Spanned<String>,
    /// The tender's title as the agenda, the site and OCDS show it.
    pub title: String,
    /// What is bought, in a sentence or two; the site and OCDS show it.
    pub description: Option<String>,
    /// open, selective, limited or direct.
    pub procedure: Procedure,
    /// The value the board estimated before bids, in the tender's currency.
    pub estimated_value: Spanned<Decimal>,
    /// ISO 4217 currency; default the board's.
    pub currency: Option<Spanned<String>>,
    /// Members buying through this tender (default: all).
    #[serde(default)]
    pub buyers: Vec<Spanned<String>>,
    /// Date the tender was published.
    pub published: Option<Spanned<Date>>,
    /// Deadline for bids.
    pub deadline: Option<Spanned<Date>>,
    /// What is bought, as a code of a classification scheme (CPV for EU boards).
    pub classification: Option<Classification>,
    /// Members recused from this tender (conflict of interest, Directive 2014/24/EU art. 24).
    #[serde(rename = "recusal", default)]
    pub recusals: Vec<TenderRecusal>,
}

/// `[tender.classification]`: the object of purchase as a code of a classification scheme.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Classification {
    /// The scheme (codelist `itemClassificationScheme`): `CPV` by default.
    #[serde(default = "cpv")]
    pub scheme: Spanned<String>,
    /// The code: for CPV, eight digits, optionally with its check digit (`34144900-7`).
    pub id: Spanned<String>,
    /// The code's label.
    pub description: Option<String>,
}

fn cpv() -> Spanned<String> {
    Spanned::new(0..0, "CPV".to_string())
}

/// `[[tender.recusal]]`
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TenderRecusal {
    /// The member recused from scoring and voting on this tender.
    pub member: Spanned<String>,
    /// The conflict of interest, in words the minutes quote.
    pub reason: String,
}

/// `[[lot]]`
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lot {
    /// The lot's id: bids, criteria and awards name the lot by it.
    pub id: Spanned<String>,
    /// The lot's title as the site and OCDS show it.
    pub title: String,
    /// The value the board estimated for this lot.
    pub estimated_value: Option<Spanned<Decimal>>,
}

/// A criterion is scored on price or on quality.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CriterionKind {
    /// Scored by the members on the quality scale.
    #[default]
    Quality,
    /// Scored by the price formula.
    Price,
}

/// `[[criterion]]`
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CriterionDef {
    /// Identifier, unique in the tender (sub-criteria included).
    pub id: Spanned<String>,
    /// The criterion's name as the score tables show it.
    pub name: String,
    /// Weight in points; top-level weights sum to 100.
    pub weight: Spanned<Decimal>,
    /// quality (default) or price.
    #[serde(default)]
    pub kind: CriterionKind,
    /// What the scorers look for.
    pub description: Option<String>,
    /// Sub-criteria (`[[criterion.sub]]`), weights summing to this criterion's weight.
    #[serde(default)]
    pub sub: Vec<SubCriterion>,
}

/// `[[criterion.sub]]`
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubCriterion {
    /// Identifier, unique in the tender.
    pub id: Spanned<String>,
    /// The sub-criterion's name as the score tables show it.
    pub name: String,
    /// Weight in points.
    pub weight: Spanned<Decimal>,
    /// What the scorers look for.
    pub description: Option<String>,
}

/// Price formula names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FormulaKind {
    /// Wp × Pmin / Pi.
    Proportional,
    /// Wp × (Pmax − Pi) / (Pmax − Pmin), clamped.
    Linear,
    /// Wp × (1 − ln(Pi/Pmin) / ln A).
    Logarithmic,
    /// Wp × (1 − (Pi − Pmin) / Pmin), floored at 0.
    RelativeToLowest,
}

/// `[price]`
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriceDef {
    /// proportional, linear, logarithmic or relative_to_lowest.
    pub formula: FormulaKind,
    /// Linear: price that scores full points (default: lowest valid bid).
    pub low: Option<Spanned<Decimal>>,
    /// Linear: price that scores 0 (default: highest valid bid).
    pub high: Option<Spanned<Decimal>>,
    /// Logarithmic: ratio to the lowest price that scores 0.
    pub zero_ratio: Option<Spanned<Decimal>>,
}

/// `[life_cycle]`: the years, the discount rate and the energy price of life-cycle costing
/// (Directive 2014/24/EU art. 68).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LifeCycleDef {
    /// Years of use counted, 1 to 50.
    pub years: Spanned<u32>,
    /// Discount rate a year, as a fraction (0.04 = 4 %), from 0 to less than 1.
    pub discount_rate: Spanned<Decimal>,
    /// Price of one unit of energy, in the tender's currency; 0 or more (none: no energy cost).
    pub energy_price: Option<Spanned<Decimal>>,
    /// The unit the bids state their energy use in.
    #[serde(default = "kwh")]
    pub energy_unit: String,
    /// The other yearly costs every bid states, by name (`maintenance`, `consumables`).
    #[serde(default)]
    pub yearly_costs: Vec<Spanned<String>>,
}

fn kwh() -> String {
    "kWh".to_string()
}

/// `[bid.life_cycle]`: what a bid states for life-cycle costing.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BidLifeCycle {
    /// Energy used a year, in the tender's `energy_unit` (none: 0).
    pub energy_use: Option<Spanned<Decimal>>,
    /// The tender's `yearly_costs`, each a cost a year.
    #[serde(default)]
    pub yearly: BTreeMap<String, Spanned<Decimal>>,
    /// Cost at the end of the last year; negative for a residual value (none: 0).
    pub end_of_life: Option<Spanned<Decimal>>,
}

/// `[evaluation]`: overrides of the board's `[scoring]` for this tender.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvaluationDef {
    /// Highest score on the quality scale.
    pub scale_max: Option<Decimal>,
    /// Allowed score values.
    pub scale_points: Option<Vec<Decimal>>,
    /// mean or consensus.
    pub moderation: Option<Moderation>,
    /// The widest spread between members' scores on one cell before it is flagged.
    pub spread_limit: Option<Decimal>,
    /// Minimum quality points; a bid below is excluded before price scoring.
    pub threshold: Option<Spanned<Decimal>>,
    /// The order of tie-breaks between equal totals, overriding the board's default.
    pub tie_break: Option<Vec<TieBreak>>,
}

/// `[[pass_fail]]`
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PassFail {
    /// The requirement's id, which bids' pass/fail answers name.
    pub id: Spanned<String>,
    /// The requirement in words, as the score tables show it.
    pub name: String,
}

/// Standstill rule names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StandstillKind {
    /// EU Remedies Directive: 10 calendar days (15 by other means).
    EuRemedies,
    /// UK PCR 2015: as EU, ending on a working day.
    #[serde(rename = "uk_pcr_2015")]
    UkPcr2015,
    /// UK Procurement Act 2023: 8 working days.
    #[serde(rename = "uk_procurement_act_2023")]
    UkProcurementAct2023,
    /// Custom calendar days.
    CalendarDays,
    /// Custom working days.
    WorkingDays,
}

/// `[standstill]`
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StandstillDef {
    /// The rule: EU remedies, UK PCR 2015, UK Procurement Act 2023, calendar or working days.
    pub rule: StandstillKind,
    /// calendar_days / working_days: length after electronic notice.
    pub days: Option<Spanned<u32>>,
    /// calendar_days: length after notice by other means.
    pub days_other: Option<u32>,
    /// calendar_days: move the end to the next working day.
    #[serde(default)]
    pub end_on_working_day: bool,
}

/// How the award notice was sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeMeans {
    /// E-mail or electronic platform.
    Electronic,
    /// Post or other means.
    Other,
}

/// `[[award]]`
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AwardDef {
    /// The winning bid.
    pub bid: Spanned<String>,
    /// Lot, when the tender has lots.
    pub lot: Option<Spanned<String>>,
    /// Date the award notice was sent.
    pub notice: Spanned<Date>,
    /// electronic or other.
    pub means: NoticeMeans,
    /// Date the contract was signed, once it is (after the standstill).
    pub contract: Option<Spanned<Date>>,
}

/// `[[bid]]`
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bid {
    /// Identifier, unique in the tender.
    pub id: Spanned<String>,
    /// The bidder's name.
    pub bidder: String,
    /// Lot bid for, when the tender has lots.
    pub lot: Option<Spanned<String>>,
    /// The price offered, in the tender's currency; it is scored by the tender's formula.
    pub price: Spanned<Decimal>,
    /// Life-cycle costs, when the tender has `[life_cycle]`.
    pub life_cycle: Option<Spanned<BidLifeCycle>>,
    /// OCDS bid status.
    pub status: BidStatus,
    /// The date the bid was received.
    pub received: Option<Spanned<Date>>,
    /// Pass/fail criteria this bid failed.
    #[serde(default)]
    pub failed: Vec<Spanned<String>>,
    /// Documents, as paths inside the board folder.
    #[serde(default)]
    pub documents: Vec<Spanned<String>>,
    /// Note (reason for disqualification, withdrawal …).
    pub note: Option<String>,
    /// The bidder's size, `sme` or `large` (OCDS `parties.details.scale`), when known.
    pub scale: Option<BidderScale>,
}

/// A bidder's size (OCDS `parties.details.scale`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BidderScale {
    /// A small or medium-sized enterprise.
    Sme,
    /// A large enterprise.
    Large,
}

/// `tenders/<tender>/sheets/<member>.toml`: one member's scores, submitted before the meeting.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SheetFile {
    /// The scoring member; must equal the file name.
    pub member: Spanned<String>,
    /// The tender; must equal the folder name.
    pub tender: Spanned<String>,
    /// The date the member submitted the sheet; its signature is checked as of this date.
    pub submitted: Option<Spanned<Date>>,
    /// `[scores.<bid>]` tables of `criterion = score`.
    #[serde(default)]
    pub scores: BTreeMap<String, Spanned<BTreeMap<String, Spanned<Decimal>>>>,
    /// `[notes]`: `bid = "comment"`.
    #[serde(default)]
    pub notes: BTreeMap<String, String>,
}

/// `tenders/<tender>/consensus.toml`: the panel's consensus scores (moderation = consensus).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsensusFile {
    /// One entry per bid and criterion the panel agreed on (`[[consensus]]`).
    #[serde(rename = "consensus", default)]
    pub entries: Vec<ConsensusEntry>,
}

/// `[[consensus]]`
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsensusEntry {
    /// The bid scored, by its id in the tender file.
    pub bid: Spanned<String>,
    /// Leaf quality criterion.
    pub criterion: Spanned<String>,
    /// The score the panel agreed, on the tender's scale.
    pub score: Spanned<Decimal>,
    /// Reason, required where it differs from the mean.
    pub reason: Option<String>,
}

/// `disputes/<id>.toml`: a dispute or bid protest (docs/domain.md §4, OCDS complaint extension).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DisputeFile {
    /// The dispute itself: kind, author, what it is against, grounds (`[dispute]`).
    pub dispute: DisputeInfo,
    /// Status changes after lodging, in order (`[[status]]`).
    #[serde(rename = "status", default)]
    pub history: Vec<StatusChange>,
}

/// Kinds of dispute.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DisputeKind {
    /// A bidder protests an evaluation or award.
    BidProtest,
    /// An objection by a member or the public.
    Objection,
    /// A conflict-of-interest challenge against a member.
    ConflictOfInterest,
    /// A point of order on procedure.
    PointOfOrder,
}

impl DisputeKind {
    /// The code: `bid_protest`, `objection`, `conflict_of_interest`, `point_of_order`.
    pub fn code(self) -> &'static str {
        match self {
            DisputeKind::BidProtest => "bid_protest",
            DisputeKind::Objection => "objection",
            DisputeKind::ConflictOfInterest => "conflict_of_interest",
            DisputeKind::PointOfOrder => "point_of_order",
        }
    }
}

/// Role of whoever lodged a dispute.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AuthorRole {
    /// A bidder in the tender the dispute is about.
    Bidder,
    /// A board member.
    Member,
    /// A member of the public.
    Public,
}

impl AuthorRole {
    /// The code: `bidder`, `member`, `public`.
    pub fn code(self) -> &'static str {
        match self {
            AuthorRole::Bidder => "bidder",
            AuthorRole::Member => "member",
            AuthorRole::Public => "public",
        }
    }
}

/// `[dispute]`
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DisputeInfo {
    /// Identifier; must equal the file name.
    pub id: Spanned<String>,
    /// A bid protest, an objection, a conflict-of-interest challenge or a point of order.
    pub kind: DisputeKind,
    /// Who lodged it.
    pub author: String,
    /// bidder, member or public.
    pub role: AuthorRole,
    /// Against a tender …
    pub tender: Option<Spanned<String>>,
    /// … a lot of it …
    pub lot: Option<Spanned<String>>,
    /// … a bid (its evaluation) …
    pub bid: Option<Spanned<String>>,
    /// … or an agenda item: `meeting` folder and `item` id.
    pub meeting: Option<Spanned<String>>,
    /// Agenda item (with `meeting`).
    pub item: Option<Spanned<String>>,
    /// Why the dispute is lodged, in the author's words.
    pub grounds: String,
    /// What the author asks for (e.g. a new evaluation), if said.
    pub remedy: Option<String>,
    /// The date the dispute was lodged; it starts the dispute's life cycle.
    pub lodged: Spanned<Date>,
    /// Whether it blocks the award while open.
    #[serde(default)]
    pub blocks_award: bool,
    /// An earlier, decided dispute this one asks to reconsider.
    pub reconsiders: Option<Spanned<String>>,
}

/// `[[status]]`: a status change.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusChange {
    /// The status the dispute moves to on that date.
    pub status: Spanned<DisputeStatus>,
    /// Date of the change.
    pub date: Spanned<Date>,
    /// Decision and reasons, or a note.
    pub reasons: Option<String>,
}

// Facts read off the model, shared by validation, resolution and the register.

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

/// Ids are short, lowercase and safe in file names and OCDS ids.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        && !id.starts_with('-')
}
