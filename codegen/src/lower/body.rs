//! Request and response bodies: the media type used, how it is encoded,
//! and the type it holds.

use super::Lowerer;
use crate::error::{escape_token, Result};
use crate::ir::*;
use crate::naming::generated;

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
                if encoding == Encoding::Multipart {
                    // Its `format: binary` properties are files, where the
                    // schema is lowered: here, or at the `$ref`'s target.
                    let root = match s {
                        openapiv3::ReferenceOr::Reference { reference } => {
                            reference.trim_start_matches('#').to_owned()
                        }
                        openapiv3::ReferenceOr::Item(_) => format!("{m_pointer}/schema"),
                    };
                    self.multipart_roots.insert(root);
                }
                let hint = format!("{type_base}{}", generated::BODY_SUFFIX);
                self.schema_ref(s, &hint, &format!("{m_pointer}/schema"))?.0
            }
        };
        let refused_json = match (&media.schema, encoding) {
            (Some(s), Encoding::Json) => self.refused_json(s, &format!("{m_pointer}/schema")),
            _ => None,
        };
        let (kind, content_type) = match encoding {
            Encoding::Json => (BodyKind::Json(ty), content_type.to_owned()),
            Encoding::Form => {
                let encoding = self.form_encoding(media, &m_pointer);
                (BodyKind::Form { ty, encoding }, content_type.to_owned())
            }
            // The runtime adds the boundary it picks for the body.
            Encoding::Multipart => {
                let content_types = media
                    .encoding
                    .iter()
                    .filter_map(|(p, e)| Some((p.clone(), e.content_type.clone()?)))
                    .collect();
                (
                    BodyKind::Multipart { ty, content_types },
                    "multipart/form-data".to_owned(),
                )
            }
            Encoding::Text => (BodyKind::Text, content_type.to_owned()),
            Encoding::Bytes => (BodyKind::Bytes, content_type.to_owned()),
        };
        Ok(Some(Body {
            content_type,
            kind,
            required: rb.required,
            doc: rb.description.clone(),
            pointer: format!("{m_pointer}/schema"),
            refused_json,
        }))
    }

    /// A response body of any media type (`*/*`): the server picks the
    /// type, so the schema says how to read it. A string schema (or none)
    /// is the content itself, not a JSON text: `format: binary` (or no
    /// schema) the bytes, another string the text. `None`: any other
    /// schema, which only JSON can carry, is decoded as JSON.
    fn any_media_body(&self, media: &openapiv3::MediaType, pointer: &str) -> Option<ResponseBody> {
        use openapiv3::{SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};
        let Some(s) = &media.schema else {
            return Some(ResponseBody::Bytes);
        };
        let schema = self.item(s, &format!("{pointer}/schema")).ok()?;
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(t)) => Some(match &t.format {
                VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => ResponseBody::Bytes,
                _ => ResponseBody::Text,
            }),
            _ => None,
        }
    }

    /// A JSON text that the schema refuses by its `type` alone, when it
    /// states one (no `allOf`/`oneOf`/`anyOf` and no `nullable` reading
    /// could accept it).
    fn refused_json(
        &self,
        s: &openapiv3::ReferenceOr<openapiv3::Schema>,
        pointer: &str,
    ) -> Option<&'static str> {
        use openapiv3::{SchemaKind, Type};
        let schema = self.item(s, pointer).ok()?;
        match &schema.schema_kind {
            SchemaKind::Type(Type::Array(_)) => Some("{}"),
            SchemaKind::Type(
                Type::Object(_)
                | Type::String(_)
                | Type::Number(_)
                | Type::Integer(_)
                | Type::Boolean(_),
            ) => Some("[]"),
            _ => None,
        }
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
        if is_any_media(content_type) {
            if let Some(body) = self.any_media_body(media, &m_pointer) {
                return Ok(body);
            }
        }
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

/// Whether a media type admits any content (`*/*`).
fn is_any_media(content_type: &str) -> bool {
    content_type.split(';').next().unwrap_or("").trim() == "*/*"
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
