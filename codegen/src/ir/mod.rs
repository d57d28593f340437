//! Stage 2: the intermediate representation. Plain data, names already
//! decided, in spec order; `emit` turns it into tokens without looking at
//! the OpenAPI document.

mod examples;

pub use examples::Examples;

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
    /// Whether any type or parameter is a typed scalar (the module then
    /// imports the runtime's `scalar` module).
    pub uses_scalars: bool,
    /// The cargo features of the module (one per tag), sorted; empty when
    /// features per tag are off.
    pub features: Vec<String>,
    /// Example values, when they were asked for (`Builder::examples`).
    pub examples: Option<Examples>,
    /// Whether to emit the conformance driver (needs `examples`).
    pub conformance_driver: bool,
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
    /// The cargo features any one of which enables it; empty: always.
    pub features: Vec<String>,
}

/// The kinds of named types.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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
    Newtype(Newtype),
}

/// An object type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Struct {
    /// Known properties, in spec order.
    pub fields: Vec<Field>,
    /// Name of the map field that keeps unknown properties.
    pub extra_name: String,
    /// Value type of that map (`additionalProperties`, or any JSON).
    pub extra_value: TypeRef,
}

/// A struct field.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Field {
    /// Rust name (a keyword is written raw by emit).
    pub name: String,
    /// The JSON property name.
    pub wire: String,
    /// The value type (without the `Option` added for optional fields).
    pub ty: TypeRef,
    /// How the field is read and written.
    pub kind: FieldKind,
    /// Whether the value holds `f64` numbers, written through the runtime's
    /// `Num` so that whole values are written as integers.
    pub number: bool,
    /// Doc text.
    pub doc: Option<String>,
}

impl Field {
    /// Whether the Rust field is an `Option`.
    pub fn optional(&self) -> bool {
        self.kind != FieldKind::Required
    }
}

/// How a field is read and written: whether it must be present, and what a
/// `null` means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldKind {
    /// Required, never `null`: `T`.
    Required,
    /// Required and nullable: `Option<T>`, written as `null` when `None`.
    RequiredNullable,
    /// Not required: `Option<T>`, left out when `None`.
    Optional,
    /// Not required and nullable, in a struct whose extra map holds any
    /// JSON: an explicit `null` is remembered there and written back.
    OptionalNullable,
}

/// A wrapper struct's content.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Newtype {
    /// The wrapped type.
    pub ty: TypeRef,
    /// Whether it holds `f64` numbers (see [`Field::number`]).
    pub number: bool,
}

/// An open string enum: known values plus one variant keeping any other.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StringEnum {
    /// Known values, in spec order.
    pub variants: Vec<Variant>,
    /// Name of the variant holding unknown values.
    pub unknown: String,
}

/// One known enum value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Variant {
    /// Rust variant name.
    pub name: String,
    /// The value on the wire.
    pub wire: String,
}

/// Alternatives (`oneOf`/`anyOf`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Union {
    /// The alternatives, tried in order when there is no discriminator.
    pub variants: Vec<UnionVariant>,
    /// The discriminating property, if any.
    pub discriminator: Option<String>,
    /// Name of the variant keeping a payload no alternative accepts.
    pub fallback: String,
    /// Whether one variant may be much larger than the others (clippy's
    /// `large_enum_variant`), estimated from the types' layout.
    pub large_variant: bool,
    /// For the union of an operation's error bodies: each declared error
    /// status and the index of the variant its body is. An error body is
    /// decoded as its status's type, not as the first alternative that
    /// accepts it. Empty for other unions.
    pub by_status: Vec<(StatusMatch, usize)>,
}

/// One alternative of a union.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UnionVariant {
    /// Rust variant name.
    pub name: String,
    /// The payload type.
    pub ty: TypeRef,
    /// Whether it holds `f64` numbers (see [`Field::number`]).
    pub number: bool,
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
    /// A typed scalar for a string `format` (the runtime's `scalar` module).
    Scalar(ScalarType),
    /// Any JSON value.
    Json,
    /// `Vec<T>`.
    Vec(Box<TypeRef>),
    /// A map from string keys.
    Map(Box<TypeRef>),
    /// `Box<T>`: breaks a cycle of direct containment.
    Boxed(Box<TypeRef>),
    /// `Option<T>`: a nullable array item or map value (`null` decodes as
    /// `None`). Fields carry their nullability in [`FieldKind`] instead.
    Option(Box<TypeRef>),
}

/// The typed scalars of string formats, as the runtime's `scalar` module
/// names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ScalarType {
    /// `format: date-time`: `scalar::DateTime`.
    DateTime,
    /// `format: date`: `scalar::Date`.
    Date,
    /// `format: uuid`: `scalar::Uuid`.
    Uuid,
    /// `format: uri`: `scalar::Uri` (an RFC 3986 URI).
    Uri,
    /// `format: byte`: `scalar::Base64`.
    Base64,
    /// `format: binary`, a top-level property of a multipart body:
    /// `scalar::FilePart`.
    File,
}

impl ScalarType {
    /// The type's name in the runtime's `scalar` module.
    pub fn rust_name(self) -> &'static str {
        match self {
            ScalarType::DateTime => "DateTime",
            ScalarType::Date => "Date",
            ScalarType::Uuid => "Uuid",
            ScalarType::Uri => "Uri",
            ScalarType::Base64 => "Base64",
            ScalarType::File => "FilePart",
        }
    }
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
    /// The spec's `operationId`, or the method name when it has none
    /// (reported to hooks and tracing).
    pub operation_id: String,
    /// HTTP method, upper case.
    pub method: String,
    /// The path template (`/v1/items/{id}`), as the spec writes it.
    pub path: String,
    /// The path template in parts: literal text and parameters.
    pub path_parts: Vec<PathPart>,
    /// JSON pointer of the operation.
    pub pointer: String,
    /// The operation's tags, in spec order.
    pub tags: Vec<String>,
    /// The cargo features any one of which enables it (one per tag, under
    /// features per tag); empty: always.
    pub features: Vec<String>,
    /// The operation's (or its path's) own server, when it has one other
    /// than the document's first.
    pub server: Option<String>,
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
    /// For [`Success::Enum`]: whether one variant may be much larger than
    /// the others (see [`Union::large_variant`]).
    pub success_large_variant: bool,
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

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    /// Text sent as it is.
    Literal(String),
    /// The parameter at this index of [`Operation::params`].
    Param(usize),
}

/// How a parameter value is serialised (OpenAPI's `style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// `simple` (path and header default): `blue,black`.
    Simple,
    /// `label` (path): `.blue,black`.
    Label,
    /// `matrix` (path): `;color=blue,black`.
    Matrix,
    /// `form` (query and cookie default): `color=blue,black`.
    Form,
    /// `spaceDelimited` (query arrays).
    SpaceDelimited,
    /// `pipeDelimited` (query arrays).
    PipeDelimited,
    /// `deepObject` (query objects): `color[R]=100`.
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
    /// How it is serialised.
    pub style: ParamStyle,
    /// `explode` (default: true for `form`, false for the others).
    pub explode: bool,
    /// Whether the value is one plain value (a string, number, boolean or
    /// string enum) that is sent as its text.
    pub scalar: bool,
    /// Doc text.
    pub doc: Option<String>,
    /// Bounds checked before a request is sent.
    pub bounds: Bounds,
    /// JSON pointer of its schema.
    pub pointer: String,
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
    /// The `Content-Type` header sent (for multipart without the boundary,
    /// which the runtime picks per body).
    pub content_type: String,
    /// What the body argument is and how it is encoded.
    pub kind: BodyKind,
    /// Whether the body is required.
    pub required: bool,
    /// Doc text.
    pub doc: Option<String>,
    /// JSON pointer of its schema.
    pub pointer: String,
    /// For a JSON body: a JSON text its schema refuses by `type` alone
    /// (`[]` for an object, string, number or boolean; `{}` for an
    /// array), when the schema states one type (used by the conformance
    /// driver's check that a refused body comes back as the typed error).
    pub refused_json: Option<&'static str>,
}

/// Request bodies, one kind per encoding.
#[derive(Debug, Clone, PartialEq)]
pub enum BodyKind {
    /// A value serialised as JSON.
    Json(TypeRef),
    /// `application/x-www-form-urlencoded`: an object's properties as pairs.
    Form {
        /// The object type.
        ty: TypeRef,
        /// The spec's `encoding` of properties that set a style.
        encoding: Vec<FormEncoding>,
    },
    /// `multipart/form-data`: one part per property; `format: binary`
    /// properties are files (`ScalarType::File`).
    Multipart {
        /// The object type.
        ty: TypeRef,
        /// The spec's `encoding.<property>.contentType`, per property.
        content_types: Vec<(String, String)>,
    },
    /// Text sent as it is (`&str`).
    Text,
    /// Bytes sent as they are.
    Bytes,
}

/// How one property of a form body is serialised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormEncoding {
    /// The property's wire name.
    pub property: String,
    /// Its style.
    pub style: ParamStyle,
    /// Its `explode`.
    pub explode: bool,
}

/// Which statuses a response covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
    /// Whether the items may be `null` (`Vec<Option<item>>`): the stream
    /// then yields `Option<item>`.
    pub items_nullable: bool,
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
    /// Whether the id is a typed scalar (a UUID) that becomes the cursor
    /// through its text, as it is on the wire.
    pub item_id_scalar: bool,
    /// Whether the cursor parameters are typed scalars (UUIDs), parsed
    /// from the cursor text.
    pub cursor_scalar: bool,
    /// The forward-cursor parameter (Rust name).
    pub forward_param: String,
    /// The backward-cursor parameter (Rust name), if any.
    pub backward_param: Option<String>,
}
