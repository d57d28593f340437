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
    let (code, err) = diff(dir.path(), &old, &new);
    assert_eq!(code, Some(0), "{err}");
    for line in [
        "additive  Order.total: optional field added (`Option<i64>`)",
        "additive  OrderStatus::Refunded: variant added (the enum is `#[non_exhaustive]`)",
        "additive  ListOrdersParams.after: optional field added (`Option<String>`)",
        "additive  Client::get_order: member added",
        "additive  GetOrderParams: struct added",
    ] {
        assert!(err.contains(line), "missing `{line}` in:\n{err}");
    }
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
    let (code, err) = diff(dir.path(), &old, &new);
    assert_eq!(code, Some(4), "{err}");
    for line in [
        "breaking  Order.note: field removed",
        "breaking  Order.total: field type changed from `Option<i64>` to `Option<String>`",
        "breaking  OrderStatus::Paid: variant removed",
        "breaking  ListOrdersParams.limit: field became required (no longer an `Option`)",
    ] {
        assert!(err.contains(line), "missing `{line}` in:\n{err}");
    }
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
    let (code, err) = diff(dir.path(), &s, &s);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("0 API changes, 0 breaking"), "{err}");
    let (code, err) = diff(dir.path(), &s, "openapi: 3.0.3\ninfo: {title: t\n");
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("syntax error"), "{err}");
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
