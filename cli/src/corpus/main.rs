//! Runs the generator over a corpus of real-world specs and reports what
//! happened to each: generated, refused with a clean error, or panicked.
//!
//! ```text
//! cargo run -p apigen-cli --release --bin corpus -- DIR [--jobs N] [--filter SUBSTR]
//!     [--list-failures] [--each] [--out-dir D]
//! ```
//!
//! DIR is searched recursively for `*.json`, `*.yaml` and `*.yml` (or is one
//! spec file). A file whose top level has no `openapi` or `swagger` key is not
//! a spec: it is skipped and counted apart. Each spec is generated in memory
//! (rustfmt off) on one of N worker threads; panics are caught and recorded.
//! `scripts/fetch-corpus.sh` installs the usual corpus.
//!
//! Exit codes: 0 when no spec panicked (refusals are expected), 1 when one
//! did, 2 on a usage or I/O error.
//!
//! Modules: [`walk`] finds the specs and reads their declared version,
//! [`run`] generates them on worker threads, [`outcome`] classifies each
//! result, [`panic`](mod@panic) catches panics with their location, [`report`] prints
//! the summary.

mod outcome;
mod panic;
mod report;
mod run;
mod walk;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

// The same allocator as the `apigen` binary, so that timings match the CLI.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Debug, Parser)]
#[command(
    name = "corpus",
    about = "Run the generator over every OpenAPI document in a folder and report the outcome"
)]
struct Args {
    /// Folder to search recursively (or one spec file).
    dir: PathBuf,
    /// Worker threads (default: the number of CPUs).
    #[arg(long)]
    jobs: Option<usize>,
    /// Only specs whose path (relative to DIR) contains this.
    #[arg(long)]
    filter: Option<String>,
    /// List every failing file, not only a few examples per group.
    #[arg(long)]
    list_failures: bool,
    /// Also print one line per spec: time, outcome and output lines.
    #[arg(long)]
    each: bool,
    /// Write each generated module to `D/<slug>.rs`.
    #[arg(long)]
    out_dir: Option<PathBuf>,
}

fn main() -> ExitCode {
    let args = match Args::try_parse() {
        Ok(a) => a,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match run::run(&args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("corpus: {e}");
            ExitCode::from(2)
        }
    }
}
