//! Tests of operations: parameters, templates, refusals.

use super::{template_pieces, Piece};
use crate::ir::*;
use crate::lower::lower_yaml;

const SPEC: &str = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /items/{id}/tags/{tag}.json:
    parameters:
      - {name: id, in: path, required: true, style: label, schema: {type: array, items: {type: string}}}
    post:
      parameters:
        - {name: tag, in: path, required: true, schema: {type: string}}
        - {name: color, in: query, schema: {type: array, items: {type: string}}}
        - {name: pipes, in: query, style: pipeDelimited, explode: false, schema: {type: array, items: {type: string}}}
        - {name: filter, in: query, style: deepObject, schema: {type: object, properties: {a: {type: string}}}}
        - {name: X-Ids, in: header, schema: {type: array, items: {type: integer}}}
        - {name: session, in: cookie, explode: false, schema: {type: string}}
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: {type: object, properties: {tags: {type: array, items: {type: string}}, meta: {type: object}, joined: {type: array, items: {type: string}}}}
            encoding:
              tags: {style: pipeDelimited}
              meta: {style: form}
              joined: {style: form, explode: false}
      responses:
        "204": {description: done}
"##;

#[test]
fn the_path_template_is_split_into_parts() {
    let op = &lower_yaml(SPEC).operations[0];
    assert_eq!(
        op.path_parts,
        [
            PathPart::Literal("/items/".into()),
            PathPart::Param(0),
            PathPart::Literal("/tags/".into()),
            PathPart::Param(1),
            PathPart::Literal(".json".into()),
        ]
    );
    // An unclosed `{` is literal text.
    assert_eq!(template_pieces("/a/{b"), [Piece::Literal("/a/{b")]);
    assert_eq!(
        template_pieces("{a}{b}"),
        [Piece::Param("a"), Piece::Param("b")]
    );
}

#[test]
fn every_parameter_has_its_location_style_and_explode() {
    let op = &lower_yaml(SPEC).operations[0];
    let got: Vec<(&str, ParamLocation, ParamStyle, bool, bool)> = op
        .params
        .iter()
        .map(|p| (p.wire.as_str(), p.location, p.style, p.explode, p.scalar))
        .collect();
    use ParamLocation as L;
    use ParamStyle as S;
    assert_eq!(
        got,
        [
            ("id", L::Path, S::Label, false, false),
            ("tag", L::Path, S::Simple, false, true),
            ("color", L::Query, S::Form, true, false),
            ("pipes", L::Query, S::PipeDelimited, false, false),
            ("filter", L::Query, S::DeepObject, false, false),
            ("X-Ids", L::Header, S::Simple, false, false),
            ("session", L::Cookie, S::Form, false, true),
        ]
    );
}

#[test]
fn form_bodies_carry_their_encoding() {
    let op = &lower_yaml(SPEC).operations[0];
    let body = op.body.as_ref().expect("a body");
    let BodyKind::Form { encoding, .. } = &body.kind else {
        panic!("a form body: {body:?}")
    };
    assert_eq!(
        encoding,
        &[
            FormEncoding {
                property: "tags".into(),
                style: ParamStyle::PipeDelimited,
                explode: false
            },
            FormEncoding {
                property: "meta".into(),
                style: ParamStyle::Form,
                explode: true
            },
            FormEncoding {
                property: "joined".into(),
                style: ParamStyle::Form,
                explode: false
            },
        ]
    );
}

/// A document that the OpenAPI specification says is wrong, and the
/// pointer and words of the error the generator gives for it.
fn refused(paths: &str) -> (String, String) {
    let yaml = format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}");
    let doc = crate::load::load_str(std::path::Path::new("t.yaml"), &yaml).expect("loads");
    match crate::lower::lower(&doc) {
        Err(crate::Error::Invalid {
            location, message, ..
        }) => (location.pointer, message),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

const OK: &str = "responses: {'204': {description: done}}";

#[test]
fn invalid_documents_are_refused_with_the_rule() {
    let cases = [
            (
                format!("  items:\n    get: {{{OK}}}\n"),
                "/paths/items",
                "MUST begin with a forward slash",
            ),
            (
                format!("  /a:\n    get: {{operationId: x, {OK}}}\n  /b:\n    get: {{operationId: x, {OK}}}\n"),
                "/paths/~1b/get/operationId",
                "`x` is also the id of #/paths/~1a/get",
            ),
            (
                format!("  /a:\n    get:\n      parameters:\n        - {{name: q, in: query, schema: {{type: string}}}}\n        - {{name: q, in: query, schema: {{type: string}}}}\n      {OK}\n"),
                "/paths/~1a/get/parameters/1",
                "declared twice",
            ),
            (
                format!("  /a/{{id:\n    get: {{{OK}}}\n"),
                "/paths/~1a~1{id",
                "never closed",
            ),
            (
                format!("  /a/id}}:\n    get: {{{OK}}}\n"),
                "/paths/~1a~1id}",
                "without an opening",
            ),
            (
                format!("  /a:\n    get:\n      parameters:\n        - {{name: id, in: path, required: true, schema: {{type: string}}}}\n      {OK}\n"),
                "/paths/~1a/get",
                "`id` is not in the template",
            ),
            (
                format!("  /a/{{id}}:\n    get:\n      parameters:\n        - {{name: id, in: path, schema: {{type: string}}}}\n      {OK}\n"),
                "/paths/~1a~1{id}/get/parameters/0",
                "required MUST be true",
            ),
        ];
    for (paths, pointer, words) in cases {
        let (at, message) = refused(&paths);
        assert_eq!(at, pointer, "{message}");
        assert!(message.contains(words), "{message}");
    }
}

#[test]
fn the_same_parameter_on_the_path_item_and_the_operation_is_an_override() {
    let yaml = format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    parameters:\n      - {{name: q, in: query, schema: {{type: string}}}}\n    get:\n      parameters:\n        - {{name: q, in: query, required: true, schema: {{type: integer}}}}\n      {OK}\n");
    let api = crate::lower::lower_yaml(&yaml);
    let params = &api.operations[0].params;
    assert_eq!(params.len(), 1);
    assert_eq!(params[0].ty, TypeRef::Integer(IntKind::I64));
}

#[test]
fn path_parameters_in_the_query_string_of_the_key_are_sent_there() {
    let yaml = format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /users/{{id}}/pic?key={{APIKEY}}:\n    get:\n      parameters:\n        - {{name: id, in: path, required: true, schema: {{type: string}}}}\n        - {{name: APIKEY, in: path, required: true, schema: {{type: string}}}}\n      {OK}\n");
    let op = &crate::lower::lower_yaml(&yaml).operations[0];
    let got: Vec<(&str, &str, ParamLocation)> = op
        .params
        .iter()
        .map(|p| (p.name.as_str(), p.wire.as_str(), p.location))
        .collect();
    assert_eq!(
        got,
        [
            ("id", "id", ParamLocation::Path),
            ("apikey", "key", ParamLocation::Query)
        ]
    );
    assert_eq!(op.path, "/users/{id}/pic");
}

#[test]
fn equivalent_templates_with_different_methods_are_two_routes() {
    let yaml = format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /a/{{x}}:\n    get: {{parameters: [{{name: x, in: path, required: true, schema: {{type: string}}}}], {OK}}}\n  /a/{{y}}:\n    put: {{parameters: [{{name: y, in: path, required: true, schema: {{type: string}}}}], {OK}}}\n");
    assert_eq!(crate::lower::lower_yaml(&yaml).operations.len(), 2);
}

#[test]
fn headers_openapi_says_to_ignore_are_ignored() {
    let yaml = format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    get:\n      parameters:\n        - {{name: Accept, in: header, schema: {{type: string}}}}\n        - {{name: content-type, in: header, schema: {{type: string}}}}\n        - {{name: AUTHORIZATION, in: header, required: true, schema: {{type: string}}}}\n        - {{name: X-Trace, in: header, schema: {{type: string}}}}\n      {OK}\n");
    let api = crate::lower::lower_yaml(&yaml);
    let wires: Vec<&str> = api.operations[0]
        .params
        .iter()
        .map(|p| p.wire.as_str())
        .collect();
    assert_eq!(wires, ["X-Trace"]);
}

#[test]
fn operation_ids_keep_their_names_before_derived_ones() {
    let yaml = format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /items:\n    get: {{{OK}}}\n  /x:\n    get: {{operationId: get_items, {OK}}}\n  /y:\n    get: {{operationId: get_items_2, {OK}}}\n");
    let api = crate::lower::lower_yaml(&yaml);
    let names: Vec<&str> = api.operations.iter().map(|o| o.name.as_str()).collect();
    // `GET /items` has no id; its derived name `get_items` is taken.
    assert_eq!(names, ["get_items_3", "get_items", "get_items_2"]);
}

#[test]
fn integers_beyond_i64_are_u64() {
    let yaml = format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    get:\n      parameters:\n        - {{name: big, in: query, schema: {{type: integer, enum: [1, 18446744073709551615]}}}}\n        - {{name: small, in: query, schema: {{type: integer, enum: [-1, 1]}}}}\n      {OK}\n");
    let api = crate::lower::lower_yaml(&yaml);
    let tys: Vec<&TypeRef> = api.operations[0].params.iter().map(|p| &p.ty).collect();
    assert_eq!(
        tys,
        [
            &TypeRef::Integer(IntKind::U64),
            &TypeRef::Integer(IntKind::I64)
        ]
    );
}

#[test]
fn operation_and_path_servers_are_kept() {
    let yaml = format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\nservers: [{{url: 'https://api.example.com'}}]\npaths:\n  /a:\n    servers: [{{url: 'https://{{region}}.files.example.com', variables: {{region: {{default: eu}}}}}}]\n    get: {{{OK}}}\n    put: {{servers: [{{url: 'https://upload.example.com'}}], {OK}}}\n  /b:\n    get: {{servers: [{{url: 'https://api.example.com'}}], {OK}}}\n");
    let api = crate::lower::lower_yaml(&yaml);
    let servers: Vec<Option<&str>> = api.operations.iter().map(|o| o.server.as_deref()).collect();
    assert_eq!(
        servers,
        [
            Some("https://eu.files.example.com"),
            Some("https://upload.example.com"),
            None
        ]
    );
}

/// `*/*` admits any content: the schema says how to read it. A binary
/// string (or no schema) is the bytes, another string the text, any other
/// schema JSON.
#[test]
fn any_media_responses_are_read_by_their_schema() {
    let spec = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /bytes:
    get:
      responses:
        "200": {description: d, content: {"*/*": {schema: {type: string, format: binary}}}}
  /none:
    get:
      responses:
        "200": {description: d, content: {"*/*": {}}}
  /text:
    get:
      responses:
        "200": {description: d, content: {"*/*": {schema: {type: string}}}}
  /json:
    get:
      responses:
        "200": {description: d, content: {"*/*": {schema: {type: object, properties: {a: {type: string}}}}}}
  /ref:
    get:
      responses:
        "200": {description: d, content: {"*/*": {schema: {$ref: "#/components/schemas/File"}}}}
components:
  schemas:
    File: {type: string, format: binary}
"##;
    let api = lower_yaml(spec);
    let success = |path: &str| {
        let op = api.operations.iter().find(|o| o.path == path).unwrap();
        match &op.success {
            Success::Single(body) => body.clone(),
            other => panic!("{path}: {other:?}"),
        }
    };
    assert_eq!(success("/bytes"), ResponseBody::Bytes);
    assert_eq!(success("/none"), ResponseBody::Bytes);
    assert_eq!(success("/ref"), ResponseBody::Bytes);
    assert_eq!(success("/text"), ResponseBody::Text);
    assert!(matches!(
        success("/json"),
        ResponseBody::Json(TypeRef::Named(_))
    ));
}

/// A JSON body's schema that states one type gets a JSON text it refuses
/// by type (the conformance driver's bad-body check); a schema without one
/// (a bare `allOf`, `{}`) gets none.
#[test]
fn json_bodies_name_a_text_their_type_refuses() {
    let spec = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /object:
    post:
      requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/Thing"}}}}
      responses: {"204": {description: d}}
  /array:
    post:
      requestBody: {content: {application/json: {schema: {type: array, items: {type: string}}}}}
      responses: {"204": {description: d}}
  /string:
    post:
      requestBody: {content: {application/json: {schema: {type: string}}}}
      responses: {"204": {description: d}}
  /any:
    post:
      requestBody: {content: {application/json: {schema: {}}}}
      responses: {"204": {description: d}}
  /all:
    post:
      requestBody: {content: {application/json: {schema: {allOf: [{$ref: "#/components/schemas/Thing"}]}}}}
      responses: {"204": {description: d}}
  /form:
    post:
      requestBody: {content: {application/x-www-form-urlencoded: {schema: {$ref: "#/components/schemas/Thing"}}}}
      responses: {"204": {description: d}}
components:
  schemas:
    Thing: {type: object, properties: {a: {type: string}}}
"##;
    let api = lower_yaml(spec);
    let refused = |path: &str| {
        let op = api.operations.iter().find(|o| o.path == path).unwrap();
        op.body.as_ref().unwrap().refused_json
    };
    assert_eq!(refused("/object"), Some("[]"));
    assert_eq!(refused("/array"), Some("{}"));
    assert_eq!(refused("/string"), Some("[]"));
    assert_eq!(refused("/any"), None);
    assert_eq!(refused("/all"), None);
    assert_eq!(refused("/form"), None);
}
