//! The one error type of the generator: every failure names the file, the
//! place in it and what is wrong.

use std::fmt;
use std::path::PathBuf;

/// A place in a spec file: a JSON pointer, and the line and column when known.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    /// JSON pointer of the offending node (`/paths/~1pets/get`), `""` for the root.
    pub pointer: String,
    /// 1-based line, when known.
    pub line: Option<u32>,
    /// 1-based column, when known.
    pub column: Option<u32>,
}

impl Location {
    /// A location known only by its JSON pointer.
    pub fn pointer(pointer: impl Into<String>) -> Self {
        Location {
            pointer: pointer.into(),
            line: None,
            column: None,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(line), Some(col)) => write!(f, "{line}:{col}")?,
            (Some(line), None) => write!(f, "{line}")?,
            _ => {}
        }
        if self.line.is_some() && !self.pointer.is_empty() {
            f.write_str(" ")?;
        }
        if !self.pointer.is_empty() || self.line.is_none() {
            write!(f, "#{}", self.pointer)?;
        }
        Ok(())
    }
}

/// Why generation failed.
///
/// `Debug` shows the same readable message as `Display`, so that a
/// `build.rs` that calls `.unwrap()` or `.expect()` prints the message and
/// not a dump of the fields.
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The file could not be read.
    #[error("{path}: cannot read: {source}")]
    Read {
        /// The spec file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The file is not well-formed YAML or JSON.
    #[error("{path}:{location}: syntax error: {message}")]
    Syntax {
        /// The spec file.
        path: PathBuf,
        /// Line and column of the error.
        location: Location,
        /// The parser's message.
        message: String,
    },
    /// The document is not an OpenAPI 3.0 or 3.1 document.
    #[error("{path}: {message}")]
    Version {
        /// The spec file.
        path: PathBuf,
        /// What the document is instead.
        message: String,
    },
    /// The document is OpenAPI but does not follow the specification's shape.
    #[error("{path}:{location}: invalid document: {message}")]
    Invalid {
        /// The spec file.
        path: PathBuf,
        /// Where.
        location: Location,
        /// What is wrong.
        message: String,
    },
    /// A `$ref` points at nothing.
    #[error("{path}:{location}: dangling $ref `{target}`: {message}")]
    DanglingRef {
        /// The spec file.
        path: PathBuf,
        /// Where the `$ref` is.
        location: Location,
        /// The reference as written.
        target: String,
        /// Why it does not resolve.
        message: String,
    },
    /// `$ref`s that lead back to themselves without an object in between.
    #[error("{path}:{location}: $ref cycle with no object in between: {chain}")]
    RefCycle {
        /// The spec file.
        path: PathBuf,
        /// Where the cycle starts.
        location: Location,
        /// The references in the cycle, joined by ` -> `.
        chain: String,
    },
    /// The document passes a bound that keeps reading it safe (nesting
    /// depth, alias expansion, length of a `$ref` chain).
    #[error("{path}:{location}: limit exceeded: {message}")]
    Limit {
        /// The spec file.
        path: PathBuf,
        /// Where the limit was passed.
        location: Location,
        /// Which limit, and its value.
        message: String,
    },
    /// A construct the generator does not support.
    #[error("{path}:{location}: unsupported: {message}")]
    Unsupported {
        /// The spec file.
        path: PathBuf,
        /// Where.
        location: Location,
        /// The construct and why.
        message: String,
    },
    /// The generated code did not parse as Rust: a generator bug.
    #[error("{path}: internal error, generated code does not parse: {message}")]
    Internal {
        /// The spec file.
        path: PathBuf,
        /// The parser's message.
        message: String,
    },
    /// Writing output failed.
    #[error("{path}: cannot write: {source}")]
    Write {
        /// The output file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// Several errors in one document, in source order.
    #[error("{path}: {}:\n{}", plural(.errors.len(), "error"), .errors.iter().map(|e| format!("  {e}")).collect::<Vec<_>>().join("\n"))]
    Many {
        /// The spec file.
        path: PathBuf,
        /// Each error.
        errors: Vec<Error>,
    },
    /// Lints at error level: a lint that is an error by default, or any
    /// warning under `deny_warnings`.
    #[error("{path}: {} denied: {}", plural(.diagnostics.len(), "diagnostic"), .diagnostics.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("; "))]
    Denied {
        /// The spec file.
        path: PathBuf,
        /// The diagnostics at error level, in source order.
        diagnostics: Vec<crate::diagnostic::Diagnostic>,
    },
    /// `allow` names no lint.
    #[error("unknown lint `{name}`{}", .suggestion.as_ref().map(|s| format!(": did you mean `{s}`?")).unwrap_or_default())]
    UnknownLint {
        /// The name or code as given.
        name: String,
        /// The nearest lint name.
        suggestion: Option<String>,
    },
    /// A selected tag or operation (`Builder::tags`, `--operation`, …)
    /// that the document does not have.
    #[error("{path}: no {what} named `{name}` in the document{}", nearest_list(.nearest))]
    UnknownSelection {
        /// The spec file.
        path: PathBuf,
        /// `tag` or `operation`.
        what: &'static str,
        /// The name as given.
        name: String,
        /// The document's names nearest to it, nearest first.
        nearest: Vec<String>,
    },
    /// `--check` found output that differs from what the specs generate.
    #[error("stale generated files (run `{command}`): {}", .paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "))]
    Stale {
        /// The files that would change.
        paths: Vec<PathBuf>,
        /// The command that rewrites them.
        command: String,
    },
}

impl Error {
    /// The spec or output file this error is about.
    pub fn path(&self) -> Option<&std::path::Path> {
        match self {
            Error::Read { path, .. }
            | Error::Syntax { path, .. }
            | Error::Version { path, .. }
            | Error::Invalid { path, .. }
            | Error::DanglingRef { path, .. }
            | Error::RefCycle { path, .. }
            | Error::Limit { path, .. }
            | Error::Unsupported { path, .. }
            | Error::Internal { path, .. }
            | Error::Write { path, .. }
            | Error::Denied { path, .. }
            | Error::Many { path, .. }
            | Error::UnknownSelection { path, .. } => Some(path),
            Error::Stale { .. } | Error::UnknownLint { .. } => None,
        }
    }

    /// The place in the spec, for the kinds that have one.
    pub fn location(&self) -> Option<&Location> {
        match self {
            Error::Syntax { location, .. }
            | Error::Invalid { location, .. }
            | Error::DanglingRef { location, .. }
            | Error::RefCycle { location, .. }
            | Error::Limit { location, .. }
            | Error::Unsupported { location, .. } => Some(location),
            _ => None,
        }
    }

    /// The error as a compiler shows it, with the source line and a caret
    /// when it has a line (`source` is the spec's text); the errors of
    /// [`Error::Many`] one after the other.
    pub fn render(&self, source: Option<&str>) -> String {
        if let Error::Many { errors, .. } = self {
            return errors
                .iter()
                .map(|e| e.render(source))
                .collect::<Vec<_>>()
                .join("\n\n");
        }
        let (Some(location), Some(path)) = (self.location(), self.path()) else {
            return format!("error: {self}");
        };
        let title = self.message();
        crate::diagnostic::render_snippet(&crate::diagnostic::Snippet {
            severity: crate::diagnostic::Severity::Error,
            title: &title,
            code: None,
            path,
            location,
            source,
            span_text: None,
            label: None,
        })
    }

    /// The message without the file and place (those are in the location).
    fn message(&self) -> String {
        match self {
            Error::Syntax { message, .. } => format!("syntax error: {message}"),
            Error::Invalid { message, .. } => format!("invalid document: {message}"),
            Error::DanglingRef {
                target, message, ..
            } => {
                format!("dangling $ref `{target}`: {message}")
            }
            Error::RefCycle { chain, .. } => {
                format!("$ref cycle with no object in between: {chain}")
            }
            Error::Limit { message, .. } => format!("limit exceeded: {message}"),
            Error::Unsupported { message, .. } => format!("unsupported: {message}"),
            other => other.to_string(),
        }
    }

    /// The location in the spec, for the kinds that have one.
    pub(crate) fn location_mut(&mut self) -> Option<&mut Location> {
        match self {
            Error::Syntax { location, .. }
            | Error::Invalid { location, .. }
            | Error::DanglingRef { location, .. }
            | Error::RefCycle { location, .. }
            | Error::Limit { location, .. }
            | Error::Unsupported { location, .. } => Some(location),
            _ => None,
        }
    }

    /// The JSON pointer of the offending node, where there is one.
    pub fn pointer(&self) -> Option<&str> {
        match self {
            Error::Invalid { location, .. }
            | Error::DanglingRef { location, .. }
            | Error::RefCycle { location, .. }
            | Error::Limit { location, .. }
            | Error::Unsupported { location, .. } => Some(&location.pointer),
            _ => None,
        }
    }

    /// A short, stable name for the kind of error (for grouping in reports).
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Read { .. } => "read",
            Error::Syntax { .. } => "syntax",
            Error::Version { .. } => "version",
            Error::Invalid { .. } => "invalid",
            Error::DanglingRef { .. } => "dangling-ref",
            Error::RefCycle { .. } => "ref-cycle",
            Error::Limit { .. } => "limit",
            Error::Unsupported { .. } => "unsupported",
            Error::Internal { .. } => "internal",
            Error::Write { .. } => "write",
            Error::Stale { .. } => "stale",
            Error::Denied { .. } => "denied",
            Error::Many { errors, .. } => errors.first().map_or("invalid", Error::kind),
            Error::UnknownLint { .. } => "unknown-lint",
            Error::UnknownSelection { .. } => "unknown-selection",
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

fn nearest_list(nearest: &[String]) -> String {
    if nearest.is_empty() {
        return String::new();
    }
    let names: Vec<String> = nearest.iter().map(|n| format!("`{n}`")).collect();
    format!("; the nearest: {}", names.join(", "))
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Result with the generator's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Escapes one JSON-pointer token (`~` → `~0`, `/` → `~1`).
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_tokens_are_escaped() {
        assert_eq!(escape_token("/v1/a~b"), "~1v1~1a~0b");
    }

    #[test]
    fn debug_is_the_readable_message() {
        fn fails() -> Result<()> {
            Err(Error::Invalid {
                path: "spec.yaml".into(),
                location: Location::pointer("/info"),
                message: "bad".into(),
            })
        }
        let e = fails().unwrap_err();
        assert_eq!(format!("{e:?}"), "spec.yaml:#/info: invalid document: bad");
        let r = fails();
        let panic =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| r.unwrap())).unwrap_err();
        let text = panic.downcast_ref::<String>().unwrap();
        assert!(
            text.ends_with("Err` value: spec.yaml:#/info: invalid document: bad"),
            "{text}"
        );
    }

    #[test]
    fn location_display_shows_line_and_pointer() {
        let loc = Location {
            pointer: "/info".into(),
            line: Some(3),
            column: Some(7),
        };
        assert_eq!(loc.to_string(), "3:7 #/info");
        assert_eq!(Location::pointer("").to_string(), "#");
    }
}
