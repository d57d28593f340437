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
mod tests;
