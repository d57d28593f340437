//! Rewriting the document into the shape openapiv3 reads: OpenAPI 3.1 (JSON
//! Schema 2020-12) constructs into their 3.0 form, and callbacks dropped.

use serde_json::{Map, Value};

/// Callbacks describe requests the server makes, which a client does not
/// send; openapiv3 cannot read `$ref`s among them, so they are dropped.
pub(super) fn strip_callbacks(raw: &mut Value) {
    if let Some(paths) = raw.get_mut("paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut() {
            if let Some(item) = item.as_object_mut() {
                for op in item.values_mut() {
                    if let Some(op) = op.as_object_mut() {
                        op.remove("callbacks");
                    }
                }
            }
        }
    }
    if let Some(components) = raw.get_mut("components").and_then(Value::as_object_mut) {
        components.remove("callbacks");
    }
}

/// Rewrites OpenAPI 3.1 (JSON Schema 2020-12) constructs into their 3.0 form.
pub(super) fn normalise_31(raw: &mut Value) {
    if let Some(obj) = raw.as_object_mut() {
        obj.insert("openapi".into(), Value::String("3.0.3".into()));
        obj.entry("paths")
            .or_insert_with(|| Value::Object(Map::new()));
    }
    normalise_in(raw, "");
}

/// `parent` is the key `v` sits under: a `properties` map holds property
/// names, not schema keywords, so it is not rewritten itself.
fn normalise_in(v: &mut Value, parent: &str) {
    match v {
        Value::Array(items) => items.iter_mut().for_each(|i| normalise_in(i, "")),
        Value::Object(obj) => {
            for (k, child) in obj.iter_mut() {
                let key = if parent == "properties" {
                    ""
                } else {
                    k.as_str()
                };
                normalise_in(child, key);
            }
            if parent != "properties" {
                normalise_schema_keywords(obj);
            }
        }
        _ => {}
    }
}

/// The 3.1 keywords of one object, rewritten in this order.
fn normalise_schema_keywords(obj: &mut Map<String, Value>) {
    boolean_schemas(obj);
    type_arrays(obj);
    null_type(obj);
    single_values(obj);
    exclusive_bounds(obj);
    null_alternatives(obj);
}

/// A JSON Schema boolean schema as an object: `true` → `{}`, `false` → `{not: {}}`.
fn boolean_schema(b: bool) -> Value {
    let mut m = Map::new();
    if !b {
        m.insert("not".into(), Value::Object(Map::new()));
    }
    Value::Object(m)
}

/// Boolean schemas where 3.0 expects schema objects.
fn boolean_schemas(obj: &mut Map<String, Value>) {
    if let Some(Value::Object(props)) = obj.get_mut("properties") {
        for v in props.values_mut() {
            if let Value::Bool(b) = v {
                *v = boolean_schema(*b);
            }
        }
    }
    for key in ["items", "not"] {
        if let Some(v @ Value::Bool(_)) = obj.get_mut(key) {
            let b = v.as_bool().unwrap_or(true);
            *v = boolean_schema(b);
        }
    }
    for key in ["allOf", "oneOf", "anyOf", "prefixItems"] {
        if let Some(Value::Array(members)) = obj.get_mut(key) {
            for m in members.iter_mut() {
                if let Value::Bool(b) = m {
                    *m = boolean_schema(*b);
                }
            }
        }
    }
}

/// `type: [T, "null"]` → `type: T, nullable: true`; several types → anyOf.
fn type_arrays(obj: &mut Map<String, Value>) {
    let Some(Value::Array(types)) = obj.get("type").cloned() else {
        return;
    };
    let non_null: Vec<Value> = types
        .iter()
        .filter(|t| t.as_str() != Some("null"))
        .cloned()
        .collect();
    if non_null.len() != types.len() {
        obj.insert("nullable".into(), Value::Bool(true));
    }
    match non_null.len() {
        0 => {
            obj.remove("type");
        }
        1 => {
            obj.insert("type".into(), non_null[0].clone());
        }
        _ => {
            obj.remove("type");
            let alternatives = non_null
                .into_iter()
                .map(|t| {
                    let mut m = Map::new();
                    m.insert("type".into(), t);
                    Value::Object(m)
                })
                .collect();
            obj.entry("anyOf").or_insert(Value::Array(alternatives));
        }
    }
}

/// `type: "null"` → `nullable: true`.
fn null_type(obj: &mut Map<String, Value>) {
    if obj.get("type").and_then(Value::as_str) == Some("null") {
        obj.remove("type");
        obj.insert("nullable".into(), Value::Bool(true));
    }
}

/// `const: x` → `enum: [x]`; schema `examples: [..]` → `example`.
fn single_values(obj: &mut Map<String, Value>) {
    if let Some(c) = obj.remove("const") {
        obj.entry("enum").or_insert(Value::Array(vec![c]));
    }
    if let Some(Value::Array(examples)) = obj.get("examples") {
        let first = examples.first().cloned();
        obj.remove("examples");
        if let Some(first) = first {
            obj.entry("example").or_insert(first);
        }
    }
}

/// Numeric `exclusiveMinimum`/`exclusiveMaximum` → bound plus boolean flag.
fn exclusive_bounds(obj: &mut Map<String, Value>) {
    for (excl, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(n @ Value::Number(_)) = obj.get(excl).cloned() {
            obj.insert(bound.into(), n);
            obj.insert(excl.into(), Value::Bool(true));
        }
    }
}

/// `oneOf`/`anyOf` with a `{type: null}` member → nullable.
fn null_alternatives(obj: &mut Map<String, Value>) {
    for key in ["oneOf", "anyOf"] {
        if let Some(Value::Array(members)) = obj.get_mut(key) {
            let before = members.len();
            members.retain(|m| !is_null_schema(m));
            if members.len() != before {
                let single = (members.len() == 1).then(|| members[0].clone());
                obj.insert("nullable".into(), Value::Bool(true));
                if let Some(single) = single {
                    obj.remove(key);
                    obj.insert("allOf".into(), Value::Array(vec![single]));
                }
            }
        }
    }
}

fn is_null_schema(v: &Value) -> bool {
    let Some(obj) = v.as_object() else {
        return false;
    };
    obj.get("nullable") == Some(&Value::Bool(true)) && !obj.contains_key("type") && obj.len() == 1
        || obj.get("type").and_then(Value::as_str) == Some("null")
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::json;

    use super::*;
    use crate::load::{load_str, Document};
    use crate::Result;

    fn load(text: &str) -> Result<Document> {
        load_str(Path::new("spec.yaml"), text)
    }

    /// One schema object after normalisation.
    fn normalised(mut schema: Value) -> Value {
        normalise_in(&mut schema, "");
        schema
    }

    #[test]
    fn boolean_schemas_and_callbacks_are_accepted() {
        let text = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    post:\n      callbacks:\n        cb: {$ref: '#/components/callbacks/Cb'}\n      responses: {'200': {description: ok}}\ncomponents:\n  callbacks:\n    Cb: {}\n  schemas:\n    A:\n      type: object\n      properties:\n        additionalProperties: false\n        anything: true\n      items: false\n";
        let doc = load(text).unwrap();
        let a = doc.raw.pointer("/components/schemas/A/properties").unwrap();
        assert_eq!(a["anything"], serde_json::json!({}));
        assert_eq!(a["additionalProperties"], serde_json::json!({"not": {}}));
    }

    #[test]
    fn openapi_31_is_normalised() {
        let text = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        n: {type: [string, 'null'], examples: [x]}\n        c: {const: fixed}\n        m: {type: integer, exclusiveMinimum: 0}\n";
        let doc = load(text).unwrap();
        let n = doc
            .raw
            .pointer("/components/schemas/A/properties/n")
            .unwrap();
        assert_eq!(n["type"], "string");
        assert_eq!(n["nullable"], true);
        assert_eq!(n["example"], "x");
        let c = doc
            .raw
            .pointer("/components/schemas/A/properties/c")
            .unwrap();
        assert_eq!(c["enum"], serde_json::json!(["fixed"]));
        let m = doc
            .raw
            .pointer("/components/schemas/A/properties/m")
            .unwrap();
        assert_eq!(m["minimum"], 0);
        assert_eq!(m["exclusiveMinimum"], true);
    }

    #[test]
    fn properties_named_like_keywords_are_kept() {
        let text = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n    P:\n      type: object\n      properties:\n        properties: {type: [object, 'null'], additionalProperties: {type: string}}\n        const: {type: string}\n";
        let doc = load(text).unwrap();
        let p = doc.raw.pointer("/components/schemas/P/properties").unwrap();
        assert_eq!(p["properties"]["nullable"], true);
        assert_eq!(p["const"]["type"], "string");
    }

    #[test]
    fn several_types_become_alternatives() {
        assert_eq!(
            normalised(json!({"type": ["string", "integer", "null"]})),
            json!({"nullable": true, "anyOf": [{"type": "string"}, {"type": "integer"}]})
        );
        assert_eq!(
            normalised(json!({"type": "null"})),
            json!({"nullable": true})
        );
    }

    #[test]
    fn null_alternatives_make_the_schema_nullable() {
        assert_eq!(
            normalised(json!({"oneOf": [{"type": "null"}, {"$ref": "#/x"}]})),
            json!({"nullable": true, "allOf": [{"$ref": "#/x"}]})
        );
        assert_eq!(
            normalised(
                json!({"anyOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]})
            ),
            json!({"anyOf": [{"type": "string"}, {"type": "integer"}], "nullable": true})
        );
    }
}
