//! Example values: for every type, every parameter and every request body, a
//! deterministic JSON value that its schema accepts. The spec's own
//! `example`, `examples` or `default` is taken when the schema accepts it;
//! otherwise one is made from the schema: required properties, the first
//! `enum` value, a number within the bounds and a multiple of `multipleOf`,
//! a string of the `format`, the length or the (simple) `pattern`, the first
//! alternative of a union with its discriminator tag, arrays within
//! `minItems`/`maxItems`.
//!
//! Works on the raw document (JSON pointers into it, `$ref`s followed), so
//! that every keyword is seen as written, whatever the IR kept of it.

use std::collections::BTreeMap;

use regex_syntax::hir::{Class, Hir, HirKind};
use serde_json::{Map, Value};

use crate::ir::{Api, Examples, TypeKind};
use crate::load::Document;

/// Fills `api.examples` (gated behind `feature` when given).
pub fn examples(api: &mut Api, doc: &Document, feature: Option<&str>) {
    let synth = Synth { raw: &doc.raw };
    let mut types = BTreeMap::new();
    for t in &api.types {
        // Aliases get no constructor (an alias of `Vec<T>` cannot have one).
        if matches!(t.kind, TypeKind::Alias(_)) {
            continue;
        }
        if let Some(schema) = synth.at(&t.pointer) {
            types.insert(t.name.clone(), synth.example(schema, Mode::Any, 0));
        }
    }
    let mut params = Vec::new();
    let mut bodies = Vec::new();
    for op in &api.operations {
        params.push(
            op.params
                .iter()
                .map(|p| {
                    synth
                        .at(&p.pointer)
                        .map_or(Value::String("example".into()), |s| {
                            synth.example(s, Mode::Request, 0)
                        })
                })
                .collect(),
        );
        bodies.push(op.body.as_ref().map(|b| {
            synth.at(&b.pointer).map_or(Value::Object(Map::new()), |s| {
                synth.example(s, Mode::Request, 0)
            })
        }));
    }
    api.examples = Some(Examples {
        types,
        params,
        bodies,
        feature: feature.map(str::to_owned),
    });
}

/// Which side of the wire a value is for: `readOnly` properties are left
/// out of requests, `writeOnly` ones out of responses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Request,
    Any,
}

/// Deeper than this, objects get only what they require and arrays are empty.
const MAX_DEPTH: usize = 10;

/// Deeper than this, nothing is followed (a schema that requires itself).
const HARD_DEPTH: usize = 3 * MAX_DEPTH;

struct Synth<'a> {
    raw: &'a Value,
}

impl<'a> Synth<'a> {
    /// The value at a JSON pointer, following `$ref`s on the way.
    fn at(&self, pointer: &str) -> Option<&'a Value> {
        let pointer = pointer.trim_start_matches('#');
        let mut node = self.raw;
        for token in pointer.split('/').skip(1) {
            let token = token.replace("~1", "/").replace("~0", "~");
            node = self.resolve(node);
            node = match node {
                Value::Object(m) => m.get(&token)?,
                Value::Array(a) => a.get(token.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(self.resolve(node))
    }

    /// Follows a chain of local `$ref`s (at most 32).
    fn resolve(&self, mut node: &'a Value) -> &'a Value {
        for _ in 0..32 {
            let Some(Value::String(r)) = node.get("$ref") else {
                return node;
            };
            let Some(target) = r.strip_prefix('#').and_then(|p| self.raw.pointer(p)) else {
                return node;
            };
            node = target;
        }
        node
    }

    fn example(&self, schema: &'a Value, mode: Mode, depth: usize) -> Value {
        let schema = self.resolve(schema);
        let Value::Object(s) = schema else {
            return Value::String("example".into());
        };
        if depth > HARD_DEPTH {
            // A schema that requires itself: no valid value is finite.
            return match type_of(s) {
                "array" => Value::Array(Vec::new()),
                "string" => Value::String("example".into()),
                "integer" | "number" => Value::from(1),
                "boolean" => Value::Bool(true),
                _ => Value::Object(Map::new()),
            };
        }
        // The spec's own values, when the schema accepts them.
        let given = s
            .get("example")
            .into_iter()
            .chain(
                s.get("examples")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten(),
            )
            .chain(s.get("default"));
        for v in given {
            if !v.is_null() && self.fits(v, schema, 0) {
                return v.clone();
            }
        }
        if let Some(c) = s.get("const") {
            return c.clone();
        }
        if let Some(Value::Array(values)) = s.get("enum") {
            if let Some(v) = values.iter().find(|v| !v.is_null()) {
                return v.clone();
            }
        }
        if let Some(Value::Array(members)) = s.get("allOf") {
            return self.all_of(s, members, mode, depth);
        }
        for keyword in ["oneOf", "anyOf"] {
            if let Some(Value::Array(alternatives)) = s.get(keyword) {
                if let Some(v) = self.one_of(s, alternatives, mode, depth) {
                    return v;
                }
            }
        }
        match type_of(s) {
            "object" => self.object(s, mode, depth),
            "array" => self.array(s, mode, depth),
            "string" => string(s),
            "integer" => integer(s),
            "number" => number(s),
            "boolean" => Value::Bool(true),
            "null" => Value::Null,
            _ => Value::Object(Map::new()),
        }
    }

    /// The members' examples merged into one object (the schema's own
    /// properties too); a member that is no object gives the value.
    fn all_of(
        &self,
        s: &'a Map<String, Value>,
        members: &'a [Value],
        mode: Mode,
        depth: usize,
    ) -> Value {
        let mut merged = Map::new();
        for v in members
            .iter()
            .map(|m| self.example(m, mode, depth + 1))
            .chain(
                (s.contains_key("properties") || s.contains_key("required"))
                    .then(|| self.object(s, mode, depth)),
            )
        {
            match v {
                Value::Object(m) => {
                    for (k, v) in m {
                        merged.entry(k).or_insert(v);
                    }
                }
                other if merged.is_empty() => return other,
                _ => {}
            }
        }
        Value::Object(merged)
    }

    /// The first alternative that is not only `null`, with the
    /// discriminator's tag for it and the schema's own properties.
    fn one_of(
        &self,
        s: &'a Map<String, Value>,
        alternatives: &'a [Value],
        mode: Mode,
        depth: usize,
    ) -> Option<Value> {
        let candidates: Vec<&Value> = alternatives
            .iter()
            .filter(|a| self.resolve(a).get("type").and_then(Value::as_str) != Some("null"))
            .collect();
        // `oneOf` wants exactly one match: the first alternative whose
        // example no other alternative accepts, else the first.
        let mut chosen = None;
        for (i, alt) in candidates.iter().enumerate() {
            let v = self.example(alt, mode, depth + 1);
            let ambiguous = candidates
                .iter()
                .enumerate()
                .any(|(j, other)| j != i && self.fits(&v, other, 0));
            if !ambiguous {
                chosen = Some((*alt, v));
                break;
            }
        }
        let (alt, mut v) = match chosen {
            Some(c) => c,
            None => {
                let first = *candidates.first()?;
                (first, self.example(first, mode, depth + 1))
            }
        };
        if let Value::Object(m) = &mut v {
            let own = strip(s, &["oneOf", "anyOf", "discriminator"]);
            if own.contains_key("properties") {
                if let Value::Object(extra) = self.object(&own, mode, depth) {
                    for (k, x) in extra {
                        m.entry(k).or_insert(x);
                    }
                }
            }
            if let Some(prop) = s
                .get("discriminator")
                .and_then(|d| d.get("propertyName"))
                .and_then(Value::as_str)
            {
                if let Some(tag) = self.tag(s, alt) {
                    m.insert(prop.to_owned(), Value::String(tag));
                }
            }
        }
        Some(v)
    }

    /// The discriminator value that selects `alt`: its `mapping` key, or
    /// the name of the schema it refers to.
    fn tag(&self, s: &Map<String, Value>, alt: &Value) -> Option<String> {
        let reference = alt.get("$ref").and_then(Value::as_str)?;
        let mapping = s
            .get("discriminator")
            .and_then(|d| d.get("mapping"))
            .and_then(Value::as_object);
        if let Some((key, _)) = mapping
            .into_iter()
            .flatten()
            .find(|(_, v)| v.as_str() == Some(reference))
        {
            return Some(key.clone());
        }
        reference.rsplit('/').next().map(str::to_owned)
    }

    fn object(&self, s: &'a Map<String, Value>, mode: Mode, depth: usize) -> Value {
        let mut out = Map::new();
        let props = s.get("properties").and_then(Value::as_object);
        let required: Vec<&str> = s
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        for name in &required {
            let member_prop = || self.member_property(s, name);
            let v = match props.and_then(|p| p.get(*name)).or_else(member_prop) {
                Some(p) => self.example(p, mode, depth + 1),
                None => match s.get("additionalProperties") {
                    Some(ap @ Value::Object(_)) => self.example(ap, mode, depth + 1),
                    _ => Value::String("example".into()),
                },
            };
            out.insert((*name).to_owned(), v);
        }
        // A request body or parameter shows its optional properties too
        // (an empty form body would be no body), nested values only what
        // they require.
        let min_props = match (mode, depth) {
            (Mode::Request, 0) => usize::MAX,
            _ => s.get("minProperties").and_then(Value::as_u64).unwrap_or(0) as usize,
        };
        if out.len() < min_props && depth < MAX_DEPTH {
            for (name, p) in props.into_iter().flatten() {
                if out.len() >= min_props {
                    break;
                }
                let p = self.resolve(p);
                if out.contains_key(name) || (mode == Mode::Request && is_true(p, "readOnly")) {
                    continue;
                }
                out.insert(name.clone(), self.example(p, mode, depth + 1));
            }
        }
        // A map with no properties: one entry shows its value type.
        if props.is_none_or(|p| p.is_empty()) && out.is_empty() && depth < MAX_DEPTH {
            if let Some(ap @ Value::Object(_)) = s.get("additionalProperties") {
                let v = self.example(ap, mode, depth + 1);
                out.insert("key".into(), v);
            }
        }
        Value::Object(out)
    }

    /// A property named in `required` but defined by an `allOf` member.
    fn member_property(&self, s: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
        let members = s.get("allOf").and_then(Value::as_array)?;
        members.iter().find_map(|m| {
            let m = self.resolve(m);
            m.get("properties").and_then(|p| p.get(name)).or_else(|| {
                m.as_object().and_then(|mo| {
                    mo.get("allOf").and_then(Value::as_array).and_then(|inner| {
                        inner.iter().find_map(|i| {
                            self.resolve(i).get("properties").and_then(|p| p.get(name))
                        })
                    })
                })
            })
        })
    }

    fn array(&self, s: &'a Map<String, Value>, mode: Mode, depth: usize) -> Value {
        let min = s.get("minItems").and_then(Value::as_u64).unwrap_or(0) as usize;
        let max = s
            .get("maxItems")
            .and_then(Value::as_u64)
            .map(|m| m as usize);
        let unique = is_true_map(s, "uniqueItems");
        let mut n = if depth >= MAX_DEPTH {
            min
        } else {
            min.max(if unique { 1 } else { 2 })
        };
        if let Some(max) = max {
            n = n.min(max);
        }
        let Some(items) = s.get("items") else {
            return Value::Array((0..n).map(|i| Value::from(i as u64 + 1)).collect());
        };
        let item = self.example(items, mode, depth + 1);
        let mut out = vec![item; n];
        if unique && n > 1 {
            // Distinct values from the enum, when it has enough.
            if let Some(Value::Array(values)) = self.resolve(items).get("enum") {
                out = values
                    .iter()
                    .filter(|v| !v.is_null())
                    .take(n)
                    .cloned()
                    .collect();
            }
        }
        Value::Array(out)
    }

    /// Whether `v` is valid against the schema (the keywords an example
    /// synthesised here cares about; formats are not checked).
    fn fits(&self, v: &Value, schema: &Value, depth: usize) -> bool {
        if depth > MAX_DEPTH * 2 {
            return true;
        }
        let schema = self.resolve(schema);
        let Value::Object(s) = schema else {
            return schema != &Value::Bool(false);
        };
        if v.is_null() {
            return is_true_map(s, "nullable")
                || type_names(s).contains(&"null")
                || s.get("enum")
                    .and_then(Value::as_array)
                    .is_some_and(|e| e.contains(v));
        }
        if let Some(Value::Array(values)) = s.get("enum") {
            if !values.contains(v) {
                return false;
            }
        }
        if let Some(c) = s.get("const") {
            if c != v {
                return false;
            }
        }
        if let Some(Value::Array(members)) = s.get("allOf") {
            if !members.iter().all(|m| self.fits(v, m, depth + 1)) {
                return false;
            }
        }
        for keyword in ["oneOf", "anyOf"] {
            if let Some(Value::Array(alts)) = s.get(keyword) {
                if !alts.iter().any(|m| self.fits(v, m, depth + 1)) {
                    return false;
                }
            }
        }
        let types = type_names(s);
        if !types.is_empty() && !types.iter().any(|t| has_type(v, t)) {
            return false;
        }
        match v {
            Value::String(text) => {
                let len = text.chars().count() as u64;
                if s.get("minLength")
                    .and_then(Value::as_u64)
                    .is_some_and(|m| len < m)
                    || s.get("maxLength")
                        .and_then(Value::as_u64)
                        .is_some_and(|m| len > m)
                {
                    return false;
                }
                if let Some(p) = s.get("pattern").and_then(Value::as_str) {
                    match regex::Regex::new(p) {
                        Ok(re) if re.is_match(text) => {}
                        _ => return false,
                    }
                }
                if let Some(f) = s.get("format").and_then(Value::as_str) {
                    if !format_fits(f, text) {
                        return false;
                    }
                }
                true
            }
            Value::Number(n) => n.as_f64().is_some_and(|x| number_fits(s, x)),
            Value::Array(items) => {
                let len = items.len() as u64;
                if s.get("minItems")
                    .and_then(Value::as_u64)
                    .is_some_and(|m| len < m)
                    || s.get("maxItems")
                        .and_then(Value::as_u64)
                        .is_some_and(|m| len > m)
                {
                    return false;
                }
                match s.get("items") {
                    Some(item) => items.iter().all(|i| self.fits(i, item, depth + 1)),
                    None => true,
                }
            }
            Value::Object(m) => {
                let props = s.get("properties").and_then(Value::as_object);
                let required_present = s
                    .get("required")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .all(|r| m.contains_key(r));
                if !required_present {
                    return false;
                }
                m.iter().all(|(k, x)| match props.and_then(|p| p.get(k)) {
                    Some(p) => self.fits(x, p, depth + 1),
                    None => match s.get("additionalProperties") {
                        Some(Value::Bool(false)) => false,
                        Some(ap @ Value::Object(_)) => self.fits(x, ap, depth + 1),
                        _ => true,
                    },
                })
            }
            _ => true,
        }
    }
}

/// A copy of the schema without some keywords.
fn strip(s: &Map<String, Value>, keywords: &[&str]) -> Map<String, Value> {
    s.iter()
        .filter(|(k, _)| !keywords.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

fn is_true(v: &Value, key: &str) -> bool {
    v.get(key).and_then(Value::as_bool) == Some(true)
}

fn is_true_map(s: &Map<String, Value>, key: &str) -> bool {
    s.get(key).and_then(Value::as_bool) == Some(true)
}

/// `type` as a list (3.1 allows several).
fn type_names(s: &Map<String, Value>) -> Vec<&str> {
    match s.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// The type to make a value of: the first that is not `null`, else one
/// inferred from the keywords present.
fn type_of(s: &Map<String, Value>) -> &str {
    let has = |k: &str| s.contains_key(k);
    // Properties make an object whatever `type` says, as for the
    // generated type.
    if has("properties") {
        return "object";
    }
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

fn has_type(v: &Value, t: &str) -> bool {
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

fn bounds(s: &Map<String, Value>) -> (Bound, Bound) {
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

fn number_fits(s: &Map<String, Value>, x: f64) -> bool {
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

fn integer(s: &Map<String, Value>) -> Value {
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

fn number(s: &Map<String, Value>) -> Value {
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

fn string(s: &Map<String, Value>) -> Value {
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

fn format_example(format: &str) -> Option<&'static str> {
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
fn format_fits(format: &str, text: &str) -> bool {
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
        "uri" | "url" => re(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s]*$"),
        "ipv4" => re(r"^(\d{1,3}\.){3}\d{1,3}$"),
        "byte" => re(r"^[A-Za-z0-9+/]*={0,2}$"),
        _ => true,
    }
}

/// A string the pattern matches (unanchored, as JSON Schema reads it),
/// at least `min` characters when the pattern allows; `None` when the
/// pattern cannot be read or the text made does not match.
fn from_pattern(pattern: &str, min: usize, max: Option<usize>) -> Option<String> {
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

fn write_hir(hir: &Hir, min: usize, out: &mut String, depth: usize) -> Option<()> {
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
fn class_char(class: &Class) -> Option<char> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn synth(schema: Value) -> Value {
        let raw = json!({ "s": schema });
        let s = Synth { raw: &raw };
        let schema = s.at("/s").unwrap();
        s.example(schema, Mode::Request, 0)
    }

    #[test]
    fn bounds_multiples_and_lengths() {
        assert_eq!(
            synth(json!({"type": "integer", "minimum": 5, "multipleOf": 3})),
            json!(6)
        );
        assert_eq!(
            synth(json!({"type": "integer", "maximum": 0, "exclusiveMaximum": true})),
            json!(-1)
        );
        assert_eq!(
            synth(json!({"type": "number", "minimum": 0.5, "maximum": 0.75})),
            json!(0.75)
        );
        assert_eq!(
            synth(json!({"type": "string", "minLength": 10})),
            json!("exampleaaa")
        );
        assert_eq!(
            synth(json!({"type": "string", "maxLength": 3})),
            json!("exa")
        );
        assert_eq!(
            synth(json!({"type": "string", "format": "uuid"})),
            json!("3fa85f64-5717-4562-b3fc-2c963f66afa6")
        );
    }

    #[test]
    fn request_examples_show_optional_properties() {
        let schema = json!({
            "type": "object",
            "properties": {
                "name": {"type": "string"},
                "id": {"type": "string", "readOnly": true},
                "inner": {"type": "object", "properties": {"x": {"type": "integer"}}}
            }
        });
        // At the top level of a request: every property but the read-only one;
        // nested objects only what they require.
        assert_eq!(
            synth(schema.clone()),
            json!({"name": "example", "inner": {}})
        );
        let raw = json!({ "s": schema });
        let s = Synth { raw: &raw };
        assert_eq!(s.example(s.at("/s").unwrap(), Mode::Any, 0), json!({}));
    }

    #[test]
    fn one_of_takes_an_alternative_only_it_accepts() {
        // A string fits both of the first two alternatives; an object
        // fits only the third.
        let v = synth(json!({"oneOf": [
            {"type": "string"},
            {"type": "string", "maxLength": 20},
            {"type": "object", "required": ["a"], "properties": {"a": {"type": "integer"}}}
        ]}));
        assert_eq!(v, json!({"a": 1}));
    }

    #[test]
    fn all_of_required_names_take_their_members_property() {
        let v = synth(json!({
            "allOf": [{"type": "object", "properties": {"amount": {"type": "integer", "minimum": 5}}}],
            "required": ["amount"]
        }));
        assert_eq!(v, json!({"amount": 5}));
        // `properties` beside `type: string` make an object, as the generated type is.
        let v = synth(
            json!({"type": "string", "required": ["a"], "properties": {"a": {"type": "string"}}}),
        );
        assert_eq!(v, json!({"a": "example"}));
    }

    #[test]
    fn patterns() {
        assert_eq!(
            synth(json!({"type": "string", "pattern": "^[A-Z]{2}-\\d{3}$"})),
            json!("AA-111")
        );
        assert_eq!(
            synth(json!({"type": "string", "pattern": "^(cus|acct)_[a-z0-9]+$"})),
            json!("cus_a")
        );
        // A minimum length grows the repetitions.
        assert_eq!(
            synth(json!({"type": "string", "pattern": "^[a-z]+-[0-9]+$", "minLength": 6})),
            json!("aaaaaa-1")
        );
        // A pattern that cannot be read falls back to a plain string.
        assert_eq!(
            synth(json!({"type": "string", "pattern": "(?<=a)b"})),
            json!("example")
        );
    }

    #[test]
    fn spec_values_only_when_they_fit() {
        assert_eq!(
            synth(json!({"type": "integer", "example": 7, "maximum": 9})),
            json!(7)
        );
        assert_eq!(
            synth(json!({"type": "integer", "example": 70, "maximum": 9})),
            json!(1)
        );
        assert_eq!(
            synth(json!({"type": "string", "enum": ["a", "b"], "default": "b"})),
            json!("b")
        );
        assert_eq!(
            synth(json!({"type": "string", "enum": ["a", "b"], "default": "c"})),
            json!("a")
        );
    }

    #[test]
    fn objects_arrays_and_unions() {
        let v = synth(json!({
            "type": "object",
            "required": ["id", "tags"],
            "properties": {
                "id": {"type": "string", "readOnly": true},
                "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 1},
                "note": {"type": "string"}
            }
        }));
        // Required ones (read-only or not), then the optional ones of a request.
        assert_eq!(
            v,
            json!({"id": "example", "tags": ["example"], "note": "example"})
        );
        let raw = json!({
            "components": {"schemas": {
                "Cat": {"type": "object", "required": ["kind", "lives"], "properties": {
                    "kind": {"type": "string"}, "lives": {"type": "integer", "minimum": 9}}},
                "Pet": {"oneOf": [{"$ref": "#/components/schemas/Cat"}],
                        "discriminator": {"propertyName": "kind", "mapping": {"cat": "#/components/schemas/Cat"}}}
            }}
        });
        let s = Synth { raw: &raw };
        let pet = s.at("/components/schemas/Pet").unwrap();
        assert_eq!(
            s.example(pet, Mode::Any, 0),
            json!({"kind": "cat", "lives": 9})
        );
    }
}
