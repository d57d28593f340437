//! What a spec change does to the generated Rust API: the public surface of
//! two generated modules (types, fields, enum variants, client methods and
//! their signatures, constants, aliases), read back from the Rust source,
//! and each difference marked breaking or additive by Rust's semver rules.
//!
//! Reading the Rust (not the spec) is what makes the report true of the
//! API users compile against, and what lets `cargo regenerate` compare with
//! a checked-in file whose spec is gone.
//!
//! The rules (those of the Rust API guidelines and cargo's semver chapter):
//! - an item, field, variant or method removed, or its type or signature
//!   changed, is **breaking**; an item or method added is **additive**;
//! - a variant added to a `#[non_exhaustive]` enum (every open enum and
//!   union apigen writes) is additive, to any other enum breaking;
//! - a field added to a struct: a required field (not an `Option`) is
//!   breaking, since every struct literal must now set it; an optional field
//!   is reported additive. Strictly, any new field breaks an exhaustive
//!   struct literal: the promise apigen makes is for code that builds
//!   parameter structs with `..Default::default()` and receives models by
//!   decoding (README, "What a downstream crate can rely on").
//!
//! Types are compared through the module's type aliases: a field whose type
//! becomes an alias of the same type (`i64` → `Amount`, `type Amount = i64`),
//! or uses a renamed alias of an unchanged target, has not changed for the
//! compiler and is not reported; an alias whose target changes is reported
//! on itself and on every field, variant and signature that uses it.

use std::collections::BTreeMap;
use std::fmt;

use quote::ToTokens;

use alias::Aliases;

mod alias;

/// Whether a change breaks code that compiled against the old API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Impact {
    /// Code that compiled against the old API still compiles.
    Additive,
    /// Some code that compiled against the old API no longer does.
    Breaking,
}

impl fmt::Display for Impact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Impact::Additive => "additive",
            Impact::Breaking => "breaking",
        })
    }
}

/// One difference between two versions of a generated module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Breaking or additive.
    pub impact: Impact,
    /// The item: `CheckoutSession`, `CheckoutSession.mode`,
    /// `UiMode::Custom`, `Client::list_checkout_sessions`.
    pub item: String,
    /// What happened to it.
    pub what: String,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:<8}  {}: {}", self.impact, self.item, self.what)
    }
}

/// The public surface of one generated module.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Surface {
    items: BTreeMap<String, Item>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Item {
    Struct {
        /// Field name → its type, in source order of names.
        fields: BTreeMap<String, Ty>,
    },
    Enum {
        /// Variant name → its payload (`""` for none).
        variants: BTreeMap<String, Ty>,
        non_exhaustive: bool,
    },
    Alias(Ty),
    /// A method or associated constant (`Client::new`): its signature.
    Member(Ty),
}

/// A type (or a signature) as written in the source, and with the
/// module's type aliases replaced by what they stand for: the form the
/// compiler compares.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Ty {
    written: String,
    resolved: String,
}

impl Item {
    fn kind(&self) -> &'static str {
        match self {
            Item::Struct { .. } => "struct",
            Item::Enum { .. } => "enum",
            Item::Alias(_) => "type alias",
            Item::Member(_) => "member",
        }
    }
}

/// Reads the public surface of a generated module's source.
pub fn surface(code: &str) -> Result<Surface, String> {
    let file = syn::parse_file(code).map_err(|e| format!("not Rust source: {e}"))?;
    let aliases: Aliases = file
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Type(t) if is_pub(&t.vis) => {
                let params = t
                    .generics
                    .type_params()
                    .map(|p| (p.ident.to_string(), p.default.clone()))
                    .collect();
                Some((t.ident.to_string(), (params, (*t.ty).clone())))
            }
            _ => None,
        })
        .collect();
    let mut items = BTreeMap::new();
    for item in &file.items {
        match item {
            syn::Item::Struct(s) if is_pub(&s.vis) => {
                let fields = s
                    .fields
                    .iter()
                    .filter(|f| is_pub(&f.vis))
                    .filter_map(|f| {
                        Some((f.ident.as_ref()?.to_string(), Ty::of_type(&f.ty, &aliases)))
                    })
                    .collect();
                items.insert(s.ident.to_string(), Item::Struct { fields });
            }
            syn::Item::Enum(e) if is_pub(&e.vis) => {
                let variants = e
                    .variants
                    .iter()
                    .map(|v| (v.ident.to_string(), Ty::of_fields(&v.fields, &aliases)))
                    .collect();
                let non_exhaustive = e.attrs.iter().any(|a| a.path().is_ident("non_exhaustive"));
                items.insert(
                    e.ident.to_string(),
                    Item::Enum {
                        variants,
                        non_exhaustive,
                    },
                );
            }
            syn::Item::Type(t) if is_pub(&t.vis) => {
                items.insert(
                    t.ident.to_string(),
                    Item::Alias(Ty::of_type(&t.ty, &aliases)),
                );
            }
            syn::Item::Impl(i) if i.trait_.is_none() => {
                let owner = tokens(&i.self_ty);
                for member in &i.items {
                    match member {
                        syn::ImplItem::Fn(f) if is_pub(&f.vis) => {
                            items.insert(
                                format!("{owner}::{}", f.sig.ident),
                                Item::Member(Ty::of_signature(&f.sig, &aliases)),
                            );
                        }
                        syn::ImplItem::Const(c) if is_pub(&c.vis) => {
                            items.insert(
                                format!("{owner}::{}", c.ident),
                                Item::Member(Ty::of_const(c, &aliases)),
                            );
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    Ok(Surface { items })
}

fn is_pub(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

fn tokens(t: &impl ToTokens) -> String {
    t.to_token_stream().to_string()
}

/// `Option < T >` → `T`.
fn option_inner(ty: &str) -> Option<&str> {
    ty.strip_prefix("Option < ")?.strip_suffix(" >")
}

/// The changes from `old` to `new`, breaking ones first, then by item.
pub fn compare(old: &Surface, new: &Surface) -> Vec<Change> {
    let mut out = Vec::new();
    let mut push = |impact, item: String, what: String| out.push(Change { impact, item, what });
    for (name, old_item) in &old.items {
        let Some(new_item) = new.items.get(name) else {
            push(
                Impact::Breaking,
                name.clone(),
                format!("{} removed", old_item.kind()),
            );
            continue;
        };
        match (old_item, new_item) {
            (Item::Struct { fields: a }, Item::Struct { fields: b }) => {
                for (field, ty) in a {
                    let item = format!("{name}.{field}");
                    match b.get(field) {
                        None => push(Impact::Breaking, item, "field removed".into()),
                        Some(new_ty) if new_ty.resolved != ty.resolved => {
                            let (old, new) = (&ty.resolved, &new_ty.resolved);
                            let what = if ty.written == new_ty.written {
                                retargeted("field type", ty, new_ty)
                            } else if option_inner(old) == Some(new.as_str()) {
                                "field became required (no longer an `Option`)".to_owned()
                            } else if option_inner(new) == Some(old.as_str()) {
                                "field became optional (now an `Option`)".to_owned()
                            } else {
                                format!(
                                    "field type changed from {} to {}",
                                    shown(ty),
                                    shown(new_ty)
                                )
                            };
                            push(Impact::Breaking, item, what);
                        }
                        Some(_) => {}
                    }
                }
                for (field, ty) in b.iter().filter(|(f, _)| !a.contains_key(*f)) {
                    let item = format!("{name}.{field}");
                    if option_inner(&ty.resolved).is_some() {
                        push(
                            Impact::Additive,
                            item,
                            format!("optional field added (`{}`)", compact(&ty.written)),
                        );
                    } else {
                        push(
                            Impact::Breaking,
                            item,
                            format!(
                                "required field added (`{}`): struct literals must set it",
                                compact(&ty.written)
                            ),
                        );
                    }
                }
            }
            (
                Item::Enum { variants: a, .. },
                Item::Enum {
                    variants: b,
                    non_exhaustive,
                },
            ) => {
                for (variant, payload) in a {
                    let item = format!("{name}::{variant}");
                    match b.get(variant) {
                        None => push(Impact::Breaking, item, "variant removed".into()),
                        Some(p) if p.resolved != payload.resolved => {
                            let what = if p.written == payload.written {
                                retargeted("variant payload", payload, p)
                            } else {
                                format!(
                                    "variant payload changed from {} to {}",
                                    shown(payload),
                                    shown(p)
                                )
                            };
                            push(Impact::Breaking, item, what);
                        }
                        Some(_) => {}
                    }
                }
                for variant in b.keys().filter(|v| !a.contains_key(*v)) {
                    let item = format!("{name}::{variant}");
                    if *non_exhaustive {
                        push(
                            Impact::Additive,
                            item,
                            "variant added (the enum is `#[non_exhaustive]`)".into(),
                        );
                    } else {
                        push(
                            Impact::Breaking,
                            item,
                            "variant added to an exhaustive enum".into(),
                        );
                    }
                }
            }
            (Item::Alias(a), Item::Alias(b)) | (Item::Member(a), Item::Member(b))
                if a.resolved != b.resolved =>
            {
                let what = if a.written == b.written {
                    let label = match old_item {
                        Item::Alias(_) => "target",
                        _ => "signature",
                    };
                    retargeted(label, a, b)
                } else {
                    match old_item {
                        Item::Alias(_) => format!("changed from {} to {}", shown(a), shown(b)),
                        // The module's `Error` alias is in every signature:
                        // the written forms say what changed.
                        _ => format!(
                            "changed from `{}` to `{}`",
                            compact(&a.written),
                            compact(&b.written)
                        ),
                    }
                };
                push(Impact::Breaking, name.clone(), what);
            }
            (Item::Alias(_), Item::Alias(_)) | (Item::Member(_), Item::Member(_)) => {}
            (a, b) if a.kind() != b.kind() => push(
                Impact::Breaking,
                name.clone(),
                format!("{} became {}", a.kind(), with_article(b.kind())),
            ),
            _ => {}
        }
    }
    for (name, item) in new
        .items
        .iter()
        .filter(|(n, _)| !old.items.contains_key(*n))
    {
        push(
            Impact::Additive,
            name.clone(),
            format!("{} added", item.kind()),
        );
    }
    out.sort_by(|a, b| b.impact.cmp(&a.impact).then_with(|| a.item.cmp(&b.item)));
    out
}

/// A type in backticks, with what its aliases stand for when they are in
/// it: `` `Option<Money>` (= `Option<i64>`) ``.
fn shown(ty: &Ty) -> String {
    if ty.written == ty.resolved {
        format!("`{}`", compact(&ty.written))
    } else {
        format!("`{}` (= `{}`)", compact(&ty.written), compact(&ty.resolved))
    }
}

/// The change of a type written the same in both versions, whose aliases
/// now stand for something else.
fn retargeted(what: &str, old: &Ty, new: &Ty) -> String {
    format!(
        "{what} `{}` is unchanged in the source, but an alias in it changed: it was `{}`, now `{}`",
        compact(&old.written),
        compact(&old.resolved),
        compact(&new.resolved)
    )
}

fn with_article(kind: &str) -> String {
    if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
        format!("an {kind}")
    } else {
        format!("a {kind}")
    }
}

/// The changes between two generated modules' sources.
pub fn compare_code(old: &str, new: &str) -> Result<Vec<Change>, String> {
    Ok(compare(&surface(old)?, &surface(new)?))
}

/// Type or signature tokens as rustfmt would print them (`Vec<String>`,
/// `fn list(&self) -> Result<A, Error>`), through prettyplease.
fn compact(tokens: &str) -> String {
    let pretty = |wrapped: String, prefix: &str, suffix: &str| -> Option<String> {
        let file = syn::parse_str::<syn::File>(&wrapped).ok()?;
        let text = prettyplease::unparse(&file);
        let text = text.trim().strip_prefix(prefix)?.strip_suffix(suffix)?;
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        // A signature prettyplease wrapped over lines, back on one.
        Some(text.replace("( ", "(").replace(", )", ")"))
    };
    pretty(format!("type T = {tokens};"), "type T = ", ";")
        .or_else(|| pretty(format!("{tokens} {{}}"), "", " {}"))
        .or_else(|| pretty(format!("struct S {tokens};"), "struct S", ";"))
        .unwrap_or_else(|| tokens.to_owned())
}

#[cfg(test)]
mod tests;
