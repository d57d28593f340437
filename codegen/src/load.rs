//! Stage 1: read a spec file, check its version, normalise OpenAPI 3.1 to the
//! 3.0 shape, check every `$ref`, and deserialise into [`openapiv3::OpenAPI`].

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::error::{escape_token, Error, Location, Result};

/// A loaded, checked OpenAPI document.
#[derive(Debug, Clone)]
pub struct Document {
    /// The file it came from, as given by the caller (used in messages and headers).
    pub path: PathBuf,
    /// The document as plain JSON, after normalisation (used to resolve `$ref`s).
    pub raw: Value,
    /// The typed document.
    pub api: openapiv3::OpenAPI,
    /// The `openapi` version the file declared (before normalisation).
    pub declared_version: String,
}

/// Reads and loads a spec file (`.json` is parsed as JSON, anything else as YAML).
pub fn load_file(path: &Path) -> Result<Document> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.to_owned(),
        source,
    })?;
    load_str(path, &text)
}

/// Loads a spec from text; `path` names it in messages.
pub fn load_str(path: &Path, text: &str) -> Result<Document> {
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        || text.trim_start().starts_with('{');
    let mut raw = if is_json {
        parse_json(path, text)?
    } else {
        parse_yaml(path, text)?
    };
    let declared_version = check_version(path, &raw)?;
    if declared_version.starts_with("3.1") {
        normalise_31(&mut raw);
    }
    strip_callbacks(&mut raw);
    let (refs, fast) = std::thread::scope(|scope| {
        let refs = scope.spawn(|| check_refs(path, &raw));
        let fast = deserialize_split(&raw);
        (refs.join(), fast)
    });
    refs.unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
    if let Some(api) = fast {
        return Ok(Document {
            path: path.to_owned(),
            raw,
            api,
            declared_version,
        });
    }
    // The slow path, for a precise error: track where deserialisation stops.
    let api: openapiv3::OpenAPI = serde_path_to_error::deserialize(&raw).map_err(|e| {
        let (pointer, message) = locate_error(&raw)
            .unwrap_or_else(|| (path_to_pointer(e.path()), e.into_inner().to_string()));
        Error::Invalid {
            path: path.to_owned(),
            location: Location::pointer(pointer),
            message,
        }
    })?;
    Ok(Document {
        path: path.to_owned(),
        raw,
        api,
        declared_version,
    })
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
        Y::Mapping(map) => {
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
            Value::Object(out)
        }
        Y::Tagged(tagged) => yaml_to_json(path, tagged.value, pointer)?,
    })
}

fn check_version(path: &Path, raw: &Value) -> Result<String> {
    let version_error = |message: String| Error::Version {
        path: path.to_owned(),
        message,
    };
    let Some(obj) = raw.as_object() else {
        return Err(version_error(format!(
            "not an OpenAPI document: the top level is {}, not an object",
            kind_of(raw)
        )));
    };
    if let Some(swagger) = obj.get("swagger") {
        return Err(version_error(format!(
            "this is a Swagger (OpenAPI 2.0) document (`swagger: {swagger}`); only OpenAPI 3.0.x and 3.1.x are supported: convert it to OpenAPI 3 first"
        )));
    }
    match obj.get("openapi") {
        None => Err(version_error(
            "not an OpenAPI document: no `openapi` version field at the top level".into(),
        )),
        Some(Value::String(v)) if v.starts_with("3.0") || v.starts_with("3.1") => Ok(v.clone()),
        Some(Value::String(v)) => Err(version_error(format!(
            "unsupported OpenAPI version `{v}`: only 3.0.x and 3.1.x are supported"
        ))),
        Some(other) => Err(version_error(format!(
            "the `openapi` field must be a version string such as \"3.0.3\", found {}",
            kind_of(other)
        ))),
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Callbacks describe requests the server makes, which a client does not
/// send; openapiv3 cannot read `$ref`s among them, so they are dropped.
fn strip_callbacks(raw: &mut Value) {
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
fn normalise_31(raw: &mut Value) {
    if let Some(obj) = raw.as_object_mut() {
        obj.insert("openapi".into(), Value::String("3.0.3".into()));
        obj.entry("paths")
            .or_insert_with(|| Value::Object(Map::new()));
    }
    normalise_node(raw);
}

fn normalise_node(v: &mut Value) {
    normalise_in(v, "");
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

/// A JSON Schema boolean schema as an object: `true` → `{}`, `false` → `{not: {}}`.
fn boolean_schema(b: bool) -> Value {
    let mut m = Map::new();
    if !b {
        m.insert("not".into(), Value::Object(Map::new()));
    }
    Value::Object(m)
}

fn normalise_schema_keywords(obj: &mut Map<String, Value>) {
    // Boolean schemas where 3.0 expects schema objects.
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
    // `type: [T, "null"]` → `type: T, nullable: true`; several types → anyOf.
    if let Some(Value::Array(types)) = obj.get("type").cloned() {
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
    if obj.get("type").and_then(Value::as_str) == Some("null") {
        obj.remove("type");
        obj.insert("nullable".into(), Value::Bool(true));
    }
    // `const: x` → `enum: [x]`.
    if let Some(c) = obj.remove("const") {
        obj.entry("enum").or_insert(Value::Array(vec![c]));
    }
    // Schema `examples: [..]` → `example`.
    if let Some(Value::Array(examples)) = obj.get("examples") {
        let first = examples.first().cloned();
        obj.remove("examples");
        if let Some(first) = first {
            obj.entry("example").or_insert(first);
        }
    }
    // Numeric `exclusiveMinimum`/`exclusiveMaximum` → bound plus boolean flag.
    for (excl, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(n @ Value::Number(_)) = obj.get(excl).cloned() {
            obj.insert(bound.into(), n);
            obj.insert(excl.into(), Value::Bool(true));
        }
    }
    // `oneOf`/`anyOf` with a `{type: null}` member → nullable.
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

/// Deserialises the document with `paths` and `components` (most of a
/// large spec) on two threads. `None` when any part fails: the caller then
/// deserialises the whole document again, tracking the path of the error.
fn deserialize_split(raw: &Value) -> Option<openapiv3::OpenAPI> {
    use serde::Deserialize as _;
    let obj = raw.as_object()?;
    let paths = obj.get("paths")?;
    let mut rest: Map<String, Value> = obj
        .iter()
        .filter(|(k, _)| *k != "paths" && *k != "components")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    rest.insert("paths".into(), Value::Object(Map::new()));
    let (paths, components, api) = std::thread::scope(|scope| {
        let paths = scope.spawn(|| openapiv3::Paths::deserialize(paths).ok());
        let components = obj
            .get("components")
            .map(|c| openapiv3::Components::deserialize(c).ok());
        let api = openapiv3::OpenAPI::deserialize(Value::Object(rest)).ok();
        (paths.join().ok().flatten(), components, api)
    });
    let mut api = api?;
    api.paths = paths?;
    api.components = match components {
        Some(c) => Some(c?),
        None => None,
    };
    Some(api)
}

/// Every `$ref` must be local and resolve; chains of bare `$ref`s must end.
fn check_refs(path: &Path, raw: &Value) -> Result<()> {
    let mut pointer = String::new();
    walk_refs(path, raw, raw, &mut pointer)
}

fn walk_refs(path: &Path, root: &Value, v: &Value, pointer: &mut String) -> Result<()> {
    walk_refs_in(path, root, v, pointer, "")
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
                let data = match parent {
                    "properties" => false,
                    // An Example object: its `value` is data.
                    "example-object" => k == "value",
                    _ => k == "example" || k.starts_with("x-"),
                };
                if data {
                    continue;
                }
                // Entries of an `examples` map are Example objects (or refs).
                let child_parent = if parent == "examples" && k != "$ref" {
                    "example-object"
                } else if k == "examples" && parent != "properties" {
                    if child.is_object() {
                        "examples"
                    } else {
                        // 3.1 schema `examples: [..]`: data.
                        continue;
                    }
                } else {
                    k.as_str()
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

/// Where `node` (at `pointer`) fails to deserialise as a `T`, and why.
fn try_node<T: serde::de::DeserializeOwned>(
    node: &Value,
    pointer: &str,
) -> Option<(String, String)> {
    serde_path_to_error::deserialize::<_, T>(node)
        .err()
        .map(|e| {
            (
                format!("{pointer}{}", path_to_pointer(e.path())),
                e.into_inner().to_string(),
            )
        })
}

/// openapiv3 flattens and buffers maps, so a deserialisation error often
/// carries only a shallow path. This deserialises the document's parts one
/// by one, from the outside in, to find the deepest node that fails.
fn locate_error(raw: &Value) -> Option<(String, String)> {
    use openapiv3::{
        Operation, Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema, SecurityScheme,
    };
    if let Some(paths) = raw.get("paths").and_then(Value::as_object) {
        for (p, item) in paths {
            let item_ptr = format!("/paths/{}", escape_token(p));
            if try_node::<ReferenceOr<PathItem>>(item, &item_ptr).is_none() {
                continue;
            }
            if let Some(ops) = item.as_object() {
                for (method, op) in ops {
                    let op_ptr = format!("{item_ptr}/{}", escape_token(method));
                    let deeper = match method.as_str() {
                        "get" | "put" | "post" | "delete" | "options" | "head" | "patch"
                        | "trace" => locate_in_operation(op, &op_ptr)
                            .or_else(|| try_node::<Operation>(op, &op_ptr)),
                        "parameters" => try_node::<Vec<ReferenceOr<Parameter>>>(op, &op_ptr),
                        _ => None,
                    };
                    if deeper.is_some() {
                        return deeper;
                    }
                }
            }
            return try_node::<ReferenceOr<PathItem>>(item, &item_ptr);
        }
    }
    if let Some(components) = raw.get("components").and_then(Value::as_object) {
        for (kind, entries) in components {
            let Some(entries) = entries.as_object() else {
                continue;
            };
            for (name, node) in entries {
                let ptr = format!("/components/{}/{}", escape_token(kind), escape_token(name));
                let found = match kind.as_str() {
                    "schemas" => try_node::<ReferenceOr<Schema>>(node, &ptr),
                    "responses" => try_node::<ReferenceOr<Response>>(node, &ptr),
                    "parameters" => try_node::<ReferenceOr<Parameter>>(node, &ptr),
                    "requestBodies" => try_node::<ReferenceOr<RequestBody>>(node, &ptr),
                    "securitySchemes" => try_node::<ReferenceOr<SecurityScheme>>(node, &ptr),
                    _ => None,
                };
                if found.is_some() {
                    return found;
                }
            }
        }
    }
    None
}

fn locate_in_operation(op: &Value, pointer: &str) -> Option<(String, String)> {
    use openapiv3::{Parameter, ReferenceOr, RequestBody, Response, Responses};
    let obj = op.as_object()?;
    if let Some(params) = obj.get("parameters").and_then(Value::as_array) {
        for (i, p) in params.iter().enumerate() {
            if let Some(found) =
                try_node::<ReferenceOr<Parameter>>(p, &format!("{pointer}/parameters/{i}"))
            {
                return Some(found);
            }
        }
    }
    if let Some(body) = obj.get("requestBody") {
        if let Some(found) =
            try_node::<ReferenceOr<RequestBody>>(body, &format!("{pointer}/requestBody"))
        {
            return Some(found);
        }
    }
    if let Some(responses) = obj.get("responses") {
        let r_ptr = format!("{pointer}/responses");
        if let Some(map) = responses.as_object() {
            for (code, r) in map {
                if code.starts_with("x-") {
                    continue;
                }
                if let Some(found) =
                    try_node::<ReferenceOr<Response>>(r, &format!("{r_ptr}/{}", escape_token(code)))
                {
                    return Some(found);
                }
            }
        }
        if let Some(found) = try_node::<Responses>(responses, &r_ptr) {
            return Some(found);
        }
    }
    None
}

/// The JSON pointer of a serde_path_to_error path.
pub(crate) fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => out.push_str(&format!("/{index}")),
            Segment::Map { key } => {
                out.push('/');
                out.push_str(&escape_token(key));
            }
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Document> {
        load_str(Path::new("spec.yaml"), text)
    }

    const MINIMAL: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n";

    #[test]
    fn minimal_document_loads() {
        let doc = load(MINIMAL).unwrap();
        assert_eq!(doc.declared_version, "3.0.3");
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
    fn swagger_2_is_refused_by_name() {
        let err = load("swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n").unwrap_err();
        assert!(matches!(err, Error::Version { .. }));
        assert!(err.to_string().contains("Swagger (OpenAPI 2.0)"), "{err}");
    }

    #[test]
    fn other_versions_are_named() {
        let err = load("openapi: 4.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n").unwrap_err();
        assert!(err.to_string().contains("`4.0.0`"), "{err}");
        let err = load("hello: world\n").unwrap_err();
        assert!(
            err.to_string().contains("no `openapi` version field"),
            "{err}"
        );
    }

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
    fn percent_escapes_in_refs() {
        assert_eq!(percent_decode("/a%20b/%7Bid%7D"), "/a b/{id}");
        // Not an escape: left alone, and no panic on multi-byte text.
        assert_eq!(percent_decode("%é1%zz%4"), "%é1%zz%4");
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

    #[test]
    fn boolean_schemas_and_callbacks_are_accepted() {
        let text = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    post:\n      callbacks:\n        cb: {$ref: '#/components/callbacks/Cb'}\n      responses: {'200': {description: ok}}\ncomponents:\n  callbacks:\n    Cb: {}\n  schemas:\n    A:\n      type: object\n      properties:\n        additionalProperties: false\n        anything: true\n      items: false\n";
        let doc = load(text).unwrap();
        let a = doc.raw.pointer("/components/schemas/A/properties").unwrap();
        assert_eq!(a["anything"], serde_json::json!({}));
        assert_eq!(a["additionalProperties"], serde_json::json!({"not": {}}));
    }

    #[test]
    fn integer_yaml_keys_become_strings() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        200: {description: ok}\n";
        let doc = load(text).unwrap();
        assert!(doc.raw.pointer("/paths/~1a/get/responses/200").is_some());
    }

    #[test]
    fn structural_errors_carry_a_pointer() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 5\n";
        let err = load(text).unwrap_err();
        assert!(matches!(err, Error::Invalid { .. }), "{err}");
        assert!(
            err.pointer().unwrap().starts_with("/paths/~1a/get"),
            "{err}"
        );
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
}
