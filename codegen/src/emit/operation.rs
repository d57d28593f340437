//! Operations: params types, response enums and the client methods.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::{code, docs, ident, own_doc, own_then_spec, Emitter};
use crate::doc::doc_lines;
use crate::ir::*;
use crate::naming::generated;

impl Emitter<'_> {
    /// The module's `Error` alias: plain when every operation shares one
    /// error body type, else with the operation's.
    pub(super) fn error_ty(&self, op: &Operation) -> TokenStream {
        let alias = ident(generated::ERROR);
        if self.api.shared_error.is_some() {
            quote!(#alias)
        } else {
            let e = self.ty(&op.error);
            quote!(#alias<#e>)
        }
    }

    /// The params type and, for several success shapes, the response enum.
    pub(super) fn operation_types(&self, op: &Operation) -> TokenStream {
        // An operation without parameters takes no params argument.
        let params = if op.params.is_empty() {
            quote!()
        } else {
            self.params_type(op)
        };
        let response = match &op.success {
            Success::Single(_) => quote!(),
            Success::Enum(name) => {
                let name_id = ident(name);
                let variants = op
                    .responses
                    .iter()
                    .filter(|r| r.status.is_success())
                    .map(|r| {
                        let v = ident(&r.variant);
                        let d = docs(r.doc.as_deref());
                        match &r.body {
                            ResponseBody::Empty => quote!(#d #v,),
                            body => {
                                let t = self.body_ty(body);
                                quote!(#d #v(#t),)
                            }
                        }
                    });
                let doc = own_doc(&format!(
                    "The successful responses of [`Client::{}`].",
                    op.name
                ));
                let allow = super::types::large_variant_allow(op.success_large_variant);
                quote! {
                    #doc
                    #[derive(Debug, Clone, PartialEq)]
                    #allow
                    pub enum #name_id {
                        #(#variants)*
                    }
                }
            }
        };
        quote!(#params #response)
    }

    pub(super) fn param_ty(&self, p: &Param) -> TokenStream {
        let t = self.ty(&p.ty);
        if p.required {
            t
        } else {
            quote!(Option<#t>)
        }
    }

    pub(super) fn params_type(&self, op: &Operation) -> TokenStream {
        let name = ident(&op.params_type);
        let fields = op.params.iter().map(|p| {
            let where_ = match p.location {
                ParamLocation::Path => "Path",
                ParamLocation::Query => "Query",
                ParamLocation::Header => "Header",
                ParamLocation::Cookie => "Cookie",
            };
            let mut text = format!("{where_} parameter {}", code(&p.wire));
            if p.required {
                text.push_str(" (required)");
            }
            text.push('.');
            let d = own_then_spec(&text, p.doc.as_deref());
            let f = ident(&p.name);
            let t = self.param_ty(p);
            quote!(#d pub #f: #t,)
        });
        let required: Vec<&Param> = op.params.iter().filter(|p| p.required).collect();
        let doc = own_doc(&format!("Parameters of [`Client::{}`].", op.name));
        let derive_default = required.is_empty();
        let default = if derive_default {
            quote!(, Default)
        } else {
            quote!()
        };
        let ctor = if derive_default {
            quote!()
        } else {
            let args = required.iter().map(|p| {
                let f = ident(&p.name);
                let t = self.ty(&p.ty);
                quote!(#f: #t)
            });
            let inits = op.params.iter().map(|p| {
                let f = ident(&p.name);
                if p.required {
                    quote!(#f,)
                } else {
                    quote!(#f: None,)
                }
            });
            // Clippy's limit is seven arguments; a spec may require more.
            let too_many = if required.len() > 7 {
                quote!(#[allow(clippy::too_many_arguments)])
            } else {
                quote!()
            };
            // The arguments are the spec's parameter names, which may be
            // single letters (pedantic's `many_single_char_names`).
            let single_chars = required
                .iter()
                .filter(|p| p.name.chars().count() == 1)
                .count();
            let letters = if single_chars >= 4 {
                quote!(#[allow(clippy::many_single_char_names)])
            } else {
                quote!()
            };
            let allow = quote!(#too_many #letters);
            quote! {
                impl #name {
                    /// Parameters with every required one given and the others unset.
                    #[must_use]
                    #allow
                    pub fn new(#(#args),*) -> Self {
                        #name { #(#inits)* }
                    }
                }
            }
        };
        quote! {
            #doc
            #[derive(Debug, Clone, PartialEq #default)]
            pub struct #name {
                #(#fields)*
            }
            #ctor
        }
    }

    pub(super) fn operation_method(&self, op: &Operation) -> TokenStream {
        let rt = &self.rt;
        let name = ident(&op.name);
        let params_ty = ident(&op.params_type);
        let ok = self.success_ty(op);
        let err = self.error_ty(op);
        let doc = operation_doc(op);
        let errors = self.errors_doc(op);
        let example = self.operation_example(op);
        let doc = quote!(#doc #errors #example);
        let deprecated = if op.deprecated {
            quote!(#[deprecated = "deprecated in the API specification"])
        } else {
            quote!()
        };
        let checks = op.params.iter().map(|p| self.param_check(p));
        let path = self.path_expr(op);
        let method = format_ident!("{}", op.method);
        let security: Vec<TokenStream> =
            op.security.iter().map(|alt| quote!(&[#(#alt),*])).collect();
        let adds = op
            .params
            .iter()
            .filter(|p| p.location != ParamLocation::Path)
            .map(|p| self.add_param(p));
        let (body_arg, body_add) = match &op.body {
            None => (quote!(), quote!()),
            Some(b) => self.body_arg(b),
        };
        // Encoding fails only on a parameter check or a body encoder that
        // can fail; otherwise `request` returns the request itself (no
        // `Result` that is always `Ok`: pedantic's `unnecessary_wraps`).
        let fallible = op
            .params
            .iter()
            .any(|p| !p.bounds.is_empty() && checked_type(&p.ty))
            || op.body.as_ref().is_some_and(|b| body_can_fail(&b.kind));
        let respond = self.respond(op);
        let server = match &op.server {
            Some(url) => quote!(.server(#url)),
            None => quote!(),
        };
        let (operation_id, template) = (&op.operation_id, &op.path);
        let mut args = Vec::new();
        let mut names = Vec::new();
        if !op.params.is_empty() {
            args.push(quote!(params: &#params_ty));
            names.push(quote!(params));
        }
        if !body_arg.is_empty() {
            args.push(body_arg);
            names.push(quote!(body));
        }
        let added =
            op.params.iter().any(|p| p.location != ParamLocation::Path) || op.body.is_some();
        let mut_request = if added {
            quote!(mut request)
        } else {
            quote!(request)
        };
        let error_body = match &self.api.shared_error {
            Some(t) => self.ty(t),
            None => self.ty(&op.error),
        };
        // The method is a plain function: it checks and encodes its
        // arguments into a request at once, and the runtime's one async
        // body sends it and maps the response. No async state machine per
        // operation for the compiler to check.
        // `#[inline]`: nothing of an operation is built into the client's
        // crate until some code calls it.
        let build = quote! {
            #(#checks)*
            let #mut_request = #rt::Request::new(#rt::Method::#method, #path)
                #server
                .operation(#operation_id, #template)
                .security(&[#(#security),*]);
            #(#adds)*
            #body_add
        };
        // Nothing added to the request: the builder expression is the
        // function's value (`let_and_return`).
        let plain = !fallible && !added;
        let (request_fn, request_call) = if plain {
            (
                quote! {
                    #[inline]
                    fn request(#(#args),*) -> #rt::Request {
                        #rt::Request::new(#rt::Method::#method, #path)
                            #server
                            .operation(#operation_id, #template)
                            .security(&[#(#security),*])
                    }
                },
                quote!(Ok(request(#(#names),*))),
            )
        } else if fallible {
            (
                quote! {
                    #[inline]
                    fn request(#(#args),*) -> Result<#rt::Request, #err> {
                        #build
                        Ok(request)
                    }
                },
                quote!(request(#(#names),*)),
            )
        } else {
            (
                quote! {
                    #[inline]
                    fn request(#(#args),*) -> #rt::Request {
                        #build
                        request
                    }
                },
                quote!(Ok(request(#(#names),*))),
            )
        };
        let small_body = self.small_body_allow(op);
        quote! {
            #doc
            #deprecated
            #small_body
            #[inline]
            pub fn #name(&self #(, #args)*) -> #rt::Call<'_, #ok, #error_body> {
                #request_fn
                self.http.call(#request_call, #respond)
            }
        }
    }

    /// `#[allow(clippy::trivially_copy_pass_by_ref)]` when the operation's
    /// JSON body is a small `Copy` value (`bool`, a number, a date, or an
    /// alias of one): every JSON body is taken by reference, one calling
    /// convention for all of them.
    pub(super) fn small_body_allow(&self, op: &Operation) -> TokenStream {
        match &op.body {
            Some(Body {
                kind: BodyKind::Json(t),
                ..
            }) if self.small_copy(t) => quote!(#[allow(clippy::trivially_copy_pass_by_ref)]),
            _ => quote!(),
        }
    }

    fn small_copy(&self, t: &TypeRef) -> bool {
        match t {
            TypeRef::Bool | TypeRef::Integer(_) | TypeRef::Number => true,
            TypeRef::Scalar(s) => s.rust_name() == "Date",
            TypeRef::Named(n) => self
                .api
                .types
                .iter()
                .find(|d| d.name == *n)
                .is_some_and(|d| matches!(&d.kind, TypeKind::Alias(t) if self.small_copy(t))),
            _ => false,
        }
    }

    /// The `# Errors` section of an operation method: what the returned
    /// call can resolve to besides the success.
    fn errors_doc(&self, op: &Operation) -> TokenStream {
        let error_body = match &self.api.shared_error {
            Some(t) => self.ty(t),
            None => self.ty(&op.error),
        };
        let error_body = error_body.to_string().replace(' ', "");
        // A blank line before the example that follows, if any.
        let end = if self.doc_examples.is_some() {
            "\n\n"
        } else {
            ""
        };
        own_doc(&format!(
            "\n# Errors\n\n\
             The call resolves to an `Error` when the request is refused before it is\n\
             sent (`InvalidParam`: a parameter outside its bounds or a body that cannot\n\
             be encoded; `MissingCredential`: no credential for the operation's\n\
             security), when sending fails after the retries (`Transport`, `Timeout`),\n\
             when the API answers with a status that is not a success (`Api`, with the\n\
             status, the headers and the error body decoded as `{error_body}`), or when\n\
             the success body does not decode (`Decode`).{end}"
        ))
    }

    /// The client-side check of a parameter's bounds, if it has any.
    fn param_check(&self, p: &Param) -> TokenStream {
        let rt = &self.rt;
        let f = ident(&p.name);
        let wire = &p.wire;
        let b = &p.bounds;
        if b.is_empty() {
            return quote!();
        }
        let check = match &p.ty {
            TypeRef::Integer(_) | TypeRef::Number => {
                let bound = |b: Option<(f64, bool)>| match b {
                    Some((v, excl)) => {
                        let v = super::readable_number(&Literal::f64_suffixed(v));
                        quote!(Some((#v, #excl)))
                    }
                    None => quote!(None),
                };
                let (min, max) = (bound(b.minimum), bound(b.maximum));
                quote!(__private::check_range(*value, #min, #max))
            }
            TypeRef::String | TypeRef::Vec(_) => {
                let len = match &p.ty {
                    TypeRef::String => quote!(value.chars().count()),
                    _ => quote!(value.len()),
                };
                let opt = |v: Option<usize>| match v {
                    Some(v) => quote!(Some(#v)),
                    None => quote!(None),
                };
                let (min, max) = (opt(b.min_len), opt(b.max_len));
                quote!(__private::check_len(#len, #min, #max))
            }
            _ => return quote!(),
        };
        let checked = quote! {
            #check.map_err(|message| #rt::Error::InvalidParam { param: #wire, message })?;
        };
        if p.required {
            quote! {
                let value = &params.#f;
                #checked
            }
        } else {
            quote! {
                if let Some(value) = &params.#f {
                    #checked
                }
            }
        }
    }

    /// The request path: the template's literal parts, and each path
    /// parameter encoded in its style.
    pub(super) fn path_expr(&self, op: &Operation) -> TokenStream {
        let rt = &self.rt;
        let mut fmt = String::new();
        let mut args = Vec::new();
        for part in &op.path_parts {
            match part {
                PathPart::Literal(text) => {
                    fmt.push_str(&text.replace('{', "{{").replace('}', "}}"));
                }
                PathPart::Param(i) => {
                    let p = &op.params[*i];
                    let f = ident(&p.name);
                    fmt.push_str("{}");
                    if p.scalar && p.style == ParamStyle::Simple && p.ty == TypeRef::String {
                        args.push(quote!(#rt::encode_path_segment(&params.#f)));
                    } else if p.scalar && p.style == ParamStyle::Simple {
                        args.push(quote!(#rt::encode_path_segment(&params.#f.to_string())));
                    } else {
                        let wire = &p.wire;
                        let style = self.style(p.style);
                        let explode = p.explode;
                        args.push(
                            quote!(#rt::encode_path_param(#wire, &params.#f, #style, #explode)),
                        );
                    }
                }
            }
        }
        if args.is_empty() {
            quote!(#fmt)
        } else {
            quote!(::std::format!(#fmt, #(#args),*))
        }
    }

    /// The runtime's name for a style.
    fn style(&self, style: ParamStyle) -> TokenStream {
        let rt = &self.rt;
        let name = match style {
            ParamStyle::Simple => "Simple",
            ParamStyle::Label => "Label",
            ParamStyle::Matrix => "Matrix",
            ParamStyle::Form => "Form",
            ParamStyle::SpaceDelimited => "SpaceDelimited",
            ParamStyle::PipeDelimited => "PipeDelimited",
            ParamStyle::DeepObject => "DeepObject",
        };
        let name = format_ident!("{name}");
        quote!(#rt::Style::#name)
    }

    /// Adds a query, header or cookie parameter to `request`.
    pub(super) fn add_param(&self, p: &Param) -> TokenStream {
        let rt = &self.rt;
        let f = ident(&p.name);
        let wire = &p.wire;
        let style = self.style(p.style);
        let explode = p.explode;
        let body = match p.location {
            ParamLocation::Query if p.scalar => quote!(request = request.query(#wire, value);),
            ParamLocation::Query => {
                quote!(request = request.query_param(#wire, value, #style, #explode);)
            }
            ParamLocation::Header if p.scalar => {
                quote!(request = request.header(#wire, value);)
            }
            ParamLocation::Header => {
                quote!(request = request.header(#wire, #rt::encode_header_value(value, #explode));)
            }
            ParamLocation::Cookie => quote!(request = request.cookie(#wire, value, #explode);),
            ParamLocation::Path => quote!(),
        };
        if p.required {
            quote! {
                let value = &params.#f;
                #body
            }
        } else {
            quote! {
                if let Some(value) = &params.#f {
                    #body
                }
            }
        }
    }

    /// The body argument and the statements that add it to `request`.
    fn body_arg(&self, b: &Body) -> (TokenStream, TokenStream) {
        let (arg_ty, apply) = self.body_encoding(b);
        if b.required {
            (quote!(body: #arg_ty), apply)
        } else {
            (
                quote!(body: Option<#arg_ty>),
                quote! {
                    if let Some(body) = body {
                        #apply
                    }
                },
            )
        }
    }

    /// The type of a present body (`&T`, or `Bytes` by value) and the
    /// statements that encode `body` into `request` (the client's and the
    /// mock's expected body share them).
    pub(super) fn body_encoding(&self, b: &Body) -> (TokenStream, TokenStream) {
        let rt = &self.rt;
        let ct = b.content_type.as_str();
        let (arg_ty, apply) = match &b.kind {
            BodyKind::Json(t) => (
                self.ty(t),
                self.encoded_body(ct, quote!(__private::json_body(body))),
            ),
            BodyKind::Form { ty, encoding } => {
                let entries = encoding.iter().map(|e| {
                    let (prop, style, explode) = (&e.property, self.style(e.style), e.explode);
                    quote!((#prop, #style, #explode))
                });
                let encode = quote!(__private::form_body_with(body, &[#(#entries),*]));
                (self.ty(ty), self.encoded_body(ct, encode))
            }
            BodyKind::Multipart { ty, content_types } => {
                let entries = content_types.iter().map(|(p, ct)| quote!((#p, #ct)));
                let encode = quote!(__private::multipart_body(body, &[#(#entries),*]));
                let apply = quote! {
                    let (content_type, bytes) = #encode
                        .map_err(|message| #rt::Error::InvalidParam { param: "body", message })?;
                    request = request.body(content_type, bytes);
                };
                (self.ty(ty), apply)
            }
            BodyKind::Text => (
                quote!(str),
                quote!(request = request.body(#ct, #rt::bytes::Bytes::copy_from_slice(body.as_bytes()));),
            ),
            BodyKind::Bytes => (
                quote!(#rt::bytes::Bytes),
                quote!(request = request.body(#ct, body);),
            ),
        };
        // Bytes are taken by value, everything else by reference.
        let arg_ty = match &b.kind {
            BodyKind::Bytes => arg_ty,
            _ => quote!(&#arg_ty),
        };
        (arg_ty, apply)
    }

    /// Encodes the body with a runtime encoder that can fail.
    fn encoded_body(&self, ct: &str, encode: TokenStream) -> TokenStream {
        let rt = &self.rt;
        quote! {
            let bytes = (#encode)
                .map_err(|message| #rt::Error::InvalidParam { param: "body", message })?;
            request = request.body(#ct, bytes);
        }
    }
}

/// An operation's docs: the spec's text, then its method and path.
fn operation_doc(op: &Operation) -> TokenStream {
    let endpoint = own_doc(&code(&format!("{} {}", op.method, op.path)));
    match &op.doc {
        Some(d) if !doc_lines(d).is_empty() => {
            let d = docs(Some(d));
            quote!(#d #[doc = ""] #endpoint)
        }
        _ => endpoint,
    }
}

/// Whether [`Emitter::param_check`] writes a check for a parameter of this
/// type (when it has bounds).
fn checked_type(t: &TypeRef) -> bool {
    matches!(
        t,
        TypeRef::Integer(_) | TypeRef::Number | TypeRef::String | TypeRef::Vec(_)
    )
}

/// Whether encoding a body of this kind can fail (the JSON, form and
/// multipart encoders return a `Result`; text and bytes are sent as they are).
pub(super) fn body_can_fail(kind: &BodyKind) -> bool {
    matches!(
        kind,
        BodyKind::Json(_) | BodyKind::Form { .. } | BodyKind::Multipart { .. }
    )
}
