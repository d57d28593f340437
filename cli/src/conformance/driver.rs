//! The driver crates: their manifest and `main.rs` (a `spec!` arm per
//! generated client), their build, and the driver's two uses: listing a
//! spec's operations and calling them.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::{truncate, Call, OpInfo, Options};

/// The package name of a driver crate: `apigen-conformance-` and the work
/// folder's name (`apigen-conformance-driver` by default), so that runs in
/// two work folders that share a target folder build binaries of their own.
pub(super) fn driver_package(work_dir: &Path) -> String {
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

/// The workspace this binary was built from.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_owned)
}

pub(super) fn write_driver(
    dir: &Path,
    package: &str,
    modules: &[(usize, String)],
) -> Result<(), String> {
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
                        "contradiction": op.contradiction, "served_misfit": op.served_misfit,
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
pub(super) fn build_driver(options: &Options, dir: &Path) -> Result<(bool, Vec<String>), String> {
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

pub(super) fn operations_of(binary: &Path, index: usize) -> Result<Vec<OpInfo>, String> {
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

pub(super) fn run_driver(
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
