//! What happened to one spec, and the text that groups refusals by cause.

use std::time::Duration;

use crate::walk::Version;

#[derive(Debug)]
pub enum Outcome {
    Ok {
        lines: usize,
    },
    Refused {
        kind: &'static str,
        reason: String,
        message: String,
        place: String,
    },
    Panicked {
        message: String,
    },
}

impl Outcome {
    /// A refusal of the generator's error `e`.
    pub fn refused(e: &apigen::Error) -> Outcome {
        let message = detail(e);
        let place = match (e.pointer(), e) {
            (Some(p), _) => format!("#{p}"),
            (None, apigen::Error::Syntax { location, .. }) => location.to_string(),
            _ => String::new(),
        };
        Outcome::Refused {
            kind: e.kind(),
            reason: normalise(e.kind(), &message),
            message,
            place,
        }
    }

    /// `ok, N lines`, `refused: KIND` or `panicked`.
    pub fn summary(&self) -> String {
        match self {
            Outcome::Ok { lines } => format!("ok, {lines} lines"),
            Outcome::Refused { kind, .. } => format!("refused: {kind}"),
            Outcome::Panicked { .. } => "panicked".to_owned(),
        }
    }
}

#[derive(Debug)]
pub struct Record {
    pub rel: String,
    pub version: Version,
    pub elapsed: Duration,
    pub outcome: Outcome,
}

/// The error's own message, without the file name and location the
/// `Display` form puts first.
fn detail(e: &apigen::Error) -> String {
    use apigen::Error as E;
    match e {
        E::Syntax { message, .. }
        | E::Version { message, .. }
        | E::Invalid { message, .. }
        | E::Unsupported { message, .. }
        | E::Internal { message, .. } => message.clone(),
        E::DanglingRef {
            target, message, ..
        } => format!("`{target}`: {message}"),
        E::RefCycle { chain, .. } => format!("$ref cycle: {chain}"),
        E::Read { source, .. } => source.to_string(),
        other => other.to_string(),
    }
}

/// A message with the names in it stripped, so that errors of one cause
/// group together: quoted and back-quoted text, JSON pointers and numbers
/// become placeholders. Generated-code parse errors keep short Rust tokens
/// (`type`, `::`), which are the cause rather than a name.
fn normalise(kind: &str, message: &str) -> String {
    if kind == "ref-cycle" {
        return "$ref cycle with no object in between".to_owned();
    }
    let mut out = String::with_capacity(message.len());
    let chars: Vec<char> = message.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '`' | '"' | '\'' => {
                let close = chars[i + 1..].iter().position(|&d| d == c);
                match close {
                    Some(len) => {
                        let inner: String = chars[i + 1..i + 1 + len].iter().collect();
                        let keep = kind == "internal" && inner.len() <= 12;
                        out.push(c);
                        out.push_str(if keep { &inner } else { "_" });
                        out.push(c);
                        i += len + 2;
                    }
                    None => {
                        out.push(c);
                        i += 1;
                    }
                }
            }
            '#' | '/'
                if chars
                    .get(i + 1)
                    .is_some_and(|&d| d == '/' || d.is_alphanumeric()) =>
            {
                // A JSON pointer or URL path: up to the next space.
                while i < chars.len() && !chars[i].is_whitespace() && chars[i] != ',' {
                    i += 1;
                }
                out.push('_');
            }
            d if d.is_ascii_digit() => {
                while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                    i += 1;
                }
                out.push('N');
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    let mut out = out.split_whitespace().collect::<Vec<_>>().join(" ");
    if out.chars().count() > 160 {
        out = out.chars().take(157).collect::<String>() + "...";
    }
    out
}

/// A module-name-like slug for a relative path: `amazonaws.com/acm.json` →
/// `amazonaws_com_acm`.
pub fn slug(rel: &str) -> String {
    let stem = [".json", ".yaml", ".yml"]
        .iter()
        .find_map(|ext| rel.strip_suffix(ext))
        .unwrap_or(rel);
    let mut s: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'm');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_strips_names() {
        assert_eq!(
            normalise("invalid", "unknown variant `foo`, expected one of `a`, `b`"),
            "unknown variant `_`, expected one of `_`, `_`"
        );
        assert_eq!(
            normalise("dangling-ref", "`#/components/schemas/X`: no such node"),
            "`_`: no such node"
        );
        assert_eq!(
            normalise(
                "unsupported",
                "nesting deeper than 200 levels at /paths/~1a"
            ),
            "nesting deeper than N levels at _"
        );
        assert_eq!(
            normalise("internal", "expected identifier, found keyword `type`"),
            "expected identifier, found keyword `type`"
        );
    }

    #[test]
    fn refusals_carry_kind_place_and_reason() {
        let err = apigen::internal::load_str(
            "s.yaml".as_ref(),
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/Missing'}\n",
        )
        .unwrap_err();
        let Outcome::Refused {
            kind,
            reason,
            message,
            place,
        } = Outcome::refused(&err)
        else {
            panic!("not a refusal")
        };
        assert_eq!(kind, "dangling-ref");
        assert_eq!(place, "#/components/schemas/A/$ref");
        assert_eq!(
            message,
            "`#/components/schemas/Missing`: no such node in the document"
        );
        assert_eq!(reason, "`_`: no such node in the document");
    }

    #[test]
    fn slugs_are_module_names() {
        assert_eq!(slug("amazonaws.com/acm.json"), "amazonaws_com_acm");
        assert_eq!(slug("1password.com/events.yaml"), "m1password_com_events");
    }
}
