//! Checks on the YAML event stream, before serde_yaml builds the value:
//! nesting depth, alias expansion (a "billion laughs" document expands a few
//! kilobytes into gigabytes), tags outside the JSON-compatible core schema,
//! and duplicate keys (reported where the second one is).

use std::collections::{HashMap, HashSet};
use std::ops::ControlFlow;
use std::path::Path;

use super::events::{each_event, Event, Kind, Path as Tracker, Role};
use crate::error::{Error, Location, Result};

/// The deepest nesting read: serde_json's and serde_yaml's own limit, which
/// keeps every later walk over the document shallow.
pub(super) const MAX_DEPTH: usize = 128;

/// Nodes that aliases may add to a document: one per byte of input, and
/// never fewer than this.
const MIN_ALIAS_NODES: u64 = 100_000;

/// The tags of YAML's core schema that map onto JSON.
const CORE_TAGS: [&str; 7] = ["str", "int", "float", "bool", "null", "seq", "map"];

/// Runs the checks; a syntax error is left for serde_yaml to report.
pub(super) fn scan(path: &Path, text: &str) -> Result<()> {
    let budget = (text.len() as u64).max(MIN_ALIAS_NODES);
    let mut state = Scan {
        tracker: Tracker::default(),
        anchors: HashMap::new(),
        open: Vec::new(),
        alias_nodes: 0,
        budget,
    };
    match each_event(text, |event| state.step(&event)) {
        Ok(Some((location, error))) => Err(error.into_error(path, location)),
        _ => Ok(()),
    }
}

/// What the scan refuses.
enum Refusal {
    Depth,
    Aliases(u64),
    Tag(String),
    DuplicateKey(String),
}

impl Refusal {
    fn into_error(self, path: &Path, location: Location) -> Error {
        let path = path.to_owned();
        match self {
            Refusal::Depth => Error::Limit {
                path,
                location,
                message: format!("the document nests more than {MAX_DEPTH} levels deep"),
            },
            Refusal::Aliases(budget) => Error::Limit {
                path,
                location,
                message: format!(
                    "YAML aliases expand the document by more than {budget} nodes (the limit for a file of this size); this alias is where the limit was passed"
                ),
            },
            Refusal::Tag(tag) => Error::Invalid {
                path,
                location,
                message: format!(
                    "YAML tag `{tag}` (OpenAPI 3, Format: YAML documents must use only tags of the JSON schema ruleset: !!str, !!int, !!float, !!bool, !!null, !!seq, !!map)"
                ),
            },
            Refusal::DuplicateKey(key) => Error::Invalid {
                path,
                location,
                message: format!(
                    "duplicate key `{key}` (OpenAPI 3, Format: all field names in the specification are case sensitive and must be unique in their object)"
                ),
            },
        }
    }
}

/// An open collection: the nodes it holds so far, its anchor, and (for a
/// mapping) the keys seen.
struct Open {
    nodes: u64,
    anchor: Option<Vec<u8>>,
    keys: Option<HashSet<Vec<u8>>>,
}

struct Scan {
    tracker: Tracker,
    /// Nodes each anchor's node expands to.
    anchors: HashMap<Vec<u8>, u64>,
    open: Vec<Open>,
    alias_nodes: u64,
    budget: u64,
}

impl Scan {
    fn step(&mut self, event: &Event<'_>) -> ControlFlow<(Location, Refusal)> {
        let role = self.tracker.enter(event);
        let at = |tracker: &Tracker| Location {
            pointer: tracker.pointer(),
            line: Some(event.line),
            column: Some(event.column),
        };
        if let Some(tag) = event.tag.map(String::from_utf8_lossy) {
            if !is_core_tag(&tag) {
                let shown = match tag.strip_prefix("tag:yaml.org,2002:") {
                    Some(short) => format!("!!{short}"),
                    None => tag.into_owned(),
                };
                return ControlFlow::Break((at(&self.tracker), Refusal::Tag(shown)));
            }
        }
        if role == Role::Key {
            if let (Kind::Scalar(key), Some(keys)) = (
                event.kind,
                self.open.last_mut().and_then(|o| o.keys.as_mut()),
            ) {
                if !keys.insert(key.to_vec()) {
                    let key = String::from_utf8_lossy(key).into_owned();
                    return ControlFlow::Break((at(&self.tracker), Refusal::DuplicateKey(key)));
                }
            }
        }
        match event.kind {
            Kind::Scalar(_) => self.add(1, event.anchor),
            Kind::Alias => {
                let nodes = event
                    .anchor
                    .and_then(|a| self.anchors.get(a))
                    .copied()
                    .unwrap_or(1);
                self.alias_nodes = self.alias_nodes.saturating_add(nodes);
                if self.alias_nodes > self.budget {
                    return ControlFlow::Break((at(&self.tracker), Refusal::Aliases(self.budget)));
                }
                self.add(nodes, None);
            }
            Kind::SeqStart | Kind::MapStart => {
                if self.tracker.depth() > MAX_DEPTH {
                    return ControlFlow::Break((at(&self.tracker), Refusal::Depth));
                }
                self.open.push(Open {
                    nodes: 1,
                    anchor: event.anchor.map(<[u8]>::to_vec),
                    keys: (event.kind == Kind::MapStart).then(HashSet::new),
                });
            }
            Kind::End => {
                if let Some(done) = self.open.pop() {
                    let anchor = done.anchor;
                    self.add(done.nodes, anchor.as_deref());
                }
            }
        }
        ControlFlow::Continue(())
    }

    /// Counts a finished node of `nodes` nodes into its parent, and under its anchor.
    fn add(&mut self, nodes: u64, anchor: Option<&[u8]>) {
        if let Some(anchor) = anchor {
            self.anchors.insert(anchor.to_vec(), nodes);
        }
        if let Some(parent) = self.open.last_mut() {
            parent.nodes = parent.nodes.saturating_add(nodes);
        }
    }
}

fn is_core_tag(tag: &str) -> bool {
    // `!` alone is the non-specific tag of a quoted scalar.
    tag == "!"
        || tag
            .strip_prefix("tag:yaml.org,2002:")
            .is_some_and(|t| CORE_TAGS.contains(&t))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(text: &str) -> Error {
        scan(Path::new("s.yaml"), text).unwrap_err()
    }

    #[test]
    fn core_tags_pass_and_others_are_named() {
        scan(
            Path::new("s.yaml"),
            "a: !!str 1\nb: ! x\nc: !!map {d: !!int 2}\n",
        )
        .unwrap();
        let err = refusal("a:\n  b: !!python/object {c: 1}\n");
        assert!(matches!(err, Error::Invalid { .. }), "{err}");
        assert_eq!(err.pointer(), Some("/a/b"));
        assert!(err.to_string().contains("s.yaml:2:6 #/a/b"), "{err}");
        assert!(err.to_string().contains("`!!python/object`"), "{err}");
        assert!(refusal("a: !foo x\n").to_string().contains("`!foo`"));
    }

    #[test]
    fn a_duplicate_key_is_located_at_its_second_occurrence() {
        let err = refusal("a:\n  b: 1\n  c: 2\n  b: 3\n");
        assert!(err.to_string().starts_with("s.yaml:4:3 #/a/b: "), "{err}");
        assert!(err.to_string().contains("duplicate key `b`"), "{err}");
    }

    #[test]
    fn alias_expansion_is_bounded() {
        let mut text = format!("a0: &a0 [{}]\n", vec!["x"; 100].join(","));
        for i in 1..=4 {
            text += &format!(
                "a{i}: &a{i} [{}]\n",
                vec![format!("*a{}", i - 1); 9].join(",")
            );
        }
        let err = refusal(&text);
        assert!(matches!(err, Error::Limit { .. }), "{err}");
        assert_eq!(err.kind(), "limit");
        assert!(err.to_string().contains("s.yaml:5:"), "{err}");
        // Modest reuse is fine.
        scan(
            Path::new("s.yaml"),
            "a: &a {b: 1}\nc: *a\nd: {<<: *a, e: 2}\n",
        )
        .unwrap();
    }

    #[test]
    fn deep_nesting_is_a_limit() {
        let text = format!("a: {}{}", "[".repeat(100_000), "]".repeat(100_000));
        let err = refusal(&text);
        assert!(matches!(err, Error::Limit { .. }), "{err}");
        assert!(err.to_string().contains("more than 128 levels"), "{err}");
        let ok = format!("a: {}{}\n", "[".repeat(100), "]".repeat(100));
        scan(Path::new("s.yaml"), &ok).unwrap();
    }
}
