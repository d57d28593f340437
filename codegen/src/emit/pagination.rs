//! Pagination streams.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, own_doc, Emitter};
use crate::ir::*;

impl Emitter<'_> {
    pub(super) fn stream_method(&self, op: &Operation, p: &Pagination) -> TokenStream {
        let rt = &self.rt;
        let m = ident(&p.method);
        let call = ident(&op.name);
        let params_ty = ident(&op.params_type);
        let item = self.stream_item(p);
        let err = self.error_ty(op);
        let (item_cursor, page) = self.page_exprs(p);
        let (direction, set_cursor, doc_back) = self.direction(p);
        // An optional request body (some specs declare one on GET lists) is
        // left out of every page request.
        let body_arg = match &op.body {
            Some(_) => quote!(, None),
            None => quote!(),
        };
        let nulls = if p.items_nullable {
            " A `null` item of a page is `None`; a page whose cursor item (its last, or its first when paging backwards) is `null` gives no cursor, and the stream ends with an error if more pages follow."
        } else {
            ""
        };
        let doc = own_doc(&format!(
            "Every item of [`Client::{}`], fetching pages as the stream is polled.\n\nKeeps the filters and page size of `params` on every page.{doc_back} Stops after the last page, or with an error when a page fails or a cursor repeats.{nulls}",
            op.name
        ));
        let allow = if op.deprecated {
            quote!(#[allow(deprecated)])
        } else {
            quote!()
        };
        let example = self.stream_example(op, p);
        quote! {
            #doc
            #example
            #allow
            pub fn #m(
                &self,
                params: &#params_ty,
            ) -> impl #rt::futures::Stream<Item = Result<#item, #err>> + ::std::marker::Send + 'static {
                let client = self.clone();
                let params = params.clone();
                #direction
                #rt::paginate(direction, start, #item_cursor, move |cursor| {
                    let client = client.clone();
                    let mut params = params.clone();
                    #set_cursor
                    async move {
                        let page = client.#call(&params #body_arg).await?;
                        Ok(#page)
                    }
                })
            }
        }
    }

    /// What the stream yields: the item type, or its `Option` when items
    /// may be `null`.
    fn stream_item(&self, p: &Pagination) -> TokenStream {
        let item = self.ty(&p.item);
        if p.items_nullable {
            quote!(::std::option::Option<#item>)
        } else {
            item
        }
    }

    /// The item-cursor closure and the `Page` built from a fetched page.
    fn page_exprs(&self, p: &Pagination) -> (TokenStream, TokenStream) {
        let rt = &self.rt;
        let item = self.stream_item(p);
        let items = ident(&p.items_field);
        let has_more = ident(&p.has_more_field);
        let id = ident(&p.item_id_field);
        // The item's cursor: an `Option` when the id is one, else a value.
        let (cursor, optional) = match (p.item_id_optional, p.item_id_scalar) {
            (true, false) => (quote!(item.#id.clone()), true),
            (false, false) => (quote!(item.#id.clone()), false),
            (true, true) => (
                quote!(item.#id.as_ref().map(::std::string::ToString::to_string)),
                true,
            ),
            (false, true) => (quote!(item.#id.to_string()), false),
        };
        let item_cursor = match (p.items_nullable, optional) {
            (true, true) => quote!(|item: &#item| item.as_ref().and_then(|item| #cursor)),
            (true, false) => quote!(|item: &#item| item.as_ref().map(|item| #cursor)),
            (false, true) => quote!(|item: &#item| #cursor),
            (false, false) => quote!(|item: &#item| Some(#cursor)),
        };
        let items_expr = if p.items_optional {
            quote!(page.#items.unwrap_or_default())
        } else {
            quote!(page.#items)
        };
        let has_more_expr = if p.has_more_optional {
            quote!(page.#has_more.unwrap_or(false))
        } else {
            quote!(page.#has_more)
        };
        let next_cursor = match &p.next_cursor_field {
            Some(f) => {
                let f = ident(f);
                quote!(page.#f)
            }
            None => quote!(None),
        };
        let page = quote! {
            #rt::Page {
                has_more: #has_more_expr,
                next_cursor: #next_cursor,
                items: #items_expr,
            }
        };
        (item_cursor, page)
    }

    /// Where paging starts, how each page request sets its cursor, and the
    /// docs' note on paging backwards.
    fn direction(&self, p: &Pagination) -> (TokenStream, TokenStream, String) {
        let rt = &self.rt;
        let fwd = ident(&p.forward_param);
        // Cursors travel as text; typed (UUID) cursor parameters are read
        // back from it.
        let (start_of, from_text) = if p.cursor_scalar {
            (
                quote!(.as_ref().map(::std::string::ToString::to_string)),
                quote!(.and_then(|c| c.parse().ok())),
            )
        } else {
            (quote!(.clone()), quote!())
        };
        match &p.backward_param {
            Some(back) => {
                let back = ident(back);
                (
                    quote! {
                        let backward = params.#back.is_some() && params.#fwd.is_none();
                        let (direction, start) = if backward {
                            (#rt::Direction::Backward, params.#back #start_of)
                        } else {
                            (#rt::Direction::Forward, params.#fwd #start_of)
                        };
                    },
                    quote! {
                        if backward {
                            params.#back = cursor #from_text;
                            params.#fwd = None;
                        } else {
                            params.#fwd = cursor #from_text;
                            params.#back = None;
                        }
                    },
                    format!(
                        " Pages backwards when `{}` is set (and `{}` is not).",
                        p.backward_param.as_deref().unwrap_or_default(),
                        p.forward_param
                    ),
                )
            }
            None => (
                quote! {
                    let (direction, start) = (#rt::Direction::Forward, params.#fwd #start_of);
                },
                quote!(params.#fwd = cursor #from_text;),
                String::new(),
            ),
        }
    }
}
