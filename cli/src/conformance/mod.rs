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
use std::time::Duration;

use serde::Serialize;

mod defects;
mod driver;
mod judge;
mod prism;
mod report;

pub use driver::workspace_root;
use driver::{build_driver, driver_package, operations_of, run_driver, write_driver};
use judge::judge;
pub use judge::Verdict;
use prism::{install_prism, Prism};
use report::{print_spec, print_table};

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
    /// Why no request of the operation can be valid, when the generator
    /// found the spec contradicting itself there.
    #[serde(default)]
    pub contradiction: Option<String>,
    /// Why the spec's example a mock serves for the operation does not
    /// fit the response's schema, when it does not.
    #[serde(default)]
    pub served_misfit: Option<String>,
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
    /// For [`Verdict::SpecContradiction`]: the operation's contradiction.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
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
    /// Rejections of operations where the spec contradicts itself.
    pub spec_contradictions: usize,
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
    /// Rejections of operations where the spec contradicts itself.
    pub spec_contradictions: usize,
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
        // The spec as JSON, for the verdicts that look into it; read only
        // when such a verdict may be needed.
        let doc = all
            .iter()
            .any(|c| c.kind == "decode" || (c.mode == "badbody" && c.kind == "ok"))
            .then(|| apigen::internal::load_file(spec).ok())
            .flatten();
        judge(r, &ops, &all, doc.as_ref().map(|d| &d.raw));
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
        summary.spec_contradictions += r.spec_contradictions;
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

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}
