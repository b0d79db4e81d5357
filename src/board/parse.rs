//! Reading one TOML file into a typed model, collecting every problem with its position.
//!
//! Three things happen beyond `toml::from_str`:
//! - syntax errors are recovered and all reported, not only the first;
//! - TOML floats are handed to the model as their literal text, so decimals (money, weights,
//!   scores) are parsed exactly by `rust_decimal` and no binary float ever touches them;
//! - unknown keys are all reported with a "did you mean" hint: each is removed and the file is
//!   deserialised again, until it succeeds or a problem other than an unknown key remains.

use std::borrow::Cow;
use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diag::{Diagnostic, Source, did_you_mean};

/// At most this many unknown keys are reported per file before giving up.
const MAX_UNKNOWN_KEYS: usize = 64;

/// Parses `text` (the contents of `source.file`) into `T`.
///
/// Returns the value when the file could be read (possibly after dropping unknown keys, which are
/// reported as errors), and every diagnostic found.
pub fn parse<T: DeserializeOwned>(source: &Source, text: &str) -> (Option<T>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let (mut root, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        for e in errors {
            diags.push(syntax_error(source, &e));
        }
        return (None, diags);
    }
    let mut too_long = Vec::new();
    floats_as_text(root.get_mut(), &mut too_long);
    if !too_long.is_empty() {
        for (span, text) in too_long {
            diags.push(
                source
                    .error(
                        span,
                        format!(
                            "{} has more digits than procboard keeps ({MAX_DECIMAL_DIGITS} in \
                             all); it is refused rather than rounded",
                            clip(&text)
                        ),
                    )
                    .with_hint(format!(
                        "write the number with at most {MAX_DECIMAL_DIGITS} digits, rounded as \
                         your rules say"
                    )),
            );
        }
        crate::diag::sort(&mut diags);
        return (None, diags);
    }

    // Most files read at the first attempt: try it on the tree itself, without the copy the
    // retries below need, and parse the text again only if it fails (a large board is read
    // once, not copied once more).
    if let Ok(value) = T::deserialize(toml::de::Deserializer::from(root)) {
        return (Some(value), diags);
    }
    let (mut root, _) = DeTable::parse_recoverable(text);
    floats_as_text(root.get_mut(), &mut Vec::new());

    for _ in 0..MAX_UNKNOWN_KEYS {
        let attempt = T::deserialize(toml::de::Deserializer::from(root.clone()));
        match attempt {
            Ok(value) => {
                crate::diag::sort(&mut diags);
                return (Some(value), diags);
            }
            Err(e) => {
                let span = e.span();
                let message = e.message().to_owned();
                if let (Some(span), Some(unknown)) = (span.clone(), UnknownName::parse(&message)) {
                    // Read on past the mistake, to report the file's other problems too: a
                    // misspelt key is read as the key it resembles (so its table does not also
                    // miss a key), else dropped; a misspelt value is read as the value it
                    // resembles, or the first one allowed.
                    let fixed = if unknown.is_field {
                        let guess = unknown.suggestion();
                        rename_or_remove_key(root.get_mut(), &span, guess)
                    } else {
                        match unknown
                            .suggestion()
                            .or(unknown.expected.first().map(String::as_str))
                        {
                            Some(v) => replace_string(root.get_mut(), &span, v),
                            None => false,
                        }
                    };
                    diags.push(unknown.diagnostic(source, span));
                    if fixed {
                        continue;
                    }
                    return (None, diags);
                }
                diags.push(type_error(source, text, span, &message));
                return (None, diags);
            }
        }
    }
    diags.push(Diagnostic::file_error(
        &source.file,
        format!("more than {MAX_UNKNOWN_KEYS} unknown keys; stopped reading this file"),
    ));
    (None, diags)
}

fn syntax_error(source: &Source, e: &toml::de::Error) -> Diagnostic {
    let span = e.span().unwrap_or(0..0);
    let message = clip_quoted(&e.message().trim_end().replace('\n', "; "));
    let hint = if message.contains("date") || message.contains("time") {
        "write dates as YYYY-MM-DD (a day that exists) and times as HH:MM:SS, without quotes"
    } else if message.contains("duplicate key") {
        "each key appears once per table; remove or rename one of the two"
    } else {
        "check quotes, brackets and `=` on this line; strings need \"double quotes\""
    };
    source
        .error(span, format!("TOML syntax error: {message}"))
        .with_hint(hint)
}

fn type_error(
    source: &Source,
    text: &str,
    span: Option<Range<usize>>,
    message: &str,
) -> Diagnostic {
    let message = message.trim_end().replace('\n', "; ");
    let hint = single_table_hint(text, span.clone(), &message).or_else(|| type_hint(&message));
    let message = plain_words(&message);
    let d = match span {
        Some(span) => source.error(span, message),
        None => Diagnostic::file_error(&source.file, message),
    };
    match hint {
        Some(h) => d.with_hint(h),
        None => d,
    }
}

/// serde's type names in words a board secretary reads ("u32" → "a whole number …"); also used
/// for the event lines of `meeting record`.
pub fn plain_words(message: &str) -> String {
    // "invalid type: integer `1…` as i128, expected …": a whole number too large to read.
    if let Some(rest) = message.strip_prefix("invalid type: integer `")
        && let Some((number, _)) = rest.split_once("` as i128")
    {
        let number = clip(number);
        return format!(
            "the whole number {number} is too large to read without quotes: write it as a \
             string, \"{number}\" (at most {MAX_DECIMAL_DIGITS} digits)"
        );
    }
    let message = clip_quoted(message).replace(
        "data did not match any variant of untagged enum VoteValue",
        "expected a vote: \"yes\", \"no\", \"abstain\", or a split of the weight",
    );
    let message = match message.split_once(", expected struct ") {
        // "expected struct TenderInfo": serde's name for a table.
        Some((head, _)) => format!("{head}, expected a table (a [section] with its keys)"),
        None => message,
    };
    const WORDS: &[(&str, &str)] = &[
        ("missing field `", "missing key `"),
        (
            "a Decimal type representing a fixed-point number",
            "a number, like 125000 or 61.5",
        ),
        ("expected u64", "expected a whole number of 0 or more"),
        ("expected u32", "expected a whole number of 0 or more"),
        ("expected i32", "expected a whole number"),
    ];
    let mut out = message;
    for (from, to) in WORDS {
        out = out.replace(from, to);
    }
    out
}

/// At most 60 characters of a value from a file, so that a diagnostic never echoes more of the
/// file than it needs (control characters escaped).
pub fn clip(text: &str) -> String {
    const SHOWN: usize = 60;
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == SHOWN {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    out
}

/// serde quotes the value it could not read (`invalid type: string "…"`): keeps at most 60
/// characters of each quoted value.
fn clip_quoted(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(400));
    let mut rest = message;
    while let Some(start) = rest.find(['"', '`']) {
        let quote = rest.as_bytes().get(start).copied().unwrap_or(b'"') as char;
        let (before, after) = rest.split_at(start + 1);
        out.push_str(before);
        match after.find(quote) {
            Some(end) => {
                out.push_str(&clip(after.get(..end).unwrap_or_default()));
                out.push(quote);
                rest = after.get(end + 1..).unwrap_or_default();
            }
            None => {
                out.push_str(&clip(after));
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// `[award]` written where `[[award]]` (a table that may repeat) is expected.
fn single_table_hint(text: &str, span: Option<Range<usize>>, message: &str) -> Option<String> {
    if !message.contains("invalid type: map, expected a sequence") {
        return None;
    }
    let at = text.get(span?.start..)?;
    let header = at.lines().next()?.trim();
    let name = header.strip_prefix('[')?.split(']').next()?.trim();
    if header.starts_with("[[") || name.is_empty() {
        return None;
    }
    Some(format!(
        "`{name}` is a list of tables: write its header with double brackets, [[{name}]]"
    ))
}

/// Hints for the type errors a secretary is most likely to meet.
fn type_hint(message: &str) -> Option<String> {
    if message.starts_with("missing field") {
        return Some("add the key; docs/board-format.md lists every key and its meaning".into());
    }
    if message.contains("TOML datetime") || message.contains("a date") {
        return Some("write dates without quotes, like 2025-03-05".into());
    }
    if message.contains("Decimal") || message.contains("decimal") {
        return Some("write amounts as numbers (125000 or 61.5) or strings (\"125000.00\")".into());
    }
    if ["expected u64", "expected u32", "expected i32"]
        .iter()
        .any(|t| message.contains(t))
    {
        return Some(if message.contains("expected i32") {
            "write a whole number without quotes, like 2025".into()
        } else {
            "write a whole number of 0 or more without quotes, like 12".into()
        });
    }
    if message.contains("expected a sequence") {
        return Some("this key takes a list in square brackets, like [\"a\", \"b\"]".into());
    }
    None
}

/// An "unknown field" or "unknown variant" error from serde, with the names it expected.
struct UnknownName {
    is_field: bool,
    name: String,
    expected: Vec<String>,
}

impl UnknownName {
    /// Reads serde's messages: "unknown field `x`, expected one of `a`, `b`" (or "expected `a`",
    /// or "there are no fields"), and the same for "unknown variant".
    fn parse(message: &str) -> Option<Self> {
        let (is_field, rest) = if let Some(r) = message.strip_prefix("unknown field `") {
            (true, r)
        } else if let Some(r) = message.strip_prefix("unknown variant `") {
            (false, r)
        } else {
            return None;
        };
        let end = rest.find('`')?;
        let name = rest[..end].to_owned();
        let expected = rest[end + 1..]
            .split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect();
        Some(UnknownName {
            is_field,
            name,
            expected,
        })
    }

    /// The expected name closest to the unknown one, if close enough to suggest.
    fn suggestion(&self) -> Option<&str> {
        did_you_mean(&self.name, self.expected.iter().map(String::as_str))
    }

    fn diagnostic(&self, source: &Source, span: Range<usize>) -> Diagnostic {
        let what = if self.is_field { "key" } else { "value" };
        let d = source.error(span, format!("unknown {what} `{}`", self.name));
        let names: Vec<&str> = self.expected.iter().map(String::as_str).collect();
        let listed = crate::diag::list(&names);
        match self.suggestion() {
            Some(s) => d.with_hint(format!("did you mean `{s}`? expected one of {listed}")),
            None if names.is_empty() => d.with_hint("this table takes no keys"),
            None => d.with_hint(format!("expected one of {listed}")),
        }
    }
}

/// Replaces every TOML float by its literal text, so `rust_decimal` parses it exactly.
/// Most significant digits a decimal may have: what `rust_decimal` keeps exactly (28 decimal
/// places, 96-bit integer). A number with more would be rounded, so it is refused instead.
pub const MAX_DECIMAL_DIGITS: usize = 28;

/// Turns every float into its literal text; collects the spans of numbers (floats, or strings
/// written like decimals) that have more digits than a decimal keeps.
fn floats_as_text(table: &mut DeTable<'_>, too_long: &mut Vec<(Range<usize>, String)>) {
    for (_, v) in table.iter_mut() {
        let span = v.span();
        float_value_as_text(v.get_mut(), span, too_long);
    }
}

fn float_value_as_text(
    value: &mut DeValue<'_>,
    span: Range<usize>,
    too_long: &mut Vec<(Range<usize>, String)>,
) {
    match value {
        DeValue::Float(f) => {
            let text = f.as_str().replace('_', "");
            if decimal_digits(&text).is_some_and(|n| n > MAX_DECIMAL_DIGITS) {
                too_long.push((span, text.clone()));
            }
            *value = DeValue::String(Cow::Owned(text));
        }
        DeValue::Integer(i) => {
            let text = i.as_str().replace('_', "");
            if decimal_digits(&text).is_some_and(|n| n > MAX_DECIMAL_DIGITS) {
                too_long.push((span, text));
            }
        }
        DeValue::String(text) if decimal_digits(text).is_some_and(|n| n > MAX_DECIMAL_DIGITS) => {
            too_long.push((span, text.to_string()));
        }
        DeValue::Array(items) => {
            for item in items.iter_mut() {
                let span = item.span();
                float_value_as_text(item.get_mut(), span, too_long);
            }
        }
        DeValue::Table(t) => floats_as_text(t, too_long),
        _ => {}
    }
}

/// The significant digits of `text` if it is written like a decimal (`-12.50`, `0.001`), else
/// `None`. Leading zeros do not count; trailing zeros after the point do (they are kept).
pub fn decimal_digits(text: &str) -> Option<usize> {
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || !(frac.is_empty() || digits(frac)) {
        return None;
    }
    let all = format!("{int}{frac}");
    let significant = all.trim_start_matches('0').len();
    Some(significant.max(frac.len()))
}

/// Finds the key whose name sits at `span`, anywhere in the document, and renames it to `to`
/// (keeping its value), or removes it when `to` is `None` or already a key of the same table.
/// True if found.
fn rename_or_remove_key(table: &mut DeTable<'_>, span: &Range<usize>, to: Option<&str>) -> bool {
    let key: Option<Spanned<Cow<'_, str>>> = table.keys().find(|k| k.span() == *span).cloned();
    if let Some(key) = key {
        let Some((_, value)) = table.remove_entry(&key) else {
            return false;
        };
        if let Some(to) = to {
            let new_key = Spanned::new(span.clone(), Cow::Owned(to.to_owned()));
            if !table.contains_key(&new_key) {
                table.insert(new_key, value);
            }
        }
        return true;
    }
    for (_, v) in table.iter_mut() {
        if rename_or_remove_in_value(v.get_mut(), span, to) {
            return true;
        }
    }
    false
}

fn rename_or_remove_in_value(
    value: &mut DeValue<'_>,
    span: &Range<usize>,
    to: Option<&str>,
) -> bool {
    match value {
        DeValue::Table(t) => rename_or_remove_key(t, span, to),
        DeValue::Array(items) => items
            .iter_mut()
            .any(|item| rename_or_remove_in_value(item.get_mut(), span, to)),
        _ => false,
    }
}

/// Replaces the string value at `span`, anywhere in the document, by `to`. True if found.
fn replace_string(table: &mut DeTable<'_>, span: &Range<usize>, to: &str) -> bool {
    table
        .iter_mut()
        .any(|(_, v)| replace_string_in_value(v, span, to))
}

fn replace_string_in_value(
    value: &mut Spanned<DeValue<'_>>,
    span: &Range<usize>,
    to: &str,
) -> bool {
    if value.span() == *span
        && let DeValue::String(s) = value.get_mut()
    {
        *s = Cow::Owned(to.to_owned());
        return true;
    }
    match value.get_mut() {
        DeValue::Table(t) => replace_string(t, span, to),
        DeValue::Array(items) => items
            .iter_mut()
            .any(|item| replace_string_in_value(item, span, to)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_digits_count_what_a_decimal_must_keep() {
        assert_eq!(decimal_digits("125000"), Some(6));
        assert_eq!(decimal_digits("-0.0010"), Some(4));
        assert_eq!(decimal_digits("007.5"), Some(2));
        assert_eq!(decimal_digits("1.5e3"), None);
        assert_eq!(decimal_digits("abc"), None);
        assert_eq!(decimal_digits("."), None);
        assert_eq!(decimal_digits(&format!("0.{}", "1".repeat(29))), Some(29));
    }

    #[test]
    fn quoted_values_are_clipped_and_escaped() {
        let long = "y".repeat(200);
        let out = plain_words(&format!("invalid type: string \"{long}\", expected u32"));
        assert!(out.len() < 150, "{out}");
        assert!(
            out.contains("expected a whole number of 0 or more"),
            "{out}"
        );
        assert_eq!(clip("a\nb"), "a\\nb");
    }
    use rust_decimal::Decimal;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        name: String,
        weight: Decimal,
        #[serde(default)]
        inner: Vec<Inner>,
    }
    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        id: String,
    }

    fn run(text: &str) -> (Option<Doc>, Vec<String>) {
        let src = Source::new("t.toml", text);
        let (v, d) = parse::<Doc>(&src, text);
        (v, d.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn floats_become_exact_decimals() {
        let (doc, diags) = run("name = \"x\"\nweight = 0.1\n");
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(doc.map(|d| d.weight.to_string()), Some("0.1".into()));
    }

    #[test]
    fn every_unknown_key_is_reported_with_a_suggestion() {
        let (doc, diags) =
            run("name = \"x\"\nwieght = 1\nweight = 2\n[[inner]]\nidd = \"a\"\nid = \"b\"\n");
        assert!(doc.is_some());
        assert_eq!(diags.len(), 2, "{diags:?}");
        assert!(
            diags[0].starts_with("t.toml:2:1: unknown key `wieght`"),
            "{diags:?}"
        );
        assert!(diags[0].contains("did you mean `weight`?"));
        assert!(diags[1].starts_with("t.toml:5:1: unknown key `idd`"));
    }

    #[test]
    fn a_misspelt_key_is_read_as_the_key_it_resembles_and_reading_goes_on() {
        // `nmae` is read as `name` (no "missing field `name`" as well), and the misspelt key in
        // the next table is still found.
        let (doc, diags) = run("nmae = \"x\"\nweight = 1\n[[inner]]\nidd = \"a\"\n");
        assert_eq!(doc.map(|d| d.name), Some("x".into()));
        assert_eq!(diags.len(), 2, "{diags:?}");
        assert!(
            diags[0].starts_with("t.toml:1:1: unknown key `nmae`"),
            "{diags:?}"
        );
        assert!(
            diags[1].starts_with("t.toml:4:1: unknown key `idd`"),
            "{diags:?}"
        );
    }

    #[test]
    fn a_misspelt_value_is_reported_and_reading_goes_on() {
        #[derive(Deserialize, Debug)]
        #[serde(deny_unknown_fields, rename_all = "snake_case")]
        #[allow(dead_code)]
        enum Kind {
            Mean,
            Consensus,
        }
        #[derive(Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct WithKind {
            kind: Kind,
            other: Vec<Kind>,
            name: String,
        }
        let text = "kind = \"median\"\nother = [\"consensus\", \"concensus\"]\nnmae = \"x\"\n";
        let src = Source::new("t.toml", text);
        let (v, d) = parse::<WithKind>(&src, text);
        let diags: Vec<String> = d.iter().map(ToString::to_string).collect();
        assert!(v.is_some(), "{diags:?}");
        assert_eq!(diags.len(), 3, "{diags:?}");
        assert!(
            diags[0].starts_with("t.toml:1:8: unknown value `median`"),
            "{diags:?}"
        );
        assert!(diags[0].contains("did you mean `mean`?"), "{diags:?}");
        assert!(
            diags[1].starts_with("t.toml:2:23: unknown value `concensus`"),
            "{diags:?}"
        );
        assert!(
            diags[2].starts_with("t.toml:3:1: unknown key `nmae`"),
            "{diags:?}"
        );
    }

    #[test]
    fn whole_numbers_get_a_hint() {
        #[derive(Deserialize, Debug)]
        #[allow(dead_code)]
        struct Count {
            n: u32,
        }
        let text = "n = -3\n";
        let src = Source::new("t.toml", text);
        let (v, d) = parse::<Count>(&src, text);
        assert!(v.is_none());
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(
            d[0].hint
                .as_deref()
                .is_some_and(|h| h.contains("whole number")),
            "{d:?}"
        );
        assert!(
            d[0].message
                .ends_with("integer `-3`, expected a whole number of 0 or more"),
            "{d:?}"
        );
    }

    #[test]
    fn impossible_dates_get_a_date_hint() {
        let (_, diags) = run("name = \"x\"\nweight = 1\nwhen = 2025-02-30\n");
        assert!(diags[0].starts_with("t.toml:3:"), "{diags:?}");
        assert!(diags[0].contains("YYYY-MM-DD"), "{diags:?}");
    }

    #[test]
    fn syntax_errors_have_positions() {
        let (doc, diags) = run("name = \"x\nweight = 1\n");
        assert!(doc.is_none());
        assert!(diags[0].starts_with("t.toml:1:"), "{diags:?}");
        assert!(diags[0].contains("TOML syntax error"));
    }

    #[test]
    fn a_single_table_where_a_list_of_tables_belongs_gets_a_double_bracket_hint() {
        let text = "name = \"x\"\nweight = 1\n\n[inner]\nid = \"a\"\n";
        let src = Source::new("t.toml", text);
        let (v, d) = parse::<Doc>(&src, text);
        assert!(v.is_none());
        let shown: Vec<String> = d.iter().map(ToString::to_string).collect();
        assert!(
            shown[0].starts_with("t.toml:4:1: invalid type: map"),
            "{shown:?}"
        );
        assert!(shown[0].contains("[[inner]]"), "{shown:?}");
    }

    #[test]
    fn type_errors_point_at_the_value() {
        let (doc, diags) = run("name = \"x\"\nweight = true\n");
        assert!(doc.is_none());
        assert!(diags[0].starts_with("t.toml:2:10:"), "{diags:?}");
    }
}
