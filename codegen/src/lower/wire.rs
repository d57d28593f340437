//! How values go on the wire, decided once every type is known: which
//! fields hold `f64` numbers (written through the runtime's `Num`, so whole
//! values stay integers) and which parameters are one plain value. Also
//! which enums may have one variant much larger than the others (an
//! estimate of the types' layout), so that they carry clippy's
//! `large_enum_variant` allow and no other item does.

use std::collections::{BTreeSet, HashMap};

use crate::ir::*;

/// Fills in [`Field::number`], [`UnionVariant::number`],
/// [`Newtype::number`], [`Param::scalar`] and [`Api::uses_scalars`].
pub(super) fn decide(api: &mut Api) {
    api.uses_scalars = uses_scalars(api);
    let kinds = Kinds::of(&api.types);
    let mut numbers = Vec::new();
    for def in &api.types {
        numbers.push(match &def.kind {
            TypeKind::Struct(s) => s.fields.iter().map(|f| kinds.has_number(&f.ty)).collect(),
            TypeKind::Union(u) => u.variants.iter().map(|v| kinds.has_number(&v.ty)).collect(),
            TypeKind::Newtype(n) => vec![kinds.has_number(&n.ty)],
            TypeKind::Enum(_) | TypeKind::Alias(_) => Vec::new(),
        });
    }
    let scalars: Vec<Vec<bool>> = api
        .operations
        .iter()
        .map(|op| op.params.iter().map(|p| kinds.is_scalar(&p.ty)).collect())
        .collect();
    for (def, numbers) in api.types.iter_mut().zip(numbers) {
        match &mut def.kind {
            TypeKind::Struct(s) => s
                .fields
                .iter_mut()
                .zip(numbers)
                .for_each(|(f, n)| f.number = n),
            TypeKind::Union(u) => u
                .variants
                .iter_mut()
                .zip(numbers)
                .for_each(|(v, n)| v.number = n),
            TypeKind::Newtype(t) => t.number = numbers[0],
            TypeKind::Enum(_) | TypeKind::Alias(_) => {}
        }
    }
    for (op, scalars) in api.operations.iter_mut().zip(scalars) {
        op.params
            .iter_mut()
            .zip(scalars)
            .for_each(|(p, s)| p.scalar = s);
    }
    decide_sizes(api);
}

/// Whether a typed scalar appears anywhere in the module.
fn uses_scalars(api: &Api) -> bool {
    fn has(t: &TypeRef) -> bool {
        match t {
            TypeRef::Scalar(_) => true,
            TypeRef::Vec(i) | TypeRef::Map(i) | TypeRef::Boxed(i) | TypeRef::Option(i) => has(i),
            _ => false,
        }
    }
    let in_types = api.types.iter().any(|d| match &d.kind {
        TypeKind::Struct(s) => s.fields.iter().any(|f| has(&f.ty)) || has(&s.extra_value),
        TypeKind::Union(u) => u.variants.iter().any(|v| has(&v.ty)),
        TypeKind::Alias(t) => has(t),
        TypeKind::Newtype(n) => has(&n.ty),
        TypeKind::Enum(_) => false,
    });
    let in_operations = api.operations.iter().any(|op| {
        op.params.iter().any(|p| has(&p.ty))
            || has(&op.error)
            || op
                .responses
                .iter()
                .any(|r| matches!(&r.body, ResponseBody::Json(t) if has(t)))
            || op.body.as_ref().is_some_and(|b| match &b.kind {
                BodyKind::Json(t) | BodyKind::Multipart { ty: t, .. } => has(t),
                BodyKind::Form { ty, .. } => has(ty),
                BodyKind::Text | BodyKind::Bytes => false,
            })
    });
    in_types || in_operations
}

/// Clippy's `large_enum_variant` fires at a 200-byte difference between the
/// largest variant and the next; the estimate below is rough, so a smaller
/// difference already counts.
const LARGE_VARIANT: usize = 128;

fn decide_sizes(api: &mut Api) {
    let mut sizes = Sizes {
        types: api.types.iter().map(|d| (d.name.clone(), d)).collect(),
        known: HashMap::new(),
        busy: BTreeSet::new(),
    };
    let unions: Vec<bool> = api
        .types
        .iter()
        .map(|d| match &d.kind {
            TypeKind::Union(u) => {
                let mut v: Vec<usize> = u.variants.iter().map(|v| sizes.of(&v.ty)).collect();
                v.push(32); // the fallback's JSON value
                large(v)
            }
            _ => false,
        })
        .collect();
    let ops: Vec<bool> = api
        .operations
        .iter()
        .map(|op| {
            let v = op
                .responses
                .iter()
                .filter(|r| r.status.is_success())
                .map(|r| match &r.body {
                    ResponseBody::Json(t) => sizes.of(t),
                    ResponseBody::Empty => 0,
                    ResponseBody::Text | ResponseBody::Bytes => 32,
                })
                .collect();
            matches!(op.success, Success::Enum(_)) && large(v)
        })
        .collect();
    drop(sizes);
    for (def, large) in api.types.iter_mut().zip(unions) {
        if let TypeKind::Union(u) = &mut def.kind {
            u.large_variant = large;
        }
    }
    for (op, large) in api.operations.iter_mut().zip(ops) {
        op.success_large_variant = large;
    }
}

/// Whether the largest of these variant sizes exceeds the next by
/// [`LARGE_VARIANT`].
fn large(mut sizes: Vec<usize>) -> bool {
    sizes.sort_unstable_by(|a, b| b.cmp(a));
    match sizes.as_slice() {
        [a, b, ..] => a - b >= LARGE_VARIANT,
        _ => false,
    }
}

/// Estimated sizes in bytes of the generated types (64-bit layout).
struct Sizes<'a> {
    types: HashMap<String, &'a TypeDef>,
    known: HashMap<String, usize>,
    /// Types being measured (a type reached again through itself is boxed).
    busy: BTreeSet<String>,
}

impl Sizes<'_> {
    fn of(&mut self, t: &TypeRef) -> usize {
        match t {
            TypeRef::String | TypeRef::Vec(_) | TypeRef::Map(_) => 24,
            TypeRef::Integer(_) | TypeRef::Number | TypeRef::Boxed(_) => 8,
            // A tag beside the value (the sizes are estimates).
            TypeRef::Option(inner) => self.of(inner) + 8,
            TypeRef::Bool => 1,
            TypeRef::Scalar(s) => match s {
                ScalarType::DateTime => 12,
                ScalarType::Date => 4,
                ScalarType::Uuid => 16,
                ScalarType::Uri => 56,
                ScalarType::Base64 => 24,
                ScalarType::File => 64,
            },
            TypeRef::Json => 32,
            TypeRef::Named(n) => self.named(n),
        }
    }

    fn named(&mut self, name: &str) -> usize {
        if let Some(size) = self.known.get(name) {
            return *size;
        }
        let Some(def) = self.types.get(name).copied() else {
            return 8;
        };
        if !self.busy.insert(name.to_owned()) {
            return 8;
        }
        let size = match &def.kind {
            TypeKind::Struct(s) => {
                let fields: usize = s
                    .fields
                    .iter()
                    .map(|f| {
                        let inner = self.of(&f.ty);
                        // `Option` of a type without a niche adds a tag.
                        let niche = matches!(
                            f.ty,
                            TypeRef::String
                                | TypeRef::Vec(_)
                                | TypeRef::Map(_)
                                | TypeRef::Boxed(_)
                                | TypeRef::Scalar(ScalarType::Uri | ScalarType::Base64)
                        );
                        inner + if f.optional() && !niche { 8 } else { 0 }
                    })
                    .sum();
                fields + 24
            }
            TypeKind::Enum(_) => 24,
            TypeKind::Union(u) => {
                let largest = u.variants.iter().map(|v| self.of(&v.ty)).max().unwrap_or(0);
                largest.max(32) + 8
            }
            TypeKind::Alias(t) => self.of(t),
            TypeKind::Newtype(n) => self.of(&n.ty),
        };
        self.busy.remove(name);
        self.known.insert(name.to_owned(), size);
        size
    }
}

/// What a named type is, as far as the wire cares.
enum Kind {
    Enum,
    Alias(TypeRef),
    Other,
}

struct Kinds<'a>(HashMap<&'a str, Kind>);

impl<'a> Kinds<'a> {
    fn of(types: &'a [TypeDef]) -> Self {
        Kinds(
            types
                .iter()
                .map(|d| {
                    let kind = match &d.kind {
                        TypeKind::Enum(_) => Kind::Enum,
                        TypeKind::Alias(t) => Kind::Alias(t.clone()),
                        _ => Kind::Other,
                    };
                    (d.name.as_str(), kind)
                })
                .collect(),
        )
    }

    /// Whether a type holds `f64` numbers that it does not serialise itself:
    /// aliases are followed, named structs and unions serialise themselves.
    fn has_number(&self, t: &TypeRef) -> bool {
        self.follow(t, &mut BTreeSet::new(), &|t| match t {
            TypeRef::Number => Some(true),
            TypeRef::Vec(_)
            | TypeRef::Map(_)
            | TypeRef::Boxed(_)
            | TypeRef::Option(_)
            | TypeRef::Named(_) => None,
            _ => Some(false),
        })
    }

    /// Whether a parameter of this type is sent as one plain value.
    fn is_scalar(&self, t: &TypeRef) -> bool {
        match t {
            TypeRef::String | TypeRef::Integer(_) | TypeRef::Number | TypeRef::Bool => true,
            TypeRef::Named(n) => match self.0.get(n.as_str()) {
                Some(Kind::Enum) => true,
                Some(Kind::Alias(inner)) => self.is_scalar(inner),
                _ => false,
            },
            _ => false,
        }
    }

    /// Walks containers and aliases until `leaf` answers.
    fn follow(
        &self,
        t: &TypeRef,
        seen: &mut BTreeSet<String>,
        leaf: &dyn Fn(&TypeRef) -> Option<bool>,
    ) -> bool {
        if let Some(answer) = leaf(t) {
            return answer;
        }
        match t {
            TypeRef::Vec(i) | TypeRef::Map(i) | TypeRef::Boxed(i) | TypeRef::Option(i) => {
                self.follow(i, seen, leaf)
            }
            TypeRef::Named(n) => match self.0.get(n.as_str()) {
                Some(Kind::Alias(inner)) if seen.insert(n.clone()) => {
                    self.follow(inner, seen, leaf)
                }
                _ => false,
            },
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alias(name: &str, t: TypeRef) -> TypeDef {
        TypeDef {
            name: name.into(),
            doc: None,
            pointer: String::new(),
            kind: TypeKind::Alias(t),
            features: Vec::new(),
        }
    }

    #[test]
    fn numbers_are_found_through_aliases_and_containers() {
        let types = vec![
            alias("Amount", TypeRef::Number),
            alias(
                "Amounts",
                TypeRef::Vec(Box::new(TypeRef::Named("Amount".into()))),
            ),
            alias("Name", TypeRef::String),
        ];
        let k = Kinds::of(&types);
        assert!(k.has_number(&TypeRef::Named("Amounts".into())));
        assert!(k.has_number(&TypeRef::Map(Box::new(TypeRef::Number))));
        assert!(!k.has_number(&TypeRef::Named("Name".into())));
        assert!(!k.has_number(&TypeRef::Integer(IntKind::I64)));
        assert!(k.is_scalar(&TypeRef::Named("Amount".into())));
        assert!(!k.is_scalar(&TypeRef::Named("Amounts".into())));
    }

    #[test]
    fn alias_loops_end() {
        let types = vec![
            alias("A", TypeRef::Named("B".into())),
            alias("B", TypeRef::Vec(Box::new(TypeRef::Named("A".into())))),
        ];
        assert!(!Kinds::of(&types).has_number(&TypeRef::Named("A".into())));
    }

    #[test]
    fn large_variants_are_found() {
        let spec = |big: usize| {
            let props: String = (0..big)
                .map(|i| format!("        f{i}: {{type: integer}}\n"))
                .collect();
            format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /x:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/U'}}\ncomponents:\n  schemas:\n    U:\n      oneOf:\n        - {{$ref: '#/components/schemas/Big'}}\n        - {{type: string}}\n    Big:\n      type: object\n      properties:\n{props}")
        };
        let large = |big| match crate::lower::type_named(&crate::lower::lower_yaml(&spec(big)), "U")
        {
            TypeKind::Union(u) => u.large_variant,
            other => panic!("{other:?}"),
        };
        // 30 optional integers: 480 bytes; 2: 56 bytes.
        assert!(large(30));
        assert!(!large(2));
    }
}
