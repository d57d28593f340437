//! A whole run: draw documents from a seed, generate each, compile them in
//! batches, find the failing documents (by the modules the diagnostics name,
//! bisecting when a diagnostic names none), group the failures into classes,
//! shrink one document per class and write it out.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config as RunnerConfig, RngAlgorithm, TestRng, TestRunner};
use serde_json::Value;

use crate::exclude::Exclusions;
use crate::harness::{self, BatchCrate, Diagnostic, Generated};
use crate::{document, shrink};

/// What to run.
#[derive(Debug, Clone)]
pub struct Config {
    /// How many documents.
    pub cases: usize,
    /// The seed; document `i` depends only on the seed and `i`.
    pub seed: u64,
    /// Documents per `cargo clippy`.
    pub batch: usize,
    /// Constructs left out.
    pub exclusions: Exclusions,
    /// Time allowed to shrink each failure class (zero: no shrinking).
    pub shrink_budget: Duration,
    /// Where failing and minimal documents are written.
    pub out_dir: PathBuf,
}

/// One failure class and the documents in it.
#[derive(Debug, Clone)]
pub struct Failure {
    /// The class ([`Diagnostic::signature`], or `crash: …`).
    pub signature: String,
    /// The documents (case numbers) that show it.
    pub cases: Vec<usize>,
    /// The first message, as rendered for the smallest document.
    pub message: String,
    /// The minimal (or, unshrunk, smallest) failing document as written.
    pub spec: PathBuf,
}

/// What a run found.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Documents drawn.
    pub cases: usize,
    /// Documents whose code was compiled.
    pub compiled: usize,
    /// Clean refusals: case number and message.
    pub refusals: Vec<(usize, String)>,
    /// Failure classes.
    pub failures: Vec<Failure>,
    /// Wall time.
    pub elapsed: Duration,
    /// Where documents were written.
    pub out_dir: PathBuf,
}

impl Report {
    /// The classes that are bugs: crashes, compile errors and warnings (a
    /// clean refusal is allowed, and only reported).
    pub fn broken(&self) -> impl Iterator<Item = &Failure> {
        self.failures
            .iter()
            .filter(|f| !f.signature.starts_with("refused"))
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} documents, {} compiled, {} refused, {} failure classes, in {:.0?}",
            self.cases,
            self.compiled,
            self.refusals.len(),
            self.broken().count(),
            self.elapsed
        )?;
        for (case, message) in &self.refusals {
            writeln!(f, "refused: case {case}: {message}")?;
        }
        for fail in &self.failures {
            writeln!(
                f,
                "\n{} {}\n  cases {:?}\n  spec  {}\n{}",
                if fail.signature.starts_with("refused") {
                    "REFUSAL"
                } else {
                    "FAILURE"
                },
                fail.signature,
                fail.cases,
                fail.spec.display(),
                fail.message
            )?;
        }
        if !self.failures.is_empty() {
            writeln!(
                f,
                "failing and minimal documents are in {}",
                self.out_dir.display()
            )?;
        }
        Ok(())
    }
}

/// Document `case` of `seed`.
pub fn draw(seed: u64, case: usize, exclusions: Exclusions) -> Value {
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    bytes[8..16].copy_from_slice(&(case as u64).to_le_bytes());
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &bytes);
    let mut runner = TestRunner::new_with_rng(RunnerConfig::default(), rng);
    document::document(exclusions)
        .new_tree(&mut runner)
        .expect("the document strategy never rejects")
        .current()
}

/// The class of a document's failure: its first error, else its first warning.
fn primary(diags: &[&Diagnostic]) -> Option<String> {
    diags
        .iter()
        .find(|d| d.level == "error")
        .or_else(|| diags.first())
        .map(|d| d.signature())
}

/// Compiles `cases` (case number, code) and returns the failing ones with
/// their diagnostics: those the diagnostics name are taken out and the
/// rest compiled again; a failure that names no module is bisected.
fn failing(krate: &BatchCrate, cases: &[(usize, String)]) -> Vec<(usize, Vec<Diagnostic>)> {
    let mut found = Vec::new();
    let mut pending: Vec<(usize, String)> = cases.to_vec();
    while !pending.is_empty() {
        let modules: Vec<(String, String)> = pending
            .iter()
            .map(|(i, code)| (harness::module_name(*i), code.clone()))
            .collect();
        let outcome = krate.compile(&modules);
        if outcome.success {
            break;
        }
        let named: Vec<(usize, Vec<Diagnostic>)> = pending
            .iter()
            .map(|(i, _)| {
                let diags = outcome.for_module(&harness::module_name(*i));
                (*i, diags.into_iter().cloned().collect::<Vec<_>>())
            })
            .filter(|(_, d)| !d.is_empty())
            .collect();
        if named.is_empty() {
            if pending.len() == 1 {
                let mut diags = outcome.diagnostics.clone();
                if diags.is_empty() {
                    diags.push(Diagnostic {
                        level: "error".into(),
                        code: "cargo".into(),
                        message: "cargo clippy failed without a diagnostic".into(),
                        rendered: outcome.stderr.clone(),
                        modules: Default::default(),
                    });
                }
                found.push((pending[0].0, diags));
                break;
            }
            let (a, b) = pending.split_at(pending.len() / 2);
            found.extend(failing(krate, a));
            found.extend(failing(krate, b));
            break;
        }
        pending.retain(|(i, _)| !named.iter().any(|(j, _)| j == i));
        found.extend(named);
    }
    found
}

/// Which of `docs` fail with `signature` (one compile, two when a warning is
/// looked for and errors elsewhere kept clippy from running).
fn same_failure(krate: &BatchCrate, signature: &str, docs: &[Value]) -> Vec<bool> {
    let mut result = vec![false; docs.len()];
    let mut modules = Vec::new();
    for (i, doc) in docs.iter().enumerate() {
        let name = harness::module_name(i);
        match harness::generate(&name, &harness::to_text(doc)) {
            Generated::Code(code) => modules.push((i, name, code)),
            Generated::Refused(m) | Generated::Crashed(m) => {
                result[i] = crash_signature(&m) == signature || refusal_signature(&m) == signature
            }
        }
    }
    if signature.starts_with("crash") || signature.starts_with("refused") {
        return result;
    }
    for _ in 0..2 {
        if modules.is_empty() {
            break;
        }
        let outcome = krate.compile(
            &modules
                .iter()
                .map(|(_, n, c)| (n.clone(), c.clone()))
                .collect::<Vec<_>>(),
        );
        let mut errored = false;
        let mut rest = Vec::new();
        for (i, name, code) in modules {
            let diags = outcome.for_module(&name);
            if diags.iter().any(|d| d.signature() == signature) {
                result[i] = true;
            } else if diags.iter().any(|d| d.level == "error") {
                errored = true;
            } else {
                rest.push((i, name, code));
            }
        }
        if !errored || signature.starts_with("error") {
            break;
        }
        modules = rest;
    }
    result
}

fn normalise(message: &str) -> String {
    let d = Diagnostic {
        level: String::new(),
        code: String::new(),
        message: message.lines().next().unwrap_or_default().to_owned(),
        rendered: String::new(),
        modules: Default::default(),
    };
    d.signature().trim_start_matches(" : ").to_owned()
}

fn crash_signature(message: &str) -> String {
    format!(
        "crash: {}",
        normalise(message.split_once(": ").map_or(message, |(_, m)| m))
    )
}

fn refusal_signature(message: &str) -> String {
    format!(
        "refused: {}",
        normalise(message.split_once(": ").map_or(message, |(_, m)| m))
    )
}

/// A file name for a class.
fn slug(signature: &str) -> String {
    let mut s: String = signature
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    while s.contains("--") {
        s = s.replace("--", "-");
    }
    s.trim_matches('-').chars().take(60).collect()
}

/// Runs `config`.
pub fn run(config: &Config) -> Report {
    let start = Instant::now();
    let mut report = Report {
        cases: config.cases,
        out_dir: config.out_dir.clone(),
        ..Report::default()
    };
    let _ = std::fs::create_dir_all(&config.out_dir);
    let docs: Vec<Value> = (0..config.cases)
        .map(|i| draw(config.seed, i, config.exclusions))
        .collect();
    let mut classes: BTreeMap<String, (Vec<usize>, String)> = BTreeMap::new();
    let mut to_compile = Vec::new();
    for (i, doc) in docs.iter().enumerate() {
        match harness::generate(&harness::module_name(i), &harness::to_text(doc)) {
            Generated::Code(code) => to_compile.push((i, code)),
            Generated::Refused(m) => {
                let entry = classes.entry(refusal_signature(&m)).or_default();
                entry.0.push(i);
                entry.1.clone_from(&m);
                report.refusals.push((i, m));
            }
            Generated::Crashed(m) => {
                let entry = classes.entry(crash_signature(&m)).or_default();
                entry.0.push(i);
                entry.1 = m;
            }
        }
    }
    report.compiled = to_compile.len();
    let krate = BatchCrate::new();
    for batch in to_compile.chunks(config.batch.max(1)) {
        for (i, diags) in failing(&krate, batch) {
            let refs: Vec<&Diagnostic> = diags.iter().collect();
            for d in &diags {
                let entry = classes.entry(d.signature()).or_default();
                if !entry.0.contains(&i) {
                    entry.0.push(i);
                }
                if entry.1.is_empty() || primary(&refs) == Some(d.signature()) {
                    entry.1.clone_from(&d.rendered);
                }
            }
        }
    }
    for (signature, (cases, message)) in classes {
        let smallest = *cases
            .iter()
            .min_by_key(|&&c| harness::to_text(&docs[c]).len())
            .expect("a class has a case");
        let name = slug(&signature);
        let original = config.out_dir.join(format!("{name}.case{smallest}.yaml"));
        let _ = std::fs::write(&original, harness::to_text(&docs[smallest]));
        let mut spec = original;
        if !config.shrink_budget.is_zero() {
            eprintln!("shrinking case {smallest} for {signature}");
            let minimal = shrink::shrink(docs[smallest].clone(), 12, config.shrink_budget, |c| {
                same_failure(&krate, &signature, c)
            });
            spec = config.out_dir.join(format!("{name}.yaml"));
            let _ = std::fs::write(&spec, harness::to_text(&minimal));
            let text = format!("{signature}\n\n{message}");
            let _ = std::fs::write(config.out_dir.join(format!("{name}.txt")), text);
        }
        report.failures.push(Failure {
            signature,
            cases,
            message,
            spec,
        });
    }
    report.elapsed = start.elapsed();
    report
}
