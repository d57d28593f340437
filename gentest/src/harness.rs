//! Generating code for documents and compiling it: N generated modules go
//! into one temporary crate that depends on `apigen-runtime` by path, and
//! `cargo clippy -- -D warnings` checks them all at once (clippy also reports
//! every compile error). The crate has its own workspace table and reuses one
//! target directory, `target/generative` (under `CARGO_TARGET_DIR` when that
//! is set), so the runtime's dependencies compile once. Each diagnostic is
//! attributed to the module (document) whose file its spans, or the macro
//! expansions they come from, point into.

use std::collections::BTreeSet;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

/// What the generator made of one document.
#[derive(Debug, Clone)]
pub enum Generated {
    /// Generated code.
    Code(String),
    /// A clean refusal: an [`apigen::Error`] other than `Internal`.
    Refused(String),
    /// The generator panicked, or produced code that does not parse.
    Crashed(String),
}

/// Loads `yaml` (named `name.yaml` in messages) and generates its module,
/// catching panics.
pub fn generate(name: &str, yaml: &str) -> Generated {
    let path = PathBuf::from(format!("{name}.yaml"));
    let yaml = yaml.to_owned();
    // The stack of a main thread, where build.rs and the CLI run (a test
    // thread has 2 MiB; see the report of the everyday run).
    let result = std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(move || {
            std::panic::catch_unwind(AssertUnwindSafe(|| {
                let doc = apigen::internal::load_str(&path, &yaml)?;
                apigen::Builder::new()
                    .rustfmt(false)
                    .rerun_if_changed(false)
                    .generate_doc(&doc)
            }))
        })
        .expect("spawn a generation thread")
        .join()
        .unwrap_or_else(Err);
    match result {
        Ok(Ok(code)) => Generated::Code(code),
        Ok(Err(e @ apigen::Error::Internal { .. })) => Generated::Crashed(e.to_string()),
        Ok(Err(e)) => Generated::Refused(e.to_string()),
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_else(|| "a panic without a message".into());
            Generated::Crashed(format!("panic: {message}"))
        }
    }
}

/// The document as YAML text, or as JSON (a YAML subset) when the YAML
/// would not read back as the same value.
pub fn to_text(doc: &Value) -> String {
    if let Ok(yaml) = serde_yaml::to_string(doc) {
        if serde_yaml::from_str::<Value>(&yaml).ok().as_ref() == Some(doc) {
            return yaml;
        }
    }
    serde_json::to_string_pretty(doc).expect("a JSON value serialises")
}

/// One compiler or clippy message about the batch crate.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// `error` or `warning`.
    pub level: String,
    /// `E0412`, `dead_code`, `clippy::large_enum_variant`, or empty.
    pub code: String,
    /// The message's first line.
    pub message: String,
    /// The whole message as the compiler renders it.
    pub rendered: String,
    /// The modules (`m000`, …) its spans point into.
    pub modules: BTreeSet<String>,
}

impl Diagnostic {
    /// The failure class: level, code and message with the names in
    /// backticks and the numbers blanked, so one bug in many documents is one class.
    pub fn signature(&self) -> String {
        let mut out = String::new();
        let mut quoted = false;
        for c in self.message.chars() {
            match c {
                '`' => {
                    quoted = !quoted;
                    out.push_str(if quoted { "`_" } else { "`" });
                }
                _ if quoted => {}
                c if c.is_ascii_digit() => {
                    if !out.ends_with('N') {
                        out.push('N');
                    }
                }
                c => out.push(c),
            }
        }
        format!("{} {}: {}", self.level, self.code, out)
    }
}

/// The outcome of compiling a batch.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// Cargo exited successfully.
    pub success: bool,
    /// Errors and warnings, in the order reported.
    pub diagnostics: Vec<Diagnostic>,
    /// Cargo's standard error, for failures that are not diagnostics.
    pub stderr: String,
}

impl Outcome {
    /// The diagnostics attributed to `module`.
    pub fn for_module(&self, module: &str) -> Vec<&Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.modules.contains(module))
            .collect()
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the harness crate is in the workspace")
        .to_owned()
}

/// `target/generative` of the workspace, or `$CARGO_TARGET_DIR/generative`.
pub fn target_dir() -> PathBuf {
    let base = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => {
            let dir = PathBuf::from(dir);
            if dir.is_absolute() {
                dir
            } else {
                std::env::current_dir().unwrap_or_default().join(dir)
            }
        }
        None => workspace_root().join("target"),
    };
    base.join("generative")
}

/// A temporary crate for one process, removed when dropped.
#[derive(Debug)]
pub struct BatchCrate {
    dir: PathBuf,
}

impl Default for BatchCrate {
    fn default() -> Self {
        Self::new()
    }
}

impl BatchCrate {
    /// A fresh crate directory under the target directory.
    pub fn new() -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = target_dir()
            .join("crates")
            .join(format!("{}-{n}", std::process::id()));
        BatchCrate { dir }
    }

    /// Compiles `modules` (module name, generated code) with
    /// `cargo clippy -- -D warnings`, clippy's pedantic group included.
    pub fn compile(&self, modules: &[(String, String)]) -> Outcome {
        let src = self.dir.join("src");
        let _ = std::fs::remove_dir_all(&src);
        std::fs::create_dir_all(&src).expect("create the batch crate");
        let root = workspace_root();
        let runtime = root.join("runtime");
        let manifest = format!(
            "[package]\nname = \"generative-batch\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\napigen-runtime = {{ path = {:?} }}\n\n[workspace]\n",
            runtime.display().to_string()
        );
        std::fs::write(self.dir.join("Cargo.toml"), manifest).expect("write Cargo.toml");
        let lock = self.dir.join("Cargo.lock");
        if !lock.exists() {
            // The workspace's versions: nothing new to resolve or download.
            let _ = std::fs::copy(root.join("Cargo.lock"), &lock);
        }
        // Clippy's pedantic group too: generated code promises to be clean under it.
        let mut lib = String::from(
            "//! Generated modules under test.\n#![deny(warnings)]\n#![warn(clippy::pedantic)]\n",
        );
        for (name, code) in modules {
            std::fs::write(src.join(format!("{name}.rs")), code).expect("write a module");
            lib.push_str(&format!(
                "pub mod {name} {{\n    include!(\"{name}.rs\");\n}}\n"
            ));
        }
        std::fs::write(src.join("lib.rs"), lib).expect("write lib.rs");
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let output = Command::new(cargo)
            .args([
                "clippy",
                "--quiet",
                "--message-format=json",
                "--manifest-path",
            ])
            .arg(self.dir.join("Cargo.toml"))
            .arg("--target-dir")
            .arg(target_dir())
            .args(["--", "-D", "warnings"])
            .env_remove("CARGO_TARGET_DIR")
            .env("CARGO_INCREMENTAL", "0")
            .output()
            .expect("run cargo clippy");
        let stdout = String::from_utf8_lossy(&output.stdout);
        Outcome {
            success: output.status.success(),
            diagnostics: stdout.lines().filter_map(parse_message).collect(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

impl Drop for BatchCrate {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn parse_message(line: &str) -> Option<Diagnostic> {
    let v: Value = serde_json::from_str(line).ok()?;
    if v["reason"] != "compiler-message" {
        return None;
    }
    let m = &v["message"];
    let level = m["level"].as_str()?.to_owned();
    if !level.starts_with("error") && level != "warning" {
        return None;
    }
    let message = m["message"].as_str().unwrap_or_default().to_owned();
    let code = m["code"]["code"].as_str().unwrap_or_default().to_owned();
    let no_spans = m["spans"].as_array().is_none_or(Vec::is_empty);
    // "aborting due to 2 previous errors", "3 warnings emitted".
    if code.is_empty()
        && no_spans
        && (message.starts_with("aborting due to") || message.ends_with("emitted"))
    {
        return None;
    }
    let mut modules = BTreeSet::new();
    collect_modules(m, &mut modules);
    Some(Diagnostic {
        level: if level.starts_with("error") {
            "error".into()
        } else {
            level
        },
        code,
        message: message.lines().next().unwrap_or_default().to_owned(),
        rendered: m["rendered"].as_str().unwrap_or_default().to_owned(),
        modules,
    })
}

/// Every `src/mNNN.rs` a message, its children or macro expansions name.
fn collect_modules(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(map) => {
            if let Some(file) = map.get("file_name").and_then(Value::as_str) {
                let stem = Path::new(file).file_stem().and_then(|s| s.to_str());
                if let Some(stem) = stem.filter(|s| is_module_name(s)) {
                    out.insert(stem.to_owned());
                }
            }
            map.values().for_each(|v| collect_modules(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_modules(v, out)),
        _ => {}
    }
}

/// `m` followed by digits: the names [`module_name`] gives.
fn is_module_name(s: &str) -> bool {
    s.len() > 1 && s.starts_with('m') && s[1..].bytes().all(|b| b.is_ascii_digit())
}

/// The module name of the `i`th document of a batch.
pub fn module_name(i: usize) -> String {
    format!("m{i:04}")
}
