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
    floats_as_text(root.get_mut());

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
                    let removed = unknown.is_field && remove_key(root.get_mut(), &span);
                    diags.push(unknown.diagnostic(source, span));
                    if removed {
                        continue;
                    }
                    return (None, diags);
                }
                diags.push(type_error(source, span, &message));
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
    let message = e.message().trim_end().replace('\n', "; ");
    source
        .error(span, format!("TOML syntax error: {message}"))
        .with_hint("check quotes, brackets and `=` on this line; strings need \"double quotes\"")
}

fn type_error(source: &Source, span: Option<Range<usize>>, message: &str) -> Diagnostic {
    let message = message.trim_end().replace('\n', "; ");
    let hint = type_hint(&message);
    let d = match span {
        Some(span) => source.error(span, message),
        None => Diagnostic::file_error(&source.file, message),
    };
    match hint {
        Some(h) => d.with_hint(h),
        None => d,
    }
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

    fn diagnostic(&self, source: &Source, span: Range<usize>) -> Diagnostic {
        let what = if self.is_field { "key" } else { "value" };
        let d = source.error(span, format!("unknown {what} `{}`", self.name));
        let names: Vec<&str> = self.expected.iter().map(String::as_str).collect();
        let listed = crate::diag::list(&names);
        match did_you_mean(&self.name, names.iter().copied()) {
            Some(s) => d.with_hint(format!("did you mean `{s}`? expected one of {listed}")),
            None if names.is_empty() => d.with_hint("this table takes no keys"),
            None => d.with_hint(format!("expected one of {listed}")),
        }
    }
}

/// Replaces every TOML float by its literal text, so `rust_decimal` parses it exactly.
fn floats_as_text(table: &mut DeTable<'_>) {
    for (_, v) in table.iter_mut() {
        float_value_as_text(v.get_mut());
    }
}

fn float_value_as_text(value: &mut DeValue<'_>) {
    match value {
        DeValue::Float(f) => {
            let text = f.as_str().replace('_', "");
            *value = DeValue::String(Cow::Owned(text));
        }
        DeValue::Array(items) => {
            for item in items.iter_mut() {
                float_value_as_text(item.get_mut());
            }
        }
        DeValue::Table(t) => floats_as_text(t),
        _ => {}
    }
}

/// Removes the key whose name sits at `span`, anywhere in the document. True if found.
fn remove_key(table: &mut DeTable<'_>, span: &Range<usize>) -> bool {
    let key: Option<Spanned<Cow<'_, str>>> = table.keys().find(|k| k.span() == *span).cloned();
    if let Some(key) = key {
        return table.remove(&key).is_some();
    }
    for (_, v) in table.iter_mut() {
        if remove_key_in_value(v.get_mut(), span) {
            return true;
        }
    }
    false
}

fn remove_key_in_value(value: &mut DeValue<'_>, span: &Range<usize>) -> bool {
    match value {
        DeValue::Table(t) => remove_key(t, span),
        DeValue::Array(items) => items
            .iter_mut()
            .any(|item| remove_key_in_value(item.get_mut(), span)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
    fn syntax_errors_have_positions() {
        let (doc, diags) = run("name = \"x\nweight = 1\n");
        assert!(doc.is_none());
        assert!(diags[0].starts_with("t.toml:1:"), "{diags:?}");
        assert!(diags[0].contains("TOML syntax error"));
    }

    #[test]
    fn type_errors_point_at_the_value() {
        let (doc, diags) = run("name = \"x\"\nweight = true\n");
        assert!(doc.is_none());
        assert!(diags[0].starts_with("t.toml:2:10:"), "{diags:?}");
    }
}
