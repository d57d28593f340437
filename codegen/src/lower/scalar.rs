//! String formats to typed scalars (`date-time` → `scalar::DateTime`, …),
//! each mapping on unless the builder turns it off.

use crate::ir::{ScalarType, TypeRef};

/// A string `format` that generated code can give a type of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Scalar {
    /// `format: date-time` → `apigen_runtime::scalar::DateTime`
    /// (`chrono::DateTime<chrono::Utc>`), RFC 3339 on the wire.
    DateTime,
    /// `format: date` → `apigen_runtime::scalar::Date` (`chrono::NaiveDate`).
    Date,
    /// `format: uuid` → `apigen_runtime::scalar::Uuid` (`uuid::Uuid`).
    Uuid,
    /// `format: uri` → `apigen_runtime::scalar::Uri` (`fluent_uri::Uri<String>`):
    /// exactly the URIs of RFC 3986, as JSON Schema's `uri` format says.
    Uri,
    /// `format: byte` → `apigen_runtime::scalar::Base64` (the decoded bytes).
    Byte,
    /// `format: binary`, a top-level property (or the items of one) of a
    /// `multipart/form-data` body → `apigen_runtime::FilePart`, a file part.
    /// Elsewhere in a model it stays a `String`: JSON has no lossless form
    /// for bytes. (An `application/octet-stream` body is `bytes::Bytes`
    /// whatever this says.)
    Binary,
}

impl Scalar {
    /// Every scalar, in the order of [`Scalar::format`]'s table.
    pub const ALL: [Scalar; 6] = [
        Scalar::DateTime,
        Scalar::Date,
        Scalar::Uuid,
        Scalar::Uri,
        Scalar::Byte,
        Scalar::Binary,
    ];

    /// The `format` value it maps (`date-time`, `date`, `uuid`, `uri`,
    /// `byte`, `binary`).
    pub fn format(self) -> &'static str {
        match self {
            Scalar::DateTime => "date-time",
            Scalar::Date => "date",
            Scalar::Uuid => "uuid",
            Scalar::Uri => "uri",
            Scalar::Byte => "byte",
            Scalar::Binary => "binary",
        }
    }

    /// The scalar of a `format` value, if it maps one.
    pub fn from_format(format: &str) -> Option<Scalar> {
        Scalar::ALL.into_iter().find(|s| s.format() == format)
    }

    fn ty(self) -> ScalarType {
        match self {
            Scalar::DateTime => ScalarType::DateTime,
            Scalar::Date => ScalarType::Date,
            Scalar::Uuid => ScalarType::Uuid,
            Scalar::Uri => ScalarType::Uri,
            Scalar::Byte => ScalarType::Base64,
            Scalar::Binary => ScalarType::File,
        }
    }
}

/// Which string formats become typed scalars (all by default).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scalars {
    off: Vec<Scalar>,
}

impl Default for Scalars {
    fn default() -> Self {
        Scalars::all()
    }
}

impl Scalars {
    /// Every mapping on.
    pub fn all() -> Self {
        Scalars { off: Vec::new() }
    }

    /// Every mapping off: every string is a `String`.
    pub fn none() -> Self {
        Scalars {
            off: Scalar::ALL.to_vec(),
        }
    }

    /// Turns one mapping on or off.
    pub fn set(&mut self, scalar: Scalar, on: bool) {
        self.off.retain(|s| *s != scalar);
        if !on {
            self.off.push(scalar);
        }
    }

    /// Whether a mapping is on.
    pub fn is_on(&self, scalar: Scalar) -> bool {
        !self.off.contains(&scalar)
    }

    /// The type of a string schema with this `format`; `file_part`: whether
    /// the schema is a part of a multipart body (where a `binary` string is
    /// a file).
    pub(super) fn string(&self, format: Option<&str>, file_part: bool) -> TypeRef {
        match format.and_then(Scalar::from_format) {
            Some(Scalar::Binary) if !file_part => TypeRef::String,
            Some(s) if self.is_on(s) => TypeRef::Scalar(s.ty()),
            _ => TypeRef::String,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::TypeKind;
    use crate::lower::{lower_yaml_with, type_named};

    const SPEC: &str = "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /x:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/T'}
components:
  schemas:
    T:
      type: object
      properties:
        at: {type: string, format: date-time}
        on: {type: string, format: date}
        id: {type: string, format: uuid}
        link: {type: string, format: uri}
        data: {type: string, format: byte}
        file: {type: string, format: binary}
        mail: {type: string, format: email}
        untyped: {format: date-time}
";

    fn field_types(scalars: &Scalars) -> Vec<TypeRef> {
        let api = lower_yaml_with(SPEC, scalars);
        match type_named(&api, "T") {
            TypeKind::Struct(s) => s.fields.iter().map(|f| f.ty.clone()).collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn each_format_maps_to_its_scalar() {
        use ScalarType::*;
        let s = TypeRef::Scalar;
        assert_eq!(
            field_types(&Scalars::all()),
            [
                s(DateTime),
                s(Date),
                s(Uuid),
                s(Uri),
                s(Base64),
                TypeRef::String,
                TypeRef::String,
                TypeRef::Json,
            ]
        );
        assert!(lower_yaml_with(SPEC, &Scalars::all()).uses_scalars);
    }

    #[test]
    fn each_mapping_turns_off_alone() {
        for (i, scalar) in Scalar::ALL.into_iter().enumerate() {
            let mut scalars = Scalars::all();
            scalars.set(scalar, false);
            let types = field_types(&scalars);
            assert_eq!(types[i], TypeRef::String, "{scalar:?}");
            for (j, t) in types.iter().enumerate().take(5) {
                assert_eq!(
                    j == i,
                    *t == TypeRef::String,
                    "{scalar:?}: field {j} is {t:?}"
                );
            }
        }
        assert!(field_types(&Scalars::none())[..5]
            .iter()
            .all(|t| *t == TypeRef::String));
        assert!(!lower_yaml_with(SPEC, &Scalars::none()).uses_scalars);
    }

    #[test]
    fn formats_are_named_both_ways() {
        for s in Scalar::ALL {
            assert_eq!(Scalar::from_format(s.format()), Some(s));
        }
        assert_eq!(Scalar::from_format("binary"), Some(Scalar::Binary));
        assert_eq!(Scalar::from_format("email"), None);
    }

    const MULTIPART: &str = "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    post:
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              properties:
                file: {type: string, format: binary}
                files: {type: array, items: {type: string, format: binary}}
                inner: {type: object, properties: {raw: {type: string, format: binary}}}
      responses: {'204': {description: ok}}
  /b:
    post:
      requestBody:
        content:
          multipart/form-data:
            schema: {$ref: '#/components/schemas/Upload'}
      responses: {'204': {description: ok}}
components:
  schemas:
    Upload:
      type: object
      properties:
        file: {type: string, format: binary}
";

    fn fields(api: &crate::ir::Api, name: &str) -> Vec<TypeRef> {
        match type_named(api, name) {
            TypeKind::Struct(s) => s.fields.iter().map(|f| f.ty.clone()).collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn binary_parts_of_multipart_bodies_are_files() {
        let file = TypeRef::Scalar(ScalarType::File);
        let api = lower_yaml_with(MULTIPART, &Scalars::all());
        let body = fields(&api, "PostABody");
        assert_eq!(body[0], file);
        assert_eq!(body[1], TypeRef::Vec(Box::new(file.clone())));
        // Below the top level there are no parts: a string.
        assert_eq!(fields(&api, "PostABodyInner"), [TypeRef::String]);
        assert_eq!(fields(&api, "Upload"), [file]);

        let mut off = Scalars::all();
        off.set(Scalar::Binary, false);
        let api = lower_yaml_with(MULTIPART, &off);
        assert_eq!(fields(&api, "PostABody")[0], TypeRef::String);
        assert_eq!(fields(&api, "Upload"), [TypeRef::String]);
    }
}
