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

use std::cell::RefCell;
use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::ir::{Api, BodyKind, Examples, TypeKind};
use crate::load::Document;

mod contradictions;
mod recursion;
mod served;
#[cfg(test)]
mod tests;
mod union;
mod unvalidated;
mod values;

pub use recursion::{lacks_required, string_format_at};
pub use unvalidated::unvalidated_body;

use contradictions::{array_of_objects_param, raw_object_body};
use values::*;

/// Fills `api.examples` (gated behind `feature` when given).
pub fn examples(api: &mut Api, doc: &Document, feature: Option<&str>) {
    let synth = Synth::new(&doc.raw);
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
    let mut contradictions = Vec::new();
    let mut served_misfits = Vec::new();
    for op in &api.operations {
        params.push(
            op.params
                .iter()
                .map(|p| {
                    synth
                        .at(&p.pointer)
                        .map_or(Value::String("example".into()), |s| {
                            synth.example(s, Mode::Param, 0)
                        })
                })
                .collect(),
        );
        synth.notes.borrow_mut().clear();
        bodies.push(op.body.as_ref().map(|b| {
            synth.at(&b.pointer).map_or(Value::Object(Map::new()), |s| {
                let example = synth.example(s, Mode::Request, 0);
                match b.kind {
                    BodyKind::Form { .. } => synth.form_values(s, example),
                    _ => example,
                }
            })
        }));
        let mut notes = std::mem::take(&mut *synth.notes.borrow_mut());
        if let Some(note) = op.body.as_ref().and_then(|b| raw_object_body(&synth, b)) {
            notes.insert(0, note);
        }
        let params = op
            .params
            .iter()
            .filter_map(|p| array_of_objects_param(&synth, p));
        for (i, note) in params.enumerate() {
            notes.insert(i, note);
        }
        contradictions.push((!notes.is_empty()).then(|| notes.join("; ")));
        served_misfits.push(synth.served_example_misfit(&op.pointer));
    }
    api.examples = Some(Examples {
        types,
        params,
        bodies,
        contradictions,
        served_misfits,
        feature: feature.map(str::to_owned),
    });
}

/// Which side of the wire a value is for: `readOnly` properties are left
/// out of requests, `writeOnly` ones out of responses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// A request body.
    Request,
    /// A parameter: a request value that goes on the wire as text, where a
    /// number is also a string.
    Param,
    Any,
}

impl Mode {
    fn request(self) -> bool {
        matches!(self, Mode::Request | Mode::Param)
    }
}

/// A JSON pointer token: `~` and `/` escaped (RFC 6901).
fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// The JSON pointer of the operation `method path` (`#/paths/~1x/get`).
fn operation_pointer(method: &str, path: &str) -> String {
    format!(
        "#/paths/{}/{}",
        escape_token(path),
        method.to_ascii_lowercase()
    )
}

/// Deeper than this, objects get only what they require and arrays are empty.
const MAX_DEPTH: usize = 10;

/// Deeper than this, nothing is followed (a schema that requires itself).
const HARD_DEPTH: usize = 3 * MAX_DEPTH;

struct Synth<'a> {
    raw: &'a Value,
    /// What the examples made so far found impossible: a `oneOf` where
    /// no alternative's example matches that alternative alone.
    notes: RefCell<Vec<String>>,
}

impl<'a> Synth<'a> {
    fn new(raw: &'a Value) -> Self {
        Synth {
            raw,
            notes: RefCell::new(Vec::new()),
        }
    }

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
                if let Some(v) = self.one_of(s, alternatives, keyword == "oneOf", mode, depth) {
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

    /// A form body's example, with a string for each top-level property
    /// whose schema states no type (any value) and got an empty object: a
    /// form writes an empty object as nothing, so a required property
    /// would be missing (Twilio's `Data`, "a JSON string").
    fn form_values(&self, schema: &'a Value, example: Value) -> Value {
        let Value::Object(mut values) = example else {
            return example;
        };
        let props = self
            .resolve(schema)
            .get("properties")
            .and_then(Value::as_object);
        for (name, v) in values.iter_mut() {
            let untyped = props
                .and_then(|p| p.get(name))
                .map(|p| self.resolve(p))
                .and_then(Value::as_object)
                .is_some_and(|p| type_of(p).is_empty() && !p.contains_key("allOf"));
            if untyped && v.as_object().is_some_and(Map::is_empty) {
                *v = Value::String("example".into());
            }
        }
        Value::Object(values)
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
        // A member that only requires (`{required: [account_id]}` beside the
        // member that defines `account_id`, YNAB's `SaveTransaction`) gave a
        // placeholder: the property's definition gives the value.
        for (k, v) in merged.iter_mut() {
            let defined = s
                .get("properties")
                .and_then(|p| p.get(k))
                .or_else(|| self.member_property(s, k));
            if let Some(p) = defined {
                if !self.fits(v, p, 0) {
                    *v = self.example(p, mode, depth + 1);
                }
            }
        }
        Value::Object(merged)
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
            (Mode::Request | Mode::Param, 0) => usize::MAX,
            _ => s.get("minProperties").and_then(Value::as_u64).unwrap_or(0) as usize,
        };
        if out.len() < min_props && depth < MAX_DEPTH {
            for (name, p) in props.into_iter().flatten() {
                if out.len() >= min_props {
                    break;
                }
                let p = self.resolve(p);
                if out.contains_key(name) || (mode.request() && is_true(p, "readOnly")) {
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
        if let Some(Value::Array(alts)) = s.get("oneOf") {
            if alts.iter().filter(|m| self.fits(v, m, depth + 1)).count() != 1 {
                return false;
            }
        }
        if let Some(Value::Array(alts)) = s.get("anyOf") {
            if !alts.iter().any(|m| self.fits(v, m, depth + 1)) {
                return false;
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
