//! Stage 2: lowering a loaded document into the [`ir`](crate::ir).
//!
//! Only schemas reachable from an operation become types. Component schemas
//! keep their names; inline objects and enums are named parent + field.
//! One file per OpenAPI concept, each an `impl Lowerer` block:
//! [`resolve`] (references), [`operation`] (parameters, bodies, responses),
//! [`schema`] and [`shape`] (types), [`client`] (security, servers, default
//! headers), [`pagination`], [`cycles`] (recursion) and [`wire`] (how each
//! field and parameter goes on the wire, decided once every type is known).

mod body;
mod client;
mod cycles;
mod dedup;
mod depth;
mod example;
mod features;
mod operation;
mod pagination;
mod resolve;
mod scalar;
mod schema;
mod select;
mod shape;
mod union;
mod wire;

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::PathBuf;

use openapiv3::{OpenAPI, Schema};

use crate::error::{escape_token, Error, Location, Result};
use crate::ir::*;
use crate::load::Document;
use crate::naming::{self, generated, type_name, Scope};

pub use features::assign as assign_features;
pub use scalar::{Scalar, Scalars};
pub use select::Selection;

/// Lowers a document, every string format that has a typed scalar mapped.
pub fn lower(doc: &Document) -> Result<Api> {
    lower_full(doc, &Scalars::all(), &Selection::default())
}

/// Lowers a document with these typed-scalar mappings.
pub fn lower_with(doc: &Document, scalars: &Scalars) -> Result<Api> {
    lower_full(doc, scalars, &Selection::default())
}

/// Lowers the selected operations of a document and the types they reach,
/// with these typed-scalar mappings.
pub fn lower_full(doc: &Document, scalars: &Scalars, selection: &Selection) -> Result<Api> {
    selection.check(doc)?;
    Lowerer::new(doc, scalars.clone(), selection).run()
}

pub use example::{examples, lacks_required, string_format_at, unvalidated_body};

/// A schema that is being (or has been) turned into a type.
struct Pending {
    name: String,
    pointer: String,
    schema: Schema,
}

struct Lowerer<'a> {
    doc: &'a Document,
    /// Which string formats become typed scalars.
    scalars: Scalars,
    selection: &'a Selection,
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
    /// Operation pointer → method name, for operations with an operationId.
    operation_names: BTreeMap<String, String>,
    /// Pointer → type of each inline schema lowered to a type of its own.
    inline_types: BTreeMap<String, TypeRef>,
    /// Pointers of properties an `allOf` merged from a referenced schema:
    /// lowered again, they take the type they already have
    /// (`inline_types`), so a schema whose `allOf` merges itself ends.
    merged: BTreeSet<String>,
    /// Pointers of the schemas of multipart bodies: their `format: binary`
    /// properties are files.
    multipart_roots: BTreeSet<String>,
}

impl<'a> Lowerer<'a> {
    fn new(doc: &'a Document, scalars: Scalars, selection: &'a Selection) -> Self {
        let api = &doc.api;
        let mut types_scope = Scope::with_reserved(generated::RESERVED_TYPE_NAMES.iter().copied());
        let mut component_names = BTreeMap::new();
        if let Some(components) = &api.components {
            for key in components.schemas.keys() {
                let base = type_name(key);
                let name = if types_scope.contains(&base) {
                    types_scope.claim(&format!("{base}{}", generated::MODEL_SUFFIX), "")
                } else {
                    types_scope.claim(&base, "")
                };
                component_names.insert(key.clone(), name);
            }
        }
        Lowerer {
            doc,
            scalars,
            selection,
            api,
            types_scope,
            refs: BTreeMap::new(),
            ref_nullable: BTreeMap::new(),
            queue: VecDeque::new(),
            types: BTreeMap::new(),
            order: Vec::new(),
            component_names,
            depth: 0,
            operation_names: BTreeMap::new(),
            inline_types: BTreeMap::new(),
            merged: BTreeSet::new(),
            multipart_roots: BTreeSet::new(),
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
        let mut method_scope = Scope::with_reserved(
            generated::CLIENT_METHODS
                .iter()
                .chain(generated::MOCK_METHODS)
                .copied(),
        );
        self.claim_operation_ids(&mut method_scope);
        let mut operations = self.operations(&mut method_scope)?;
        self.drain_queue()?;
        self.drop_unusable_discriminators();
        let default_headers = client::default_headers(&operations, &security_schemes);
        self.break_alias_cycles();
        self.drop_union_loops();
        self.box_recursion();
        self.bound_nesting();
        // After the types are final: a page whose items were cut to JSON
        // by the nesting bound is no page.
        for op in &mut operations {
            op.pagination = self.pagination(op).map(|mut p| {
                p.method = method_scope.claim(&p.method, "_");
                p
            });
        }
        let types: Vec<TypeDef> = self
            .order
            .iter()
            .filter_map(|n| self.types.get(n).cloned())
            .collect();
        let mut api = Api {
            title: self.api.info.title.clone(),
            version: self.api.info.version.clone(),
            description: self.api.info.description.clone(),
            servers: client::servers(self.api),
            shared_error: shared_error(&operations),
            types,
            operations,
            security_schemes,
            default_headers,
            uses_scalars: false,
            features: Vec::new(),
            examples: None,
            conformance_driver: false,
        };
        wire::decide(&mut api);
        dedup::dedup(&mut api);
        Ok(api)
    }

    /// Claims the method names of operations that have an operationId, in
    /// spec order, before names derived from paths are made up.
    fn claim_operation_ids(&mut self, method_scope: &mut Scope) {
        for (key, item) in self.api.paths.paths.iter() {
            let openapiv3::ReferenceOr::Item(item) = item else {
                continue;
            };
            for (method, op) in methods(item) {
                let Some(id) = op.as_ref().and_then(|op| op.operation_id.as_deref()) else {
                    continue;
                };
                if id.trim().is_empty() {
                    continue;
                }
                let pointer = format!("/paths/{}/{method}", escape_token(key));
                let name = method_scope.claim(&naming::field_name(id), "_");
                self.operation_names.insert(pointer, name);
            }
        }
    }

    /// Every operation, in path then method order.
    fn operations(&mut self, method_scope: &mut Scope) -> Result<Vec<Operation>> {
        let mut operations = Vec::new();
        // operationId → the pointer of the operation that has it.
        let mut ids: BTreeMap<String, String> = BTreeMap::new();
        // openapiv3 drops such keys without a word: read them from the document.
        let raw_paths = self.doc.raw.get("paths").and_then(|p| p.as_object());
        if let Some(key) = raw_paths
            .into_iter()
            .flat_map(|p| p.keys())
            .find(|k| !k.starts_with('/') && !k.starts_with("x-"))
        {
            return Err(self.invalid(
                &format!("/paths/{}", escape_token(key)),
                format!("path `{key}` does not start with `/` (OpenAPI 3, Paths Object: a path MUST begin with a forward slash)"),
            ));
        }
        for (key, item) in self.api.paths.paths.iter() {
            let item_pointer = format!("/paths/{}", escape_token(key));
            // Some specs put a query string in the path key
            // (`/search?q={q}`); its parameters are declared `in: query`,
            // or `in: path` (then they are sent in the query, see `At::query`).
            let (path, query) = match key.split_once('?') {
                Some((path, query)) => (path, Some(query)),
                None => (key.as_str(), None),
            };
            let item = self.item(item, &item_pointer)?;
            for (method, op) in methods(&item) {
                let Some(op) = op else { continue };
                let pointer = format!("{item_pointer}/{method}");
                if let Some(id) = op.operation_id.as_deref() {
                    if let Some(first) = ids.insert(id.to_owned(), pointer.clone()) {
                        return Err(self.invalid(
                            &format!("{pointer}/operationId"),
                            format!("operationId `{id}` is also the id of #{first} (OpenAPI 3, Operation Object: the id MUST be unique among all operations)"),
                        ));
                    }
                }
                if !self.selection.keeps(&op.tags, op.operation_id.as_deref()) {
                    continue;
                }
                let at = operation::At {
                    path,
                    query,
                    method,
                    pointer: &pointer,
                    path_params: &item.parameters,
                    servers: &item.servers,
                };
                operations.push(self.operation(at, op, method_scope)?);
            }
        }
        Ok(operations)
    }
}

/// A path item's operations, in the order the generated client lists them.
fn methods(item: &openapiv3::PathItem) -> [(&'static str, &Option<openapiv3::Operation>); 8] {
    [
        ("get", &item.get),
        ("put", &item.put),
        ("post", &item.post),
        ("delete", &item.delete),
        ("options", &item.options),
        ("head", &item.head),
        ("patch", &item.patch),
        ("trace", &item.trace),
    ]
}

/// The error body type every operation shares, when they all share one.
fn shared_error(operations: &[Operation]) -> Option<TypeRef> {
    let errors: BTreeSet<&TypeRef> = operations.iter().map(|o| &o.error).collect();
    match errors.len() {
        1 => errors.into_iter().next().cloned(),
        _ => None,
    }
}

/// Summary and description as one doc text (once when they are the same).
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

/// Lowers a small spec written in the test, for the tests beside each concept.
#[cfg(test)]
pub(crate) fn lower_yaml(yaml: &str) -> Api {
    lower_yaml_with(yaml, &Scalars::all())
}

/// [`lower_yaml`] with these typed-scalar mappings.
#[cfg(test)]
pub(crate) fn lower_yaml_with(yaml: &str, scalars: &Scalars) -> Api {
    let doc = crate::load::load_str(std::path::Path::new("test.yaml"), yaml).expect("spec loads");
    lower_with(&doc, scalars).expect("spec lowers")
}

/// The definition of the type named `name`.
#[cfg(test)]
fn type_named<'a>(api: &'a Api, name: &str) -> &'a TypeKind {
    &api.types
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no type {name}"))
        .kind
}
