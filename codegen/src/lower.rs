//! Stage 2: lowering a loaded document into the [`ir`](crate::ir).
//!
//! Only schemas reachable from an operation become types. Component schemas
//! keep their names; inline objects and enums are named parent + field.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::PathBuf;

use openapiv3::{
    AdditionalProperties, Components, OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr,
    Schema, SchemaKind, StatusCode, Type,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{escape_token, Error, Location, Result};
use crate::ir::*;
use crate::load::{resolve_pointer, Document};
use crate::naming::{field_name, type_name, variant_name, Scope};

/// What a `$ref` can name: deserialisable from the raw document, and, for
/// the kinds `components` holds, found in the deserialised document.
trait Component: DeserializeOwned + Clone {
    /// The `components` member that holds this kind.
    const KIND: &'static str;
    /// The entry `name` of that member.
    fn entry<'c>(components: &'c Components, name: &str) -> Option<&'c ReferenceOr<Self>>;
}

macro_rules! component {
    ($($t:ty => $kind:literal $field:ident,)*) => {$(
        impl Component for $t {
            const KIND: &'static str = $kind;
            fn entry<'c>(components: &'c Components, name: &str) -> Option<&'c ReferenceOr<Self>> {
                components.$field.get(name)
            }
        }
    )*};
}

component! {
    Schema => "schemas" schemas,
    Parameter => "parameters" parameters,
    openapiv3::RequestBody => "requestBodies" request_bodies,
    openapiv3::Response => "responses" responses,
    openapiv3::SecurityScheme => "securitySchemes" security_schemes,
}

impl Component for openapiv3::PathItem {
    const KIND: &'static str = "pathItems";
    fn entry<'c>(_: &'c Components, _: &str) -> Option<&'c ReferenceOr<Self>> {
        None
    }
}

/// Names the generated module defines besides the spec's types, and the
/// std names its code uses unqualified: a schema of one of these names
/// gets a `Model` suffix (`Result` → `ResultModel`).
pub const RESERVED_TYPE_NAMES: &[&str] = &[
    "Client",
    "ClientBuilder",
    "Error",
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "BTreeMap",
];

/// Builder methods every client has; security and header setters avoid them.
const BUILDER_METHODS: &[&str] = &[
    "base_url",
    "credential",
    "default_header",
    "timeout",
    "connect_timeout",
    "retry",
    "user_agent",
    "http_client",
    "build",
];

/// Client methods every client has; operation names avoid them.
const CLIENT_METHODS: &[&str] = &["new", "builder", "from_config", "http", "clone"];

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Lowers a document.
pub fn lower(doc: &Document) -> Result<Api> {
    Lowerer::new(doc).run()
}

/// A schema that is being (or has been) turned into a type.
struct Pending {
    name: String,
    pointer: String,
    schema: Schema,
}

struct Lowerer<'a> {
    doc: &'a Document,
    api: &'a OpenAPI,
    types_scope: Scope,
    /// `$ref` string → type, for every reference already named.
    refs: BTreeMap<String, TypeRef>,
    /// `$ref` string → nullable flag of its target.
    ref_nullable: BTreeMap<String, bool>,
    queue: VecDeque<(String, Pending)>,
    types: BTreeMap<String, TypeDef>,
    order: Vec<String>,
    /// Component names claimed up front, so they are stable.
    component_names: BTreeMap<String, String>,
    /// Depth guard for allOf/ref expansion.
    depth: usize,
}

impl<'a> Lowerer<'a> {
    fn new(doc: &'a Document) -> Self {
        let api = &doc.api;
        let mut types_scope = Scope::with_reserved(RESERVED_TYPE_NAMES.iter().copied());
        let mut component_names = BTreeMap::new();
        if let Some(components) = &api.components {
            for key in components.schemas.keys() {
                let base = type_name(key);
                let name = if types_scope.contains(&base) {
                    types_scope.claim(&format!("{base}Model"), "")
                } else {
                    types_scope.claim(&base, "")
                };
                component_names.insert(key.clone(), name);
            }
        }
        Lowerer {
            doc,
            api,
            types_scope,
            refs: BTreeMap::new(),
            ref_nullable: BTreeMap::new(),
            queue: VecDeque::new(),
            types: BTreeMap::new(),
            order: Vec::new(),
            component_names,
            depth: 0,
        }
    }

    fn path(&self) -> PathBuf {
        self.doc.path.clone()
    }

    fn unsupported(&self, pointer: &str, message: impl Into<String>) -> Error {
        Error::Unsupported {
            path: self.path(),
            location: Location::pointer(pointer),
            message: message.into(),
        }
    }

    fn invalid(&self, pointer: &str, message: impl Into<String>) -> Error {
        Error::Invalid {
            path: self.path(),
            location: Location::pointer(pointer),
            message: message.into(),
        }
    }

    fn run(mut self) -> Result<Api> {
        let security_schemes = self.security_schemes()?;
        let mut operations = Vec::new();
        let mut method_scope = Scope::with_reserved(CLIENT_METHODS.iter().copied());
        for (key, item) in self.api.paths.paths.iter() {
            let item_pointer = format!("/paths/{}", escape_token(key));
            // Some specs put a query string in the path key
            // (`/search?q={q}`); its parameters are declared `in: query`.
            let path = key.split('?').next().unwrap_or(key);
            let item = self.item(item, &item_pointer)?;
            for method in METHODS {
                let op = match method {
                    "get" => &item.get,
                    "put" => &item.put,
                    "post" => &item.post,
                    "delete" => &item.delete,
                    "options" => &item.options,
                    "head" => &item.head,
                    "patch" => &item.patch,
                    _ => &item.trace,
                };
                let Some(op) = op else { continue };
                let pointer = format!("{item_pointer}/{method}");
                operations.push(self.operation(
                    path,
                    method,
                    op,
                    &item.parameters,
                    &pointer,
                    &mut method_scope,
                )?);
            }
        }
        self.drain_queue()?;
        let default_headers = default_headers(&operations, &security_schemes);
        for op in &mut operations {
            op.pagination = self.pagination(op).map(|mut p| {
                p.method = method_scope.claim(&p.method, "_");
                p
            });
        }
        self.break_alias_cycles();
        self.drop_union_loops();
        self.box_recursion();
        let shared_error = {
            let errors: BTreeSet<&TypeRef> = operations.iter().map(|o| &o.error).collect();
            (errors.len() == 1)
                .then(|| errors.into_iter().next().cloned())
                .flatten()
        };
        let info = &self.api.info;
        let types = self
            .order
            .iter()
            .filter_map(|n| self.types.get(n).cloned())
            .collect();
        Ok(Api {
            title: info.title.clone(),
            version: info.version.clone(),
            description: info.description.clone(),
            servers: self
                .api
                .servers
                .iter()
                .map(|s| Server {
                    url: server_url(s),
                    description: s.description.clone(),
                })
                .collect(),
            types,
            operations,
            security_schemes,
            default_headers,
            shared_error,
        })
    }

    /// Deserialises the node a local `$ref` points at.
    fn resolve<T: Component>(&self, reference: &str, pointer: &str) -> Result<T> {
        // The common case, `#/components/<kind>/<name>` naming an item: a
        // copy of the item already deserialised with the document.
        if let Some(item) = self.component::<T>(reference) {
            return Ok(item.clone());
        }
        let node = resolve_pointer(&self.doc.raw, reference).ok_or_else(|| Error::DanglingRef {
            path: self.path(),
            location: Location::pointer(pointer),
            target: reference.to_owned(),
            message: "no such node in the document".into(),
        })?;
        // Follow chains of bare references.
        let mut node = node;
        let mut hops = 0;
        while let Some(next) = node.get("$ref").and_then(Value::as_str) {
            hops += 1;
            node = match resolve_pointer(&self.doc.raw, next) {
                Some(n) if hops < 64 => n,
                _ => {
                    return Err(Error::RefCycle {
                        path: self.path(),
                        location: Location::pointer(pointer),
                        chain: reference.to_owned(),
                    })
                }
            };
        }
        serde_path_to_error::deserialize(node).map_err(|e| {
            self.invalid(
                &format!(
                    "{}{}",
                    reference.trim_start_matches('#'),
                    crate::load::path_to_pointer(e.path())
                ),
                e.into_inner().to_string(),
            )
        })
    }

    /// `r` itself, or the item its `$ref` names: borrowed from the document
    /// when it can be ([`Lowerer::component`]), else deserialised.
    fn item<'d, T: Component>(&self, r: &'d ReferenceOr<T>, pointer: &str) -> Result<Cow<'d, T>>
    where
        'a: 'd,
    {
        match r {
            ReferenceOr::Item(item) => Ok(Cow::Borrowed(item)),
            ReferenceOr::Reference { reference } => match self.component::<T>(reference) {
                Some(item) => Ok(Cow::Borrowed(item)),
                None => self.resolve(reference, pointer).map(Cow::Owned),
            },
        }
    }

    /// The item a `#/components/<kind>/<name>` reference names, when it is
    /// an item (not another reference) and the name needs no unescaping.
    fn component<T: Component>(&self, reference: &str) -> Option<&'a T> {
        let name = reference
            .strip_prefix("#/components/")?
            .strip_prefix(T::KIND)?
            .strip_prefix('/')?;
        if name.contains(['/', '~', '%']) {
            return None;
        }
        match T::entry(self.api.components.as_ref()?, name)? {
            ReferenceOr::Item(item) => Some(item),
            ReferenceOr::Reference { .. } => None,
        }
    }

    fn security_schemes(&self) -> Result<Vec<SecurityScheme>> {
        let mut out = Vec::new();
        let Some(components) = &self.api.components else {
            return Ok(out);
        };
        let mut scope = Scope::with_reserved(BUILDER_METHODS.iter().copied());
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

    #[allow(clippy::too_many_arguments)]
    fn operation(
        &mut self,
        path: &str,
        method: &str,
        op: &openapiv3::Operation,
        path_params: &[ReferenceOr<Parameter>],
        pointer: &str,
        method_scope: &mut Scope,
    ) -> Result<Operation> {
        let raw_name = match &op.operation_id {
            Some(id) if !id.trim().is_empty() => id.clone(),
            _ => name_from_path(method, path),
        };
        let name = method_scope.claim(&field_name(&raw_name), "_");
        let type_base = type_name(&raw_name);
        let params_type = self.types_scope.claim(&format!("{type_base}Params"), "");

        // Parameters: path-level first, overridden by operation-level ones.
        let mut params_by_key: Vec<((String, &'static str), Cow<Parameter>, String)> = Vec::new();
        for (list, base) in [
            (
                path_params,
                format!("{}/parameters", parent_pointer(pointer)),
            ),
            (&op.parameters[..], format!("{pointer}/parameters")),
        ] {
            for (i, p) in list.iter().enumerate() {
                let p_pointer = format!("{base}/{i}");
                let p = self.item(p, &p_pointer)?;
                let loc = match &*p {
                    Parameter::Query { .. } => "query",
                    Parameter::Header { .. } => "header",
                    Parameter::Path { .. } => "path",
                    Parameter::Cookie { .. } => "cookie",
                };
                let key = (p.parameter_data_ref().name.clone(), loc);
                params_by_key.retain(|(k, _, _)| *k != key);
                params_by_key.push((key, p, p_pointer));
            }
        }
        let mut param_scope = Scope::new();
        let mut params = Vec::new();
        for (_, p, p_pointer) in params_by_key {
            params.push(self.param(&type_base, &p, &p_pointer, &mut param_scope)?);
        }
        for name in path_template_names(path) {
            if !params
                .iter()
                .any(|p| p.location == ParamLocation::Path && p.wire == name)
            {
                return Err(self.invalid(
                    pointer,
                    format!("path template `{path}` uses `{{{name}}}`, which is not a declared path parameter"),
                ));
            }
        }

        let body = match &op.request_body {
            None => None,
            Some(rb) => {
                let rb_pointer = format!("{pointer}/requestBody");
                let rb = self.item(rb, &rb_pointer)?;
                self.body(&type_base, &rb, &rb_pointer)?
            }
        };

        let mut responses = Vec::new();
        let mut variant_scope = Scope::new();
        let resp_pointer = format!("{pointer}/responses");
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
        for (status, r, token) in declared {
            let r_pointer = format!("{resp_pointer}/{token}");
            let r = self.item(r, &r_pointer)?;
            let suffix = match status {
                StatusMatch::Code(c) => format!("Status{c}"),
                StatusMatch::Range(r) => format!("Status{r}xx"),
                StatusMatch::Default => "Default".into(),
            };
            let body = self.response_body(
                &format!("{type_base}Response{}", suffix.trim_start_matches("Status")),
                &r,
                &r_pointer,
            )?;
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

        let success_shapes: Vec<&ResponseBody> = {
            let mut v: Vec<&ResponseBody> = Vec::new();
            for r in responses.iter().filter(|r| r.status.is_success()) {
                if !v.contains(&&r.body) {
                    v.push(&r.body);
                }
            }
            v
        };
        let success = match success_shapes.as_slice() {
            [] => Success::Single(ResponseBody::Empty),
            [one] => Success::Single((*one).clone()),
            _ => Success::Enum(self.types_scope.claim(&format!("{type_base}Response"), "")),
        };
        let error = self.error_type(&type_base, &responses, pointer);

        let security = op
            .security
            .as_ref()
            .or(self.api.security.as_ref())
            .map(|reqs| {
                reqs.iter()
                    .map(|r| r.keys().cloned().collect::<Vec<_>>())
                    .collect()
            })
            .unwrap_or_default();

        let doc = join_doc(op.summary.as_deref(), op.description.as_deref());
        Ok(Operation {
            name,
            method: method.to_ascii_uppercase(),
            path: path.to_owned(),
            pointer: pointer.to_owned(),
            doc,
            deprecated: op.deprecated,
            params_type,
            params,
            body,
            responses,
            success,
            error,
            security,
            pagination: None,
        })
    }

    /// The error body type of an operation: the one schema its error
    /// responses share, a union of several, or any JSON.
    fn error_type(&mut self, type_base: &str, responses: &[Response], pointer: &str) -> TypeRef {
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
                let name = self.types_scope.claim(&format!("{type_base}ErrorBody"), "");
                let mut scope = Scope::new();
                let variants = distinct
                    .into_iter()
                    .map(|ty| UnionVariant {
                        name: scope.claim(&variant_for_type(&ty), ""),
                        ty,
                        tags: Vec::new(),
                    })
                    .collect();
                let fallback = scope.claim_first(&["Other", "Unknown"], "");
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

    fn param(
        &mut self,
        type_base: &str,
        p: &Parameter,
        pointer: &str,
        scope: &mut Scope,
    ) -> Result<Param> {
        let (location, style) = match p {
            Parameter::Query { style, .. } => {
                let explode = p.parameter_data_ref().explode;
                let style = match style {
                    openapiv3::QueryStyle::Form => QueryStyle::Form {
                        explode: explode.unwrap_or(true),
                    },
                    openapiv3::QueryStyle::SpaceDelimited => QueryStyle::SpaceDelimited,
                    openapiv3::QueryStyle::PipeDelimited => QueryStyle::PipeDelimited,
                    openapiv3::QueryStyle::DeepObject => QueryStyle::DeepObject,
                };
                (ParamLocation::Query, style)
            }
            Parameter::Header { .. } => {
                (ParamLocation::Header, QueryStyle::Form { explode: false })
            }
            Parameter::Path { .. } => (ParamLocation::Path, QueryStyle::Form { explode: false }),
            Parameter::Cookie { .. } => (ParamLocation::Cookie, QueryStyle::Form { explode: true }),
        };
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
            doc: data.description.clone(),
            bounds,
        })
    }

    fn bounds(&self, s: &ReferenceOr<Schema>) -> Bounds {
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

    fn body(
        &mut self,
        type_base: &str,
        rb: &openapiv3::RequestBody,
        pointer: &str,
    ) -> Result<Option<Body>> {
        let Some((content_type, media)) = pick_media(&rb.content) else {
            return Ok(None);
        };
        let encoding = body_encoding(content_type);
        let m_pointer = format!("{pointer}/content/{}", escape_token(content_type));
        let ty = match (&media.schema, encoding) {
            (_, BodyEncoding::Bytes) => TypeRef::Json,
            (_, BodyEncoding::Text) => TypeRef::String,
            (Some(s), _) => {
                self.schema_ref(
                    s,
                    &format!("{type_base}Body"),
                    &format!("{m_pointer}/schema"),
                )?
                .0
            }
            (None, _) => TypeRef::Json,
        };
        Ok(Some(Body {
            content_type: content_type.to_owned(),
            encoding,
            ty,
            required: rb.required,
            doc: rb.description.clone(),
        }))
    }

    fn response_body(
        &mut self,
        hint: &str,
        r: &openapiv3::Response,
        pointer: &str,
    ) -> Result<ResponseBody> {
        let Some((content_type, media)) = pick_media(&r.content) else {
            return Ok(ResponseBody::Empty);
        };
        let m_pointer = format!("{pointer}/content/{}", escape_token(content_type));
        Ok(match body_encoding(content_type) {
            BodyEncoding::Json => match &media.schema {
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
            BodyEncoding::Text | BodyEncoding::Form => ResponseBody::Text,
            BodyEncoding::Bytes | BodyEncoding::Multipart => ResponseBody::Bytes,
        })
    }

    /// Lowers a schema or reference; returns the type and whether it is nullable.
    fn schema_ref(
        &mut self,
        s: &ReferenceOr<Schema>,
        hint: &str,
        pointer: &str,
    ) -> Result<(TypeRef, bool)> {
        match s {
            ReferenceOr::Reference { reference } => self.reference(reference, pointer),
            ReferenceOr::Item(schema) => self.schema(schema, hint, pointer),
        }
    }

    fn schema_box(
        &mut self,
        s: &ReferenceOr<Box<Schema>>,
        hint: &str,
        pointer: &str,
    ) -> Result<(TypeRef, bool)> {
        match s {
            ReferenceOr::Reference { reference } => self.reference(reference, pointer),
            ReferenceOr::Item(schema) => self.schema(schema, hint, pointer),
        }
    }

    /// The type a `$ref` names: components keep their names; other targets
    /// are named after their last pointer token.
    fn reference(&mut self, reference: &str, pointer: &str) -> Result<(TypeRef, bool)> {
        if let Some(t) = self.refs.get(reference) {
            return Ok((t.clone(), self.ref_nullable[reference]));
        }
        let schema: Schema = self.resolve(reference, pointer)?;
        let target = reference.trim_start_matches('#').to_owned();
        let name = match reference
            .strip_prefix("#/components/schemas/")
            .map(|k| k.replace("~1", "/").replace("~0", "~"))
            .and_then(|k| self.component_names.get(&k).cloned())
        {
            Some(n) => n,
            None => {
                let last = target.rsplit('/').next().unwrap_or("Schema");
                self.types_scope.claim(&type_name(last), "")
            }
        };
        let nullable = schema.schema_data.nullable;
        let ty = TypeRef::Named(name.clone());
        self.refs.insert(reference.to_owned(), ty.clone());
        self.ref_nullable.insert(reference.to_owned(), nullable);
        self.queue.push_back((
            name.clone(),
            Pending {
                name,
                pointer: target,
                schema,
            },
        ));
        Ok((ty, nullable))
    }

    fn drain_queue(&mut self) -> Result<()> {
        while let Some((name, pending)) = self.queue.pop_front() {
            let kind = self.named_kind(&pending.name, &pending.schema, &pending.pointer)?;
            let doc = doc_of(&pending.schema);
            self.define(
                name.clone(),
                TypeDef {
                    name,
                    doc,
                    pointer: pending.pointer,
                    kind,
                },
            );
        }
        Ok(())
    }

    fn define(&mut self, name: String, def: TypeDef) {
        if !self.types.contains_key(&name) {
            self.order.push(name.clone());
        }
        self.types.insert(name, def);
    }

    /// The definition of a named schema (a component or a `$ref` target).
    fn named_kind(&mut self, name: &str, schema: &Schema, pointer: &str) -> Result<TypeKind> {
        if let Some(kind) = self.composite_kind(name, schema, pointer)? {
            return Ok(kind);
        }
        // Anything else is an alias of what the schema lowers to inline.
        // Lower with a hint that cannot clash with the alias itself.
        let (ty, _) = self.schema(schema, &format!("{name}Value"), pointer)?;
        // `A: {allOf: [{$ref: A}]}` says nothing about A's shape.
        if ty == TypeRef::Named(name.to_owned()) {
            return Ok(TypeKind::Alias(TypeRef::Json));
        }
        Ok(TypeKind::Alias(ty))
    }

    /// Objects, string enums and unions define a type of their own.
    fn composite_kind(
        &mut self,
        name: &str,
        schema: &Schema,
        pointer: &str,
    ) -> Result<Option<TypeKind>> {
        let shape = Shape::of(schema);
        Ok(Some(match shape {
            Shape::Enum(values) => TypeKind::Enum(string_enum(&values)),
            Shape::Object {
                properties,
                required,
                additional,
            } if !properties.is_empty() => {
                TypeKind::Struct(self.object(name, &properties, &required, additional, pointer)?)
            }
            Shape::AllOf(members) => match self.all_of(name, &members, pointer)? {
                Some(s) => TypeKind::Struct(s),
                None => return Ok(None),
            },
            Shape::OneOf(members, disc) => {
                TypeKind::Union(self.union(name, &members, disc, pointer)?)
            }
            _ => return Ok(None),
        }))
    }

    /// Lowers an inline schema. Returns the type and whether it is nullable.
    fn schema(&mut self, schema: &Schema, hint: &str, pointer: &str) -> Result<(TypeRef, bool)> {
        let nullable = schema.schema_data.nullable;
        self.depth += 1;
        if self.depth > 200 {
            self.depth -= 1;
            return Err(self.unsupported(pointer, "schema nesting deeper than 200 levels"));
        }
        let result = self.schema_inner(schema, hint, pointer);
        self.depth -= 1;
        let (ty, inner_nullable) = result?;
        Ok((ty, nullable || inner_nullable))
    }

    fn schema_inner(
        &mut self,
        schema: &Schema,
        hint: &str,
        pointer: &str,
    ) -> Result<(TypeRef, bool)> {
        let shape = Shape::of(schema);
        Ok(match shape {
            Shape::String => (TypeRef::String, false),
            Shape::Integer(k) => (TypeRef::Integer(k), false),
            Shape::Number => (TypeRef::Number, false),
            Shape::Bool => (TypeRef::Bool, false),
            Shape::Any => (TypeRef::Json, false),
            Shape::Array(items) => {
                let ty = match items {
                    Some(items) => {
                        let (t, _) = self.schema_box(
                            &items,
                            &format!("{hint}Item"),
                            &format!("{pointer}/items"),
                        )?;
                        t
                    }
                    None => TypeRef::Json,
                };
                (TypeRef::Vec(Box::new(ty)), false)
            }
            Shape::Object {
                ref properties,
                ref additional,
                ..
            } if properties.is_empty() => {
                let value = self.additional(additional.as_ref(), hint, pointer)?;
                (TypeRef::Map(Box::new(value)), false)
            }
            // `allOf: [X]`, or `allOf: [X, {description: ..}]`: X itself
            // (annotation-only members add docs, not shape).
            Shape::AllOf(ref members)
                if is_plain_wrapper(schema)
                    && members.iter().filter(|m| !is_annotation_only(m)).count() == 1 =>
            {
                let (i, member) = members
                    .iter()
                    .enumerate()
                    .find(|(_, m)| !is_annotation_only(m))
                    .expect("counted one above");
                let nullable = members.iter().any(|m| {
                    matches!(m, ReferenceOr::Item(s) if is_annotation_only(m) && s.schema_data.nullable)
                });
                let (t, inner) = self.schema_ref(member, hint, &format!("{pointer}/allOf/{i}"))?;
                (t, inner || nullable)
            }
            Shape::OneOf(ref members, None) if members.len() == 1 => {
                let key = if matches!(schema.schema_kind, SchemaKind::AnyOf { .. }) {
                    "anyOf"
                } else {
                    "oneOf"
                };
                self.schema_ref(&members[0], hint, &format!("{pointer}/{key}/0"))?
            }
            _ => {
                let name = self.types_scope.claim(&type_name(hint), "");
                match self.composite_kind(&name, schema, pointer)? {
                    Some(kind) => {
                        self.define(
                            name.clone(),
                            TypeDef {
                                name: name.clone(),
                                doc: doc_of(schema),
                                pointer: pointer.to_owned(),
                                kind,
                            },
                        );
                        (TypeRef::Named(name), false)
                    }
                    None => (TypeRef::Json, false),
                }
            }
        })
    }

    fn additional(
        &mut self,
        additional: Option<&AdditionalProperties>,
        hint: &str,
        pointer: &str,
    ) -> Result<TypeRef> {
        Ok(match additional {
            Some(AdditionalProperties::Schema(s)) => {
                let (t, nullable) = self.schema_ref(
                    s,
                    &format!("{hint}Value"),
                    &format!("{pointer}/additionalProperties"),
                )?;
                if nullable {
                    TypeRef::Json
                } else {
                    t
                }
            }
            _ => TypeRef::Json,
        })
    }

    fn object(
        &mut self,
        name: &str,
        properties: &[(String, ReferenceOr<Box<Schema>>)],
        required: &BTreeSet<String>,
        additional: Option<AdditionalProperties>,
        pointer: &str,
    ) -> Result<Struct> {
        let mut scope = Scope::new();
        let mut fields = Vec::new();
        for (wire, s) in properties {
            let field = scope.claim(&field_name(wire), "_");
            let f_pointer = format!("{pointer}/properties/{}", escape_token(wire));
            let (ty, nullable) =
                self.schema_box(s, &format!("{name}{}", type_name(wire)), &f_pointer)?;
            let doc = match s {
                ReferenceOr::Item(s) => s.schema_data.description.clone(),
                ReferenceOr::Reference { .. } => None,
            };
            fields.push(Field {
                name: field,
                wire: wire.clone(),
                ty,
                required: required.contains(wire),
                nullable,
                doc,
            });
        }
        let extra_value = self.additional(additional.as_ref(), name, pointer)?;
        let extra_name =
            scope.claim_first(&["extra", "extra_fields", "additional_properties"], "_");
        Ok(Struct {
            fields,
            extra_name,
            extra_value,
        })
    }

    /// Merges `allOf` members that are objects into one struct.
    fn all_of(
        &mut self,
        name: &str,
        members: &[ReferenceOr<Schema>],
        pointer: &str,
    ) -> Result<Option<Struct>> {
        let mut properties: Vec<(String, ReferenceOr<Box<Schema>>)> = Vec::new();
        let mut required = BTreeSet::new();
        let mut additional = None;
        let mut seen = BTreeSet::new();
        if !self.collect_all_of(
            members,
            pointer,
            &mut properties,
            &mut required,
            &mut additional,
            &mut seen,
            0,
        )? {
            return Ok(None);
        }
        if properties.is_empty() {
            return Ok(None);
        }
        Ok(Some(self.object(
            name,
            &properties,
            &required,
            additional,
            pointer,
        )?))
    }

    #[allow(clippy::too_many_arguments)]
    fn collect_all_of(
        &self,
        members: &[ReferenceOr<Schema>],
        pointer: &str,
        properties: &mut Vec<(String, ReferenceOr<Box<Schema>>)>,
        required: &mut BTreeSet<String>,
        additional: &mut Option<AdditionalProperties>,
        seen: &mut BTreeSet<String>,
        depth: usize,
    ) -> Result<bool> {
        if depth > 32 {
            return Err(Error::RefCycle {
                path: self.path(),
                location: Location::pointer(pointer),
                chain: "allOf members that include each other".into(),
            });
        }
        for (i, m) in members.iter().enumerate() {
            let m_pointer = format!("{pointer}/allOf/{i}");
            if let ReferenceOr::Reference { reference } = m {
                if !seen.insert(reference.clone()) {
                    return Err(Error::RefCycle {
                        path: self.path(),
                        location: Location::pointer(m_pointer),
                        chain: format!("allOf includes `{reference}` twice on one path"),
                    });
                }
            }
            let schema = self.item(m, &m_pointer)?;
            match Shape::of(&schema) {
                Shape::Object {
                    properties: props,
                    required: req,
                    additional: add,
                } => {
                    for (k, v) in props {
                        properties.retain(|(pk, _)| *pk != k);
                        properties.push((k, v));
                    }
                    required.extend(req);
                    if add.is_some() {
                        *additional = add;
                    }
                }
                Shape::AllOf(inner) => {
                    if !self.collect_all_of(
                        &inner,
                        &m_pointer,
                        properties,
                        required,
                        additional,
                        seen,
                        depth + 1,
                    )? {
                        return Ok(false);
                    }
                }
                // Constraint-only members (a description, `required` alone).
                Shape::Any => {
                    if let SchemaKind::Any(any) = &schema.schema_kind {
                        required.extend(any.required.iter().cloned());
                    }
                }
                _ => return Ok(false),
            }
            if let ReferenceOr::Reference { reference } = m {
                seen.remove(reference);
            }
        }
        Ok(true)
    }

    fn union(
        &mut self,
        name: &str,
        members: &[ReferenceOr<Schema>],
        discriminator: Option<openapiv3::Discriminator>,
        pointer: &str,
    ) -> Result<Union> {
        let mut scope = Scope::new();
        let mut variants: Vec<UnionVariant> = Vec::new();
        for (i, m) in members.iter().enumerate() {
            let m_pointer = format!("{pointer}/oneOf/{i}");
            let (ty, _) = self.schema_ref(m, &format!("{name}Variant{}", i + 1), &m_pointer)?;
            if variants.iter().any(|v| v.ty == ty) {
                continue;
            }
            let mut tags = Vec::new();
            if let (Some(d), ReferenceOr::Reference { reference }) = (&discriminator, m) {
                for (value, target) in &d.mapping {
                    let full = if target.starts_with('#') {
                        target.clone()
                    } else {
                        format!("#/components/schemas/{target}")
                    };
                    if full == *reference {
                        tags.push(value.clone());
                    }
                }
                if d.mapping.is_empty() {
                    if let Some(key) = reference.strip_prefix("#/components/schemas/") {
                        tags.push(key.to_owned());
                    }
                }
            }
            tags.retain(|t| !variants.iter().any(|v| v.tags.contains(t)));
            variants.push(UnionVariant {
                name: scope.claim(&variant_for_type(&ty), ""),
                ty,
                tags,
            });
        }
        let fallback = scope.claim_first(&["Unknown", "Other"], "");
        let discriminator = discriminator
            .filter(|_| variants.iter().all(|v| !v.tags.is_empty()))
            .map(|d| d.property_name);
        Ok(Union {
            variants,
            discriminator,
            fallback,
        })
    }

    /// Detects cursor pagination from the operation's shape: a GET whose
    /// success body is an object with one array of objects that have an `id`,
    /// one boolean "more" flag, and `starting_after`/`ending_before` cursor
    /// parameters (optionally a nullable string `next_cursor` field).
    fn pagination(&self, op: &Operation) -> Option<Pagination> {
        if op.method != "GET" {
            return None;
        }
        let Success::Single(ResponseBody::Json(TypeRef::Named(page))) = &op.success else {
            return None;
        };
        let TypeKind::Struct(page) = &self.types.get(page)?.kind else {
            return None;
        };
        let cursor_param = |wire: &str| {
            op.params.iter().find(|p| {
                p.location == ParamLocation::Query
                    && p.wire == wire
                    && p.ty == TypeRef::String
                    && !p.required
            })
        };
        let forward = cursor_param("starting_after")?;
        let backward = cursor_param("ending_before");
        let arrays: Vec<(&Field, &String)> = page
            .fields
            .iter()
            .filter_map(|f| match &f.ty {
                TypeRef::Vec(inner) => match inner.as_ref() {
                    TypeRef::Named(n) => Some((f, n)),
                    _ => None,
                },
                _ => None,
            })
            .collect();
        let [(items, item_type)] = arrays.as_slice() else {
            return None;
        };
        let TypeKind::Struct(item) = &self.types.get(*item_type)?.kind else {
            return None;
        };
        let id = item
            .fields
            .iter()
            .find(|f| f.wire == "id" && f.ty == TypeRef::String)?;
        let flags: Vec<&Field> = page
            .fields
            .iter()
            .filter(|f| f.ty == TypeRef::Bool)
            .collect();
        let [has_more] = flags.as_slice() else {
            return None;
        };
        let next_cursor = page
            .fields
            .iter()
            .find(|f| f.wire == "next_cursor" && f.ty == TypeRef::String && f.optional());
        Some(Pagination {
            method: format!("{}_stream", op.name),
            item: TypeRef::Named((*item_type).clone()),
            items_field: items.name.clone(),
            items_optional: items.optional(),
            has_more_field: has_more.name.clone(),
            has_more_optional: has_more.optional(),
            next_cursor_field: next_cursor.map(|f| f.name.clone()),
            item_id_field: id.name.clone(),
            item_id_optional: id.optional(),
            forward_param: forward.name.clone(),
            backward_param: backward.map(|p| p.name.clone()),
        })
    }

    /// Type aliases that mention themselves (`A = Vec<A>`, directly or
    /// through other aliases) become newtype structs: Rust cannot expand them.
    fn break_alias_cycles(&mut self) {
        for name in self.order.clone() {
            let Some(TypeDef {
                kind: TypeKind::Alias(t),
                ..
            }) = self.types.get(&name).cloned()
            else {
                continue;
            };
            let mut seen = BTreeSet::new();
            if mentions(&t)
                .iter()
                .any(|n| self.alias_reaches(n, &name, &mut seen))
            {
                if let Some(def) = self.types.get_mut(&name) {
                    def.kind = TypeKind::Newtype(t);
                }
            }
        }
    }

    /// A union alternative that leads back to the union without going through
    /// an object (`A = oneOf[string, A]`) would make decoding recurse on the
    /// same value forever; such alternatives add nothing and are dropped.
    fn drop_union_loops(&mut self) {
        for name in self.order.clone() {
            let Some(TypeDef {
                kind: TypeKind::Union(mut u),
                ..
            }) = self.types.get(&name).cloned()
            else {
                continue;
            };
            let before = u.variants.len();
            u.variants.retain(|v| {
                !mentions_direct(&v.ty)
                    .iter()
                    .any(|n| self.same_value_reaches(n, &name, &mut BTreeSet::new()))
            });
            if u.variants.len() != before {
                if let Some(def) = self.types.get_mut(&name) {
                    def.kind = TypeKind::Union(u);
                }
            }
        }
    }

    /// Whether decoding `from` can decode `to` from the same JSON value
    /// (through unions, aliases and newtypes, not objects or arrays).
    fn same_value_reaches(&self, from: &str, to: &str, seen: &mut BTreeSet<String>) -> bool {
        if from == to {
            return true;
        }
        if !seen.insert(from.to_owned()) {
            return false;
        }
        let next: Vec<String> = match self.types.get(from).map(|d| &d.kind) {
            Some(TypeKind::Union(u)) => u
                .variants
                .iter()
                .flat_map(|v| mentions_direct(&v.ty))
                .collect(),
            Some(TypeKind::Alias(t) | TypeKind::Newtype(t)) => mentions_direct(t),
            _ => Vec::new(),
        };
        next.iter().any(|n| self.same_value_reaches(n, to, seen))
    }

    /// Whether expanding the alias `from` (through aliases only) reaches `to`.
    fn alias_reaches(&self, from: &str, to: &str, seen: &mut BTreeSet<String>) -> bool {
        if from == to {
            return true;
        }
        if !seen.insert(from.to_owned()) {
            return false;
        }
        match self.types.get(from).map(|d| &d.kind) {
            Some(TypeKind::Alias(t)) => mentions(t).iter().any(|n| self.alias_reaches(n, to, seen)),
            _ => false,
        }
    }

    /// Boxes struct fields, union payloads and newtype contents that would
    /// make a type contain itself.
    fn box_recursion(&mut self) {
        for name in self.order.clone() {
            let Some(def) = self.types.get(&name).cloned() else {
                continue;
            };
            let mut kind = def.kind;
            let mut changed = false;
            let mut fix = |t: &mut TypeRef, this: &Self| {
                if let Some(target) = direct_target(t) {
                    if this.reaches(&target, &name, &mut BTreeSet::new()) {
                        *t = TypeRef::Boxed(Box::new(t.clone()));
                        changed = true;
                    }
                }
            };
            match &mut kind {
                TypeKind::Struct(s) => s.fields.iter_mut().for_each(|f| fix(&mut f.ty, self)),
                TypeKind::Union(u) => u.variants.iter_mut().for_each(|v| fix(&mut v.ty, self)),
                TypeKind::Newtype(t) => fix(t, self),
                TypeKind::Alias(_) | TypeKind::Enum(_) => {}
            }
            if changed {
                if let Some(def) = self.types.get_mut(&name) {
                    def.kind = kind;
                }
            }
        }
    }

    /// Whether `from` contains `to` without indirection (Vec, map, Box).
    fn reaches(&self, from: &str, to: &str, seen: &mut BTreeSet<String>) -> bool {
        if from == to {
            return true;
        }
        if !seen.insert(from.to_owned()) {
            return false;
        }
        let Some(def) = self.types.get(from) else {
            return false;
        };
        let targets: Vec<String> = match &def.kind {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .filter_map(|f| direct_target(&f.ty))
                .collect(),
            TypeKind::Union(u) => u
                .variants
                .iter()
                .filter_map(|v| direct_target(&v.ty))
                .collect(),
            TypeKind::Alias(t) | TypeKind::Newtype(t) => direct_target(t).into_iter().collect(),
            TypeKind::Enum(_) => Vec::new(),
        };
        targets.iter().any(|t| self.reaches(t, to, seen))
    }
}

/// Every named type a type mentions, at any depth.
fn mentions(t: &TypeRef) -> Vec<String> {
    match t {
        TypeRef::Named(n) => vec![n.clone()],
        TypeRef::Vec(i) | TypeRef::Map(i) | TypeRef::Boxed(i) => mentions(i),
        _ => Vec::new(),
    }
}

/// The named type decoded from the same JSON value (through `Box` only).
fn mentions_direct(t: &TypeRef) -> Vec<String> {
    match t {
        TypeRef::Named(n) => vec![n.clone()],
        TypeRef::Boxed(i) => mentions_direct(i),
        _ => Vec::new(),
    }
}

/// The named type a field holds directly (not behind Vec, map or Box).
fn direct_target(t: &TypeRef) -> Option<String> {
    match t {
        TypeRef::Named(n) => Some(n.clone()),
        _ => None,
    }
}

/// The shape of a schema, whichever way openapiv3 parsed it.
enum Shape {
    String,
    Enum(Vec<String>),
    Integer(IntKind),
    Number,
    Bool,
    Array(Option<ReferenceOr<Box<Schema>>>),
    Object {
        properties: Vec<(String, ReferenceOr<Box<Schema>>)>,
        required: BTreeSet<String>,
        additional: Option<AdditionalProperties>,
    },
    AllOf(Vec<ReferenceOr<Schema>>),
    OneOf(Vec<ReferenceOr<Schema>>, Option<openapiv3::Discriminator>),
    Any,
}

impl Shape {
    fn of(schema: &Schema) -> Shape {
        let disc = schema.schema_data.discriminator.clone();
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                let values: Vec<String> = s.enumeration.iter().flatten().cloned().collect();
                if values.is_empty() {
                    Shape::String
                } else {
                    Shape::Enum(values)
                }
            }
            SchemaKind::Type(Type::Integer(i)) => Shape::Integer(int_kind(&i.format)),
            SchemaKind::Type(Type::Number(_)) => Shape::Number,
            SchemaKind::Type(Type::Boolean(_)) => Shape::Bool,
            SchemaKind::Type(Type::Array(a)) => Shape::Array(a.items.clone()),
            SchemaKind::Type(Type::Object(o)) => Shape::Object {
                properties: o
                    .properties
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
                required: o.required.iter().cloned().collect(),
                additional: o.additional_properties.clone(),
            },
            SchemaKind::AllOf { all_of } => Shape::AllOf(all_of.clone()),
            SchemaKind::OneOf { one_of } => Shape::OneOf(one_of.clone(), disc),
            SchemaKind::AnyOf { any_of } => Shape::OneOf(any_of.clone(), disc),
            SchemaKind::Not { .. } => Shape::Any,
            SchemaKind::Any(any) => {
                if !any.one_of.is_empty() {
                    return Shape::OneOf(any.one_of.clone(), disc);
                }
                if !any.any_of.is_empty() {
                    return Shape::OneOf(any.any_of.clone(), disc);
                }
                if !any.all_of.is_empty() {
                    let mut members = any.all_of.clone();
                    if !any.properties.is_empty() {
                        // Properties beside allOf: merge them as one more member.
                        let mut own = schema.clone();
                        if let SchemaKind::Any(a) = &mut own.schema_kind {
                            a.all_of.clear();
                            a.one_of.clear();
                            a.any_of.clear();
                        }
                        members.push(ReferenceOr::Item(own));
                    }
                    return Shape::AllOf(members);
                }
                let typ = any.typ.as_deref();
                if !any.properties.is_empty()
                    || typ == Some("object")
                    || any.additional_properties.is_some()
                {
                    return Shape::Object {
                        properties: any
                            .properties
                            .iter()
                            .map(|(k, v)| (k.clone(), v.clone()))
                            .collect(),
                        required: any.required.iter().cloned().collect(),
                        additional: any.additional_properties.clone(),
                    };
                }
                if any.items.is_some() || typ == Some("array") {
                    return Shape::Array(any.items.clone());
                }
                let strings: Vec<String> = any
                    .enumeration
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect();
                match typ {
                    Some("string") | None
                        if !strings.is_empty()
                            && strings.len()
                                == any.enumeration.iter().filter(|v| !v.is_null()).count() =>
                    {
                        Shape::Enum(strings)
                    }
                    Some("string") => Shape::String,
                    Some("integer") => Shape::Integer(int_kind_str(any.format.as_deref())),
                    Some("number") => Shape::Number,
                    Some("boolean") => Shape::Bool,
                    _ => Shape::Any,
                }
            }
        }
    }
}

fn int_kind(format: &openapiv3::VariantOrUnknownOrEmpty<openapiv3::IntegerFormat>) -> IntKind {
    match format {
        openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => IntKind::I32,
        openapiv3::VariantOrUnknownOrEmpty::Unknown(s) => int_kind_str(Some(s)),
        _ => IntKind::I64,
    }
}

fn int_kind_str(format: Option<&str>) -> IntKind {
    match format {
        Some("int32") => IntKind::I32,
        Some("uint64") | Some("uint") => IntKind::U64,
        _ => IntKind::I64,
    }
}

/// A schema that is only `allOf: [x]` plus documentation.
/// An inline member that only annotates (description, nullable, example,
/// readOnly, ...) and constrains no shape.
fn is_annotation_only(member: &ReferenceOr<Schema>) -> bool {
    let ReferenceOr::Item(schema) = member else {
        return false;
    };
    let SchemaKind::Any(a) = &schema.schema_kind else {
        return false;
    };
    a.typ.is_none()
        && a.properties.is_empty()
        && a.required.is_empty()
        && a.additional_properties.is_none()
        && a.items.is_none()
        && a.enumeration.is_empty()
        && a.one_of.is_empty()
        && a.all_of.is_empty()
        && a.any_of.is_empty()
        && a.not.is_none()
}

fn is_plain_wrapper(schema: &Schema) -> bool {
    matches!(schema.schema_kind, SchemaKind::AllOf { .. })
        || matches!(&schema.schema_kind, SchemaKind::Any(a) if a.properties.is_empty())
}

fn string_enum(values: &[String]) -> StringEnum {
    let mut scope = Scope::new();
    let mut variants = Vec::new();
    let mut seen = BTreeSet::new();
    for v in values {
        if !seen.insert(v.clone()) {
            continue;
        }
        variants.push(Variant {
            name: scope.claim(&variant_name(v), ""),
            wire: v.clone(),
        });
    }
    let unknown = scope.claim_first(&["Unknown", "UnknownValue", "Other"], "");
    StringEnum { variants, unknown }
}

fn variant_for_type(t: &TypeRef) -> String {
    match t {
        TypeRef::Named(n) => n.clone(),
        TypeRef::String => "String".into(),
        TypeRef::Integer(_) => "Integer".into(),
        TypeRef::Number => "Number".into(),
        TypeRef::Bool => "Bool".into(),
        TypeRef::Json => "Json".into(),
        TypeRef::Vec(inner) => format!("{}List", variant_for_type(inner)),
        TypeRef::Map(inner) => format!("{}Map", variant_for_type(inner)),
        TypeRef::Boxed(inner) => variant_for_type(inner),
    }
}

fn doc_of(schema: &Schema) -> Option<String> {
    join_doc(
        schema.schema_data.title.as_deref(),
        schema.schema_data.description.as_deref(),
    )
}

fn join_doc(summary: Option<&str>, description: Option<&str>) -> Option<String> {
    let parts: Vec<&str> = [summary, description]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    match parts.as_slice() {
        [] => None,
        [one] => Some((*one).to_owned()),
        [a, b] if a == b => Some((*a).to_owned()),
        _ => Some(parts.join("\n\n")),
    }
}

/// Picks the media type to use: JSON first, then form, multipart, text, anything.
fn pick_media(content: &openapiv3::Content) -> Option<(&str, &openapiv3::MediaType)> {
    let rank = |ct: &str| match body_encoding(ct) {
        BodyEncoding::Json => 0,
        BodyEncoding::Form => 1,
        BodyEncoding::Multipart => 2,
        BodyEncoding::Text => 3,
        BodyEncoding::Bytes => 4,
    };
    content
        .iter()
        .map(|(k, v)| (k.as_str(), v))
        .min_by_key(|(k, _)| rank(k))
}

fn body_encoding(content_type: &str) -> BodyEncoding {
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
        BodyEncoding::Json
    } else if ct == "application/x-www-form-urlencoded" {
        BodyEncoding::Form
    } else if ct.starts_with("multipart/") {
        BodyEncoding::Multipart
    } else if ct.starts_with("text/") {
        BodyEncoding::Text
    } else {
        BodyEncoding::Bytes
    }
}

fn server_url(s: &openapiv3::Server) -> String {
    let mut url = s.url.clone();
    if let Some(vars) = &s.variables {
        for (k, v) in vars {
            url = url.replace(&format!("{{{k}}}"), &v.default);
        }
    }
    url
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

fn path_template_names(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(end) = rest[start..].find('}') else {
            break;
        };
        out.push(rest[start + 1..start + end].to_owned());
        rest = &rest[start + end + 1..];
    }
    out
}

fn parent_pointer(pointer: &str) -> &str {
    pointer.rsplit_once('/').map_or("", |(p, _)| p)
}

/// Optional header parameters that the builder can set for every request.
fn default_headers(ops: &[Operation], schemes: &[SecurityScheme]) -> Vec<DefaultHeader> {
    let mut scope = Scope::with_reserved(BUILDER_METHODS.iter().copied());
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
