//! `apigen conformance SPEC...`: every operation of each spec called with
//! its example arguments against the Prism mock server, which validates
//! each request against the spec.
//!
//! 1. Each spec's client is generated with its examples and the
//!    conformance driver (`Builder::conformance_driver`) into one batch
//!    crate, `target/conformance/driver`, compiled once; a spec whose
//!    code is refused or does not compile is skipped with the reason.
//! 2. Per spec, Prism (`scripts/install-prism.sh`) is started on a free
//!    port of 127.0.0.1 with `--errors`, so that a request it finds invalid
//!    is answered with an error that carries the violations (the
//!    `sl-violations` header). A spec Prism cannot load is skipped.
//! 3. The driver calls each operation: once with credentials (static
//!    responses, the spec's examples), `--dynamic N` times with
//!    `Prefer: dynamic=true` (random schema-valid responses), and the
//!    error checks: without credentials when the operation is secured
//!    (401/403 expected), with `Prefer: code=404` when it declares a 404,
//!    `4XX` or `default` response, and with its JSON body replaced by one
//!    the schema refuses by type (422/400 expected). Every response is
//!    decoded into the generated types; a check's error must arrive as the
//!    client's `Error::Api` of the expected status, its body decoded as
//!    the operation's error type where the spec declares a schema for that
//!    status.
//!
//! A request Prism finds invalid is a *rejected request*; a response that
//! does not decode is an *undecoded response*; a check whose error is of
//! another status or untyped is a *failed error check*. Any of them, or a
//! run that called no operation, fails the run. Known Prism defects (see
//! CONFORMANCE.md) are labelled as such and counted apart, never dropped.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use serde::Serialize;

mod defects;
mod prism;
mod report;

use defects::{prism_answer_defect, prism_defect};
use prism::{install_prism, Prism};
use report::{print_spec, print_table};

/// The package name of a driver crate: `apigen-conformance-` and the work
/// folder's name (`apigen-conformance-driver` by default), so that runs in
/// two work folders that share a target folder build binaries of their own.
fn driver_package(work_dir: &Path) -> String {
    let name: String = work_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let name = name.trim_matches('-');
    format!(
        "apigen-conformance-{}",
        if name.is_empty() { "driver" } else { name }
    )
}

/// A generated client larger than this gets a driver crate of its own.
const OWN_CRATE_BYTES: u64 = 2_000_000;

/// A driver crate: its folder, its package name, and its modules as
/// (result index, module).
type DriverCrate = (PathBuf, String, Vec<(usize, String)>);

/// Settings of one run.
pub struct Options {
    pub specs: Vec<PathBuf>,
    pub json: Option<PathBuf>,
    pub dynamic: usize,
    pub work_dir: PathBuf,
    pub target_dir: PathBuf,
    pub prism: Option<PathBuf>,
    pub startup_timeout: Duration,
}

/// One call's result as the driver prints it.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Call {
    pub op: usize,
    pub mode: String,
    pub kind: String,
    pub status: u16,
    pub typed: bool,
    pub detail: String,
}

/// What a failed call is counted as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Rejected,
    NotDecoded,
    /// A rejection that is a documented Prism defect.
    PrismDefect,
    /// Prism stopped answering after this request (a crash).
    PrismCrash,
    /// Prism's own response fails its validation against the spec (a spec
    /// example that does not fit its schema, or a generated body cut off
    /// in a recursive schema): nothing the client sent or decoded.
    ResponseViolation,
    /// Prism answered an error status the call did not expect (for example
    /// a spec whose only response is an error, or Prism found no route).
    Unexpected,
    /// An error check failed: the call without credentials, with
    /// `Prefer: code=404` or with a refused body did not end in the
    /// client's `Error::Api` of the expected status, decoded as the
    /// operation's error type where the spec declares a schema for it.
    ErrorCheck,
}

/// An operation as the driver lists it (`CONFORMANCE_OPERATIONS`).
#[derive(Debug, Clone, serde::Deserialize)]
pub struct OpInfo {
    pub name: String,
    pub method: String,
    pub path: String,
    /// The declared error responses: status (`404`, `4XX`, `default`) and
    /// whether its body has a JSON schema.
    pub errors: Vec<(String, bool)>,
    /// The JSON body the bad-body check sends.
    pub bad_body: Option<String>,
}

impl OpInfo {
    /// Whether the response the spec declares for `status` (the exact
    /// code, else its range, else `default`) has a JSON schema.
    fn declares_schema(&self, status: u16) -> bool {
        let code = status.to_string();
        let range = format!("{}XX", status / 100);
        [code.as_str(), range.as_str(), "default"]
            .iter()
            .find_map(|want| {
                self.errors
                    .iter()
                    .find(|(s, _)| s.eq_ignore_ascii_case(want))
                    .map(|(_, schema)| *schema)
            })
            .unwrap_or(false)
    }
}

/// How often one error check ran and failed.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Check {
    pub run: usize,
    pub failed: usize,
}

/// The error checks: without credentials (401/403), `Prefer: code=404`,
/// and a body the schema refuses (422/400).
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct ErrorChecks {
    pub unauthorized: Check,
    pub not_found: Check,
    pub bad_body: Check,
}

impl ErrorChecks {
    fn add(&mut self, other: &ErrorChecks) {
        for (a, b) in [
            (&mut self.unauthorized, &other.unauthorized),
            (&mut self.not_found, &other.not_found),
            (&mut self.bad_body, &other.bad_body),
        ] {
            a.run += b.run;
            a.failed += b.failed;
        }
    }

    fn of_mode(&mut self, mode: &str) -> Option<&mut Check> {
        match mode {
            "noauth" => Some(&mut self.unauthorized),
            "notfound" => Some(&mut self.not_found),
            "badbody" => Some(&mut self.bad_body),
            _ => None,
        }
    }
}

/// The statuses an error check expects, by the call's mode.
fn expected_statuses(mode: &str) -> Option<&'static [u16]> {
    match mode {
        "noauth" => Some(&[401, 403]),
        "notfound" => Some(&[404]),
        "badbody" => Some(&[422, 400]),
        _ => None,
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    pub operation: String,
    pub method: String,
    pub path: String,
    pub mode: String,
    pub verdict: Verdict,
    pub status: u16,
    pub detail: String,
    /// For [`Verdict::PrismDefect`]: which one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub defect: Option<&'static str>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct SpecResult {
    pub spec: String,
    /// Why the spec was skipped, if it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skipped: Option<String>,
    pub operations: usize,
    pub requests: usize,
    pub rejected: usize,
    pub not_decoded: usize,
    pub prism_defects: usize,
    pub response_violations: usize,
    pub unexpected: usize,
    /// Failed error checks (the sum over `error_checks`).
    pub error_check_failures: usize,
    pub error_checks: ErrorChecks,
    pub failures: Vec<Failure>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub specs: usize,
    pub operations: usize,
    pub requests: usize,
    pub rejected: usize,
    pub not_decoded: usize,
    pub prism_defects: usize,
    pub response_violations: usize,
    pub unexpected: usize,
    pub error_check_failures: usize,
    pub error_checks: ErrorChecks,
    pub skipped: usize,
    pub results: Vec<SpecResult>,
}

impl Summary {
    pub fn line(&self) -> String {
        format!(
            "conformance: {} specs, {} operations, {} requests rejected, {} responses not decoded, {} error checks failed, {} skipped",
            self.specs,
            self.operations,
            self.rejected,
            self.not_decoded,
            self.error_check_failures,
            self.skipped
        )
    }

    /// Why the run does not conform, if it does not: rejected requests,
    /// undecoded responses, failed error checks, or nothing called at all.
    pub fn failure(&self) -> Option<String> {
        if self.operations == 0 || self.requests == 0 {
            return Some(if self.skipped > 0 {
                format!(
                    "no operation was called: every spec was skipped ({} skipped)",
                    self.skipped
                )
            } else {
                "no operation was called: the specs have no operations".to_owned()
            });
        }
        let mut what = Vec::new();
        if self.rejected > 0 {
            what.push(format!("{} requests rejected", self.rejected));
        }
        if self.not_decoded > 0 {
            what.push(format!("{} responses not decoded", self.not_decoded));
        }
        if self.error_check_failures > 0 {
            what.push(format!("{} error checks failed", self.error_check_failures));
        }
        (!what.is_empty()).then(|| what.join(", "))
    }
}

/// Runs the whole check; prints as it goes; returns the summary.
pub fn run(options: &Options) -> Result<Summary, String> {
    let prism = match &options.prism {
        Some(p) => p.clone(),
        None => install_prism()?,
    };
    let src = options.work_dir.join("src");
    std::fs::create_dir_all(&src).map_err(|e| format!("{}: {e}", src.display()))?;
    // Generate every module.
    let mut results: Vec<SpecResult> = Vec::new();
    let mut modules: Vec<(usize, String)> = Vec::new(); // (result index, module)
    for (i, spec) in options.specs.iter().enumerate() {
        let mut r = SpecResult {
            spec: spec.display().to_string(),
            ..SpecResult::default()
        };
        let module = format!("s{i}");
        let generated = apigen::Builder::new()
            .conformance_driver(true)
            .rustfmt(false)
            .rerun_if_changed(false)
            .regenerate_command("apigen conformance")
            .generate_one(spec);
        match generated {
            Ok(code) => {
                let path = src.join(format!("{module}.rs"));
                apigen::write_if_changed(&path, &code).map_err(|e| e.to_string())?;
                modules.push((results.len(), module));
            }
            Err(e) => {
                r.skipped = Some(format!("the generator refuses it: {e}"));
                print_spec(&r);
            }
        }
        results.push(r);
    }
    // Build the batch crate, and a crate of its own for each large client
    // (one crate holding GitHub's and Stripe's clients, or either beside
    // others, needs more memory than the compiler has); leave out modules
    // that do not compile.
    let mut groups: Vec<DriverCrate> = vec![(
        options.work_dir.clone(),
        driver_package(&options.work_dir),
        Vec::new(),
    )];
    let package = groups[0].1.clone();
    for (ri, module) in modules {
        let size = std::fs::metadata(src.join(format!("{module}.rs"))).map_or(0, |m| m.len());
        if size > OWN_CRATE_BYTES {
            let dir = options.work_dir.join(&module);
            std::fs::create_dir_all(dir.join("src")).map_err(|e| e.to_string())?;
            let from = src.join(format!("{module}.rs"));
            let code = std::fs::read_to_string(&from).map_err(|e| e.to_string())?;
            apigen::write_if_changed(&dir.join("src").join(format!("{module}.rs")), &code)
                .map_err(|e| e.to_string())?;
            let _ = std::fs::remove_file(&from);
            groups.push((dir, format!("{package}-{module}"), vec![(ri, module)]));
        } else {
            groups[0].2.push((ri, module));
        }
    }
    let mut runs: Vec<(usize, String, PathBuf)> = Vec::new();
    for (dir, package, mut members) in groups {
        if members.is_empty() {
            continue;
        }
        let mut attempts = 0;
        loop {
            attempts += 1;
            write_driver(&dir, &package, &members)?;
            eprintln!(
                "conformance: compiling the driver {package} for {} specs",
                members.len()
            );
            let (ok, failing) = build_driver(options, &dir)?;
            if ok {
                let binary = options.target_dir.join("debug").join(&package);
                runs.extend(
                    members
                        .iter()
                        .map(|(ri, m)| (*ri, m.clone(), binary.clone())),
                );
                break;
            }
            if failing.is_empty() || attempts > 3 {
                return Err(format!(
                    "the driver crate {} does not compile (see the errors above)",
                    dir.display()
                ));
            }
            members.retain(|(ri, m)| {
                if failing.contains(m) {
                    results[*ri].skipped = Some("its generated client does not compile".into());
                    print_spec(&results[*ri]);
                    false
                } else {
                    true
                }
            });
            if members.is_empty() {
                break;
            }
        }
    }
    runs.sort_by_key(|(ri, _, _)| *ri);
    // Run each spec against its own Prism.
    for (ri, module, binary) in &runs {
        let binary = binary.as_path();
        let r = &mut results[*ri];
        let index: usize = module[1..].parse().unwrap_or(0);
        let spec = &options.specs[index];
        let ops = operations_of(binary, index)?;
        r.operations = ops.len();
        let mut from = 0;
        let mut all: Vec<Call> = Vec::new();
        while from < ops.len() {
            let mut server = match Prism::start(&prism, spec, options.startup_timeout) {
                Ok(server) => server,
                Err(reason) => {
                    if from == 0 {
                        r.skipped = Some(reason);
                        r.operations = 0;
                    } else {
                        r.skipped = Some(format!("after operation {from}: {reason}"));
                    }
                    break;
                }
            };
            let calls = run_driver(binary, index, &server.base_url(), options.dynamic, from);
            server.stop();
            let calls = match calls {
                Ok(calls) => calls,
                Err(e) => {
                    r.skipped = Some(e);
                    break;
                }
            };
            // A refused connection means Prism died on the request before:
            // the call that crashed it is kept, the rest of its operation
            // dropped, and a new Prism takes the next operation.
            match calls
                .iter()
                .position(|c| c.kind == "transport" && c.detail.contains("refused"))
            {
                Some(dead) => {
                    let crashed = if dead == 0 { 0 } else { dead - 1 };
                    let op = calls[crashed].op;
                    let mut kept: Vec<Call> = calls[..crashed].to_vec();
                    let mut c = calls[crashed].clone();
                    if c.kind == "transport" {
                        c.kind = "crash".into();
                        c.detail = format!("Prism stopped answering: {}", c.detail);
                    } else {
                        c.kind = "crash".into();
                        c.detail = "Prism crashed on this request".into();
                    }
                    kept.push(c);
                    all.extend(kept);
                    from = op + 1;
                }
                None => {
                    all.extend(calls);
                    break;
                }
            }
        }
        judge(r, &ops, &all);
        print_spec(r);
    }
    let mut summary = Summary::default();
    for r in &results {
        if r.skipped.is_some() {
            summary.skipped += 1;
            if r.operations == 0 {
                continue;
            }
        }
        summary.specs += 1;
        summary.operations += r.operations;
        summary.requests += r.requests;
        summary.rejected += r.rejected;
        summary.not_decoded += r.not_decoded;
        summary.prism_defects += r.prism_defects;
        summary.response_violations += r.response_violations;
        summary.unexpected += r.unexpected;
        summary.error_check_failures += r.error_check_failures;
        summary.error_checks.add(&r.error_checks);
    }
    summary.results = results;
    print_table(&summary);
    if let Some(path) = &options.json {
        let text = serde_json::to_string_pretty(&summary).map_err(|e| e.to_string())?;
        std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(summary)
}

/// Sorts each call into the counts.
fn judge(r: &mut SpecResult, ops: &[OpInfo], calls: &[Call]) {
    for c in calls {
        r.requests += 1;
        let Some(op) = ops.get(c.op) else {
            continue;
        };
        let (name, method, path) = (&op.name, &op.method, &op.path);
        let mut detail = c.detail.clone();
        // Prism's own answers, whatever the call checked.
        let prism_side = match c.kind.as_str() {
            "crash" => Some(Verdict::PrismCrash),
            // Prism dropped the connection on this request.
            "transport"
                if c.detail.contains("closed before message completed")
                    || c.detail.contains("reset by peer") =>
            {
                Some(Verdict::PrismCrash)
            }
            "api-error"
                if c.status == 500
                    && c.detail.contains("prism/errors#VIOLATIONS")
                    && !c.detail.contains("\"request\"") =>
            {
                Some(Verdict::ResponseViolation)
            }
            _ => None,
        };
        let verdict = if let Some(expected) = expected_statuses(&c.mode) {
            if let Some(check) = r.error_checks.of_mode(&c.mode) {
                check.run += 1;
            }
            let error = c.kind == "rejected" || c.kind == "api-error";
            let verdict = match prism_side {
                Some(v) => Some(v),
                None if error && expected.contains(&c.status) => {
                    if op.declares_schema(c.status) && !c.typed {
                        detail = format!(
                            "the {} body did not decode as the operation's error type; body: {}",
                            c.status, c.detail
                        );
                        Some(Verdict::ErrorCheck)
                    } else {
                        None
                    }
                }
                None if c.kind == "decode" => Some(Verdict::NotDecoded),
                // Prism found the request itself invalid (it validates
                // before it answers the check's status): a rejected
                // request, or a documented Prism defect, not a check that
                // failed.
                None if c.kind == "rejected" => Some(Verdict::Rejected),
                // Prism found no route (the call never reached the
                // operation), or failed on a documented defect of its own.
                None if error
                    && (c.detail.contains("NO_PATH_MATCHED")
                        || prism_answer_defect(c.status, &c.detail).is_some()) =>
                {
                    Some(Verdict::Unexpected)
                }
                None => {
                    let want: Vec<String> = expected.iter().map(u16::to_string).collect();
                    let sent = match (&op.bad_body, c.mode.as_str()) {
                        (Some(b), "badbody") => format!(" (the body sent: `{b}`)"),
                        _ => String::new(),
                    };
                    detail = format!(
                        "expected the client's Error::Api with status {}{sent}, got {} {}: {}",
                        want.join(" or "),
                        c.kind,
                        c.status,
                        c.detail
                    );
                    Some(Verdict::ErrorCheck)
                }
            };
            if verdict == Some(Verdict::ErrorCheck) {
                if let Some(check) = r.error_checks.of_mode(&c.mode) {
                    check.failed += 1;
                }
            }
            verdict
        } else {
            match (prism_side, c.kind.as_str()) {
                (Some(v), _) => Some(v),
                (None, "ok") => None,
                (None, "rejected") => Some(Verdict::Rejected),
                (None, "decode") => Some(Verdict::NotDecoded),
                _ => Some(Verdict::Unexpected),
            }
        };
        let Some(mut verdict) = verdict else { continue };
        let defect = match verdict {
            Verdict::Rejected => prism_defect(method, path, &c.detail),
            Verdict::Unexpected => prism_answer_defect(c.status, &c.detail),
            _ => None,
        };
        if defect.is_some() {
            verdict = Verdict::PrismDefect;
        }
        match verdict {
            Verdict::Rejected => r.rejected += 1,
            Verdict::NotDecoded => r.not_decoded += 1,
            Verdict::PrismDefect | Verdict::PrismCrash => r.prism_defects += 1,
            Verdict::ResponseViolation => r.response_violations += 1,
            Verdict::Unexpected => r.unexpected += 1,
            Verdict::ErrorCheck => r.error_check_failures += 1,
        }
        let f = Failure {
            operation: name.clone(),
            method: method.clone(),
            path: path.clone(),
            mode: c.mode.clone(),
            verdict,
            status: c.status,
            detail,
            defect,
        };
        println!(
            "  {} {} {} {} ({}): {:?} {}{}",
            r.spec,
            f.method,
            f.path,
            f.mode,
            f.operation,
            f.verdict,
            f.status,
            match f.defect {
                Some(d) => format!(" [Prism defect: {d}]"),
                None => String::new(),
            }
        );
        println!("      {}", truncate(&f.detail, 400));
        r.failures.push(f);
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}

/// The workspace this binary was built from.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_owned)
}

fn write_driver(dir: &Path, package: &str, modules: &[(usize, String)]) -> Result<(), String> {
    let root = workspace_root();
    let runtime = root.join("runtime");
    let manifest = format!(
        r#"# Written by `apigen conformance`.
[package]
name = "{}"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
apigen-runtime = {{ path = "{}" }}
tokio = {{ version = "1", features = ["rt-multi-thread", "macros", "time"] }}

[profile.dev]
debug = false

[workspace]
"#,
        package,
        runtime.display()
    );
    let w = |name: &str, text: &str| {
        apigen::write_if_changed(&dir.join(name), text).map_err(|e| e.to_string())
    };
    w("Cargo.toml", &manifest)?;
    // The workspace's lock file, so that the driver builds the same
    // versions (and can share compiled dependencies).
    if let Ok(lock) = std::fs::read_to_string(root.join("Cargo.lock")) {
        if !dir.join("Cargo.lock").exists() {
            w("Cargo.lock", &lock)?;
        }
    }
    let mut main =
        String::from("// Written by `apigen conformance`.\n#![allow(warnings, clippy::all)]\n\n");
    for (_, m) in modules {
        main.push_str(&format!("mod {m} {{\n    include!(\"{m}.rs\");\n}}\n"));
    }
    main.push_str(
        r#"
use apigen_runtime::serde_json::json;

macro_rules! spec {
    ($m:ident, $base:expr, $runs:expr, $from:expr, $list:expr) => {{
        if $list {
            for op in $m::CONFORMANCE_OPERATIONS {
                println!(
                    "{}",
                    json!({
                        "name": op.name, "method": op.method, "path": op.path,
                        "secured": op.secured, "errors": op.errors, "bad_body": op.bad_body,
                    })
                );
            }
            return;
        }
        let with = $m::conformance_client($base, "static");
        let without = $m::conformance_client($base, "noauth");
        let not_found = $m::conformance_client($base, "notfound");
        let bad_body = $m::conformance_client($base, "badbody");
        let dynamic = $m::conformance_client($base, "dynamic");
        for (i, op) in $m::CONFORMANCE_OPERATIONS.iter().enumerate().skip($from) {
            let mut calls = vec![("static", with.clone())];
            if op.secured {
                calls.push(("noauth", without.clone()));
            }
            if op.errors.iter().any(|(s, _)| ["404", "4XX", "default"].contains(s)) {
                calls.push(("notfound", not_found.clone()));
            }
            if op.bad_body.is_some() {
                calls.push(("badbody", bad_body.clone()));
            }
            for _ in 0..$runs {
                calls.push(("dynamic", dynamic.clone()));
            }
            for (mode, client) in calls {
                // On a task of its own, so that a panic (an example that
                // does not decode) is one failed call, not the end of the run.
                let c = client.clone();
                let o = tokio::spawn(async move { $m::conformance_call(&c, i).await }).await;
                let (kind, status, typed, detail) = match o {
                    Ok(Some(o)) => (o.kind, o.status, o.typed, o.detail),
                    Ok(None) => unreachable!("operation index"),
                    Err(e) => ("panic", 0, false, e.to_string()),
                };
                println!(
                    "{}",
                    json!({"op": i, "mode": mode, "kind": kind, "status": status, "typed": typed, "detail": detail})
                );
            }
        }
    }};
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let spec: usize = args[1].parse().expect("spec index");
    let base = args.get(2).map(String::as_str).unwrap_or("");
    let runs: usize = args.get(3).and_then(|r| r.parse().ok()).unwrap_or(0);
    let from: usize = args.get(4).and_then(|r| r.parse().ok()).unwrap_or(0);
    let list = base == "--list";
    match spec {
"#,
    );
    for (_, m) in modules {
        let i = &m[1..];
        main.push_str(&format!(
            "        {i} => spec!({m}, base, runs, from, list),\n"
        ));
    }
    main.push_str("        _ => panic!(\"no spec {spec}\"),\n    }\n}\n");
    w("src/main.rs", &main)?;
    // Modules of an earlier run that are not part of this one.
    if let Ok(entries) = std::fs::read_dir(dir.join("src")) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if let Some(stem) = name.strip_suffix(".rs") {
                if stem != "main" && !modules.iter().any(|(_, m)| m == stem) {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
    }
    Ok(())
}

/// Builds the driver; on failure, the modules the errors point at.
fn build_driver(options: &Options, dir: &Path) -> Result<(bool, Vec<String>), String> {
    let out = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["build", "--quiet", "--message-format", "short"])
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", &options.target_dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("cargo: {e}"))?;
    if out.status.success() {
        return Ok((true, Vec::new()));
    }
    let text = String::from_utf8_lossy(&out.stderr);
    let mut failing = Vec::new();
    for line in text.lines() {
        if !line.contains("error") {
            continue;
        }
        if let Some(pos) = line.find("src/s") {
            let rest = &line[pos + 4..];
            let module: String = rest.chars().take_while(|c| *c != '.').collect();
            if !failing.contains(&module) {
                failing.push(module);
            }
        }
    }
    eprintln!(
        "conformance: the driver does not compile; leaving out {failing:?}\n{}",
        truncate(&text, 4000)
    );
    Ok((false, failing))
}

fn operations_of(binary: &Path, index: usize) -> Result<Vec<OpInfo>, String> {
    let out = Command::new(binary)
        .arg(index.to_string())
        .arg("--list")
        .output()
        .map_err(|e| format!("{}: {e}", binary.display()))?;
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).map_err(|e| format!("driver output {l:?}: {e}")))
        .collect()
}

fn run_driver(
    binary: &Path,
    index: usize,
    base: &str,
    runs: usize,
    from: usize,
) -> Result<Vec<Call>, String> {
    let out = Command::new(binary)
        .arg(index.to_string())
        .arg(base)
        .arg(runs.to_string())
        .arg(from.to_string())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("{}: {e}", binary.display()))?;
    let calls: Vec<Call> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(format!(
            "the driver failed after {} calls: {}",
            calls.len(),
            truncate(err.trim(), 600)
        ));
    }
    Ok(calls)
}

/// Reads a list of specs: one path per line (`#` comments), or `name=path`.
pub fn read_list(path: &Path) -> Result<Vec<PathBuf>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let base = path.parent().unwrap_or(Path::new("."));
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let l = l.split_once('=').map_or(l, |(_, p)| p);
            let p = PathBuf::from(l);
            if p.is_absolute() || p.exists() {
                p
            } else {
                base.join(p)
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(errors: &[(&str, bool)]) -> OpInfo {
        OpInfo {
            name: "create".into(),
            method: "POST".into(),
            path: "/things".into(),
            errors: errors.iter().map(|(s, b)| ((*s).to_owned(), *b)).collect(),
            bad_body: Some("[]".into()),
        }
    }

    fn call(mode: &str, kind: &str, status: u16, typed: bool) -> Call {
        Call {
            op: 0,
            mode: mode.into(),
            kind: kind.into(),
            status,
            typed,
            detail: "{}".into(),
        }
    }

    fn verdicts(op: OpInfo, calls: &[Call]) -> (SpecResult, Vec<Verdict>) {
        let mut r = SpecResult::default();
        judge(&mut r, &[op], calls);
        let v = r.failures.iter().map(|f| f.verdict).collect();
        (r, v)
    }

    #[test]
    fn the_response_for_a_status_is_the_code_then_the_range_then_default() {
        let o = op(&[("404", false), ("4XX", true), ("default", true)]);
        assert!(!o.declares_schema(404));
        assert!(o.declares_schema(422));
        assert!(o.declares_schema(500));
        assert!(!op(&[("404", true)]).declares_schema(401));
    }

    #[test]
    fn an_error_check_fails_when_the_error_is_untyped_or_another_status() {
        let o = || op(&[("401", true), ("default", true)]);
        let (r, v) = verdicts(o(), &[call("noauth", "rejected", 401, true)]);
        assert!(v.is_empty());
        assert_eq!(
            (r.error_checks.unauthorized.run, r.error_check_failures),
            (1, 0)
        );
        let (r, v) = verdicts(o(), &[call("notfound", "api-error", 404, false)]);
        assert_eq!(v, [Verdict::ErrorCheck]);
        assert_eq!(r.error_checks.not_found.failed, 1);
        assert!(r.failures[0].detail.contains("did not decode"));
        // Prism accepted the body the schema refuses.
        let (r, v) = verdicts(o(), &[call("badbody", "ok", 0, false)]);
        assert_eq!(v, [Verdict::ErrorCheck]);
        assert!(
            r.failures[0].detail.contains("the body sent: `[]`"),
            "{:?}",
            r.failures
        );
    }

    #[test]
    fn an_untyped_error_passes_where_the_spec_declares_no_schema() {
        let (r, v) = verdicts(
            op(&[("404", false)]),
            &[call("notfound", "api-error", 404, false)],
        );
        assert!(v.is_empty());
        assert_eq!(r.error_checks.not_found.run, 1);
    }

    #[test]
    fn a_check_whose_request_prism_refuses_is_a_rejection() {
        let (r, v) = verdicts(
            op(&[("default", true)]),
            &[call("notfound", "rejected", 422, true)],
        );
        assert_eq!(v, [Verdict::Rejected]);
        assert_eq!((r.rejected, r.error_check_failures), (1, 0));
    }

    #[test]
    fn nothing_called_is_a_failure() {
        let summary = Summary {
            skipped: 2,
            ..Summary::default()
        };
        assert_eq!(
            summary.failure().as_deref(),
            Some("no operation was called: every spec was skipped (2 skipped)")
        );
    }
}
