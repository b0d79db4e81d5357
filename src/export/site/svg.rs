//! Charts as inline SVG (no JavaScript), each printed beside a table of its figures.
//!
//! Bar lengths are computed with exact decimals and rounded to whole pixels; every bar carries
//! its figure as text, and series differ by pattern as well as shade, so nothing is told by
//! colour alone.

use std::fmt::Write as _;

use rust_decimal::{Decimal, RoundingStrategy};

use super::html::{esc, table_end, table_head};

/// A chart: rows of figures, one value per series.
pub struct Chart<'a> {
    /// Anchor id (unique on the page).
    pub id: &'a str,
    /// Title (the caption of the table, the SVG's title).
    pub title: &'a str,
    /// What the rows are (first column's header).
    pub row_label: &'a str,
    /// The series' names.
    pub series: &'a [&'a str],
    /// Rows: a label and one figure per series.
    pub rows: &'a [(String, Vec<Decimal>)],
}

const BAR_MAX: i64 = 360;
const LABEL_W: i64 = 200;
const BAR_H: i64 = 14;
/// The fill of series `i`: solid dark blue, hatched (the chart's own pattern), solid grey.
fn fill(i: usize, id: &str) -> String {
    match i % 3 {
        0 => "#1f4e79".to_string(),
        1 => format!("url(#{}-hatch)", esc(id)),
        _ => "#5c5c5c".to_string(),
    }
}

/// The chart and its table, in a `<figure>`.
pub fn chart(c: &Chart<'_>) -> String {
    let mut s = String::new();
    let max = c
        .rows
        .iter()
        .flat_map(|(_, v)| v.iter().copied())
        .max()
        .unwrap_or(Decimal::ZERO);
    let per_row = BAR_H * c.series.len() as i64 + 8;
    let height = 30 + per_row * c.rows.len() as i64 + 10;
    let width = LABEL_W + BAR_MAX + 90;
    let _ = write!(
        s,
        "<figure class=\"chart\" id=\"{id}\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"{id}-title\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">\n<title id=\"{id}-title\">{title} (figures in the table beside it)</title>\n<defs><pattern id=\"{id}-hatch\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\"><rect width=\"6\" height=\"6\" fill=\"#ffffff\"/><path d=\"M0,6 L6,0\" stroke=\"#1b1b1b\" stroke-width=\"2\"/></pattern></defs>\n",
        id = esc(c.id),
        title = esc(c.title),
    );
    // Legend: a swatch and the series' name.
    let mut x = LABEL_W;
    for (i, name) in c.series.iter().enumerate() {
        let _ = writeln!(
            s,
            "<rect x=\"{x}\" y=\"6\" width=\"12\" height=\"12\" fill=\"{}\" stroke=\"#1b1b1b\"/><text x=\"{}\" y=\"16\" font-size=\"12\" fill=\"#1b1b1b\">{}</text>",
            fill(i, c.id),
            x + 16,
            esc(name)
        );
        x += 24 + 8 * name.chars().count() as i64;
    }
    for (r, (label, values)) in c.rows.iter().enumerate() {
        let y0 = 30 + per_row * r as i64;
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"end\" fill=\"#1b1b1b\">{}</text>",
            LABEL_W - 6,
            y0 + BAR_H - 3,
            esc(&truncate(label, 30))
        );
        for (i, v) in values.iter().enumerate() {
            let y = y0 + BAR_H * i as i64;
            let w = bar(*v, max);
            let _ = writeln!(
                s,
                "<rect x=\"{LABEL_W}\" y=\"{y}\" width=\"{w}\" height=\"{}\" fill=\"{}\" stroke=\"#1b1b1b\" stroke-width=\"0.5\"/><text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#1b1b1b\">{}</text>",
                BAR_H - 2,
                fill(i, c.id),
                LABEL_W + w + 4,
                y + BAR_H - 4,
                v.normalize()
            );
        }
    }
    s.push_str("</svg>\n<figcaption>\n");
    let mut cols: Vec<(&str, bool)> = vec![(c.row_label, false)];
    cols.extend(c.series.iter().map(|n| (*n, true)));
    table_head(&mut s, "figures", c.title, &cols);
    for (label, values) in c.rows {
        let _ = write!(s, "<tr><th scope=\"row\">{}</th>", esc(label));
        for v in values {
            let _ = write!(s, "<td class=\"num\">{}</td>", v.normalize());
        }
        s.push_str("</tr>\n");
    }
    table_end(&mut s);
    s.push_str("</figcaption>\n</figure>\n");
    s
}

/// Bar length in whole pixels: `value / max × BAR_MAX`, exact, rounded half up; 0 for none.
fn bar(v: Decimal, max: Decimal) -> i64 {
    if max <= Decimal::ZERO || v <= Decimal::ZERO {
        return 0;
    }
    let w = (v * Decimal::from(BAR_MAX) / max)
        .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    i64::try_from(w).unwrap_or(0).clamp(0, BAR_MAX)
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_exactly() {
        assert_eq!(bar(Decimal::from(5), Decimal::from(10)), 180);
        assert_eq!(bar(Decimal::from(10), Decimal::from(10)), 360);
        assert_eq!(bar(Decimal::ZERO, Decimal::ZERO), 0);
        assert_eq!(bar(Decimal::from(1), Decimal::from(3)), 120);
    }

    #[test]
    fn chart_has_its_figures_as_a_table_and_escapes_labels() {
        let rows = vec![("<b>".to_string(), vec![Decimal::from(3), Decimal::from(2)])];
        let html = chart(&Chart {
            id: "c",
            title: "Bids",
            row_label: "Tender",
            series: &["bids", "valid"],
            rows: &rows,
        });
        assert!(html.contains("<svg"));
        assert!(html.contains("<th scope=\"row\">&lt;b&gt;</th>"));
        assert!(html.contains("<td class=\"num\">3</td><td class=\"num\">2</td>"));
        assert!(!html.contains("<b>"));
    }
}
