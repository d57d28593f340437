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
pub use write::write_if_changed;

/// The pipeline's stages, for the generator's own benchmarks, fuzz target,
/// command-line tools and tests. Not a stable API.
#[doc(hidden)]
pub mod internal {
    pub use crate::emit::{emit_part, parts, EmitOptions, Extras, Part};
    pub use crate::format::Header;
    pub use crate::ir::Api;
    pub use crate::load::{load_file, load_str, load_with_diagnostics, Document};
    pub use crate::lower::lower;
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
    mock: bool,
    examples: Option<String>,
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
            mock: false,
            examples: None,
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
        self.examples = Some(path.into());
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
        self.checked_diagnostics(doc)?;
        let api = lower::lower(doc)?;
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let header = format::Header {
            spec: &doc.path,
            command: &self.command,
        };
        let examples = self
            .examples
            .as_ref()
            .map(|p| p.replace("{module}", &module_name(&doc.path)));
        let extras = emit::Extras {
            mock: self.mock,
            examples: examples.as_deref(),
        };
        render(&api, &self.runtime, &header, self.rustfmt, extras, threads)
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
            examples: extras.examples.map(str::to_owned),
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
