//! Request bodies a validating mock server does not check. Prism hands a
//! body's schema to its JSON Schema validator (ajv), and when ajv refuses
//! to compile it, Prism takes the failed compile for a body without
//! errors. Two causes are known:
//!
//! - `nullable` without `type` (once `allOf` is merged): Prism turns
//!   `nullable` into a `null` type only beside a `type`, and ajv refuses
//!   the rest ("`nullable` cannot be used without `type`");
//! - a `pattern` that is not a JavaScript regular expression in unicode
//!   mode, which ajv compiles patterns in (an identity escape such as
//!   `\_`, `\:` or `\@`, which the `u` flag does not allow).
//!
//! Such an operation's bodies are never refused, so a check that sends it
//! a body its schema refuses cannot get the 4xx.

use serde_json::Value;

use super::Synth;

/// How many schemas the walk visits at most.
const MAX_VISITS: usize = 10_000;

/// Why Prism does not validate the JSON request body of the operation
/// `method path`: the first schema in it (document order) with `nullable`
/// and no `type` (and no `allOf` that could give it one), or with a
/// `pattern` that is not a JavaScript regular expression in unicode mode,
/// and its JSON pointer. `None` when there is none, or no JSON body.
pub fn unvalidated_body(raw: &Value, method: &str, path: &str) -> Option<String> {
    let synth = Synth::new(raw);
    let op = super::operation_pointer(method, path);
    let body = synth.at(&format!("{op}/requestBody"))?;
    let content = body.get("content")?.as_object()?;
    let (media, json) = content
        .iter()
        .find(|(media, _)| super::served::is_json_media(media))?;
    let media = super::escape_token(media);
    let start = format!("{op}/requestBody/content/{media}/schema");
    let mut stack: Vec<(String, &Value)> = vec![(start, json.get("schema")?)];
    let mut visited: Vec<String> = Vec::new();
    let mut visits = 0;
    while let Some((mut at, mut node)) = stack.pop() {
        visits += 1;
        if visits > MAX_VISITS {
            return None;
        }
        // Follow `$ref`s, each target once.
        while let Some(Value::String(r)) = node.get("$ref") {
            if visited.contains(r) {
                break;
            }
            visited.push(r.clone());
            let Some(target) = r.strip_prefix('#').and_then(|p| synth.raw.pointer(p)) else {
                break;
            };
            at.clone_from(r);
            node = target;
        }
        let Value::Object(s) = node else { continue };
        if s.contains_key("$ref") {
            continue;
        }
        if s.contains_key("nullable") && !s.contains_key("type") && !s.contains_key("allOf") {
            return Some(format!("`nullable` without `type` at {at}"));
        }
        if let Some(Value::String(p)) = s.get("pattern") {
            if let Some(escape) = unicode_mode_error(p) {
                return Some(format!(
                    "the pattern `{p}` at {at}, which is not a JavaScript regular expression in unicode mode (`{escape}`)"
                ));
            }
        }
        // Children, pushed in reverse so that document order pops first.
        let mut children: Vec<(String, &Value)> = Vec::new();
        for key in ["properties", "patternProperties"] {
            if let Some(Value::Object(props)) = s.get(key) {
                for (name, p) in props {
                    children.push((format!("{at}/{key}/{}", super::escape_token(name)), p));
                }
            }
        }
        for key in ["items", "additionalProperties", "not"] {
            if let Some(v @ Value::Object(_)) = s.get(key) {
                children.push((format!("{at}/{key}"), v));
            }
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            if let Some(Value::Array(members)) = s.get(key) {
                for (i, m) in members.iter().enumerate() {
                    children.push((format!("{at}/{key}/{i}"), m));
                }
            }
        }
        stack.extend(children.into_iter().rev());
    }
    None
}

/// The first escape of `pattern` that a JavaScript regular expression
/// with the `u` flag refuses: in unicode mode a backslash may only precede
/// a syntax character (`^$\.*+?()[]{}|/`), `-` inside a class, or one of
/// the letters and digits that make an escape (`\d`, `\u{..}`, `\p{L}`, ...).
fn unicode_mode_error(pattern: &str) -> Option<String> {
    let mut chars = pattern.chars();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let e = chars.next()?;
                let fine = "^$\\.*+?()[]{}|/".contains(e)
                    || (e == '-' && in_class)
                    || "dDwWsSbBnrtfv0cxupPk123456789".contains(e);
                if !fine {
                    return Some(format!("\\{e}"));
                }
            }
            '[' => in_class = true,
            ']' => in_class = false,
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{unicode_mode_error, unvalidated_body};

    fn untyped_nullable(doc: &serde_json::Value, method: &str, path: &str) -> Option<String> {
        let why = unvalidated_body(doc, method, path)?;
        let at = why.strip_prefix("`nullable` without `type` at ")?;
        Some(at.to_owned())
    }

    /// The shapes measured against Prism 5.16.0 (CONFORMANCE.md, defect 6):
    /// `with`, `deep`, `plain`, `notnull` and `inref` bodies are never
    /// refused; `typed` and `allof` ones are.
    fn spec() -> serde_json::Value {
        let body = |props: serde_json::Value| {
            json!({"post": {
                "requestBody": {"content": {"application/json; charset=utf-8": {"schema": {
                    "type": "object", "required": ["a"],
                    "properties": props
                }}}},
                "responses": {"201": {"description": "ok"}}
            }})
        };
        json!({
            "paths": {
                "/with": body(json!({"a": {"type": "string"}, "b": {"nullable": true, "oneOf": [{"type": "string"}, {"type": "integer"}]}})),
                "/deep": body(json!({"c": {"type": "object", "properties": {"b": {"nullable": true, "anyOf": [{"type": "string"}]}}}})),
                "/plain": body(json!({"b": {"nullable": true}})),
                "/notnull": body(json!({"b": {"nullable": false, "oneOf": [{"type": "string"}]}})),
                "/inref": body(json!({"x": {"$ref": "#/components/schemas/Y"}})),
                "/typed": body(json!({"b": {"type": "string", "nullable": true}})),
                "/allof": body(json!({"b": {"nullable": true, "allOf": [{"$ref": "#/components/schemas/X"}]}})),
                "/loop": body(json!({"n": {"$ref": "#/components/schemas/Node"}})),
                "/get": {"get": {"responses": {"200": {"description": "ok"}}}}
            },
            "components": {"schemas": {
                "X": {"type": "object", "properties": {"n": {"type": "string"}}},
                "Y": {"type": "object", "properties": {"n": {"nullable": true, "description": "any"}}},
                "Node": {"type": "object", "properties": {"next": {"$ref": "#/components/schemas/Node"}}}
            }}
        })
    }

    #[test]
    fn a_nullable_without_a_type_anywhere_in_the_body_is_found() {
        let doc = spec();
        let at = |path: &str| untyped_nullable(&doc, "POST", path);
        let content =
            "#/paths/~1with/post/requestBody/content/application~1json; charset=utf-8/schema";
        assert_eq!(at("/with"), Some(format!("{content}/properties/b")));
        assert!(at("/deep").unwrap().ends_with("/properties/c/properties/b"));
        assert!(at("/plain").is_some());
        assert!(at("/notnull").is_some());
        assert_eq!(
            at("/inref").as_deref(),
            Some("#/components/schemas/Y/properties/n")
        );
    }

    #[test]
    fn typed_nullables_allof_wrappers_and_bodiless_operations_are_validated() {
        let doc = spec();
        assert_eq!(untyped_nullable(&doc, "POST", "/typed"), None);
        assert_eq!(untyped_nullable(&doc, "POST", "/allof"), None);
        assert_eq!(untyped_nullable(&doc, "POST", "/loop"), None);
        assert_eq!(untyped_nullable(&doc, "GET", "/get"), None);
        assert_eq!(untyped_nullable(&doc, "POST", "/missing"), None);
    }

    #[test]
    fn a_pattern_javascript_refuses_in_unicode_mode_is_found() {
        // Measured with node's `new RegExp(p, "u")` (which ajv uses).
        for bad in [r"^[A-Z\_]+$", r"\:", r"a\@b", r"\ ", r"\-x"] {
            assert!(unicode_mode_error(bad).is_some(), "{bad}");
        }
        for fine in [
            r"^[A-Z\-]+$",
            r"[\-a]",
            r"^a\/b$",
            r"\d\w\s\.",
            r"\p{L}",
            r"\u00e9",
            "^[a-z]+$",
        ] {
            assert_eq!(unicode_mode_error(fine), None, "{fine}");
        }
        let doc = json!({
            "paths": {"/recipes": {"post": {
                "requestBody": {"content": {"application/json": {"schema": {
                    "type": "object",
                    "properties": {"op": {"type": "string", "pattern": "^[A-Z\\_]+$"}}
                }}}},
                "responses": {"201": {"description": "ok"}}
            }}}
        });
        let why = unvalidated_body(&doc, "POST", "/recipes").expect("found");
        assert!(why.contains("`^[A-Z\\_]+$`"), "{why}");
        assert!(why.contains("/properties/op"), "{why}");
    }
}
