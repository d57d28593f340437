//! Operations: names, parameters, path templates, responses and security
//! (bodies are in [`super::body`]).

use std::borrow::Cow;

use openapiv3::{
    Parameter, ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind, StatusCode, Type,
};

use super::schema::variant_for_type;
use super::{join_doc, Lowerer};
use crate::error::Result;
use crate::ir::*;
use crate::naming::{field_name, generated, type_name, Scope};

/// Where an operation sits: its path item and method.
pub(super) struct At<'p> {
    /// The path template (without a query string).
    pub path: &'p str,
    /// The query string some specs write in the path key
    /// (`/export?filename={filename}`).
    pub query: Option<&'p str>,
    /// The method, lower case.
    pub method: &'static str,
    /// JSON pointer of the operation.
    pub pointer: &'p str,
    /// The path item's own parameters.
    pub path_params: &'p [ReferenceOr<Parameter>],
    /// The path item's own servers.
    pub servers: &'p [openapiv3::Server],
}

impl<'a> Lowerer<'a> {
    pub(super) fn operation(
        &mut self,
        at: At<'_>,
        op: &openapiv3::Operation,
        method_scope: &mut Scope,
    ) -> Result<Operation> {
        let raw_name = match &op.operation_id {
            Some(id) if !id.trim().is_empty() => id.clone(),
            _ => name_from_path(at.method, at.path),
        };
        // Methods named by an operationId were claimed before any other
        // (`Lowerer::claim_operation_ids`), so `list_items_2` stays itself.
        let name = match self.operation_names.remove(at.pointer) {
            Some(name) => name,
            None => method_scope.claim(&field_name(&raw_name), "_"),
        };
        let type_base = type_name(&raw_name);
        let params_type = self
            .types_scope
            .claim(&format!("{type_base}{}", generated::PARAMS_SUFFIX), "");
        let mut params = self.params(&type_base, &at, op)?;
        move_to_query(&mut params, at.query);
        let path_parts = self.path_parts(&at, &params)?;
        let body = match &op.request_body {
            None => None,
            Some(rb) => {
                let rb_pointer = format!("{}/requestBody", at.pointer);
                let rb = self.item(rb, &rb_pointer)?;
                self.body(&type_base, &rb, &rb_pointer)?
            }
        };
        let responses = self.responses(&type_base, op, at.pointer)?;
        let success = self.success(&type_base, &responses);
        let error = self.error_type(&type_base, &responses, at.pointer);
        let operation_id = match &op.operation_id {
            Some(id) if !id.trim().is_empty() => id.clone(),
            _ => name.clone(),
        };
        Ok(Operation {
            operation_id,
            name,
            method: at.method.to_ascii_uppercase(),
            path: at.path.to_owned(),
            path_parts,
            pointer: at.pointer.to_owned(),
            tags: op.tags.clone(),
            features: Vec::new(),
            server: self.operation_server(op, &at),
            doc: join_doc(op.summary.as_deref(), op.description.as_deref()),
            deprecated: op.deprecated,
            params_type,
            params,
            body,
            responses,
            success,
            error,
            security: self.security(op),
            pagination: None,
            success_large_variant: false,
        })
    }

    /// Parameters: the path item's first, replaced by the operation's own
    /// of the same name and location.
    pub(super) fn params(
        &mut self,
        type_base: &str,
        at: &At<'_>,
        op: &openapiv3::Operation,
    ) -> Result<Vec<Param>> {
        let mut by_key: Vec<((String, &'static str), Cow<Parameter>, String)> = Vec::new();
        for (list, base) in [
            (
                at.path_params,
                format!("{}/parameters", parent_pointer(at.pointer)),
            ),
            (&op.parameters[..], format!("{}/parameters", at.pointer)),
        ] {
            for (i, p) in list.iter().enumerate() {
                let p_pointer = format!("{base}/{i}");
                let p = self.item(p, &p_pointer)?;
                if ignored_header(&p) {
                    continue;
                }
                if matches!(&*p, Parameter::Path { parameter_data, .. } if !parameter_data.required)
                {
                    return Err(self.invalid(
                        &p_pointer,
                        format!(
                            "path parameter `{}` is not `required: true` (OpenAPI 3, Parameter Object: for a path parameter, required MUST be true)",
                            p.parameter_data_ref().name
                        ),
                    ));
                }
                let loc = match &*p {
                    Parameter::Query { .. } => "query",
                    Parameter::Header { .. } => "header",
                    Parameter::Path { .. } => "path",
                    Parameter::Cookie { .. } => "cookie",
                };
                let key = (p.parameter_data_ref().name.clone(), loc);
                if let Some((_, _, earlier)) = by_key
                    .iter()
                    .find(|(k, _, earlier)| *k == key && earlier.starts_with(&base))
                {
                    return Err(self.invalid(
                        &p_pointer,
                        format!(
                            "parameter `{}` in {loc} is declared twice in one list (also #{earlier}) (OpenAPI 3: the list MUST NOT include duplicated parameters)",
                            key.0
                        ),
                    ));
                }
                by_key.retain(|(k, _, _)| *k != key);
                by_key.push((key, p, p_pointer));
            }
        }
        let mut scope = Scope::new();
        by_key
            .into_iter()
            .map(|(_, p, p_pointer)| self.param(type_base, &p, &p_pointer, &mut scope))
            .collect()
    }

    /// The path template as literal parts and parameters; every `{name}`
    /// must be a declared path parameter.
    pub(super) fn path_parts(&self, at: &At<'_>, params: &[Param]) -> Result<Vec<PathPart>> {
        if let Some(problem) = template_problem(at.path) {
            return Err(self.invalid(
                parent_pointer(at.pointer),
                format!(
                    "path template `{}` {problem} (OpenAPI 3, Path Templating)",
                    at.path
                ),
            ));
        }
        // Expressions anywhere in the key count, its query string included
        // (`?{search}=1`): what is there is not sent (`move_to_query` sends
        // `name={param}` pairs).
        let query_pieces = at.query.map(template_pieces).unwrap_or_default();
        let names: Vec<&str> = template_pieces(at.path)
            .into_iter()
            .chain(query_pieces)
            .filter_map(|p| match p {
                Piece::Param(name) => Some(name),
                Piece::Literal(_) => None,
            })
            .collect();
        if let Some(p) = params
            .iter()
            .find(|p| p.location == ParamLocation::Path && !names.contains(&p.wire.as_str()))
        {
            return Err(self.invalid(
                at.pointer,
                format!(
                    "path parameter `{}` is not in the template `{}` (OpenAPI 3, Parameter Object: the name MUST correspond to a template expression)",
                    p.wire, at.path
                ),
            ));
        }
        let mut parts = Vec::new();
        for piece in template_pieces(at.path) {
            match piece {
                Piece::Literal(text) => parts.push(PathPart::Literal(text.to_owned())),
                Piece::Param(name) => {
                    let index = params
                        .iter()
                        .position(|p| p.location == ParamLocation::Path && p.wire == name)
                        .ok_or_else(|| {
                            self.invalid(
                                at.pointer,
                                format!(
                                    "path template `{}` uses `{{{name}}}`, which is not a declared path parameter",
                                    at.path
                                ),
                            )
                        })?;
                    parts.push(PathPart::Param(index));
                }
            }
        }
        Ok(parts)
    }

    /// Every declared response, in spec order, `default` last.
    pub(super) fn responses(
        &mut self,
        type_base: &str,
        op: &openapiv3::Operation,
        pointer: &str,
    ) -> Result<Vec<Response>> {
        let mut declared: Vec<(StatusMatch, &ReferenceOr<openapiv3::Response>, String)> =
            Vec::new();
        for (code, r) in op.responses.responses.iter() {
            let (m, token) = match code {
                StatusCode::Code(c) => (StatusMatch::Code(*c), c.to_string()),
                StatusCode::Range(r) => (StatusMatch::Range(*r), format!("{r}XX")),
            };
            declared.push((m, r, token));
        }
        if let Some(d) = &op.responses.default {
            declared.push((StatusMatch::Default, d, "default".into()));
        }
        let mut variant_scope = Scope::new();
        let mut responses = Vec::new();
        for (status, r, token) in declared {
            let r_pointer = format!("{pointer}/responses/{token}");
            let r = self.item(r, &r_pointer)?;
            let suffix = match status {
                StatusMatch::Code(c) => format!("Status{c}"),
                StatusMatch::Range(r) => format!("Status{r}xx"),
                StatusMatch::Default => "Default".into(),
            };
            let hint = format!(
                "{type_base}{}{}",
                generated::RESPONSE_SUFFIX,
                suffix.trim_start_matches("Status")
            );
            let body = self.response_body(&hint, &r, &r_pointer)?;
            let variant = match status {
                StatusMatch::Code(200) => variant_scope.claim("Ok", ""),
                StatusMatch::Code(201) => variant_scope.claim("Created", ""),
                StatusMatch::Code(202) => variant_scope.claim("Accepted", ""),
                StatusMatch::Code(204) => variant_scope.claim("NoContent", ""),
                _ => variant_scope.claim(&suffix, ""),
            };
            responses.push(Response {
                status,
                body,
                variant,
                doc: Some(r.description.clone()).filter(|d| !d.trim().is_empty()),
            });
        }
        Ok(responses)
    }

    /// One success shape, or an enum of several.
    pub(super) fn success(&mut self, type_base: &str, responses: &[Response]) -> Success {
        let mut shapes: Vec<&ResponseBody> = Vec::new();
        for r in responses.iter().filter(|r| r.status.is_success()) {
            if !shapes.contains(&&r.body) {
                shapes.push(&r.body);
            }
        }
        match shapes.as_slice() {
            [] => Success::Single(ResponseBody::Empty),
            [one] => Success::Single((*one).clone()),
            _ => Success::Enum(
                self.types_scope
                    .claim(&format!("{type_base}{}", generated::RESPONSE_SUFFIX), ""),
            ),
        }
    }

    /// The first of the operation's servers, else of its path item's, when
    /// it is not the document's default.
    fn operation_server(&self, op: &openapiv3::Operation, at: &At<'_>) -> Option<String> {
        let own = op.servers.first().or(at.servers.first())?;
        let url = super::client::server_url(own);
        let default = self.api.servers.first().map(super::client::server_url);
        (Some(&url) != default.as_ref()).then_some(url)
    }

    /// Security alternatives: the operation's own, else the document's.
    pub(super) fn security(&self, op: &openapiv3::Operation) -> Vec<Vec<String>> {
        op.security
            .as_ref()
            .or(self.api.security.as_ref())
            .map(|reqs| {
                reqs.iter()
                    .map(|r| r.keys().cloned().collect::<Vec<_>>())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The error body type of an operation: the one schema its error
    /// responses share, a union of several, or any JSON.
    pub(super) fn error_type(
        &mut self,
        type_base: &str,
        responses: &[Response],
        pointer: &str,
    ) -> TypeRef {
        let mut distinct: Vec<TypeRef> = Vec::new();
        for r in responses.iter().filter(|r| !r.status.is_success()) {
            if let ResponseBody::Json(t) = &r.body {
                if !distinct.contains(t) {
                    distinct.push(t.clone());
                }
            }
        }
        match distinct.len() {
            0 => TypeRef::Json,
            1 => distinct.remove(0),
            _ => {
                let by_status = responses
                    .iter()
                    .filter(|r| !r.status.is_success())
                    .filter_map(|r| match &r.body {
                        ResponseBody::Json(t) => {
                            Some((r.status, distinct.iter().position(|d| d == t)?))
                        }
                        _ => None,
                    })
                    .collect();
                let name = self
                    .types_scope
                    .claim(&format!("{type_base}{}", generated::ERROR_BODY_SUFFIX), "");
                let mut scope = Scope::new();
                let variants = distinct
                    .into_iter()
                    .map(|ty| UnionVariant {
                        name: scope.claim(&variant_for_type(&ty), ""),
                        ty,
                        number: false,
                        tags: Vec::new(),
                    })
                    .collect();
                let fallback = scope.claim_first(generated::ERROR_FALLBACK, "");
                self.define(
                    name.clone(),
                    TypeDef {
                        name: name.clone(),
                        doc: Some("The error bodies this operation can return.".into()),
                        pointer: format!("{pointer}/responses"),
                        kind: TypeKind::Union(Union {
                            variants,
                            discriminator: None,
                            fallback,
                            large_variant: false,
                            by_status,
                        }),
                        features: Vec::new(),
                    },
                );
                TypeRef::Named(name)
            }
        }
    }

    pub(super) fn param(
        &mut self,
        type_base: &str,
        p: &Parameter,
        pointer: &str,
        scope: &mut Scope,
    ) -> Result<Param> {
        let (location, style) = location_and_style(p);
        let data = p.parameter_data_ref();
        let name = scope.claim(&field_name(&data.name), "_");
        let (ty, bounds) = match &data.format {
            ParameterSchemaOrContent::Schema(s) => {
                let hint = format!("{type_base}{}", type_name(&data.name));
                let ty = self.schema_ref(s, &hint, &format!("{pointer}/schema"))?.0;
                (ty, self.bounds(s))
            }
            ParameterSchemaOrContent::Content(_) => (TypeRef::String, Bounds::default()),
        };
        Ok(Param {
            name,
            wire: data.name.clone(),
            location,
            ty,
            required: data.required || location == ParamLocation::Path,
            style,
            explode: data.explode.unwrap_or(style == ParamStyle::Form),
            // Decided once every type is known (`wire::decide`).
            scalar: false,
            doc: data.description.clone(),
            bounds,
            pointer: format!("{pointer}/schema"),
        })
    }

    pub(super) fn bounds(&self, s: &ReferenceOr<Schema>) -> Bounds {
        let Ok(schema) = self.item(s, "") else {
            return Bounds::default();
        };
        let mut b = Bounds::default();
        match &schema.schema_kind {
            SchemaKind::Type(Type::Integer(i)) => {
                b.minimum = i.minimum.map(|m| (m as f64, i.exclusive_minimum));
                b.maximum = i.maximum.map(|m| (m as f64, i.exclusive_maximum));
            }
            SchemaKind::Type(Type::Number(n)) => {
                b.minimum = n.minimum.map(|m| (m, n.exclusive_minimum));
                b.maximum = n.maximum.map(|m| (m, n.exclusive_maximum));
            }
            SchemaKind::Type(Type::String(s)) if s.enumeration.is_empty() => {
                b.min_len = s.min_length;
                b.max_len = s.max_length;
            }
            SchemaKind::Type(Type::Array(a)) => {
                b.min_len = a.min_items;
                b.max_len = a.max_items;
            }
            _ => {}
        }
        // A bound that can never fail is no bound.
        if b.min_len == Some(0) {
            b.min_len = None;
        }
        b
    }
}

/// A name for an operation without `operationId`: method + path.
fn name_from_path(method: &str, path: &str) -> String {
    let mut parts = vec![method.to_owned()];
    for seg in path.split('/').filter(|s| !s.is_empty()) {
        if let Some(p) = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            parts.push(format!("by_{p}"));
        } else {
            parts.push(seg.to_owned());
        }
    }
    parts.join("_")
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece<'p> {
    Literal(&'p str),
    Param(&'p str),
}

/// Splits a template at its `{name}` expressions; text after an unclosed
/// `{` is literal.
fn template_pieces(path: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(end) = rest[start..].find('}') else {
            break;
        };
        if start > 0 {
            out.push(Piece::Literal(&rest[..start]));
        }
        out.push(Piece::Param(&rest[start + 1..start + end]));
        rest = &rest[start + end + 1..];
    }
    if !rest.is_empty() {
        out.push(Piece::Literal(rest));
    }
    out
}

/// Header parameters that OpenAPI says SHALL be ignored: the request's
/// content type, what it accepts and its credentials are set elsewhere.
fn ignored_header(p: &Parameter) -> bool {
    matches!(p, Parameter::Header { parameter_data, .. }
        if ["accept", "content-type", "authorization"]
            .iter()
            .any(|h| parameter_data.name.eq_ignore_ascii_case(h)))
}

/// Path parameters whose expression is in the query string of the path key
/// (`?filename={filename}`, `?key={APIKEY}`) are sent as that query
/// parameter (`filename`, `key`), which is what the key says.
fn move_to_query(params: &mut [Param], query: Option<&str>) {
    let Some(query) = query else { return };
    for pair in query.split('&') {
        let Some((name, value)) = pair.split_once('=') else {
            continue;
        };
        let Some(expr) = value.strip_prefix('{').and_then(|v| v.strip_suffix('}')) else {
            continue;
        };
        if let Some(p) = params
            .iter_mut()
            .find(|p| p.location == ParamLocation::Path && p.wire == expr)
        {
            p.location = ParamLocation::Query;
            p.wire = name.to_owned();
            p.style = ParamStyle::Form;
            p.explode = true;
        }
    }
}

/// What is wrong with a path template's braces, if anything.
fn template_problem(path: &str) -> Option<&'static str> {
    let mut open = false;
    for c in path.chars() {
        match (c, open) {
            ('{', true) => return Some("opens `{` inside an expression"),
            ('{', false) => open = true,
            ('}', false) => return Some("closes `}` without an opening `{`"),
            ('}', true) => open = false,
            _ => {}
        }
    }
    if open {
        return Some("has a `{` that is never closed");
    }
    path.contains("{}")
        .then_some("has an empty expression `{}`")
}

/// Where a parameter goes and its style (OpenAPI's defaults when unset).
fn location_and_style(p: &Parameter) -> (ParamLocation, ParamStyle) {
    match p {
        Parameter::Query { style, .. } => (
            ParamLocation::Query,
            match style {
                openapiv3::QueryStyle::Form => ParamStyle::Form,
                openapiv3::QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                openapiv3::QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                openapiv3::QueryStyle::DeepObject => ParamStyle::DeepObject,
            },
        ),
        Parameter::Path { style, .. } => (
            ParamLocation::Path,
            match style {
                openapiv3::PathStyle::Simple => ParamStyle::Simple,
                openapiv3::PathStyle::Label => ParamStyle::Label,
                openapiv3::PathStyle::Matrix => ParamStyle::Matrix,
            },
        ),
        Parameter::Header { .. } => (ParamLocation::Header, ParamStyle::Simple),
        Parameter::Cookie { .. } => (ParamLocation::Cookie, ParamStyle::Form),
    }
}

fn parent_pointer(pointer: &str) -> &str {
    pointer.rsplit_once('/').map_or("", |(p, _)| p)
}

#[cfg(test)]
#[path = "operation_tests.rs"]
mod tests;
