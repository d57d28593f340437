//! The rules of OpenAPI 3.0 that the documents' strategies keep and that a
//! shrinking step could break: a shrunk document must still pass them, so
//! that a minimal failing spec is still a valid one.

use std::collections::BTreeSet;

use serde_json::Value;

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The node a local `$ref` names.
pub fn resolve<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    doc.pointer(reference.strip_prefix('#')?)
}

/// `node`, or what its chain of `$ref`s leads to.
pub fn deref<'a>(doc: &'a Value, node: &'a Value) -> Option<&'a Value> {
    let mut node = node;
    for _ in 0..32 {
        match node.get("$ref").and_then(Value::as_str) {
            Some(r) => node = resolve(doc, r)?,
            None => return Some(node),
        }
    }
    None
}

/// The first rule `doc` breaks, or `None` when it keeps them all.
pub fn problem(doc: &Value) -> Option<String> {
    if doc["info"]["title"].as_str().is_none() || doc["info"]["version"].as_str().is_none() {
        return Some("info needs title and version".into());
    }
    let Some(paths) = doc["paths"].as_object() else {
        return Some("no paths".into());
    };
    let mut bad = None;
    walk(doc, doc, &mut bad);
    if bad.is_some() {
        return bad;
    }
    for (path, item) in paths {
        let item_params = item["parameters"].as_array().cloned().unwrap_or_default();
        let ops: Vec<&Value> = METHODS.iter().filter_map(|m| item.get(*m)).collect();
        if ops.is_empty() {
            return Some(format!("{path} has no operation"));
        }
        for op in ops {
            let own = op["parameters"].as_array().cloned().unwrap_or_default();
            if let Some(p) = operation_problem(doc, path, &item_params, &own, op) {
                return Some(p);
            }
        }
    }
    None
}

fn template_names(path: &str) -> BTreeSet<String> {
    path.split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(n, _)| n.to_owned()))
        .collect()
}

fn operation_problem(
    doc: &Value,
    path: &str,
    item_params: &[Value],
    own: &[Value],
    op: &Value,
) -> Option<String> {
    let mut in_path = BTreeSet::new();
    for p in item_params.iter().chain(own) {
        let Some(p) = deref(doc, p) else {
            return Some("a parameter $ref does not resolve".into());
        };
        let (Some(name), Some(location)) = (p["name"].as_str(), p["in"].as_str()) else {
            return Some("a parameter needs name and in".into());
        };
        if p.get("schema").is_none() && p.get("content").is_none() {
            return Some(format!("parameter {name} has neither schema nor content"));
        }
        if location == "path" {
            if p["required"] != true {
                return Some(format!("path parameter {name} is not required"));
            }
            in_path.insert(name.to_owned());
        }
        let schema = p.get("schema").and_then(|s| deref(doc, s));
        let is = |t: &str| schema.is_some_and(|s| s["type"] == t);
        match p["style"].as_str() {
            Some("deepObject") if !is("object") => {
                return Some("deepObject needs an object".into())
            }
            Some("spaceDelimited" | "pipeDelimited") if !is("array") => {
                return Some("delimited styles need an array".into())
            }
            _ => {}
        }
    }
    if in_path != template_names(path) {
        return Some(format!(
            "path parameters of {path} do not match the template"
        ));
    }
    let Some(responses) = op["responses"].as_object() else {
        return Some("an operation needs responses".into());
    };
    if responses.is_empty() {
        return Some("an operation needs a response".into());
    }
    for r in responses.values() {
        if deref(doc, r).is_none_or(|r| r.get("description").is_none()) {
            return Some("a response needs a description".into());
        }
    }
    if let Some(body) = op.get("requestBody") {
        let content = deref(doc, body).and_then(|b| b["content"].as_object());
        if content.is_none_or(|c| c.is_empty()) {
            return Some("a request body needs content".into());
        }
    }
    None
}

/// Checks every `$ref`, every schema's lists and discriminators, and every
/// security requirement.
fn walk(doc: &Value, node: &Value, bad: &mut Option<String>) {
    if bad.is_some() {
        return;
    }
    match node {
        Value::Object(map) => {
            if let Some(r) = map.get("$ref").and_then(Value::as_str) {
                if resolve(doc, r).is_none() {
                    *bad = Some(format!("dangling $ref {r}"));
                    return;
                }
            }
            for key in ["enum", "allOf", "oneOf", "anyOf", "required"] {
                if map
                    .get(key)
                    .and_then(Value::as_array)
                    .is_some_and(Vec::is_empty)
                {
                    *bad = Some(format!("empty {key}"));
                    return;
                }
            }
            if let Some(d) = map.get("discriminator") {
                if let Some(p) = discriminator_problem(doc, node, d) {
                    *bad = Some(p);
                    return;
                }
            }
            if let Some(security) = map.get("security").and_then(Value::as_array) {
                let schemes = &doc["components"]["securitySchemes"];
                let known = security
                    .iter()
                    .filter_map(Value::as_object)
                    .flat_map(|r| r.keys())
                    .all(|name| schemes.get(name).is_some());
                if !known {
                    *bad = Some("a security requirement names an unknown scheme".into());
                    return;
                }
            }
            map.values().for_each(|v| walk(doc, v, bad));
        }
        Value::Array(items) => items.iter().for_each(|v| walk(doc, v, bad)),
        _ => {}
    }
}

fn discriminator_problem(doc: &Value, schema: &Value, d: &Value) -> Option<String> {
    let Some(name) = d["propertyName"].as_str() else {
        return Some("a discriminator needs propertyName".into());
    };
    let Some(alts) = schema["oneOf"]
        .as_array()
        .or_else(|| schema["anyOf"].as_array())
    else {
        return Some("a discriminator needs oneOf or anyOf".into());
    };
    let mut refs = BTreeSet::new();
    for alt in alts {
        let Some(r) = alt["$ref"].as_str() else {
            return Some("a discriminated alternative is not a $ref".into());
        };
        refs.insert(r);
        let Some(target) = deref(doc, alt) else {
            return Some("a discriminated alternative does not resolve".into());
        };
        let required = target["required"]
            .as_array()
            .is_some_and(|r| r.contains(&Value::from(name)));
        if !required || target["properties"][name]["type"] != "string" {
            return Some("a discriminated alternative lacks the discriminator".into());
        }
    }
    if let Some(mapping) = d["mapping"].as_object() {
        if mapping
            .values()
            .any(|v| !v.as_str().is_some_and(|v| refs.contains(v)))
        {
            return Some("a discriminator mapping names no alternative".into());
        }
    }
    None
}
