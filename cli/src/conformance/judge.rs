//! Sorting each call into the counts: what a failed call is counted as
//! ([`Verdict`]), the statuses each error check expects, and the
//! documented Prism defects and spec contradictions kept apart from R.

use serde::Serialize;

use serde_json::Value;

use super::defects::{
    prism_answer_defect, prism_defect, DEFECT_STATIC_FORMAT, DEFECT_UNVALIDATED_BODY,
};
use super::{truncate, Call, Failure, OpInfo, SpecResult};

/// What a failed call is counted as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Rejected,
    NotDecoded,
    /// A rejection that is a documented Prism defect.
    PrismDefect,
    /// Prism stopped answering after this request (a crash).
    PrismCrash,
    /// Prism's own response fails its validation against the spec (a spec
    /// example that does not fit its schema, or a generated body cut off
    /// in a recursive schema): nothing the client sent or decoded.
    ResponseViolation,
    /// Prism answered an error status the call did not expect (for example
    /// a spec whose only response is an error, or Prism found no route).
    Unexpected,
    /// An error check failed: the call without credentials, with
    /// `Prefer: code=404` or with a refused body did not end in the
    /// client's `Error::Api` of the expected status, decoded as the
    /// operation's error type where the spec declares a schema for it.
    ErrorCheck,
    /// A rejection of an operation that no request can satisfy, because
    /// the spec contradicts itself there (the reason is the operation's
    /// `contradiction`, found by the generator): a `oneOf` body that no
    /// value matches exactly one alternative of, an object body under a
    /// media type that is neither JSON nor a form. Also a static response
    /// that does not decode when the spec's example Prism serves does not
    /// fit the response's own schema (the operation's `served_misfit`).
    /// Counted apart, like the Prism defects, never in R or D.
    SpecContradiction,
}

/// The statuses an error check expects, by the call's mode.
fn expected_statuses(mode: &str) -> Option<&'static [u16]> {
    match mode {
        "noauth" => Some(&[401, 403]),
        "notfound" => Some(&[404]),
        "badbody" => Some(&[422, 400]),
        _ => None,
    }
}

/// Where a decode failure's detail says the decoder stopped (`at `P`: `,
/// the root when there is no path), and the decoder's message after it.
fn decode_path(detail: &str) -> (&str, &str) {
    detail
        .strip_prefix("at `")
        .and_then(|r| r.find("`: ").map(|end| (&r[..end], &r[end + 3..])))
        .unwrap_or(("", detail))
}

/// Where a decode failure's detail says the decoder stopped, and on which
/// missing property: `at `P`: missing field `X`` (the root when there is
/// no path).
fn missing_field(detail: &str) -> Option<(&str, &str)> {
    let (at, rest) = decode_path(detail);
    let field = rest.strip_prefix("missing field `")?;
    Some((at, &field[..field.find('`')?]))
}

/// Sorts each call into the counts. `doc` is the spec as JSON, which some
/// verdicts look into: a response that lacks a property its schema
/// requires is Prism's, and so is a refused body Prism accepts because it
/// does not validate that operation's bodies at all (defect 6).
pub(super) fn judge(r: &mut SpecResult, ops: &[OpInfo], calls: &[Call], doc: Option<&Value>) {
    for c in calls {
        r.requests += 1;
        let Some(op) = ops.get(c.op) else {
            continue;
        };
        let (name, method, path) = (&op.name, &op.method, &op.path);
        let mut detail = c.detail.clone();
        // Prism's own answers, whatever the call checked.
        let prism_side = match c.kind.as_str() {
            "crash" => Some(Verdict::PrismCrash),
            // Prism dropped the connection on this request.
            "transport"
                if c.detail.contains("closed before message completed")
                    || c.detail.contains("reset by peer") =>
            {
                Some(Verdict::PrismCrash)
            }
            // Prism's problem document, or (for a response without a body,
            // such as HEAD's) its violations header.
            "api-error"
                if c.status == 500
                    && ((c.detail.contains("prism/errors#VIOLATIONS")
                        && !c.detail.contains("\"request\""))
                        || c.detail.starts_with("[{\"location\":[\"response\"")) =>
            {
                Some(Verdict::ResponseViolation)
            }
            _ => None,
        };
        let verdict = if let Some(expected) = expected_statuses(&c.mode) {
            if let Some(check) = r.error_checks.of_mode(&c.mode) {
                check.run += 1;
            }
            let error = c.kind == "rejected" || c.kind == "api-error";
            let verdict = match prism_side {
                Some(v) => Some(v),
                None if error && expected.contains(&c.status) => {
                    // A response to HEAD has no body (RFC 9110), whatever
                    // schema the spec gives it.
                    if op.declares_schema(c.status) && !c.typed && method != "HEAD" {
                        detail = format!(
                            "the {} body did not decode as the operation's error type; body: {}",
                            c.status, c.detail
                        );
                        Some(Verdict::ErrorCheck)
                    } else {
                        None
                    }
                }
                None if c.kind == "decode" => Some(Verdict::NotDecoded),
                // Prism found the request itself invalid (it validates
                // before it answers the check's status): a rejected
                // request, or a documented Prism defect, not a check that
                // failed.
                None if c.kind == "rejected" => Some(Verdict::Rejected),
                // Prism found no route (the call never reached the
                // operation), or failed on a documented defect of its own.
                None if error
                    && (c.detail.contains("NO_PATH_MATCHED")
                        || c.detail.contains("NO_METHOD_MATCHED")
                        || prism_answer_defect(c.status, &c.detail).is_some()) =>
                {
                    Some(Verdict::Unexpected)
                }
                None => {
                    let want: Vec<String> = expected.iter().map(u16::to_string).collect();
                    let sent = match (&op.bad_body, c.mode.as_str()) {
                        (Some(b), "badbody") => format!(" (the body sent: `{b}`)"),
                        _ => String::new(),
                    };
                    detail = format!(
                        "expected the client's Error::Api with status {}{sent}, got {} {}: {}",
                        want.join(" or "),
                        c.kind,
                        c.status,
                        c.detail
                    );
                    Some(Verdict::ErrorCheck)
                }
            };
            verdict
        } else {
            match (prism_side, c.kind.as_str()) {
                (Some(v), _) => Some(v),
                (None, "ok") => None,
                (None, "rejected") => Some(Verdict::Rejected),
                (None, "decode") => Some(Verdict::NotDecoded),
                _ => Some(Verdict::Unexpected),
            }
        };
        let Some(mut verdict) = verdict else { continue };
        // A body its own schema refuses (a required property missing,
        // typically where a random body was cut off in a recursive
        // schema): nothing the client decodes wrong.
        let mut violation = None;
        // (The spec's own example that misfits is the spec's doing, below.)
        let served_example = c.mode == "static" && op.served_misfit.is_some();
        if verdict == Verdict::NotDecoded && !served_example {
            if let (Some(doc), Some((at, field))) = (doc, missing_field(&c.detail)) {
                violation =
                    apigen::internal::lacks_required(doc, method, path, c.status, at, field);
            }
            if violation.is_some() {
                verdict = Verdict::ResponseViolation;
            }
        }
        let defect = match verdict {
            Verdict::Rejected => prism_defect(method, path, &c.detail),
            Verdict::Unexpected => prism_answer_defect(c.status, &c.detail),
            Verdict::ErrorCheck if c.mode == "badbody" && c.kind == "ok" => doc
                .and_then(|doc| apigen::internal::unvalidated_body(doc, method, path))
                .map(|why| {
                    detail = format!("{detail} ({why})");
                    DEFECT_UNVALIDATED_BODY
                }),
            // Prism's static body (every call but the dynamic ones) for a
            // schema without an example writes `"string"` for every
            // string, whatever its `format`.
            Verdict::NotDecoded if c.mode != "dynamic" && op.served_misfit.is_none() => doc
                .and_then(|doc| {
                    let (at, _) = decode_path(&c.detail);
                    let format =
                        apigen::internal::string_format_at(doc, method, path, c.status, at)?;
                    let key = at.rsplit(['.', '[']).next().unwrap_or(at);
                    c.detail
                        .contains(&format!("\"{key}\":\"string\""))
                        .then(|| {
                            detail = format!("{detail} (`{at}` is a `{format}` string)");
                            DEFECT_STATIC_FORMAT
                        })
                }),
            _ => None,
        };
        if defect.is_some() {
            verdict = Verdict::PrismDefect;
        }
        let reason = match verdict {
            Verdict::ResponseViolation => violation,
            Verdict::Rejected => op.contradiction.clone(),
            // Prism's static answer is the spec's example: when that does
            // not fit the spec's own schema, no client decodes it.
            Verdict::NotDecoded if c.mode == "static" => op.served_misfit.clone(),
            _ => None,
        };
        if reason.is_some() && verdict != Verdict::ResponseViolation {
            verdict = Verdict::SpecContradiction;
        }
        match verdict {
            Verdict::Rejected => r.rejected += 1,
            Verdict::NotDecoded => r.not_decoded += 1,
            Verdict::PrismDefect | Verdict::PrismCrash => r.prism_defects += 1,
            Verdict::ResponseViolation => r.response_violations += 1,
            Verdict::Unexpected => r.unexpected += 1,
            Verdict::ErrorCheck => {
                r.error_check_failures += 1;
                if let Some(check) = r.error_checks.of_mode(&c.mode) {
                    check.failed += 1;
                }
            }
            Verdict::SpecContradiction => r.spec_contradictions += 1,
        }
        let f = Failure {
            operation: name.clone(),
            method: method.clone(),
            path: path.clone(),
            mode: c.mode.clone(),
            verdict,
            status: c.status,
            detail,
            defect,
            reason,
        };
        println!(
            "  {} {} {} {} ({}): {:?} {}{}",
            r.spec,
            f.method,
            f.path,
            f.mode,
            f.operation,
            f.verdict,
            f.status,
            match (f.defect, &f.reason) {
                (Some(d), _) => format!(" [Prism defect: {d}]"),
                (None, Some(why)) if f.verdict == Verdict::SpecContradiction => {
                    format!(" [spec contradiction: {}]", truncate(why, 300))
                }
                (None, Some(why)) => format!(" [{}]", truncate(why, 300)),
                (None, None) => String::new(),
            }
        );
        println!("      {}", truncate(&f.detail, 400));
        r.failures.push(f);
    }
}

#[cfg(test)]
mod tests {
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
            detail: "[{\"location\":[\"response\"],\"message\":\"The received media type\"}]"
                .into(),
            ..call("notfound", "api-error", 500, false)
        };
        let (r, v) = verdicts(head, &[violation]);
        assert_eq!(v, [Verdict::ResponseViolation]);
        assert_eq!((r.response_violations, r.error_check_failures), (1, 0));
        // A route Prism matched to another path template (AWS's `#...`
        // operations): the check never reached the operation.
        let unrouted = Call {
            detail: "{\"type\":\"https://stoplight.io/prism/errors#NO_METHOD_MATCHED_ERROR\"}"
                .into(),
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
}
