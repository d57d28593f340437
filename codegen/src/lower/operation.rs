//! Operations: parameters, request bodies and responses.

use std::borrow::Cow;

use openapiv3::{
    Parameter, ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind, StatusCode, Type,
};

use super::schema::variant_for_type;
use super::{join_doc, Lowerer};
use crate::error::{escape_token, Result};
use crate::ir::*;
use crate::naming::{field_name, generated, type_name, Scope};

/// The multipart boundary of the runtime's multipart encoder.
const MULTIPART_BOUNDARY: &str = "apigen-boundary-3f6c1d9a8e2b4705";

/// Where an operation sits: its path item and method.
pub(super) struct At<'p> {
    /// The path template (without a query string).
    pub path: &'p str,
    /// The method, lower case.
    pub method: &'static str,
    /// JSON pointer of the operation.
    pub pointer: &'p str,
    /// The path item's own parameters.
    pub path_params: &'p [ReferenceOr<Parameter>],
}

/// How a body is encoded, from its media type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Json,
    Form,
    Multipart,
    Text,
    Bytes,
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
        let name = method_scope.claim(&field_name(&raw_name), "_");
        let type_base = type_name(&raw_name);
        let params_type = self
            .types_scope
            .claim(&format!("{type_base}{}", generated::PARAMS_SUFFIX), "");
        let params = self.params(&type_base, &at, op)?;
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
        Ok(Operation {
            name,
            method: at.method.to_ascii_uppercase(),
            path: at.path.to_owned(),
            path_parts,
            pointer: at.pointer.to_owned(),
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
        let names: Vec<&str> = template_pieces(at.path)
            .into_iter()
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
                        }),
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

    pub(super) fn body(
        &mut self,
        type_base: &str,
        rb: &openapiv3::RequestBody,
        pointer: &str,
    ) -> Result<Option<Body>> {
        let Some((content_type, media)) = pick_media(&rb.content) else {
            return Ok(None);
        };
        let m_pointer = format!("{pointer}/content/{}", escape_token(content_type));
        let encoding = encoding_of(content_type);
        let ty = match (&media.schema, encoding) {
            (_, Encoding::Bytes | Encoding::Text) | (None, _) => TypeRef::Json,
            (Some(s), _) => {
                let hint = format!("{type_base}{}", generated::BODY_SUFFIX);
                self.schema_ref(s, &hint, &format!("{m_pointer}/schema"))?.0
            }
        };
        let (kind, content_type) = match encoding {
            Encoding::Json => (BodyKind::Json(ty), content_type.to_owned()),
            Encoding::Form => {
                let encoding = self.form_encoding(media, &m_pointer);
                (BodyKind::Form { ty, encoding }, content_type.to_owned())
            }
            Encoding::Multipart => (
                BodyKind::Multipart(ty),
                format!("multipart/form-data; boundary={MULTIPART_BOUNDARY}"),
            ),
            Encoding::Text => (BodyKind::Text, content_type.to_owned()),
            Encoding::Bytes => (BodyKind::Bytes, content_type.to_owned()),
        };
        Ok(Some(Body {
            content_type,
            kind,
            required: rb.required,
            doc: rb.description.clone(),
        }))
    }

    /// The `encoding` entries of a form body that set a style. A missing
    /// `explode` means `true` for `form` (openapiv3 reads it as `false`, so
    /// the raw document says whether it was written; for a body behind a
    /// `$ref` the pointer is the referring one, and the default is taken).
    pub(super) fn form_encoding(
        &self,
        media: &openapiv3::MediaType,
        pointer: &str,
    ) -> Vec<FormEncoding> {
        let raw = self.doc.raw.pointer(pointer);
        media
            .encoding
            .iter()
            .filter_map(|(property, e)| {
                let style = match e.style.as_ref()? {
                    openapiv3::QueryStyle::Form => ParamStyle::Form,
                    openapiv3::QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                    openapiv3::QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                    openapiv3::QueryStyle::DeepObject => ParamStyle::DeepObject,
                };
                let written = raw
                    .and_then(|m| m.get("encoding")?.get(property)?.get("explode"))
                    .is_some();
                let explode = e.explode || (!written && style == ParamStyle::Form);
                Some(FormEncoding {
                    property: property.clone(),
                    style,
                    explode,
                })
            })
            .collect()
    }

    pub(super) fn response_body(
        &mut self,
        hint: &str,
        r: &openapiv3::Response,
        pointer: &str,
    ) -> Result<ResponseBody> {
        let Some((content_type, media)) = pick_media(&r.content) else {
            return Ok(ResponseBody::Empty);
        };
        let m_pointer = format!("{pointer}/content/{}", escape_token(content_type));
        Ok(match encoding_of(content_type) {
            Encoding::Json => match &media.schema {
                Some(s) => {
                    let (ty, nullable) =
                        self.schema_ref(s, hint, &format!("{m_pointer}/schema"))?;
                    if nullable {
                        ResponseBody::Json(TypeRef::Json)
                    } else {
                        ResponseBody::Json(ty)
                    }
                }
                None => ResponseBody::Json(TypeRef::Json),
            },
            Encoding::Text | Encoding::Form => ResponseBody::Text,
            Encoding::Bytes | Encoding::Multipart => ResponseBody::Bytes,
        })
    }
}

/// Picks the media type to use: JSON first, then form, multipart, text, anything.
fn pick_media(content: &openapiv3::Content) -> Option<(&str, &openapiv3::MediaType)> {
    let rank = |ct: &str| match encoding_of(ct) {
        Encoding::Json => 0,
        Encoding::Form => 1,
        Encoding::Multipart => 2,
        Encoding::Text => 3,
        Encoding::Bytes => 4,
    };
    content
        .iter()
        .map(|(k, v)| (k.as_str(), v))
        .min_by_key(|(k, _)| rank(k))
}

fn encoding_of(content_type: &str) -> Encoding {
    let ct = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if ct == "application/json"
        || ct.ends_with("+json")
        || ct == "*/*"
        || ct == "application/*"
        || ct.ends_with("/json")
    {
        Encoding::Json
    } else if ct == "application/x-www-form-urlencoded" {
        Encoding::Form
    } else if ct.starts_with("multipart/") {
        Encoding::Multipart
    } else if ct.starts_with("text/") {
        Encoding::Text
    } else {
        Encoding::Bytes
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
mod tests {
    use super::{template_pieces, Piece};
    use crate::ir::*;
    use crate::lower::lower_yaml;

    const SPEC: &str = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /items/{id}/tags/{tag}.json:
    parameters:
      - {name: id, in: path, required: true, style: label, schema: {type: array, items: {type: string}}}
    post:
      parameters:
        - {name: tag, in: path, required: true, schema: {type: string}}
        - {name: color, in: query, schema: {type: array, items: {type: string}}}
        - {name: pipes, in: query, style: pipeDelimited, explode: false, schema: {type: array, items: {type: string}}}
        - {name: filter, in: query, style: deepObject, schema: {type: object, properties: {a: {type: string}}}}
        - {name: X-Ids, in: header, schema: {type: array, items: {type: integer}}}
        - {name: session, in: cookie, explode: false, schema: {type: string}}
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: {type: object, properties: {tags: {type: array, items: {type: string}}, meta: {type: object}, joined: {type: array, items: {type: string}}}}
            encoding:
              tags: {style: pipeDelimited}
              meta: {style: form}
              joined: {style: form, explode: false}
      responses:
        "204": {description: done}
"##;

    #[test]
    fn the_path_template_is_split_into_parts() {
        let op = &lower_yaml(SPEC).operations[0];
        assert_eq!(
            op.path_parts,
            [
                PathPart::Literal("/items/".into()),
                PathPart::Param(0),
                PathPart::Literal("/tags/".into()),
                PathPart::Param(1),
                PathPart::Literal(".json".into()),
            ]
        );
        // An unclosed `{` is literal text.
        assert_eq!(template_pieces("/a/{b"), [Piece::Literal("/a/{b")]);
        assert_eq!(
            template_pieces("{a}{b}"),
            [Piece::Param("a"), Piece::Param("b")]
        );
    }

    #[test]
    fn every_parameter_has_its_location_style_and_explode() {
        let op = &lower_yaml(SPEC).operations[0];
        let got: Vec<(&str, ParamLocation, ParamStyle, bool, bool)> = op
            .params
            .iter()
            .map(|p| (p.wire.as_str(), p.location, p.style, p.explode, p.scalar))
            .collect();
        use ParamLocation as L;
        use ParamStyle as S;
        assert_eq!(
            got,
            [
                ("id", L::Path, S::Label, false, false),
                ("tag", L::Path, S::Simple, false, true),
                ("color", L::Query, S::Form, true, false),
                ("pipes", L::Query, S::PipeDelimited, false, false),
                ("filter", L::Query, S::DeepObject, false, false),
                ("X-Ids", L::Header, S::Simple, false, false),
                ("session", L::Cookie, S::Form, false, true),
            ]
        );
    }

    #[test]
    fn form_bodies_carry_their_encoding() {
        let op = &lower_yaml(SPEC).operations[0];
        let body = op.body.as_ref().expect("a body");
        let BodyKind::Form { encoding, .. } = &body.kind else {
            panic!("a form body: {body:?}")
        };
        assert_eq!(
            encoding,
            &[
                FormEncoding {
                    property: "tags".into(),
                    style: ParamStyle::PipeDelimited,
                    explode: false
                },
                FormEncoding {
                    property: "meta".into(),
                    style: ParamStyle::Form,
                    explode: true
                },
                FormEncoding {
                    property: "joined".into(),
                    style: ParamStyle::Form,
                    explode: false
                },
            ]
        );
    }

    /// A document that the OpenAPI specification says is wrong, and the
    /// pointer and words of the error the generator gives for it.
    fn refused(paths: &str) -> (String, String) {
        let yaml = format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}");
        let doc = crate::load::load_str(std::path::Path::new("t.yaml"), &yaml).expect("loads");
        match crate::lower::lower(&doc) {
            Err(crate::Error::Invalid {
                location, message, ..
            }) => (location.pointer, message),
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    const OK: &str = "responses: {'204': {description: done}}";

    #[test]
    fn invalid_documents_are_refused_with_the_rule() {
        let cases = [
            (
                format!("  items:\n    get: {{{OK}}}\n"),
                "/paths/items",
                "MUST begin with a forward slash",
            ),
            (
                format!("  /a:\n    get: {{operationId: x, {OK}}}\n  /b:\n    get: {{operationId: x, {OK}}}\n"),
                "/paths/~1b/get/operationId",
                "`x` is also the id of #/paths/~1a/get",
            ),
            (
                format!("  /a:\n    get:\n      parameters:\n        - {{name: q, in: query, schema: {{type: string}}}}\n        - {{name: q, in: query, schema: {{type: string}}}}\n      {OK}\n"),
                "/paths/~1a/get/parameters/1",
                "declared twice",
            ),
            (
                format!("  /a/{{id:\n    get: {{{OK}}}\n"),
                "/paths/~1a~1{id",
                "never closed",
            ),
            (
                format!("  /a/id}}:\n    get: {{{OK}}}\n"),
                "/paths/~1a~1id}",
                "without an opening",
            ),
            (
                format!("  /a:\n    get:\n      parameters:\n        - {{name: id, in: path, required: true, schema: {{type: string}}}}\n      {OK}\n"),
                "/paths/~1a/get",
                "`id` is not in the template",
            ),
        ];
        for (paths, pointer, words) in cases {
            let (at, message) = refused(&paths);
            assert_eq!(at, pointer, "{message}");
            assert!(message.contains(words), "{message}");
        }
    }

    #[test]
    fn the_same_parameter_on_the_path_item_and_the_operation_is_an_override() {
        let yaml = format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    parameters:\n      - {{name: q, in: query, schema: {{type: string}}}}\n    get:\n      parameters:\n        - {{name: q, in: query, required: true, schema: {{type: integer}}}}\n      {OK}\n");
        let api = crate::lower::lower_yaml(&yaml);
        let params = &api.operations[0].params;
        assert_eq!(params.len(), 1);
        assert_eq!(params[0].ty, TypeRef::Integer(IntKind::I64));
    }

    #[test]
    fn headers_openapi_says_to_ignore_are_ignored() {
        let yaml = format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    get:\n      parameters:\n        - {{name: Accept, in: header, schema: {{type: string}}}}\n        - {{name: content-type, in: header, schema: {{type: string}}}}\n        - {{name: AUTHORIZATION, in: header, required: true, schema: {{type: string}}}}\n        - {{name: X-Trace, in: header, schema: {{type: string}}}}\n      {OK}\n");
        let api = crate::lower::lower_yaml(&yaml);
        let wires: Vec<&str> = api.operations[0]
            .params
            .iter()
            .map(|p| p.wire.as_str())
            .collect();
        assert_eq!(wires, ["X-Trace"]);
    }
}
