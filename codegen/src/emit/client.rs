//! The client, its builder and the module's error alias.

use proc_macro2::TokenStream;
use quote::quote;

use super::{code, docs, ident, own_doc, own_then_spec, Emitter};
use crate::doc::doc_lines;
use crate::ir::*;

/// The `# Errors` section of `Client::new` and `ClientBuilder::build`.
const NEW_ERRORS: &str = "# Errors\n\nA `BuildError`, as [`Client::from_config`] returns.";

impl Emitter<'_> {
    pub(super) fn client(&self) -> TokenStream {
        let rt = &self.rt;
        let api = self.api;
        let default_url = api.servers.first().map(|s| s.url.as_str()).unwrap_or("");
        let servers = api.servers.iter().map(|s| {
            let url = &s.url;
            let d = s.description.as_deref().unwrap_or("");
            quote!((#url, #d))
        });
        let client_doc = self.client_doc();
        let client_example = self.client_example();
        let client_doc = quote!(#client_doc #client_example);
        let default_url_doc = if default_url.is_empty() {
            own_doc("The spec lists no server: set one with [`ClientBuilder::base_url`].")
        } else {
            own_doc(&format!(
                "The first server the spec lists: {}.",
                code(default_url)
            ))
        };

        let setters = api.security_schemes.iter().map(|s| {
            let key = &s.key;
            let setter = format!("ClientBuilder::{}", s.method);
            quote!((#key, #setter))
        });
        let builder = self.builder();
        let new_fn = self.new_fn();
        let error_alias = self.error_alias();
        let methods = api.operations.iter().map(|op| {
            let cfg = super::cfg(&op.features);
            let method = self.operation_method(op);
            quote!(#cfg #method)
        });
        let streams = api.operations.iter().filter_map(|op| {
            let cfg = super::cfg(&op.features);
            let p = op.pagination.as_ref()?;
            let method = self.stream_method(op, p);
            Some(quote!(#cfg #method))
        });
        // The runtime's typed scalars are imported only by modules that use them.
        let scalar = if api.uses_scalars {
            quote!(scalar,)
        } else {
            quote!()
        };
        quote! {
            #[allow(unused_imports)]
            use #rt::{__private, #scalar serde, serde_json};
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
                #[must_use]
                pub fn builder() -> ClientBuilder {
                    ClientBuilder {
                        config: #rt::Config::new(Self::DEFAULT_BASE_URL),
                    }
                }

                #new_fn

                /// A client from a complete runtime configuration. An operation
                /// whose security the configuration has no credential for fails
                /// before sending, naming the builder method to call.
                ///
                /// # Errors
                ///
                /// A `BuildError` when the configuration cannot make a client: a
                /// base URL that is not an absolute `http` or `https` URL, a
                /// credential that cannot be sent (an empty key, token or user
                /// name), a default header name or value HTTP does not allow, or
                /// a `reqwest::Client` that cannot be built.
                pub fn from_config(config: #rt::Config) -> Result<Self, #rt::BuildError> {
                    Ok(Client {
                        http: #rt::HttpClient::new(config.credential_setters(&[#(#setters),*]))?,
                    })
                }

                /// The HTTP engine, for requests this client has no method for.
                #[must_use]
                pub fn http(&self) -> &#rt::HttpClient {
                    &self.http
                }

                #(#methods)*
                #(#streams)*
            }

            #builder
        }
    }

    /// The builder method that sets one security scheme's credential.
    fn auth_method(&self, s: &SecurityScheme) -> TokenStream {
        let rt = &self.rt;
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
                #[must_use]
                pub fn #m(
                    mut self,
                    username: impl ::std::convert::Into<String>,
                    password: Option<String>,
                ) -> Self {
                    let username: String = username.into();
                    self.config = self.config.credential(#key, #rt::Credential::Basic {
                        username: username.into(),
                        password: password.map(#rt::Secret::from),
                    });
                    self
                }
            },
            SecurityKind::Bearer => quote! {
                #d
                #[must_use]
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
                    #[must_use]
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
    }

    /// The builder method that sets a default header.
    fn header_method(&self, h: &DefaultHeader) -> TokenStream {
        let m = ident(&h.method);
        let wire = &h.wire;
        let text = format!(
            "Sends the {} header on every request (a request's own value wins).",
            code(wire)
        );
        let d = own_then_spec(&text, h.doc.as_deref());
        quote! {
            #d
            #[must_use]
            pub fn #m(mut self, value: impl ::std::convert::Into<String>) -> Self {
                self.config = self.config.default_header(#wire, value);
                self
            }
        }
    }

    /// `Client::new(credential)` when the spec has exactly one scheme, else
    /// `Client::new()` without credentials.
    fn new_fn(&self) -> TokenStream {
        let rt = &self.rt;
        match self.api.security_schemes.as_slice() {
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
                let d = own_doc(&format!("{text}\n\n{NEW_ERRORS}"));
                quote! {
                    #d
                    pub fn new(#arg) -> Result<Self, #rt::BuildError> {
                        Self::builder()#call.build()
                    }
                }
            }
            _ => quote! {
                /// A client for the default server, without credentials.
                ///
                /// # Errors
                ///
                /// A `BuildError`, as [`Client::from_config`] returns.
                pub fn new() -> Result<Self, #rt::BuildError> {
                    Self::builder().build()
                }
            },
        }
    }

    /// The module's `Error` alias: one error type when every operation
    /// shares an error body, else generic over it.
    fn error_alias(&self) -> TokenStream {
        let rt = &self.rt;
        match &self.api.shared_error {
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
        }
    }

    /// The client's docs: the API's title, version and description.
    fn client_doc(&self) -> TokenStream {
        let api = self.api;
        let title = format!("Client for {} (API version {}).", api.title, api.version);
        // One `docs` call, so that the item gets at most one `allow`.
        match &api.description {
            Some(d) if !doc_lines(d).is_empty() => docs(Some(&format!("{title}\n\n{d}"))),
            _ => docs(Some(&title)),
        }
    }

    /// `ClientBuilder`: server, credentials, default headers, timeouts, retries.
    fn builder(&self) -> TokenStream {
        let rt = &self.rt;
        let auth_methods = self
            .api
            .security_schemes
            .iter()
            .map(|s| self.auth_method(s));
        let header_methods = self
            .api
            .default_headers
            .iter()
            .map(|h| self.header_method(h));
        quote! {
        /// Configures a [`Client`]: server, credentials, default headers,
        /// timeouts and retries.
        #[derive(Debug, Clone)]
        pub struct ClientBuilder {
            config: #rt::Config,
        }

        impl ClientBuilder {
            /// Sends requests to another server (a sandbox, a mock).
            #[must_use]
            pub fn base_url(mut self, url: impl ::std::convert::Into<String>) -> Self {
                self.config = self.config.base_url(url);
                self
            }

            #(#auth_methods)*
            #(#header_methods)*

            /// Sends a header on every request (a request's own value wins).
            #[must_use]
            pub fn default_header(
                mut self,
                name: impl ::std::convert::Into<String>,
                value: impl ::std::convert::Into<String>,
            ) -> Self {
                self.config = self.config.default_header(name, value);
                self
            }

            /// Time limit for each attempt of a request.
            #[must_use]
            pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.config = self.config.timeout(timeout);
                self
            }

            /// Time limit for establishing a connection.
            #[must_use]
            pub fn connect_timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.config = self.config.connect_timeout(timeout);
                self
            }

            /// How failed idempotent requests are retried.
            #[must_use]
            pub fn retry(mut self, policy: #rt::RetryPolicy) -> Self {
                self.config = self.config.retry(policy);
                self
            }

            /// The `User-Agent` header.
            #[must_use]
            pub fn user_agent(mut self, user_agent: impl ::std::convert::Into<String>) -> Self {
                self.config = self.config.user_agent(user_agent);
                self
            }

            /// Adds a hook run on every attempt of every request (headers of
            /// your own, timings, logging), after the hooks added before it.
            #[must_use]
            pub fn hook(mut self, hook: impl #rt::Hook) -> Self {
                self.config = self.config.hook(hook);
                self
            }

            /// Uses a `reqwest::Client` of your own (proxies, TLS settings, pools).
            #[must_use]
            pub fn http_client(mut self, client: #rt::reqwest::Client) -> Self {
                self.config = self.config.http_client(client);
                self
            }

            /// Builds the client.
            ///
            /// # Errors
            ///
            /// A `BuildError`, as [`Client::from_config`] returns.
            pub fn build(self) -> Result<Client, #rt::BuildError> {
                Client::from_config(self.config)
            }
        }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{emit_part, EmitOptions, Part};
    use crate::naming::generated;

    /// The names of the functions in `impl NAME` blocks of a file.
    fn methods_of(file: &syn::File, name: &str) -> Vec<String> {
        let mut out = Vec::new();
        for item in &file.items {
            let syn::Item::Impl(imp) = item else { continue };
            let syn::Type::Path(p) = imp.self_ty.as_ref() else {
                continue;
            };
            if !p.path.is_ident(name) {
                continue;
            }
            for item in &imp.items {
                if let syn::ImplItem::Fn(f) = item {
                    out.push(f.sig.ident.to_string());
                }
            }
        }
        out
    }

    /// Lowering keeps [`generated::BUILDER_METHODS`] and
    /// [`generated::CLIENT_METHODS`] free for the methods emit writes: the
    /// lists must be exactly what emit writes.
    #[test]
    fn the_reserved_method_lists_are_what_emit_writes() {
        let api =
            crate::lower::lower_yaml("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n");
        let tokens = emit_part(&api, &EmitOptions::default(), &Part::Client);
        let file: syn::File = syn::parse2(tokens).expect("emitted code parses");
        let mut builder = methods_of(&file, generated::CLIENT_BUILDER);
        let mut expected: Vec<String> = generated::BUILDER_METHODS
            .iter()
            // Kept free but not written (see the constant).
            .filter(|m| **m != "credential")
            .map(|m| m.to_string())
            .collect();
        builder.sort();
        expected.sort();
        assert_eq!(builder, expected);
        let mut client = methods_of(&file, generated::CLIENT);
        // `clone` comes from `#[derive(Clone)]`.
        let mut expected: Vec<String> = generated::CLIENT_METHODS
            .iter()
            .filter(|m| **m != "clone")
            .map(|m| m.to_string())
            .collect();
        client.sort();
        expected.sort();
        assert_eq!(client, expected);
    }
}
