//! Reading the text: JSON or YAML into one JSON value, with the line and
//! column of a syntax error.

use std::path::Path;

use serde_json::{Map, Value};

use crate::error::{escape_token, Error, Location, Result};

/// Parses `text` as JSON when the file name ends in `.json` or the text
/// starts with `{`, as YAML otherwise.
pub(super) fn parse(path: &Path, text: &str) -> Result<Value> {
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        || text.trim_start().starts_with('{');
    if is_json {
        parse_json(path, text)
    } else {
        parse_yaml(path, text)
    }
}

fn parse_json(path: &Path, text: &str) -> Result<Value> {
    let mut de = serde_json::Deserializer::from_str(text);
    serde::de::DeserializeSeed::deserialize(json::Unique, &mut de)
        .and_then(|v| de.end().map(|()| v))
        .map_err(|e| {
            let location = Location {
                pointer: String::new(),
                line: Some(e.line() as u32),
                column: Some(e.column() as u32),
            };
            syntax_or_limit(path, location, &e.to_string())
        })
}

/// A parser's error: a syntax error, unless it is a nesting limit or a
/// duplicate key (which are not syntax).
fn syntax_or_limit(path: &Path, location: Location, message: &str) -> Error {
    let message = strip_position(message);
    let path = path.to_owned();
    if message.contains("recursion limit exceeded") {
        Error::Limit {
            path,
            location,
            message: format!(
                "the document nests more than {} levels deep",
                super::scan::MAX_DEPTH
            ),
        }
    } else if let Some(rule) = message.strip_prefix(json::DUPLICATE) {
        Error::Invalid {
            path,
            location,
            message: rule.to_owned(),
        }
    } else {
        Error::Syntax {
            path,
            location,
            message,
        }
    }
}

fn parse_yaml(path: &Path, text: &str) -> Result<Value> {
    super::scan::scan(path, text)?;
    let syntax = |e: serde_yaml::Error| {
        let mut message = e.to_string();
        let (line, column) = match forbidden_character(text) {
            // libyaml gives the offset of a control character, not its line.
            Some((at, c)) if message.contains("control characters are not allowed") => {
                message = format!(
                    "control character U+{:04X} is not allowed (YAML: a document holds only printable characters)",
                    c as u32
                );
                at
            }
            _ => e.location().map_or((None, None), |l| {
                (Some(l.line() as u32), Some(l.column() as u32))
            }),
        };
        let location = Location {
            pointer: String::new(),
            line,
            column,
        };
        syntax_or_limit(path, location, &message)
    };
    let mut yaml: serde_yaml::Value = serde_yaml::from_str(text).map_err(syntax)?;
    yaml.apply_merge().map_err(syntax)?;
    yaml_to_json(path, yaml, &mut String::new())
}

/// A line and a column, when known.
type LineColumn = (Option<u32>, Option<u32>);

/// The line and column of the first character YAML does not allow in a
/// document (C0 controls other than tab and newlines, DEL, C1 controls but
/// NEL, surrogates and U+FFFE/U+FFFF).
fn forbidden_character(text: &str) -> Option<(LineColumn, char)> {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{7e}' | '\u{85}')
            || ('\u{a0}'..='\u{fffd}').contains(&c)
            || c >= '\u{10000}'
    };
    let at = text.find(|c: char| !allowed(c))?;
    let c = text[at..].chars().next()?;
    let before = &text[..at];
    let line = before.matches('\n').count() as u32 + 1;
    let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count() as u32
        + 1;
    Some(((Some(line), Some(column)), c))
}

/// Drops the " at line X column Y" suffix parsers add: the location is reported apart.
fn strip_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

mod json {
    //! JSON into a [`Value`] as serde_json reads it, refusing duplicate keys
    //! (serde_json keeps the last one silently).

    use serde::de::{DeserializeSeed, Error as _, MapAccess, SeqAccess, Visitor};
    use serde_json::{Map, Value};
    use std::fmt;

    /// The start of the message of a duplicate key.
    pub(super) const DUPLICATE: &str = "duplicate:";

    /// Deserialises one value, refusing duplicate keys.
    pub(super) struct Unique;

    impl<'de> DeserializeSeed<'de> for Unique {
        type Value = Value;
        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
            d.deserialize_any(self)
        }
    }

    impl<'de> Visitor<'de> for Unique {
        type Value = Value;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a JSON value")
        }
        fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
            Ok(Value::Bool(b))
        }
        fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
            Ok(Value::from(n))
        }
        fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
            Ok(Value::from(n))
        }
        fn visit_f64<E>(self, n: f64) -> Result<Value, E> {
            Ok(serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number))
        }
        fn visit_str<E>(self, s: &str) -> Result<Value, E> {
            Ok(Value::String(s.to_owned()))
        }
        fn visit_string<E>(self, s: String) -> Result<Value, E> {
            Ok(Value::String(s))
        }
        fn visit_unit<E>(self) -> Result<Value, E> {
            Ok(Value::Null)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
            let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
            while let Some(v) = seq.next_element_seed(Unique)? {
                out.push(v);
            }
            Ok(Value::Array(out))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
            let mut out = Map::new();
            while let Some(key) = map.next_key::<String>()? {
                if out.contains_key(&key) {
                    return Err(A::Error::custom(format!(
                        "{DUPLICATE}duplicate key `{key}` (OpenAPI 3, Format: all field names in the specification are case sensitive and must be unique in their object)"
                    )));
                }
                let value = map.next_value_seed(Unique)?;
                out.insert(key, value);
            }
            Ok(Value::Object(out))
        }
    }
}

/// YAML to JSON: scalar keys become strings (`200:` is an integer key in YAML).
fn yaml_to_json(path: &Path, v: serde_yaml::Value, pointer: &mut String) -> Result<Value> {
    use serde_yaml::Value as Y;
    Ok(match v {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map_or(Value::Null, Value::Number)
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.into_iter().enumerate() {
                let len = pointer.len();
                pointer.push_str(&format!("/{i}"));
                out.push(yaml_to_json(path, item, pointer)?);
                pointer.truncate(len);
            }
            Value::Array(out)
        }
        Y::Mapping(map) => Value::Object(mapping_to_json(path, map, pointer)?),
        Y::Tagged(tagged) => yaml_to_json(path, tagged.value, pointer)?,
    })
}

/// A YAML mapping as a JSON object; a key that is not a scalar is an error
/// at `pointer`.
fn mapping_to_json(
    path: &Path,
    map: serde_yaml::Mapping,
    pointer: &mut String,
) -> Result<Map<String, Value>> {
    use serde_yaml::Value as Y;
    let mut out = Map::with_capacity(map.len());
    for (k, v) in map {
        let key = match k {
            Y::String(s) => s,
            Y::Number(n) => n.to_string(),
            Y::Bool(b) => b.to_string(),
            Y::Null => "null".to_owned(),
            other => {
                return Err(Error::Invalid {
                    path: path.to_owned(),
                    location: Location::pointer(pointer.clone()),
                    message: format!("mapping key must be a scalar, found {other:?}"),
                })
            }
        };
        let len = pointer.len();
        pointer.push('/');
        pointer.push_str(&escape_token(&key));
        let value = yaml_to_json(path, v, pointer)?;
        pointer.truncate(len);
        out.insert(key, value);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load_str;

    fn load(text: &str) -> Result<crate::load::Document> {
        load_str(Path::new("spec.yaml"), text)
    }

    #[test]
    fn yaml_syntax_error_has_line_and_column() {
        let err = load("openapi: 3.0.3\ninfo: [unclosed\n").unwrap_err();
        let Error::Syntax { location, .. } = &err else {
            panic!("expected a syntax error, got {err}")
        };
        assert!(
            location.line.is_some() && location.column.is_some(),
            "{err}"
        );
        assert!(err.to_string().starts_with("spec.yaml:"), "{err}");
    }

    #[test]
    fn json_syntax_error_has_line_and_column() {
        let err = load_str(
            Path::new("s.json"),
            "{\n  \"openapi\": \"3.0.3\",\n  oops\n}",
        )
        .unwrap_err();
        let Error::Syntax { location, .. } = &err else {
            panic!("expected a syntax error, got {err}")
        };
        assert_eq!(location.line, Some(3), "{err}");
    }

    #[test]
    fn integer_yaml_keys_become_strings() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        200: {description: ok}\n";
        let doc = load(text).unwrap();
        assert!(doc.raw.pointer("/paths/~1a/get/responses/200").is_some());
    }

    #[test]
    fn json_is_chosen_by_extension_or_first_brace() {
        let yaml_named = parse(Path::new("a.yaml"), " {\"a\": [1, 2]}").unwrap();
        assert_eq!(yaml_named, serde_json::json!({"a": [1, 2]}));
        // YAML merge keys are applied.
        let merged = parse(Path::new("a.yml"), "b: &x {c: 1}\nd:\n  <<: *x\n  e: 2\n").unwrap();
        assert_eq!(merged["d"], serde_json::json!({"c": 1, "e": 2}));
        let err = parse(Path::new("a.JSON"), "a: 1").unwrap_err();
        assert!(matches!(err, Error::Syntax { .. }), "{err}");
    }

    #[test]
    fn non_scalar_keys_are_refused_at_their_pointer() {
        let err = parse(Path::new("a.yaml"), "paths:\n  ? [a, b]\n  : 1\n").unwrap_err();
        assert!(matches!(err, Error::Invalid { .. }), "{err}");
        assert_eq!(err.pointer(), Some("/paths"), "{err}");
    }
}
