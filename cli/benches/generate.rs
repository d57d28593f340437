//! Generation benchmark: prints figures, run with
//! `cargo bench -p apigen-cli --bench generate [-- EXTRA_SPEC...]`.
//!
//! For each spec (the two in `specs/` plus any given on the command line or
//! in `APIGEN_BENCH_SPECS`, separated by `:`), measures in this one process:
//!
//! - `parse`: reading and parsing the document into JSON (the baseline);
//! - `load`: parse + version check + `$ref` check + openapiv3 deserialisation;
//! - `generate`: load + lower + emit + prettyplease (no rustfmt);
//! - `+rustfmt`: the same, then rustfmt, as `cargo regenerate` does;
//! - for specs over 1 MiB, `cli`: the `apigen` binary of this build
//!   (mimalloc, its default) run as `apigen generate SPEC -o FILE
//!   --no-rustfmt`, wall time of the whole process, 21 runs;
//! - for specs over 1 MiB, `stages`: load, lower, then emit, `syn::parse2`,
//!   prettyplease and freeing the syntax tree summed over the parts of the
//!   module, all on one thread (best of 3);
//! - for specs over 1 MiB, `diagnostics`: the lint pass over the parsed
//!   document, and the one-pass pointer → line:column mapping of its
//!   findings and of one pointer per component schema, each as a share of
//!   `load` (median of 5).
//!
//! Each figure is the median of several runs; ratios are against `parse`.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn time(iterations: usize, mut f: impl FnMut()) -> Duration {
    f(); // warm-up
    median(
        (0..iterations)
            .map(|_| {
                let start = Instant::now();
                f();
                start.elapsed()
            })
            .collect(),
    )
}

fn parse_only(path: &Path) {
    let text = std::fs::read_to_string(path).unwrap();
    if path.extension().is_some_and(|e| e == "json") {
        black_box(serde_json::from_str::<serde_json::Value>(&text).unwrap());
    } else {
        black_box(serde_yaml::from_str::<serde_yaml::Value>(&text).unwrap());
    }
}

/// The two specs of `specs/`, then those of `APIGEN_BENCH_SPECS` and the
/// command line.
fn bench_specs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut specs: Vec<PathBuf> = vec![
        root.join("specs/leanrails.yaml"),
        root.join("specs/yorlet.yaml"),
    ];
    let extra = std::env::var("APIGEN_BENCH_SPECS").unwrap_or_default();
    specs.extend(
        extra
            .split(':')
            .filter(|s| !s.is_empty())
            .map(PathBuf::from),
    );
    specs.extend(
        std::env::args()
            .skip(1)
            .filter(|a| !a.starts_with("--"))
            .map(PathBuf::from),
    );
    specs
}

fn main() {
    let specs = bench_specs();
    let plain = apigen::Builder::new()
        .rustfmt(false)
        .rerun_if_changed(false);
    let formatted = apigen::Builder::new().rerun_if_changed(false);

    println!(
        "{:<28} {:>9} {:>11} {:>11} {:>11} {:>8} {:>10}",
        "spec", "size KiB", "parse", "load", "generate", "ratio", "+rustfmt"
    );
    for spec in &specs {
        let size = std::fs::metadata(spec).map(|m| m.len()).unwrap_or(0);
        let big = size > 1 << 20;
        let n = if big { 5 } else { 30 };
        let parse = time(n, || parse_only(spec));
        let load = time(n, || {
            black_box(apigen::internal::load_file(spec).unwrap());
        });
        let generate = time(n, || {
            black_box(plain.generate_one(spec).unwrap());
        });
        let with_rustfmt = time(if big { 2 } else { 10 }, || {
            black_box(formatted.generate_one(spec).unwrap());
        });
        let cli = big.then(|| cli_runs(spec, 21));
        let stages = big.then(|| {
            (0..3)
                .map(|_| stages(spec))
                .min_by_key(|s| s.iter().sum::<Duration>())
                .unwrap()
        });
        let lines = plain.generate_one(spec).unwrap().lines().count();
        println!(
            "{:<28} {:>9} {:>9.2?} {:>9.2?} {:>9.2?} {:>7.1}x {:>9.2?}   ({} lines out)",
            spec.file_name().unwrap().to_string_lossy(),
            size / 1024,
            parse,
            load,
            generate,
            generate.as_secs_f64() / parse.as_secs_f64(),
            with_rustfmt,
            lines
        );
        if let Some(st) = stages {
            println!(
                "{:<28} stages: load {:.0?}, lower {:.0?}, emit {:.0?}, parse {:.0?}, prettyplease {:.0?}, drop {:.0?} (one thread)",
                "", st[0], st[1], st[2], st[3], st[4], st[5]
            );
        }
        if big {
            diagnostics_costs(spec, load);
        }
        if let Some(runs) = cli {
            let mut sorted = runs.clone();
            sorted.sort();
            let under = runs.iter().filter(|d| d.as_secs_f64() <= 0.5).count();
            println!(
                "{:<28} cli: median {:.2?}, min {:.2?}, max {:.2?} over {} runs ({} at or under 0.5 s), {:.1}x parse",
                "",
                median(runs.clone()),
                sorted[0],
                sorted[sorted.len() - 1],
                runs.len(),
                under,
                median(runs).as_secs_f64() / parse.as_secs_f64(),
            );
        }
    }
}

/// Wall times of `runs` runs of the `apigen` binary on `spec`, after one
/// warm-up run.
fn cli_runs(spec: &Path, runs: usize) -> Vec<Duration> {
    let out = std::env::temp_dir().join(format!("apigen-bench-{}.rs", std::process::id()));
    let run = || {
        let start = Instant::now();
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_apigen"))
            .arg("generate")
            .arg(spec)
            .arg("-o")
            .arg(&out)
            .arg("--no-rustfmt")
            // The spec's warnings are still drawn, just not shown here.
            .stderr(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(
            status.success(),
            "apigen generate failed on {}",
            spec.display()
        );
        start.elapsed()
    };
    run();
    let times = (0..runs).map(|_| run()).collect();
    let _ = std::fs::remove_file(&out);
    times
}

/// The stages of one generation on this thread: load, lower, and summed
/// over the parts, emit, `syn::parse2`, prettyplease and dropping the tree.
fn stages(spec: &Path) -> [Duration; 6] {
    let start = Instant::now();
    let doc = apigen::internal::load_file(spec).unwrap();
    let load = start.elapsed();
    let start = Instant::now();
    let api = apigen::internal::lower(&doc).unwrap();
    let lower = start.elapsed();
    let options = apigen::internal::EmitOptions::default();
    let mut sums = [Duration::ZERO; 4];
    for part in apigen::internal::parts(&api, Default::default()) {
        let start = Instant::now();
        let tokens = apigen::internal::emit_part(&api, &options, &part);
        sums[0] += start.elapsed();
        let start = Instant::now();
        let file: syn::File = syn::parse2(tokens).unwrap();
        sums[1] += start.elapsed();
        let start = Instant::now();
        black_box(prettyplease::unparse(&file));
        sums[2] += start.elapsed();
        let start = Instant::now();
        drop(file);
        sums[3] += start.elapsed();
    }
    [load, lower, sums[0], sums[1], sums[2], sums[3]]
}

/// What the lints and the line mapping add to a load: the lint pass over
/// the parsed document, then mapping its findings' pointers and (as a
/// heavier case) one pointer per component schema to line:column.
fn diagnostics_costs(spec: &Path, load: Duration) {
    let text = std::fs::read_to_string(spec).unwrap();
    let doc = apigen::internal::load_file(spec).unwrap();
    let lint = time(5, || {
        black_box(apigen::internal::lint_raw(&doc.raw, &doc.declared_version));
    });
    let found: Vec<&str> = doc
        .diagnostics
        .iter()
        .map(|d| d.location.pointer.as_str())
        .collect();
    let locate_found = time(5, || {
        black_box(apigen::internal::locate_pointers(&text, &found));
    });
    let schemas: Vec<String> = doc.raw["components"]["schemas"]
        .as_object()
        .map(|m| {
            m.keys()
                .map(|k| {
                    format!(
                        "/components/schemas/{}",
                        k.replace('~', "~0").replace('/', "~1")
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let schema_refs: Vec<&str> = schemas.iter().map(String::as_str).collect();
    let locate_schemas = time(5, || {
        black_box(apigen::internal::locate_pointers(&text, &schema_refs));
    });
    let share = |d: Duration| 100.0 * d.as_secs_f64() / load.as_secs_f64();
    println!(
        "{:<28} diagnostics: lint {:.1?} ({:.1} % of load), locate {} findings {:.1?} ({:.1} %), locate {} schemas {:.1?} ({:.1} %)",
        "",
        lint,
        share(lint),
        found.len(),
        locate_found,
        share(locate_found),
        schema_refs.len(),
        locate_schemas,
        share(locate_schemas),
    );
}
