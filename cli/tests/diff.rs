//! `apigen diff OLD NEW` and the API report of `regenerate`: each change to
//! the generated Rust API marked breaking or additive, exit 4 when one
//! breaks.

use std::path::Path;
use std::process::{Command, Output};

fn apigen(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_apigen"))
        .args(args)
        .output()
        .expect("run apigen")
}

fn diff(dir: &Path, old: &str, new: &str) -> (Option<i32>, String) {
    let a = dir.join("old.yaml");
    let b = dir.join("new.yaml");
    std::fs::write(&a, old).unwrap();
    std::fs::write(&b, new).unwrap();
    let out = apigen(&["diff".as_ref(), a.as_os_str(), b.as_os_str()]);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Runs `apigen diff` on the two versions, asserts its exit status and that
/// its report has every one of `lines`; the report, for more checks.
fn report(dir: &Path, old: &str, new: &str, code: i32, lines: &[&str]) -> String {
    let (status, err) = diff(dir, old, new);
    assert_eq!(status, Some(code), "{err}");
    for line in lines {
        assert!(err.contains(line), "missing `{line}` in:\n{err}");
    }
    err
}

/// A spec with one list operation; `$FIELDS`, `$STATUS`, `$PARAMS` and
/// `$MORE` are replaced by each version.
const BASE: &str = "openapi: 3.0.3
info: {title: Shop, version: '1'}
paths:
  /orders:
    get:
      operationId: listOrders
      parameters:
        - {name: limit, in: query, schema: {type: integer}}
$PARAMS
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Order'}
$MORE
components:
  schemas:
    Order:
      type: object
      required: [id]
      properties:
        id: {type: string}
        status: {type: string, enum: [$STATUS]}
$FIELDS
";

fn spec(fields: &str, status: &str, params: &str, more: &str) -> String {
    BASE.replace("$FIELDS", fields)
        .replace("$STATUS", status)
        .replace("$PARAMS", params)
        .replace("$MORE", more)
}

const NOTE: &str = "        note: {type: string}";

#[test]
fn additive_changes_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    let old = spec(NOTE, "open, paid", "", "");
    let more = "  /orders/{id}:\n    get:\n      operationId: getOrder\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      responses: {'200': {description: ok}}";
    let new = spec(
        &format!("{NOTE}\n        total: {{type: integer}}"),
        "open, paid, refunded",
        "        - {name: after, in: query, schema: {type: string}}",
        more,
    );
    let err = report(
        dir.path(),
        &old,
        &new,
        0,
        &[
            "additive  Order.total: optional field added (`Option<i64>`)",
            "additive  OrderStatus::Refunded: variant added (the enum is `#[non_exhaustive]`)",
            "additive  ListOrdersParams.after: optional field added (`Option<String>`)",
            "additive  Client::get_order: member added",
            "additive  GetOrderParams: struct added",
        ],
    );
    assert!(!err.contains("breaking "), "{err}");
    assert!(err.contains(", 0 breaking"), "{err}");
}

#[test]
fn breaking_changes_exit_4() {
    let dir = tempfile::tempdir().unwrap();
    let old = spec(
        &format!("{NOTE}\n        total: {{type: integer}}"),
        "open, paid",
        "",
        "",
    );
    // `note` removed, `total` a string, `status` loses `paid`, `limit` required.
    let new = spec("        total: {type: string}", "open", "", "").replace(
        "{name: limit, in: query, schema: {type: integer}}",
        "{name: limit, in: query, required: true, schema: {type: integer}}",
    );
    let err = report(
        dir.path(),
        &old,
        &new,
        4,
        &[
            "breaking  Order.note: field removed",
            "breaking  Order.total: field type changed from `Option<i64>` to `Option<String>`",
            "breaking  OrderStatus::Paid: variant removed",
            "breaking  ListOrdersParams.limit: field became required (no longer an `Option`)",
        ],
    );
    // Breaking changes come first, right under the heading.
    let lines: Vec<&str> = err.lines().collect();
    let heading = lines
        .iter()
        .position(|l| l.contains("API changes"))
        .unwrap();
    assert!(lines[heading + 1].starts_with("  breaking "), "{err}");
}

#[test]
fn the_same_spec_has_no_changes_and_a_bad_spec_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let s = spec(NOTE, "open", "", "");
    report(dir.path(), &s, &s, 0, &["0 API changes, 0 breaking"]);
    report(
        dir.path(),
        &s,
        "openapi: 3.0.3\ninfo: {title: t\n",
        1,
        &["syntax error"],
    );
}

#[test]
fn regenerate_reports_what_changed_and_check_reports_it_too() {
    let dir = tempfile::tempdir().unwrap();
    let specs = dir.path().join("specs");
    let out = dir.path().join("crate");
    std::fs::create_dir(&specs).unwrap();
    std::fs::write(specs.join("shop.yaml"), spec(NOTE, "open, paid", "", "")).unwrap();
    let regenerate = |check: bool| {
        let mut args: Vec<&std::ffi::OsStr> = vec![
            "regenerate".as_ref(),
            "--specs".as_ref(),
            specs.as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
        ];
        if check {
            args.push("--check".as_ref());
        }
        let o = apigen(&args);
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    let (code, err) = regenerate(false);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("shop.rs: 1 API change, 0 breaking"), "{err}");
    assert!(err.contains("additive  shop: module added"), "{err}");

    std::fs::write(
        specs.join("shop.yaml"),
        spec("", "open, paid, void", "", ""),
    )
    .unwrap();
    let (code, err) = regenerate(true);
    assert_eq!(code, Some(3), "{err}");
    assert!(err.contains("shop.rs: 2 API changes, 1 breaking"), "{err}");
    assert!(err.contains("breaking  Order.note: field removed"), "{err}");
    assert!(
        err.contains("additive  OrderStatus::Void: variant added"),
        "{err}"
    );
    let (code, err) = regenerate(false);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("breaking  Order.note: field removed"), "{err}");
    let (code, err) = regenerate(true);
    assert_eq!(code, Some(0), "{err}");
    assert!(!err.contains("API change"), "{err}");
}

/// A spec whose `limit` parameter, `Order.total` field, list response and
/// cancel body are replaced by each version.
const ALIASES: &str = "openapi: 3.0.3
info: {title: Shop, version: '1'}
paths:
  /orders:
    get:
      operationId: listOrders
      parameters:
        - {name: limit, in: query, schema: $LIMIT}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: $RESPONSE
  /orders/{id}/cancel:
    post:
      operationId: cancelOrder
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
$BODY
      responses: {'204': {description: cancelled}}
components:
  schemas:
    Order:
      type: object
      required: [id]
      properties:
        id: {type: string}
        total: $TOTAL
$SCHEMAS
";

const INTEGER: &str = "{type: integer}";
const ORDER: &str = "{$ref: '#/components/schemas/Order'}";

fn ref_to(name: &str) -> String {
    format!("{{$ref: '#/components/schemas/{name}'}}")
}

/// `limit` and `total` of type `ty`, with `schemas` added to the components.
fn aliased(ty: &str, schemas: &str) -> String {
    ALIASES
        .replace("$LIMIT", ty)
        .replace("$TOTAL", ty)
        .replace("$RESPONSE", ORDER)
        .replace("$BODY", "")
        .replace("$SCHEMAS", schemas)
}

#[test]
fn a_type_that_becomes_an_alias_of_the_same_type_is_no_change() {
    let dir = tempfile::tempdir().unwrap();
    let old = aliased(INTEGER, "");
    let new = aliased(&ref_to("Money"), "    Money: {type: integer}");
    report(
        dir.path(),
        &old,
        &new,
        0,
        &[
            "1 API change, 0 breaking",
            "additive  Money: type alias added",
        ],
    );
}

#[test]
fn a_renamed_alias_breaks_only_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let old = aliased(&ref_to("Money"), "    Money: {type: integer}");
    let new = aliased(&ref_to("Amount"), "    Amount: {type: integer}");
    // Code that names `Money` no longer compiles; the fields did not change.
    let err = report(
        dir.path(),
        &old,
        &new,
        4,
        &[
            "2 API changes, 1 breaking",
            "breaking  Money: type alias removed",
            "additive  Amount: type alias added",
        ],
    );
    assert!(!err.contains("Order.total"), "{err}");
}

#[test]
fn an_alias_that_points_elsewhere_is_reported_on_every_use() {
    let dir = tempfile::tempdir().unwrap();
    let old = aliased(&ref_to("Money"), "    Money: {type: integer}");
    let new = aliased(&ref_to("Money"), "    Money: {type: string}");
    report(
        dir.path(),
        &old,
        &new,
        4,
        &[
        "3 API changes, 3 breaking",
        "breaking  Money: changed from `i64` to `String`",
        "breaking  Order.total: field type `Option<Money>` is unchanged in the source, but an alias in it changed: it was `Option<i64>`, now `Option<String>`",
        "breaking  ListOrdersParams.limit: field type `Option<Money>` is unchanged in the source, but an alias in it changed: it was `Option<i64>`, now `Option<String>`",
        ],
    );
    // Written differently and meaning something else: both forms shown.
    let line = "breaking  Order.total: field type changed from `Option<i64>` to `Option<Money>` (= `Option<String>`)";
    report(dir.path(), &aliased(INTEGER, ""), &new, 4, &[line]);
}

#[test]
fn a_method_whose_return_type_or_arguments_change_is_breaking() {
    let dir = tempfile::tempdir().unwrap();
    let old = aliased(INTEGER, "");
    let new = ALIASES
        .replace("$LIMIT", INTEGER)
        .replace("$TOTAL", INTEGER)
        .replace("$RESPONSE", &format!("{{type: array, items: {ORDER}}}"))
        .replace(
            "$BODY",
            "      requestBody: {required: true, content: {application/json: {schema: {type: object, properties: {reason: {type: string}}}}}}",
        )
        .replace("$SCHEMAS", "");
    report(
        dir.path(),
        &old,
        &new,
        4,
        &[
        "3 API changes, 2 breaking",
        "breaking  Client::list_orders: changed from `fn list_orders(&self, params: &ListOrdersParams) -> ::apigen_runtime::Call<'_, Order, serde_json::Value>` to `fn list_orders(&self, params: &ListOrdersParams) -> ::apigen_runtime::Call<'_, Vec<Order>, serde_json::Value>`",
        "breaking  Client::cancel_order: changed from `fn cancel_order(&self, params: &CancelOrderParams) -> ::apigen_runtime::Call<'_, (), serde_json::Value>` to `fn cancel_order(&self, params: &CancelOrderParams, body: &CancelOrderBody) -> ::apigen_runtime::Call<'_, (), serde_json::Value>`",
        "additive  CancelOrderBody: struct added",
        ],
    );
    // An error type that changes changes the signature too.
    let problem = "      responses:\n        '204': {description: cancelled}\n        '409': {description: conflict, content: {application/json: {schema: {type: object, properties: {reason: {type: string}}}}}}";
    let new = old.replace(
        "      responses: {'204': {description: cancelled}}",
        problem,
    );
    let err = report(
        dir.path(),
        &old,
        &new,
        4,
        &[
        "breaking  Client::cancel_order: changed from `fn cancel_order(&self, params: &CancelOrderParams) -> ::apigen_runtime::Call<'_, (), serde_json::Value>` to `fn cancel_order(&self, params: &CancelOrderParams) -> ::apigen_runtime::Call<'_, (), CancelOrderResponse409>`",
        "breaking  Error: changed from `::apigen_runtime::Error<serde_json::Value>` to `::apigen_runtime::Error<E>`",
        ],
    );
    assert!(!err.contains("Client::list_orders"), "{err}");
}
