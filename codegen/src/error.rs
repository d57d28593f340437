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
#[derive(Debug, thiserror::Error)]
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
            | Error::Write { path, .. } => Some(path),
            Error::Stale { .. } => None,
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
        }
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
