//! The contracts' pages: `contracts.html` (every contract, the savings each member declared
//! against the joint price, and on whom the board depends) and `contract-<id>.html` (each KPI
//! over time as a chart with its figures in a table, the benchmark across members, breaches and
//! remedies). The figures are those of `procboard contracts` on the site's date.

use std::fmt::Write;

use rayon::prelude::*;
use rust_decimal::Decimal;

use super::html::{esc, slug, table_end, table_head};
use super::svg::{Chart, chart};
use crate::contracts::review::{ContractReview, KpiReview, Review};
use crate::export::money::Money;

/// The page of contract `id`.
pub fn contract_page(id: &str) -> String {
    format!("contract-{}.html", slug(id))
}

fn shown(d: Decimal) -> String {
    d.normalize().to_string()
}

/// `contracts.html`.
pub fn contracts(r: &Review, m: &Money) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<h1>Contracts</h1>\n<p>What the board's contracts deliver after the award, as the members report it, on {}. Each contract's page shows its measures over time, compared across the members.</p>",
        r.on
    );
    if r.contracts.is_empty() {
        s.push_str("<p>No contract is on file yet.</p>\n");
        return s;
    }
    table_head(
        &mut s,
        "contracts",
        "Every contract",
        &[
            ("Contract", false),
            ("Supplier", false),
            ("Value", true),
            ("From", false),
            ("To", false),
            ("Targets missed", true),
        ],
    );
    for c in &r.contracts {
        let breaches: usize = c.kpis.iter().map(|k| k.breaches.len()).sum();
        let _ = writeln!(
            s,
            "<tr><th scope=\"row\"><a href=\"{}\">{}</a></th><td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td><td class=\"num\">{breaches}</td></tr>",
            contract_page(&c.id),
            esc(&c.title),
            esc(&c.supplier),
            m.html(c.value, &r.currency),
            c.start,
            c.end,
        );
    }
    table_end(&mut s);
    savings(r, m, &mut s);
    diversity(r, m, &mut s);
    s
}

/// Each member's savings per contract, with the method beside the figure.
fn savings(r: &Review, m: &Money, s: &mut String) {
    s.push_str("<h2>What each member saves</h2>\n");
    let rows: Vec<(&ContractReview, &crate::contracts::review::Saving)> = r
        .contracts
        .iter()
        .flat_map(|c| c.savings.iter().map(move |x| (c, x)))
        .collect();
    if rows.is_empty() {
        s.push_str("<p>No member has declared a baseline price yet.</p>\n");
        return;
    }
    s.push_str("<p>Savings = (the member's own baseline price − the joint price) × the member's volume. The baseline is what the member declared (its last price or an estimate); the method is beside each figure.</p>\n");
    table_head(
        s,
        "savings",
        "Each member's savings per contract",
        &[
            ("Member", false),
            ("Contract", false),
            ("Savings", true),
            ("Method", false),
        ],
    );
    for (c, x) in rows {
        let _ = writeln!(
            s,
            "<tr><th scope=\"row\">{}</th><td><a href=\"{}\">{}</a></td><td class=\"num\">{}</td><td>{}</td></tr>",
            esc(&x.member),
            contract_page(&c.id),
            esc(&c.id),
            m.html(x.savings, &r.currency),
            esc(&x.method),
        );
    }
    table_end(s);
}

/// Distinct suppliers, each one's share, the concentration index and the SMEs' share.
fn diversity(r: &Review, m: &Money, s: &mut String) {
    let d = &r.diversity;
    let _ = writeln!(
        s,
        "<h2>On whom the board depends</h2>\n<p>{} contracts worth {} in all, with {} distinct suppliers. Concentration (Herfindahl–Hirschman index, 0 to 10,000; above 2,500 is highly concentrated): <strong>{}</strong>. Won by small and medium-sized enterprises: <strong>{} %</strong> of the value.</p>",
        d.contracts,
        m.html(d.total_value, &r.currency),
        d.distinct,
        shown(d.hhi.round_dp(0)),
        shown(d.sme_share),
    );
    table_head(
        s,
        "suppliers",
        "Each supplier's share of the contracts' value",
        &[
            ("Supplier", false),
            ("Value", true),
            ("Share %", true),
            ("Size", false),
        ],
    );
    for x in &d.suppliers {
        let _ = writeln!(
            s,
            "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            esc(&x.supplier),
            m.html(x.value, &r.currency),
            shown(x.share),
            x.scale.map_or("not stated", |sc| match sc {
                crate::board::model::BidderScale::Sme => "SME",
                crate::board::model::BidderScale::Large => "large",
            }),
        );
    }
    table_end(s);
    if !d.notes.is_empty() {
        s.push_str("<ul>\n");
        for n in &d.notes {
            let _ = writeln!(s, "<li>{}</li>", esc(n));
        }
        s.push_str("</ul>\n");
    }
}

/// Every contract's page as `(file name, title, body)`, in the review's order, each written on
/// its own, side by side on the machine's cores (each with its own formatter for the amounts,
/// in `m`'s language).
pub fn contract_pages(r: &Review, m: &Money) -> Vec<(String, String, String)> {
    let language = m.language();
    r.contracts
        .par_iter()
        .map_init(
            || Money::new(language),
            |money, c| {
                (
                    contract_page(&c.id),
                    format!("Contract {}", c.id),
                    contract(c, &r.currency, money),
                )
            },
        )
        .collect()
}

/// `contract-<id>.html`.
pub fn contract(c: &ContractReview, currency: &str, m: &Money) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<h1>{} <code>{}</code></h1>\n<dl>\n<dt>Supplier</dt><dd>{}</dd>\n<dt>Value</dt><dd>{}</dd>\n<dt>Awarded in</dt><dd>tender <a href=\"{}\">{}</a>{}, bid {}</dd>\n<dt>Runs</dt><dd>{} to {}</dd>\n</dl>",
        esc(&c.title),
        esc(&c.id),
        esc(&c.supplier),
        m.html(c.value, currency),
        super::html::tender_page(&c.tender),
        esc(&c.tender),
        c.lot
            .as_ref()
            .map(|l| format!(", lot {}", esc(l)))
            .unwrap_or_default(),
        esc(&c.award),
        c.start,
        c.end,
    );
    for k in &c.kpis {
        kpi(&mut s, k, currency, m);
    }
    if !c.savings.is_empty() {
        s.push_str("<h2>Savings</h2>\n");
        table_head(
            &mut s,
            "savings",
            "Each member's savings on this contract",
            &[("Member", false), ("Savings", true), ("Method", false)],
        );
        for x in &c.savings {
            let _ = writeln!(
                s,
                "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td>{}</td></tr>",
                esc(&x.member),
                m.html(x.savings, currency),
                esc(&x.method)
            );
        }
        table_end(&mut s);
    }
    call_offs(c, currency, m, &mut s);
    s
}

/// The orders the members reported placing under the contract, each member's in all against
/// its ceiling, then each order.
fn call_offs(c: &ContractReview, currency: &str, m: &Money, s: &mut String) {
    if c.call_offs.is_empty() {
        return;
    }
    s.push_str(
        "<h2>Orders placed (call-offs)</h2>
<p>What each member reported ordering under the contract, as its reports give it.</p>
",
    );
    table_head(
        s,
        "call-off-totals",
        "Each member's orders in all",
        &[
            ("Member", false),
            ("Orders", true),
            ("Total", true),
            ("Ceiling", true),
        ],
    );
    for t in &c.call_off_totals {
        let ceiling = match t.ceiling {
            Some(x) if t.over_ceiling => format!("{} (exceeded)", m.html(x, currency)),
            Some(x) => m.html(x, currency),
            None => "none set".to_string(),
        };
        let _ = writeln!(
            s,
            "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{ceiling}</td></tr>",
            esc(&t.member),
            t.count,
            m.html(t.total, currency)
        );
    }
    table_end(s);
    table_head(
        s,
        "call-offs",
        "Each order",
        &[
            ("Date", false),
            ("Member", false),
            ("Order", false),
            ("Amount", true),
            ("What", false),
        ],
    );
    for co in &c.call_offs {
        let _ = writeln!(
            s,
            "<tr><td>{}</td><th scope=\"row\">{}</th><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            super::html::long_date(co.date),
            esc(&co.member),
            esc(&co.id),
            m.html(co.amount, currency),
            esc(co.note.as_deref().unwrap_or(""))
        );
    }
    table_end(s);
}

/// One KPI: its target, a chart of each member's value per period with the same figures in a
/// table, the benchmark, the breaches and the remedies.
fn kpi(s: &mut String, k: &KpiReview, currency: &str, m: &Money) {
    let better = match k.better {
        crate::contracts::model::Better::Higher => "higher is better",
        crate::contracts::model::Better::Lower => "lower is better",
    };
    let _ = writeln!(
        s,
        "<h2>{}</h2>\n<p>Target {} {} ({better}; tolerance {}), reported {} by {}.</p>",
        esc(&k.name),
        shown(k.target),
        esc(&k.unit),
        shown(k.tolerance),
        esc(&format!("{:?}", k.period).to_lowercase()),
        esc(&k.members.join(", ")),
    );
    if k.periods.is_empty() {
        s.push_str("<p>No reporting period has ended yet.</p>\n");
        return;
    }
    let series: Vec<&str> = k.members.iter().map(String::as_str).collect();
    let rows: Vec<(String, Vec<Decimal>)> = k
        .periods
        .iter()
        .map(|p| {
            (
                p.period.to_string(),
                p.cells
                    .iter()
                    .map(|c| c.map_or(Decimal::ZERO, |c| c.value))
                    .collect(),
            )
        })
        .collect();
    let id = format!("kpi-{}", slug(&k.id));
    let title = format!(
        "{} ({}) per period and member (0: not reported)",
        k.name, k.unit
    );
    s.push_str(&chart(&Chart {
        id: &id,
        title: &title,
        row_label: "Period",
        series: &series,
        rows: &rows,
    }));
    table_head(
        s,
        "benchmark",
        &format!("{}: the members compared, per period", k.name),
        &[
            ("Period", false),
            ("Median", true),
            ("Spread", true),
            ("Outside the tolerance", false),
            ("Not reported", false),
        ],
    );
    for p in &k.periods {
        let (median, spread, outside) = p.benchmark.as_ref().map_or_else(
            || ("—".to_string(), "—".to_string(), String::new()),
            |b| {
                let outside: Vec<&str> = p.outside().collect();
                (shown(b.median), shown(b.spread), outside.join(", "))
            },
        );
        let _ = writeln!(
            s,
            "<tr><th scope=\"row\">{}</th><td class=\"num\">{median}</td><td class=\"num\">{spread}</td><td>{}</td><td>{}</td></tr>",
            p.period,
            esc(&outside),
            esc(&p.missing.join(", ")),
        );
    }
    table_end(s);
    if !k.breaches.is_empty() {
        s.push_str("<p>Targets missed (beyond the tolerance):</p>\n<ul>\n");
        for b in &k.breaches {
            let _ = writeln!(
                s,
                "<li><span class=\"badge fail\">MISSED</span> {} in {}: {} {} ({} short of the target)</li>",
                esc(&b.member),
                b.period,
                shown(b.value),
                esc(&k.unit),
                shown(b.shortfall)
            );
        }
        s.push_str("</ul>\n");
    }
    if let Some(clause) = &k.clause {
        let _ = writeln!(s, "<p>Remedy clause: {}</p>", esc(clause));
    }
    for r in &k.remedies {
        let _ = writeln!(
            s,
            "<p><span class=\"badge\">REMEDY DUE</span> {}: a price reduction of {} for {} periods in a row below target.</p>",
            esc(&r.member),
            m.html(r.amount, currency),
            r.periods.len()
        );
    }
}

/// The dashboard's contracts section: the figures a council asks first, and where the rest is.
pub fn dashboard_section(r: &Review, m: &Money) -> String {
    let mut s = String::from("<h2>Contracts</h2>\n");
    if r.contracts.is_empty() {
        s.push_str("<p>No contract is on file yet.</p>\n");
        return s;
    }
    let saved: Decimal = r
        .contracts
        .iter()
        .flat_map(|c| c.savings.iter().map(|x| x.savings))
        .sum();
    let missed: usize = r
        .contracts
        .iter()
        .flat_map(|c| c.kpis.iter().map(|k| k.breaches.len()))
        .sum();
    let remedies: usize = r
        .contracts
        .iter()
        .flat_map(|c| c.kpis.iter().map(|k| k.remedies.len()))
        .sum();
    let _ = writeln!(
        s,
        "<ul>\n<li>{} contracts worth {}, with {} distinct suppliers; concentration (HHI) {}; {} % of the value won by SMEs.</li>\n<li>Savings the members declared against their own baselines: {}.</li>\n<li>Targets missed: {missed}; remedies due: {remedies}.</li>\n</ul>\n<p>Each contract, each member's savings and each supplier's share are on the <a href=\"contracts.html\">contracts</a> page.</p>",
        r.diversity.contracts,
        m.html(r.diversity.total_value, &r.currency),
        r.diversity.distinct,
        shown(r.diversity.hhi.round_dp(0)),
        shown(r.diversity.sme_share),
        m.html(saved, &r.currency),
    );
    s
}
