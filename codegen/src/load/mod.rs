//! Stage 1: read a spec file, check its version, normalise OpenAPI 3.1 to the
//! 3.0 shape, check every `$ref`, and deserialise into [`openapiv3::OpenAPI`].
//!
//! One file per step: `parse` (YAML/JSON text to one JSON value, with the
//! line and column of syntax errors), `version` (the `openapi` field),
//! `normalise` (3.1 to 3.0, callbacks dropped), `refs` (resolving `$ref`s
//! and checking them all), `deserialize` (into openapiv3 types, and locating
//! the node at fault when that fails).

mod deserialize;
mod events;
mod lint;
mod locate;
mod normalise;
mod parse;
mod refs;
mod scan;
mod validate;
mod version;

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};

pub(crate) use deserialize::path_to_pointer;
pub use refs::{resolve_pointer, RefTargets};

/// A loaded, checked OpenAPI document.
#[derive(Debug, Clone)]
pub struct Document {
    /// The file it came from, as given by the caller (used in messages and headers).
    pub path: PathBuf,
    /// The document as plain JSON, after normalisation (used to resolve `$ref`s).
    pub raw: Value,
    /// The typed document.
    pub api: openapiv3::OpenAPI,
    /// The `openapi` version the file declared (before normalisation).
    pub declared_version: String,
    /// Where each `$ref` chain ends: a reference as written → the first
    /// node on its chain that is not itself a `$ref`.
    pub ref_targets: RefTargets,
    /// What the lints found, located and in source order, at each lint's
    /// default level.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads and loads a spec file (`.json` is parsed as JSON, anything else as YAML).
pub fn load_file(path: &Path) -> Result<Document> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.to_owned(),
        source,
    })?;
    load_str(path, &text)
}

/// Loads a spec from text; `path` names it in messages. A byte order mark
/// is skipped.
pub fn load_str(path: &Path, text: &str) -> Result<Document> {
    load_with_diagnostics(path, text).0
}

/// Loads a spec from text and also returns the lints' findings when the
/// document fails to load, so that a report can show warnings and the error
/// together. On success the diagnostics are also in [`Document::diagnostics`].
pub fn load_with_diagnostics(path: &Path, text: &str) -> (Result<Document>, Vec<Diagnostic>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut diagnostics = Vec::new();
    let result = load_text(path, text, &mut diagnostics);
    match result {
        Ok(mut doc) => {
            doc.diagnostics = diagnostics.clone();
            (Ok(doc), diagnostics)
        }
        Err(e) => (Err(with_line(e, text)), diagnostics),
    }
}

/// The lint pass alone over a parsed document (for the generation bench).
#[doc(hidden)]
pub fn lint_raw(raw: &Value, version: &str) -> Vec<Diagnostic> {
    lint::lint(raw, version)
}

/// Line and column of each pointer, in one pass over `text` (for the
/// generation bench).
#[doc(hidden)]
pub fn locate_pointers(text: &str, pointers: &[&str]) -> Vec<Option<(u32, u32)>> {
    locate::locate_all(text, pointers)
}

/// Adds line and column to each diagnostic (one pass over the text, only
/// when there is something to locate) and sorts them by place.
fn locate_diagnostics(text: &str, diagnostics: &mut [Diagnostic]) {
    if diagnostics.is_empty() {
        return;
    }
    let pointers: Vec<&str> = diagnostics
        .iter()
        .map(|d| d.location.pointer.as_str())
        .collect();
    let found = locate::locate_all(text, &pointers);
    for (d, at) in diagnostics.iter_mut().zip(found) {
        if let Some((line, column)) = at {
            d.location.line = Some(line);
            d.location.column = Some(column);
        }
    }
    diagnostics.sort_by_key(|d| {
        (
            d.location.line.unwrap_or(u32::MAX),
            d.location.column.unwrap_or(0),
        )
    });
}

/// Parses and lints, then locates the lints' findings on a thread of its
/// own while the rest of the load runs (for YAML that is a second libyaml
/// pass, as long as the parse).
fn load_text(path: &Path, text: &str, diagnostics: &mut Vec<Diagnostic>) -> Result<Document> {
    let raw = parse::parse(path, text)?;
    let declared_version = version::check_version(path, &raw)?;
    let mut found = lint::lint(&raw, &declared_version);
    if found.is_empty() {
        return load_checked(path, raw, declared_version);
    }
    std::thread::scope(|scope| {
        let located = scope.spawn(move || {
            locate_diagnostics(text, &mut found);
            found
        });
        let result = load_checked(path, raw, declared_version);
        *diagnostics = located
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        result
    })
}

fn load_checked(path: &Path, mut raw: Value, declared_version: String) -> Result<Document> {
    if declared_version.starts_with("3.1") {
        normalise::normalise_31(&mut raw);
    }
    normalise::strip_callbacks(&mut raw);
    // The `$ref` check runs beside the fast deserialisation; its error comes first.
    let (refs, fast) = std::thread::scope(|scope| {
        let refs = scope.spawn(|| {
            let mut schema_errors = Vec::new();
            let targets = refs::check_refs(path, &raw, &mut schema_errors);
            targets.map(|t| (t, schema_errors))
        });
        let fast = deserialize::deserialize_split(&raw);
        (refs.join(), fast)
    });
    let (ref_targets, mut errors) =
        refs.unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
    errors.extend(validate::check_document(path, &raw));
    match errors.len() {
        0 => {}
        1 => return Err(errors.remove(0)),
        _ => {
            return Err(Error::Many {
                path: path.to_owned(),
                errors,
            })
        }
    }
    let api = match fast {
        Some(api) => api,
        None => deserialize::deserialize_tracked(path, &raw)?,
    };
    Ok(Document {
        path: path.to_owned(),
        raw,
        api,
        declared_version,
        ref_targets,
        diagnostics: Vec::new(),
    })
}

/// Adds the line and column of its pointer to an error that has only the
/// pointer; the errors of an [`Error::Many`] are located in one pass and
/// put in source order.
fn with_line(mut error: Error, text: &str) -> Error {
    if let Error::Many { errors, .. } = &mut error {
        let pointers: Vec<String> = errors
            .iter()
            .map(|e| e.pointer().unwrap_or_default().to_owned())
            .collect();
        let refs: Vec<&str> = pointers.iter().map(String::as_str).collect();
        let found = locate::locate_all(text, &refs);
        for (e, at) in errors.iter_mut().zip(found) {
            if let (Some(location), Some((line, column))) = (e.location_mut(), at) {
                if location.line.is_none() {
                    location.line = Some(line);
                    location.column = Some(column);
                }
            }
        }
        errors.sort_by_key(|e| {
            e.location().map_or((u32::MAX, 0), |l| {
                (l.line.unwrap_or(u32::MAX), l.column.unwrap_or(0))
            })
        });
        return error;
    }
    if let Some(location) = error.location_mut() {
        if location.line.is_none() {
            if let Some((line, column)) = events::locate(text, &location.pointer) {
                location.line = Some(line);
                location.column = Some(column);
            }
        }
    }
    error
}

/// What kind of JSON value `v` is, for messages ("a string", "an array").
fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_loads_and_keeps_its_path() {
        let dir = tempfile::tempdir().unwrap();
        let spec = dir.path().join("spec.json");
        std::fs::write(
            &spec,
            r#"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}}"#,
        )
        .unwrap();
        let doc = load_file(&spec).unwrap();
        assert_eq!(doc.path, spec);
        assert_eq!(doc.declared_version, "3.1.0");
        // Normalised to 3.0, with the `paths` 3.0 requires.
        assert_eq!(doc.raw["openapi"], "3.0.3");
        assert!(doc.api.paths.paths.is_empty());
    }

    #[test]
    fn a_missing_file_is_a_read_error() {
        let err = load_file(Path::new("/nonexistent/spec.yaml")).unwrap_err();
        assert!(matches!(err, Error::Read { .. }), "{err}");
        assert!(
            err.to_string()
                .starts_with("/nonexistent/spec.yaml: cannot read"),
            "{err}"
        );
    }

    #[test]
    fn a_ref_error_comes_before_a_structural_one() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 5\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/Missing'}\n";
        let err = load_str(Path::new("spec.yaml"), text).unwrap_err();
        assert!(matches!(err, Error::DanglingRef { .. }), "{err}");
    }
}
