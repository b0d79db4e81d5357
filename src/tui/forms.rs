//! A form's fields become an event through the same JSON form `procboard meeting <DIR> record`
//! reads, so the library's own parsing and checks apply.

use serde_json::{Map, Value};

use super::app::{FieldKind, Form};
use crate::record::event::Event;

/// The event a form describes, through the same JSON form `meeting record` reads.
pub fn form_event(f: &Form) -> Result<Event, String> {
    let mut obj = Map::new();
    obj.insert("type".into(), Value::String(f.event.into()));
    for field in &f.fields {
        let v = field.value();
        let value = match field.kind {
            FieldKind::Text => Value::String(v),
            FieldKind::Required if v.trim().is_empty() => {
                return Err(format!("{}: write it; nothing else gives it", field.label));
            }
            FieldKind::Required => Value::String(v),
            FieldKind::Optional if v.is_empty() => continue,
            FieldKind::Optional => Value::String(v),
            FieldKind::Number => {
                let d: rust_decimal::Decimal = v
                    .parse()
                    .map_err(|_| format!("{}: `{v}` is not a number", field.label))?;
                Value::String(d.to_string())
            }
            FieldKind::Bool => match v.to_lowercase().as_str() {
                "yes" | "y" | "true" => Value::Bool(true),
                "no" | "n" | "false" | "" => Value::Bool(false),
                _ => return Err(format!("{}: write yes or no", field.label)),
            },
            FieldKind::Scope => {
                let mut parts = v.split_whitespace();
                match (parts.next(), parts.next(), parts.next()) {
                    (Some(k @ ("item" | "tender")), Some(id), None) => {
                        let mut m = Map::new();
                        m.insert(k.into(), Value::String(id.into()));
                        Value::Object(m)
                    }
                    _ => {
                        return Err(format!(
                            "{}: write `item <id>` or `tender <id>`",
                            field.label
                        ));
                    }
                }
            }
            FieldKind::PointOfOrder => {
                match v.to_lowercase().as_str() {
                    "yes" | "y" => {
                        obj.insert("type".into(), Value::String("point_of_order".into()));
                    }
                    "no" | "n" | "" => {}
                    _ => return Err(format!("{}: write yes or no", field.label)),
                }
                continue;
            }
            FieldKind::Vote => parse_vote(&v).map_err(|e| format!("{}: {e}", field.label))?,
            FieldKind::List => Value::Array(
                v.split([' ', ','])
                    .filter(|w| !w.is_empty())
                    .map(|w| Value::String(w.into()))
                    .collect(),
            ),
        };
        obj.insert(field.key.into(), value);
    }
    serde_json::from_value(Value::Object(obj)).map_err(|e| e.to_string())
}

fn parse_vote(v: &str) -> Result<Value, String> {
    let words: Vec<&str> = v.split_whitespace().collect();
    match words.as_slice() {
        [w @ ("yes" | "no" | "abstain")] => Ok(Value::String((*w).into())),
        ["split", rest @ ..] if rest.len() % 2 == 0 && !rest.is_empty() => {
            let mut m = Map::new();
            for pair in rest.chunks(2) {
                // `chunks(2)` of an even-length slice: every chunk has two words.
                let (k, n) = (pair[0], pair[1]);
                if !matches!(k, "yes" | "no" | "abstain")
                    || n.parse::<rust_decimal::Decimal>().is_err()
                {
                    return Err(format!(
                        "`{k} {n}`: write yes/no/abstain followed by a weight"
                    ));
                }
                m.insert(k.into(), Value::String(n.into()));
            }
            Ok(Value::Object(m))
        }
        _ => Err("write yes, no, abstain, or split yes 2 no 1 abstain 0".into()),
    }
}
