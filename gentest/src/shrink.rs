//! A greedy shrinker for failing documents: it removes paths, operations,
//! parameters, bodies, responses, components, properties, alternatives and
//! keywords, or replaces a schema by `{type: string}`, for as long as the
//! document stays valid ([`crate::validate`]) and still fails the same way.
//!
//! Candidates are tested in chunks (one `cargo clippy` for a chunk), the
//! biggest removals first; when several in a chunk still fail, their union
//! is tried too.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::validate;

/// A step of a path into a JSON value.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Seg {
    /// An object key.
    Key(String),
    /// An array index.
    Index(usize),
}

/// One reduction: remove the node at `path`, or replace it by `with`.
#[derive(Debug, Clone)]
pub struct Edit {
    path: Vec<Seg>,
    with: Option<Value>,
    weight: usize,
}

fn size(v: &Value) -> usize {
    serde_json::to_string(v).map_or(0, |s| s.len())
}

struct Edits<'a> {
    doc: &'a Value,
    out: Vec<Edit>,
}

impl<'a> Edits<'a> {
    fn at(&self, path: &[Seg]) -> Option<&'a Value> {
        let mut node = self.doc;
        for seg in path {
            node = match seg {
                Seg::Key(k) => node.get(k)?,
                Seg::Index(i) => node.get(*i)?,
            };
        }
        Some(node)
    }

    fn remove(&mut self, path: Vec<Seg>) {
        if let Some(node) = self.at(&path) {
            let weight = size(node) + 1;
            self.out.push(Edit {
                path,
                with: None,
                weight,
            });
        }
    }

    fn replace(&mut self, path: Vec<Seg>, with: Value) {
        if let Some(node) = self.at(&path) {
            let (old, new) = (size(node), size(&with));
            if old > new {
                self.out.push(Edit {
                    path,
                    with: Some(with),
                    weight: old - new,
                });
            }
        }
    }

    fn keys(&mut self, path: &[Seg], keys: &[&str]) {
        for k in keys {
            self.remove(join(path, Seg::Key((*k).to_owned())));
        }
    }

    fn entries(&self, path: &[Seg]) -> Vec<Vec<Seg>> {
        match self.at(path) {
            Some(Value::Object(m)) => m.keys().map(|k| join(path, Seg::Key(k.clone()))).collect(),
            Some(Value::Array(a)) => (0..a.len()).map(|i| join(path, Seg::Index(i))).collect(),
            _ => Vec::new(),
        }
    }

    fn schema(&mut self, path: Vec<Seg>) {
        let Some(node) = self.at(&path) else { return };
        if !node.is_object() {
            return;
        }
        self.replace(path.clone(), json!({"type": "string"}));
        self.keys(
            &path,
            &[
                "description",
                "title",
                "nullable",
                "readOnly",
                "deprecated",
                "format",
                "minimum",
                "maximum",
                "exclusiveMinimum",
                "multipleOf",
                "minLength",
                "maxLength",
                "pattern",
                "default",
                "minItems",
                "maxItems",
                "uniqueItems",
                "required",
                "additionalProperties",
                "discriminator",
                "enum",
                "properties",
            ],
        );
        for list in ["required", "enum"] {
            for e in self.entries(&join(&path, Seg::Key(list.into()))) {
                self.remove(e);
            }
        }
        self.remove(join(
            &join(&path, Seg::Key("discriminator".into())),
            Seg::Key("mapping".into()),
        ));
        for e in self.entries(
            &[
                path.clone(),
                vec![Seg::Key("discriminator".into()), Seg::Key("mapping".into())],
            ]
            .concat(),
        ) {
            self.remove(e);
        }
        for p in self.entries(&join(&path, Seg::Key("properties".into()))) {
            self.remove(p.clone());
            self.schema(p);
        }
        for list in ["allOf", "oneOf", "anyOf"] {
            for e in self.entries(&join(&path, Seg::Key(list.into()))) {
                self.remove(e.clone());
                self.schema(e);
            }
        }
        for key in ["items", "additionalProperties", "not"] {
            self.schema(join(&path, Seg::Key(key.into())));
        }
    }

    fn media_map(&mut self, path: Vec<Seg>) {
        for m in self.entries(&path) {
            self.remove(m.clone());
            self.keys(&m, &["encoding"]);
            self.schema(join(&m, Seg::Key("schema".into())));
        }
    }

    fn parameter(&mut self, path: Vec<Seg>) {
        self.keys(
            &path,
            &[
                "description",
                "style",
                "explode",
                "allowReserved",
                "allowEmptyValue",
                "deprecated",
                "required",
            ],
        );
        self.schema(join(&path, Seg::Key("schema".into())));
        self.media_map(join(&path, Seg::Key("content".into())));
    }

    fn body(&mut self, path: Vec<Seg>) {
        self.keys(&path, &["description", "required"]);
        self.media_map(join(&path, Seg::Key("content".into())));
    }

    fn response(&mut self, path: Vec<Seg>) {
        self.keys(&path, &["content", "headers"]);
        self.replace(join(&path, Seg::Key("description".into())), json!("d"));
        for h in self.entries(&join(&path, Seg::Key("headers".into()))) {
            self.remove(h);
        }
        self.media_map(join(&path, Seg::Key("content".into())));
    }

    fn operation(&mut self, path: Vec<Seg>) {
        self.keys(
            &path,
            &[
                "description",
                "summary",
                "operationId",
                "deprecated",
                "security",
                "requestBody",
                "tags",
            ],
        );
        for p in self.entries(&join(&path, Seg::Key("parameters".into()))) {
            self.remove(p.clone());
            self.parameter(p);
        }
        self.body(join(&path, Seg::Key("requestBody".into())));
        for r in self.entries(&join(&path, Seg::Key("responses".into()))) {
            self.remove(r.clone());
            self.response(r);
        }
    }

    fn document(&mut self) {
        self.keys(&[], &["servers", "security", "tags", "externalDocs"]);
        self.remove(vec![
            Seg::Key("info".into()),
            Seg::Key("description".into()),
        ]);
        for item in self.entries(&[Seg::Key("paths".into())]) {
            self.remove(item.clone());
            for p in self.entries(&join(&item, Seg::Key("parameters".into()))) {
                self.parameter(p);
            }
            for op in self.entries(&item) {
                if op.last() != Some(&Seg::Key("parameters".into())) {
                    self.remove(op.clone());
                    self.operation(op);
                }
            }
        }
        let components = vec![Seg::Key("components".into())];
        for section in self.entries(&components) {
            self.remove(section.clone());
            let kind = section.last().cloned();
            for entry in self.entries(&section) {
                self.remove(entry.clone());
                match &kind {
                    Some(Seg::Key(k)) if k == "schemas" => self.schema(entry),
                    Some(Seg::Key(k)) if k == "parameters" => self.parameter(entry),
                    Some(Seg::Key(k)) if k == "requestBodies" => self.body(entry),
                    Some(Seg::Key(k)) if k == "responses" => self.response(entry),
                    _ => {}
                }
            }
        }
    }
}

fn join(path: &[Seg], seg: Seg) -> Vec<Seg> {
    let mut p = path.to_vec();
    p.push(seg);
    p
}

/// Every single-step reduction of `doc`, biggest first.
pub fn edits(doc: &Value) -> Vec<Edit> {
    let mut e = Edits {
        doc,
        out: Vec::new(),
    };
    e.document();
    let mut out = e.out;
    out.sort_by_key(|e| std::cmp::Reverse(e.weight));
    out
}

/// `doc` with `edits` applied; an edit inside a node another one removes or
/// replaces is skipped, and array removals run from the highest index down.
pub fn apply(doc: &Value, edits: &[&Edit]) -> Value {
    let mut sorted: Vec<&Edit> = edits.to_vec();
    sorted.sort_by(|a, b| b.path.cmp(&a.path));
    let mut taken: Vec<&[Seg]> = Vec::new();
    let mut out = doc.clone();
    for e in sorted {
        if taken
            .iter()
            .any(|t| e.path.starts_with(t) || t.starts_with(&e.path))
        {
            continue;
        }
        taken.push(&e.path);
        let Some((last, parent)) = e.path.split_last() else {
            continue;
        };
        let Some(node) = parent.iter().try_fold(&mut out, |node, seg| match seg {
            Seg::Key(k) => node.get_mut(k),
            Seg::Index(i) => node.get_mut(*i),
        }) else {
            continue;
        };
        match (node, last, &e.with) {
            (Value::Object(m), Seg::Key(k), None) => {
                m.shift_remove(k);
            }
            (Value::Array(a), Seg::Index(i), None) if *i < a.len() => {
                a.remove(*i);
            }
            (Value::Object(m), Seg::Key(k), Some(w)) => {
                m.insert(k.clone(), w.clone());
            }
            (Value::Array(a), Seg::Index(i), Some(w)) if *i < a.len() => a[*i] = w.clone(),
            _ => {}
        }
    }
    out
}

/// Shrinks `doc` while `still_fails` says the candidates (tested `chunk` at
/// a time) fail the same way, for at most `budget`.
pub fn shrink(
    doc: Value,
    chunk: usize,
    budget: Duration,
    mut still_fails: impl FnMut(&[Value]) -> Vec<bool>,
) -> Value {
    let start = Instant::now();
    let mut current = doc;
    'rounds: while start.elapsed() < budget {
        let all = edits(&current);
        let candidates: Vec<(&Edit, Value)> = all
            .iter()
            .map(|e| (e, apply(&current, &[e])))
            .filter(|(_, d)| validate::problem(d).is_none())
            .collect();
        for group in candidates.chunks(chunk.max(1)) {
            if start.elapsed() >= budget {
                break 'rounds;
            }
            let docs: Vec<Value> = group.iter().map(|(_, d)| d.clone()).collect();
            let fails = still_fails(&docs);
            let winners: Vec<usize> = (0..group.len()).filter(|&i| fails[i]).collect();
            let Some(&first) = winners.first() else {
                continue;
            };
            if winners.len() > 1 {
                let edits: Vec<&Edit> = winners.iter().map(|&i| group[i].0).collect();
                let combined = apply(&current, &edits);
                if validate::problem(&combined).is_none()
                    && still_fails(std::slice::from_ref(&combined))[0]
                {
                    current = combined;
                    continue 'rounds;
                }
            }
            current = group[first].1.clone();
            continue 'rounds;
        }
        break;
    }
    current
}
