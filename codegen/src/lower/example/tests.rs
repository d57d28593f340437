use super::*;
use serde_json::json;

fn synth(schema: Value) -> Value {
    let raw = json!({ "s": schema });
    let s = Synth::new(&raw);
    let schema = s.at("/s").unwrap();
    s.example(schema, Mode::Request, 0)
}

#[test]
fn bounds_multiples_and_lengths() {
    assert_eq!(
        synth(json!({"type": "integer", "minimum": 5, "multipleOf": 3})),
        json!(6)
    );
    assert_eq!(
        synth(json!({"type": "integer", "maximum": 0, "exclusiveMaximum": true})),
        json!(-1)
    );
    assert_eq!(
        synth(json!({"type": "number", "minimum": 0.5, "maximum": 0.75})),
        json!(0.75)
    );
    assert_eq!(
        synth(json!({"type": "string", "minLength": 10})),
        json!("exampleaaa")
    );
    assert_eq!(
        synth(json!({"type": "string", "maxLength": 3})),
        json!("exa")
    );
    assert_eq!(
        synth(json!({"type": "string", "format": "uuid"})),
        json!("3fa85f64-5717-4562-b3fc-2c963f66afa6")
    );
}

#[test]
fn request_examples_show_optional_properties() {
    let schema = json!({
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "id": {"type": "string", "readOnly": true},
            "inner": {"type": "object", "properties": {"x": {"type": "integer"}}}
        }
    });
    // At the top level of a request: every property but the read-only one;
    // nested objects only what they require.
    assert_eq!(
        synth(schema.clone()),
        json!({"name": "example", "inner": {}})
    );
    let raw = json!({ "s": schema });
    let s = Synth::new(&raw);
    assert_eq!(s.example(s.at("/s").unwrap(), Mode::Any, 0), json!({}));
}

#[test]
fn one_of_takes_an_alternative_only_it_accepts() {
    // A string fits both of the first two alternatives; an object
    // fits only the third.
    let v = synth(json!({"oneOf": [
        {"type": "string"},
        {"type": "string", "maxLength": 20},
        {"type": "object", "required": ["a"], "properties": {"a": {"type": "integer"}}}
    ]}));
    assert_eq!(v, json!({"a": 1}));
}

#[test]
fn all_of_required_names_take_their_members_property() {
    let v = synth(json!({
        "allOf": [{"type": "object", "properties": {"amount": {"type": "integer", "minimum": 5}}}],
        "required": ["amount"]
    }));
    assert_eq!(v, json!({"amount": 5}));
    // `properties` beside `type: string` make an object, as the generated type is.
    let v = synth(
        json!({"type": "string", "required": ["a"], "properties": {"a": {"type": "string"}}}),
    );
    assert_eq!(v, json!({"a": "example"}));
}

#[test]
fn patterns() {
    assert_eq!(
        synth(json!({"type": "string", "pattern": "^[A-Z]{2}-\\d{3}$"})),
        json!("AA-111")
    );
    assert_eq!(
        synth(json!({"type": "string", "pattern": "^(cus|acct)_[a-z0-9]+$"})),
        json!("cus_a")
    );
    // A minimum length grows the repetitions.
    assert_eq!(
        synth(json!({"type": "string", "pattern": "^[a-z]+-[0-9]+$", "minLength": 6})),
        json!("aaaaaa-1")
    );
    // A pattern that cannot be read falls back to a plain string.
    assert_eq!(
        synth(json!({"type": "string", "pattern": "(?<=a)b"})),
        json!("example")
    );
}

#[test]
fn spec_values_only_when_they_fit() {
    assert_eq!(
        synth(json!({"type": "integer", "example": 7, "maximum": 9})),
        json!(7)
    );
    assert_eq!(
        synth(json!({"type": "integer", "example": 70, "maximum": 9})),
        json!(1)
    );
    assert_eq!(
        synth(json!({"type": "string", "enum": ["a", "b"], "default": "b"})),
        json!("b")
    );
    assert_eq!(
        synth(json!({"type": "string", "enum": ["a", "b"], "default": "c"})),
        json!("a")
    );
}

#[test]
fn objects_arrays_and_unions() {
    let v = synth(json!({
        "type": "object",
        "required": ["id", "tags"],
        "properties": {
            "id": {"type": "string", "readOnly": true},
            "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 1},
            "note": {"type": "string"}
        }
    }));
    // Required ones (read-only or not), then the optional ones of a request.
    assert_eq!(
        v,
        json!({"id": "example", "tags": ["example"], "note": "example"})
    );
    let raw = json!({
        "components": {"schemas": {
            "Cat": {"type": "object", "required": ["kind", "lives"], "properties": {
                "kind": {"type": "string"}, "lives": {"type": "integer", "minimum": 9}}},
            "Pet": {"oneOf": [{"$ref": "#/components/schemas/Cat"}],
                    "discriminator": {"propertyName": "kind", "mapping": {"cat": "#/components/schemas/Cat"}}}
        }}
    });
    let s = Synth::new(&raw);
    let pet = s.at("/components/schemas/Pet").unwrap();
    assert_eq!(
        s.example(pet, Mode::Any, 0),
        json!({"kind": "cat", "lives": 9})
    );
}

/// A `format: uri` example is one the runtime's RFC 3986 parser reads: a
/// spec example outside the grammar (a space, braces) is not used.
#[test]
fn uri_examples_are_rfc_3986() {
    assert_eq!(
        synth(json!({"type": "string", "format": "uri", "example": "https://x.y.1/a"})),
        json!("https://x.y.1/a")
    );
    for bad in [
        "https://a b.example",
        "https://example.com/{id}",
        "/relative",
    ] {
        assert_eq!(
            synth(json!({"type": "string", "format": "uri", "example": bad})),
            json!("https://example.com/"),
            "{bad}"
        );
    }
}

fn synth_param(schema: Value) -> Value {
    let raw = json!({ "s": schema });
    let s = Synth::new(&raw);
    s.example(s.at("/s").unwrap(), Mode::Param, 0)
}

/// A parameter is text on the wire, where the number `1` is also the
/// string `"1"`: of `oneOf: [integer, string]` it takes a string that no
/// number reads. A body keeps the number (JSON tells them apart).
#[test]
fn a_parameter_union_takes_an_example_no_other_alternative_reads_as_text() {
    let schema = json!({"oneOf": [{"type": "integer"}, {"type": "string"}]});
    assert_eq!(synth_param(schema.clone()), json!("example"));
    assert_eq!(synth(schema), json!(1));
    let raw = json!({});
    let s = Synth::new(&raw);
    let alt = json!({"type": "string"});
    assert!(s.accepts(&json!(1), &alt, Mode::Param));
    assert!(!s.accepts(&json!(1), &alt, Mode::Request));
    assert!(s.accepts(&json!("2"), &json!({"type": "integer"}), Mode::Param));
    assert!(!s.accepts(&json!("x"), &json!({"type": "integer"}), Mode::Param));
}

/// A body whose `anyOf`/`oneOf` alternatives only say which properties are
/// required (GitHub's PATCH bodies): each required property gets the
/// example of its definition beside the union (the first `enum` value, an
/// object, an array), not a placeholder string.
#[test]
fn union_alternatives_that_only_require_use_the_enclosing_properties() {
    let state = json!({"type": "string", "enum": ["open", "dismissed"]});
    let schema = json!({
        "type": "object",
        "properties": {
            "state": state,
            "assignees": {"type": "array", "items": {"type": "string"}}
        },
        "anyOf": [{"required": ["state"]}, {"required": ["assignees"]}]
    });
    let v = synth(schema.clone());
    assert_eq!(v["state"], json!("open"));
    assert_eq!(v["assignees"], json!(["example", "example"]));
    let raw = json!({ "s": schema });
    let s = Synth::new(&raw);
    assert!(s.fits(&v, &raw["s"], 0));
    // Pages: `source` is an object, `build_type` an enum.
    let schema = json!({
        "type": "object",
        "properties": {
            "build_type": {"type": "string", "enum": ["legacy", "workflow"]},
            "source": {
                "type": "object",
                "required": ["branch"],
                "properties": {"branch": {"type": "string"}}
            }
        },
        "anyOf": [{"required": ["source"]}, {"required": ["build_type"]}]
    });
    let v = synth(schema);
    assert_eq!(v["source"], json!({"branch": "example"}));
    assert_eq!(v["build_type"], json!("legacy"));
}

/// `oneOf` alternatives that require one property each: the example has
/// the chosen one's property (an array, not a string, where the enclosing
/// schema says array) and leaves out the optional property that would make
/// it match the other alternative too.
#[test]
fn one_of_required_alternatives_match_exactly_one() {
    let schema = json!({
        "type": "object",
        "required": ["name"],
        "properties": {
            "name": {"type": "string"},
            "code_scanning_alerts": {
                "type": "array", "nullable": true, "minItems": 1,
                "items": {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}
            },
            "secret_scanning_alerts": {"type": "array", "items": {"type": "integer"}}
        },
        "oneOf": [
            {"required": ["code_scanning_alerts"]},
            {"required": ["secret_scanning_alerts"]}
        ]
    });
    let v = synth(schema.clone());
    assert_eq!(
        v,
        json!({"code_scanning_alerts": [{"id": 1}, {"id": 1}], "name": "example"})
    );
    let raw = json!({ "s": schema });
    let s = Synth::new(&raw);
    assert!(s.fits(&v, &raw["s"], 0));
    // Both properties: both alternatives match, which `oneOf` refuses.
    let mut both = v.clone();
    both["secret_scanning_alerts"] = json!([1]);
    assert!(!s.fits(&both, &raw["s"], 0));
}

/// A spec example that its own schema refuses (an `enum` value that is
/// not listed) is not used; one made from the schema is.
#[test]
fn an_example_outside_its_enum_is_not_used() {
    assert_eq!(
        synth(json!({"type": "string", "enum": ["open", "dismissed"], "example": "fixed"})),
        json!("open")
    );
    assert_eq!(
        synth(json!({"type": "string", "enum": ["open", "dismissed"], "default": "dismissed"})),
        json!("dismissed")
    );
}

#[test]
fn untyped_form_properties_get_a_string() {
    // A form writes an empty object as nothing: the required `Data` of
    // any type gets a string instead; typed properties keep theirs.
    let raw = json!({"s": {
        "type": "object",
        "required": ["Data"],
        "properties": {
            "Data": {"description": "A JSON string"},
            "Meta": {"type": "object"},
            "Ttl": {"type": "integer"}
        }
    }});
    let s = Synth::new(&raw);
    let schema = s.at("/s").unwrap();
    let example = s.example(schema, Mode::Request, 0);
    assert_eq!(example["Data"], json!({}));
    assert_eq!(
        s.form_values(schema, example),
        json!({"Data": "example", "Meta": {}, "Ttl": 1})
    );
}

/// The notes of one request body's example.
fn notes(schema: Value) -> Vec<String> {
    let raw = json!({ "s": schema });
    let s = Synth::new(&raw);
    let schema = s.at("/s").unwrap();
    s.example(schema, Mode::Request, 0);
    s.notes.take()
}

#[test]
fn a_one_of_no_value_matches_once_is_noted() {
    // Two object alternatives that require nothing and allow any other
    // property: every object matches both (1Password's events body).
    let open = json!({"oneOf": [
        {"type": "object", "properties": {"cursor": {"type": "string"}}},
        {"type": "object", "properties": {"limit": {"type": "integer"}}},
    ]});
    let found = notes(open);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains("no value matches exactly one alternative"),
        "{found:?}"
    );
    // One alternative requires what the other does not have: no note.
    assert!(notes(json!({"oneOf": [
        {"type": "object", "required": ["cursor"], "properties": {"cursor": {"type": "string"}}},
        {"type": "object", "properties": {"limit": {"type": "integer"}}},
    ]}))
    .is_empty());
    // `anyOf` may match several.
    assert!(notes(json!({"anyOf": [{"type": "object"}, {"type": "object"}]})).is_empty());
    // A contradiction inside an alternative that is not taken is dropped
    // with it.
    // (The first alternative's `[{}]` also matches the second, whose own
    // example the first refuses.)
    let nested = json!({"oneOf": [
        {"type": "array", "minItems": 1, "items": {"oneOf": [
            {"type": "object"}, {"type": "object"}
        ]}},
        {"type": "array"},
    ]});
    assert!(notes(nested).is_empty());
    // Taken, it is kept.
    let taken = json!({"type": "object", "required": ["a"], "properties": {"a": {"oneOf": [
        {"type": "object"}, {"type": "object"}
    ]}}});
    assert_eq!(notes(taken).len(), 1);
}

#[test]
fn one_of_alternatives_of_optional_properties_show_them() {
    // GitHub's `issues/set-labels` body: each alternative's required-only
    // example is `{}`, which both match; with their optional property,
    // `{"labels": ["example", "example"]}` matches the first alone.
    let v = synth(json!({"oneOf": [
        {"type": "object", "properties": {"labels": {"type": "array", "minItems": 1, "items": {"type": "string"}}}},
        {"type": "object", "properties": {"labels": {"type": "array", "minItems": 1, "items": {
            "type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]
        }}}},
    ]}));
    assert_eq!(v, json!({"labels": ["example", "example"]}));
}

#[test]
fn a_required_array_of_objects_parameter_is_a_contradiction() {
    let api_of = |required: bool| {
        let spec = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /markers:\n    get:\n      \
             operationId: get_markers\n      parameters:\n        - {{name: timeline, in: query, \
             required: {required}, schema: {{type: array, items: {{type: object}}}}}}\n        - \
             {{name: tags, in: query, required: true, schema: {{type: array, items: {{type: \
             string}}}}}}\n      responses:\n        '204': {{description: ok}}\n"
        );
        let doc = crate::load::load_str(std::path::Path::new("t.yaml"), &spec).unwrap();
        let mut api = crate::lower::lower(&doc).unwrap();
        examples(&mut api, &doc, None);
        api.examples.unwrap().contradictions
    };
    let found = api_of(true);
    assert!(
        found[0]
            .as_deref()
            .is_some_and(|r| r.contains("`timeline` is an array of objects")),
        "{found:?}"
    );
    // Optional, it is left out of the request.
    assert_eq!(api_of(false), [None]);
}

#[test]
fn a_member_that_only_requires_takes_the_definition_of_another() {
    // YNAB's `SaveTransaction`: `allOf` the member that defines the
    // properties and one that only requires them.
    let v = synth(json!({"allOf": [
        {"type": "object", "properties": {
            "account_id": {"type": "string", "format": "uuid"},
            "amount": {"type": "integer", "format": "int64"},
        }},
        {"type": "object", "required": ["account_id", "amount"]},
    ]}));
    assert_eq!(
        v["account_id"],
        json!("3fa85f64-5717-4562-b3fc-2c963f66afa6")
    );
    assert_eq!(v["amount"], json!(1));
}
