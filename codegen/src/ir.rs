//! Stage 2: the intermediate representation. Plain data, names already
//! decided, in spec order; `emit` turns it into tokens without looking at
//! the OpenAPI document.

/// One API: everything one generated module contains.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// `servers`, in order; the first is the default base URL.
    pub servers: Vec<Server>,
    /// Every type the module defines, in a deterministic order.
    pub types: Vec<TypeDef>,
    /// Every operation, in path then method order.
    pub operations: Vec<Operation>,
    /// Security schemes, in `components.securitySchemes` order.
    pub security_schemes: Vec<SecurityScheme>,
    /// Optional header parameters that the client builder can set once for
    /// every request (an API-version header, say).
    pub default_headers: Vec<DefaultHeader>,
    /// The error body type shared by every operation, when they all share one.
    pub shared_error: Option<TypeRef>,
}

/// A server URL.
#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    /// The URL, with variables replaced by their defaults.
    pub url: String,
    /// `description`.
    pub description: Option<String>,
}

/// A named type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// The Rust name.
    pub name: String,
    /// Doc text.
    pub doc: Option<String>,
    /// JSON pointer of the schema it comes from.
    pub pointer: String,
    /// What it is.
    pub kind: TypeKind,
}

/// The kinds of named types.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// An object with known properties; unknown properties are kept.
    Struct(Struct),
    /// An open string enum.
    Enum(StringEnum),
    /// `oneOf`/`anyOf`: alternatives, with a fallback that keeps any payload.
    Union(Union),
    /// A name for another type (`pub type X = Y;`).
    Alias(TypeRef),
    /// A wrapper struct (`pub struct X(pub Y);`), for a named type that
    /// refers to itself, which a type alias cannot.
    Newtype(TypeRef),
}

/// An object type.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// Known properties, in spec order.
    pub fields: Vec<Field>,
    /// Name of the map field that keeps unknown properties.
    pub extra_name: String,
    /// Value type of that map (`additionalProperties`, or any JSON).
    pub extra_value: TypeRef,
}

/// A struct field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Rust name (a keyword is written raw by emit).
    pub name: String,
    /// The JSON property name.
    pub wire: String,
    /// The value type (without the `Option` added for optional fields).
    pub ty: TypeRef,
    /// In the schema's `required` list.
    pub required: bool,
    /// `nullable: true`.
    pub nullable: bool,
    /// Doc text.
    pub doc: Option<String>,
}

impl Field {
    /// Whether the Rust field is an `Option`.
    pub fn optional(&self) -> bool {
        !self.required || self.nullable
    }
}

/// An open string enum: known values plus one variant keeping any other.
#[derive(Debug, Clone, PartialEq)]
pub struct StringEnum {
    /// Known values, in spec order.
    pub variants: Vec<Variant>,
    /// Name of the variant holding unknown values.
    pub unknown: String,
}

/// One known enum value.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// Rust variant name.
    pub name: String,
    /// The value on the wire.
    pub wire: String,
}

/// Alternatives (`oneOf`/`anyOf`).
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// The alternatives, tried in order when there is no discriminator.
    pub variants: Vec<UnionVariant>,
    /// The discriminating property, if any.
    pub discriminator: Option<String>,
    /// Name of the variant keeping a payload no alternative accepts.
    pub fallback: String,
}

/// One alternative of a union.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// Rust variant name.
    pub name: String,
    /// The payload type.
    pub ty: TypeRef,
    /// Discriminator values selecting this variant.
    pub tags: Vec<String>,
}

/// A reference to a type.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    /// A type defined in the module.
    Named(String),
    /// `String`.
    String,
    /// Integers.
    Integer(IntKind),
    /// `f64`.
    Number,
    /// `bool`.
    Bool,
    /// Any JSON value.
    Json,
    /// `Vec<T>`.
    Vec(Box<TypeRef>),
    /// A map from string keys.
    Map(Box<TypeRef>),
    /// `Box<T>`: breaks a cycle of direct containment.
    Boxed(Box<TypeRef>),
}

/// Integer widths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IntKind {
    /// `i32` (`format: int32`).
    I32,
    /// `i64` (the default).
    I64,
    /// `u64` (`format: uint64`).
    U64,
}

/// A security scheme the client can carry credentials for.
#[derive(Debug, Clone, PartialEq)]
pub struct SecurityScheme {
    /// The scheme's key in `components.securitySchemes`.
    pub key: String,
    /// The client-builder method that sets it.
    pub method: String,
    /// How it is sent.
    pub kind: SecurityKind,
    /// Doc text.
    pub doc: Option<String>,
}

/// How credentials are sent.
#[derive(Debug, Clone, PartialEq)]
pub enum SecurityKind {
    /// HTTP Basic.
    Basic,
    /// A bearer token (HTTP bearer, OAuth 2, OpenID Connect).
    Bearer,
    /// An API key in a header, the query or a cookie.
    ApiKey {
        /// `header`, `query` or `cookie`.
        location: ParamLocation,
        /// The header, query or cookie name.
        name: String,
    },
}

/// A header the client builder can set for every request.
#[derive(Debug, Clone, PartialEq)]
pub struct DefaultHeader {
    /// The header name.
    pub wire: String,
    /// The builder method.
    pub method: String,
    /// Doc text.
    pub doc: Option<String>,
}

/// One operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The client method name.
    pub name: String,
    /// HTTP method, upper case.
    pub method: String,
    /// The path template (`/v1/items/{id}`).
    pub path: String,
    /// JSON pointer of the operation.
    pub pointer: String,
    /// Summary and description.
    pub doc: Option<String>,
    /// Whether the operation is deprecated.
    pub deprecated: bool,
    /// Name of the params type.
    pub params_type: String,
    /// Parameters, in spec order.
    pub params: Vec<Param>,
    /// The request body.
    pub body: Option<Body>,
    /// Responses, in spec order.
    pub responses: Vec<Response>,
    /// What a successful call returns.
    pub success: Success,
    /// The decoded error body type.
    pub error: TypeRef,
    /// Security alternatives: each a list of scheme keys applied together.
    pub security: Vec<Vec<String>>,
    /// Cursor pagination, when the operation's shape supports it.
    pub pagination: Option<Pagination>,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// In the path.
    Path,
    /// In the query string.
    Query,
    /// In a header.
    Header,
    /// In a cookie.
    Cookie,
}

/// How a query parameter is serialised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// `form` (the default); `explode` repeats the name for each array item.
    Form {
        /// Repeat the name for each item.
        explode: bool,
    },
    /// `spaceDelimited` arrays.
    SpaceDelimited,
    /// `pipeDelimited` arrays.
    PipeDelimited,
    /// `deepObject`: `name[key]=value`.
    DeepObject,
}

/// One parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Rust field name in the params type.
    pub name: String,
    /// The name on the wire.
    pub wire: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Its type (without `Option`).
    pub ty: TypeRef,
    /// Required parameters are not `Option`.
    pub required: bool,
    /// Query serialisation.
    pub style: QueryStyle,
    /// Doc text.
    pub doc: Option<String>,
    /// Bounds checked before a request is sent.
    pub bounds: Bounds,
}

/// Client-side checks from the schema.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Bounds {
    /// `minimum` (exclusive when the flag is set).
    pub minimum: Option<(f64, bool)>,
    /// `maximum` (exclusive when the flag is set).
    pub maximum: Option<(f64, bool)>,
    /// `minLength` / `minItems`.
    pub min_len: Option<usize>,
    /// `maxLength` / `maxItems`.
    pub max_len: Option<usize>,
}

impl Bounds {
    /// Whether there is anything to check.
    pub fn is_empty(&self) -> bool {
        *self == Bounds::default()
    }
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// The content type sent.
    pub content_type: String,
    /// How it is encoded.
    pub encoding: BodyEncoding,
    /// Its type (`Json` encoding), ignored for raw bytes.
    pub ty: TypeRef,
    /// Whether the body is required.
    pub required: bool,
    /// Doc text.
    pub doc: Option<String>,
}

/// Body encodings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyEncoding {
    /// JSON.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`.
    Multipart,
    /// Text.
    Text,
    /// Raw bytes.
    Bytes,
}

/// Which statuses a response covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusMatch {
    /// One code.
    Code(u16),
    /// `2XX` etc: the first digit.
    Range(u16),
    /// `default`.
    Default,
}

impl StatusMatch {
    /// Whether this covers success statuses.
    pub fn is_success(self) -> bool {
        match self {
            StatusMatch::Code(c) => (200..300).contains(&c),
            StatusMatch::Range(r) => r == 2,
            StatusMatch::Default => false,
        }
    }
}

/// How a response body is decoded.
#[derive(Debug, Clone, PartialEq)]
pub enum ResponseBody {
    /// No body.
    Empty,
    /// JSON into a type.
    Json(TypeRef),
    /// Text.
    Text,
    /// Raw bytes.
    Bytes,
}

/// One declared response.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// The statuses it covers.
    pub status: StatusMatch,
    /// Its body.
    pub body: ResponseBody,
    /// The response enum variant (for operations with several success shapes).
    pub variant: String,
    /// `description`.
    pub doc: Option<String>,
}

/// What a successful call returns.
#[derive(Debug, Clone, PartialEq)]
pub enum Success {
    /// One shape for every success status.
    Single(ResponseBody),
    /// Several: a generated enum with one variant per success response.
    Enum(String),
}

/// Cursor pagination detected from the operation's shape.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// The stream method's name.
    pub method: String,
    /// The item type.
    pub item: TypeRef,
    /// The page field holding the items.
    pub items_field: String,
    /// Whether the items field is an `Option`.
    pub items_optional: bool,
    /// The page's "more pages" flag.
    pub has_more_field: String,
    /// Whether the flag is an `Option`.
    pub has_more_optional: bool,
    /// The page's next-cursor field, if it has one.
    pub next_cursor_field: Option<String>,
    /// The item's id field (the cursor of an item).
    pub item_id_field: String,
    /// Whether the id is an `Option`.
    pub item_id_optional: bool,
    /// The forward-cursor parameter (Rust name).
    pub forward_param: String,
    /// The backward-cursor parameter (Rust name), if any.
    pub backward_param: Option<String>,
}
