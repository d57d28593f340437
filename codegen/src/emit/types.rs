//! Named types: structs, open enums, unions, aliases and newtypes.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{code, doc_str, docs, ident, own_doc, Emitter};
use crate::ir::*;

impl Emitter<'_> {
    pub(super) fn type_def(&self, def: &TypeDef) -> TokenStream {
        // Every public item is documented (`missing_docs`): a schema
        // without a description gets a sentence naming where it comes from.
        let doc = match def.doc.as_deref() {
            Some(d) if !crate::doc::doc_lines(d).is_empty() => docs(Some(d)),
            _ => own_doc(&format!("The schema at {}.", code(&def.pointer))),
        };
        match &def.kind {
            TypeKind::Struct(s) => self.struct_def(&def.name, doc, s),
            TypeKind::Enum(e) => self.enum_def(&def.name, doc, e),
            TypeKind::Union(u) => self.union_def(&def.name, doc, u),
            TypeKind::Alias(t) => {
                let name = ident(&def.name);
                let t = self.ty(t);
                quote! {
                    #doc
                    pub type #name = #t;
                }
            }
            TypeKind::Newtype(n) => self.newtype_def(&def.name, doc, n),
        }
    }

    pub(super) fn field_ty(&self, f: &Field) -> TokenStream {
        let t = self.ty(&f.ty);
        if f.optional() {
            quote!(Option<#t>)
        } else {
            t
        }
    }

    pub(super) fn struct_def(&self, name: &str, doc: TokenStream, s: &Struct) -> TokenStream {
        let name_id = ident(name);
        let extra = ident(&s.extra_name);
        let extra_value = self.ty(&s.extra_value);
        let all_optional = s.fields.iter().all(Field::optional);
        let default = if all_optional {
            quote!(, Default)
        } else {
            quote!()
        };
        let fields = s.fields.iter().map(|f| {
            let fdoc = match &f.doc {
                Some(d) => doc_str(d),
                None => own_doc(&code(&f.wire)),
            };
            let fname = ident(&f.name);
            let fty = self.field_ty(f);
            quote! {
                #fdoc
                pub #fname: #fty,
            }
        });

        // Serde impls from the runtime's `object!`: each field with its kind
        // (see `__private::kind` and `FieldKind`).
        let kinds = s.fields.iter().map(|f| {
            let fname = ident(&f.name);
            let wire = &f.wire;
            let kind = match f.kind {
                FieldKind::Required => "Req",
                FieldKind::RequiredNullable => "ReqNull",
                FieldKind::OptionalNullable => "OptNull",
                FieldKind::Optional => "Opt",
            };
            let kind = if f.number {
                format_ident!("{kind}Num")
            } else {
                format_ident!("{kind}")
            };
            // The field's type, so that the decoder's slot is typed from
            // the start: the compiler infers nothing across the map loop.
            let fty = self.field_ty(f);
            quote!(#fname: #kind(#wire, #fty),)
        });
        let nulls: Vec<TokenStream> = s
            .fields
            .iter()
            .filter(|f| f.kind == FieldKind::OptionalNullable)
            .map(|f| {
                let fname = ident(&f.name);
                let wire = &f.wire;
                quote!((#fname, #wire))
            })
            .collect();
        let nulls = if nulls.is_empty() {
            quote!()
        } else {
            quote!(, nulls = [#(#nulls),*])
        };

        quote! {
            #doc
            #[derive(Debug, Clone, PartialEq #default)]
            pub struct #name_id {
                #(#fields)*
                /// Properties the spec does not describe, kept as received so
                /// that they survive a decode and re-encode.
                pub #extra: BTreeMap<String, #extra_value>,
            }

            __private::object!(#name_id { #(#kinds)* ..#extra } #nulls);
        }
    }

    pub(super) fn newtype_def(&self, name: &str, doc: TokenStream, n: &Newtype) -> TokenStream {
        let name_id = ident(name);
        let inner = if n.number {
            quote!(&__private::Num(&self.0))
        } else {
            quote!(&self.0)
        };
        let t = self.ty(&n.ty);
        quote! {
            #doc
            #[derive(Debug, Clone, PartialEq)]
            pub struct #name_id(pub #t);

            impl serde::Serialize for #name_id {
                fn serialize<__S: serde::Serializer>(&self, serializer: __S) -> Result<__S::Ok, __S::Error> {
                    serde::Serialize::serialize(#inner, serializer)
                }
            }

            impl<'de> serde::Deserialize<'de> for #name_id {
                fn deserialize<__D: serde::Deserializer<'de>>(deserializer: __D) -> Result<Self, __D::Error> {
                    <#t as serde::Deserialize>::deserialize(deserializer).map(#name_id)
                }
            }
        }
    }

    pub(super) fn enum_def(&self, name: &str, doc: TokenStream, e: &StringEnum) -> TokenStream {
        let name_id = ident(name);
        let unknown = ident(&e.unknown);
        let variants = e.variants.iter().map(|v| {
            let vname = ident(&v.name);
            let vdoc = own_doc(&code(&v.wire));
            quote!(#vdoc #vname,)
        });
        let wires = e.variants.iter().map(|v| {
            let vname = ident(&v.name);
            let wire = &v.wire;
            quote!(#vname: #wire,)
        });
        let open_doc = own_doc(
            "Open enum: a value this version does not know is kept in the\nlast variant and re-encoded unchanged. `#[non_exhaustive]`: a\nvariant added by a later version of the spec is not a breaking\nchange, so a `match` needs a `_` arm.",
        );
        let doc = if doc.is_empty() {
            open_doc
        } else {
            quote!(#doc #[doc = ""] #open_doc)
        };
        quote! {
            #doc
            #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
            #[non_exhaustive]
            pub enum #name_id {
                #(#variants)*
                /// A value not known when this code was generated, kept as received.
                #unknown(String),
            }

            __private::open_enum!(#name_id { #(#wires)* ..#unknown });
        }
    }

    pub(super) fn union_def(&self, name: &str, doc: TokenStream, u: &Union) -> TokenStream {
        let name_id = ident(name);
        let fallback = ident(&u.fallback);
        let variants = u.variants.iter().map(|v| {
            let vname = ident(&v.name);
            let t = self.ty(&v.ty);
            let text = match v.tags.as_slice() {
                [] => "An alternative of this union.".to_owned(),
                tags => format!(
                    "The alternative chosen by {}.",
                    tags.iter().map(|t| code(t)).collect::<Vec<_>>().join(", ")
                ),
            };
            let vdoc = own_doc(&text);
            quote!(#vdoc #vname(#t),)
        });
        // Variants that hold the same type share one arm (an or-pattern),
        // the fallback among them: pedantic's `match_same_arms`.
        let mut groups: Vec<(String, bool, Vec<TokenStream>)> = Vec::new();
        let members = u
            .variants
            .iter()
            .map(|v| (ident(&v.name), self.ty(&v.ty), v.number))
            .chain(std::iter::once((
                fallback.clone(),
                quote!(serde_json::Value),
                false,
            )));
        for (vname, t, number) in members {
            let key = t.to_string();
            let pattern = quote!(Self::#vname(value));
            match groups
                .iter_mut()
                .find(|(k, n, _)| *k == key && *n == number)
            {
                Some((_, _, patterns)) => patterns.push(pattern),
                None => groups.push((key, number, vec![pattern])),
            }
        }
        let ser = groups.iter().map(|(_, number, patterns)| {
            if *number {
                quote!(#(#patterns)|* => serde::Serialize::serialize(&__private::Num(value), serializer),)
            } else {
                quote!(#(#patterns)|* => serde::Serialize::serialize(value, serializer),)
            }
        });
        let decode = self.union_decode(u);
        let by_status = self.union_by_status(&name_id, u);
        let allow = large_variant_allow(u.large_variant);
        let how = match &u.discriminator {
            Some(p) => format!("Chosen by the {} property; a payload no alternative accepts is kept in the last variant. `#[non_exhaustive]`: an alternative added later is not a breaking change.", code(p)),
            None => "The first alternative that accepts the payload is chosen; a payload none accepts is kept in the last variant. `#[non_exhaustive]`: an alternative added later is not a breaking change.".to_owned(),
        };
        let how = own_doc(&how);
        quote! {
            #doc
            ///
            #how
            #[derive(Debug, Clone, PartialEq)]
            #[non_exhaustive]
            #allow
            pub enum #name_id {
                #(#variants)*
                /// A payload no known alternative accepts, kept as received.
                #fallback(serde_json::Value),
            }

            impl serde::Serialize for #name_id {
                fn serialize<__S: serde::Serializer>(&self, serializer: __S) -> Result<__S::Ok, __S::Error> {
                    match self {
                        #(#ser)*
                    }
                }
            }

            impl<'de> serde::Deserialize<'de> for #name_id {
                fn deserialize<__D: serde::Deserializer<'de>>(deserializer: __D) -> Result<Self, __D::Error> {
                    let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                    #decode
                    Ok(Self::#fallback(value))
                }
            }

            #by_status
        }
    }

    /// The body of a union's `deserialize`: by discriminator, else the
    /// first alternative that accepts the value.
    /// For an operation's error union: `__from_status`, which decodes a
    /// body as the type its status declares (exact code, then range, then
    /// `default`), `None` when the body is not that type; a status no
    /// response declares is tried as each alternative in turn.
    fn union_by_status(&self, name_id: &proc_macro2::Ident, u: &Union) -> TokenStream {
        if u.by_status.is_empty() {
            return TokenStream::new();
        }
        let mut table: Vec<(u8, u16, u16, usize)> = u
            .by_status
            .iter()
            .map(|(status, variant)| match status {
                StatusMatch::Code(c) => (0, *c, *c, *variant),
                StatusMatch::Range(d) => (1, d * 100, d * 100 + 99, *variant),
                StatusMatch::Default => (2, 0, u16::MAX, *variant),
            })
            .collect();
        table.sort();
        let rows = table
            .iter()
            .map(|(_, low, high, v)| quote!((#low, #high, #v)));
        let mut used: Vec<usize> = table.iter().map(|t| t.3).collect();
        used.sort_unstable();
        used.dedup();
        let arms = used.iter().map(|i| {
            let vname = ident(&u.variants[*i].name);
            quote!(Some(#i) => serde_json::from_slice(body).ok().map(Self::#vname),)
        });
        quote! {
            impl #name_id {
                /// Decodes an error body as the type the spec declares for
                /// `status` (the exact code, else its range, else `default`);
                /// `None` when the body is not that type. A status no
                /// response declares is tried as each alternative in turn.
                #[doc(hidden)]
                #[must_use]
                pub fn __from_status(status: u16, body: &[u8]) -> Option<Self> {
                    match __private::declared_status(status, &[#(#rows),*]) {
                        #(#arms)*
                        _ => serde_json::from_slice(body).ok(),
                    }
                }
            }
        }
    }

    fn union_decode(&self, u: &Union) -> TokenStream {
        let attempt = |v: &UnionVariant| {
            let vname = ident(&v.name);
            let t = self.ty(&v.ty);
            quote! {
                if let Ok(v) = <#t as serde::Deserialize>::deserialize(&value) {
                    return Ok(Self::#vname(v));
                }
            }
        };
        match &u.discriminator {
            // One alternative: `if let`, not a one-arm `match`
            // (clippy's `single_match`).
            Some(prop) if u.variants.len() == 1 => {
                let v = &u.variants[0];
                let tags = &v.tags;
                let attempt = attempt(v);
                quote! {
                    if let Some(#(#tags)|*) = value.get(#prop).and_then(serde_json::Value::as_str) {
                        #attempt
                    }
                }
            }
            Some(prop) => {
                let arms = u.variants.iter().map(|v| {
                    let tags = &v.tags;
                    let attempt = attempt(v);
                    quote!(Some(#(#tags)|*) => { #attempt })
                });
                quote! {
                    match value.get(#prop).and_then(serde_json::Value::as_str) {
                        #(#arms)*
                        _ => {}
                    }
                }
            }
            None => {
                let tries = u.variants.iter().map(attempt);
                quote!(#(#tries)*)
            }
        }
    }
}

/// Clippy's `large_enum_variant` allow, on the enums lowering found may need it.
pub(super) fn large_variant_allow(large: bool) -> TokenStream {
    if large {
        quote!(#[allow(clippy::large_enum_variant)])
    } else {
        quote!()
    }
}
