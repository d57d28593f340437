//! The apigen command line.
//!
//! Exit codes: 0 success, 1 a spec or output error, 2 a usage error,
//! 3 `regenerate --check` found stale files, 4 `diff` found a breaking
//! change.

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
        /// Add the `mock` module (typed wiremock test doubles), compiled when
        /// the including crate's `mock` feature is on; that feature must turn
        /// on `apigen-runtime/mock`.
        #[arg(long)]
        mock: bool,
        #[command(flatten)]
        lints: LintArgs,
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
            mock,
            lints,
        } => {
            let shown = spec.to_string_lossy().replace('\\', "/");
            let regen = match &output {
                Some(o) => format!("cargo codegen {shown} -o {}", o.display()),
                None => format!("cargo codegen {shown}"),
            };
            let builder = lints.apply(
                apigen::Builder::new()
                    .runtime_crate(runtime)
                    .rustfmt(!no_rustfmt)
                    .mock(mock)
                    .regenerate_command(regen)
                    .rerun_if_changed(false),
            );
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
        Command::Regenerate {
            specs,
            out,
            crate_name,
            runtime_path,
            check,
        } => {
            let options = apigen::regenerate::Options {
                specs_dir: specs,
                crate_dir: out,
                crate_name,
                runtime_path,
                command: "cargo regenerate".into(),
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
        Command::Diff { old, new, lints } => {
            let builder = lints.apply(
                apigen::Builder::new()
                    .rustfmt(false)
                    .rerun_if_changed(false),
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
