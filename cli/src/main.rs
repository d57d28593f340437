//! The apigen command line.
//!
//! Exit codes: 0 success, 1 a spec or output error, 2 a usage error,
//! 3 `regenerate --check` found stale files, 4 `diff` found a breaking
//! change, 5 `conformance` found rejected requests, undecoded responses or
//! failed error checks, or called no operation.

mod conformance;
mod report;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Debug, Parser)]
#[command(name = "apigen", version, about = "OpenAPI 3 to Rust code generator")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// How lints are reported.
#[derive(Debug, clap::Args)]
struct LintArgs {
    /// Fail on any warning (notes stay notes).
    #[arg(long)]
    deny_warnings: bool,
    /// Silence a lint, by code or name (`W0001`, `unknown-keyword`); repeatable.
    #[arg(long, value_name = "LINT")]
    allow: Vec<String>,
}

impl LintArgs {
    fn apply(&self, mut builder: apigen::Builder) -> apigen::Builder {
        for lint in &self.allow {
            builder = builder.allow(lint.clone());
        }
        builder.deny_warnings(self.deny_warnings)
    }
}

/// Which string formats get typed scalars.
#[derive(Debug, clap::Args)]
struct ScalarArgs {
    /// Keep strings of this format as `String` instead of a typed scalar
    /// (date-time, date, uuid, uri, byte, binary, or all); repeatable.
    #[arg(long, value_name = "FORMAT", value_parser = parse_plain_format)]
    plain_format: Vec<Option<apigen::Scalar>>,
}

/// A `--plain-format` value: one scalar, or `None` for `all`.
fn parse_plain_format(value: &str) -> Result<Option<apigen::Scalar>, String> {
    if value == "all" {
        return Ok(None);
    }
    apigen::Scalar::from_format(value).map(Some).ok_or_else(|| {
        let known: Vec<&str> = apigen::Scalar::ALL.iter().map(|s| s.format()).collect();
        format!(
            "`{value}` is not a format with a typed scalar (expected one of {}, all)",
            known.join(", ")
        )
    })
}

impl ScalarArgs {
    fn apply(&self, mut builder: apigen::Builder) -> apigen::Builder {
        for format in &self.plain_format {
            builder = match format {
                Some(scalar) => builder.typed_scalar(*scalar, false),
                None => builder.typed_scalars(false),
            };
        }
        builder
    }
}

/// Which operations to generate.
#[derive(Debug, clap::Args)]
struct SelectArgs {
    /// Generate only the operations with this tag (and the types they
    /// reach); repeatable, adds to --operation.
    #[arg(long = "tag", value_name = "NAME")]
    tags: Vec<String>,
    /// Generate only the operation with this operationId; repeatable, adds to --tag.
    #[arg(long = "operation", value_name = "ID")]
    operations: Vec<String>,
    /// Leave out the operations with this tag; repeatable.
    #[arg(long = "exclude-tag", value_name = "NAME")]
    exclude_tags: Vec<String>,
    /// Leave out the operation with this operationId; repeatable.
    #[arg(long = "exclude-operation", value_name = "ID")]
    exclude_operations: Vec<String>,
}

impl SelectArgs {
    fn apply(&self, builder: apigen::Builder) -> apigen::Builder {
        builder
            .tags(self.tags.iter().cloned())
            .operations(self.operations.iter().cloned())
            .exclude_tags(self.exclude_tags.iter().cloned())
            .exclude_operations(self.exclude_operations.iter().cloned())
    }

    /// The flags as they were given, for the header's regenerate command.
    fn shown(&self) -> String {
        let mut out = String::new();
        for (flag, values) in [
            ("--tag", &self.tags),
            ("--operation", &self.operations),
            ("--exclude-tag", &self.exclude_tags),
            ("--exclude-operation", &self.exclude_operations),
        ] {
            for v in values {
                out.push_str(&format!(" {flag} {v}"));
            }
        }
        out
    }
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Generate one module from one spec (to stdout without -o).
    Generate {
        /// The OpenAPI document (YAML or JSON).
        spec: PathBuf,
        /// Write the module to this file instead of stdout.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Path of the runtime crate in generated code.
        #[arg(long, default_value = "::apigen_runtime")]
        runtime: String,
        /// Skip the rustfmt pass (prettyplease still formats the output).
        #[arg(long)]
        no_rustfmt: bool,
        /// Also generate schema-valid example values: `example()` on each
        /// type and params type, `example_body()` for request bodies.
        #[arg(long)]
        examples: bool,
        /// Compile the example values only with this cargo feature (implies
        /// --examples).
        #[arg(long, value_name = "FEATURE")]
        examples_feature: Option<String>,
        /// Add the `mock` module (typed wiremock test doubles), compiled when
        /// the including crate's `mock` feature is on; that feature must turn
        /// on `apigen-runtime/mock`.
        #[arg(long)]
        mock: bool,
        #[command(flatten)]
        lints: LintArgs,
        #[command(flatten)]
        scalars: ScalarArgs,
        #[command(flatten)]
        select: SelectArgs,
    },
    /// Rewrite a crate of generated clients from every spec in a folder.
    Regenerate {
        /// Folder of specs.
        #[arg(long, default_value = "specs")]
        specs: PathBuf,
        /// The crate folder to write (Cargo.toml and src/).
        #[arg(long, default_value = "generated")]
        out: PathBuf,
        /// Package name of the generated crate.
        #[arg(long, default_value = "checkout-clients")]
        crate_name: String,
        /// Path from the generated crate to the runtime crate.
        #[arg(long, default_value = "../runtime")]
        runtime_path: String,
        /// Write nothing; fail naming each stale file.
        #[arg(long)]
        check: bool,
        /// A cargo feature per tag: each tag's operations, and the types
        /// only they use, behind it; written into the crate's Cargo.toml.
        #[arg(long)]
        features_per_tag: bool,
    },
    /// Call every operation of each spec with its example arguments against
    /// the Prism mock server: requests Prism finds invalid and responses
    /// that do not decode are counted. Exits 0 only when there are none.
    Conformance {
        /// The OpenAPI documents.
        specs: Vec<PathBuf>,
        /// Files listing more specs, one path (or `name=path`) a line.
        #[arg(long, value_name = "FILE")]
        list: Vec<PathBuf>,
        /// Write the full result as JSON to this file.
        #[arg(long, value_name = "FILE")]
        json: Option<PathBuf>,
        /// Calls per operation with random (dynamic) responses.
        #[arg(long, default_value_t = 3)]
        dynamic: usize,
        /// Folder of the driver crate.
        #[arg(long, default_value = "target/conformance/driver")]
        work_dir: PathBuf,
        /// Cargo target folder of the driver crate.
        #[arg(long, default_value = "target/conformance/target")]
        target_dir: PathBuf,
        /// The `prism` binary (default: installed by scripts/install-prism.sh).
        #[arg(long)]
        prism: Option<PathBuf>,
        /// Seconds to wait for Prism to serve a spec.
        #[arg(long, default_value_t = 180)]
        startup_timeout: u64,
    },
    /// What a new version of a spec does to the generated Rust API: each
    /// change to types, fields, variants and client methods, marked breaking
    /// or additive. Exits 4 when a change is breaking.
    Diff {
        /// The old version of the spec.
        old: PathBuf,
        /// The new version.
        new: PathBuf,
        #[command(flatten)]
        lints: LintArgs,
        #[command(flatten)]
        scalars: ScalarArgs,
    },
}

/// Prints one module's API changes to stderr: a heading, then a line each.
fn print_changes(module: &str, changes: &[apigen::api_diff::Change]) {
    let breaking = changes
        .iter()
        .filter(|c| c.impact == apigen::api_diff::Impact::Breaking)
        .count();
    eprintln!(
        "{module}: {} API change{}, {breaking} breaking",
        changes.len(),
        if changes.len() == 1 { "" } else { "s" }
    );
    for c in changes {
        eprintln!("  {c}");
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Reported(e)) | Err(Failure::Error(e))
            if matches!(e, apigen::Error::Stale { .. }) =>
        {
            eprintln!("error: {e}");
            ExitCode::from(3)
        }
        Err(Failure::Reported(_)) => ExitCode::from(1),
        Err(Failure::Breaking) => ExitCode::from(4),
        Err(Failure::Nonconforming) => ExitCode::from(5),
        Err(Failure::Usage) => ExitCode::from(2),
        Err(Failure::Error(e)) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

/// Why a command failed.
enum Failure {
    /// Not printed yet.
    Error(apigen::Error),
    /// Already printed, with its diagnostics.
    Reported(apigen::Error),
    /// `diff` found a breaking change (printed).
    Breaking,
    /// `conformance` found rejected requests, undecoded responses or failed
    /// error checks, called no operation, or could not run (printed).
    Nonconforming,
    /// Bad arguments (printed).
    Usage,
}

impl From<apigen::Error> for Failure {
    fn from(e: apigen::Error) -> Self {
        Failure::Error(e)
    }
}

fn run(command: Command) -> Result<(), Failure> {
    match command {
        Command::Generate {
            spec,
            output,
            runtime,
            no_rustfmt,
            examples,
            examples_feature,
            mock,
            lints,
            scalars,
            select,
        } => {
            let shown = spec.to_string_lossy().replace('\\', "/");
            let flags = select.shown();
            let regen = match &output {
                Some(o) => format!("cargo codegen {shown}{flags} -o {}", o.display()),
                None => format!("cargo codegen {shown}{flags}"),
            };
            let mut builder = apigen::Builder::new()
                .runtime_crate(runtime)
                .rustfmt(!no_rustfmt)
                .mock(mock)
                .regenerate_command(regen)
                .rerun_if_changed(false)
                .examples(examples);
            if let Some(feature) = examples_feature {
                builder = builder.examples_feature(feature);
            }
            let builder = select.apply(scalars.apply(lints.apply(builder)));
            let (doc, code) = generate_reported(&spec, &builder)?;
            // The process ends here: freeing a large document (about 4 % of
            // the CPU time for GitHub's spec) is work the OS does anyway.
            std::mem::forget(doc);
            match output {
                Some(path) => {
                    apigen::write_if_changed(&path, &code)?;
                }
                None => {
                    use std::io::Write as _;
                    let mut out = std::io::stdout().lock();
                    // A closed pipe (`| head`) is not an error worth a panic.
                    let _ = out.write_all(code.as_bytes());
                }
            }
            Ok(())
        }
        Command::Conformance {
            mut specs,
            list,
            json,
            dynamic,
            work_dir,
            target_dir,
            prism,
            startup_timeout,
        } => {
            for l in &list {
                match conformance::read_list(l) {
                    Ok(more) => specs.extend(more),
                    Err(e) => {
                        eprintln!("error: {e}");
                        return Err(Failure::Usage);
                    }
                }
            }
            if specs.is_empty() {
                eprintln!("error: no specs given");
                return Err(Failure::Usage);
            }
            let options = conformance::Options {
                specs,
                json,
                dynamic,
                work_dir,
                target_dir,
                prism,
                startup_timeout: std::time::Duration::from_secs(startup_timeout),
            };
            match conformance::run(&options) {
                Ok(summary) => match summary.failure() {
                    None => Ok(()),
                    Some(why) => {
                        eprintln!("error: conformance: {why}");
                        Err(Failure::Nonconforming)
                    }
                },
                Err(e) => {
                    eprintln!("error: {e}");
                    Err(Failure::Nonconforming)
                }
            }
        }
        Command::Regenerate {
            specs,
            out,
            crate_name,
            runtime_path,
            check,
            features_per_tag,
        } => {
            let options = apigen::regenerate::Options {
                specs_dir: specs,
                crate_dir: out,
                crate_name,
                runtime_path,
                command: if features_per_tag {
                    "cargo regenerate --features-per-tag".into()
                } else {
                    "cargo regenerate".into()
                },
                features_per_tag,
            };
            let (files, diagnostics) = apigen::regenerate::plan_with_diagnostics(&options)?;
            for (spec, found) in &diagnostics {
                report::print(spec, found, None);
            }
            for (path, changes) in apigen::regenerate::api_changes(&options, &files) {
                print_changes(&path.display().to_string(), &changes);
            }
            if check {
                apigen::regenerate::check_files(&options, &files)?;
                eprintln!("generated files are up to date");
            } else {
                let changed = apigen::regenerate::apply_files(&options, &files)?;
                if changed.is_empty() {
                    eprintln!("generated files are up to date");
                }
                for path in changed {
                    eprintln!("wrote {}", path.display());
                }
            }
            Ok(())
        }
        Command::Diff {
            old,
            new,
            lints,
            scalars,
        } => {
            let builder = scalars.apply(
                lints.apply(
                    apigen::Builder::new()
                        .rustfmt(false)
                        .rerun_if_changed(false),
                ),
            );
            let (_, before) = generate_reported(&old, &builder)?;
            let (_, after) = generate_reported(&new, &builder)?;
            let changes = apigen::api_diff::compare_code(&before, &after).map_err(|message| {
                apigen::Error::Internal {
                    path: new.clone(),
                    message,
                }
            })?;
            print_changes(&format!("{} -> {}", old.display(), new.display()), &changes);
            if changes
                .iter()
                .any(|c| c.impact == apigen::api_diff::Impact::Breaking)
            {
                return Err(Failure::Breaking);
            }
            Ok(())
        }
    }
}

/// Loads and generates one spec, printing its diagnostics (and the error,
/// when it fails) with their source lines.
fn generate_reported(
    spec: &std::path::Path,
    builder: &apigen::Builder,
) -> Result<(apigen::internal::Document, String), Failure> {
    let text = std::fs::read_to_string(spec).map_err(|source| apigen::Error::Read {
        path: spec.to_owned(),
        source,
    })?;
    let (doc, found) = apigen::internal::load_with_diagnostics(spec, &text);
    let doc = match doc {
        Ok(doc) => doc,
        Err(e) => {
            report::print(spec, &found, Some(&e));
            return Err(Failure::Reported(e));
        }
    };
    let below: Vec<_> = builder
        .diagnostics(&doc)?
        .into_iter()
        .filter(|d| d.severity != apigen::Severity::Error)
        .collect();
    match builder.generate_doc(&doc) {
        Ok(code) => {
            report::print(spec, &below, None);
            Ok((doc, code))
        }
        Err(e) => {
            report::print(spec, &below, Some(&e));
            Err(Failure::Reported(e))
        }
    }
}
