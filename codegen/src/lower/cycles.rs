//! Recursion: alias cycles become newtypes, union alternatives that loop
//! on the same value are dropped, direct containment is boxed.

use std::collections::{BTreeSet, HashMap};

use super::Lowerer;
use crate::ir::*;

impl<'a> Lowerer<'a> {
    /// Type aliases that mention themselves (`A = Vec<A>`, directly or
    /// through other aliases) become newtype structs: Rust cannot expand them.
    pub(super) fn break_alias_cycles(&mut self) {
        for name in self.order.clone() {
            let Some(TypeDef {
                kind: TypeKind::Alias(t),
                ..
            }) = self.types.get(&name).cloned()
            else {
                continue;
            };
            let mut seen = BTreeSet::new();
            if mentions(&t)
                .iter()
                .any(|n| self.alias_reaches(n, &name, &mut seen))
            {
                if let Some(def) = self.types.get_mut(&name) {
                    def.kind = TypeKind::Newtype(Newtype {
                        ty: t,
                        number: false,
                    });
                }
            }
        }
    }

    /// A union alternative that leads back to the union without going through
    /// an object (`A = oneOf[string, A]`) would make decoding recurse on the
    /// same value forever; such alternatives add nothing and are dropped.
    pub(super) fn drop_union_loops(&mut self) {
        for name in self.order.clone() {
            let Some(TypeDef {
                kind: TypeKind::Union(mut u),
                ..
            }) = self.types.get(&name).cloned()
            else {
                continue;
            };
            let before = u.variants.len();
            u.variants.retain(|v| {
                !mentions_direct(&v.ty)
                    .iter()
                    .any(|n| self.same_value_reaches(n, &name, &mut BTreeSet::new()))
            });
            if u.variants.len() != before {
                if let Some(def) = self.types.get_mut(&name) {
                    def.kind = TypeKind::Union(u);
                }
            }
        }
    }

    /// Whether decoding `from` can decode `to` from the same JSON value
    /// (through unions, aliases and newtypes, not objects or arrays).
    pub(super) fn same_value_reaches(
        &self,
        from: &str,
        to: &str,
        seen: &mut BTreeSet<String>,
    ) -> bool {
        if from == to {
            return true;
        }
        if !seen.insert(from.to_owned()) {
            return false;
        }
        let next: Vec<String> = match self.types.get(from).map(|d| &d.kind) {
            Some(TypeKind::Union(u)) => u
                .variants
                .iter()
                .flat_map(|v| mentions_direct(&v.ty))
                .collect(),
            Some(TypeKind::Alias(t) | TypeKind::Newtype(Newtype { ty: t, .. })) => {
                mentions_direct(t)
            }
            _ => Vec::new(),
        };
        next.iter().any(|n| self.same_value_reaches(n, to, seen))
    }

    /// Whether expanding the alias `from` (through aliases only) reaches `to`.
    pub(super) fn alias_reaches(&self, from: &str, to: &str, seen: &mut BTreeSet<String>) -> bool {
        if from == to {
            return true;
        }
        if !seen.insert(from.to_owned()) {
            return false;
        }
        match self.types.get(from).map(|d| &d.kind) {
            Some(TypeKind::Alias(t)) => mentions(t).iter().any(|n| self.alias_reaches(n, to, seen)),
            _ => false,
        }
    }

    /// Boxes struct fields, union payloads and newtype contents that would
    /// make a type contain itself.
    pub(super) fn box_recursion(&mut self) {
        let components = self.components();
        for name in self.order.clone() {
            let Some(def) = self.types.get(&name).cloned() else {
                continue;
            };
            let mut kind = def.kind;
            let mut changed = false;
            let mut fix = |t: &mut TypeRef, this: &Self| {
                if let Some(target) = direct_target(t) {
                    let same = components.contains_key(&target)
                        && components.get(&target) == components.get(&name);
                    if same && this.reaches(&target, &name) {
                        *t = TypeRef::Boxed(Box::new(t.clone()));
                        changed = true;
                    }
                }
            };
            match &mut kind {
                TypeKind::Struct(s) => s.fields.iter_mut().for_each(|f| fix(&mut f.ty, self)),
                TypeKind::Union(u) => u.variants.iter_mut().for_each(|v| fix(&mut v.ty, self)),
                TypeKind::Newtype(n) => fix(&mut n.ty, self),
                TypeKind::Alias(_) | TypeKind::Enum(_) => {}
            }
            if changed {
                if let Some(def) = self.types.get_mut(&name) {
                    def.kind = kind;
                }
            }
        }
    }

    /// Whether `from` contains `to` without indirection (Vec, map, Box).
    /// An explicit stack: a chain of types may be thousands long.
    pub(super) fn reaches(&self, from: &str, to: &str) -> bool {
        let mut seen: BTreeSet<String> = BTreeSet::new();
        let mut stack = vec![from.to_owned()];
        while let Some(next) = stack.pop() {
            if next == to {
                return true;
            }
            if seen.insert(next.clone()) {
                stack.extend(self.direct_targets(&next));
            }
        }
        false
    }

    /// The named types `name` holds without indirection.
    fn direct_targets(&self, name: &str) -> Vec<String> {
        let Some(def) = self.types.get(name) else {
            return Vec::new();
        };
        match &def.kind {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .filter_map(|f| direct_target(&f.ty))
                .collect(),
            TypeKind::Union(u) => u
                .variants
                .iter()
                .filter_map(|v| direct_target(&v.ty))
                .collect(),
            TypeKind::Alias(t) | TypeKind::Newtype(Newtype { ty: t, .. }) => {
                direct_target(t).into_iter().collect()
            }
            TypeKind::Enum(_) => Vec::new(),
        }
    }

    /// Strongly connected components of the direct-containment graph
    /// (Tarjan's algorithm with an explicit stack): a type can only reach
    /// itself through types of its own component, so only those are
    /// searched.
    fn components(&self) -> HashMap<String, usize> {
        let mut index: HashMap<String, (usize, usize)> = HashMap::new(); // (index, lowlink)
        let mut on_stack: BTreeSet<String> = BTreeSet::new();
        let mut stack: Vec<String> = Vec::new();
        let mut component: HashMap<String, usize> = HashMap::new();
        let mut counter = 0;
        for root in &self.order {
            if index.contains_key(root) {
                continue;
            }
            // (node, its targets, the next target to visit)
            let mut calls: Vec<(String, Vec<String>, usize)> = Vec::new();
            index.insert(root.clone(), (counter, counter));
            counter += 1;
            stack.push(root.clone());
            on_stack.insert(root.clone());
            calls.push((root.clone(), self.direct_targets(root), 0));
            while let Some((node, targets, next)) = calls.last_mut() {
                if let Some(target) = targets.get(*next).cloned() {
                    *next += 1;
                    if let Some(&(t_index, _)) = index.get(&target) {
                        if on_stack.contains(&target) {
                            let entry = index.get_mut(node.as_str()).expect("indexed");
                            entry.1 = entry.1.min(t_index);
                        }
                    } else if self.types.contains_key(&target) {
                        index.insert(target.clone(), (counter, counter));
                        counter += 1;
                        stack.push(target.clone());
                        on_stack.insert(target.clone());
                        let targets = self.direct_targets(&target);
                        calls.push((target, targets, 0));
                    }
                    continue;
                }
                let node = node.clone();
                calls.pop();
                let (n_index, n_low) = index[&node];
                if let Some((parent, _, _)) = calls.last() {
                    let entry = index.get_mut(parent.as_str()).expect("indexed");
                    entry.1 = entry.1.min(n_low);
                }
                if n_index == n_low {
                    while let Some(member) = stack.pop() {
                        on_stack.remove(&member);
                        let done = member == node;
                        component.insert(member, n_index);
                        if done {
                            break;
                        }
                    }
                }
            }
        }
        component
    }
}

/// Every named type a type mentions, at any depth.
fn mentions(t: &TypeRef) -> Vec<String> {
    match t {
        TypeRef::Named(n) => vec![n.clone()],
        TypeRef::Vec(i) | TypeRef::Map(i) | TypeRef::Boxed(i) | TypeRef::Option(i) => mentions(i),
        _ => Vec::new(),
    }
}

/// The named type decoded from the same JSON value (through `Box` only).
fn mentions_direct(t: &TypeRef) -> Vec<String> {
    match t {
        TypeRef::Named(n) => vec![n.clone()],
        TypeRef::Boxed(i) => mentions_direct(i),
        _ => Vec::new(),
    }
}

/// The named type a field holds directly (not behind Vec, map or Box).
fn direct_target(t: &TypeRef) -> Option<String> {
    match t {
        TypeRef::Named(n) => Some(n.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::*;
    use crate::lower::{lower_yaml, type_named};

    fn spec(schemas: &str) -> String {
        format!(
            r##"
openapi: 3.0.3
info: {{title: t, version: "1"}}
paths:
  /x:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {{$ref: "#/components/schemas/A"}}
components:
  schemas:
{schemas}
"##
        )
    }

    #[test]
    fn direct_containment_is_boxed_and_indirect_is_not() {
        let api = lower_yaml(&spec(
            "    A:\n      type: object\n      properties:\n        next: {$ref: '#/components/schemas/A'}\n        all: {type: array, items: {$ref: '#/components/schemas/A'}}\n",
        ));
        let TypeKind::Struct(s) = type_named(&api, "A") else {
            panic!("A is a struct")
        };
        let a = || Box::new(TypeRef::Named("A".into()));
        assert_eq!(s.fields[0].ty, TypeRef::Boxed(a()));
        assert_eq!(s.fields[1].ty, TypeRef::Vec(a()));
    }

    #[test]
    fn self_referencing_aliases_become_newtypes() {
        let api = lower_yaml(&spec(
            "    A: {type: array, items: {$ref: '#/components/schemas/A'}}\n",
        ));
        assert!(
            matches!(type_named(&api, "A"), TypeKind::Newtype(n) if n.ty == TypeRef::Vec(Box::new(TypeRef::Named("A".into())))),
            "{:?}",
            type_named(&api, "A")
        );
    }

    #[test]
    fn union_alternatives_that_loop_on_the_same_value_are_dropped() {
        let api = lower_yaml(&spec(
            "    A:\n      oneOf:\n        - {type: string}\n        - {$ref: '#/components/schemas/A'}\n        - {type: object, properties: {inner: {$ref: '#/components/schemas/A'}}}\n",
        ));
        let TypeKind::Union(u) = type_named(&api, "A") else {
            panic!("A is a union")
        };
        let names: Vec<&str> = u.variants.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["String", "AVariant3"]);
    }
}
