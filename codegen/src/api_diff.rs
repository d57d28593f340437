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

use std::collections::BTreeMap;
use std::fmt;

use quote::ToTokens;

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
        fields: BTreeMap<String, String>,
    },
    Enum {
        /// Variant name → its payload (`""` for none).
        variants: BTreeMap<String, String>,
        non_exhaustive: bool,
    },
    Alias(String),
    /// A method or associated constant (`Client::new`): its signature.
    Member(String),
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
    let mut items = BTreeMap::new();
    for item in &file.items {
        match item {
            syn::Item::Struct(s) if is_pub(&s.vis) => {
                let fields = s
                    .fields
                    .iter()
                    .filter(|f| is_pub(&f.vis))
                    .filter_map(|f| Some((f.ident.as_ref()?.to_string(), tokens(&f.ty))))
                    .collect();
                items.insert(s.ident.to_string(), Item::Struct { fields });
            }
            syn::Item::Enum(e) if is_pub(&e.vis) => {
                let variants = e
                    .variants
                    .iter()
                    .map(|v| (v.ident.to_string(), tokens(&v.fields)))
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
                items.insert(t.ident.to_string(), Item::Alias(tokens(&t.ty)));
            }
            syn::Item::Impl(i) if i.trait_.is_none() => {
                let owner = tokens(&i.self_ty);
                for member in &i.items {
                    match member {
                        syn::ImplItem::Fn(f) if is_pub(&f.vis) => {
                            items.insert(
                                format!("{owner}::{}", f.sig.ident),
                                Item::Member(tokens(&f.sig)),
                            );
                        }
                        syn::ImplItem::Const(c) if is_pub(&c.vis) => {
                            items.insert(
                                format!("{owner}::{}", c.ident),
                                Item::Member(format!("const {}: {}", c.ident, tokens(&c.ty))),
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
                        Some(new_ty) if new_ty != ty => {
                            let what = if option_inner(ty) == Some(new_ty.as_str()) {
                                "field became required (no longer an `Option`)".to_owned()
                            } else if option_inner(new_ty) == Some(ty.as_str()) {
                                "field became optional (now an `Option`)".to_owned()
                            } else {
                                format!(
                                    "field type changed from `{}` to `{}`",
                                    compact(ty),
                                    compact(new_ty)
                                )
                            };
                            push(Impact::Breaking, item, what);
                        }
                        Some(_) => {}
                    }
                }
                for (field, ty) in b.iter().filter(|(f, _)| !a.contains_key(*f)) {
                    let item = format!("{name}.{field}");
                    if option_inner(ty).is_some() {
                        push(
                            Impact::Additive,
                            item,
                            format!("optional field added (`{}`)", compact(ty)),
                        );
                    } else {
                        push(
                            Impact::Breaking,
                            item,
                            format!(
                                "required field added (`{}`): struct literals must set it",
                                compact(ty)
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
                        Some(p) if p != payload => push(
                            Impact::Breaking,
                            item,
                            format!(
                                "variant payload changed from `{}` to `{}`",
                                compact(payload),
                                compact(p)
                            ),
                        ),
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
            (Item::Alias(a), Item::Alias(b)) | (Item::Member(a), Item::Member(b)) if a != b => {
                push(
                    Impact::Breaking,
                    name.clone(),
                    format!("changed from `{}` to `{}`", compact(a), compact(b)),
                );
            }
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
        Some(text.split_whitespace().collect::<Vec<_>>().join(" "))
    };
    pretty(format!("type T = {tokens};"), "type T = ", ";")
        .or_else(|| pretty(format!("{tokens} {{}}"), "", " {}"))
        .or_else(|| pretty(format!("struct S {tokens};"), "struct S", ";"))
        .unwrap_or_else(|| tokens.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn changes(old: &str, new: &str) -> Vec<(Impact, String, String)> {
        compare_code(old, new)
            .unwrap()
            .into_iter()
            .map(|c| (c.impact, c.item, c.what))
            .collect()
    }

    #[test]
    fn fields_variants_and_methods() {
        let old = "
            pub struct A { pub x: i64, pub y: Option<String>, pub z: String, pub gone: bool, extra: u8 }
            #[non_exhaustive] pub enum Open { A, B, Unknown(String) }
            pub enum Closed { A }
            pub struct Client;
            impl Client { pub async fn list(&self, p: &P) -> Result<A, Error> { todo!() } pub fn keep(&self) {} fn private(&self) {} }
            pub type Error = E<A>;
        ";
        let new = "
            pub struct A { pub x: Option<i64>, pub y: String, pub z: Vec<String>, pub w: Option<u8>, pub v: u8 }
            #[non_exhaustive] pub enum Open { A, C, Unknown(String) }
            pub enum Closed { A, B }
            pub struct Client;
            impl Client { pub async fn list(&self, p: &P, q: u8) -> Result<A, Error> { todo!() } pub fn keep(&self) {} pub fn added(&self) {} }
            pub type Error = E<A>;
            pub struct New { pub a: u8 }
        ";
        let got = changes(old, new);
        let b = Impact::Breaking;
        let a = Impact::Additive;
        let want = [
            (b, "A.gone", "field removed"),
            (b, "A.v", "required field added (`u8`): struct literals must set it"),
            (b, "A.x", "field became optional (now an `Option`)"),
            (b, "A.y", "field became required (no longer an `Option`)"),
            (b, "A.z", "field type changed from `String` to `Vec<String>`"),
            (b, "Client::list", "changed from `async fn list(&self, p: &P) -> Result<A, Error>` to `async fn list(&self, p: &P, q: u8) -> Result<A, Error>`"),
            (b, "Closed::B", "variant added to an exhaustive enum"),
            (b, "Open::B", "variant removed"),
            (a, "A.w", "optional field added (`Option<u8>`)"),
            (a, "Client::added", "member added"),
            (a, "New", "struct added"),
            (a, "Open::C", "variant added (the enum is `#[non_exhaustive]`)"),
        ];
        let want: Vec<_> = want
            .iter()
            .map(|(i, n, w)| (*i, n.to_string(), w.to_string()))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn the_same_code_has_no_changes_and_kinds_that_change_break() {
        let code = "pub struct A { pub x: i64 } pub enum B { X }";
        assert_eq!(changes(code, code), []);
        assert_eq!(
            changes("pub struct A { pub x: i64 }", "pub enum A { X }"),
            [(
                Impact::Breaking,
                "A".to_owned(),
                "struct became an enum".to_owned()
            )]
        );
        assert!(compare_code("fn (", "").is_err());
    }
}
