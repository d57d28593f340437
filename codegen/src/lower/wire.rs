//! How values go on the wire, decided once every type is known: which
//! fields hold `f64` numbers (written through the runtime's `Num`, so whole
//! values stay integers) and which parameters are one plain value.

use std::collections::{BTreeSet, HashMap};

use crate::ir::*;

/// Fills in [`Field::number`], [`UnionVariant::number`],
/// [`Newtype::number`] and [`Param::scalar`].
pub(super) fn decide(api: &mut Api) {
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
            TypeRef::Vec(_) | TypeRef::Map(_) | TypeRef::Boxed(_) | TypeRef::Named(_) => None,
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
            TypeRef::Vec(i) | TypeRef::Map(i) | TypeRef::Boxed(i) => self.follow(i, seen, leaf),
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
}
