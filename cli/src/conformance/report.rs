//! What a run prints: a line per spec, then a table of every spec and the
//! final line.

use std::path::Path;

use super::{truncate, ErrorChecks, SpecResult, Summary};

/// The error checks as `401 f/n, 404 f/n, 422 f/n`.
fn checks(c: &ErrorChecks) -> String {
    format!(
        "401 {}/{}, 404 {}/{}, 422 {}/{}",
        c.unauthorized.failed,
        c.unauthorized.run,
        c.not_found.failed,
        c.not_found.run,
        c.bad_body.failed,
        c.bad_body.run
    )
}

pub(super) fn print_spec(r: &SpecResult) {
    match &r.skipped {
        Some(reason) => println!("{}: skipped: {}", r.spec, truncate(reason, 300)),
        None => println!(
            "{}: {} operations, {} requests, {} rejected, {} not decoded, {} error checks failed ({}), {} Prism defects, {} spec contradictions, {} Prism responses invalid, {} unexpected",
            r.spec,
            r.operations,
            r.requests,
            r.rejected,
            r.not_decoded,
            r.error_check_failures,
            checks(&r.error_checks),
            r.prism_defects,
            r.spec_contradictions,
            r.response_violations,
            r.unexpected
        ),
    }
}

pub(super) fn print_table(s: &Summary) {
    println!();
    println!("| spec | operations | requests | rejected | not decoded | error checks failed (401, 404, 422: failed/run) | Prism defects | spec contradictions | Prism responses invalid | unexpected | skipped |");
    println!("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    for r in &s.results {
        let name = Path::new(&r.spec)
            .file_name()
            .map_or(r.spec.clone(), |n| n.to_string_lossy().into_owned());
        println!(
            "| {name} | {} | {} | {} | {} | {} ({}) | {} | {} | {} | {} | {} |",
            r.operations,
            r.requests,
            r.rejected,
            r.not_decoded,
            r.error_check_failures,
            checks(&r.error_checks),
            r.prism_defects,
            r.spec_contradictions,
            r.response_violations,
            r.unexpected,
            r.skipped
                .as_deref()
                .map_or(String::new(), |s| truncate(s, 120).replace('|', "/"))
        );
    }
    println!();
    println!(
        "{} requests, {} Prism defects, {} spec contradictions, {} Prism responses invalid against the spec, {} unexpected answers",
        s.requests, s.prism_defects, s.spec_contradictions, s.response_violations, s.unexpected
    );
    println!("error checks (failed/run): {}", checks(&s.error_checks));
    println!("{}", s.line());
}
