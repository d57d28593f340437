//! Responses: how an operation's call maps a response by its status.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, Emitter};
use crate::ir::*;

impl Emitter<'_> {
    pub(super) fn success_ty(&self, op: &Operation) -> TokenStream {
        match &op.success {
            Success::Single(body) => self.body_ty(body),
            Success::Enum(name) => {
                let n = ident(name);
                quote!(#n)
            }
        }
    }

    pub(super) fn body_ty(&self, body: &ResponseBody) -> TokenStream {
        let rt = &self.rt;
        match body {
            ResponseBody::Empty => quote!(()),
            ResponseBody::Json(t) => self.ty(t),
            ResponseBody::Text => quote!(String),
            ResponseBody::Bytes => quote!(#rt::bytes::Bytes),
        }
    }

    pub(super) fn decode_body(&self, body: &ResponseBody) -> TokenStream {
        match body {
            ResponseBody::Empty => quote!(Ok(())),
            ResponseBody::Json(_) => quote!(response.json()),
            ResponseBody::Text => {
                quote!(Ok(String::from_utf8_lossy(&response.body).into_owned()))
            }
            ResponseBody::Bytes => quote!(Ok(response.body)),
        }
    }

    /// Maps the response by status: the success body (or the success enum's
    /// variant), else the typed API error.
    pub(super) fn respond(&self, op: &Operation) -> TokenStream {
        let rt = &self.rt;
        // An error union decodes each body as its status's type.
        let by_status = match &op.error {
            TypeRef::Named(n) => self.api.types.iter().any(|t| {
                &t.name == n && matches!(&t.kind, TypeKind::Union(u) if !u.by_status.is_empty())
            }),
            _ => false,
        };
        let error = if by_status {
            let e = self.ty(&op.error);
            quote!(response.into_api_error_by(#e::__from_status))
        } else {
            quote!(response.into_api_error())
        };
        let decode = match &op.success {
            // The common case is the runtime's own function.
            Success::Single(ResponseBody::Json(_)) if !by_status => {
                return quote!(#rt::Response::decode)
            }
            Success::Single(ResponseBody::Json(_)) => quote!(response.json()),
            Success::Single(body) => self.decode_body(body),
            Success::Enum(enum_name) => self.respond_enum(op, enum_name),
        };
        quote! {
            |response| {
                if response.status.is_success() {
                    #decode
                } else {
                    Err(#error)
                }
            }
        }
    }

    fn respond_enum(&self, op: &Operation, enum_name: &str) -> TokenStream {
        let enum_id = ident(enum_name);
        let success: Vec<&Response> = op
            .responses
            .iter()
            .filter(|r| r.status.is_success())
            .collect();
        let arm = |r: &Response| {
            let v = ident(&r.variant);
            match &r.body {
                ResponseBody::Empty => quote!(Ok(#enum_id::#v)),
                ResponseBody::Json(_) => quote!((response.json()).map(#enum_id::#v)),
                // Decoding text and bytes cannot fail.
                ResponseBody::Text => {
                    quote!(Ok(#enum_id::#v(String::from_utf8_lossy(&response.body).into_owned())))
                }
                ResponseBody::Bytes => quote!(Ok(#enum_id::#v(response.body))),
            }
        };
        let fallback = success
            .iter()
            .find(|r| matches!(r.status, StatusMatch::Range(_)))
            .or(success.first())
            .copied();
        // The fallback's own code needs no arm of its own: `_` answers it
        // the same way (pedantic's `match_same_arms`).
        let exact = success.iter().filter_map(|r| match r.status {
            StatusMatch::Code(c) if !fallback.is_some_and(|f| std::ptr::eq(f, *r)) => {
                let a = arm(r);
                Some(quote!(#c => #a,))
            }
            _ => None,
        });
        let fallback = fallback.map(arm);
        quote! {
            match response.status.as_u16() {
                #(#exact)*
                _ => #fallback,
            }
        }
    }
}
