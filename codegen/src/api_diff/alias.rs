//! The module's type aliases, seen through: a type or signature with every
//! alias replaced by what it stands for, the form the compiler compares.

use std::collections::BTreeMap;

use super::{tokens, Ty};

/// The module's public type aliases: name → (type parameters with their
/// defaults, target).
pub(super) type Aliases = BTreeMap<String, (Vec<(String, Option<syn::Type>)>, syn::Type)>;

/// How deep aliases of aliases are followed (a cycle is not valid Rust).
const ALIAS_DEPTH: usize = 32;

/// `ty` with every alias of `aliases` (single-segment paths) replaced by
/// its target, and every name of `params` by its argument.
fn resolve(
    ty: &syn::Type,
    aliases: &Aliases,
    params: &BTreeMap<String, syn::Type>,
    depth: usize,
) -> syn::Type {
    let again = |t: &syn::Type| resolve(t, aliases, params, depth);
    match ty {
        syn::Type::Path(p) if p.qself.is_none() => {
            if p.path.leading_colon.is_none() && p.path.segments.len() == 1 {
                let segment = &p.path.segments[0];
                let name = segment.ident.to_string();
                let args: Vec<syn::Type> = match &segment.arguments {
                    syn::PathArguments::AngleBracketed(a) => a
                        .args
                        .iter()
                        .filter_map(|a| match a {
                            syn::GenericArgument::Type(t) => Some(again(t)),
                            _ => None,
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                if let Some(value) = params.get(&name).filter(|_| args.is_empty()) {
                    return value.clone();
                }
                if let Some((names, target)) = aliases.get(&name).filter(|_| depth > 0) {
                    let mut args = args.into_iter();
                    let inner: BTreeMap<String, syn::Type> = names
                        .iter()
                        .filter_map(|(name, default)| {
                            let arg = args.next().or_else(|| default.as_ref().map(&again))?;
                            Some((name.clone(), arg))
                        })
                        .collect();
                    return resolve(target, aliases, &inner, depth - 1);
                }
            }
            let mut p = p.clone();
            for segment in &mut p.path.segments {
                if let syn::PathArguments::AngleBracketed(a) = &mut segment.arguments {
                    for arg in &mut a.args {
                        if let syn::GenericArgument::Type(t) = arg {
                            *t = again(t);
                        }
                    }
                }
            }
            syn::Type::Path(p)
        }
        syn::Type::Reference(r) => {
            let mut r = r.clone();
            *r.elem = again(&r.elem);
            syn::Type::Reference(r)
        }
        syn::Type::Slice(s) => {
            let mut s = s.clone();
            *s.elem = again(&s.elem);
            syn::Type::Slice(s)
        }
        syn::Type::Array(a) => {
            let mut a = a.clone();
            *a.elem = again(&a.elem);
            syn::Type::Array(a)
        }
        syn::Type::Paren(p) => again(&p.elem),
        syn::Type::Group(g) => again(&g.elem),
        syn::Type::Tuple(t) => {
            let mut t = t.clone();
            for elem in &mut t.elems {
                *elem = again(elem);
            }
            syn::Type::Tuple(t)
        }
        other => other.clone(),
    }
}

impl Ty {
    pub(super) fn of_type(ty: &syn::Type, aliases: &Aliases) -> Ty {
        Ty {
            written: tokens(ty),
            resolved: tokens(&resolve(ty, aliases, &BTreeMap::new(), ALIAS_DEPTH)),
        }
    }

    pub(super) fn of_fields(fields: &syn::Fields, aliases: &Aliases) -> Ty {
        let mut resolved = fields.clone();
        for f in resolved.iter_mut() {
            f.ty = resolve(&f.ty, aliases, &BTreeMap::new(), ALIAS_DEPTH);
        }
        Ty {
            written: tokens(fields),
            resolved: tokens(&resolved),
        }
    }

    pub(super) fn of_signature(sig: &syn::Signature, aliases: &Aliases) -> Ty {
        let mut resolved = sig.clone();
        for input in &mut resolved.inputs {
            if let syn::FnArg::Typed(t) = input {
                *t.ty = resolve(&t.ty, aliases, &BTreeMap::new(), ALIAS_DEPTH);
            }
        }
        if let syn::ReturnType::Type(_, t) = &mut resolved.output {
            **t = resolve(t, aliases, &BTreeMap::new(), ALIAS_DEPTH);
        }
        Ty {
            written: tokens(sig),
            resolved: tokens(&resolved),
        }
    }

    pub(super) fn of_const(c: &syn::ImplItemConst, aliases: &Aliases) -> Ty {
        let ty = Ty::of_type(&c.ty, aliases);
        Ty {
            written: format!("const {}: {}", c.ident, ty.written),
            resolved: format!("const {}: {}", c.ident, ty.resolved),
        }
    }
}
