//! apigen: an OpenAPI 3 to Rust code generator.
//!
//! One spec becomes one Rust module: model structs that keep unknown fields,
//! open enums that keep unknown values, and an async `Client` with auth from
//! the spec's security schemes, typed errors, retries and pagination
//! streams, built on the [`apigen-runtime`](https://docs.rs/apigen-runtime)
//! crate.
//!
//! The pipeline runs in separate stages that the CLI, `build.rs` and the
//! tests all share, each a private module: `load` (YAML/JSON, 3.1
//! normalisation, `$ref` checks) → `lower` (the document to an IR where every
//! decision is made, one file per OpenAPI concept) → `emit` (the IR to
//! tokens, one file per concept) → `format` (prettyplease, rustfmt, the
//! `@generated` header) → `write` (only when the content changed). This file
//! runs them; the public API is [`Builder`], [`compile_specs`], [`Error`]
//! and [`Location`], [`module_name`], [`write_if_changed`] and the
//! [`regenerate`] entry points.
//!
//! # In `build.rs`
//!
//! ```no_run
//! // build.rs: `fn main` calls this.
//! apigen::compile_specs(&["specs/petstore.yaml"]).unwrap();
//! ```
//!
//! ```ignore
//! // src/lib.rs
//! pub mod petstore {
//!     include!(concat!(env!("OUT_DIR"), "/petstore.rs"));
//! }
//! ```
//!
//! [`Builder`] sets the output directory, the runtime crate's path and the
//! header's regenerate command.

#![warn(missing_docs)]

pub mod api_diff;
pub mod diagnostic;
mod doc;
mod emit;
mod error;
mod format;
mod ir;
mod load;
mod lower;
mod naming;
pub mod regenerate;
mod write;

use std::path::{Path, PathBuf};

pub use diagnostic::{Diagnostic, Lint, Severity};
pub use error::{Error, Location, Result};
pub use lower::{Scalar, Scalars};
pub use write::write_if_changed;

/// The pipeline's stages, for the generator's own benchmarks, fuzz target,
/// command-line tools and tests. Not a stable API.
#[doc(hidden)]
pub mod internal {
    pub use crate::emit::{emit_part, parts, EmitOptions, Extras, Part};
    pub use crate::format::Header;
    pub use crate::ir::Api;
    pub use crate::load::{
        lint_raw, load_file, load_str, load_with_diagnostics, locate_pointers, Document,
    };
    pub use crate::lower::{lacks_required, lower, lower_with, string_format_at, unvalidated_body};
    pub use crate::render;
}

/// The one-call entry point for `build.rs`: generates a module for each spec
/// into `OUT_DIR` (named after the spec file: `specs/pet-store.yaml` →
/// `pet_store.rs`) and prints `cargo:rerun-if-changed` for each spec.
pub fn compile_specs(specs: &[impl AsRef<Path>]) -> Result<Vec<PathBuf>> {
    Builder::new()
        .specs(specs.iter().map(|s| s.as_ref().to_owned()))
        .generate()
}

/// Settings for generating modules (prost-build style).
#[derive(Debug, Clone)]
pub struct Builder {
    specs: Vec<PathBuf>,
    out_dir: Option<PathBuf>,
    runtime: String,
    command: String,
    rerun_if_changed: bool,
    rustfmt: bool,
    allow: Vec<String>,
    deny_warnings: bool,
    scalars: Scalars,
    selection: lower::Selection,
    features_per_tag: bool,
    feature_prefix: String,
    examples: bool,
    examples_feature: Option<String>,
    conformance_driver: bool,
    mock: bool,
    doc_examples: Option<String>,
}

impl Default for Builder {
    fn default() -> Self {
        Builder {
            specs: Vec::new(),
            out_dir: None,
            runtime: "::apigen_runtime".into(),
            command: "cargo build".into(),
            rerun_if_changed: true,
            rustfmt: true,
            allow: Vec::new(),
            deny_warnings: false,
            scalars: Scalars::all(),
            selection: lower::Selection::default(),
            features_per_tag: false,
            feature_prefix: String::new(),
            examples: false,
            examples_feature: None,
            conformance_driver: false,
            mock: false,
            doc_examples: None,
        }
    }
}

impl Builder {
    /// Default settings: output to `OUT_DIR`, runtime `::apigen_runtime`.
    pub fn new() -> Self {
        Builder::default()
    }

    /// Adds a spec.
    pub fn spec(mut self, spec: impl Into<PathBuf>) -> Self {
        self.specs.push(spec.into());
        self
    }

    /// Adds specs.
    pub fn specs(mut self, specs: impl IntoIterator<Item = impl Into<PathBuf>>) -> Self {
        self.specs.extend(specs.into_iter().map(Into::into));
        self
    }

    /// Writes into `dir` instead of `OUT_DIR`.
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// The path generated code uses for the runtime crate (default
    /// `::apigen_runtime`), for crates that re-export it under another name.
    pub fn runtime_crate(mut self, path: impl Into<String>) -> Self {
        self.runtime = path.into();
        self
    }

    /// The command the header of each file names as the way to regenerate it.
    pub fn regenerate_command(mut self, command: impl Into<String>) -> Self {
        self.command = command.into();
        self
    }

    /// Whether to print `cargo:rerun-if-changed` lines (default: yes).
    pub fn rerun_if_changed(mut self, yes: bool) -> Self {
        self.rerun_if_changed = yes;
        self
    }

    /// Whether to pass the output through rustfmt when one is installed
    /// (default: yes). prettyplease formats it either way.
    pub fn rustfmt(mut self, yes: bool) -> Self {
        self.rustfmt = yes;
        self
    }

    /// Whether to add a `mock` module (default: no): typed test doubles on
    /// wiremock, compiled when the including crate's `mock` feature is on.
    /// That feature must turn on the runtime's:
    ///
    /// ```toml
    /// [features]
    /// mock = ["apigen-runtime/mock"]
    /// ```
    pub fn mock(mut self, yes: bool) -> Self {
        self.mock = yes;
        self
    }

    /// The path each generated module has in its crate, with `{module}`
    /// standing for the module's name (`"my_crate::{module}"`; regenerate
    /// uses `"checkout_clients::{module}"`). With it, the client, every
    /// operation and every stream method get a `no_run` example that
    /// compiles as a doctest; without it (the default) they get none, since
    /// an `include!`d module's path is not known.
    pub fn doc_examples(mut self, path: impl Into<String>) -> Self {
        self.doc_examples = Some(path.into());
        self
    }

    /// Silences one lint, by code or name (`W0001`, `unknown-keyword`). A
    /// name that is no lint fails generation.
    pub fn allow(mut self, lint: impl Into<String>) -> Self {
        self.allow.push(lint.into());
        self
    }

    /// Turns every warning into an error (default: no). Notes stay notes.
    pub fn deny_warnings(mut self, yes: bool) -> Self {
        self.deny_warnings = yes;
        self
    }

    /// Whether strings of this `format` get their typed scalar (default:
    /// every [`Scalar`] does). Off, they are `String`s: for a provider whose
    /// values of that format do not always parse, a field is then read as
    /// the text it holds instead of failing the whole response.
    ///
    /// ```
    /// let builder = apigen::Builder::new().typed_scalar(apigen::Scalar::DateTime, false);
    /// # let _ = builder;
    /// ```
    pub fn typed_scalar(mut self, scalar: Scalar, on: bool) -> Self {
        self.scalars.set(scalar, on);
        self
    }

    /// Turns every typed scalar on or off at once (see
    /// [`Builder::typed_scalar`]).
    pub fn typed_scalars(mut self, on: bool) -> Self {
        self.scalars = if on { Scalars::all() } else { Scalars::none() };
        self
    }

    /// Generates only the operations with one of these tags (added to
    /// those chosen by [`Builder::operations`]), and only the types they
    /// reach. A tag the document does not have fails generation with the
    /// nearest tags it does have.
    pub fn tags(mut self, tags: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.selection.tags.extend(tags.into_iter().map(Into::into));
        self
    }

    /// Generates only the operations with these operationIds (added to
    /// those chosen by [`Builder::tags`]), and only the types they reach.
    /// An unknown operationId fails generation with the nearest ones.
    pub fn operations(mut self, ids: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.selection
            .operations
            .extend(ids.into_iter().map(Into::into));
        self
    }

    /// Leaves out the operations with one of these tags (after
    /// [`Builder::tags`] and [`Builder::operations`]).
    pub fn exclude_tags(mut self, tags: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.selection
            .exclude_tags
            .extend(tags.into_iter().map(Into::into));
        self
    }

    /// Leaves out the operations with these operationIds.
    pub fn exclude_operations(mut self, ids: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.selection
            .exclude_operations
            .extend(ids.into_iter().map(Into::into));
        self
    }

    /// Puts each tag's operations, and the types only they use, behind a
    /// cargo feature named after the tag (`Code Scanning` →
    /// `code-scanning`), any of whose features enables an operation with
    /// several tags (default: no). Types that operations of several tags
    /// share, and untagged operations, stay unconditional. The crate that
    /// compiles the module declares the features;
    /// [`regenerate`] writes them into its `Cargo.toml`,
    /// and [`Builder::tag_features`] lists them.
    pub fn features_per_tag(mut self, yes: bool) -> Self {
        self.features_per_tag = yes;
        self
    }

    /// A prefix for the names of the features per tag (default: none), for
    /// a crate holding several modules.
    pub fn feature_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.feature_prefix = prefix.into();
        self
    }

    /// The cargo features that [`Builder::features_per_tag`] gives a
    /// module of this document, sorted (empty when it is off).
    pub fn tag_features(&self, spec: &Path) -> Result<Vec<String>> {
        let doc = load::load_file(spec)?;
        Ok(self.generate_doc_with_features(&doc)?.1)
    }

    /// Whether to generate example values (default: no): an `example()`
    /// constructor for each type and each params type, and
    /// `example_body()` on the params type of each operation with a request
    /// body. Each value is valid against its schema: the spec's own
    /// `example`/`default` where the schema accepts it, else one made from
    /// the schema. Usable as test fixtures.
    pub fn examples(mut self, yes: bool) -> Self {
        self.examples = yes;
        self
    }

    /// Compiles the example items only with this cargo feature of the crate
    /// that includes the module (`#[cfg(feature = "...")]`); implies
    /// [`Builder::examples`].
    pub fn examples_feature(mut self, feature: impl Into<String>) -> Self {
        self.examples = true;
        self.examples_feature = Some(feature.into());
        self
    }

    /// Adds what `apigen conformance` calls: a table of the operations, a
    /// client with test credentials, and a call of each operation with its
    /// example arguments (implies [`Builder::examples`]).
    #[doc(hidden)]
    pub fn conformance_driver(mut self, yes: bool) -> Self {
        self.conformance_driver = yes;
        if yes {
            self.examples = true;
        }
        self
    }

    /// The document's diagnostics at this builder's levels: allowed lints
    /// are dropped, warnings are errors under [`Builder::deny_warnings`].
    /// Fails on an `allow` that names no lint.
    pub fn diagnostics(&self, doc: &load::Document) -> Result<Vec<Diagnostic>> {
        let mut allowed = Vec::new();
        for name in &self.allow {
            match diagnostic::find_lint(name) {
                Some(lint) => allowed.push(lint.code),
                None => {
                    return Err(Error::UnknownLint {
                        name: name.clone(),
                        suggestion: diagnostic::nearest(
                            name,
                            diagnostic::LINTS.iter().map(|l| l.name),
                        )
                        .map(str::to_owned),
                    })
                }
            }
        }
        Ok(doc
            .diagnostics
            .iter()
            .filter(|d| !allowed.contains(&d.lint.code))
            .cloned()
            .map(|mut d| {
                if self.deny_warnings && d.severity == Severity::Warning {
                    d.severity = Severity::Error;
                }
                d
            })
            .collect())
    }

    /// The diagnostics below error level, or the error that the others make.
    fn checked_diagnostics(&self, doc: &load::Document) -> Result<Vec<Diagnostic>> {
        let (errors, rest): (Vec<_>, Vec<_>) = self
            .diagnostics(doc)?
            .into_iter()
            .partition(|d| d.severity == Severity::Error);
        if errors.is_empty() {
            Ok(rest)
        } else {
            Err(Error::Denied {
                path: doc.path.clone(),
                diagnostics: errors,
            })
        }
    }

    /// Generates every spec in memory first, then writes each module whose
    /// content changed. Nothing is written if any spec fails. Each warning
    /// is printed as a `cargo:warning=` line, which cargo shows for a
    /// build script.
    pub fn generate(&self) -> Result<Vec<PathBuf>> {
        self.generate_reporting_to(&mut std::io::stdout().lock())
    }

    /// [`Builder::generate`], writing the lines for cargo (`cargo:warning=`,
    /// `cargo:rerun-if-changed=`) to `cargo` instead of stdout.
    #[doc(hidden)]
    pub fn generate_reporting_to(&self, cargo: &mut dyn std::io::Write) -> Result<Vec<PathBuf>> {
        let out_dir = match &self.out_dir {
            Some(d) => d.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or_else(|| Error::Write {
                    path: PathBuf::from("OUT_DIR"),
                    source: std::io::Error::new(
                        std::io::ErrorKind::NotFound,
                        "OUT_DIR is not set: call from build.rs or set Builder::out_dir",
                    ),
                })?,
        };
        let mut outputs = Vec::new();
        for spec in &self.specs {
            if self.rerun_if_changed {
                let _ = writeln!(cargo, "cargo:rerun-if-changed={}", spec.display());
            }
            let doc = load::load_file(spec)?;
            for d in self.checked_diagnostics(&doc)? {
                if d.severity == Severity::Warning {
                    let _ = writeln!(cargo, "cargo:warning={}", d.one_line(spec));
                }
            }
            let code = self.generate_doc(&doc)?;
            outputs.push((out_dir.join(format!("{}.rs", module_name(spec))), code));
        }
        for (path, code) in &outputs {
            write::write_if_changed(path, code)?;
        }
        Ok(outputs.into_iter().map(|(p, _)| p).collect())
    }

    /// Generates one module in memory.
    pub fn generate_one(&self, spec: &Path) -> Result<String> {
        let doc = load::load_file(spec)?;
        self.generate_doc(&doc)
    }

    /// Generates one module from an already loaded document. Fails when a
    /// diagnostic is at error level; prints nothing.
    #[doc(hidden)]
    pub fn generate_doc(&self, doc: &load::Document) -> Result<String> {
        Ok(self.generate_doc_with_features(doc)?.0)
    }

    /// [`Builder::generate_doc`], and the module's cargo features.
    #[doc(hidden)]
    pub fn generate_doc_with_features(
        &self,
        doc: &load::Document,
    ) -> Result<(String, Vec<String>)> {
        self.checked_diagnostics(doc)?;
        let mut api = lower::lower_full(doc, &self.scalars, &self.selection)?;
        if self.features_per_tag {
            let examples: Vec<&str> = self.examples_feature.as_deref().into_iter().collect();
            lower::assign_features(&mut api, &self.feature_prefix, &examples);
        }
        if self.examples {
            lower::examples(&mut api, doc, self.examples_feature.as_deref());
            api.conformance_driver = self.conformance_driver;
        }
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let header = format::Header {
            spec: &doc.path,
            command: &self.command,
        };
        let doc_examples = self
            .doc_examples
            .as_ref()
            .map(|p| p.replace("{module}", &module_name(&doc.path)));
        let extras = emit::Extras {
            mock: self.mock,
            doc_examples: doc_examples.as_deref(),
        };
        let code = render(&api, &self.runtime, &header, self.rustfmt, extras, threads)?;
        Ok((code, api.features))
    }
}

/// Emits and formats a module one [`emit::Part`] at a time on up to
/// `threads` threads (token streams are not `Send`: each thread emits its
/// own parts), then joins them. The output does not depend on `threads`.
#[doc(hidden)]
pub fn render(
    api: &ir::Api,
    runtime: &str,
    header: &format::Header<'_>,
    rustfmt: bool,
    extras: emit::Extras<'_>,
    threads: usize,
) -> Result<String> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;

    let internal = |message: String| Error::Internal {
        path: header.spec.to_owned(),
        message,
    };
    // Checked here; each thread parses its own copy.
    runtime
        .parse::<proc_macro2::TokenStream>()
        .map_err(|e| internal(format!("runtime crate path `{runtime}`: {e}")))?;
    let parts = emit::parts(api, extras);
    let results: Mutex<Vec<Option<std::result::Result<String, String>>>> =
        Mutex::new(vec![None; parts.len()]);
    let next = AtomicUsize::new(0);
    let work = || {
        let Ok(rt) = runtime.parse::<proc_macro2::TokenStream>() else {
            return;
        };
        let options = emit::EmitOptions {
            runtime: rt,
            doc_examples: extras.doc_examples.map(str::to_owned),
        };
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(part) = parts.get(i) else { break };
            let result = format::format_part(emit::emit_part(api, &options, part));
            if let Ok(mut results) = results.lock() {
                results[i] = Some(result);
            }
        }
    };
    let threads = threads.clamp(1, parts.len().max(1));
    std::thread::scope(|scope| {
        for _ in 1..threads {
            scope.spawn(work);
        }
        work();
    });
    let mut body = String::new();
    for result in results.into_inner().unwrap_or_default() {
        match result {
            Some(Ok(text)) => body.push_str(&text),
            Some(Err(message)) => return Err(internal(message)),
            None => return Err(internal("a formatting thread failed".into())),
        }
    }
    Ok(format::finish(&body, header, rustfmt))
}

/// The module name for a spec: its file stem in snake case.
pub fn module_name(spec: &Path) -> String {
    let stem = spec
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    naming::field_name(&stem)
}
