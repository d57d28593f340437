//! A bound on how deeply generated types nest.
//!
//! rustc checks drop glue through every level of a type's contents, boxes
//! included, and gives up past its recursion limit (E0320, "overflow while
//! adding drop-check rules"): a spec whose schemas nest 150 levels deep
//! would not compile. Below [`MAX_NESTING`] steps nothing changes; deeper,
//! the content that would go past the bound is kept as JSON
//! (`serde_json::Value`), which still decodes and re-encodes everything.

use std::collections::{BTreeMap, BTreeSet};

use super::Lowerer;
use crate::ir::*;

/// How deep one type may nest, counted as rustc counts when it checks drop
/// glue and auto traits: one step per struct or enum, and one per
/// `Option`, `Vec`, map or `Box` around a field. rustc's default limit is
/// 128; a few steps are left for what the user's code wraps around.
pub(super) const MAX_NESTING: usize = 120;

/// Where a type mentions another: a field, a variant, or the content of an
/// alias or newtype.
type Slot = usize;

impl<'a> Lowerer<'a> {
    /// Replaces by JSON the contents that would nest deeper than
    /// [`MAX_NESTING`]. Recursion (a type reached again through itself) is
    /// not depth: rustc handles it, and `box_recursion` has boxed it.
    pub(super) fn bound_nesting(&mut self) {
        let cut = deep_slots(&self.types, &self.order);
        for (name, slots) in cut {
            let Some(def) = self.types.get_mut(&name) else {
                continue;
            };
            for slot in slots {
                if let Some(t) = slot_type(&mut def.kind, slot) {
                    *t = TypeRef::Json;
                }
            }
        }
    }
}

/// The slots to cut, per type, computed bottom-up without recursion (a spec
/// may nest thousands of levels).
fn deep_slots(types: &BTreeMap<String, TypeDef>, order: &[String]) -> BTreeMap<String, Vec<Slot>> {
    let mut height: BTreeMap<&str, usize> = BTreeMap::new();
    let mut busy: BTreeSet<&str> = BTreeSet::new();
    let mut cut: BTreeMap<String, Vec<Slot>> = BTreeMap::new();
    for root in order {
        // (type, children already pushed)
        let mut stack: Vec<(&str, bool)> = vec![(root.as_str(), false)];
        while let Some((name, expanded)) = stack.pop() {
            if height.contains_key(name) {
                continue;
            }
            let Some(def) = types.get(name) else {
                height.insert(name, 0);
                continue;
            };
            let children = children(&def.kind);
            if !expanded {
                busy.insert(name);
                stack.push((name, true));
                for (_, child, _) in &children {
                    if !height.contains_key(child) && !busy.contains(child) {
                        stack.push((child, false));
                    }
                }
                continue;
            }
            busy.remove(name);
            let mut own = 0;
            for (slot, child, steps) in &children {
                // A child still being measured is on a cycle through `name`.
                let h = height.get(child).copied().unwrap_or(0) + steps;
                if h >= MAX_NESTING {
                    cut.entry(name.to_owned()).or_default().push(*slot);
                } else {
                    own = own.max(h);
                }
            }
            height.insert(name, own + 1);
        }
    }
    for slots in cut.values_mut() {
        slots.dedup();
    }
    cut
}

/// The named types each slot of a type mentions, at any depth of `Vec`,
/// map and `Box`.
/// The named type each slot of a type holds (through `Vec`, map and `Box`),
/// and the steps between: the wrappers, plus one for an `Option`.
fn children(kind: &TypeKind) -> Vec<(Slot, &str, usize)> {
    let slots: Vec<(&TypeRef, bool)> = match kind {
        TypeKind::Struct(s) => s.fields.iter().map(|f| (&f.ty, f.optional())).collect(),
        TypeKind::Union(u) => u.variants.iter().map(|v| (&v.ty, false)).collect(),
        TypeKind::Alias(t) => vec![(t, false)],
        TypeKind::Newtype(n) => vec![(&n.ty, false)],
        TypeKind::Enum(_) => Vec::new(),
    };
    slots
        .into_iter()
        .enumerate()
        .filter_map(|(slot, (mut t, optional))| {
            let mut steps = usize::from(optional);
            loop {
                match t {
                    TypeRef::Vec(i) | TypeRef::Map(i) | TypeRef::Boxed(i) | TypeRef::Option(i) => {
                        steps += 1;
                        t = i;
                    }
                    TypeRef::Named(n) => break Some((slot, n.as_str(), steps)),
                    _ => break None,
                }
            }
        })
        .collect()
}

fn slot_type(kind: &mut TypeKind, slot: Slot) -> Option<&mut TypeRef> {
    match kind {
        TypeKind::Struct(s) => s.fields.get_mut(slot).map(|f| &mut f.ty),
        TypeKind::Union(u) => u.variants.get_mut(slot).map(|v| &mut v.ty),
        TypeKind::Alias(t) => Some(t),
        TypeKind::Newtype(n) => Some(&mut n.ty),
        TypeKind::Enum(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::MAX_NESTING;
    use crate::ir::*;
    use crate::lower::{lower_yaml, type_named};

    /// `S0` contains `S1` contains … `S{n-1}`.
    fn chain(n: usize) -> String {
        let mut schemas = String::new();
        for i in 0..n {
            let next = if i + 1 < n {
                format!("next: {{$ref: '#/components/schemas/S{}'}}, ", i + 1)
            } else {
                String::new()
            };
            schemas.push_str(&format!(
                "    S{i}: {{type: object, properties: {{{next}name: {{type: string}}}}}}\n"
            ));
        }
        format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /x:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/S0'}}\ncomponents:\n  schemas:\n{schemas}")
    }

    fn next_of(api: &Api, name: &str) -> TypeRef {
        match type_named(api, name) {
            TypeKind::Struct(s) => s.fields[0].ty.clone(),
            other => panic!("{other:?}"),
        }
    }

    /// Each level of the chain is two steps: the struct and the `Option`.
    const LEVELS: usize = MAX_NESTING / 2;

    #[test]
    fn shallow_chains_are_kept() {
        let api = lower_yaml(&chain(LEVELS));
        for i in 0..LEVELS - 1 {
            assert_eq!(
                next_of(&api, &format!("S{i}")),
                TypeRef::Named(format!("S{}", i + 1))
            );
        }
    }

    #[test]
    fn deep_chains_are_cut_at_the_bound() {
        let n = 3 * LEVELS;
        let api = lower_yaml(&chain(n));
        let cuts: Vec<usize> = (0..n - 1)
            .filter(|i| next_of(&api, &format!("S{i}")) == TypeRef::Json)
            .collect();
        // From the bottom: S{n-1} is 1 step high, S{n-1-k} is 1 + 2k; the
        // field of S{i} to S{i+1} would make S{i} reach past the bound.
        let first = n - 1 - LEVELS;
        assert_eq!(cuts, [first - LEVELS, first]);
    }

    #[test]
    fn recursion_is_not_depth() {
        let api = lower_yaml(&chain(3).replace(
            "S2: {type: object, properties: {name:",
            "S2: {type: object, properties: {next: {$ref: '#/components/schemas/S0'}, name:",
        ));
        for name in ["S0", "S1", "S2"] {
            assert_ne!(next_of(&api, name), TypeRef::Json, "{name}");
        }
    }
}
