//! Example values: `example()` on each type and each params type,
//! `example_body()` on the params type of an operation with a body, and a
//! list of every example with the JSON pointer of its schema.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;

use super::{ident, own_doc, Emitter};
use crate::ir::*;

impl Emitter<'_> {
    pub(super) fn examples(&self) -> TokenStream {
        let Some(ex) = &self.api.examples else {
            return TokenStream::new();
        };
        let cfg = match &ex.feature {
            Some(f) => quote!(#[cfg(feature = #f)]),
            None => quote!(),
        };
        let mut items = Vec::new();
        let mut listed = Vec::new();
        for t in &self.api.types {
            let Some(v) = ex.types.get(&t.name) else {
                continue;
            };
            let name = ident(&t.name);
            let expr = match (&t.kind, v) {
                (TypeKind::Enum(_), Value::String(s)) => match self.enum_variant(&t.name, s) {
                    Some(variant) => {
                        let variant = ident(variant);
                        quote!(Self::#variant)
                    }
                    None => self.value_expr(&TypeRef::Json, v),
                },
                _ => self.value_expr(&TypeRef::Json, v),
            };
            let doc =
                own_doc("An example value, valid against the schema (for tests and fixtures).");
            items.push(quote! {
                #cfg
                impl #name {
                    #doc
                    #[must_use]
                    pub fn example() -> Self {
                        #expr
                    }
                }
            });
            let pointer = &t.pointer;
            listed.push(quote!((#pointer, serde_json::to_value(#name::example()))));
        }
        for (i, op) in self.api.operations.iter().enumerate() {
            let values = ex.params.get(i).map_or(&[][..], Vec::as_slice);
            let name = ident(&op.params_type);
            let fields = op.params.iter().zip(values).map(|(p, v)| {
                let f = ident(&p.name);
                let e = self.value_expr(&p.ty, v);
                if p.required {
                    quote!(#f: #e,)
                } else {
                    quote!(#f: Some(#e),)
                }
            });
            let doc = own_doc(&format!(
                "Example parameters of [`Client::{}`], each valid against its schema.",
                op.name
            ));
            let body_fn = match (&op.body, ex.bodies.get(i).and_then(Option::as_ref)) {
                (Some(b), Some(v)) => {
                    let doc = own_doc("An example request body, valid against its schema.");
                    let rt = &self.rt;
                    let (ty, expr) = match &b.kind {
                        BodyKind::Json(t)
                        | BodyKind::Multipart { ty: t, .. }
                        | BodyKind::Form { ty: t, .. } => {
                            let json = json_text(v);
                            (self.ty(t), quote!(__private::example(#json)))
                        }
                        BodyKind::Text => {
                            let text = text_of(v);
                            (quote!(String), quote!(#text.to_owned()))
                        }
                        BodyKind::Bytes => {
                            let text = text_of(v);
                            (
                                quote!(#rt::bytes::Bytes),
                                quote!(#rt::bytes::Bytes::from_static(#text.as_bytes())),
                            )
                        }
                    };
                    if let BodyKind::Json(t) | BodyKind::Form { ty: t, .. } = &b.kind {
                        let pointer = &b.pointer;
                        if !matches!(t, TypeRef::Json) {
                            let body_fn = self.example_body_fn(op);
                            listed.push(quote!((#pointer, serde_json::to_value(#body_fn()))));
                        }
                    }
                    let f = if op.params.is_empty() {
                        quote::format_ident!("{}_example_body", op.name)
                    } else {
                        quote::format_ident!("example_body")
                    };
                    quote! {
                        #doc
                        #[must_use]
                        pub fn #f() -> #ty {
                            #expr
                        }
                    }
                }
                _ => quote!(),
            };
            for p in op.params.iter().take(values.len()) {
                let f = ident(&p.name);
                let pointer = &p.pointer;
                listed.push(quote!((#pointer, serde_json::to_value(#name::example().#f))));
            }
            if op.params.is_empty() {
                // No params type: the body example is a function of the module.
                if !body_fn.is_empty() {
                    items.push(quote!(#cfg #body_fn));
                }
                continue;
            }
            items.push(quote! {
                #cfg
                impl #name {
                    #doc
                    #[must_use]
                    pub fn example() -> Self {
                        #name { #(#fields)* }
                    }
                    #body_fn
                }
            });
        }
        let doc = own_doc(
            "Every example value with the JSON pointer of its schema in the document, for checking them against it.",
        );
        // One entry per example, formatted on up to six lines each: a large
        // spec makes a long list (pedantic's `too_many_lines`, 100 lines).
        let long = if listed.len() > 16 {
            quote!(#[allow(clippy::too_many_lines)])
        } else {
            quote!()
        };
        quote! {
            #(#items)*
            #cfg
            #doc
            #[doc(hidden)]
            #[must_use]
            #long
            pub fn example_values() -> Vec<(&'static str, Result<serde_json::Value, serde_json::Error>)> {
                vec![#(#listed),*]
            }
        }
    }

    /// A Rust expression of type `t` for the JSON value `v`: a literal for
    /// plain values, else decoded from the JSON text.
    fn value_expr(&self, t: &TypeRef, v: &Value) -> TokenStream {
        match (t, v) {
            (TypeRef::String, Value::String(s)) => quote!(#s.to_owned()),
            (TypeRef::Bool, Value::Bool(b)) => quote!(#b),
            (TypeRef::Integer(IntKind::U64), Value::Number(n)) if n.is_u64() => {
                let l = Literal::u64_unsuffixed(n.as_u64().unwrap_or_default());
                let readable = super::readable_number(&l);
                quote!(#readable)
            }
            (TypeRef::Integer(IntKind::I64), Value::Number(n)) if n.is_i64() => {
                let x = n.as_i64().unwrap_or_default();
                let l = Literal::i64_unsuffixed(x.abs());
                let readable = super::readable_number(&l);
                if x < 0 {
                    quote!(-#readable)
                } else {
                    quote!(#readable)
                }
            }
            (TypeRef::Integer(IntKind::I32), Value::Number(n))
                if n.as_i64().is_some_and(|x| i32::try_from(x).is_ok()) =>
            {
                let x = n.as_i64().unwrap_or_default();
                let l = Literal::i64_unsuffixed(x.abs());
                let readable = super::readable_number(&l);
                if x < 0 {
                    quote!(-#readable)
                } else {
                    quote!(#readable)
                }
            }
            (TypeRef::Number, Value::Number(n)) => {
                let x = n.as_f64().unwrap_or_default();
                let l = Literal::f64_unsuffixed(x.abs());
                let readable = super::readable_number(&l);
                if x < 0.0 {
                    quote!(-#readable)
                } else {
                    quote!(#readable)
                }
            }
            (TypeRef::Named(name), Value::String(s)) => match self.enum_variant(name, s) {
                Some(v) => {
                    let n = ident(name);
                    let v = ident(v);
                    quote!(#n::#v)
                }
                None => {
                    let json = json_text(v);
                    quote!(__private::example(#json))
                }
            },
            (TypeRef::Vec(inner), Value::Array(items)) => {
                let items = items.iter().map(|i| self.value_expr(inner, i));
                quote!(vec![#(#items),*])
            }
            (TypeRef::Option(_), Value::Null) => quote!(None),
            (TypeRef::Option(inner), v) => {
                let v = self.value_expr(inner, v);
                quote!(Some(#v))
            }
            _ => {
                let json = json_text(v);
                quote!(__private::example(#json))
            }
        }
    }

    /// The variant of a string enum (through aliases) that has this value.
    fn enum_variant(&self, name: &str, wire: &str) -> Option<&str> {
        let t = self.api.types.iter().find(|t| t.name == name)?;
        match &t.kind {
            TypeKind::Enum(e) => e
                .variants
                .iter()
                .find(|v| v.wire == wire)
                .map(|v| v.name.as_str()),
            _ => None,
        }
    }
}

fn json_text(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

impl Emitter<'_> {
    /// What makes an operation's example body: `Params::example_body`, or
    /// for an operation without parameters (and so without a params type)
    /// the module's `<operation>_example_body`.
    pub(super) fn example_body_fn(&self, op: &Operation) -> TokenStream {
        if op.params.is_empty() {
            let f = quote::format_ident!("{}_example_body", op.name);
            quote!(#f)
        } else {
            let p = ident(&op.params_type);
            quote!(#p::example_body)
        }
    }
}

/// The text of a text or bytes body example.
fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => json_text(other),
    }
}
