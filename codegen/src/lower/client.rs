//! What the client is built from: security schemes, servers and the
//! headers its builder can set for every request.

use openapiv3::OpenAPI;

use super::Lowerer;
use crate::error::{escape_token, Result};
use crate::ir::*;
use crate::naming::{field_name, generated, Scope};

impl<'a> Lowerer<'a> {
    pub(super) fn security_schemes(&self) -> Result<Vec<SecurityScheme>> {
        let mut out = Vec::new();
        let Some(components) = &self.api.components else {
            return Ok(out);
        };
        let mut scope = Scope::with_reserved(generated::BUILDER_METHODS.iter().copied());
        for (key, scheme) in components.security_schemes.iter() {
            let pointer = format!("/components/securitySchemes/{}", escape_token(key));
            let scheme = self.item(scheme, &pointer)?.into_owned();
            let (kind, doc) = match scheme {
                openapiv3::SecurityScheme::APIKey {
                    location,
                    name,
                    description,
                    ..
                } => (
                    SecurityKind::ApiKey {
                        location: match location {
                            openapiv3::APIKeyLocation::Query => ParamLocation::Query,
                            openapiv3::APIKeyLocation::Header => ParamLocation::Header,
                            openapiv3::APIKeyLocation::Cookie => ParamLocation::Cookie,
                        },
                        name,
                    },
                    description,
                ),
                openapiv3::SecurityScheme::HTTP {
                    scheme,
                    description,
                    ..
                } => match scheme.to_ascii_lowercase().as_str() {
                    "basic" => (SecurityKind::Basic, description),
                    "bearer" => (SecurityKind::Bearer, description),
                    // Other HTTP schemes (digest, hoba, ...) cannot be sent
                    // from a static credential; operations fall back to others.
                    _ => continue,
                },
                openapiv3::SecurityScheme::OAuth2 { description, .. }
                | openapiv3::SecurityScheme::OpenIDConnect { description, .. } => {
                    (SecurityKind::Bearer, description)
                }
            };
            out.push(SecurityScheme {
                key: key.clone(),
                method: scope.claim(&field_name(key), "_"),
                kind,
                doc,
            });
        }
        Ok(out)
    }
}

/// `servers`, in order; the first is the default base URL.
pub(super) fn servers(api: &OpenAPI) -> Vec<Server> {
    api.servers
        .iter()
        .map(|s| Server {
            url: server_url(s),
            description: s.description.clone(),
        })
        .collect()
}

pub(super) fn server_url(s: &openapiv3::Server) -> String {
    let mut url = s.url.clone();
    if let Some(vars) = &s.variables {
        for (k, v) in vars {
            url = url.replace(&format!("{{{k}}}"), &v.default);
        }
    }
    url
}

/// Optional header parameters that the builder can set for every request.
pub(super) fn default_headers(ops: &[Operation], schemes: &[SecurityScheme]) -> Vec<DefaultHeader> {
    let mut scope = Scope::with_reserved(generated::BUILDER_METHODS.iter().copied());
    for s in schemes {
        scope.claim(&s.method, "_");
    }
    let mut out: Vec<DefaultHeader> = Vec::new();
    for op in ops {
        for p in &op.params {
            let lower = p.wire.to_ascii_lowercase();
            if p.location != ParamLocation::Header
                || p.required
                || p.ty != TypeRef::String
                || matches!(
                    lower.as_str(),
                    "authorization" | "content-type" | "accept" | "idempotency-key" | "cookie"
                )
                || out.iter().any(|h| h.wire.eq_ignore_ascii_case(&p.wire))
            {
                continue;
            }
            out.push(DefaultHeader {
                wire: p.wire.clone(),
                method: scope.claim(&p.name, "_"),
                doc: p.doc.clone(),
            });
        }
    }
    out
}
