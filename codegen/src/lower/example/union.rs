//! Examples of unions: the alternative of a `oneOf` or `anyOf` whose
//! example no other alternative accepts, with the discriminator's tag.

use serde_json::{Map, Value};

use super::values::*;
use super::{Mode, Synth};

impl<'a> Synth<'a> {
    /// The first alternative that is not only `null`, with the
    /// discriminator's tag for it and the schema's own properties.
    /// `exclusive` (`oneOf`): the value must match no other alternative.
    pub(super) fn one_of(
        &self,
        s: &'a Map<String, Value>,
        alternatives: &'a [Value],
        exclusive: bool,
        mode: Mode,
        depth: usize,
    ) -> Option<Value> {
        let candidates: Vec<&Value> = alternatives
            .iter()
            .filter(|a| self.resolve(a).get("type").and_then(Value::as_str) != Some("null"))
            .collect();
        let own = strip(s, &["oneOf", "anyOf", "discriminator"]);
        let others_accept = |v: &Value, chosen: usize| {
            candidates
                .iter()
                .enumerate()
                .any(|(j, other)| j != chosen && self.accepts(v, other, mode))
        };
        // `oneOf` wants exactly one match: the first alternative whose
        // example no other alternative accepts, else the first.
        // The notes of an alternative not taken are dropped with it.
        let start = self.notes.borrow().len();
        let mut chosen = None;
        for (i, alt) in candidates.iter().enumerate() {
            let v = self.alternative(s, alt, mode, depth);
            if !others_accept(&v, i) {
                chosen = Some((i, *alt, v));
                break;
            }
            self.notes.borrow_mut().truncate(start);
        }
        // A request body's alternatives with their optional properties too,
        // as the body itself would show them: GitHub's `issues/set-labels`
        // body is `oneOf` two objects of an optional `labels` (strings, or
        // objects), whose required-only examples are both `{}`. Only when
        // the required-only examples all match twice, so that no example
        // that worked changes; not for an alternative that is a union
        // itself (which could be this one).
        if chosen.is_none() && depth == 0 && mode == Mode::Request {
            for (i, alt) in candidates.iter().enumerate() {
                let r = self.resolve(alt);
                if r.get("oneOf").is_some() || r.get("anyOf").is_some() {
                    continue;
                }
                let v = self.alternative_at(s, alt, mode, 0);
                if !others_accept(&v, i) {
                    chosen = Some((i, *alt, v));
                    break;
                }
                self.notes.borrow_mut().truncate(start);
            }
        }
        let (i, alt, mut v) = match chosen {
            Some(c) => c,
            None => {
                let first = *candidates.first()?;
                let v = self.alternative(s, first, mode, depth);
                if exclusive && candidates.len() > 1 {
                    self.notes.borrow_mut().push(format!(
                        "no value matches exactly one alternative of the `oneOf` of {}: the \
                         example of each alternative matches another one too (alternatives \
                         that require nothing and allow any other property match every object)",
                        describe(&candidates)
                    ));
                }
                (0, first, v)
            }
        };
        if let Value::Object(m) = &mut v {
            if own.contains_key("properties") {
                if let Value::Object(extra) = self.object(&own, mode, depth) {
                    for (k, x) in extra {
                        if m.contains_key(&k) {
                            continue;
                        }
                        m.insert(k.clone(), x);
                        // An optional property that another alternative
                        // requires would make the value match it too.
                        let whole = Value::Object(std::mem::take(m));
                        let shared = exclusive && others_accept(&whole, i);
                        let Value::Object(back) = whole else {
                            unreachable!("built as an object above")
                        };
                        *m = back;
                        if shared {
                            m.remove(&k);
                        }
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

    /// The example of one alternative of a union. A property that the
    /// alternative requires but the enclosing schema defines (`anyOf: [{required:
    /// [state]}]` beside `properties: {state: ..}`) gets the enclosing
    /// schema's example for it, not a placeholder.
    pub(super) fn alternative(
        &self,
        s: &'a Map<String, Value>,
        alt: &'a Value,
        mode: Mode,
        depth: usize,
    ) -> Value {
        self.alternative_at(s, alt, mode, depth + 1)
    }

    /// [`Synth::alternative`] with the alternative's example made at
    /// `inner` depth.
    fn alternative_at(
        &self,
        s: &'a Map<String, Value>,
        alt: &'a Value,
        mode: Mode,
        inner: usize,
    ) -> Value {
        let depth = inner.saturating_sub(1);
        let mut v = self.example(alt, mode, inner);
        let props = s.get("properties").and_then(Value::as_object);
        let alt_props = self
            .resolve(alt)
            .get("properties")
            .and_then(Value::as_object);
        if let (Value::Object(m), Some(props)) = (&mut v, props) {
            for (k, x) in m.iter_mut() {
                if alt_props.is_some_and(|p| p.contains_key(k)) {
                    continue;
                }
                if let Some(p) = props.get(k) {
                    *x = self.example(p, mode, depth + 1);
                }
            }
        }
        v
    }

    /// Whether an alternative accepts `v`; for a parameter, also as the
    /// text it is on the wire (`1` and `"1"` are the same there).
    pub(super) fn accepts(&self, v: &Value, alt: &Value, mode: Mode) -> bool {
        if self.fits(v, alt, 0) {
            return true;
        }
        if mode != Mode::Param {
            return false;
        }
        match v {
            Value::Number(_) | Value::Bool(_) => self.fits(&Value::String(v.to_string()), alt, 0),
            Value::String(text) => match serde_json::from_str::<Value>(text) {
                Ok(read @ (Value::Number(_) | Value::Bool(_))) => self.fits(&read, alt, 0),
                _ => false,
            },
            _ => false,
        }
    }

    /// The discriminator value that selects `alt`: its `mapping` key, or
    /// the name of the schema it refers to.
    pub(super) fn tag(&self, s: &Map<String, Value>, alt: &Value) -> Option<String> {
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
}
