//! The lints: what a valid document most likely did not mean. One walk over
//! the document as parsed (before 3.1 normalisation, so pointers are those of
//! the file), with an explicit stack, knowing which OpenAPI object each node
//! is. `x-` extensions are never linted.

use serde_json::{Map, Value};

use crate::diagnostic::{
    nearest, Diagnostic, EQUIVALENT_TEMPLATES, EXAMPLE_MISMATCH, MISPLACED_PROPERTY,
    REQUIRED_NOT_A_PROPERTY, UNKNOWN_FORMAT, UNKNOWN_KEYWORD,
};
use crate::error::escape_token;

mod keywords;

use keywords::*;

/// Which OpenAPI object a node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Document,
    Info,
    Paths,
    PathItem,
    Operation,
    Parameter,
    Header,
    RequestBody,
    MediaType,
    Responses,
    Response,
    Components,
    Schema,
    /// A map whose values are of the inner kind (`properties`, `content`).
    MapOf(Leaf),
    /// A list whose items are of the inner kind (`allOf`, `parameters`).
    ListOf(Leaf),
}

/// The kinds a map or list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Leaf {
    Schema,
    Parameter,
    Header,
    MediaType,
    Response,
    RequestBody,
    PathItem,
}

impl Leaf {
    fn kind(self) -> Kind {
        match self {
            Leaf::Schema => Kind::Schema,
            Leaf::Parameter => Kind::Parameter,
            Leaf::Header => Kind::Header,
            Leaf::MediaType => Kind::MediaType,
            Leaf::Response => Kind::Response,
            Leaf::RequestBody => Kind::RequestBody,
            Leaf::PathItem => Kind::PathItem,
        }
    }
}

/// Every diagnostic the lints find in `raw` (the document as parsed), in
/// walk order; the caller sorts them by line.
pub(super) fn lint(raw: &Value, version: &str) -> Vec<Diagnostic> {
    let is_31 = version.starts_with("3.1");
    let mut out = Vec::new();
    let mut stack: Vec<(&Value, String, Kind)> = vec![(raw, String::new(), Kind::Document)];
    while let Some((node, pointer, kind)) = stack.pop() {
        match (kind, node) {
            (Kind::ListOf(leaf), Value::Array(items)) => {
                for (i, item) in items.iter().enumerate().rev() {
                    stack.push((item, format!("{pointer}/{i}"), leaf.kind()));
                }
            }
            (Kind::MapOf(leaf), Value::Object(map)) => {
                for (k, v) in map.iter().rev() {
                    if !k.starts_with("x-") {
                        stack.push((v, child(&pointer, k), leaf.kind()));
                    }
                }
            }
            (Kind::Paths, Value::Object(map)) => {
                equivalent_templates(map, &pointer, &mut out);
                for (k, v) in map.iter().rev() {
                    if !k.starts_with("x-") {
                        stack.push((v, child(&pointer, k), Kind::PathItem));
                    }
                }
            }
            (Kind::Responses, Value::Object(map)) => {
                for (k, v) in map.iter().rev() {
                    if !k.starts_with("x-") {
                        stack.push((v, child(&pointer, k), Kind::Response));
                    }
                }
            }
            (_, Value::Object(obj)) => {
                // A Reference Object stands in for the object: its siblings
                // are not the object's keywords (3.0 ignores them).
                if obj.contains_key("$ref") && kind != Kind::Schema {
                    continue;
                }
                if kind == Kind::Schema {
                    schema_checks(obj, &pointer, is_31, &mut out);
                } else {
                    keyword_check(obj, &pointer, kind, &mut out);
                }
                for (k, v) in obj.iter().rev() {
                    if let Some(child_kind) = child_kind(kind, k) {
                        stack.push((v, child(&pointer, k), child_kind));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

fn child(pointer: &str, key: &str) -> String {
    format!("{pointer}/{}", escape_token(key))
}

/// The kind of the entry `key` of an object of `kind`, or `None` when it is
/// data or not linted.
fn child_kind(kind: Kind, key: &str) -> Option<Kind> {
    use Leaf as L;
    if key.starts_with("x-") {
        return None;
    }
    Some(match (kind, key) {
        (Kind::Document, "info") => Kind::Info,
        (Kind::Document, "paths") => Kind::Paths,
        (Kind::Document, "webhooks") => Kind::MapOf(L::PathItem),
        (Kind::Document, "components") => Kind::Components,
        (Kind::PathItem, m) if METHODS.contains(&m) => Kind::Operation,
        (Kind::PathItem | Kind::Operation, "parameters") => Kind::ListOf(L::Parameter),
        (Kind::Operation, "requestBody") => Kind::RequestBody,
        (Kind::Operation, "responses") => Kind::Responses,
        (Kind::Parameter | Kind::Header | Kind::MediaType, "schema") => Kind::Schema,
        (Kind::Parameter | Kind::Header | Kind::RequestBody | Kind::Response, "content") => {
            Kind::MapOf(L::MediaType)
        }
        (Kind::Response, "headers") => Kind::MapOf(L::Header),
        (Kind::Components, "schemas") => Kind::MapOf(L::Schema),
        (Kind::Components, "parameters") => Kind::MapOf(L::Parameter),
        (Kind::Components, "headers") => Kind::MapOf(L::Header),
        (Kind::Components, "responses") => Kind::MapOf(L::Response),
        (Kind::Components, "requestBodies") => Kind::MapOf(L::RequestBody),
        (Kind::Components, "pathItems") => Kind::MapOf(L::PathItem),
        (Kind::Schema, "properties" | "patternProperties" | "$defs" | "definitions") => {
            Kind::MapOf(L::Schema)
        }
        (Kind::Schema, "allOf" | "oneOf" | "anyOf" | "prefixItems") => Kind::ListOf(L::Schema),
        (Kind::Schema, "items" | "not" | "contains" | "propertyNames") => Kind::Schema,
        (Kind::Schema, "additionalProperties" | "unevaluatedProperties") => Kind::Schema,
        _ => return None,
    })
}

fn keywords(kind: Kind) -> (&'static [&'static str], &'static str) {
    match kind {
        Kind::Document => (DOCUMENT, "the OpenAPI Object"),
        Kind::Info => (INFO, "an Info Object"),
        Kind::PathItem => (PATH_ITEM, "a Path Item Object"),
        Kind::Operation => (OPERATION, "an Operation Object"),
        Kind::Parameter => (PARAMETER, "a Parameter Object"),
        Kind::Header => (HEADER, "a Header Object"),
        Kind::RequestBody => (REQUEST_BODY, "a Request Body Object"),
        Kind::MediaType => (MEDIA_TYPE, "a Media Type Object"),
        Kind::Response => (RESPONSE, "a Response Object"),
        Kind::Components => (COMPONENTS, "the Components Object"),
        _ => (&[], ""),
    }
}

/// Unknown keys of an OpenAPI object (not a schema).
fn keyword_check(obj: &Map<String, Value>, pointer: &str, kind: Kind, out: &mut Vec<Diagnostic>) {
    let (known, what) = keywords(kind);
    if known.is_empty() {
        return;
    }
    for key in obj.keys() {
        if key.starts_with("x-") || known.contains(&key.as_str()) {
            continue;
        }
        out.push(unknown_keyword(key, pointer, what, known));
    }
}

fn unknown_keyword(key: &str, pointer: &str, what: &str, known: &[&str]) -> Diagnostic {
    let suggestion = nearest(key, known.iter().copied()).map(|k| format!("did you mean `{k}`?"));
    Diagnostic::new(
        UNKNOWN_KEYWORD,
        child(pointer, key),
        format!("unknown keyword `{key}` in {what}; it is ignored"),
    )
    .spot(key)
    .suggest(suggestion)
}

/// Does `v` read as a Schema Object (as a misplaced property would)?
fn looks_like_schema(v: &Value) -> bool {
    v.as_object().is_some_and(|o| {
        [
            "type",
            "$ref",
            "properties",
            "items",
            "enum",
            "allOf",
            "oneOf",
            "anyOf",
            "format",
        ]
        .iter()
        .any(|k| o.contains_key(*k))
    })
}

fn schema_checks(obj: &Map<String, Value>, pointer: &str, is_31: bool, out: &mut Vec<Diagnostic>) {
    let known = |k: &str| SCHEMA_30.contains(&k) || (is_31 && SCHEMA_31_EXTRA.contains(&k));
    let properties = obj.get("properties").and_then(Value::as_object);
    let what = if is_31 {
        "an OpenAPI 3.1 schema"
    } else {
        "an OpenAPI 3.0 schema"
    };
    for (key, value) in obj {
        if key.starts_with("x-") || known(key) {
            continue;
        }
        let all: Vec<&str> = if is_31 {
            SCHEMA_30.iter().chain(SCHEMA_31_EXTRA).copied().collect()
        } else {
            SCHEMA_30.to_vec()
        };
        let typo = nearest(key, all.iter().copied());
        if typo.is_none() && looks_like_schema(value) {
            let beside = if properties.is_some() {
                "beside `properties` instead of inside it"
            } else {
                "where a keyword belongs, not under `properties`"
            };
            out.push(
                Diagnostic::new(
                    MISPLACED_PROPERTY,
                    child(pointer, key),
                    format!("`{key}` is a schema {beside}, so it is not a property of this object"),
                )
                .spot(key.as_str())
                .suggest(Some(format!(
                    "indent `{key}` one level further, under `properties`"
                ))),
            );
            continue;
        }
        let mut d = unknown_keyword(key, pointer, what, &all);
        if typo.is_none() && !is_31 && SCHEMA_31_EXTRA.contains(&key.as_str()) {
            d.suggestion = Some(format!(
                "`{key}` is a keyword of OpenAPI 3.1 schemas; declare `openapi: 3.1.0` to use it"
            ));
        }
        out.push(d);
    }
    required_names(obj, properties, pointer, out);
    for key in ["default", "example"] {
        if let Some(value) = obj.get(key) {
            if let Some(why) = mismatch(obj, value) {
                out.push(
                    Diagnostic::new(
                        EXAMPLE_MISMATCH,
                        child(pointer, key),
                        format!("`{key}` {why}"),
                    )
                    .spot(key),
                );
            }
        }
    }
    if let Some(Value::String(format)) = obj.get("format") {
        if !FORMATS.contains(&format.as_str()) {
            let suggestion =
                nearest(format, FORMATS.iter().copied()).map(|f| format!("did you mean `{f}`?"));
            out.push(
                Diagnostic::new(
                    UNKNOWN_FORMAT,
                    child(pointer, "format"),
                    format!("unknown format `{format}`: the value is its plain type"),
                )
                .suggest(suggestion),
            );
        }
    }
}

fn required_names(
    obj: &Map<String, Value>,
    properties: Option<&Map<String, Value>>,
    pointer: &str,
    out: &mut Vec<Diagnostic>,
) {
    let (Some(properties), Some(Value::Array(required))) = (properties, obj.get("required")) else {
        return;
    };
    // Combinators and open maps may bring the property from elsewhere.
    let open = [
        "allOf",
        "anyOf",
        "oneOf",
        "additionalProperties",
        "patternProperties",
    ]
    .iter()
    .any(|k| obj.contains_key(*k));
    if open {
        return;
    }
    for (i, name) in required.iter().enumerate() {
        let Some(name) = name.as_str() else { continue };
        if properties.contains_key(name) {
            continue;
        }
        let suggestion = nearest(name, properties.keys().map(String::as_str))
            .map(|p| format!("did you mean `{p}`?"));
        out.push(
            Diagnostic::new(
                REQUIRED_NOT_A_PROPERTY,
                format!("{pointer}/required/{i}"),
                format!("`required` names `{name}`, which `properties` does not list"),
            )
            .suggest(suggestion),
        );
    }
}

/// Why `value` does not fit the schema's own `type`, `nullable` and `enum`.
fn mismatch(schema: &Map<String, Value>, value: &Value) -> Option<String> {
    let nullable = schema.get("nullable") == Some(&Value::Bool(true));
    if value.is_null() && nullable {
        return None;
    }
    if let Some(Value::Array(values)) = schema.get("enum") {
        if !values.contains(value) {
            return Some(format!(
                "{} is not one of the schema's `enum` values",
                short(value)
            ));
        }
    }
    let types: Vec<&str> = match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => return None,
    };
    let fits = |t: &str| match t {
        "string" => value.is_string(),
        "integer" => {
            value.is_i64() || value.is_u64() || value.as_f64().is_some_and(|f| f.fract() == 0.0)
        }
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        "null" => value.is_null(),
        _ => true,
    };
    if types.iter().any(|t| fits(t)) {
        return None;
    }
    Some(format!(
        "{} is not of the schema's type `{}`",
        short(value),
        types.join("` or `")
    ))
}

/// A value as a short quote for a message.
fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 40 {
        format!("{}…", text.chars().take(40).collect::<String>())
    } else {
        text
    }
}

/// A path template with each `{name}` written `{}`.
pub(crate) fn blank_expressions(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_expression = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_expression = true;
                out.push_str("{}");
            }
            '}' => in_expression = false,
            c if !in_expression => out.push(c),
            _ => {}
        }
    }
    out
}

/// Templated paths that differ only in variable names (`/a/{x}`, `/a/{y}`).
fn equivalent_templates(paths: &Map<String, Value>, pointer: &str, out: &mut Vec<Diagnostic>) {
    let mut seen: std::collections::HashMap<String, &str> = std::collections::HashMap::new();
    for key in paths.keys() {
        if !key.contains('{') || key.starts_with("x-") {
            continue;
        }
        let blank = blank_expressions(key);
        match seen.get(blank.as_str()) {
            Some(first) if *first != key => out.push(
                Diagnostic::new(
                    EQUIVALENT_TEMPLATES,
                    child(pointer, key),
                    format!("`{key}` differs from `{first}` only in variable names; OpenAPI says such paths MUST NOT both exist"),
                )
                .spot(key.as_str())
                .suggest(Some(format!(
                    "use the same variable names as `{first}`, or allow `{}` to keep both",
                    EQUIVALENT_TEMPLATES.name
                ))),
            ),
            Some(_) => {}
            None => {
                seen.insert(blank, key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lints(yaml: &str) -> Vec<Diagnostic> {
        let raw: Value = serde_yaml::from_str(yaml).unwrap();
        lint(&raw, raw["openapi"].as_str().unwrap_or("3.0.3"))
    }

    fn codes(d: &[Diagnostic]) -> Vec<(&str, &str, Option<&str>)> {
        d.iter()
            .map(|d| {
                (
                    d.lint.code,
                    d.location.pointer.as_str(),
                    d.suggestion.as_deref(),
                )
            })
            .collect()
    }

    const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n";

    #[test]
    fn a_misspelled_schema_keyword_gets_its_suggestion() {
        let d = lints(&format!("{HEAD}components:\n  schemas:\n    A:\n      type: object\n      requried: [id]\n      properties:\n        id: {{type: string}}\n"));
        assert_eq!(
            codes(&d),
            [(
                "W0001",
                "/components/schemas/A/requried",
                Some("did you mean `required`?")
            )]
        );
    }

    #[test]
    fn a_property_one_level_out_is_misplaced() {
        let d = lints(&format!("{HEAD}components:\n  schemas:\n    A:\n      type: object\n      properties:\n        id: {{type: string}}\n      name:\n        type: string\n"));
        assert_eq!(codes(&d)[0].0, "W0002");
        assert_eq!(codes(&d)[0].1, "/components/schemas/A/name");
    }

    #[test]
    fn required_names_a_missing_property() {
        let d = lints(&format!("{HEAD}components:\n  schemas:\n    A:\n      type: object\n      required: [id, nmae]\n      properties:\n        id: {{type: string}}\n        name: {{type: string}}\n"));
        assert_eq!(
            codes(&d),
            [(
                "W0003",
                "/components/schemas/A/required/1",
                Some("did you mean `name`?")
            )]
        );
    }

    #[test]
    fn defaults_and_examples_that_do_not_fit() {
        let d = lints(&format!("{HEAD}components:\n  schemas:\n    A: {{type: integer, default: '5'}}\n    B: {{type: string, enum: [a, b], example: c}}\n    C: {{type: string, nullable: true, default: null}}\n    D: {{type: number, example: 1}}\n"));
        assert_eq!(
            codes(&d),
            [
                ("W0004", "/components/schemas/A/default", None),
                ("W0004", "/components/schemas/B/example", None)
            ]
        );
    }

    #[test]
    fn unknown_formats_are_notes() {
        let d = lints(&format!("{HEAD}components:\n  schemas:\n    A: {{type: string, format: date-tme}}\n    B: {{type: string, format: date-time}}\n"));
        assert_eq!(
            codes(&d),
            [(
                "N0005",
                "/components/schemas/A/format",
                Some("did you mean `date-time`?")
            )]
        );
    }

    #[test]
    fn keywords_of_operations_parameters_and_responses() {
        let d = lints("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      operationID: x\n      parameters:\n        - {name: q, in: query, schema: {type: string}, requred: true}\n      responses:\n        '200': {descripton: ok}\n");
        assert_eq!(
            codes(&d),
            [
                (
                    "W0001",
                    "/paths/~1a/get/operationID",
                    Some("did you mean `operationId`?")
                ),
                (
                    "W0001",
                    "/paths/~1a/get/parameters/0/requred",
                    Some("did you mean `required`?")
                ),
                (
                    "W0001",
                    "/paths/~1a/get/responses/200/descripton",
                    Some("did you mean `description`?")
                ),
            ]
        );
    }

    #[test]
    fn extensions_and_property_names_are_never_linted() {
        let d = lints(&format!("{HEAD}x-top: 1\ncomponents:\n  schemas:\n    A:\n      type: object\n      x-thing: {{type: string}}\n      properties:\n        requried: {{type: string}}\n        type: {{type: string}}\n"));
        assert_eq!(codes(&d), []);
    }

    #[test]
    fn keywords_of_31_schemas_are_known_in_31_only() {
        let schema = "components:\n  schemas:\n    A: {type: string, const: a}\n";
        assert_eq!(
            lints(&format!(
                "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\n{schema}"
            ))
            .len(),
            0
        );
        let d = lints(&format!("{HEAD}{schema}"));
        assert_eq!(d.len(), 1);
        assert!(
            d[0].suggestion.as_deref().unwrap().contains("OpenAPI 3.1"),
            "{d:?}"
        );
    }

    #[test]
    fn equivalent_templates_are_a_warning() {
        let d = lints("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a/{x}: {}\n  /a/{y}: {}\n  /b/{x}: {}\n");
        assert_eq!(codes(&d).len(), 1);
        assert_eq!(d[0].lint.code, "W0006");
        assert_eq!(d[0].location.pointer, "/paths/~1a~1{y}");
        assert_eq!(d[0].severity, crate::diagnostic::Severity::Warning);
    }

    #[test]
    fn reference_objects_are_not_linted_for_siblings() {
        let d = lints("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      parameters:\n        - {$ref: '#/components/parameters/P', descripton: x}\n      responses: {}\n");
        assert_eq!(codes(&d), []);
    }
}
