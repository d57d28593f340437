//! Helpers shared by the client tests (`tests/client_*.rs`): fixtures and
//! response bodies, request inspection, and (in [`prism`]) a Prism mock server
//! and a recording proxy.

// Each test crate uses its own subset of these helpers.
#![allow(dead_code)]

pub mod prism;
pub mod raw;

use std::path::PathBuf;

use serde_json::{json, Value};

/// A file of the repository, by path relative to its root.
pub fn repo_path(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// A JSON fixture from `tests/fixtures/`.
pub fn fixture(name: &str) -> Value {
    let path = repo_path(&format!("tests/fixtures/{name}"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parsing {}: {e}", path.display()))
}

/// The session of the LeanRails fixture, with `id` and `status` replaced.
pub fn leanrails_session(id: &str, status: &str) -> Value {
    let mut session = fixture("leanrails_list.json")["data"][0].clone();
    session["id"] = json!(id);
    session["status"] = json!(status);
    session
}

/// A LeanRails list page.
pub fn leanrails_page(data: Vec<Value>, has_more: bool, next_cursor: Option<&str>) -> Value {
    json!({
        "object": "list",
        "data": data,
        "has_more": has_more,
        "url": "/v1/checkout_sessions",
        "next_cursor": next_cursor,
    })
}

/// The session of the Yorlet fixture, with `id` replaced.
pub fn yorlet_session(id: &str) -> Value {
    let mut session = fixture("yorlet_list.json")["data"][0].clone();
    session["id"] = json!(id);
    session
}

/// The query of a request as sorted `(name, value)` pairs (decoded).
pub fn sorted_query(url: &reqwest::Url) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    pairs.sort();
    pairs
}

/// `[("a", "1"), ...]` as owned, sorted pairs, for comparison with [`sorted_query`].
pub fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = list
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    out.sort();
    out
}

/// The first place where `actual` and `expected` differ, as
/// `path: actual vs expected` (`None` when they are equal).
pub fn first_difference(actual: &Value, expected: &Value) -> Option<String> {
    fn walk(path: &str, a: &Value, b: &Value) -> Option<String> {
        match (a, b) {
            (Value::Object(x), Value::Object(y)) => {
                for (key, value) in y {
                    let here = format!("{path}.{key}");
                    match x.get(key) {
                        Some(other) => {
                            if let Some(d) = walk(&here, other, value) {
                                return Some(d);
                            }
                        }
                        None => return Some(format!("{here}: missing vs {value}")),
                    }
                }
                x.iter()
                    .find(|(key, _)| !y.contains_key(*key))
                    .map(|(key, value)| format!("{path}.{key}: {value} vs missing"))
            }
            (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
                .iter()
                .zip(y)
                .enumerate()
                .find_map(|(i, (a, b))| walk(&format!("{path}[{i}]"), a, b)),
            _ if a == b => None,
            _ => Some(format!("{path}: {a} vs {b}")),
        }
    }
    walk("$", actual, expected)
}
