//! Cross-checks the OpenAPI specs in `specs/` against the example responses of
//! the providers' reference pages (`tests/fixtures/*_list.json`).
//!
//! Every key path of a fixture must be declared in the spec's 200 response
//! schema (following `$ref`, array `items` and map `additionalProperties`),
//! with a matching JSON type, `null` only where `nullable`, and enum values
//! among the declared ones; every required property must be present. The
//! mutation tests remove each property the fixture uses from an in-memory
//! copy of the spec and assert that the check then fails at that path.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

const RESPONSE_200: &str =
    "/paths/~1v1~1checkout_sessions/get/responses/200/content/application~1json/schema";

struct Api {
    spec: &'static str,
    fixture: &'static str,
    /// Properties reachable from the 200 response that the fixture does not
    /// use, each documented in the spec as coming from outside the page.
    extra_properties: &'static [&'static str],
}

const LEANRAILS: Api = Api {
    spec: "specs/leanrails.yaml",
    fixture: "tests/fixtures/leanrails_list.json",
    extra_properties: &[],
};

const YORLET: Api = Api {
    spec: "specs/yorlet.yaml",
    fixture: "tests/fixtures/yorlet_list.json",
    extra_properties: &["/components/schemas/CheckoutSession/properties/status"],
};

fn repo_file(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn load_spec(rel: &str) -> Value {
    let path = repo_file(rel);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("parsing {}: {e}", path.display()))
}

fn load_fixture(rel: &str) -> Value {
    let path = repo_file(rel);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parsing {}: {e}", path.display()))
}

/// Escapes one JSON-pointer reference token.
fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn display(path: &str) -> &str {
    if path.is_empty() {
        "(root)"
    } else {
        path
    }
}

fn type_matches(ty: &str, value: &Value) -> bool {
    match ty {
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "string" => value.is_string(),
        "boolean" => value.is_boolean(),
        "object" => value.is_object(),
        "array" => value.is_array(),
        _ => false,
    }
}

/// Result of checking one fixture against one spec.
#[derive(Default)]
struct Report {
    /// One line per problem, each starting with the fixture key path and `: `.
    errors: Vec<String>,
    /// JSON pointer of each property declaration the fixture used, with the
    /// fixture key paths that used it.
    used: BTreeMap<String, BTreeSet<String>>,
}

struct Checker<'a> {
    spec: &'a Value,
    report: Report,
}

impl<'a> Checker<'a> {
    /// Follows `$ref`s from the schema at `ptr`; returns the final pointer and
    /// schema.
    fn resolve(&self, ptr: &str) -> Result<(String, &'a Value), String> {
        let mut ptr = ptr.to_string();
        for _ in 0..32 {
            let schema = self
                .spec
                .pointer(&ptr)
                .ok_or_else(|| format!("no schema at `{ptr}`"))?;
            match schema.get("$ref") {
                None => return Ok((ptr, schema)),
                Some(Value::String(target)) => match target.strip_prefix('#') {
                    Some(local) if self.spec.pointer(local).is_some() => ptr = local.to_string(),
                    _ => return Err(format!("`$ref: {target}` at `{ptr}` does not resolve")),
                },
                Some(other) => return Err(format!("`$ref` at `{ptr}` is not a string: {other}")),
            }
        }
        Err(format!("`$ref` chain from `{ptr}` is too long"))
    }

    fn error(&mut self, path: &str, message: String) {
        self.report
            .errors
            .push(format!("{}: {message}", display(path)));
    }

    fn check(&mut self, ptr: &str, value: &Value, path: &str) {
        let (ptr, schema) = match self.resolve(ptr) {
            Ok(found) => found,
            Err(e) => return self.error(path, e),
        };
        if value.is_null() {
            if schema.get("nullable") != Some(&Value::Bool(true)) {
                self.error(
                    path,
                    format!("null, but the schema at `{ptr}` is not nullable"),
                );
            }
            return;
        }
        let Some(ty) = schema.get("type").and_then(Value::as_str) else {
            return self.error(path, format!("the schema at `{ptr}` declares no `type`"));
        };
        if !type_matches(ty, value) {
            return self.error(
                path,
                format!("value {value} does not match the declared type `{ty}` at `{ptr}`"),
            );
        }
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            if !values.contains(value) {
                self.error(
                    path,
                    format!("value {value} is not among the enum values {values:?} at `{ptr}`"),
                );
            }
        }
        match value {
            Value::Object(map) => {
                let properties = schema.get("properties").and_then(Value::as_object);
                let additional = schema
                    .get("additionalProperties")
                    .filter(|a| a.is_object())
                    .is_some();
                for (key, child) in map {
                    let child_path = join(path, key);
                    if properties.is_some_and(|p| p.contains_key(key)) {
                        let prop_ptr = format!("{ptr}/properties/{}", escape(key));
                        self.report
                            .used
                            .entry(prop_ptr.clone())
                            .or_default()
                            .insert(child_path.clone());
                        self.check(&prop_ptr, child, &child_path);
                    } else if additional {
                        self.check(&format!("{ptr}/additionalProperties"), child, &child_path);
                    } else {
                        self.error(
                            &child_path,
                            format!("not declared in the spec (schema `{ptr}`)"),
                        );
                    }
                }
                for required in schema
                    .get("required")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                {
                    if !map.contains_key(required) {
                        self.error(
                            &join(path, required),
                            format!("required by `{ptr}` but missing from the fixture"),
                        );
                    }
                }
            }
            Value::Array(items) => {
                if schema.get("items").is_none() {
                    return self.error(path, format!("array schema `{ptr}` has no `items`"));
                }
                let items_ptr = format!("{ptr}/items");
                let items_path = format!("{path}[]");
                for item in items {
                    self.check(&items_ptr, item, &items_path);
                }
            }
            _ => {}
        }
    }
}

/// Checks `fixture` against the 200 response schema of `spec`.
fn check_fixture(spec: &Value, fixture: &Value) -> Report {
    let mut checker = Checker {
        spec,
        report: Report::default(),
    };
    checker.check(RESPONSE_200, fixture, "");
    checker.report
}

/// Every key path of a JSON value, arrays written as `[]`.
fn key_paths(value: &Value, path: &str, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let child_path = join(path, key);
                out.insert(child_path.clone());
                key_paths(child, &child_path, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                key_paths(item, &format!("{path}[]"), out);
            }
        }
        _ => {}
    }
}

/// Pointers of every property declaration reachable from the schema at `ptr`.
fn reachable_properties(spec: &Value, ptr: &str, seen: &mut BTreeSet<String>) {
    let checker = Checker {
        spec,
        report: Report::default(),
    };
    let (ptr, schema) = checker.resolve(ptr).expect("resolvable schema");
    if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
        for name in properties.keys() {
            let prop_ptr = format!("{ptr}/properties/{}", escape(name));
            if seen.insert(prop_ptr.clone()) {
                reachable_properties(spec, &prop_ptr, seen);
            }
        }
    }
    if schema.get("items").is_some() {
        reachable_properties(spec, &format!("{ptr}/items"), seen);
    }
    if schema
        .get("additionalProperties")
        .is_some_and(Value::is_object)
    {
        reachable_properties(spec, &format!("{ptr}/additionalProperties"), seen);
    }
}

/// Removes the property declared at `prop_ptr` (`.../properties/NAME`), and
/// its entry in the owning schema's `required` list.
fn remove_property(spec: &mut Value, prop_ptr: &str) {
    let (properties_ptr, name) = prop_ptr.rsplit_once('/').expect("property pointer");
    let name = name.replace("~1", "/").replace("~0", "~");
    let schema_ptr = properties_ptr
        .strip_suffix("/properties")
        .expect("pointer into `properties`");
    let schema = spec.pointer_mut(schema_ptr).expect("owning schema");
    let removed = schema["properties"]
        .as_object_mut()
        .expect("properties map")
        .remove(&name);
    assert!(removed.is_some(), "no property at {prop_ptr}");
    if let Some(required) = schema.get_mut("required").and_then(Value::as_array_mut) {
        required.retain(|r| r.as_str() != Some(&name));
    }
}

fn assert_clean(api: &Api) -> (Value, Value, Report) {
    let spec = load_spec(api.spec);
    let fixture = load_fixture(api.fixture);
    let report = check_fixture(&spec, &fixture);
    assert!(
        report.errors.is_empty(),
        "{} does not declare {} correctly:\n{}",
        api.spec,
        api.fixture,
        report.errors.join("\n")
    );
    (spec, fixture, report)
}

fn fixture_matches_spec(api: &Api) {
    let (spec, fixture, report) = assert_clean(api);

    // Every key path of the fixture was reached through a declared property.
    let mut fixture_paths = BTreeSet::new();
    key_paths(&fixture, "", &mut fixture_paths);
    let declared_paths: BTreeSet<String> = report.used.values().flatten().cloned().collect();
    let missing: Vec<_> = fixture_paths.difference(&declared_paths).collect();
    assert!(missing.is_empty(), "undeclared fixture paths: {missing:?}");

    // The spec declares nothing under the 200 response beyond the fixture,
    // except the documented additions.
    let mut reachable = BTreeSet::new();
    reachable_properties(&spec, RESPONSE_200, &mut reachable);
    let unused: BTreeSet<&str> = reachable
        .iter()
        .map(String::as_str)
        .filter(|p| !report.used.contains_key(*p))
        .collect();
    let expected: BTreeSet<&str> = api.extra_properties.iter().copied().collect();
    assert_eq!(
        unused, expected,
        "properties declared in {} but not in {}",
        api.spec, api.fixture
    );
}

fn removing_any_property_fails(api: &Api, at_least: usize) {
    let (spec, fixture, report) = assert_clean(api);
    assert!(
        report.used.len() >= at_least,
        "only {} properties used by {}",
        report.used.len(),
        api.fixture
    );
    for (prop_ptr, paths) in &report.used {
        let mut mutated = spec.clone();
        remove_property(&mut mutated, prop_ptr);
        let errors = check_fixture(&mutated, &fixture).errors;
        for path in paths {
            let prefix = format!("{path}: ");
            assert!(
                errors.iter().any(|e| e.starts_with(&prefix)),
                "removing {prop_ptr} from {} was not reported at `{path}`; errors: {errors:#?}",
                api.spec
            );
        }
    }
}

#[test]
fn leanrails_fixture_matches_spec() {
    fixture_matches_spec(&LEANRAILS);
}

#[test]
fn yorlet_fixture_matches_spec() {
    fixture_matches_spec(&YORLET);
}

#[test]
fn leanrails_removing_any_property_fails_the_check() {
    removing_any_property_fails(&LEANRAILS, 40);
}

#[test]
fn yorlet_removing_any_property_fails_the_check() {
    removing_any_property_fails(&YORLET, 70);
}

fn schema<'a>(spec: &'a Value, name: &str) -> &'a Value {
    spec.pointer(&format!("/components/schemas/{name}"))
        .unwrap_or_else(|| panic!("no schema {name}"))
}

fn string_set(value: &Value) -> BTreeSet<&str> {
    value
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

#[test]
fn required_and_nullable_follow_the_pages() {
    let lr = load_spec(LEANRAILS.spec);
    let list = schema(&lr, "CheckoutSessionList");
    assert_eq!(
        string_set(&list["required"]),
        BTreeSet::from(["object", "data", "has_more", "url"])
    );
    assert_eq!(list["properties"]["next_cursor"]["nullable"], true);
    assert_eq!(list["properties"]["next_cursor"]["type"], "string");

    let yl = load_spec(YORLET.spec);
    let list = schema(&yl, "CheckoutSessionList");
    assert_eq!(
        string_set(&list["required"]),
        BTreeSet::from(["count", "has_more", "object", "data"])
    );
    assert_eq!(list["properties"]["count"]["type"], "number");

    for spec in [&lr, &yl] {
        let session = schema(spec, "CheckoutSession");
        assert_eq!(
            string_set(&session["required"]),
            BTreeSet::from(["id", "object", "created"])
        );
    }
}

#[test]
fn checker_rejects_bad_fixtures() {
    let spec = load_spec(LEANRAILS.spec);
    let fixture = load_fixture(LEANRAILS.fixture);
    let errors_after = |edit: &dyn Fn(&mut Value)| {
        let mut f = fixture.clone();
        edit(&mut f);
        check_fixture(&spec, &f).errors
    };
    let fails_at = |errors: Vec<String>, path: &str| {
        assert!(
            errors.iter().any(|e| e.starts_with(&format!("{path}: "))),
            "expected an error at {path}, got {errors:#?}"
        );
    };

    fails_at(
        errors_after(&|f| f["data"][0]["created"] = "yesterday".into()),
        "data[].created",
    );
    fails_at(
        errors_after(&|f| f["data"][0]["amount_total"] = 1.5.into()),
        "data[].amount_total",
    );
    fails_at(
        errors_after(&|f| f["data"][0]["status"] = "bogus".into()),
        "data[].status",
    );
    fails_at(
        errors_after(&|f| f["data"][0]["customer"] = Value::Null),
        "data[].customer",
    );
    fails_at(
        errors_after(&|f| f["data"][0]["metadata"]["k"] = 1.into()),
        "data[].metadata.k",
    );
    fails_at(
        errors_after(&|f| f["data"][0]["customer_details"]["nickname"] = "x".into()),
        "data[].customer_details.nickname",
    );
    fails_at(
        errors_after(&|f| {
            f.as_object_mut().unwrap().remove("has_more");
        }),
        "has_more",
    );
    fails_at(
        errors_after(&|f| {
            f["data"][0].as_object_mut().unwrap().remove("id");
        }),
        "data[].id",
    );

    // Accepted: null where nullable, optional fields absent, string maps.
    let ok = errors_after(&|f| {
        f["next_cursor"] = Value::Null;
        f["data"][0]["metadata"]["order"] = "42".into();
        f["data"][0].as_object_mut().unwrap().remove("customer");
    });
    assert!(ok.is_empty(), "{ok:#?}");

    // A dangling `$ref` is reported where it is used.
    let mut broken = spec.clone();
    broken["components"]["schemas"]["CheckoutSession"]["properties"]["total_details"]["$ref"] =
        "#/components/schemas/Missing".into();
    fails_at(
        check_fixture(&broken, &fixture).errors,
        "data[].total_details",
    );
}

/// Nested objects are named schemas under `components/schemas`, and every
/// `metadata` is a map of strings.
#[test]
fn nested_objects_are_named_schemas() {
    for api in [&LEANRAILS, &YORLET] {
        let spec = load_spec(api.spec);
        let mut reachable = BTreeSet::new();
        reachable_properties(&spec, RESPONSE_200, &mut reachable);
        for ptr in &reachable {
            let mut inline = spec.pointer(ptr).unwrap();
            while let Some(items) = inline.get("items") {
                inline = items;
            }
            assert!(
                inline.get("properties").is_none(),
                "{}: {ptr} declares an inline object; use a named schema",
                api.spec
            );
            if inline.get("$ref").is_none() && inline["type"] == "object" {
                assert_eq!(
                    inline["additionalProperties"]["type"], "string",
                    "{}: {ptr} is a free-form object",
                    api.spec
                );
            }
            if ptr.ends_with("/metadata") {
                assert_eq!(inline["type"], "object", "{ptr}");
                assert_eq!(inline["additionalProperties"]["type"], "string", "{ptr}");
            }
        }
    }
}

#[test]
fn enums_carry_the_documented_values() {
    let lr = load_spec(LEANRAILS.spec);
    for (name, values) in [
        (
            "CheckoutSessionStatus",
            &["open", "complete", "expired"][..],
        ),
        ("CheckoutSessionMode", &["payment", "setup", "subscription"]),
        ("UiMode", &["hosted", "embedded", "custom"]),
        ("PaymentStatus", &["unpaid", "paid", "no_payment_required"]),
        ("CustomerCreation", &["always", "if_required"]),
        ("BillingAddressCollection", &["auto", "required"]),
        (
            "ErrorType",
            &[
                "api_error",
                "authentication_error",
                "invalid_request_error",
                "rate_limit_error",
                "payment_error",
            ],
        ),
    ] {
        assert_eq!(
            string_set(&schema(&lr, name)["enum"]),
            values.iter().copied().collect(),
            "{name}"
        );
    }
    assert!(schema(&lr, "CheckoutSessionMode")["description"]
        .as_str()
        .unwrap()
        .contains("`order`"));
    assert_eq!(
        schema(&lr, "CheckoutSession")["properties"]["object"]["enum"],
        serde_json::json!(["checkout.session"])
    );

    let yl = load_spec(YORLET.spec);
    assert_eq!(
        string_set(&schema(&yl, "CheckoutSessionStatus")["enum"]),
        BTreeSet::from(["open", "complete", "expired", "canceled"])
    );
    assert_eq!(
        string_set(&schema(&yl, "Currency")["enum"]),
        BTreeSet::from(["gbp", "usd", "eur", "sek"])
    );
    assert_eq!(
        schema(&yl, "CheckoutSession")["properties"]["object"]["enum"],
        serde_json::json!(["checkout_session"])
    );
}
