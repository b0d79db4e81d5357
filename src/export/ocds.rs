//! The board's tenders as an OCDS 1.1 release package (`procboard export ocds`).
//!
//! One release per tender, describing the tender as its files stand on the package date: the
//! tender with its lots, criteria and value; the parties (the joint board as procuring entity,
//! each participating member as buyer, bidders as tenderers and, when awarded, suppliers); the
//! bids (bid extension); the awards with the status the standstill and the disputes give them;
//! signed contracts; and the disputes against the tender or an award (complaint extension).
//! `docs/open-contracting.md` maps every field, and says what has no place in OCDS.
//!
//! Deterministic: dates come from the files (never the clock), keys are written in the order the
//! types declare them, amounts are the decimals' own digits ([`Amount`]), and a release's id is
//! derived from its content, so exporting twice gives the same bytes.

use crate::contracts::review::ContractReview;
use chrono::{NaiveDate, TimeZone};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

use super::disclosure::Withheld;
use super::{Amount, as_of, tender_dates};
use crate::board::Board;
use crate::board::load::TenderDoc;
use crate::board::model::{CriterionKind, Procedure};
use crate::disputes::{DisputeRecord, Register};
use crate::rules::dispute::DisputeStatus;
use crate::tender::{AwardStatus, evaluate_tender};

/// The OCDS version the package declares.
pub const OCDS_VERSION: &str = "1.1";

/// The extensions the package uses, as the URLs of their `extension.json`.
pub const EXTENSIONS: [&str; 5] = [
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_awardCriteriaBreakdown_extension/master/extension.json",
    "https://raw.githubusercontent.com/openprocurement/ocds_complaint_extension/master/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_metrics_extension/master/extension.json",
];

/// What to export.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Only this tender (default: every tender, in id order).
    pub tender: Option<String>,
    /// The date the statuses are given for (default: [`super::as_of`], the latest date in the
    /// board's tender and dispute files).
    pub on: Option<NaiveDate>,
}

/// An export: the package and what the reader should know about it.
#[derive(Clone, Debug, Serialize)]
pub struct Export {
    /// The release package.
    pub package: ReleasePackage,
    /// Warnings (no registered ocid prefix, …), for standard error.
    pub warnings: Vec<String>,
    /// What the board's `[disclosure]` policy left out, one `withheld: tender …: …` line per
    /// tender that withholds something, for standard error.
    pub withheld: Vec<String>,
}

/// Why an export could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// `--tender` names no tender of the board.
    #[error("no tender `{id}` in the board")]
    UnknownTender {
        /// The id asked for.
        id: String,
        /// The board's tender ids.
        known: Vec<String>,
    },
    /// The board has no tender: an OCDS package needs at least one release.
    #[error("the board has no tender: an OCDS release package needs at least one release")]
    NoTenders,
}

/// An OCDS release package.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReleasePackage {
    /// `urn:procboard:<board id>:ocds` (or `…:ocds:<tender id>` for one tender).
    pub uri: String,
    /// "1.1".
    pub version: String,
    /// The extensions used ([`EXTENSIONS`]).
    pub extensions: Vec<String>,
    /// The latest release date.
    pub published_date: String,
    /// The board.
    pub publisher: Publisher,
    /// One release per tender.
    pub releases: Vec<Release>,
}

/// `publisher`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Publisher {
    /// The board's name.
    pub name: String,
}

/// One tender's release.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Release {
    /// Prefix, `-`, tender id.
    pub ocid: String,
    /// `<tender>-<date>-<12 hex digits of the content's SHA-256>`.
    pub id: String,
    /// The latest date in the tender's record, up to the package date.
    pub date: String,
    /// `tender`, plus `award` with awards and `contract` with signed contracts.
    pub tag: Vec<String>,
    /// Always `tender`.
    pub initiation_type: String,
    /// The board, the buying members, the bidders.
    pub parties: Vec<Party>,
    /// The board: the joint body that buys for its members (OCDS 1.1 has one buyer per
    /// contracting process; the members keep the `buyer` role in `parties`).
    pub buyer: OrgRef,
    /// The tender.
    pub tender: Tender,
    /// The bids (bid extension).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bids: Option<Bids>,
    /// The awards.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub awards: Vec<Award>,
    /// Signed contracts.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub contracts: Vec<Contract>,
}

/// An organization in `parties`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Party {
    /// Board id, `member-<id>` or `bidder-<name slug>`.
    pub id: String,
    /// Name.
    pub name: String,
    /// Party roles (codelist `partyRole`).
    pub roles: Vec<String>,
}

/// A reference to a party.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OrgRef {
    /// The party's id.
    pub id: String,
    /// Its name.
    pub name: String,
}

/// An amount of money.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Value {
    /// Exact decimal.
    pub amount: Amount,
    /// ISO 4217.
    pub currency: String,
}

/// A period.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Period {
    /// Start.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_date: Option<String>,
    /// End.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
}

/// `tender`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Tender {
    /// Tender id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The board.
    pub procuring_entity: OrgRef,
    /// Estimated value.
    pub value: Value,
    /// open, selective, limited, direct.
    pub procurement_method: String,
    /// `priceOnly`, `qualityOnly` or `ratedCriteria`.
    pub award_criteria: String,
    /// Every criterion with its weight, the price formula and the quality threshold, in words.
    pub award_criteria_details: String,
    /// Publication to deadline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tender_period: Option<Period>,
    /// What is bought, with its classification (CPV for EU boards), when the tender gives one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<Item>,
    /// Distinct bidders.
    pub number_of_tenderers: usize,
    /// The bidders.
    pub tenderers: Vec<OrgRef>,
    /// Lots (lots extension).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lots: Vec<Lot>,
    /// Disputes against the tender that are not against an award notice (complaint extension).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub complaints: Vec<Complaint>,
}

/// An item of a tender: what is bought.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Item {
    /// `1`: a tender file describes one object of purchase.
    pub id: String,
    /// The tender's title.
    pub description: String,
    /// Its classification.
    pub classification: Classification,
}

/// A classification (codelist `itemClassificationScheme`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Classification {
    /// `CPV`, or the scheme the tender names.
    pub scheme: String,
    /// The code (for CPV, its eight digits, without the check digit).
    pub id: String,
    /// The code's label, when the tender gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A lot (lots extension).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Lot {
    /// Lot id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Estimated value, when the file gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    /// The tender's criteria, which apply to every lot (award criteria breakdown extension).
    pub award_criteria: AwardCriteria,
}

/// Award criteria (award criteria breakdown extension).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AwardCriteria {
    /// The top-level criteria.
    pub criteria: Vec<AwardCriterion>,
}

/// One criterion.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AwardCriterion {
    /// `price` or `quality`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Name (with the sub-criteria and their weights).
    pub name: String,
    /// Description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Its weight in points out of 100.
    pub numbers: Vec<CriterionNumber>,
}

/// A criterion's weight.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CriterionNumber {
    /// Points.
    pub number: Amount,
    /// `pointsExact`.
    pub weight: String,
}

/// `bids` (bid extension).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Bids {
    /// Every bid.
    pub details: Vec<BidDetail>,
}

/// One bid.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BidDetail {
    /// Bid id.
    pub id: String,
    /// Date received.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Bid status after evaluation (codelist `bidStatus`).
    pub status: String,
    /// The bidder.
    pub tenderers: Vec<OrgRef>,
    /// Price offered; left out when `[disclosure] unsuccessful_bids` withholds it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    /// The lot bid for.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related_lots: Vec<String>,
}

/// An award.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Award {
    /// `award-<bid id>`.
    pub id: String,
    /// Status on the package date (codelist `awardStatus`).
    pub status: String,
    /// Why it has that status, in words.
    pub description: String,
    /// The award notice.
    pub date: String,
    /// The awarded bid's price; left out for an award no longer in force (`cancelled`,
    /// `unsuccessful`) whose bid's price `[disclosure]` withholds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    /// The awarded bidder.
    pub suppliers: Vec<OrgRef>,
    /// The awarded bid's id (bid extension).
    #[serde(rename = "relatedBid")]
    pub related_bid: String,
    /// The lot.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related_lots: Vec<String>,
    /// The standstill: notice to its last day (complaint extension).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub complaint_period: Option<Period>,
    /// Disputes against this award, lodged on or after its notice (complaint extension).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub complaints: Vec<Complaint>,
}

/// A signed contract.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Contract {
    /// `contract-<bid id>`.
    pub id: String,
    /// The award's id.
    #[serde(rename = "awardID")]
    pub award_id: String,
    /// `active` (signed; codelist `contractStatus`).
    pub status: String,
    /// The awarded bid's price.
    pub value: Value,
    /// The `contract` date of the `[[award]]`.
    pub date_signed: String,
    /// What the members report of the contract's delivery (metrics extension), when a contract
    /// file (`contracts/<id>.toml`) follows this award.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub implementation: Option<Implementation>,
}

/// A contract's implementation: its KPIs (metrics extension), the members' call-offs as
/// transactions, and each reporting period as a milestone.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Implementation {
    /// One metric per KPI.
    pub metrics: Vec<Metric>,
    /// Each order a member reported placing under the contract (`[[call_off]]` in its report).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub transactions: Vec<Transaction>,
    /// Each reporting period ended by the export date: the members' reports due for it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub milestones: Vec<Milestone>,
}

/// A member's call-off as a transaction: the member pays the supplier.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Transaction {
    /// `<member>-<the member's order id>`.
    pub id: String,
    /// The order's date.
    pub date: String,
    /// Its amount.
    pub value: Value,
    /// The member (`member-<id>`, role `payer`).
    pub payer: OrgRef,
    /// The supplier (role `payee`).
    pub payee: OrgRef,
}

/// A reporting period as a milestone (type `reporting`).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Milestone {
    /// `reports-<period>`.
    pub id: String,
    /// "Members' reports for <period>".
    pub title: String,
    /// `reporting`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Who reports which KPIs, and who has not.
    pub description: String,
    /// The end of the grace period after the period (`[contracts] grace_days`), end of day.
    pub due_date: String,
    /// `met` (every report in), `notMet` (due and some missing) or `scheduled` (not due yet).
    pub status: String,
}

/// A KPI as a metric: its target as a forecast, each member's value per period as an
/// observation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Metric {
    /// The KPI's id in the contract file.
    pub id: String,
    /// Its name.
    pub title: String,
    /// Which direction is better, the tolerance, the period and who reports.
    pub description: String,
    /// The target.
    pub forecasts: Vec<Observation>,
    /// Each member's reported value per period ended by the export date.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub observations: Vec<Observation>,
}

/// A target or a reported value.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Observation {
    /// `target`, or `<kpi>-<period>-<member>`.
    pub id: String,
    /// The period reported (none for the target).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    /// The figure, exact.
    pub measure: Amount,
    /// Its unit.
    pub unit: Unit,
    /// The member who reported it.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub dimensions: BTreeMap<String, String>,
}

/// A unit of measure.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Unit {
    /// Its name, as the contract file writes it.
    pub name: String,
}

/// A dispute (complaint extension).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Complaint {
    /// Dispute id.
    pub id: String,
    /// `complaint`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The dispute's kind in words, e.g. "Bid protest".
    pub title: String,
    /// Grounds, remedy sought, the bid it concerns, whether it blocks the award.
    pub description: String,
    /// Who lodged it.
    pub author: ComplaintAuthor,
    /// `pending`, `accepted`, `resolved`, `declined` or `cancelled`.
    pub status: String,
    /// Date lodged.
    pub date_submitted: String,
    /// Date it went under review.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_answered: Option<String>,
    /// Date upheld or dismissed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_decision: Option<String>,
    /// Date withdrawn.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_cancelled: Option<String>,
    /// The decision's reasons.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision: Option<String>,
    /// Upheld (true) or dismissed (false).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub satisfied: Option<bool>,
    /// The lot.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub related_lot: Option<String>,
}

/// The complaint's author.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ComplaintAuthor {
    /// Name.
    pub name: String,
}

impl ReleasePackage {
    /// The package as pretty-printed JSON with a final newline: the bytes `export ocds` writes.
    pub fn to_json(&self) -> String {
        // Serializing these types cannot fail: every map key is a string and every Amount is a
        // Decimal's text; fall back to an empty object rather than panic.
        let mut s = serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".into());
        s.push('\n');
        s
    }
}

/// The package of the board's tenders (or one of them) as they stand on `opts.on`.
pub fn package(board: &Board, register: &Register, opts: &Options) -> Result<Export, ExportError> {
    let tenders: Vec<&TenderDoc> = match &opts.tender {
        Some(id) => match board.tender(id) {
            Some(t) => vec![t],
            None => {
                return Err(ExportError::UnknownTender {
                    id: id.clone(),
                    known: board.tenders.iter().map(|t| t.id.clone()).collect(),
                });
            }
        },
        None => {
            let mut ts: Vec<&TenderDoc> = board.tenders.iter().collect();
            ts.sort_by(|a, b| a.id.cmp(&b.id));
            ts
        }
    };
    if tenders.is_empty() {
        return Err(ExportError::NoTenders);
    }
    let b = &board.file.board;
    let mut warnings = Vec::new();
    let prefix = match &b.ocid_prefix {
        Some(p) => p.get_ref().clone(),
        None => {
            let p = format!("ocds-{}", b.id.get_ref());
            warnings.push(format!(
                "board.toml has no `ocid_prefix`: the ocids use `{p}`, which is not registered; register a prefix with the Open Contracting Partnership and set `ocid_prefix` under [board]"
            ));
            p
        }
    };
    let on = opts
        .on
        .or_else(|| as_of(board, register))
        .unwrap_or_else(super::no_date);
    let tz = board_tz(board);
    let loaded = crate::contracts::load(board);
    let review = crate::contracts::review::review(board, &loaded, on, None);
    let mut withheld = Vec::new();
    let releases: Vec<Release> = tenders
        .iter()
        .map(|t| {
            let (r, w) = release(board, register, t, (&prefix, &review.contracts), on, tz);
            withheld.extend(w.line());
            r
        })
        .collect();
    let published = releases
        .iter()
        .map(|r| r.date.clone())
        .max()
        .unwrap_or_else(|| date_time(on, tz));
    let uri = match &opts.tender {
        Some(t) => format!("urn:procboard:{}:ocds:{t}", b.id.get_ref()),
        None => format!("urn:procboard:{}:ocds", b.id.get_ref()),
    };
    Ok(Export {
        package: ReleasePackage {
            uri,
            version: OCDS_VERSION.into(),
            extensions: EXTENSIONS.iter().map(|s| (*s).to_string()).collect(),
            published_date: published,
            publisher: Publisher {
                name: b.name.clone(),
            },
            releases,
        },
        warnings,
        withheld,
    })
}

/// The board's time zone (validated on load; UTC if it somehow does not parse).
pub(crate) fn board_tz(board: &Board) -> chrono_tz::Tz {
    board
        .file
        .board
        .time_zone
        .get_ref()
        .parse()
        .unwrap_or(chrono_tz::UTC)
}

/// Midnight at the start of `d` in the board's time zone, RFC 3339 with its offset.
pub(crate) fn date_time(d: NaiveDate, tz: chrono_tz::Tz) -> String {
    let midnight = d.and_hms_opt(0, 0, 0).unwrap_or_default();
    match tz.from_local_datetime(&midnight).earliest() {
        Some(t) => t.format("%Y-%m-%dT%H:%M:%S%:z").to_string(),
        // A zone whose clocks skip midnight that day: the same wall time in UTC.
        None => midnight.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
    }
}

/// The last second of `d` (23:59:59) in the board's time zone, RFC 3339 with its offset: the
/// end of a period whose last day is `d`.
pub(crate) fn end_of_day(d: NaiveDate, tz: chrono_tz::Tz) -> String {
    let last = d.and_hms_opt(23, 59, 59).unwrap_or_default();
    match tz.from_local_datetime(&last).latest() {
        Some(t) => t.format("%Y-%m-%dT%H:%M:%S%:z").to_string(),
        // A zone whose clocks skip that second: the same wall time in UTC.
        None => last.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
    }
}

/// `A & B Co.` → `a-b-co`.
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// The OCDS release of one tender as the board stood on `on`: parties, tender, bids, awards,
/// contracts and complaints, with an id that changes only when the release does.
fn release(
    board: &Board,
    register: &Register,
    t: &TenderDoc,
    (prefix, contracts): (&str, &[ContractReview]),
    on: NaiveDate,
    tz: chrono_tz::Tz,
) -> (Release, Withheld) {
    let tf = &t.tender;
    let b = &board.file.board;
    let currency = tf
        .tender
        .currency
        .as_ref()
        .map_or_else(|| b.currency.get_ref().clone(), |c| c.get_ref().clone());
    let eval = evaluate_tender(board, t, None, register, on);
    let withheld = super::disclosure::withheld(board.file.disclosure, t, &eval.awards, on);

    // Parties: the board, the buying members, the bidders (one party per distinct name).
    let board_ref = OrgRef {
        id: b.id.get_ref().clone(),
        name: b.name.clone(),
    };
    let mut parties = vec![Party {
        id: board_ref.id.clone(),
        name: board_ref.name.clone(),
        roles: vec!["procuringEntity".into(), "buyer".into()],
    }];
    parties.extend(buyer_parties(board, t));
    let rc = ReleaseCtx {
        currency,
        tz,
        on,
        bidders: bidders(t, on, &withheld),
        implementations: implementations(board, contracts, &t.id, (on, tz)),
        withheld,
    };
    let details = rc.bid_details(t, &eval);
    let (awards, contracts, suppliers, tender_complaints) = rc.awards(register, t, &eval);
    // Who pays and who is paid under the contracts' call-offs.
    let (payers, payees) = transaction_parties(&contracts);
    for o in &rc.bidders {
        let mut roles = vec!["tenderer".to_string()];
        if suppliers.contains(&o.name) {
            roles.push("supplier".into());
        }
        if payees.contains(&o.id) {
            roles.push("payee".into());
        }
        parties.push(Party {
            id: o.id.clone(),
            name: o.name.clone(),
            roles,
        });
    }
    for payer in payers {
        match parties.iter_mut().find(|p| p.id == payer.id) {
            Some(p) => p.roles.push("payer".into()),
            None => parties.push(Party {
                id: payer.id,
                name: payer.name,
                roles: vec!["payer".into()],
            }),
        }
    }

    let (criteria, award_criteria) = award_criteria(t);
    let lots: Vec<Lot> = tf
        .lots
        .iter()
        .map(|l| Lot {
            id: l.id.get_ref().clone(),
            title: l.title.clone(),
            value: l.estimated_value.as_ref().map(|v| rc.value(*v.get_ref())),
            award_criteria: AwardCriteria {
                criteria: criteria.clone(),
            },
        })
        .collect();
    let tender_period = match (&tf.tender.published, &tf.tender.deadline) {
        (None, None) => None,
        (p, d) => Some(Period {
            start_date: p.as_ref().map(|x| rc.dt(x.get_ref().0)),
            end_date: d.as_ref().map(|x| end_of_day(x.get_ref().0, tz)),
        }),
    };

    let mut tag = vec!["tender".to_string()];
    if !awards.is_empty() {
        tag.push("award".into());
    }
    if !contracts.is_empty() {
        tag.push("contract".into());
    }
    let date = tender_dates(t, register)
        .into_iter()
        .filter(|d| *d <= on)
        .max()
        .unwrap_or(on);
    let value = rc.value(*tf.tender.estimated_value.get_ref());
    let mut r = Release {
        ocid: format!("{prefix}-{}", t.id),
        id: String::new(),
        date: rc.dt(date),
        tag,
        initiation_type: "tender".into(),
        parties,
        buyer: board_ref.clone(),
        tender: Tender {
            id: t.id.clone(),
            title: tf.tender.title.clone(),
            description: tf.tender.description.clone(),
            procuring_entity: board_ref,
            value,
            procurement_method: procurement_method(tf.tender.procedure).into(),
            award_criteria: award_criteria.into(),
            award_criteria_details: criteria_details(t),
            tender_period,
            items: items(t),
            number_of_tenderers: rc.bidders.len(),
            tenderers: rc.bidders,
            lots,
            complaints: tender_complaints,
        },
        bids: (!details.is_empty()).then_some(Bids { details }),
        awards,
        contracts,
    };
    // The id: the tender, the date, and a digest of everything else, so a release that changes
    // gets a new id and one that does not keeps it.
    let mut hasher = Sha256::new();
    // Serializing into a hasher cannot fail (see `ReleasePackage::to_json`); the id would then
    // only lose its digest's meaning, not its stability.
    let _ = serde_json::to_writer(&mut hasher, &r);
    let hex = crate::meeting::hex(&hasher.finalize());
    r.id = format!("{}-{}-{}", t.id, date.format("%Y%m%d"), &hex[..12]);
    (r, rc.withheld)
}

/// The tender's object of purchase as one item, when the tender file gives its classification.
fn items(t: &TenderDoc) -> Vec<Item> {
    let tf = &t.tender.tender;
    tf.classification
        .iter()
        .map(|c| {
            let scheme = c.scheme.get_ref().clone();
            let code = c.id.get_ref();
            let id = if scheme == "CPV" {
                code.split('-').next().unwrap_or(code).to_string()
            } else {
                code.clone()
            };
            Item {
                id: "1".into(),
                description: tf.title.clone(),
                classification: Classification {
                    scheme,
                    id,
                    description: c.description.clone(),
                },
            }
        })
        .collect()
}

/// The contracts of tender `tender` that follow an award, as OCDS implementations by awarded bid:
/// each KPI a metric, its target a forecast, each member's value per period an observation.
fn implementations(
    board: &Board,
    contracts: &[ContractReview],
    tender: &str,
    (on, tz): (NaiveDate, chrono_tz::Tz),
) -> BTreeMap<String, Implementation> {
    contracts
        .iter()
        .filter(|c| c.tender == tender)
        .map(|c| {
            let currency = board.file.board.currency.get_ref().clone();
            let transactions = c
                .call_offs
                .iter()
                .map(|co| Transaction {
                    id: format!("{}-{}", co.member, co.id),
                    date: date_time(co.date, tz),
                    value: Value {
                        amount: Amount(co.amount),
                        currency: currency.clone(),
                    },
                    payer: OrgRef {
                        id: format!("member-{}", co.member),
                        name: board
                            .member(&co.member)
                            .map_or_else(|| co.member.clone(), |m| m.name.clone()),
                    },
                    // The supplier's party is known once the award is: see `awards`.
                    payee: OrgRef {
                        id: String::new(),
                        name: c.supplier.clone(),
                    },
                })
                .collect();
            let milestones = milestones(c, board.file.contracts.grace_days, (on, tz));
            let metrics = c
                .kpis
                .iter()
                .map(|k| {
                    let unit = Unit {
                        name: k.unit.clone(),
                    };
                    let better = match k.better {
                        crate::contracts::model::Better::Higher => "higher",
                        crate::contracts::model::Better::Lower => "lower",
                    };
                    let observations = k
                        .periods
                        .iter()
                        .flat_map(|p| {
                            let unit = unit.clone();
                            p.values().map(move |(member, value)| Observation {
                                id: format!("{}-{}-{member}", k.id, p.period),
                                period: Some(Period {
                                    start_date: Some(date_time(p.period.start(), tz)),
                                    end_date: Some(end_of_day(p.period.end(), tz)),
                                }),
                                measure: Amount(value),
                                unit: unit.clone(),
                                dimensions: BTreeMap::from([(
                                    "member".to_string(),
                                    member.to_string(),
                                )]),
                            })
                        })
                        .collect();
                    Metric {
                        id: k.id.clone(),
                        title: k.name.clone(),
                        description: format!(
                            "Contract {}: {} is better; tolerance {} {}; reported {} by {}.",
                            c.id,
                            better,
                            k.tolerance.normalize(),
                            k.unit,
                            format!("{:?}", k.period).to_lowercase(),
                            k.members.join(", ")
                        ),
                        forecasts: vec![Observation {
                            id: "target".into(),
                            period: None,
                            measure: Amount(k.target),
                            unit,
                            dimensions: BTreeMap::new(),
                        }],
                        observations,
                    }
                })
                .collect();
            (
                c.award.clone(),
                Implementation {
                    metrics,
                    transactions,
                    milestones,
                },
            )
        })
        .collect()
}

/// Each period ended by the export date, over the contract's KPIs, as a `reporting` milestone:
/// due at the end of the grace period, met when every reporting member gave every KPI due.
fn milestones(
    c: &ContractReview,
    grace: u32,
    (on, tz): (NaiveDate, chrono_tz::Tz),
) -> Vec<Milestone> {
    // period → (KPIs due, members missing a value).
    let mut periods: BTreeMap<crate::contracts::model::Period, (Vec<&str>, Vec<String>)> =
        BTreeMap::new();
    for k in &c.kpis {
        for p in &k.periods {
            let e = periods.entry(p.period).or_default();
            e.0.push(&k.id);
            for m in &p.missing {
                if !e.1.contains(m) {
                    e.1.push(m.clone());
                }
            }
        }
    }
    periods
        .into_iter()
        .map(|(p, (kpis, mut missing))| {
            missing.sort();
            let due = p.end() + chrono::Duration::days(i64::from(grace));
            let status = if missing.is_empty() {
                "met"
            } else if due < on {
                "notMet"
            } else {
                "scheduled"
            };
            let mut description = format!("Reports on {} for {p}.", kpis.join(", "));
            if !missing.is_empty() {
                description.push_str(&format!(" Not reported: {}.", missing.join(", ")));
            }
            Milestone {
                id: format!("reports-{p}"),
                title: format!("Members' reports for {p}"),
                kind: "reporting".into(),
                description,
                due_date: end_of_day(due, tz),
                status: status.into(),
            }
        })
        .collect()
}

/// The parties the contracts' transactions name: the paying members (each once, in order) and
/// the ids of the suppliers paid.
fn transaction_parties(contracts: &[Contract]) -> (Vec<OrgRef>, Vec<String>) {
    let mut payers: Vec<OrgRef> = Vec::new();
    let mut payees: Vec<String> = Vec::new();
    for t in contracts
        .iter()
        .filter_map(|c| c.implementation.as_ref())
        .flat_map(|i| &i.transactions)
    {
        if !payers.iter().any(|p| p.id == t.payer.id) {
            payers.push(t.payer.clone());
        }
        if !payees.contains(&t.payee.id) {
            payees.push(t.payee.id.clone());
        }
    }
    (payers, payees)
}

/// The OCDS `procurementMethod` code of a procedure.
fn procurement_method(p: Procedure) -> &'static str {
    match p {
        Procedure::Open => "open",
        Procedure::Selective => "selective",
        Procedure::Limited => "limited",
        Procedure::Direct => "direct",
    }
}

/// Each buying member with its name as a `buyer` party (a tender without `buyers` is bought by
/// every member).
fn buyer_parties(board: &Board, t: &TenderDoc) -> Vec<Party> {
    let tf = &t.tender;
    let buyers: Vec<(&str, &str)> = if tf.tender.buyers.is_empty() {
        board
            .file
            .members
            .iter()
            .map(|m| (m.id.get_ref().as_str(), m.name.as_str()))
            .collect()
    } else {
        let names: std::collections::HashMap<&str, &str> = board
            .file
            .members
            .iter()
            .map(|m| (m.id.get_ref().as_str(), m.name.as_str()))
            .collect();
        tf.tender
            .buyers
            .iter()
            .map(|m| {
                let id = m.get_ref().as_str();
                (id, names.get(id).copied().unwrap_or(id))
            })
            .collect()
    };
    buyers
        .into_iter()
        .map(|(id, name)| Party {
            id: format!("member-{id}"),
            name: name.into(),
            roles: vec!["buyer".into()],
        })
        .collect()
}

/// One party per distinct bidder name, in bid order, with an id made from the name
/// (`bidder-<slug>`, then `-2`, `-3`… when two names give the same slug).
/// Whether a bid had arrived by `on`: a release never describes what happened after its date.
/// A bid without a `received` date is taken as arrived.
fn arrived(bid: &crate::board::model::Bid, on: NaiveDate) -> bool {
    bid.received.as_ref().is_none_or(|d| d.get_ref().0 <= on)
}

///
/// A bidder whose name `[disclosure]` withholds gets its neutral label as name and
/// `bidder-withheld-<n>` as id (n: its number in the order of the tender's bids), so neither
/// carries the name.
fn bidders(t: &TenderDoc, on: NaiveDate, withheld: &Withheld) -> Vec<OrgRef> {
    let mut bidders: Vec<OrgRef> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for bid in t.tender.bids.iter().filter(|b| arrived(b, on)) {
        if seen.contains(&bid.bidder.as_str()) {
            continue;
        }
        seen.push(&bid.bidder);
        if let Some(n) = withheld.numbers.get(&bid.bidder) {
            bidders.push(OrgRef {
                id: format!("bidder-withheld-{n}"),
                name: super::disclosure::label(*n),
            });
            continue;
        }
        let base = format!("bidder-{}", slug(&bid.bidder));
        let mut id = base.clone();
        let mut n = 2;
        while bidders.iter().any(|o| o.id == id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        bidders.push(OrgRef {
            id,
            name: bid.bidder.clone(),
        });
    }
    bidders
}

/// The award criteria, with sub-criteria named inside their parent, and the OCDS word for
/// how they combine (`priceOnly`, `qualityOnly` or `ratedCriteria`).
fn award_criteria(t: &TenderDoc) -> (Vec<AwardCriterion>, &'static str) {
    let tf = &t.tender;
    let criteria: Vec<AwardCriterion> = tf
        .criteria
        .iter()
        .map(|c| AwardCriterion {
            kind: match c.kind {
                CriterionKind::Price => "price".into(),
                CriterionKind::Quality => "quality".into(),
            },
            name: if c.sub.is_empty() {
                c.name.clone()
            } else {
                let subs: Vec<String> = c
                    .sub
                    .iter()
                    .map(|s| format!("{} {}", s.name, s.weight.get_ref()))
                    .collect();
                format!("{} ({})", c.name, subs.join(", "))
            },
            description: c.description.clone(),
            numbers: vec![CriterionNumber {
                number: Amount(*c.weight.get_ref()),
                weight: "pointsExact".into(),
            }],
        })
        .collect();
    let has_price = tf.criteria.iter().any(|c| c.kind == CriterionKind::Price);
    let has_quality = tf.criteria.iter().any(|c| c.kind == CriterionKind::Quality);
    let award_criteria = match (has_price, has_quality) {
        (true, false) => "priceOnly",
        (false, true) => "qualityOnly",
        _ => "ratedCriteria",
    };
    (criteria, award_criteria)
}

/// What the parts of one release share: the currency its values are in, the board's time
/// zone for its dates, the export date, and the bidders as parties.
struct ReleaseCtx {
    currency: String,
    tz: chrono_tz::Tz,
    on: NaiveDate,
    bidders: Vec<OrgRef>,
    /// The implementation of each awarded bid's contract, by bid id.
    implementations: BTreeMap<String, Implementation>,
    /// What `[disclosure]` withholds of this tender on `on`.
    withheld: Withheld,
}

/// The awards and contracts of a release, the names of the suppliers whose award stands, and
/// the complaints against the tender rather than one award.
type AwardParts = (Vec<Award>, Vec<Contract>, Vec<String>, Vec<Complaint>);

impl ReleaseCtx {
    /// An amount in the release's currency.
    fn value(&self, amount: rust_decimal::Decimal) -> Value {
        Value {
            amount: Amount(amount),
            currency: self.currency.clone(),
        }
    }

    /// A date as the start of that day in the board's time zone.
    fn dt(&self, d: NaiveDate) -> String {
        date_time(d, self.tz)
    }

    /// The party for a bidder's name (made up from the name if no bid carries it).
    fn bidder_ref(&self, name: &str) -> OrgRef {
        if let Some(n) = self.withheld.numbers.get(name) {
            return OrgRef {
                id: format!("bidder-withheld-{n}"),
                name: super::disclosure::label(*n),
            };
        }
        self.bidders
            .iter()
            .find(|o| o.name == name)
            .cloned()
            .unwrap_or_else(|| OrgRef {
                id: format!("bidder-{}", slug(name)),
                name: name.into(),
            })
    }

    /// Bids, with the status the evaluation gives them (a bid under the quality threshold is
    /// `disqualified`).
    fn bid_details(&self, t: &TenderDoc, eval: &crate::tender::TenderEvaluation) -> Vec<BidDetail> {
        t.tender
            .bids
            .iter()
            .filter(|bid| arrived(bid, self.on))
            .map(|bid| {
                let id = bid.id.get_ref();
                let status = eval
                    .bids()
                    .find(|(_, r)| &r.bid == id)
                    .map_or(bid.status, |(_, r)| r.status);
                BidDetail {
                    id: id.clone(),
                    date: bid.received.as_ref().map(|d| self.dt(d.get_ref().0)),
                    status: status.to_string(),
                    tenderers: vec![self.bidder_ref(&bid.bidder)],
                    value: (!self.withheld.price(id)).then(|| self.value(*bid.price.get_ref())),
                    related_lots: bid.lot.iter().map(|l| l.get_ref().clone()).collect(),
                }
            })
            .collect()
    }

    /// Awards notified by the export date, with their contracts once signed and the disputes
    /// lodged against each (see [`AwardParts`]).
    fn awards(
        &self,
        register: &Register,
        t: &TenderDoc,
        eval: &crate::tender::TenderEvaluation,
    ) -> AwardParts {
        let (tf, on, tz) = (&t.tender, self.on, self.tz);
        // Disputes against this tender, lodged by `on`: an award's when lodged on or after its
        // notice and against its lot (or the whole tender), else the tender's.
        let disputes: Vec<&DisputeRecord> = register
            .disputes
            .iter()
            .filter(|d| d.tender.as_deref() == Some(t.id.as_str()) && d.lodged <= on)
            .collect();
        let mut award_of_dispute: Vec<Option<usize>> = Vec::new();
        for d in &disputes {
            award_of_dispute.push(tf.awards.iter().position(|a| {
                d.against_award(&t.id, a.lot.as_ref().map(|l| l.get_ref().as_str()))
                    && d.lodged >= a.notice.get_ref().0
            }));
        }

        let mut awards = Vec::new();
        let mut contracts = Vec::new();
        let mut suppliers: Vec<String> = Vec::new();
        for (i, (a, state)) in tf.awards.iter().zip(&eval.awards).enumerate() {
            if a.notice.get_ref().0 > on {
                continue; // not yet notified on the export date
            }
            let bid = tf.bids.iter().find(|b| b.id.get_ref() == a.bid.get_ref());
            let price = bid.map_or(rust_decimal::Decimal::ZERO, |b| *b.price.get_ref());
            let supplier = self.bidder_ref(&state.bidder);
            if matches!(state.status, AwardStatus::Pending | AwardStatus::Active) {
                suppliers.push(supplier.name.clone());
            }
            let id = format!("award-{}", a.bid.get_ref());
            if let Some(c) = &a.contract
                && c.get_ref().0 <= on
                && state.status == AwardStatus::Active
            {
                contracts.push(Contract {
                    id: format!("contract-{}", a.bid.get_ref()),
                    award_id: id.clone(),
                    status: "active".into(),
                    value: self.value(price),
                    date_signed: self.dt(c.get_ref().0),
                    implementation: self.implementations.get(a.bid.get_ref()).map(|i| {
                        let mut i = i.clone();
                        for t in &mut i.transactions {
                            t.payee = supplier.clone();
                        }
                        i
                    }),
                });
            }
            awards.push(Award {
                id,
                status: state.status.code().into(),
                description: state.reason.clone(),
                date: self.dt(a.notice.get_ref().0),
                value: (!self.withheld.price(a.bid.get_ref())).then(|| self.value(price)),
                suppliers: vec![supplier],
                related_bid: a.bid.get_ref().clone(),
                related_lots: a.lot.iter().map(|l| l.get_ref().clone()).collect(),
                complaint_period: state.standstill.as_ref().map(|s| Period {
                    start_date: Some(self.dt(s.notice)),
                    end_date: Some(end_of_day(s.ends, tz)),
                }),
                complaints: disputes
                    .iter()
                    .zip(&award_of_dispute)
                    .filter(|(_, w)| **w == Some(i))
                    .map(|(d, _)| complaint(d, on, tz, &self.withheld))
                    .collect(),
            });
        }
        let tender_complaints: Vec<Complaint> = disputes
            .iter()
            .zip(&award_of_dispute)
            .filter(|(_, w)| w.is_none())
            .map(|(d, _)| complaint(d, on, tz, &self.withheld))
            .collect();
        (awards, contracts, suppliers, tender_complaints)
    }
}

/// "Price 40 (proportional: lowest price / price × 40); Quality 60 (delivery 30, …); minimum
/// quality 30 points; pass/fail: …".
fn criteria_details(t: &TenderDoc) -> String {
    let tf = &t.tender;
    let mut parts: Vec<String> = tf
        .criteria
        .iter()
        .map(|c| {
            let mut s = format!("{} {}", c.name, c.weight.get_ref());
            if c.kind == CriterionKind::Price
                && let Some(p) = &tf.price
            {
                let f = serde_json::to_value(p.formula)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default();
                s.push_str(&format!(" (price formula: {f})"));
            }
            if !c.sub.is_empty() {
                let subs: Vec<String> = c
                    .sub
                    .iter()
                    .map(|x| format!("{} {}", x.name, x.weight.get_ref()))
                    .collect();
                s.push_str(&format!(" ({})", subs.join(", ")));
            }
            s
        })
        .collect();
    if let Some(th) = &tf.evaluation.threshold {
        parts.push(format!(
            "minimum quality {} points: a bid below it is excluded before price scoring",
            th.get_ref()
        ));
    }
    if !tf.pass_fail.is_empty() {
        let pf: Vec<&str> = tf.pass_fail.iter().map(|p| p.name.as_str()).collect();
        parts.push(format!("pass/fail: {}", pf.join("; ")));
    }
    format!("Weights in points out of 100: {}.", parts.join("; "))
}

/// A dispute as a complaint, as it stands on `on`.
/// A dispute lodged by a bidder whose name `[disclosure]` withholds names its author by the
/// bidder's neutral label.
fn complaint(
    d: &DisputeRecord,
    on: NaiveDate,
    tz: chrono_tz::Tz,
    withheld: &Withheld,
) -> Complaint {
    let author = withheld.name(&d.author).to_string();
    let dt = |x: NaiveDate| date_time(x, tz);
    let history: Vec<_> = d.history.iter().filter(|c| c.date <= on).collect();
    let status = d.status_on(on).unwrap_or(DisputeStatus::Lodged);
    let find = |s: DisputeStatus| history.iter().find(|c| c.status == s);
    let decided = find(DisputeStatus::Upheld).or_else(|| find(DisputeStatus::Dismissed));
    let mut description = d.grounds.clone();
    if let Some(r) = &d.remedy {
        description.push_str(&format!("\nRemedy sought: {r}"));
    }
    if let Some(b) = &d.bid {
        description.push_str(&format!("\nConcerns bid {b}."));
    }
    if d.blocks_award {
        description.push_str("\nBlocks the award while open.");
    }
    if let Some(r) = &d.reconsiders {
        description.push_str(&format!("\nAsks to reconsider dispute {r}."));
    }
    let kind = match d.kind {
        crate::board::model::DisputeKind::BidProtest => "Bid protest",
        crate::board::model::DisputeKind::Objection => "Objection",
        crate::board::model::DisputeKind::ConflictOfInterest => "Conflict-of-interest challenge",
        crate::board::model::DisputeKind::PointOfOrder => "Point of order",
    };
    Complaint {
        id: d.id.clone(),
        kind: "complaint".into(),
        title: format!("{kind} ({} {author})", d.role.code()),
        description,
        author: ComplaintAuthor { name: author },
        status: complaint_status(status).into(),
        date_submitted: dt(d.lodged),
        date_answered: find(DisputeStatus::UnderReview).map(|c| dt(c.date)),
        date_decision: decided.map(|c| dt(c.date)),
        date_cancelled: find(DisputeStatus::Withdrawn).map(|c| dt(c.date)),
        decision: decided.and_then(|c| c.reasons.clone()),
        satisfied: match status {
            DisputeStatus::Upheld => Some(true),
            DisputeStatus::Dismissed => Some(false),
            _ => None,
        },
        related_lot: d.lot.clone(),
    }
}

/// The complaint extension's status for a dispute status.
pub fn complaint_status(s: DisputeStatus) -> &'static str {
    match s {
        DisputeStatus::Lodged => "pending",
        DisputeStatus::UnderReview => "accepted",
        DisputeStatus::Upheld => "resolved",
        DisputeStatus::Dismissed => "declined",
        DisputeStatus::Withdrawn => "cancelled",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(
            slug("Lakeshore Salt & Sand Inc."),
            "lakeshore-salt-sand-inc"
        );
        assert_eq!(slug("  A--B "), "a-b");
    }

    #[test]
    fn amounts_keep_their_digits() {
        use rust_decimal_macros::dec;
        let v = Value {
            amount: Amount(dec!(979200.50)),
            currency: "USD".into(),
        };
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            r#"{"amount":979200.50,"currency":"USD"}"#
        );
        // Into a serde_json::Value too (the site may build on one): a number, not a string.
        let as_value = serde_json::to_value(&v).unwrap();
        assert_eq!(as_value["amount"].as_f64(), Some(979200.5));
        let big = Amount(dec!(12345678901234567890.123456789));
        assert_eq!(
            serde_json::to_string(&big).unwrap(),
            "12345678901234567890.123456789"
        );
    }

    #[test]
    fn dates_are_local_midnight_with_offset() {
        let d = NaiveDate::from_ymd_opt(2025, 3, 5).unwrap();
        assert_eq!(
            date_time(d, chrono_tz::America::New_York),
            "2025-03-05T00:00:00-05:00"
        );
        let summer = NaiveDate::from_ymd_opt(2025, 7, 1).unwrap();
        assert_eq!(
            date_time(summer, chrono_tz::Europe::Brussels),
            "2025-07-01T00:00:00+02:00"
        );
    }
}
