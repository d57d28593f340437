//! The verdicts, call by call.

use super::*;
use crate::conformance::Summary;

fn op(errors: &[(&str, bool)]) -> OpInfo {
    OpInfo {
        name: "create".into(),
        method: "POST".into(),
        path: "/things".into(),
        errors: errors.iter().map(|(s, b)| ((*s).to_owned(), *b)).collect(),
        bad_body: Some("[]".into()),
        contradiction: None,
        served_misfit: None,
    }
}

fn call(mode: &str, kind: &str, status: u16, typed: bool) -> Call {
    Call {
        op: 0,
        mode: mode.into(),
        kind: kind.into(),
        status,
        typed,
        detail: "{}".into(),
    }
}

fn verdicts(op: OpInfo, calls: &[Call]) -> (SpecResult, Vec<Verdict>) {
    let mut r = SpecResult::default();
    judge(&mut r, &[op], calls, None);
    let v = r.failures.iter().map(|f| f.verdict).collect();
    (r, v)
}

#[test]
fn the_response_for_a_status_is_the_code_then_the_range_then_default() {
    let o = op(&[("404", false), ("4XX", true), ("default", true)]);
    assert!(!o.declares_schema(404));
    assert!(o.declares_schema(422));
    assert!(o.declares_schema(500));
    assert!(!op(&[("404", true)]).declares_schema(401));
}

#[test]
fn an_error_check_fails_when_the_error_is_untyped_or_another_status() {
    let o = || op(&[("401", true), ("default", true)]);
    let (r, v) = verdicts(o(), &[call("noauth", "rejected", 401, true)]);
    assert!(v.is_empty());
    assert_eq!(
        (r.error_checks.unauthorized.run, r.error_check_failures),
        (1, 0)
    );
    let (r, v) = verdicts(o(), &[call("notfound", "api-error", 404, false)]);
    assert_eq!(v, [Verdict::ErrorCheck]);
    assert_eq!(r.error_checks.not_found.failed, 1);
    assert!(r.failures[0].detail.contains("did not decode"));
    // Prism accepted the body the schema refuses.
    let (r, v) = verdicts(o(), &[call("badbody", "ok", 0, false)]);
    assert_eq!(v, [Verdict::ErrorCheck]);
    assert!(
        r.failures[0].detail.contains("the body sent: `[]`"),
        "{:?}",
        r.failures
    );
}

#[test]
fn an_untyped_error_passes_where_the_spec_declares_no_schema() {
    let (r, v) = verdicts(
        op(&[("404", false)]),
        &[call("notfound", "api-error", 404, false)],
    );
    assert!(v.is_empty());
    assert_eq!(r.error_checks.not_found.run, 1);
}

#[test]
fn a_check_whose_request_prism_refuses_is_a_rejection() {
    let (r, v) = verdicts(
        op(&[("default", true)]),
        &[call("notfound", "rejected", 422, true)],
    );
    assert_eq!(v, [Verdict::Rejected]);
    assert_eq!((r.rejected, r.error_check_failures), (1, 0));
}

#[test]
fn nothing_called_is_a_failure() {
    let summary = Summary {
        skipped: 2,
        ..Summary::default()
    };
    assert_eq!(
        summary.failure().as_deref(),
        Some("no operation was called: every spec was skipped (2 skipped)")
    );
}

#[test]
fn a_rejection_of_a_contradictory_operation_is_a_spec_contradiction() {
    let why = "no value matches exactly one alternative of the `oneOf` of `A`, `B`";
    let contradictory = || OpInfo {
        contradiction: Some(why.into()),
        ..op(&[("default", true)])
    };
    let (r, v) = verdicts(
        contradictory(),
        &[
            call("static", "rejected", 422, false),
            call("notfound", "rejected", 422, true),
            call("dynamic", "decode", 200, false),
        ],
    );
    assert_eq!(
        v,
        [
            Verdict::SpecContradiction,
            Verdict::SpecContradiction,
            Verdict::NotDecoded
        ]
    );
    assert_eq!(
        (r.rejected, r.spec_contradictions, r.not_decoded),
        (0, 2, 1)
    );
    assert_eq!(r.failures[0].reason.as_deref(), Some(why));
    // Accepted requests of such an operation are not counted at all.
    let (r, v) = verdicts(contradictory(), &[call("static", "ok", 200, false)]);
    assert!(v.is_empty());
    assert_eq!(r.spec_contradictions, 0);
    // Without a reason, a rejection stays a rejection.
    let (r, v) = verdicts(
        op(&[("default", true)]),
        &[call("static", "rejected", 422, false)],
    );
    assert_eq!(
        (v[0], r.rejected, r.spec_contradictions),
        (Verdict::Rejected, 1, 0)
    );
    // A spec contradiction does not fail the run.
    let summary = Summary {
        specs: 1,
        operations: 1,
        requests: 2,
        spec_contradictions: 2,
        ..Summary::default()
    };
    assert_eq!(summary.failure(), None);
}

#[test]
fn a_static_body_the_spec_example_misfits_is_a_spec_contradiction() {
    let why = "the spec's example of its 200 response (application/json) does not fit the response's schema: `/` lacks the required property `id`";
    let misfit = OpInfo {
        served_misfit: Some(why.into()),
        ..op(&[])
    };
    let (r, v) = verdicts(
        misfit,
        &[
            call("static", "decode", 200, false),
            // Prism's own bodies are not the example: still D.
            call("dynamic", "decode", 200, false),
        ],
    );
    assert_eq!(v, [Verdict::SpecContradiction, Verdict::NotDecoded]);
    assert_eq!((r.not_decoded, r.spec_contradictions), (1, 1));
    assert_eq!(r.failures[0].reason.as_deref(), Some(why));
    // Without a misfit, a static body that does not decode is D.
    let (r, _) = verdicts(op(&[]), &[call("static", "decode", 200, false)]);
    assert_eq!((r.not_decoded, r.spec_contradictions), (1, 0));
}

/// A spec whose `POST /things` answers a recursive schema and takes a
/// body with `nullable` and no `type` when `untyped` is set.
fn things(untyped: bool) -> Value {
    let note = if untyped {
        serde_json::json!({"nullable": true, "oneOf": [{"type": "string"}, {"type": "integer"}]})
    } else {
        serde_json::json!({"type": "string", "nullable": true})
    };
    serde_json::json!({
        "paths": {"/things": {"post": {
            "requestBody": {"content": {"application/json": {"schema": {
                "type": "object", "properties": {"note": note}
            }}}},
            "responses": {"201": {"content": {"application/json": {"schema": {
                "$ref": "#/components/schemas/Thing"
            }}}}}
        }}},
        "components": {"schemas": {"Thing": {
            "type": "object",
            "required": ["id"],
            "properties": {
                "id": {"type": "integer"},
                "label": {"type": "string"},
                "parts": {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}}
            }
        }}}
    })
}

#[test]
fn a_body_lacking_what_its_schema_requires_is_prisms_response() {
    let doc = things(false);
    let decode = |detail: &str| Call {
        detail: detail.into(),
        ..call("dynamic", "decode", 201, false)
    };
    let mut r = SpecResult::default();
    let calls = [
        // Prism's `{}` where the schema comes round again.
        decode("at `parts[0].parts[2]`: missing field `id` at line 1 column 80; body: {}"),
        // At the top level, without a path.
        decode("missing field `id` at line 1 column 2; body: {}"),
        // The client requires what the spec does not: the client's.
        decode("at `parts[0]`: missing field `label` at line 1 column 9; body: {}"),
        // Another kind of decode failure: the client's.
        decode("at `id`: invalid type: string \"x\", expected u64; body: {}"),
    ];
    judge(&mut r, &[op(&[])], &calls, Some(&doc));
    let v: Vec<Verdict> = r.failures.iter().map(|f| f.verdict).collect();
    assert_eq!(
        v,
        [
            Verdict::ResponseViolation,
            Verdict::ResponseViolation,
            Verdict::NotDecoded,
            Verdict::NotDecoded
        ]
    );
    assert_eq!((r.response_violations, r.not_decoded), (2, 2));
    let why = r.failures[0].reason.as_deref().unwrap();
    assert!(why.contains("requires at `parts[0].parts[2]`"), "{why}");
    assert!(why.contains("`#/components/schemas/Thing` again"), "{why}");
    // Without the spec, nothing is relabelled.
    let mut r = SpecResult::default();
    judge(&mut r, &[op(&[])], &calls[..1], None);
    assert_eq!(r.not_decoded, 1);
}

#[test]
fn a_refused_body_prism_does_not_validate_is_its_defect() {
    let accepted = [call("badbody", "ok", 201, false)];
    let mut r = SpecResult::default();
    judge(&mut r, &[op(&[])], &accepted, Some(&things(true)));
    assert_eq!(r.failures[0].verdict, Verdict::PrismDefect);
    assert_eq!(r.failures[0].defect, Some(DEFECT_UNVALIDATED_BODY));
    assert!(r.failures[0]
        .detail
        .contains("requestBody/content/application~1json/schema/properties/note"));
    assert_eq!((r.prism_defects, r.error_check_failures), (1, 0));
    assert_eq!(
        (r.error_checks.bad_body.run, r.error_checks.bad_body.failed),
        (1, 0)
    );
    // A typed nullable is validated: the accepted body fails the check.
    let mut r = SpecResult::default();
    judge(&mut r, &[op(&[])], &accepted, Some(&things(false)));
    assert_eq!(r.failures[0].verdict, Verdict::ErrorCheck);
    assert_eq!(
        (r.error_checks.bad_body.run, r.error_checks.bad_body.failed),
        (1, 1)
    );
}

#[test]
fn a_head_error_needs_no_body_and_an_unrouted_method_is_unexpected() {
    let head = OpInfo {
        method: "HEAD".into(),
        ..op(&[("default", true)])
    };
    // Prism's violations header is the detail of a bodiless 401.
    let untyped = Call {
        detail: "[{\"location\":[\"request\"],\"code\":401}]".into(),
        ..call("noauth", "rejected", 401, false)
    };
    let (r, v) = verdicts(head.clone(), &[untyped]);
    assert!(v.is_empty(), "{:?}", r.failures);
    // Prism's own response violation, in the header of a bodiless 500.
    let violation = Call {
        detail: "[{\"location\":[\"response\"],\"message\":\"The received media type\"}]".into(),
        ..call("notfound", "api-error", 500, false)
    };
    let (r, v) = verdicts(head, &[violation]);
    assert_eq!(v, [Verdict::ResponseViolation]);
    assert_eq!((r.response_violations, r.error_check_failures), (1, 0));
    // A route Prism matched to another path template (AWS's `#...`
    // operations): the check never reached the operation.
    let unrouted = Call {
        detail: "{\"type\":\"https://stoplight.io/prism/errors#NO_METHOD_MATCHED_ERROR\"}".into(),
        ..call("noauth", "api-error", 405, false)
    };
    let (r, v) = verdicts(op(&[]), &[unrouted]);
    assert_eq!(v, [Verdict::Unexpected]);
    assert_eq!(r.error_checks.unauthorized.failed, 0);
}

#[test]
fn a_static_string_prism_writes_for_a_format_is_its_defect() {
    let mut doc = things(false);
    doc["components"]["schemas"]["Thing"]["properties"]["made"] =
        serde_json::json!({"type": "string", "format": "date-time"});
    let decode = |detail: &str, mode: &str| Call {
        detail: detail.into(),
        ..call(mode, "decode", 201, false)
    };
    let calls = [
        decode("at `parts[0].made`: input contains invalid characters; body: {\"parts\":[{\"id\":0,\"made\":\"string\"}]}", "static"),
        // Another value there: the client's.
        decode("at `parts[0].made`: input contains invalid characters; body: {\"parts\":[{\"id\":0,\"made\":\"2024\"}]}", "static"),
        // A dynamic body is Prism's random one: D.
        decode("at `made`: input contains invalid characters; body: {\"made\":\"string\"}", "dynamic"),
    ];
    let mut r = SpecResult::default();
    judge(&mut r, &[op(&[])], &calls, Some(&doc));
    let v: Vec<Verdict> = r.failures.iter().map(|f| f.verdict).collect();
    assert_eq!(
        v,
        [
            Verdict::PrismDefect,
            Verdict::NotDecoded,
            Verdict::NotDecoded
        ]
    );
    assert_eq!(r.failures[0].defect, Some(DEFECT_STATIC_FORMAT));
    assert!(r.failures[0]
        .detail
        .ends_with("(`parts[0].made` is a `date-time` string)"));
}
