//! The `mock` module (behind the including crate's `mock` feature): a mock
//! server of the API whose expectations take each operation's typed params
//! and answer with its typed success or error body.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{code, ident, own_doc, Emitter};
use crate::ir::*;
use crate::naming::generated;

impl Emitter<'_> {
    pub(super) fn mock_module(&self) -> TokenStream {
        let rt = &self.rt;
        let api = self.api;
        let ignored_query = api.security_schemes.iter().filter_map(|s| match &s.kind {
            SecurityKind::ApiKey {
                location: ParamLocation::Query,
                name,
            } => Some(name.clone()),
            _ => None,
        });
        let credentials = api.security_schemes.iter().map(|s| {
            let m = ident(&s.method);
            match s.kind {
                SecurityKind::Basic => quote!(.#m("mock_key", None)),
                _ => quote!(.#m("mock_key")),
            }
        });
        let (methods, types): (Vec<_>, Vec<_>) = api
            .operations
            .iter()
            .map(|op| self.mock_operation(op))
            .unzip();
        quote! {
            /// Typed test doubles: a mock server of this API on wiremock, for
            /// testing code that uses [`Client`] without a network.
            ///
            /// Compiled with the `mock` cargo feature. Each operation has a
            /// method on [`MockServer`](mock::MockServer) that takes the operation's params and
            /// matches requests the client would send for them (method, path,
            /// query parameters in any order, the header parameters' values and
            /// the cookie parameters set); an operation with a request body can
            /// also match it (`body`). The returned expectation answers with the
            /// success type or the API's error type.
            #[cfg(feature = "mock")]
            pub mod mock {
                // The module mirrors its parent: every params, body and model
                // type by its own name. A glob, not a list: the module's own
                // items (`MockServer`, the expectation types) shadow a spec
                // type of the same name instead of colliding with it.
                #[allow(unused_imports, clippy::wildcard_imports)]
                use super::*;

                /// A mock server of this API on a free local port.
                #[derive(Debug)]
                pub struct MockServer {
                    inner: #rt::mock::MockServer,
                }

                impl MockServer {
                    /// Starts the server.
                    pub async fn start() -> MockServer {
                        MockServer {
                            inner: #rt::mock::MockServer::start(&[#(#ignored_query),*]).await,
                        }
                    }

                    /// The server's base URL, for [`ClientBuilder::base_url`].
                    #[must_use]
                    pub fn uri(&self) -> String {
                        self.inner.uri()
                    }

                    /// A client builder for this server, with placeholder
                    /// credentials for every security scheme and no retries.
                    #[must_use]
                    pub fn client_builder(&self) -> ClientBuilder {
                        Client::builder()
                            .base_url(self.inner.uri())
                            #(#credentials)*
                            .retry(#rt::RetryPolicy::none())
                    }

                    /// The runtime's mock server: the wiremock server, the
                    /// requests received.
                    #[must_use]
                    pub fn runtime(&self) -> &#rt::mock::MockServer {
                        &self.inner
                    }

                    #(#methods)*
                }

                #(#types)*
            }
        }
    }

    /// The `MockServer` method and the expectation type of one operation.
    fn mock_operation(&self, op: &Operation) -> (TokenStream, TokenStream) {
        let rt = &self.rt;
        let name = ident(&op.name);
        let params_ty = ident(&op.params_type);
        let mock_ty = format_ident!("{}", generated::mock_type(&op.params_type));
        let method = format_ident!("{}", op.method);
        let path = self.path_expr(op);
        let adds: Vec<TokenStream> = op
            .params
            .iter()
            .filter(|p| p.location != ParamLocation::Path)
            .map(|p| self.add_param(p))
            .collect();
        let params_arg = if op.params.is_empty() {
            quote!()
        } else {
            quote!(, params: &#params_ty)
        };
        let mut_request = if adds.is_empty() {
            quote!(request)
        } else {
            quote!(mut request)
        };
        let method_doc = own_doc(&format!(
            "Expects a call of [`Client::{}`]: {}, with the parameters in `params` (if any).",
            op.name,
            code(&format!("{} {}", op.method, op.path))
        ));
        let method_fn = quote! {
            #method_doc
            pub fn #name(&self #params_arg) -> #mock_ty<'_> {
                let #mut_request = #rt::Request::new(#rt::Method::#method, #path);
                #(#adds)*
                #mock_ty(self.inner.expect(request))
            }
        };
        let error_ty = self.ty(&op.error);
        let success = match &op.success {
            Success::Single(ResponseBody::Json(t)) => {
                let ty = self.ty(t);
                let status = op
                    .responses
                    .iter()
                    .find(|r| r.status.is_success())
                    .and_then(|r| match r.status {
                        StatusMatch::Code(c) => Some(c),
                        _ => None,
                    })
                    .unwrap_or(200);
                let d = own_doc(&format!("Answers with status {status} and `body`."));
                quote! {
                    #d
                    pub async fn respond(self, body: &#ty) {
                        self.0.respond_json(#status, body).await;
                    }
                }
            }
            _ => quote!(),
        };
        let body = match &op.body {
            Some(b) => {
                let (arg_ty, apply) = self.body_encoding(b);
                let err = self.error_ty(op);
                let method = &method;
                let small_body = self.small_body_allow(op);
                let encode = if super::operation::body_can_fail(&b.kind) {
                    quote! {
                        fn encode(body: #arg_ty) -> Result<#rt::Request, #err> {
                            let mut request = #rt::Request::new(#rt::Method::#method, "");
                            #apply
                            Ok(request)
                        }
                        Self(self.0.body(encode(body)))
                    }
                } else {
                    quote! {
                        fn encode(body: #arg_ty) -> #rt::Request {
                            let mut request = #rt::Request::new(#rt::Method::#method, "");
                            #apply
                            request
                        }
                        Self(self.0.body(Ok::<_, ::std::convert::Infallible>(encode(body))))
                    }
                };
                quote! {
                    /// Matches only requests whose body is `body`, encoded as
                    /// the client encodes it: JSON compared as JSON values, a
                    /// form body by its name and value pairs, any other body
                    /// byte for byte, and the same media type.
                    #small_body
                    pub fn body(self, body: #arg_ty) -> Self {
                        #encode
                    }
                }
            }
            None => quote!(),
        };
        let type_doc = own_doc(&format!(
            "An expected call of [`Client::{}`], from [`MockServer::{}`]; a `respond` method mounts it.",
            op.name, op.name
        ));
        let mock_type = quote! {
            #type_doc
            #[derive(Debug)]
            #[must_use = "an expectation does nothing until a respond method mounts it"]
            pub struct #mock_ty<'a>(#rt::mock::Expectation<'a>);

            impl #mock_ty<'_> {
                /// Requires exactly `n` matching calls (checked when the server is dropped).
                pub fn times(self, n: u64) -> Self {
                    Self(self.0.times(n))
                }

                #body

                #success

                /// Answers with an error status and the API's error body.
                pub async fn respond_error(self, status: u16, body: &#error_ty) {
                    self.0.respond_json(status, body).await;
                }

                /// Answers with a status and no body.
                pub async fn respond_status(self, status: u16) {
                    self.0.respond_status(status).await;
                }

                /// Answers with a wiremock response of your own.
                pub async fn respond_with(self, response: #rt::mock::wiremock::ResponseTemplate) {
                    self.0.respond_with(response).await;
                }
            }
        };
        (method_fn, mock_type)
    }
}
