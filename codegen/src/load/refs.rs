//! `$ref`s: resolving a local reference, and the check that every `$ref` of
//! the document is local, resolves, and does not loop through bare `$ref`s.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

use crate::error::{escape_token, Error, Location, Result};

/// Resolves a local reference (`#/components/schemas/Pet`) in `raw`.
pub fn resolve_pointer<'a>(raw: &'a Value, reference: &str) -> Option<&'a Value> {
    let pointer = reference.strip_prefix('#')?;
    let decoded = percent_decode(pointer);
    raw.pointer(&decoded)
}

fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_owned();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && bytes[i + 1].is_ascii_hexdigit()
            && bytes[i + 2].is_ascii_hexdigit()
        {
            let hex = |b: u8| (b as char).to_digit(16).unwrap_or(0) as u8;
            out.push(hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]));
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Every `$ref` must be local and resolve; chains of bare `$ref`s must end.
pub(super) fn check_refs(path: &Path, raw: &Value) -> Result<()> {
    let mut pointer = String::new();
    walk_refs_in(path, raw, raw, &mut pointer, "")
}

/// `parent` is the key under which `v` sits: under `properties` every key is
/// a property name; elsewhere `example`, `examples` values and extensions
/// hold free-form data whose `$ref` keys are not references.
fn walk_refs_in(
    path: &Path,
    root: &Value,
    v: &Value,
    pointer: &mut String,
    parent: &str,
) -> Result<()> {
    match v {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = pointer.len();
                pointer.push_str(&format!("/{i}"));
                walk_refs_in(path, root, item, pointer, "")?;
                pointer.truncate(len);
            }
        }
        Value::Object(obj) => {
            if parent != "properties" {
                if let Some(Value::String(target)) = obj.get("$ref") {
                    check_one_ref(path, root, target, pointer)?;
                }
            }
            for (k, child) in obj {
                let Some(child_parent) = child_role(parent, k, child) else {
                    continue;
                };
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&escape_token(k));
                walk_refs_in(path, root, child, pointer, child_parent)?;
                pointer.truncate(len);
            }
        }
        _ => {}
    }
    Ok(())
}

/// The `parent` to walk the entry `k: child` of an object under `parent`
/// with, or `None` when the entry is data, not to be walked.
fn child_role<'k>(parent: &str, k: &'k str, child: &Value) -> Option<&'k str> {
    let data = match parent {
        "properties" => false,
        // An Example object: its `value` is data.
        "example-object" => k == "value",
        _ => k == "example" || k.starts_with("x-"),
    };
    if data {
        return None;
    }
    // Entries of an `examples` map are Example objects (or refs).
    if parent == "examples" && k != "$ref" {
        Some("example-object")
    } else if k == "examples" && parent != "properties" {
        // 3.1 schema `examples: [..]` is data.
        child.is_object().then_some("examples")
    } else {
        Some(k)
    }
}

fn check_one_ref(path: &Path, root: &Value, target: &str, pointer: &str) -> Result<()> {
    let dangling = |message: &str| Error::DanglingRef {
        path: path.to_owned(),
        location: Location::pointer(format!("{pointer}/$ref")),
        target: target.to_owned(),
        message: message.to_owned(),
    };
    if !target.starts_with('#') {
        return Err(Error::Unsupported {
            path: path.to_owned(),
            location: Location::pointer(format!("{pointer}/$ref")),
            message: format!("external $ref `{target}`: bundle the document into one file first"),
        });
    }
    let mut seen = BTreeSet::new();
    let mut current = target.to_owned();
    let mut chain = vec![current.clone()];
    loop {
        if !seen.insert(current.clone()) {
            return Err(Error::RefCycle {
                path: path.to_owned(),
                location: Location::pointer(pointer.to_owned()),
                chain: chain.join(" -> "),
            });
        }
        let Some(node) = resolve_pointer(root, &current) else {
            return Err(if current == target {
                dangling("no such node in the document")
            } else {
                dangling(&format!("it leads to `{current}`, which does not exist"))
            });
        };
        match node.get("$ref").and_then(Value::as_str) {
            Some(next) if next.starts_with('#') => {
                current = next.to_owned();
                chain.push(current.clone());
            }
            _ => return Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{load_str, Document};

    fn load(text: &str) -> Result<Document> {
        load_str(Path::new("spec.yaml"), text)
    }

    const MINIMAL: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n";

    #[test]
    fn dangling_ref_names_its_pointer() {
        let text = format!(
            "{MINIMAL}components:\n  schemas:\n    A:\n      type: object\n      properties:\n        b: {{$ref: '#/components/schemas/Missing'}}\n"
        );
        let err = load(&text).unwrap_err();
        assert_eq!(
            err.pointer(),
            Some("/components/schemas/A/properties/b/$ref"),
            "{err}"
        );
        assert!(err.to_string().contains("#/components/schemas/Missing"));
    }

    #[test]
    fn bare_ref_cycle_is_refused() {
        let text = format!(
            "{MINIMAL}components:\n  schemas:\n    A: {{$ref: '#/components/schemas/B'}}\n    B: {{$ref: '#/components/schemas/A'}}\n"
        );
        let err = load(&text).unwrap_err();
        assert!(matches!(err, Error::RefCycle { .. }), "{err}");
    }

    #[test]
    fn a_chain_to_nowhere_names_the_missing_link() {
        let text = format!(
            "{MINIMAL}components:\n  schemas:\n    A: {{$ref: '#/components/schemas/B'}}\n    B: {{$ref: '#/components/schemas/C'}}\n"
        );
        let err = load(&text).unwrap_err();
        assert!(matches!(err, Error::DanglingRef { .. }), "{err}");
        assert!(
            err.to_string()
                .contains("it leads to `#/components/schemas/C`, which does not exist"),
            "{err}"
        );
    }

    #[test]
    fn percent_escapes_in_refs() {
        assert_eq!(percent_decode("/a%20b/%7Bid%7D"), "/a b/{id}");
        // Not an escape: left alone, and no panic on multi-byte text.
        assert_eq!(percent_decode("%é1%zz%4"), "%é1%zz%4");
        let raw = serde_json::json!({"paths": {"/a/{id}": {"get": 1}}});
        assert_eq!(
            resolve_pointer(&raw, "#/paths/~1a~1%7Bid%7D/get"),
            Some(&serde_json::json!(1))
        );
        assert_eq!(resolve_pointer(&raw, "/paths"), None);
    }

    #[test]
    fn refs_inside_example_data_are_not_references() {
        let text = format!(
            "{MINIMAL}components:\n  examples:\n    e:\n      value: {{$ref: 'other-file.yaml'}}\n  schemas:\n    A:\n      type: object\n      example: {{$ref: nowhere}}\n      properties:\n        example: {{$ref: '#/components/schemas/B'}}\n    B: {{type: string}}\n"
        );
        load(&text).unwrap();
        // A property named `example` is still checked.
        let bad = text.replace("#/components/schemas/B'", "#/components/schemas/C'");
        assert!(matches!(load(&bad).unwrap_err(), Error::DanglingRef { .. }));
    }
}
