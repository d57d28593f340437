//! Documents the OpenAPI specification calls wrong are refused by load,
//! each with the file, the line and column, the JSON pointer and the rule.

use std::path::Path;

use apigen::internal::load_str;
use apigen::Error;

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

/// A document with one operation `GET /a` whose 200 response has `schema`.
fn with_schema(schema: &str, rest: &str) -> String {
    format!(
        "{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {schema}\n{rest}"
    )
}

/// Loads `text` and checks the error: its kind, pointer, line and a part
/// of its message (the rule).
fn refused(text: &str, kind: &str, pointer: &str, line: u32, rule: &str) -> Error {
    let err = load_str(Path::new("spec.yaml"), text).expect_err("the document is invalid");
    let shown = err.to_string();
    assert_eq!(err.kind(), kind, "{shown}");
    assert_eq!(err.pointer(), Some(pointer), "{shown}");
    assert!(
        shown.starts_with(&format!("spec.yaml:{line}:")),
        "expected line {line}: {shown}"
    );
    assert!(shown.contains(rule), "expected `{rule}` in: {shown}");
    err
}

const REF_RULE: &str = "(OpenAPI 3, Reference Object: $ref is a URI reference";

#[test]
fn a_ref_that_is_not_a_string() {
    let text = with_schema("{$ref: 5}", "");
    refused(
        &text,
        "invalid",
        "/paths/~1a/get/responses/200/content/application~1json/schema/$ref",
        11,
        "`$ref` must be a string, found a number",
    );
    refused(
        &text,
        "invalid",
        "/paths/~1a/get/responses/200/content/application~1json/schema/$ref",
        11,
        REF_RULE,
    );
}

#[test]
fn a_ref_to_the_document_root() {
    for root in ["'#'", "'#/'"] {
        let text = with_schema(&format!("{{$ref: {root}}}"), "");
        let err = refused(
            &text,
            "invalid",
            "/paths/~1a/get/responses/200/content/application~1json/schema/$ref",
            11,
            REF_RULE,
        );
        assert!(
            err.to_string().contains("points at the document root"),
            "{err}"
        );
    }
}

#[test]
fn a_ref_with_an_invalid_pointer_escape() {
    let text = with_schema(
        "{$ref: '#/components/schemas/a~2b'}",
        "components:\n  schemas:\n    a~2b: {type: string}\n",
    );
    refused(
        &text,
        "invalid",
        "/paths/~1a/get/responses/200/content/application~1json/schema/$ref",
        11,
        "invalid escape `~2` (RFC 6901, JSON Pointer",
    );
}

#[test]
fn an_empty_ref_is_not_called_external() {
    let text = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{$ref: ''}}\n");
    let err = refused(
        &text,
        "invalid",
        "/components/schemas/A/$ref",
        6,
        "empty `$ref`",
    );
    assert!(!err.to_string().contains("external"), "{err}");
}

#[test]
fn a_schema_ref_naming_an_operation_or_a_path_item() {
    let op = with_schema("{$ref: '#/paths/~1a/get'}", "");
    let err = refused(
        &op,
        "invalid",
        "/paths/~1a/get/responses/200/content/application~1json/schema/$ref",
        11,
        "a schema's $ref names a Schema Object",
    );
    assert!(
        err.to_string().contains("names an Operation Object"),
        "{err}"
    );
    let item = with_schema("{type: object, properties: {p: {$ref: '#/paths/~1a'}}}", "");
    let err = refused(
        &item,
        "invalid",
        "/paths/~1a/get/responses/200/content/application~1json/schema/properties/p/$ref",
        11,
        "names a Path Item Object",
    );
    assert_eq!(err.kind(), "invalid");
    // The same reference from a schema via a chain of bare `$ref`s.
    let chained = with_schema(
        "{$ref: '#/components/schemas/A'}",
        "components:\n  schemas:\n    A: {$ref: '#/components/responses/R'}\n  responses:\n    R: {description: r}\n",
    );
    refused(
        &chained,
        "invalid",
        "/paths/~1a/get/responses/200/content/application~1json/schema/$ref",
        11,
        "names a Response Object",
    );
}

#[test]
fn non_core_yaml_tags() {
    let text = format!("{HEAD}paths: {{}}\nx-data: !!python/object:os.system {{a: 1}}\n");
    refused(
        &text,
        "invalid",
        "/x-data",
        4,
        "YAML tag `!!python/object:os.system`",
    );
    let text = format!("{HEAD}paths: {{}}\nx-data: !local 1\n");
    refused(
        &text,
        "invalid",
        "/x-data",
        4,
        "tags of the JSON schema ruleset",
    );
}

#[test]
fn an_unknown_schema_type() {
    let text = with_schema("{type: object, properties: {n: {type: foo}}}", "");
    refused(
        &text,
        "invalid",
        "/paths/~1a/get/responses/200/content/application~1json/schema/properties/n/type",
        11,
        "unknown schema type `foo` (OpenAPI 3, Schema Object: type is one of",
    );
}

#[test]
fn a_minimum_above_the_maximum() {
    let text = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    N:\n      type: integer\n      minimum: 10\n      maximum: 5\n");
    refused(
        &text,
        "invalid",
        "/components/schemas/N/minimum",
        8,
        "`minimum` 10 is above `maximum` 5",
    );
}

#[test]
fn response_keys_that_are_not_status_codes() {
    for key in ["999", "20X", "abc"] {
        let text = format!("{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '{key}': {{description: x}}\n");
        refused(
            &text,
            "invalid",
            &format!("/paths/~1a/get/responses/{key}"),
            7,
            "(OpenAPI 3, Responses Object: keys are HTTP status codes",
        );
    }
    let ok = format!("{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '2XX': {{description: x}}\n        '404': {{description: x}}\n        default: {{description: x}}\n        x-note: 1\n");
    load_str(Path::new("spec.yaml"), &ok).unwrap();
}

#[test]
fn security_requirements_naming_undeclared_schemes() {
    let text = format!("{HEAD}security:\n  - basic: []\npaths: {{}}\ncomponents:\n  securitySchemes:\n    bearer: {{type: http, scheme: bearer}}\n");
    refused(
        &text,
        "invalid",
        "/security/0/basic",
        4,
        "(OpenAPI 3, Security Requirement Object: each name MUST correspond to a security scheme",
    );
    let op = format!("{HEAD}paths:\n  /a:\n    get:\n      security: [{{key: []}}]\n      responses: {{'200': {{description: ok}}}}\n");
    refused(&op, "invalid", "/paths/~1a/get/security/0/key", 6, "`key`");
}

#[test]
fn undeclared_server_variables() {
    let text = format!("{HEAD}servers:\n  - url: 'https://{{region}}.example.com'\npaths: {{}}\n");
    refused(&text, "invalid", "/servers/0/url", 4, "uses `{region}`, which the server's `variables` does not declare (OpenAPI 3, Server Object");
    let ok = format!("{HEAD}servers:\n  - url: 'https://{{region}}.example.com'\n    variables: {{region: {{default: eu}}}}\npaths: {{}}\n");
    load_str(Path::new("spec.yaml"), &ok).unwrap();
}

#[test]
fn a_parameter_with_both_schema_and_content_or_neither() {
    let param = |p: &str| {
        format!("{HEAD}paths:\n  /a:\n    get:\n      parameters:\n        - {p}\n      responses: {{'200': {{description: ok}}}}\n")
    };
    let both = param("{name: q, in: query, schema: {type: string}, content: {application/json: {schema: {type: string}}}}");
    refused(&both, "invalid", "/paths/~1a/get/parameters/0", 7, "with both `schema` and `content` (OpenAPI 3, Parameter Object: a parameter MUST contain either a schema property, or a content property, but not both)");
    // Named in OpenAPI terms, not serde's ("no variant of enum ParameterSchemaOrContent").
    let err = refused(
        &param("{name: q, in: query}"),
        "invalid",
        "/paths/~1a/get/parameters/0",
        7,
        "neither `schema` nor `content`",
    );
    assert!(!err.to_string().contains("variant"), "{err}");
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let yaml = format!("\u{feff}{HEAD}paths: {{}}\n");
    load_str(Path::new("spec.yaml"), &yaml).unwrap();
    let json = "\u{feff}{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"t\", \"version\": \"1\"}, \"paths\": {}}";
    load_str(Path::new("spec.json"), json).unwrap();
}

#[test]
fn a_duplicate_key_is_located_at_its_second_occurrence() {
    let text = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{type: string}}\n    B: {{type: string}}\n    A: {{type: integer}}\n");
    refused(
        &text,
        "invalid",
        "/components/schemas/A",
        8,
        "duplicate key `A` (OpenAPI 3, Format:",
    );
    let json = "{\"openapi\": \"3.0.3\",\n \"info\": {\"title\": \"t\", \"version\": \"1\"},\n \"paths\": {},\n \"info\": {}}";
    let err = load_str(Path::new("spec.json"), json).unwrap_err();
    assert_eq!(err.kind(), "invalid", "{err}");
    assert!(err.to_string().starts_with("spec.json:4:"), "{err}");
    assert!(err.to_string().contains("duplicate key `info`"), "{err}");
}

#[test]
fn a_nul_byte_is_located_where_it_is() {
    let text = format!("{HEAD}paths: {{}}\nx-a: \"ab\0c\"\n");
    let err = load_str(Path::new("spec.yaml"), &text).unwrap_err();
    assert_eq!(err.kind(), "syntax", "{err}");
    assert!(err.to_string().starts_with("spec.yaml:4:9: "), "{err}");
    assert!(err.to_string().contains("U+0000"), "{err}");
}

#[test]
fn a_bare_ref_cycle_keeps_its_kind_and_a_chain_its_end() {
    let text = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{$ref: '#/components/schemas/B'}}\n    B: {{$ref: '#/components/schemas/A'}}\n");
    let err = load_str(Path::new("spec.yaml"), &text).unwrap_err();
    assert!(matches!(err, Error::RefCycle { .. }), "{err}");
    assert!(err.to_string().starts_with("spec.yaml:6:"), "{err}");
    let chain = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{$ref: '#/components/schemas/B'}}\n    B: {{$ref: '#/components/schemas/C'}}\n    C: {{type: string}}\n");
    let doc = load_str(Path::new("spec.yaml"), &chain).unwrap();
    // A names B, whose chain ends at C.
    assert_eq!(
        doc.ref_targets["#/components/schemas/B"],
        "#/components/schemas/C"
    );
}
