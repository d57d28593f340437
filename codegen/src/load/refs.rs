//! `$ref`s: resolving a local reference, and the check that every `$ref` of
//! the document is local, resolves, and does not loop through bare `$ref`s.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde_json::Value;

use super::kind_of;
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

/// The final node of every `$ref` chain: the reference as written → the
/// reference of the first node on its chain that is not itself a `$ref`.
pub type RefTargets = HashMap<String, String>;

/// Every `$ref` must be a local JSON pointer that resolves, to a node of the
/// kind its place needs; chains of bare `$ref`s must end. Returns where
/// each chain ends, so that no later stage walks a chain twice.
/// Errors in schemas' own keywords are collected into `schema_errors`
/// rather than ending the walk.
pub(super) fn check_refs(
    path: &Path,
    raw: &Value,
    schema_errors: &mut Vec<Error>,
) -> Result<RefTargets> {
    let mut walk = Walk {
        path,
        root: raw,
        targets: HashMap::new(),
    };
    // An explicit stack: the walk does not recurse, whatever the depth.
    let mut stack: Vec<(&Value, String, Role)> = vec![(raw, String::new(), Role::Other)];
    while let Some((v, pointer, role)) = stack.pop() {
        match v {
            Value::Array(items) => {
                let item_role = role.item();
                for (i, item) in items.iter().enumerate().rev() {
                    stack.push((item, format!("{pointer}/{i}"), item_role));
                }
            }
            Value::Object(obj) => {
                match obj.get("$ref") {
                    Some(target) if role != Role::SchemaMap => {
                        walk.check_one_ref(target, &pointer, role)?;
                    }
                    None if role == Role::Schema => {
                        if let Err(e) = super::validate::check_schema(path, obj, &pointer) {
                            schema_errors.push(e);
                        }
                    }
                    _ => {}
                }
                for (k, child) in obj.iter().rev() {
                    if let Some(child_role) = role.child(k, child) {
                        stack.push((child, format!("{pointer}/{}", escape_token(k)), child_role));
                    }
                }
            }
            _ => {}
        }
    }
    Ok(walk.targets)
}

/// What a node is, as far as `$ref`s care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Any object of the OpenAPI structure.
    Other,
    /// A Schema Object (or a `$ref` in its place).
    Schema,
    /// A map whose values are schemas (`properties`, `components/schemas`).
    SchemaMap,
    /// A list whose items are schemas (`allOf`, `oneOf`, `anyOf`).
    SchemaList,
    /// A map of Example Objects.
    ExampleMap,
    /// An Example Object: its `value` is data.
    ExampleObject,
}

impl Role {
    /// The role of the items of an array in this role.
    fn item(self) -> Role {
        match self {
            Role::SchemaList | Role::Schema => Role::Schema,
            _ => Role::Other,
        }
    }

    /// The role of the entry `k: child` of an object in this role, or
    /// `None` when the entry is data (examples, defaults, extensions).
    fn child(self, k: &str, child: &Value) -> Option<Role> {
        if self == Role::SchemaMap {
            return Some(Role::Schema);
        }
        if self == Role::ExampleMap {
            return Some(Role::ExampleObject);
        }
        if k.starts_with("x-") || k == "example" {
            return None;
        }
        Some(match (self, k) {
            (Role::ExampleObject, "value") => return None,
            (Role::Schema, "default" | "enum" | "const" | "examples") => return None,
            (Role::Schema, "properties" | "patternProperties" | "$defs" | "definitions") => {
                Role::SchemaMap
            }
            (Role::Schema, "allOf" | "oneOf" | "anyOf" | "prefixItems") => Role::SchemaList,
            (Role::Schema, "items" | "not" | "additionalProperties" | "contains") => Role::Schema,
            (_, "schema") => Role::Schema,
            (_, "schemas") => Role::SchemaMap,
            // 3.1 schema `examples: [..]` is data; elsewhere a map of examples.
            (_, "examples") if child.is_object() => Role::ExampleMap,
            (_, "examples") => return None,
            _ => Role::Other,
        })
    }
}

struct Walk<'a> {
    path: &'a Path,
    root: &'a Value,
    targets: RefTargets,
}

/// The rule every `$ref` follows, quoted in messages.
const REF_RULE: &str = "OpenAPI 3, Reference Object: $ref is a URI reference; here, `#` followed by a JSON pointer (RFC 6901) to a node of this document";

impl Walk<'_> {
    fn invalid(&self, pointer: &str, message: String) -> Error {
        Error::Invalid {
            path: self.path.to_owned(),
            location: Location::pointer(format!("{pointer}/$ref")),
            message,
        }
    }

    fn check_one_ref(&mut self, target: &Value, pointer: &str, role: Role) -> Result<()> {
        let Value::String(target) = target else {
            return Err(self.invalid(
                pointer,
                format!(
                    "`$ref` must be a string, found {} ({REF_RULE})",
                    kind_of(target)
                ),
            ));
        };
        self.check_syntax(target, pointer)?;
        let end = self.follow(target, pointer)?;
        if role == Role::Schema {
            if let Some(kind) = non_schema_kind(&end) {
                return Err(self.invalid(
                    pointer,
                    format!(
                        "schema `$ref` `{target}` names {kind}, not a Schema Object (OpenAPI 3, Reference Object: a reference stands in for an object of the type its place requires; a schema's $ref names a Schema Object)"
                    ),
                ));
            }
        }
        Ok(())
    }

    /// The form of a reference: local, not empty, not the root, valid escapes.
    fn check_syntax(&self, target: &str, pointer: &str) -> Result<()> {
        if target.is_empty() {
            return Err(self.invalid(
                pointer,
                format!("empty `$ref`: it names the whole document, not a component ({REF_RULE})"),
            ));
        }
        if !target.starts_with('#') {
            return Err(Error::Unsupported {
                path: self.path.to_owned(),
                location: Location::pointer(format!("{pointer}/$ref")),
                message: format!(
                    "external $ref `{target}`: bundle the document into one file first"
                ),
            });
        }
        if target == "#" || target == "#/" {
            return Err(self.invalid(
                pointer,
                format!("`$ref` `{target}` points at the document root, an OpenAPI Object, which no reference may name ({REF_RULE})"),
            ));
        }
        let decoded = percent_decode(&target[1..]);
        if let Some(bad) = bad_escape(&decoded) {
            return Err(self.invalid(
                pointer,
                format!("`$ref` `{target}` has the invalid escape `{bad}` (RFC 6901, JSON Pointer: `~` is followed by 0 or 1, as in ~0 for `~` and ~1 for `/`)"),
            ));
        }
        Ok(())
    }

    /// Follows the chain from `target` to a node that is not a bare `$ref`,
    /// and remembers the end for every reference on the way.
    fn follow(&mut self, target: &str, pointer: &str) -> Result<String> {
        if let Some(end) = self.targets.get(target) {
            return Ok(end.clone());
        }
        let mut chain: Vec<String> = Vec::new();
        let mut on_chain = HashSet::new();
        let mut current = target.to_owned();
        let end = loop {
            if let Some(end) = self.targets.get(&current) {
                break end.clone();
            }
            if !on_chain.insert(current.clone()) {
                chain.push(current);
                return Err(Error::RefCycle {
                    path: self.path.to_owned(),
                    location: Location::pointer(pointer.to_owned()),
                    chain: chain.join(" -> "),
                });
            }
            chain.push(current.clone());
            let Some(node) = resolve_pointer(self.root, &current) else {
                return Err(self.dangling(target, &current, pointer));
            };
            match node.get("$ref").and_then(Value::as_str) {
                Some(next) if next.starts_with('#') => {
                    self.check_syntax(next, pointer)?;
                    current = next.to_owned();
                }
                _ => break current,
            }
        };
        for r in chain {
            self.targets.insert(r, end.clone());
        }
        Ok(end)
    }

    fn dangling(&self, target: &str, current: &str, pointer: &str) -> Error {
        let message = if current == target {
            "no such node in the document".to_owned()
        } else {
            format!("it leads to `{current}`, which does not exist")
        };
        Error::DanglingRef {
            path: self.path.to_owned(),
            location: Location::pointer(format!("{pointer}/$ref")),
            target: target.to_owned(),
            message,
        }
    }
}

/// The first `~` not followed by `0` or `1`, with what follows it.
fn bad_escape(pointer: &str) -> Option<String> {
    let bytes = pointer.as_bytes();
    let i = (0..bytes.len())
        .find(|&i| bytes[i] == b'~' && !matches!(bytes.get(i + 1), Some(b'0' | b'1')))?;
    Some(pointer[i..].chars().take(2).collect())
}

/// The kind of object a reference to `reference` names, when it is known
/// not to be a schema.
fn non_schema_kind(reference: &str) -> Option<&'static str> {
    let decoded = percent_decode(reference.strip_prefix('#')?);
    let tokens: Vec<&str> = decoded.split('/').skip(1).collect();
    const METHODS: [&str; 8] = [
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    Some(match tokens.as_slice() {
        [] => "the OpenAPI Object",
        ["paths", _] => "a Path Item Object",
        ["paths", _, m] if METHODS.contains(m) => "an Operation Object",
        ["paths", _, m, "responses", _] if METHODS.contains(m) => "a Response Object",
        ["paths", _, m, "requestBody"] if METHODS.contains(m) => "a Request Body Object",
        ["paths", _, "parameters", _] => "a Parameter Object",
        ["paths", _, m, "parameters", _] if METHODS.contains(m) => "a Parameter Object",
        ["components", kind, _] => match *kind {
            "responses" => "a Response Object",
            "parameters" => "a Parameter Object",
            "examples" => "an Example Object",
            "requestBodies" => "a Request Body Object",
            "headers" => "a Header Object",
            "securitySchemes" => "a Security Scheme Object",
            "links" => "a Link Object",
            "callbacks" => "a Callback Object",
            "pathItems" => "a Path Item Object",
            _ => return None,
        },
        ["info", ..] => "the Info Object",
        ["servers", ..] => "a Server Object",
        ["tags", ..] => "a Tag Object",
        ["security", ..] => "a Security Requirement Object",
        _ => return None,
    })
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
