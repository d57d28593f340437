//! Warnings and notes about a spec: the document is valid, but says
//! something its author most likely did not mean (`requried:`, a property
//! beside `properties`, an example that does not match its schema).
//!
//! Each lint has a stable code and name ([`LINTS`]), a default level, and
//! can be silenced ([`crate::Builder::allow`]) or turned into an error
//! ([`crate::Builder::deny_warnings`]). A diagnostic carries the JSON
//! pointer and, once the document's text has been read, the line and column;
//! [`Diagnostic::render`] shows it as compilers do, with the source line and
//! a caret under the spot.

use std::fmt;
use std::path::Path;

use crate::error::Location;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Information that needs no change (an unknown `format`).
    Note,
    /// Most likely a mistake; generation goes on.
    Warning,
    /// Generation stops.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// One lint: its stable code, its name and its level when nothing changes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lint {
    /// Stable code (`W0001`), never reused for another lint.
    pub code: &'static str,
    /// Stable name (`unknown-keyword`), accepted wherever the code is.
    pub name: &'static str,
    /// The level it has unless allowed or denied.
    pub default: Severity,
    /// One line on what it finds.
    pub summary: &'static str,
}

/// A keyword the object it sits in does not have (`requried`, `tpye`).
pub const UNKNOWN_KEYWORD: Lint = Lint {
    code: "W0001",
    name: "unknown-keyword",
    default: Severity::Warning,
    summary: "a keyword the OpenAPI object it sits in does not define (a typo, or a keyword of another object); it is ignored",
};

/// A schema beside `properties` that reads as a property placed one level
/// too far out.
pub const MISPLACED_PROPERTY: Lint = Lint {
    code: "W0002",
    name: "misplaced-property",
    default: Severity::Warning,
    summary:
        "a schema sits beside `properties` instead of inside it; it is not a property of the object",
};

/// `required` names a property the schema does not have.
pub const REQUIRED_NOT_A_PROPERTY: Lint = Lint {
    code: "W0003",
    name: "required-not-a-property",
    default: Severity::Warning,
    summary: "`required` names a property that `properties` does not list",
};

/// A `default` or `example` that its own schema refuses.
pub const EXAMPLE_MISMATCH: Lint = Lint {
    code: "W0004",
    name: "example-mismatch",
    default: Severity::Warning,
    summary: "a `default` or `example` value does not match its schema's type or enum",
};

/// A `format` the generator does not know; the value is a plain scalar.
pub const UNKNOWN_FORMAT: Lint = Lint {
    code: "N0005",
    name: "unknown-format",
    default: Severity::Note,
    summary: "a `format` the generator does not know; the value is treated as its plain type",
};

/// Two templated paths that differ only in the names of their variables.
///
/// OpenAPI says such paths MUST NOT exist, but GitHub's, Jira's and Google's
/// published specs have them, and for a client each operation is still its
/// own request: a warning, which `deny_warnings` makes an error.
pub const EQUIVALENT_TEMPLATES: Lint = Lint {
    code: "W0006",
    name: "equivalent-templates",
    default: Severity::Warning,
    summary: "two templated paths differ only in variable names (OpenAPI 3, Paths Object: such paths MUST NOT exist); each operation still makes its own requests",
};

/// Every lint, in code order.
pub const LINTS: &[Lint] = &[
    UNKNOWN_KEYWORD,
    MISPLACED_PROPERTY,
    REQUIRED_NOT_A_PROPERTY,
    EXAMPLE_MISMATCH,
    UNKNOWN_FORMAT,
    EQUIVALENT_TEMPLATES,
];

/// The lint with this code or name (`W0001`, `unknown-keyword`).
pub fn find_lint(code_or_name: &str) -> Option<Lint> {
    LINTS
        .iter()
        .copied()
        .find(|l| l.code.eq_ignore_ascii_case(code_or_name) || l.name == code_or_name)
}

/// One finding of a lint about one place in a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The lint that found it.
    pub lint: Lint,
    /// Its level after `allow` and `deny_warnings`.
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// Where: the pointer, and the line and column once located.
    pub location: Location,
    /// The text the caret points at, when it is a key or value on the line.
    pub span_text: Option<String>,
    /// What the author probably meant (`did you mean `required`?`).
    pub suggestion: Option<String>,
}

impl Diagnostic {
    pub(crate) fn new(lint: Lint, pointer: String, message: String) -> Self {
        Diagnostic {
            lint,
            severity: lint.default,
            message,
            location: Location::pointer(pointer),
            span_text: None,
            suggestion: None,
        }
    }

    pub(crate) fn spot(mut self, text: impl Into<String>) -> Self {
        self.span_text = Some(text.into());
        self
    }

    pub(crate) fn suggest(mut self, suggestion: Option<String>) -> Self {
        self.suggestion = suggestion;
        self
    }

    /// One line: `file:line:col: warning[W0001] unknown-keyword: message (#pointer); suggestion`,
    /// as `cargo:warning=` lines want it.
    pub fn one_line(&self, path: &Path) -> String {
        let mut out = format!(
            "{}:{}: {}[{}] {}",
            path.display(),
            self.location,
            self.severity,
            self.lint.code,
            self.message
        );
        if let Some(s) = &self.suggestion {
            out.push_str("; ");
            out.push_str(s);
        }
        out
    }

    /// The diagnostic as a compiler shows it: a title with the code, the
    /// file, line and column, the pointer, and the source line with a caret
    /// under the spot. `source` is the spec's text.
    pub fn render(&self, path: &Path, source: Option<&str>) -> String {
        render_snippet(&Snippet {
            severity: self.severity,
            title: &format!("{} ({})", self.message, self.lint.name),
            code: Some(self.lint.code),
            path,
            location: &self.location,
            source,
            span_text: self.span_text.as_deref(),
            label: self.suggestion.as_deref(),
        })
    }
}

/// What [`render_snippet`] draws.
pub(crate) struct Snippet<'a> {
    pub severity: Severity,
    pub title: &'a str,
    pub code: Option<&'a str>,
    pub path: &'a Path,
    pub location: &'a Location,
    pub source: Option<&'a str>,
    /// The text the caret underlines, when it starts at the column.
    pub span_text: Option<&'a str>,
    /// Words under the caret (a suggestion).
    pub label: Option<&'a str>,
}

/// A message as rustc draws it: title, `--> file:line:col`, the source line
/// with a caret under the spot, and the JSON pointer as a note.
pub(crate) fn render_snippet(s: &Snippet<'_>) -> String {
    use annotate_snippets::{Level, Renderer, Snippet as Source};
    let level = match s.severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Note => Level::Note,
    };
    let origin = s.path.display().to_string();
    let pointer_note = format!("at #{}", s.location.pointer);
    let mut message = level.title(s.title);
    if let Some(code) = s.code {
        message = message.id(code);
    }
    let line_text = match (s.source, s.location.line) {
        (Some(text), Some(line)) if line > 0 => nth_line(text, line as usize),
        _ => None,
    };
    let (Some(line_text), Some(line), Some(column)) =
        (line_text, s.location.line, s.location.column)
    else {
        let mut out = Renderer::plain().render(message).to_string();
        out.push_str(&format!("\n  --> {origin}:{}", s.location));
        if let Some(label) = s.label {
            out.push_str(&format!("\n  = help: {label}"));
        }
        return out;
    };
    // annotate-snippets cuts a long line (minified JSON) around the spot.
    let start = char_to_byte(line_text, (column as usize).saturating_sub(1));
    let width = s
        .span_text
        .and_then(|t| line_text[start..].starts_with(t).then_some(t.len()))
        .unwrap_or_else(|| token_width(&line_text[start..]));
    let end = (start + width.max(1)).min(line_text.len().max(start));
    message = message
        .snippet(
            Source::source(line_text)
                .line_start(line as usize)
                .origin(&origin)
                // The primary mark is a caret whatever the level (as rustc draws it).
                .annotation(Level::Error.span(start..end).label(s.label.unwrap_or(""))),
        )
        .footer(Level::Note.title(&pointer_note));
    let out = Renderer::plain().render(message).to_string();
    out
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}[{}] {}",
            self.location, self.severity, self.lint.code, self.message
        )?;
        if let Some(s) = &self.suggestion {
            write!(f, "; {s}")?;
        }
        Ok(())
    }
}

/// Line `line` (1-based) of `text`, without its line break. Line breaks
/// are counted a block at a time (bytecount, with SIMD): going
/// line by line with `str::lines` cost about 80 instructions a line, which
/// on a 347,000-line spec made drawing its warnings cost more than parsing
/// it.
fn nth_line(text: &str, line: usize) -> Option<&str> {
    const BLOCK: usize = 4096;
    let bytes = text.as_bytes();
    let mut breaks_before = line.checked_sub(1)?;
    let mut start = 0;
    if breaks_before > 0 {
        let mut found = None;
        for (k, block) in bytes.chunks(BLOCK).enumerate() {
            let n = bytecount::count(block, b'\n');
            if n < breaks_before {
                breaks_before -= n;
                continue;
            }
            let at = memchr::memchr_iter(b'\n', block).nth(breaks_before - 1)?;
            found = Some(k * BLOCK + at + 1);
            break;
        }
        start = found?;
    }
    let rest = &text[start..];
    let end = memchr::memchr(b'\n', rest.as_bytes()).unwrap_or(rest.len());
    Some(rest[..end].strip_suffix('\r').unwrap_or(&rest[..end]))
}

/// The byte offset of the `chars`-th character of `line` (columns count characters).
fn char_to_byte(line: &str, chars: usize) -> usize {
    line.char_indices()
        .nth(chars)
        .map_or(line.len(), |(i, _)| i)
}

/// The width of the key or scalar that starts `rest`.
fn token_width(rest: &str) -> usize {
    let quoted = rest.starts_with('"') || rest.starts_with('\'');
    if quoted {
        let q = rest.as_bytes()[0];
        return rest[1..]
            .bytes()
            .position(|b| b == q)
            .map_or(rest.len(), |i| i + 2);
    }
    rest.find([':', ',', '}', ']', ' ', '#'])
        .unwrap_or(rest.len())
}

/// The closest of `candidates` to `word` by edit distance, when close enough
/// to be a likely typo (rustc's "did you mean").
pub(crate) fn nearest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    let lower = word.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|c| {
            let d = if c.eq_ignore_ascii_case(word) {
                0
            } else {
                strsim::damerau_levenshtein(&lower, &c.to_ascii_lowercase())
            };
            (d, c)
        })
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

/// Up to `n` candidates nearest to `word` (case-insensitive edit
/// distance, then name), however far: for listing the valid names beside
/// an unknown one.
pub(crate) fn nearest_n<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    n: usize,
) -> Vec<&'a str> {
    let lower = word.to_ascii_lowercase();
    let mut scored: Vec<(bool, usize, &str)> = candidates
        .into_iter()
        .map(|c| {
            let c_lower = c.to_ascii_lowercase();
            // A candidate containing the word (`issue` in `issues`) comes
            // before the others.
            let apart = !(c_lower.contains(&lower) || lower.contains(&c_lower));
            (apart, strsim::damerau_levenshtein(&lower, &c_lower), c)
        })
        .collect();
    scored.sort_unstable();
    scored.dedup_by(|a, b| a.2 == b.2);
    scored.into_iter().take(n).map(|(_, _, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nth_line_finds_each_line() {
        let text = "a\r\nbb\n\nccc";
        assert_eq!(nth_line(text, 1), Some("a"));
        assert_eq!(nth_line(text, 2), Some("bb"));
        assert_eq!(nth_line(text, 3), Some(""));
        assert_eq!(nth_line(text, 4), Some("ccc"));
        assert_eq!(nth_line(text, 5), None);
        assert_eq!(nth_line(text, 0), None);
        // Across the counting blocks.
        let long: String = (1..=3000).map(|i| format!("line {i}\n")).collect();
        for n in [1, 409, 410, 411, 1000, 2999, 3000] {
            assert_eq!(nth_line(&long, n), Some(format!("line {n}").as_str()));
        }
        assert_eq!(nth_line(&long, 3001), Some(""));
        assert_eq!(nth_line(&long, 3002), None);
    }

    #[test]
    fn codes_and_names_are_unique() {
        for (i, a) in LINTS.iter().enumerate() {
            for b in &LINTS[i + 1..] {
                assert_ne!(a.code, b.code);
                assert_ne!(a.name, b.name);
            }
            assert_eq!(find_lint(a.code), Some(*a));
            assert_eq!(find_lint(a.name), Some(*a));
        }
        assert_eq!(find_lint("nope"), None);
    }

    #[test]
    fn nearest_n_lists_the_closest_first() {
        let words = ["issues", "pulls", "repos", "orgs", "issue-comments"];
        assert_eq!(nearest_n("isues", words, 1), ["issues"]);
        assert_eq!(nearest_n("issue", words, 2), ["issues", "issue-comments"]);
        assert_eq!(nearest_n("pull", words, 1), ["pulls"]);
        assert_eq!(nearest_n("x", words, 9).len(), 5);
    }

    #[test]
    fn nearest_finds_typos_and_not_strangers() {
        let words = ["required", "properties", "type", "format"];
        assert_eq!(nearest("requried", words), Some("required"));
        assert_eq!(nearest("propertes", words), Some("properties"));
        assert_eq!(nearest("tpye", words), Some("type"));
        assert_eq!(nearest("Type", words), Some("type"));
        assert_eq!(nearest("colour", words), None);
    }

    #[test]
    fn a_long_line_is_cut_around_the_spot() {
        let line = format!("{}\"requried\": 1{}", "x".repeat(5000), "y".repeat(5000));
        let mut d = Diagnostic::new(UNKNOWN_KEYWORD, "/a".into(), "m".into()).spot("\"requried\"");
        d.location.line = Some(1);
        d.location.column = Some(5001);
        let out = d.render(Path::new("s.json"), Some(&line));
        assert!(out.len() < 1000, "{out}");
        assert!(out.contains("--> s.json:1:5001"), "{out}");
        let source = out.lines().find(|l| l.starts_with("1 |")).unwrap();
        let caret = out.lines().find(|l| l.contains('^')).unwrap();
        let at = caret.find('^').unwrap();
        assert_eq!(&source[at..at + 10], "\"requried\"", "{out}");
    }

    #[test]
    fn render_puts_a_caret_under_the_spot() {
        let source = "a: 1\n    requried: [id]\n";
        let mut d = Diagnostic::new(
            UNKNOWN_KEYWORD,
            "/x/requried".into(),
            "unknown keyword `requried` in a schema".into(),
        )
        .spot("requried")
        .suggest(Some("did you mean `required`?".into()));
        d.location.line = Some(2);
        d.location.column = Some(5);
        let out = d.render(Path::new("spec.yaml"), Some(source));
        assert!(
            out.starts_with(
                "warning[W0001]: unknown keyword `requried` in a schema (unknown-keyword)"
            ),
            "{out}"
        );
        assert!(out.contains("--> spec.yaml:2:5"), "{out}");
        assert!(out.contains("2 |     requried: [id]"), "{out}");
        assert!(
            out.contains("  |     ^^^^^^^^ did you mean `required`?"),
            "{out}"
        );
        assert!(out.contains("at #/x/requried"), "{out}");
        assert_eq!(
            d.one_line(Path::new("spec.yaml")),
            "spec.yaml:2:5 #/x/requried: warning[W0001] unknown keyword `requried` in a schema; did you mean `required`?"
        );
    }
}
