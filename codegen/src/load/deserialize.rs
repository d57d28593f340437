//! The JSON value into [`openapiv3::OpenAPI`]: a fast deserialisation on two
//! threads, and when it fails, a slow one that finds the deepest node at
//! fault for the error message.

use std::path::Path;

use serde_json::{Map, Value};

use crate::error::{escape_token, Error, Location, Result};

/// Deserialises the document with `paths` and `components` (most of a
/// large spec) on two threads. `None` when any part fails: the caller then
/// deserialises the whole document again, tracking the path of the error.
pub(super) fn deserialize_split(raw: &Value) -> Option<openapiv3::OpenAPI> {
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

/// The slow path, for a precise error: deserialises the whole document,
/// tracking where deserialisation stops.
pub(super) fn deserialize_tracked(path: &Path, raw: &Value) -> Result<openapiv3::OpenAPI> {
    serde_path_to_error::deserialize(raw).map_err(|e| {
        let (pointer, message) = locate_error(raw)
            .unwrap_or_else(|| (path_to_pointer(e.path()), e.into_inner().to_string()));
        let (pointer, message) = unknown_variant(raw, pointer, message);
        Error::Invalid {
            path: path.to_owned(),
            location: Location::pointer(pointer),
            message: in_openapi_terms(message),
        }
    })
}

/// serde's "unknown variant `qurey`, expected one of `query`, …": the
/// pointer moves to the key that holds the value (serde's path stops at the
/// flattened object), and the message gains rustc's "did you mean".
fn unknown_variant(raw: &Value, pointer: String, message: String) -> (String, String) {
    let Some(rest) = message.strip_prefix("unknown variant `") else {
        return (pointer, message);
    };
    let Some((value, expected)) = rest.split_once("`, expected ") else {
        return (pointer, message);
    };
    let options: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    let pointer = match raw.pointer(&pointer).and_then(Value::as_object) {
        Some(obj) => match obj.iter().find(|(_, v)| v.as_str() == Some(value)) {
            Some((key, _)) => format!("{pointer}/{}", escape_token(key)),
            None => pointer,
        },
        None => pointer,
    };
    let message = match crate::diagnostic::nearest(value, options.iter().copied()) {
        Some(near) => format!("{message}: did you mean `{near}`?"),
        None => message,
    };
    (pointer, message)
}

/// A deserialiser's message about openapiv3's types, said in OpenAPI's terms.
fn in_openapi_terms(message: String) -> String {
    if message.contains("ParameterSchemaOrContent") {
        "a parameter or header with neither `schema` nor `content` (OpenAPI 3, Parameter Object: a parameter MUST contain either a schema property, or a content property, but not both)".into()
    } else if message.contains("untagged enum ReferenceOr") {
        "neither a Reference Object (`$ref`) nor a valid object of the kind this place holds".into()
    } else {
        message
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
    if let Some(paths) = raw.get("paths").and_then(Value::as_object) {
        if let Some(found) = locate_in_paths(paths) {
            return Some(found);
        }
    }
    if let Some(components) = raw.get("components").and_then(Value::as_object) {
        return locate_in_components(components);
    }
    None
}

/// The first failing path item: its deepest failing operation or parameter
/// list, else the item itself.
fn locate_in_paths(paths: &Map<String, Value>) -> Option<(String, String)> {
    use openapiv3::{Operation, Parameter, PathItem, ReferenceOr};
    for (p, item) in paths {
        let item_ptr = format!("/paths/{}", escape_token(p));
        if try_node::<ReferenceOr<PathItem>>(item, &item_ptr).is_none() {
            continue;
        }
        if let Some(ops) = item.as_object() {
            for (method, op) in ops {
                let op_ptr = format!("{item_ptr}/{}", escape_token(method));
                let deeper = match method.as_str() {
                    "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace" => {
                        locate_in_operation(op, &op_ptr)
                            .or_else(|| try_node::<Operation>(op, &op_ptr))
                    }
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
    None
}

/// The first failing entry of the components of a kind openapiv3 types.
fn locate_in_components(components: &Map<String, Value>) -> Option<(String, String)> {
    use openapiv3::{Parameter, ReferenceOr, RequestBody, Response, Schema, SecurityScheme};
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
    use crate::load::load_str;

    #[test]
    fn structural_errors_carry_a_pointer() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 5\n";
        let err = load_str(Path::new("spec.yaml"), text).unwrap_err();
        assert!(matches!(err, Error::Invalid { .. }), "{err}");
        assert!(
            err.pointer().unwrap().starts_with("/paths/~1a/get"),
            "{err}"
        );
    }

    #[test]
    fn a_misspelled_enum_value_is_located_at_its_key_with_a_suggestion() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      parameters:\n        - {name: q, in: qurey, schema: {type: string}}\n      responses: {'200': {description: ok}}\n";
        let err = load_str(Path::new("spec.yaml"), text).unwrap_err();
        assert_eq!(
            err.pointer(),
            Some("/paths/~1a/get/parameters/0/in"),
            "{err}"
        );
        let at = err.location().unwrap();
        assert_eq!((at.line, at.column), (Some(7), Some(21)), "{err}");
        assert!(err.to_string().ends_with("unknown variant `qurey`, expected one of `query`, `header`, `path`, `cookie`: did you mean `query`?"), "{err}");
    }

    #[test]
    fn errors_are_located_in_parameters_and_components() {
        let raw = serde_json::json!({
            "paths": {"/a": {"get": {
                "parameters": [
                    {"name": "q", "in": "query", "schema": {"type": "string"}},
                    {"name": "r", "in": "nowhere"}
                ],
                "responses": {}
            }}},
        });
        let (pointer, _) = locate_error(&raw).unwrap();
        assert_eq!(pointer, "/paths/~1a/get/parameters/1");
        let raw = serde_json::json!({
            "paths": {},
            "components": {"schemas": {"A~B": {"type": "object"}, "C": {"type": 5}}},
        });
        let (pointer, message) = locate_error(&raw).unwrap();
        assert!(pointer.starts_with("/components/schemas/C"), "{pointer}");
        assert!(!message.is_empty());
        assert_eq!(locate_error(&serde_json::json!({"paths": {}})), None);
    }

    #[test]
    fn serde_names_become_openapi_terms() {
        let header = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  headers:\n    H: {description: d}\n  responses:\n    R:\n      description: r\n      headers: {X-A: {description: d}}\n";
        let err = load_str(Path::new("spec.yaml"), header).unwrap_err();
        assert!(
            !err.to_string().contains("ParameterSchemaOrContent"),
            "{err}"
        );
        assert_eq!(in_openapi_terms("other".into()), "other");
    }

    #[test]
    fn pointers_escape_keys() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Doc {
            m: std::collections::BTreeMap<String, Vec<u8>>,
        }
        let err = serde_path_to_error::deserialize::<_, Doc>(
            serde_json::json!({"m": {"a/b~c": [1, "x"]}}),
        )
        .unwrap_err();
        assert_eq!(path_to_pointer(err.path()), "/m/a~1b~0c/1");
    }
}
