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
    serde_json::from_str(text).map_err(|e| Error::Syntax {
        path: path.to_owned(),
        location: Location {
            pointer: String::new(),
            line: Some(e.line() as u32),
            column: Some(e.column() as u32),
        },
        message: strip_position(&e.to_string()),
    })
}

fn parse_yaml(path: &Path, text: &str) -> Result<Value> {
    let syntax = |e: serde_yaml::Error| {
        let (line, column) = e.location().map_or((None, None), |l| {
            (Some(l.line() as u32), Some(l.column() as u32))
        });
        Error::Syntax {
            path: path.to_owned(),
            location: Location {
                pointer: String::new(),
                line,
                column,
            },
            message: strip_position(&e.to_string()),
        }
    };
    let mut yaml: serde_yaml::Value = serde_yaml::from_str(text).map_err(syntax)?;
    yaml.apply_merge().map_err(syntax)?;
    yaml_to_json(path, yaml, &mut String::new())
}

/// Drops the " at line X column Y" suffix parsers add: the location is reported apart.
fn strip_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
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
