//! Stage 3: IR to tokens. Every name comes from the IR.
//!
//! Std items are written by their prelude names (`Option`, `String`,
//! `Result`, …) or, for `BTreeMap`, imported; lowering keeps those names
//! free by renaming schemas that have them (`ResultModel`). Other std
//! items are written by full path. The runtime's `serde`, `serde_json` and
//! `__private` are imported once at the top of the module, and its macros
//! write the serde impls of objects and the shared impls of enums. Fewer
//! tokens make generation faster (the output is re-parsed by syn) and the
//! code easier to read.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};

use crate::doc::doc_lines;
use crate::ir::*;
use crate::naming::needs_raw;

/// The multipart boundary of the runtime's `multipart_body`.
const MULTIPART_BOUNDARY: &str = "apigen-boundary-3f6c1d9a8e2b4705";

/// Emission settings.
#[derive(Debug, Clone)]
pub struct EmitOptions {
    /// Path of the runtime crate as generated code names it (`::apigen_runtime`).
    pub runtime: TokenStream,
}

impl Default for EmitOptions {
    fn default() -> Self {
        EmitOptions {
            runtime: quote!(::apigen_runtime),
        }
    }
}

/// A slice of the module, emitted (and formatted) on its own so that large
/// APIs can use several threads. The split depends only on the API, so the
/// output is the same however many threads run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// The client, its builder and the error alias.
    Client,
    /// Params and response types of these operations.
    Operations(std::ops::Range<usize>),
    /// These types.
    Types(std::ops::Range<usize>),
}

/// Items per part.
const PART_SIZE: usize = 256;

/// The parts of a module, in output order.
pub fn parts(api: &Api) -> Vec<Part> {
    let mut parts = vec![Part::Client];
    let chunks = |n: usize| {
        (0..n)
            .step_by(PART_SIZE)
            .map(move |s| s..(s + PART_SIZE).min(n))
    };
    parts.extend(chunks(api.operations.len()).map(Part::Operations));
    parts.extend(chunks(api.types.len()).map(Part::Types));
    parts
}

/// Emits one part of the module.
pub fn emit_part(api: &Api, options: &EmitOptions, part: &Part) -> TokenStream {
    let e = Emitter {
        api,
        rt: options.runtime.clone(),
        aliases: api
            .types
            .iter()
            .filter_map(|d| match &d.kind {
                TypeKind::Alias(t) => Some((d.name.as_str(), t)),
                _ => None,
            })
            .collect(),
    };
    match part {
        Part::Client => e.client(),
        Part::Operations(range) => {
            let ops = api.operations[range.clone()]
                .iter()
                .map(|o| e.operation_types(o));
            quote!(#(#ops)*)
        }
        Part::Types(range) => {
            let types = api.types[range.clone()].iter().map(|t| e.type_def(t));
            quote!(#(#types)*)
        }
    }
}

/// Emits the whole module for one API.
pub fn emit(api: &Api, options: &EmitOptions) -> TokenStream {
    let parts = parts(api).into_iter().map(|p| emit_part(api, options, &p));
    quote!(#(#parts)*)
}

/// An identifier, raw when it is a keyword.
pub fn ident(name: &str) -> Ident {
    if needs_raw(name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

fn docs(text: Option<&str>) -> TokenStream {
    let Some(text) = text else {
        return TokenStream::new();
    };
    let lines = doc_lines(text);
    let attrs = lines.iter().map(|l| {
        let l = format!(" {l}");
        quote!(#[doc = #l])
    });
    quote!(#(#attrs)*)
}

fn doc_str(text: &str) -> TokenStream {
    docs(Some(text))
}

/// Doc lines written by the generator itself (links and code spans intact).
/// Spec-provided names inside must be in code spans, backticks removed.
fn own_doc(text: &str) -> TokenStream {
    let attrs = text.lines().map(|l| {
        let l = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote!(#[doc = #l])
    });
    quote!(#(#attrs)*)
}

/// Generator-written text, then (after a blank line) spec text.
fn own_then_spec(own: &str, spec: Option<&str>) -> TokenStream {
    let own = own_doc(own);
    match spec {
        Some(spec) if !doc_lines(spec).is_empty() => {
            let spec = docs(Some(spec));
            quote!(#own #[doc = ""] #spec)
        }
        _ => own,
    }
}

/// A spec value shown in a code span.
fn code(value: &str) -> String {
    format!("`{}`", value.replace('`', "'"))
}

struct Emitter<'a> {
    api: &'a Api,
    rt: TokenStream,
    /// The aliases by name, for [`Emitter::has_number`].
    aliases: std::collections::HashMap<&'a str, &'a TypeRef>,
}

impl Emitter<'_> {
    fn ty(&self, t: &TypeRef) -> TokenStream {
        match t {
            TypeRef::Named(n) => {
                let n = ident(n);
                quote!(#n)
            }
            TypeRef::String => quote!(String),
            TypeRef::Integer(IntKind::I32) => quote!(i32),
            TypeRef::Integer(IntKind::I64) => quote!(i64),
            TypeRef::Integer(IntKind::U64) => quote!(u64),
            TypeRef::Number => quote!(f64),
            TypeRef::Bool => quote!(bool),
            TypeRef::Json => quote!(serde_json::Value),
            TypeRef::Vec(inner) => {
                let inner = self.ty(inner);
                quote!(Vec<#inner>)
            }
            TypeRef::Map(inner) => {
                let inner = self.ty(inner);
                quote!(BTreeMap<String, #inner>)
            }
            TypeRef::Boxed(inner) => {
                let inner = self.ty(inner);
                quote!(Box<#inner>)
            }
        }
    }

    /// Whether a type holds `f64` numbers that are serialised through
    /// `__private::Num` (so whole values are written as integers). Named
    /// aliases are followed; named structs serialise themselves.
    fn has_number(&self, t: &TypeRef) -> bool {
        match t {
            TypeRef::Number => true,
            TypeRef::Vec(i) | TypeRef::Map(i) | TypeRef::Boxed(i) => self.has_number(i),
            TypeRef::Named(n) => self
                .aliases
                .get(n.as_str())
                .is_some_and(|inner| self.has_number(inner)),
            _ => false,
        }
    }

    fn type_def(&self, def: &TypeDef) -> TokenStream {
        let doc = docs(def.doc.as_deref());
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
            TypeKind::Newtype(t) => self.newtype_def(&def.name, doc, t),
        }
    }

    fn field_ty(&self, f: &Field) -> TokenStream {
        let t = self.ty(&f.ty);
        if f.optional() {
            quote!(Option<#t>)
        } else {
            t
        }
    }

    fn struct_def(&self, name: &str, doc: TokenStream, s: &Struct) -> TokenStream {
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
        // (see `__private::kind`). An optional nullable field tells "absent"
        // from `null` only on the wire: an explicit null is remembered in the
        // extra map (when it holds any JSON) so that a re-encode writes it
        // back. A required nullable field is always written, `null` when
        // `None`.
        let remembers_null =
            |f: &Field| !f.required && f.nullable && s.extra_value == TypeRef::Json;
        let kinds = s.fields.iter().map(|f| {
            let fname = ident(&f.name);
            let wire = &f.wire;
            let kind = match (f.required, f.nullable) {
                (true, false) => "Req",
                (true, true) => "ReqNull",
                (false, true) if remembers_null(f) => "OptNull",
                (false, _) => "Opt",
            };
            let kind = if self.has_number(&f.ty) {
                format_ident!("{kind}Num")
            } else {
                format_ident!("{kind}")
            };
            quote!(#fname: #kind(#wire),)
        });
        let nulls: Vec<TokenStream> = s
            .fields
            .iter()
            .filter(|f| remembers_null(f))
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

    fn newtype_def(&self, name: &str, doc: TokenStream, t: &TypeRef) -> TokenStream {
        let name_id = ident(name);
        let inner = if self.has_number(t) {
            quote!(&__private::Num(&self.0))
        } else {
            quote!(&self.0)
        };
        let t = self.ty(t);
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

    fn enum_def(&self, name: &str, doc: TokenStream, e: &StringEnum) -> TokenStream {
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
            "Open enum: a value this version does not know is kept in the\nlast variant and re-encoded unchanged.",
        );
        let doc = if doc.is_empty() {
            open_doc
        } else {
            quote!(#doc #[doc = ""] #open_doc)
        };
        quote! {
            #doc
            #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
            pub enum #name_id {
                #(#variants)*
                /// A value not known when this code was generated, kept as received.
                #unknown(String),
            }

            __private::open_enum!(#name_id { #(#wires)* ..#unknown });
        }
    }

    fn union_def(&self, name: &str, doc: TokenStream, u: &Union) -> TokenStream {
        let name_id = ident(name);
        let fallback = ident(&u.fallback);
        let variants = u.variants.iter().map(|v| {
            let vname = ident(&v.name);
            let t = self.ty(&v.ty);
            quote!(#vname(#t),)
        });
        let ser = u.variants.iter().map(|v| {
            let vname = ident(&v.name);
            if self.has_number(&v.ty) {
                quote!(Self::#vname(value) => serde::Serialize::serialize(&__private::Num(value), serializer),)
            } else {
                quote!(Self::#vname(value) => serde::Serialize::serialize(value, serializer),)
            }
        });
        let decode = match &u.discriminator {
            Some(prop) => {
                let arms = u.variants.iter().map(|v| {
                    let vname = ident(&v.name);
                    let t = self.ty(&v.ty);
                    let tags = &v.tags;
                    quote! {
                        Some(#(#tags)|*) => {
                            if let Ok(v) = <#t as serde::Deserialize>::deserialize(&value) {
                                return Ok(Self::#vname(v));
                            }
                        }
                    }
                });
                quote! {
                    match value.get(#prop).and_then(serde_json::Value::as_str) {
                        #(#arms)*
                        _ => {}
                    }
                }
            }
            None => {
                let tries = u.variants.iter().map(|v| {
                    let vname = ident(&v.name);
                    let t = self.ty(&v.ty);
                    quote! {
                        if let Ok(v) = <#t as serde::Deserialize>::deserialize(&value) {
                            return Ok(Self::#vname(v));
                        }
                    }
                });
                quote!(#(#tries)*)
            }
        };
        let how = match &u.discriminator {
            Some(p) => format!("Chosen by the {} property; a payload no alternative accepts is kept in the last variant.", code(p)),
            None => "The first alternative that accepts the payload is chosen; a payload none accepts is kept in the last variant.".to_owned(),
        };
        let how = own_doc(&how);
        quote! {
            #doc
            ///
            #how
            #[derive(Debug, Clone, PartialEq)]
            pub enum #name_id {
                #(#variants)*
                /// A payload no known alternative accepts, kept as received.
                #fallback(serde_json::Value),
            }

            impl serde::Serialize for #name_id {
                fn serialize<__S: serde::Serializer>(&self, serializer: __S) -> Result<__S::Ok, __S::Error> {
                    match self {
                        #(#ser)*
                        Self::#fallback(value) => serde::Serialize::serialize(value, serializer),
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
        }
    }

    fn error_ty(&self, op: &Operation) -> TokenStream {
        let rt = &self.rt;
        let e = self.ty(&op.error);
        quote!(#rt::Error<#e>)
    }

    fn success_ty(&self, op: &Operation) -> TokenStream {
        match &op.success {
            Success::Single(body) => self.body_ty(body),
            Success::Enum(name) => {
                let n = ident(name);
                quote!(#n)
            }
        }
    }

    fn body_ty(&self, body: &ResponseBody) -> TokenStream {
        let rt = &self.rt;
        match body {
            ResponseBody::Empty => quote!(()),
            ResponseBody::Json(t) => self.ty(t),
            ResponseBody::Text => quote!(String),
            ResponseBody::Bytes => quote!(#rt::bytes::Bytes),
        }
    }

    fn decode_body(&self, body: &ResponseBody) -> TokenStream {
        match body {
            ResponseBody::Empty => quote!(Ok(())),
            ResponseBody::Json(_) => quote!(response.json()),
            ResponseBody::Text => {
                quote!(Ok(String::from_utf8_lossy(&response.body).into_owned()))
            }
            ResponseBody::Bytes => quote!(Ok(response.body)),
        }
    }

    /// The params type and, for several success shapes, the response enum.
    fn operation_types(&self, op: &Operation) -> TokenStream {
        let params = self.params_type(op);
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
                quote! {
                    #doc
                    #[derive(Debug, Clone, PartialEq)]
                    pub enum #name_id {
                        #(#variants)*
                    }
                }
            }
        };
        quote!(#params #response)
    }

    fn param_ty(&self, p: &Param) -> TokenStream {
        let t = self.ty(&p.ty);
        if p.required {
            t
        } else {
            quote!(Option<#t>)
        }
    }

    fn params_type(&self, op: &Operation) -> TokenStream {
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
            quote! {
                impl #name {
                    /// Parameters with every required one given and the others unset.
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

    fn client(&self) -> TokenStream {
        let rt = &self.rt;
        let api = self.api;
        let default_url = api.servers.first().map(|s| s.url.as_str()).unwrap_or("");
        let servers = api.servers.iter().map(|s| {
            let url = &s.url;
            let d = s.description.as_deref().unwrap_or("");
            quote!((#url, #d))
        });
        let client_doc = docs(Some(&format!(
            "Client for {} (API version {}).",
            api.title, api.version
        )));
        let client_doc = match &api.description {
            Some(d) if !doc_lines(d).is_empty() => {
                let d = docs(Some(d));
                quote!(#client_doc #[doc = ""] #d)
            }
            _ => client_doc,
        };
        let default_url_doc = if default_url.is_empty() {
            own_doc("The spec lists no server: set one with [`ClientBuilder::base_url`].")
        } else {
            own_doc(&format!(
                "The first server the spec lists: {}.",
                code(default_url)
            ))
        };

        let auth_methods = api.security_schemes.iter().map(|s| {
            let m = ident(&s.method);
            let key = &s.key;
            let k = code(key);
            let text = match &s.kind {
                SecurityKind::Basic => format!("HTTP Basic credentials for the {k} security scheme. A `None` password sends `username:` (an API key as user name with an empty password)."),
                SecurityKind::Bearer => format!("A bearer token for the {k} security scheme, sent as `Authorization: Bearer <token>`."),
                SecurityKind::ApiKey { location, name } => format!("The API key for the {k} security scheme, sent in the {} {}.", code(name), match location {
                    ParamLocation::Query => "query parameter",
                    ParamLocation::Cookie => "cookie",
                    _ => "header",
                }),
            };
            let d = own_then_spec(&text, s.doc.as_deref());
            match &s.kind {
                SecurityKind::Basic => quote! {
                    #d
                    pub fn #m(
                        mut self,
                        username: impl ::std::convert::Into<String>,
                        password: Option<String>,
                    ) -> Self {
                        let username: String = username.into();
                        self.config = self.config.credential(#key, #rt::Credential::basic(username, password.as_deref()));
                        self
                    }
                },
                SecurityKind::Bearer => quote! {
                    #d
                    pub fn #m(mut self, token: impl ::std::convert::Into<String>) -> Self {
                        let token: String = token.into();
                        self.config = self.config.credential(#key, #rt::Credential::bearer(token));
                        self
                    }
                },
                SecurityKind::ApiKey { location, name } => {
                    let loc = match location {
                        ParamLocation::Query => quote!(Query),
                        ParamLocation::Cookie => quote!(Cookie),
                        _ => quote!(Header),
                    };
                    quote! {
                        #d
                        pub fn #m(mut self, key: impl ::std::convert::Into<String>) -> Self {
                            let key: String = key.into();
                            self.config = self.config.credential(
                                #key,
                                #rt::Credential::api_key(#rt::ApiKeyLocation::#loc, #name, key),
                            );
                            self
                        }
                    }
                }
            }
        });

        let header_methods = api.default_headers.iter().map(|h| {
            let m = ident(&h.method);
            let wire = &h.wire;
            let text = format!(
                "Sends the {} header on every request (a request's own value wins).",
                code(wire)
            );
            let d = own_then_spec(&text, h.doc.as_deref());
            quote! {
                #d
                pub fn #m(mut self, value: impl ::std::convert::Into<String>) -> Self {
                    self.config = self.config.default_header(#wire, value);
                    self
                }
            }
        });

        // `Client::new(credential)` when the spec has exactly one scheme.
        let new_fn = match api.security_schemes.as_slice() {
            [scheme] => {
                let m = ident(&scheme.method);
                let (arg, call, text) = match scheme.kind {
                    SecurityKind::Basic => (
                        quote!(username: impl ::std::convert::Into<String>),
                        quote!(.#m(username, None)),
                        "A client for the default server, authenticating with HTTP Basic: `username` (an API key) and an empty password.",
                    ),
                    SecurityKind::Bearer => (
                        quote!(token: impl ::std::convert::Into<String>),
                        quote!(.#m(token)),
                        "A client for the default server, authenticating with a bearer token.",
                    ),
                    SecurityKind::ApiKey { .. } => (
                        quote!(key: impl ::std::convert::Into<String>),
                        quote!(.#m(key)),
                        "A client for the default server, authenticating with an API key.",
                    ),
                };
                let d = own_doc(text);
                quote! {
                    #d
                    pub fn new(#arg) -> Result<Self, #rt::BuildError> {
                        Self::builder()#call.build()
                    }
                }
            }
            _ => quote! {
                /// A client for the default server, without credentials.
                pub fn new() -> Result<Self, #rt::BuildError> {
                    Self::builder().build()
                }
            },
        };

        let methods = api.operations.iter().map(|op| self.operation_method(op));
        let streams = api
            .operations
            .iter()
            .filter_map(|op| op.pagination.as_ref().map(|p| self.stream_method(op, p)));
        let error_alias = match &api.shared_error {
            Some(t) => {
                let t = self.ty(t);
                quote! {
                    /// The error every operation of this client returns.
                    pub type Error = #rt::Error<#t>;
                }
            }
            None => quote! {
                /// The error an operation returns, with its decoded error body type.
                pub type Error<E> = #rt::Error<E>;
            },
        };

        quote! {
            #[allow(unused_imports)]
            use #rt::{__private, serde, serde_json};
            #[allow(unused_imports)]
            use ::std::collections::BTreeMap;

            #client_doc
            #[derive(Debug, Clone)]
            pub struct Client {
                http: #rt::HttpClient,
            }

            #error_alias

            impl Client {
                #default_url_doc
                pub const DEFAULT_BASE_URL: &'static str = #default_url;

                /// Every server the spec lists, as `(url, description)`.
                pub const SERVERS: &'static [(&'static str, &'static str)] = &[#(#servers),*];

                /// A builder starting from the default server and no credentials.
                pub fn builder() -> ClientBuilder {
                    ClientBuilder {
                        config: #rt::Config::new(Self::DEFAULT_BASE_URL),
                    }
                }

                #new_fn

                /// A client from a complete runtime configuration.
                pub fn from_config(config: #rt::Config) -> Result<Self, #rt::BuildError> {
                    Ok(Client {
                        http: #rt::HttpClient::new(config)?,
                    })
                }

                /// The HTTP engine, for requests this client has no method for.
                pub fn http(&self) -> &#rt::HttpClient {
                    &self.http
                }

                #(#methods)*
                #(#streams)*
            }

            /// Configures a [`Client`]: server, credentials, default headers,
            /// timeouts and retries.
            #[derive(Debug, Clone)]
            pub struct ClientBuilder {
                config: #rt::Config,
            }

            impl ClientBuilder {
                /// Sends requests to another server (a sandbox, a mock).
                pub fn base_url(mut self, url: impl ::std::convert::Into<String>) -> Self {
                    self.config = self.config.base_url(url);
                    self
                }

                #(#auth_methods)*
                #(#header_methods)*

                /// Sends a header on every request (a request's own value wins).
                pub fn default_header(
                    mut self,
                    name: impl ::std::convert::Into<String>,
                    value: impl ::std::convert::Into<String>,
                ) -> Self {
                    self.config = self.config.default_header(name, value);
                    self
                }

                /// Time limit for each attempt of a request.
                pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
                    self.config = self.config.timeout(timeout);
                    self
                }

                /// Time limit for establishing a connection.
                pub fn connect_timeout(mut self, timeout: ::std::time::Duration) -> Self {
                    self.config = self.config.connect_timeout(timeout);
                    self
                }

                /// How failed idempotent requests are retried.
                pub fn retry(mut self, policy: #rt::RetryPolicy) -> Self {
                    self.config = self.config.retry(policy);
                    self
                }

                /// The `User-Agent` header.
                pub fn user_agent(mut self, user_agent: impl ::std::convert::Into<String>) -> Self {
                    self.config = self.config.user_agent(user_agent);
                    self
                }

                /// Uses a `reqwest::Client` of your own (proxies, TLS settings, pools).
                pub fn http_client(mut self, client: #rt::reqwest::Client) -> Self {
                    self.config = self.config.http_client(client);
                    self
                }

                /// Builds the client.
                pub fn build(self) -> Result<Client, #rt::BuildError> {
                    Client::from_config(self.config)
                }
            }
        }
    }

    fn operation_method(&self, op: &Operation) -> TokenStream {
        let rt = &self.rt;
        let name = ident(&op.name);
        let params_ty = ident(&op.params_type);
        let ok = self.success_ty(op);
        let err = self.error_ty(op);
        let endpoint = own_doc(&code(&format!("{} {}", op.method, op.path)));
        let doc = match &op.doc {
            Some(d) if !doc_lines(d).is_empty() => {
                let d = docs(Some(d));
                quote!(#d #[doc = ""] #endpoint)
            }
            _ => endpoint,
        };
        let deprecated = if op.deprecated {
            quote!(#[deprecated = "deprecated in the API specification"])
        } else {
            quote!()
        };

        let checks = op.params.iter().filter(|p| !p.bounds.is_empty()).map(|p| {
            let f = ident(&p.name);
            let wire = &p.wire;
            let b = &p.bounds;
            let check = match &p.ty {
                TypeRef::Integer(_) | TypeRef::Number => {
                    let bound = |b: Option<(f64, bool)>| match b {
                        Some((v, excl)) => {
                            let v = Literal::f64_suffixed(v);
                            quote!(Some((#v, #excl)))
                        }
                        None => quote!(None),
                    };
                    let (min, max) = (bound(b.minimum), bound(b.maximum));
                    quote!(__private::check_range(*value as f64, #min, #max))
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
        });

        // The path, with each parameter percent-encoded as one segment.
        let mut fmt = String::new();
        let mut args = Vec::new();
        let mut rest = op.path.as_str();
        while let Some(start) = rest.find('{') {
            let Some(end) = rest[start..].find('}') else {
                break;
            };
            fmt.push_str(&rest[..start].replace('{', "{{").replace('}', "}}"));
            fmt.push_str("{}");
            let wire = &rest[start + 1..start + end];
            if let Some(p) = op
                .params
                .iter()
                .find(|p| p.location == ParamLocation::Path && p.wire == wire)
            {
                let f = ident(&p.name);
                if is_scalar(&p.ty, self.api) {
                    args.push(quote!(#rt::encode_path_segment(&params.#f.to_string())));
                } else {
                    args.push(
                        quote!(#rt::encode_path_segment(&__private::simple_value(&params.#f))),
                    );
                }
            }
            rest = &rest[start + end + 1..];
        }
        fmt.push_str(&rest.replace('{', "{{").replace('}', "}}"));
        let path = if args.is_empty() {
            quote!(#fmt)
        } else {
            quote!(::std::format!(#fmt, #(#args),*))
        };

        let method = format_ident!("{}", op.method);
        let security = op.security.iter().map(|alt| quote!(&[#(#alt),*]));
        let adds = op
            .params
            .iter()
            .filter(|p| p.location != ParamLocation::Path)
            .map(|p| self.add_param(p));
        let cookies: Vec<&Param> = op
            .params
            .iter()
            .filter(|p| p.location == ParamLocation::Cookie)
            .collect();
        let cookie_header = if cookies.is_empty() {
            quote!()
        } else {
            quote! {
                if !cookies.is_empty() {
                    request = request.header("Cookie", cookies.join("; "));
                }
            }
        };
        let cookie_init = if cookies.is_empty() {
            quote!()
        } else {
            quote!(let mut cookies: Vec<String> = Vec::new();)
        };

        let (body_arg, body_add) = match &op.body {
            None => (quote!(), quote!()),
            Some(b) => self.body_arg(b),
        };

        let respond = match &op.success {
            Success::Single(body) => {
                let decode = self.decode_body(body);
                quote! {
                    if response.status.is_success() {
                        #decode
                    } else {
                        Err(response.into_api_error())
                    }
                }
            }
            Success::Enum(enum_name) => {
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
                        body => {
                            let decode = self.decode_body(body);
                            quote!((#decode).map(#enum_id::#v))
                        }
                    }
                };
                let exact = success.iter().filter_map(|r| match r.status {
                    StatusMatch::Code(c) => {
                        let a = arm(r);
                        Some(quote!(#c => #a,))
                    }
                    _ => None,
                });
                let fallback = success
                    .iter()
                    .find(|r| matches!(r.status, StatusMatch::Range(_)))
                    .or(success.first())
                    .map(|r| arm(r));
                quote! {
                    if response.status.is_success() {
                        match response.status.as_u16() {
                            #(#exact)*
                            _ => #fallback,
                        }
                    } else {
                        Err(response.into_api_error())
                    }
                }
            }
        };

        let has_params = !op.params.is_empty();
        let params_arg = if has_params {
            quote!(params: &#params_ty)
        } else {
            quote!(_params: &#params_ty)
        };
        let mut_request =
            if op.params.iter().any(|p| p.location != ParamLocation::Path) || op.body.is_some() {
                quote!(mut request)
            } else {
                quote!(request)
            };
        quote! {
            #doc
            #deprecated
            pub async fn #name(&self, #params_arg #body_arg) -> Result<#ok, #err> {
                #(#checks)*
                #cookie_init
                let #mut_request = #rt::Request::new(#rt::Method::#method, #path)
                    .security(&[#(#security),*]);
                #(#adds)*
                #cookie_header
                #body_add
                let response = self.http.execute(request).await?;
                #respond
            }
        }
    }

    fn add_param(&self, p: &Param) -> TokenStream {
        let f = ident(&p.name);
        let wire = &p.wire;
        let scalar = is_scalar(&p.ty, self.api);
        let body = match p.location {
            ParamLocation::Query if scalar => quote!(request = request.query(#wire, value);),
            ParamLocation::Query => {
                let style = match p.style {
                    QueryStyle::Form { explode: true } => quote!(FormExplode),
                    QueryStyle::Form { explode: false } => quote!(Form),
                    QueryStyle::SpaceDelimited => quote!(SpaceDelimited),
                    QueryStyle::PipeDelimited => quote!(PipeDelimited),
                    QueryStyle::DeepObject => quote!(DeepObject),
                };
                quote! {
                    for (name, text) in __private::query_pairs(#wire, value, __private::Style::#style) {
                        request = request.query(name, text);
                    }
                }
            }
            ParamLocation::Header if scalar => {
                quote!(request = request.header(#wire, value.to_string());)
            }
            ParamLocation::Header => {
                quote!(request = request.header(#wire, __private::simple_value(value));)
            }
            ParamLocation::Cookie if scalar => {
                quote!(cookies.push(::std::format!("{}={}", #wire, value));)
            }
            ParamLocation::Cookie => {
                quote!(cookies.push(::std::format!("{}={}", #wire, __private::simple_value(value)));)
            }
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

    fn body_arg(&self, b: &Body) -> (TokenStream, TokenStream) {
        let rt = &self.rt;
        let ct = b.content_type.as_str();
        let (arg_ty, encode, ct) = match b.encoding {
            BodyEncoding::Json => {
                let t = self.ty(&b.ty);
                (
                    quote!(&#t),
                    quote!(__private::json_body(body)),
                    ct.to_owned(),
                )
            }
            BodyEncoding::Form => {
                let t = self.ty(&b.ty);
                (
                    quote!(&#t),
                    quote!(__private::form_body(body)),
                    ct.to_owned(),
                )
            }
            BodyEncoding::Multipart => {
                let t = self.ty(&b.ty);
                (
                    quote!(&#t),
                    quote!(__private::multipart_body(body)),
                    format!("multipart/form-data; boundary={MULTIPART_BOUNDARY}"),
                )
            }
            BodyEncoding::Text => (
                quote!(&str),
                quote!(Result::<_, String>::Ok(#rt::bytes::Bytes::copy_from_slice(body.as_bytes()))),
                ct.to_owned(),
            ),
            BodyEncoding::Bytes => (
                quote!(#rt::bytes::Bytes),
                quote!(Result::<_, String>::Ok(body)),
                ct.to_owned(),
            ),
        };
        let apply = quote! {
            let bytes = (#encode)
                .map_err(|message| #rt::Error::InvalidParam { param: "body", message })?;
            request = request.body(#ct, bytes);
        };
        if b.required {
            (quote!(, body: #arg_ty), apply)
        } else {
            (
                quote!(, body: Option<#arg_ty>),
                quote! {
                    if let Some(body) = body {
                        #apply
                    }
                },
            )
        }
    }

    fn stream_method(&self, op: &Operation, p: &Pagination) -> TokenStream {
        let rt = &self.rt;
        let m = ident(&p.method);
        let call = ident(&op.name);
        let params_ty = ident(&op.params_type);
        let item = self.ty(&p.item);
        let err = self.error_ty(op);
        let fwd = ident(&p.forward_param);
        let items = ident(&p.items_field);
        let has_more = ident(&p.has_more_field);
        let id = ident(&p.item_id_field);
        let item_cursor = if p.item_id_optional {
            quote!(|item: &#item| item.#id.clone())
        } else {
            quote!(|item: &#item| Some(item.#id.clone()))
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
        let (direction, set_cursor, doc_back) = match &p.backward_param {
            Some(back) => {
                let back = ident(back);
                (
                    quote! {
                        let backward = params.#back.is_some() && params.#fwd.is_none();
                        let (direction, start) = if backward {
                            (#rt::Direction::Backward, params.#back.clone())
                        } else {
                            (#rt::Direction::Forward, params.#fwd.clone())
                        };
                    },
                    quote! {
                        if backward {
                            params.#back = cursor;
                            params.#fwd = None;
                        } else {
                            params.#fwd = cursor;
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
                    let (direction, start) = (#rt::Direction::Forward, params.#fwd.clone());
                },
                quote!(params.#fwd = cursor;),
                String::new(),
            ),
        };
        // An optional request body (some specs declare one on GET lists) is
        // left out of every page request.
        let body_arg = match &op.body {
            Some(_) => quote!(, None),
            None => quote!(),
        };
        let doc = own_doc(&format!(
            "Every item of [`Client::{}`], fetching pages as the stream is polled.\n\nKeeps the filters and page size of `params` on every page.{doc_back} Stops after the last page, or with an error when a page fails or a cursor repeats.",
            op.name
        ));
        let allow = if op.deprecated {
            quote!(#[allow(deprecated)])
        } else {
            quote!()
        };
        quote! {
            #doc
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
                        Ok(#rt::Page {
                            has_more: #has_more_expr,
                            next_cursor: #next_cursor,
                            items: #items_expr,
                        })
                    }
                })
            }
        }
    }
}

/// Whether a parameter type is sent as one plain value (`Display`).
fn is_scalar(t: &TypeRef, api: &Api) -> bool {
    match t {
        TypeRef::String | TypeRef::Integer(_) | TypeRef::Number | TypeRef::Bool => true,
        TypeRef::Named(n) => api.types.iter().any(|d| {
            &d.name == n
                && match &d.kind {
                    TypeKind::Enum(_) => true,
                    TypeKind::Alias(inner) => is_scalar(inner, api),
                    _ => false,
                }
        }),
        _ => false,
    }
}
