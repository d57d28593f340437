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

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

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

/// File names under node_modules and the like that are never specs.
const NOT_SPECS: &[&str] = &[
    "package.json",
    "package-lock.json",
    ".package-lock.json",
    "npm-shrinkwrap.json",
    "tsconfig.json",
];

/// How many examples each failure group shows without `--list-failures`.
const EXAMPLES: usize = 3;

/// A spec still running after this long is reported on stderr while the run goes on.
const SLOW: Duration = Duration::from_secs(60);

/// Worker stack size: deep schemas recurse deeply, and a stack overflow
/// aborts the whole run instead of unwinding.
const STACK: usize = 256 << 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Version {
    Swagger2,
    V30,
    V31,
    Other,
    Unknown,
}

impl Version {
    fn label(self) -> &'static str {
        match self {
            Version::Swagger2 => "2.0",
            Version::V30 => "3.0.x",
            Version::V31 => "3.1.x",
            Version::Other => "other",
            Version::Unknown => "unparsed",
        }
    }
}

#[derive(Debug)]
enum Outcome {
    Ok {
        lines: usize,
    },
    Refused {
        kind: &'static str,
        reason: String,
        message: String,
        place: String,
    },
    Panicked {
        message: String,
    },
}

impl Outcome {
    /// `ok, N lines`, `refused: KIND` or `panicked`.
    fn summary(&self) -> String {
        match self {
            Outcome::Ok { lines } => format!("ok, {lines} lines"),
            Outcome::Refused { kind, .. } => format!("refused: {kind}"),
            Outcome::Panicked { .. } => "panicked".to_owned(),
        }
    }
}

#[derive(Debug)]
struct Record {
    rel: String,
    version: Version,
    elapsed: Duration,
    outcome: Outcome,
}

/// What each worker is generating and since when (`None` when idle).
type Running = Option<(String, Instant)>;

thread_local! {
    /// The message and location of the last panic on this thread, set by the hook.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
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
    match run(&args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("corpus: {e}");
            ExitCode::from(2)
        }
    }
}

/// Runs the corpus; `Ok(false)` when a spec panicked.
fn run(args: &Args) -> Result<bool, String> {
    let root = args.dir.clone();
    let mut files = Vec::new();
    if root.is_file() {
        files.push(root.clone());
    } else if root.is_dir() {
        walk(&root, &mut files).map_err(|e| format!("{}: {e}", root.display()))?;
    } else {
        return Err(format!("{}: no such file or folder", root.display()));
    }
    files.sort();
    let rel = |p: &Path| -> String {
        let r = p.strip_prefix(&root).unwrap_or(p);
        if r.as_os_str().is_empty() {
            p.file_name()
                .unwrap_or(p.as_os_str())
                .to_string_lossy()
                .into_owned()
        } else {
            r.to_string_lossy().replace('\\', "/")
        }
    };
    if let Some(f) = &args.filter {
        files.retain(|p| rel(p).contains(f.as_str()));
    }
    if let Some(d) = &args.out_dir {
        std::fs::create_dir_all(d).map_err(|e| format!("{}: {e}", d.display()))?;
    }

    install_panic_hook();

    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let total_files = files.len();
    let work: Arc<Vec<(PathBuf, String)>> =
        Arc::new(files.iter().map(|p| (p.clone(), rel(p))).collect());
    let next = Arc::new(AtomicUsize::new(0));
    let running: Arc<Mutex<Vec<Running>>> = Arc::new(Mutex::new(vec![None; jobs]));
    let (tx, rx) = mpsc::channel::<Option<Record>>();
    let started = Instant::now();
    let mut handles = Vec::new();
    for worker in 0..jobs {
        let work = Arc::clone(&work);
        let next = Arc::clone(&next);
        let running = Arc::clone(&running);
        let tx = tx.clone();
        let out_dir = args.out_dir.clone();
        let handle = std::thread::Builder::new()
            .name(format!("corpus-{worker}"))
            .stack_size(STACK)
            .spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some((path, rel)) = work.get(i) else {
                    break;
                };
                running.lock().unwrap()[worker] = Some((rel.clone(), Instant::now()));
                let record = run_one(path, rel, out_dir.as_deref());
                running.lock().unwrap()[worker] = None;
                if tx.send(record).is_err() {
                    break;
                }
            })
            .map_err(|e| format!("cannot start a worker thread: {e}"))?;
        handles.push(handle);
    }
    drop(tx);

    let mut records = Vec::new();
    let mut not_specs = 0usize;
    let mut done = 0usize;
    let mut next_progress = 250usize;
    let mut warned: Vec<String> = Vec::new();
    loop {
        match rx.recv_timeout(Duration::from_secs(5)) {
            Ok(record) => {
                done += 1;
                match record {
                    Some(r) => records.push(r),
                    None => not_specs += 1,
                }
                if done == next_progress {
                    next_progress += 250;
                    eprintln!(
                        "corpus: {done}/{total_files} files, {:.0?}",
                        started.elapsed()
                    );
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
        for (rel, since) in running.lock().unwrap().iter().flatten() {
            if since.elapsed() > SLOW && !warned.contains(rel) {
                eprintln!("corpus: {rel} still running after {:.0?}", since.elapsed());
                warned.push(rel.clone());
            }
        }
    }
    for h in handles {
        let _ = h.join();
    }
    let wall = started.elapsed();
    records.sort_by(|a, b| a.rel.cmp(&b.rel));
    if args.each {
        for r in &records {
            println!("{:>10.2?}  {}  {}", r.elapsed, r.rel, r.outcome.summary());
        }
        println!();
    }
    report(&root, &records, not_specs, wall, jobs, args.list_failures);
    Ok(!records
        .iter()
        .any(|r| matches!(r.outcome, Outcome::Panicked { .. })))
}

/// Collects candidate files under `dir` (symlinks are not followed).
fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let ty = entry.file_type()?;
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if ty.is_dir() {
            if name != ".bin" && name != ".git" {
                walk(&path, out)?;
            }
        } else if ty.is_file() {
            let lower = name.to_ascii_lowercase();
            let is_doc =
                lower.ends_with(".json") || lower.ends_with(".yaml") || lower.ends_with(".yml");
            if is_doc && !NOT_SPECS.contains(&lower.as_str()) {
                out.push(path);
            }
        }
    }
    Ok(())
}

/// The top-level keys that make a file an OpenAPI or Swagger document.
#[derive(serde::Deserialize)]
struct Top {
    openapi: Option<serde_json::Value>,
    swagger: Option<serde_json::Value>,
}

/// What the file declares, or `None` when it is not a spec at all.
fn declared_version(path: &Path) -> Option<Version> {
    let Ok(text) = std::fs::read_to_string(path) else {
        // Unreadable: let the generator report it.
        return Some(Version::Unknown);
    };
    let json = text.trim_start().starts_with('{');
    let top: Result<Top, ()> = if json {
        serde_json::from_str(&text).map_err(drop)
    } else {
        serde_yaml::from_str(&text).map_err(drop)
    };
    let top = match top {
        Ok(top) => top,
        Err(()) => {
            // Well-formed but not a mapping: not a spec. Malformed: the
            // generator reports the syntax error.
            let well_formed = if json {
                serde_json::from_str::<serde::de::IgnoredAny>(&text).is_ok()
            } else {
                serde_yaml::from_str::<serde::de::IgnoredAny>(&text).is_ok()
            };
            return if well_formed {
                None
            } else {
                Some(Version::Unknown)
            };
        }
    };
    let as_text = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match (&top.openapi, &top.swagger) {
        (_, Some(s)) if as_text(s).starts_with('2') => Some(Version::Swagger2),
        (Some(v), _) => {
            let v = as_text(v);
            Some(if v.starts_with("3.0") {
                Version::V30
            } else if v.starts_with("3.1") {
                Version::V31
            } else {
                Version::Other
            })
        }
        (None, Some(_)) => Some(Version::Other),
        (None, None) => None,
    }
}

fn payload_text(payload: &(dyn std::any::Any + Send)) -> Option<String> {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
}

/// Replaces the default panic hook (message and backtrace on stderr) with one
/// that records the message and location for [`catch`] to report.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let message =
            payload_text(info.payload()).unwrap_or_else(|| "(non-string panic payload)".to_owned());
        let at = info
            .location()
            .map(|l| format!(" (at {}:{}:{})", l.file(), l.line(), l.column()))
            .unwrap_or_default();
        LAST_PANIC.with(|p| *p.borrow_mut() = Some(format!("{message}{at}")));
    }));
}

/// Runs `f`, turning a panic into its message (with its location when the
/// hook of [`install_panic_hook`] is installed).
fn catch<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    LAST_PANIC.with(|p| p.borrow_mut().take());
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|payload| {
        LAST_PANIC
            .with(|p| p.borrow_mut().take())
            .or_else(|| payload_text(payload.as_ref()))
            .unwrap_or_else(|| "(non-string panic payload)".to_owned())
    })
}

/// Generates one spec; `None` when the file is not a spec.
fn run_one(path: &Path, rel: &str, out_dir: Option<&Path>) -> Option<Record> {
    let version = declared_version(path)?;
    let start = Instant::now();
    let result = catch(|| {
        apigen::Builder::new()
            .rustfmt(false)
            .rerun_if_changed(false)
            .generate_one(path)
    });
    let elapsed = start.elapsed();
    let outcome = match result {
        Ok(Ok(code)) => {
            if let Some(dir) = out_dir {
                let file = dir.join(format!("{}.rs", slug(rel)));
                if let Err(e) = std::fs::write(&file, &code) {
                    eprintln!("corpus: {}: {e}", file.display());
                }
            }
            Outcome::Ok {
                lines: code.lines().count(),
            }
        }
        Ok(Err(e)) => {
            let message = detail(&e);
            let place = match (e.pointer(), &e) {
                (Some(p), _) => format!("#{p}"),
                (None, apigen::Error::Syntax { location, .. }) => location.to_string(),
                _ => String::new(),
            };
            Outcome::Refused {
                kind: e.kind(),
                reason: normalise(e.kind(), &message),
                message,
                place,
            }
        }
        Err(message) => Outcome::Panicked { message },
    };
    Some(Record {
        rel: rel.to_owned(),
        version,
        elapsed,
        outcome,
    })
}

/// The error's own message, without the file name and location the
/// `Display` form puts first.
fn detail(e: &apigen::Error) -> String {
    use apigen::Error as E;
    match e {
        E::Syntax { message, .. }
        | E::Version { message, .. }
        | E::Invalid { message, .. }
        | E::Unsupported { message, .. }
        | E::Internal { message, .. } => message.clone(),
        E::DanglingRef {
            target, message, ..
        } => format!("`{target}`: {message}"),
        E::RefCycle { chain, .. } => format!("$ref cycle: {chain}"),
        E::Read { source, .. } => source.to_string(),
        other => other.to_string(),
    }
}

/// A message with the names in it stripped, so that errors of one cause
/// group together: quoted and back-quoted text, JSON pointers and numbers
/// become placeholders. Generated-code parse errors keep short Rust tokens
/// (`type`, `::`), which are the cause rather than a name.
fn normalise(kind: &str, message: &str) -> String {
    if kind == "ref-cycle" {
        return "$ref cycle with no object in between".to_owned();
    }
    let mut out = String::with_capacity(message.len());
    let chars: Vec<char> = message.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '`' | '"' | '\'' => {
                let close = chars[i + 1..].iter().position(|&d| d == c);
                match close {
                    Some(len) => {
                        let inner: String = chars[i + 1..i + 1 + len].iter().collect();
                        let keep = kind == "internal" && inner.len() <= 12;
                        out.push(c);
                        out.push_str(if keep { &inner } else { "_" });
                        out.push(c);
                        i += len + 2;
                    }
                    None => {
                        out.push(c);
                        i += 1;
                    }
                }
            }
            '#' | '/'
                if chars
                    .get(i + 1)
                    .is_some_and(|&d| d == '/' || d.is_alphanumeric()) =>
            {
                // A JSON pointer or URL path: up to the next space.
                while i < chars.len() && !chars[i].is_whitespace() && chars[i] != ',' {
                    i += 1;
                }
                out.push('_');
            }
            d if d.is_ascii_digit() => {
                while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                    i += 1;
                }
                out.push('N');
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    let mut out = out.split_whitespace().collect::<Vec<_>>().join(" ");
    if out.chars().count() > 160 {
        out = out.chars().take(157).collect::<String>() + "...";
    }
    out
}

/// A module-name-like slug for a relative path: `amazonaws.com/acm.json` →
/// `amazonaws_com_acm`.
fn slug(rel: &str) -> String {
    let stem = [".json", ".yaml", ".yml"]
        .iter()
        .find_map(|ext| rel.strip_suffix(ext))
        .unwrap_or(rel);
    let mut s: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'm');
    }
    s
}

fn percentile(sorted: &[Duration], pct: usize) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = (sorted.len() * pct).div_ceil(100).saturating_sub(1);
    sorted[i.min(sorted.len() - 1)]
}

fn pct(n: usize, of: usize) -> String {
    if of == 0 {
        "n/a".to_owned()
    } else {
        format!("{:.1}%", n as f64 * 100.0 / of as f64)
    }
}

fn one_line(s: &str, max: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() > max {
        s.chars().take(max - 3).collect::<String>() + "..."
    } else {
        s
    }
}

/// Cuts the middle out of a long string (deep JSON pointers), keeping both ends.
fn shorten_middle(s: &str, max: usize) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= max {
        return s.to_owned();
    }
    let head = max * 2 / 3;
    let tail = max - head - 5;
    let skipped = chars.len() - head - tail;
    format!(
        "{}[...{skipped} chars...]{}",
        chars[..head].iter().collect::<String>(),
        chars[chars.len() - tail..].iter().collect::<String>()
    )
}

fn report(
    root: &Path,
    records: &[Record],
    not_specs: usize,
    wall: Duration,
    jobs: usize,
    list_all: bool,
) {
    let total = records.len();
    println!("corpus: {}", root.display());
    println!("specs: {total} (skipped {not_specs} JSON/YAML files that are not OpenAPI documents)");

    // By declared version: total, ok, refused, panicked.
    let mut by_version: BTreeMap<Version, [usize; 4]> = BTreeMap::new();
    for r in records {
        let row = by_version.entry(r.version).or_default();
        row[0] += 1;
        match r.outcome {
            Outcome::Ok { .. } => row[1] += 1,
            Outcome::Refused { .. } => row[2] += 1,
            Outcome::Panicked { .. } => row[3] += 1,
        }
    }
    println!("by declared version:");
    for v in [
        Version::Swagger2,
        Version::V30,
        Version::V31,
        Version::Other,
        Version::Unknown,
    ] {
        let row = by_version.get(&v).copied().unwrap_or_default();
        if row[0] == 0 && matches!(v, Version::Other | Version::Unknown) {
            continue;
        }
        println!(
            "  {:<8} {:>5} specs: {:>5} ok ({}), {:>4} refused, {:>3} panicked",
            v.label(),
            row[0],
            row[1],
            pct(row[1], row[0]),
            row[2],
            row[3]
        );
    }

    let ok: Vec<&Record> = records
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Ok { .. }))
        .collect();
    let refused: Vec<&Record> = records
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Refused { .. }))
        .collect();
    let panicked: Vec<&Record> = records
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Panicked { .. }))
        .collect();
    let lines: usize = ok
        .iter()
        .map(|r| match r.outcome {
            Outcome::Ok { lines } => lines,
            _ => 0,
        })
        .sum();
    println!();
    println!(
        "generated OK: {} of {total} ({}), {lines} lines in all",
        ok.len(),
        pct(ok.len(), total)
    );
    println!(
        "refused with an error: {} ({})",
        refused.len(),
        pct(refused.len(), total)
    );
    println!(
        "panicked: {} ({})",
        panicked.len(),
        pct(panicked.len(), total)
    );

    if !refused.is_empty() {
        let mut by_kind: BTreeMap<&str, usize> = BTreeMap::new();
        let mut groups: BTreeMap<(&str, &str), Vec<&Record>> = BTreeMap::new();
        for r in &refused {
            if let Outcome::Refused { kind, reason, .. } = &r.outcome {
                *by_kind.entry(kind).or_default() += 1;
                groups.entry((kind, reason.as_str())).or_default().push(r);
            }
        }
        println!();
        println!("refused, by kind:");
        let mut kinds: Vec<_> = by_kind.into_iter().collect();
        kinds.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        for (kind, n) in kinds {
            println!("  {n:>5}  {kind}");
        }
        println!();
        println!("refused, by reason ({} groups):", groups.len());
        let mut groups: Vec<_> = groups.into_iter().collect();
        groups.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
        for ((kind, reason), members) in groups {
            println!("  {:>5}  [{kind}] {reason}", members.len());
            let shown = if list_all { members.len() } else { EXAMPLES };
            for r in members.iter().take(shown) {
                if let Outcome::Refused { message, place, .. } = &r.outcome {
                    let place = if place.is_empty() {
                        String::new()
                    } else {
                        format!(" {}", shorten_middle(place, 160))
                    };
                    println!("           {}{place}: {}", r.rel, one_line(message, 240));
                }
            }
            if members.len() > shown {
                println!("           ... and {} more", members.len() - shown);
            }
        }
    }

    if !panicked.is_empty() {
        println!();
        println!("panicked:");
        for r in &panicked {
            if let Outcome::Panicked { message } = &r.outcome {
                println!("  {}: {}", r.rel, one_line(message, 400));
            }
        }
    }

    let v30 = by_version.get(&Version::V30).copied().unwrap_or_default();
    println!();
    println!(
        "OpenAPI 3.0.x success rate: {}/{} = {} (goal >= 95%)",
        v30[1],
        v30[0],
        pct(v30[1], v30[0])
    );

    let mut times: Vec<Duration> = records.iter().map(|r| r.elapsed).collect();
    times.sort();
    let sum: Duration = times.iter().sum();
    println!();
    println!(
        "timings: wall {:.2?} on {jobs} thread(s), sum over specs {:.2?}, p50 {:.2?}, p95 {:.2?}, max {:.2?}",
        wall,
        sum,
        percentile(&times, 50),
        percentile(&times, 95),
        times.last().copied().unwrap_or_default()
    );
    let mut slowest: Vec<&Record> = records.iter().collect();
    slowest.sort_by(|a, b| b.elapsed.cmp(&a.elapsed).then(a.rel.cmp(&b.rel)));
    println!("slowest:");
    for r in slowest.iter().take(5) {
        println!(
            "  {:>10.2?}  {} ({})",
            r.elapsed,
            r.rel,
            r.outcome.summary()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_strips_names() {
        assert_eq!(
            normalise("invalid", "unknown variant `foo`, expected one of `a`, `b`"),
            "unknown variant `_`, expected one of `_`, `_`"
        );
        assert_eq!(
            normalise("dangling-ref", "`#/components/schemas/X`: no such node"),
            "`_`: no such node"
        );
        assert_eq!(
            normalise(
                "unsupported",
                "nesting deeper than 200 levels at /paths/~1a"
            ),
            "nesting deeper than N levels at _"
        );
        assert_eq!(
            normalise("internal", "expected identifier, found keyword `type`"),
            "expected identifier, found keyword `type`"
        );
    }

    #[test]
    fn panics_become_messages_with_their_location() {
        install_panic_hook();
        assert_eq!(catch(|| 7), Ok(7));
        let index = 5;
        let err = catch(|| -> usize { panic!("index {index} out of range") }).unwrap_err();
        assert!(err.starts_with("index 5 out of range (at "), "{err}");
        assert!(err.contains("main.rs:"), "{err}");
        let _ = std::panic::take_hook();
    }

    #[test]
    fn slugs_are_module_names() {
        assert_eq!(slug("amazonaws.com/acm.json"), "amazonaws_com_acm");
        assert_eq!(slug("1password.com/events.yaml"), "m1password_com_events");
    }

    #[test]
    fn percentiles_pick_ranks() {
        let t: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        assert_eq!(percentile(&t, 50), Duration::from_millis(50));
        assert_eq!(percentile(&t, 95), Duration::from_millis(95));
        assert_eq!(percentile(&t, 100), Duration::from_millis(100));
    }
}
