//! Old generated code: the query and header helpers that generated clients
//! called before the wire encoder ([`crate::Style`]). Kept, with their
//! behaviour, until every client is regenerated; new code calls
//! [`Request::query_param`](crate::Request::query_param),
//! [`encode_path_param`](crate::encode_path_param),
//! [`encode_header_value`](crate::encode_header_value) and
//! [`Request::cookie`](crate::Request::cookie).
//!
//! `query_pairs` returns unencoded pairs that the caller passes to
//! [`Request::query`](crate::Request::query), which encodes delimiters and
//! brackets too (`tags=a%2Cb`).

use serde::Serialize;
use serde_json::Value;

// Old generated code.
#[doc(hidden)]
/// Query serialisation styles for non-scalar parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `form`, `explode: true`: `a=1&a=2`, object properties as their own pairs.
    FormExplode,
    /// `form`, `explode: false`: `a=1,2`, objects as `a=k,v,k2,v2`.
    Form,
    /// `spaceDelimited`: `a=1 2`.
    SpaceDelimited,
    /// `pipeDelimited`: `a=1|2`.
    PipeDelimited,
    /// `deepObject`: `a[k]=v`.
    DeepObject,
}

/// A JSON scalar as parameter text (`true`, `3`, `text`); compound values as JSON.
fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

// Old generated code.
#[doc(hidden)]
/// The query pairs for a non-scalar parameter value, per OpenAPI style.
pub fn query_pairs<T: Serialize + ?Sized>(
    name: &str,
    value: &T,
    style: Style,
) -> Vec<(String, String)> {
    let value = serde_json::to_value(value).unwrap_or(Value::Null);
    let joined =
        |items: &[Value], sep: &str| items.iter().map(scalar_text).collect::<Vec<_>>().join(sep);
    match (&value, style) {
        (Value::Null, _) => Vec::new(),
        (Value::Array(items), Style::FormExplode) => items
            .iter()
            .map(|v| (name.to_owned(), scalar_text(v)))
            .collect(),
        (Value::Array(items), Style::Form | Style::DeepObject) => {
            vec![(name.to_owned(), joined(items, ","))]
        }
        (Value::Array(items), Style::SpaceDelimited) => vec![(name.to_owned(), joined(items, " "))],
        (Value::Array(items), Style::PipeDelimited) => vec![(name.to_owned(), joined(items, "|"))],
        (Value::Object(map), Style::DeepObject) => {
            let mut out = Vec::new();
            deep_pairs(name, &value_map(map), &mut out);
            out
        }
        (Value::Object(map), Style::FormExplode) => map
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| (k.clone(), scalar_text(v)))
            .collect(),
        (Value::Object(map), _) => {
            let flat: Vec<String> = map
                .iter()
                .filter(|(_, v)| !v.is_null())
                .flat_map(|(k, v)| [k.clone(), scalar_text(v)])
                .collect();
            vec![(name.to_owned(), flat.join(","))]
        }
        (scalar, _) => vec![(name.to_owned(), scalar_text(scalar))],
    }
}

fn value_map(map: &serde_json::Map<String, Value>) -> Vec<(&String, &Value)> {
    map.iter().filter(|(_, v)| !v.is_null()).collect()
}

fn deep_pairs(prefix: &str, entries: &[(&String, &Value)], out: &mut Vec<(String, String)>) {
    for (k, v) in entries {
        let key = format!("{prefix}[{k}]");
        match v {
            Value::Object(inner) => deep_pairs(&key, &value_map(inner), out),
            Value::Array(items) => {
                for item in items {
                    out.push((format!("{key}[]"), scalar_text(item)));
                }
            }
            other => out.push((key, scalar_text(other))),
        }
    }
}

// Old generated code.
#[doc(hidden)]
/// A header or cookie value for a non-scalar parameter (`simple` style).
pub fn simple_value<T: Serialize + ?Sized>(value: &T) -> String {
    match serde_json::to_value(value).unwrap_or(Value::Null) {
        Value::Array(items) => items.iter().map(scalar_text).collect::<Vec<_>>().join(","),
        Value::Object(map) => map
            .iter()
            .filter(|(_, v)| !v.is_null())
            .flat_map(|(k, v)| [k.clone(), scalar_text(v)])
            .collect::<Vec<_>>()
            .join(","),
        other => scalar_text(&other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_styles() {
        let v = vec!["a", "b"];
        assert_eq!(
            query_pairs("t", &v, Style::FormExplode),
            [
                ("t".to_owned(), "a".to_owned()),
                ("t".to_owned(), "b".to_owned())
            ]
        );
        assert_eq!(
            query_pairs("t", &v, Style::Form),
            [("t".to_owned(), "a,b".to_owned())]
        );
        assert_eq!(
            query_pairs("t", &v, Style::PipeDelimited),
            [("t".to_owned(), "a|b".to_owned())]
        );
        let obj = serde_json::json!({"a": 1, "b": {"c": "x"}, "n": null});
        assert_eq!(
            query_pairs("f", &obj, Style::DeepObject),
            [
                ("f[a]".to_owned(), "1".to_owned()),
                ("f[b][c]".to_owned(), "x".to_owned())
            ]
        );
    }
}
