//! The leaves of an example: numbers within their bounds, strings of their
//! format, length or (simple) pattern, and the type checks the synthesis
//! and the fit test share.

use regex_syntax::hir::{Class, Hir, HirKind};
use serde_json::{Map, Value};

/// A copy of the schema without some keywords.
pub(super) fn strip(s: &Map<String, Value>, keywords: &[&str]) -> Map<String, Value> {
    s.iter()
        .filter(|(k, _)| !keywords.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

pub(super) fn is_true(v: &Value, key: &str) -> bool {
    v.get(key).and_then(Value::as_bool) == Some(true)
}

pub(super) fn is_true_map(s: &Map<String, Value>, key: &str) -> bool {
    s.get(key).and_then(Value::as_bool) == Some(true)
}

/// `type` as a list (3.1 allows several).
pub(super) fn type_names(s: &Map<String, Value>) -> Vec<&str> {
    match s.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// The type to make a value of: the first that is not `null`, else one
/// inferred from the keywords present.
pub(super) fn type_of(s: &Map<String, Value>) -> &str {
    let has = |k: &str| s.contains_key(k);
    if let Some(t) = type_names(s).into_iter().find(|t| *t != "null") {
        return t;
    }
    if has("properties") || has("additionalProperties") || has("required") {
        "object"
    } else if has("items") {
        "array"
    } else if has("pattern") || has("format") || has("minLength") || has("maxLength") {
        "string"
    } else if has("minimum") || has("maximum") || has("multipleOf") {
        "number"
    } else {
        ""
    }
}

pub(super) fn has_type(v: &Value, t: &str) -> bool {
    match t {
        "string" => v.is_string(),
        "integer" => v.as_f64().is_some_and(|x| x.fract() == 0.0),
        "number" => v.is_number(),
        "boolean" => v.is_boolean(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        "null" => v.is_null(),
        _ => true,
    }
}

/// The lower and upper bound, each with whether it is exclusive (3.0's
/// boolean `exclusiveMinimum` and 3.1's number form both).
/// A bound and whether it is exclusive.
type Bound = Option<(f64, bool)>;

pub(super) fn bounds(s: &Map<String, Value>) -> (Bound, Bound) {
    let one = |bound: &str, exclusive: &str| {
        let inclusive = s.get(bound).and_then(Value::as_f64);
        match s.get(exclusive) {
            Some(Value::Bool(true)) => inclusive.map(|b| (b, true)),
            Some(Value::Number(n)) => n.as_f64().map(|b| (b, true)),
            _ => inclusive.map(|b| (b, false)),
        }
    };
    (
        one("minimum", "exclusiveMinimum"),
        one("maximum", "exclusiveMaximum"),
    )
}

pub(super) fn number_fits(s: &Map<String, Value>, x: f64) -> bool {
    let (lo, hi) = bounds(s);
    if lo.is_some_and(|(b, ex)| if ex { x <= b } else { x < b }) {
        return false;
    }
    if hi.is_some_and(|(b, ex)| if ex { x >= b } else { x > b }) {
        return false;
    }
    match s.get("multipleOf").and_then(Value::as_f64) {
        Some(m) if m > 0.0 => {
            let q = x / m;
            (q - q.round()).abs() < 1e-9
        }
        _ => true,
    }
}

pub(super) fn integer(s: &Map<String, Value>) -> Value {
    let (lo, hi) = bounds(s);
    let lo = lo.map(|(b, ex)| if ex { b.floor() + 1.0 } else { b.ceil() });
    let hi = hi.map(|(b, ex)| if ex { b.ceil() - 1.0 } else { b.floor() });
    let step = s
        .get("multipleOf")
        .and_then(Value::as_f64)
        .filter(|m| *m >= 1.0 && m.fract() == 0.0)
        .unwrap_or(1.0);
    let mut x = match (lo, hi) {
        (Some(lo), _) if lo > 1.0 => lo,
        (_, Some(hi)) if hi < 1.0 => hi,
        _ => 1.0,
    };
    // The smallest multiple of the step at or above x (or below, when the
    // maximum is in the way).
    let up = (x / step).ceil() * step;
    x = if hi.is_none_or(|hi| up <= hi) {
        up
    } else {
        (x / step).floor() * step
    };
    if x < 0.0 {
        Value::from(x as i64)
    } else {
        Value::from(x as u64)
    }
}

pub(super) fn number(s: &Map<String, Value>) -> Value {
    let (lo, hi) = bounds(s);
    let step = s
        .get("multipleOf")
        .and_then(Value::as_f64)
        .filter(|m| *m > 0.0);
    let mut x = match (lo, hi) {
        (Some((lo, ex)), _) if lo >= 1.0 || (lo == 1.0 && ex) => {
            if ex {
                lo + step.unwrap_or(0.5)
            } else {
                lo
            }
        }
        (_, Some((hi, ex))) if hi <= 1.0 => {
            if ex {
                hi - step.unwrap_or(0.5)
            } else {
                hi
            }
        }
        _ => 1.0,
    };
    if let Some(m) = step {
        x = (x / m).ceil() * m;
        if !number_fits(s, x) {
            x = ((x / m).floor() - 1.0) * m;
        }
    }
    if x.fract() == 0.0 && x.abs() < 1e15 {
        Value::from(x as i64)
    } else {
        serde_json::Number::from_f64(x).map_or(Value::from(1), Value::Number)
    }
}

pub(super) fn string(s: &Map<String, Value>) -> Value {
    let min = s.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
    let max = s
        .get("maxLength")
        .and_then(Value::as_u64)
        .map(|m| m as usize);
    if let Some(p) = s.get("pattern").and_then(Value::as_str) {
        if let Some(text) = from_pattern(p, min, max) {
            return Value::String(text);
        }
    }
    let format = s.get("format").and_then(Value::as_str).unwrap_or("");
    let mut text = match format_example(format) {
        Some(t) => t.to_owned(),
        None => "example".to_owned(),
    };
    if format_example(format).is_none() || text.chars().count() < min {
        while text.chars().count() < min {
            text.push('a');
        }
        if let Some(max) = max {
            text = text.chars().take(max).collect();
        }
    }
    Value::String(text)
}

pub(super) fn format_example(format: &str) -> Option<&'static str> {
    Some(match format {
        "date-time" => "2024-01-02T03:04:05Z",
        "date" => "2024-01-02",
        "time" => "03:04:05Z",
        "duration" => "P1D",
        "email" | "idn-email" => "user@example.com",
        "hostname" | "idn-hostname" => "example.com",
        "ipv4" => "192.0.2.1",
        "ipv6" => "2001:db8::1",
        "uri" | "url" | "iri" => "https://example.com/",
        "uri-reference" | "iri-reference" => "/example",
        "uri-template" => "https://example.com/{id}",
        "uuid" => "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "byte" => "ZXhhbXBsZQ==",
        "json-pointer" => "/example",
        "regex" => "^example$",
        _ => return None,
    })
}

/// Light checks of the formats Prism (ajv-formats) checks, so that a
/// spec example in the wrong format is not taken.
pub(super) fn format_fits(format: &str, text: &str) -> bool {
    let re = |p: &str| regex::Regex::new(p).is_ok_and(|r| r.is_match(text));
    match format {
        "date-time" => {
            re(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
        }
        "date" => re(r"^\d{4}-\d{2}-\d{2}$"),
        "email" => re(r"^[^@\s]+@[^@\s]+\.[^@\s]+$"),
        "uuid" => {
            re(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
        }
        // The runtime's `scalar::Uri` parser: RFC 3986, a scheme required.
        "uri" => fluent_uri::Uri::parse(text).is_ok(),
        "url" => re(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s]*$"),
        "ipv4" => re(r"^(\d{1,3}\.){3}\d{1,3}$"),
        "byte" => re(r"^[A-Za-z0-9+/]*={0,2}$"),
        _ => true,
    }
}

/// A string the pattern matches (unanchored, as JSON Schema reads it),
/// at least `min` characters when the pattern allows; `None` when the
/// pattern cannot be read or the text made does not match.
pub(super) fn from_pattern(pattern: &str, min: usize, max: Option<usize>) -> Option<String> {
    let hir = regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .parse(pattern)
        .ok()
        .or_else(|| regex_syntax::Parser::new().parse(pattern).ok())?;
    let re = regex::Regex::new(pattern).ok()?;
    let fits = |t: &String| {
        let n = t.chars().count();
        re.is_match(t) && n >= min && max.is_none_or(|m| n <= m)
    };
    // The shortest text first; then one whose repetitions grow to the
    // minimum length.
    for grow in [0, min] {
        let mut out = String::new();
        if write_hir(&hir, grow, &mut out, 0).is_some() && fits(&out) {
            return Some(out);
        }
    }
    None
}

pub(super) fn write_hir(hir: &Hir, min: usize, out: &mut String, depth: usize) -> Option<()> {
    if depth > 64 || out.len() > 4096 {
        return None;
    }
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(lit) => out.push_str(std::str::from_utf8(&lit.0).ok()?),
        HirKind::Class(class) => out.push(class_char(class)?),
        HirKind::Repetition(rep) => {
            // At least once, and more when a minimum length asks for it
            // and the repetition allows it.
            let lo = rep.min.max(1);
            let hi = rep.max.unwrap_or(u32::MAX).max(rep.min);
            let count = lo.min(hi);
            for _ in 0..count {
                write_hir(&rep.sub, 0, out, depth + 1)?;
            }
            let mut n = count;
            while out.chars().count() < min && n < hi && n < 256 {
                write_hir(&rep.sub, 0, out, depth + 1)?;
                n += 1;
            }
        }
        HirKind::Capture(cap) => write_hir(&cap.sub, min, out, depth + 1)?,
        HirKind::Concat(parts) => {
            // A minimum length: the first repetition that allows it grows.
            for p in parts {
                write_hir(p, min, out, depth + 1)?;
            }
        }
        HirKind::Alternation(alts) => write_hir(alts.first()?, min, out, depth + 1)?,
    }
    Some(())
}

/// A readable character of a class: a letter or digit when it has one.
pub(super) fn class_char(class: &Class) -> Option<char> {
    let ranges: Vec<(char, char)> = match class {
        Class::Unicode(c) => c.ranges().iter().map(|r| (r.start(), r.end())).collect(),
        Class::Bytes(c) => c
            .ranges()
            .iter()
            .map(|r| (char::from(r.start()), char::from(r.end())))
            .collect(),
    };
    for preferred in ['a', 'A', '1', '0'] {
        if ranges.iter().any(|(a, b)| (*a..=*b).contains(&preferred)) {
            return Some(preferred);
        }
    }
    ranges
        .iter()
        .flat_map(|(a, b)| (*a..=*b).take(128))
        .find(|c| c.is_ascii_alphanumeric())
        .or_else(|| {
            ranges
                .iter()
                .flat_map(|(a, b)| (*a..=*b).take(128))
                .find(|c| c.is_ascii_graphic())
        })
        .or_else(|| ranges.first().map(|r| r.0))
}

/// The alternatives of a union as a reason names them: each `$ref`'s
/// component name, `an inline schema` for the others.
pub(super) fn describe(alternatives: &[&Value]) -> String {
    let names: Vec<String> = alternatives
        .iter()
        .map(|a| match a.get("$ref").and_then(Value::as_str) {
            Some(r) => format!("`{}`", r.rsplit('/').next().unwrap_or(r)),
            None => "an inline schema".to_owned(),
        })
        .collect();
    names.join(", ")
}
