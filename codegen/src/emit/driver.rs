//! The conformance driver (`Builder::conformance_driver`, used by
//! `apigen conformance`): a table of the operations, a client with or
//! without credentials, and one call of each operation with its example
//! arguments, reported as an `Outcome` of the runtime.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, Emitter};
use crate::ir::*;

impl Emitter<'_> {
    pub(super) fn driver(&self) -> TokenStream {
        let rt = &self.rt;
        let rows = self.api.operations.iter().enumerate().map(|(i, op)| {
            let (name, method, path) = (&op.name, &op.method, &op.path);
            // Secured: every alternative needs a credential.
            let secured = !op.security.is_empty() && op.security.iter().all(|a| !a.is_empty());
            let errors = op
                .responses
                .iter()
                .filter(|r| !r.status.is_success())
                .map(|r| {
                    let status = match r.status {
                        StatusMatch::Code(c) => c.to_string(),
                        StatusMatch::Range(d) => format!("{d}XX"),
                        StatusMatch::Default => "default".to_owned(),
                    };
                    let schema = matches!(&r.body, ResponseBody::Json(t) if *t != TypeRef::Json);
                    quote!((#status, #schema))
                });
            let bad_body = match op
                .body
                .as_ref()
                .filter(|b| matches!(b.kind, BodyKind::Json(_)))
            {
                Some(Body {
                    refused_json: Some(text),
                    ..
                }) => quote!(Some(#text)),
                _ => quote!(None),
            };
            let contradiction = match self
                .api
                .examples
                .as_ref()
                .and_then(|e| e.contradictions.get(i))
            {
                Some(Some(reason)) => quote!(Some(#reason)),
                _ => quote!(None),
            };
            let served_misfit = match self
                .api
                .examples
                .as_ref()
                .and_then(|e| e.served_misfits.get(i))
            {
                Some(Some(reason)) => quote!(Some(#reason)),
                _ => quote!(None),
            };
            quote!(#rt::__private::conformance::Operation {
                name: #name,
                method: #method,
                path: #path,
                secured: #secured,
                errors: &[#(#errors),*],
                bad_body: #bad_body,
                contradiction: #contradiction,
                served_misfit: #served_misfit,
            })
        });
        let credentials = self.api.security_schemes.iter().map(|s| {
            let m = ident(&s.method);
            match &s.kind {
                SecurityKind::Basic => {
                    quote!(builder = builder.#m("conformance", Some("secret".to_owned()));)
                }
                SecurityKind::Bearer => quote!(builder = builder.#m("conformance-token");),
                SecurityKind::ApiKey { .. } => quote!(builder = builder.#m("conformance-key");),
            }
        });
        // What a call "without credentials" takes off each attempt.
        let mut strip_headers = Vec::new();
        let mut strip_query = Vec::new();
        let mut strip_cookie = false;
        for s in &self.api.security_schemes {
            match &s.kind {
                SecurityKind::Basic | SecurityKind::Bearer => {
                    strip_headers.push("authorization".to_owned());
                }
                SecurityKind::ApiKey { location, name } => match location {
                    ParamLocation::Header => strip_headers.push(name.to_ascii_lowercase()),
                    ParamLocation::Query => strip_query.push(name.clone()),
                    ParamLocation::Cookie => strip_cookie = true,
                    ParamLocation::Path => {}
                },
            }
        }
        strip_headers.sort();
        strip_headers.dedup();
        let arms = self.api.operations.iter().enumerate().map(|(i, op)| {
            let m = ident(&op.name);
            let p = ident(&op.params_type);
            let body = match &op.body {
                None => quote!(),
                Some(b) => {
                    let f = self.example_body_fn(op);
                    let value = quote!(#f());
                    match (&b.kind, b.required) {
                        (BodyKind::Bytes, true) => quote!(#value),
                        (BodyKind::Bytes, false) => quote!(Some(#value)),
                        (_, true) => quote!(&#value),
                        (_, false) => quote!(Some(&#value)),
                    }
                }
            };
            let args = match (op.params.is_empty(), body.is_empty()) {
                (true, _) => body,
                (false, true) => quote!(&#p::example()),
                (false, false) => quote!(&#p::example(), #body),
            };
            // A boxed future per operation: one small state machine each, not
            // one holding every operation's future (the compile cost of a
            // spec with a thousand operations).
            quote!(#i => ::std::boxed::Box::pin(async move {
                #rt::__private::conformance::outcome(client.#m(#args).await)
            }),)
        });
        quote! {
            /// The operations, for `apigen conformance`.
            #[doc(hidden)]
            pub const CONFORMANCE_OPERATIONS: &[#rt::__private::conformance::Operation] = &[#(#rows),*];

            /// A client for `apigen conformance`, by the call's mode: `static`
            /// (every credential set), `dynamic` (and `Prefer: dynamic=true`),
            /// `noauth` (the credentials taken off each attempt), `notfound`
            /// (`Prefer: code=404`), `badbody` (each operation's body replaced by
            /// one its schema refuses).
            #[doc(hidden)]
            pub fn conformance_client(base_url: &str, mode: &str) -> Client {
                #[allow(unused_mut)]
                let mut builder = Client::builder()
                    .base_url(base_url)
                    .retry(#rt::RetryPolicy::none())
                    .timeout(::std::time::Duration::from_secs(30));
                #(#credentials)*
                builder = match mode {
                    "noauth" => builder.hook(#rt::__private::conformance::StripCredentials {
                        headers: &[#(#strip_headers),*],
                        query: &[#(#strip_query),*],
                        cookie: #strip_cookie,
                    }),
                    "dynamic" => builder.default_header("Prefer", "dynamic=true"),
                    "notfound" => builder.default_header("Prefer", "code=404"),
                    "badbody" => builder.hook(#rt::__private::conformance::ReplaceBody {
                        operations: CONFORMANCE_OPERATIONS,
                    }),
                    _ => builder,
                };
                match builder.build() {
                    Ok(client) => client,
                    Err(e) => panic!("conformance client: {e}"),
                }
            }

            /// Calls operation `index` with its example arguments.
            #[doc(hidden)]
            pub async fn conformance_call(client: &Client, index: usize) -> Option<#rt::__private::conformance::Outcome> {
                Some(conformance_future(client, index)?.await)
            }

            /// The call of operation `index`, boxed.
            #[doc(hidden)]
            #[allow(deprecated, clippy::too_many_lines, clippy::type_complexity)]
            fn conformance_future(
                client: &Client,
                index: usize,
            ) -> Option<::std::pin::Pin<::std::boxed::Box<dyn ::std::future::Future<Output = #rt::__private::conformance::Outcome> + Send + '_>>> {
                Some(match index {
                    #(#arms)*
                    _ => return None,
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// Each operation's call is a boxed future of its own: `conformance_call`
    /// awaits one future, it does not hold every operation's future in one
    /// state machine (which made GitHub's driver too costly to compile).
    #[test]
    fn each_operation_is_a_future_of_its_own() {
        let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/leanrails.yaml");
        let code = crate::Builder::new()
            .conformance_driver(true)
            .rustfmt(false)
            .rerun_if_changed(false)
            .generate_one(&spec)
            .unwrap();
        let call = code.find("fn conformance_call").unwrap();
        let future = code.find("fn conformance_future").unwrap();
        assert!(call < future);
        let call_body = &code[call..future];
        assert_eq!(call_body.matches(".await").count(), 1, "{call_body}");
        let arms = &code[future..];
        assert!(arms.matches("Box::pin").count() >= 1, "{arms}");
    }

    /// An operation whose spec contradicts itself carries the reason in
    /// `CONFORMANCE_OPERATIONS`: a `oneOf` body every object matches twice,
    /// an object body under `application/octet-stream`; a satisfiable one
    /// has none.
    #[test]
    fn contradictions_are_listed_with_their_reason() {
        let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/specs/contradictions.yaml");
        let code = crate::Builder::new()
            .conformance_driver(true)
            .rustfmt(false)
            .rerun_if_changed(false)
            .generate_one(&spec)
            .unwrap();
        let table = &code[code.find("CONFORMANCE_OPERATIONS").unwrap()..];
        let table = &table[..table.find("fn conformance_client").unwrap()];
        let row = |name: &str| {
            let at = table.find(&format!("name: \"{name}\"")).unwrap();
            let rest = &table[at..];
            rest[..rest.find('}').unwrap()].to_owned()
        };
        let events = row("post_events");
        assert!(
            events.contains("contradiction: Some(") && events.contains("exactly one alternative"),
            "{events}"
        );
        let media = row("upload_media");
        assert!(
            media.contains("contradiction: Some(") && media.contains("application/octet-stream"),
            "{media}"
        );
        assert!(
            row("post_note").contains("contradiction: None"),
            "{}",
            row("post_note")
        );
    }
}
