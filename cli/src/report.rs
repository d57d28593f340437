//! Diagnostics on the terminal: each warning and error with its code, the
//! file, `line:column`, the JSON pointer and the source line with a caret,
//! in source order, then a count.

use std::path::Path;

use apigen::{Diagnostic, Error, Severity};

/// Prints `diagnostics` (and `error`, when generation failed) to stderr.
pub fn print(path: &Path, diagnostics: &[Diagnostic], error: Option<&Error>) {
    let source = std::fs::read_to_string(path).ok();
    let source = source
        .as_deref()
        .map(|s| s.strip_prefix('\u{feff}').unwrap_or(s));
    // Errors and warnings together, in source order.
    let mut shown: Vec<(u32, u32, String)> = diagnostics
        .iter()
        .chain(match error {
            Some(Error::Denied { diagnostics, .. }) => diagnostics.as_slice(),
            _ => &[],
        })
        .map(|d| {
            let at = &d.location;
            (
                at.line.unwrap_or(u32::MAX),
                at.column.unwrap_or(0),
                d.render(path, source),
            )
        })
        .collect();
    let errors: Vec<&Error> = match error {
        Some(Error::Denied { .. }) | None => Vec::new(),
        Some(Error::Many { errors, .. }) => errors.iter().collect(),
        Some(e) => vec![e],
    };
    for e in &errors {
        let (line, column) = e.location().map_or((u32::MAX, 0), |l| {
            (l.line.unwrap_or(u32::MAX), l.column.unwrap_or(0))
        });
        shown.push((line, column, e.render(source)));
    }
    shown.sort_by_key(|(line, column, _)| (*line, *column));
    for (_, _, text) in shown {
        eprintln!("{text}\n");
    }
    let count = |s: Severity| {
        diagnostics.iter().filter(|d| d.severity == s).count()
            + match error {
                Some(Error::Denied { diagnostics, .. }) => {
                    diagnostics.iter().filter(|d| d.severity == s).count()
                }
                _ => 0,
            }
    };
    let (warnings, notes) = (count(Severity::Warning), count(Severity::Note));
    let errors = count(Severity::Error) + errors.len();
    if warnings + errors + notes > 0 {
        eprintln!(
            "{}: {}, {}, {}",
            path.display(),
            plural(errors, "error"),
            plural(warnings, "warning"),
            plural(notes, "note")
        );
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
