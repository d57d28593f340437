//! The generated example values (`Builder::examples`): every one, for every
//! type, parameter and request body of the checkout specs and of each
//! fixture in `tests/specs/`, serialises to a value that a JSON Schema
//! validator accepts against the schema it was made for; and generation is
//! deterministic.

use std::path::Path;

use serde_json::Value;

type Listed = Vec<(&'static str, Result<Value, serde_json::Error>)>;

/// The spec as a JSON Schema root whose `$ref` points at `pointer`, with
/// OpenAPI 3.0's `nullable` written as JSON Schema's `null` type.
fn validator_for(doc: &Value, pointer: &str) -> jsonschema::Validator {
    let mut root = doc.clone();
    let three_one = doc["openapi"]
        .as_str()
        .is_some_and(|v| v.starts_with("3.1"));
    if !three_one {
        nullable_to_null(&mut root);
    }
    let Value::Object(m) = &mut root else {
        panic!("the document is no object")
    };
    // A URI fragment: characters outside it percent-encoded.
    let escaped: String = pointer
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    m.insert("$ref".into(), Value::String(format!("#{escaped}")));
    let mut options = jsonschema::options().should_validate_formats(true);
    options = if three_one {
        options.with_draft(jsonschema::Draft::Draft202012)
    } else {
        options.with_draft(jsonschema::Draft::Draft4)
    };
    options
        .build(&root)
        .unwrap_or_else(|e| panic!("schema at {pointer}: {e}"))
}

fn nullable_to_null(v: &mut Value) {
    match v {
        Value::Object(m) => {
            if m.get("nullable") == Some(&Value::Bool(true)) {
                if let Some(Value::String(t)) = m.get("type").cloned() {
                    m.insert("type".into(), serde_json::json!([t, "null"]));
                }
                if let Some(Value::Array(e)) = m.get_mut("enum") {
                    e.push(Value::Null);
                }
            }
            m.values_mut().for_each(nullable_to_null);
        }
        Value::Array(a) => a.iter_mut().for_each(nullable_to_null),
        _ => {}
    }
}

/// The pointer with each `$ref` met on the way followed, so that it names
/// the schema itself (a parameter's pointer may pass through a `$ref`).
fn canonical(doc: &Value, pointer: &str) -> String {
    let mut at = String::new();
    for token in pointer.split('/').skip(1) {
        while let Some(Value::String(r)) = doc.pointer(&at).and_then(|n| n.get("$ref")) {
            at = r.trim_start_matches('#').to_owned();
        }
        at.push('/');
        at.push_str(token);
    }
    at
}

fn check(spec: &str, listed: Listed) {
    let failures = refused(spec, listed);
    assert!(
        failures.is_empty(),
        "examples the schema refuses:\n{}",
        failures.join("\n")
    );
}

/// The examples the schema refuses, each with its pointer and errors.
fn refused(spec: &str, listed: Listed) -> Vec<String> {
    let text = std::fs::read_to_string(spec).unwrap();
    let doc: Value = serde_yaml::from_str(&text).unwrap();
    assert!(!listed.is_empty(), "{spec}: no examples");
    let mut failures = Vec::new();
    for (pointer, value) in listed {
        let value = value.unwrap_or_else(|e| panic!("{spec} {pointer}: does not serialise: {e}"));
        let validator = validator_for(&doc, &canonical(&doc, pointer));
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| e.to_string())
            .collect();
        if !errors.is_empty() {
            failures.push(format!(
                "{spec} #{pointer}: {value} — {}",
                errors.join("; ")
            ));
        }
    }
    failures
}

macro_rules! fixtures {
    ($($module:ident),* $(,)?) => {
        const FIXTURES: &[&str] = &[$(stringify!($module)),*];
        $(
            #[test]
            fn $module() {
                check(
                    &format!("tests/specs/{}.yaml", stringify!($module)),
                    apigen_suite::fixtures::$module::example_values(),
                );
            }
        )*
    };
}

fixtures!(
    any_media,
    arrays,
    bodies,
    clippy,
    deep,
    edge_cases,
    error_checks,
    hostile,
    maps,
    names,
    nested_object,
    nullable_items,
    open_enum,
    openapi31,
    operations,
    optional_nullable,
    prism_blind,
    refs,
    scalars,
    served_example,
    styles,
    tags,
    union_examples,
    unions,
    untyped_errors,
);

/// The one example no schema-valid value exists for is the `oneOf` body
/// every object matches twice (`postEvents`, a spec contradiction); the
/// others, the octet-stream object and the array of objects among them,
/// pass.
#[test]
fn contradictions() {
    let failures = refused(
        "tests/specs/contradictions.yaml",
        apigen_suite::fixtures::contradictions::example_values(),
    );
    // (Listed twice: the body's type and the operation's body.)
    assert!(!failures.is_empty());
    for f in &failures {
        assert!(
            f.contains("#/paths/~1events/post/requestBody/") && f.contains("oneOf"),
            "{failures:#?}"
        );
    }
}

#[test]
fn checkout_specs() {
    check(
        "specs/leanrails.yaml",
        checkout_clients::leanrails::example_values(),
    );
    check(
        "specs/yorlet.yaml",
        checkout_clients::yorlet::example_values(),
    );
}

#[test]
fn every_fixture_is_checked() {
    let specs = apigen::regenerate::find_specs(Path::new("tests/specs")).unwrap();
    for spec in specs {
        let module = apigen::module_name(&spec);
        assert!(
            FIXTURES.contains(&module.as_str()) || module == "contradictions",
            "tests/examples.rs: add `{module}` to the fixtures! list"
        );
    }
}

#[test]
fn examples_are_deterministic() {
    let builder = apigen::Builder::new().examples(true).rustfmt(false);
    for spec in [
        "specs/yorlet.yaml",
        "tests/specs/unions.yaml",
        "tests/specs/styles.yaml",
    ] {
        let a = builder.generate_one(Path::new(spec)).unwrap();
        let b = builder.generate_one(Path::new(spec)).unwrap();
        assert_eq!(a, b, "{spec}");
        assert!(a.contains("pub fn example() -> Self"), "{spec}");
    }
}

#[test]
fn a_spec_example_is_used_when_it_fits() {
    // LeanRails gives `cs_xxx` as the session id example.
    let session = checkout_clients::leanrails::CheckoutSession::example();
    assert_eq!(session.id, "cs_xxx");
    // Off unless asked for.
    let plain = apigen::Builder::new()
        .rustfmt(false)
        .generate_one(Path::new("specs/yorlet.yaml"))
        .unwrap();
    assert!(!plain.contains("fn example()"));
}

#[test]
fn the_check_catches_a_value_its_schema_refuses() {
    let doc: Value =
        serde_yaml::from_str(&std::fs::read_to_string("specs/leanrails.yaml").unwrap()).unwrap();
    // parameters/0 is a `$ref` to the API-version header; 1 is `limit`.
    let pointer = canonical(
        &doc,
        "/paths/~1v1~1checkout_sessions/get/parameters/1/schema",
    );
    let validator = validator_for(&doc, &pointer);
    assert!(validator.is_valid(&serde_json::json!(10)));
    assert!(
        !validator.is_valid(&serde_json::json!(0)),
        "limit is 1..=100"
    );
}
