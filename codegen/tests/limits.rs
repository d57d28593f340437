//! Hostile inputs finish, either way, within time and memory bounds and
//! without overflowing a small (2 MiB) stack: deep `$ref` chains, deep
//! nesting, YAML alias bombs, and `allOf` that names one schema twice per
//! level.
//!
//! Each case runs in a child process (this test binary run again with
//! `APIGEN_LIMITS_CASE` set), so that a stack overflow is a failed test,
//! not a crashed run, and the peak memory (VmHWM) is the case's own.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// Bounds on each case's CPU time (user and system, all its threads),
/// which other work on the machine does not inflate the way it does wall
/// time: under a load average of 13 the 100,000-schema property chain took
/// 139 s of wall time in a debug build. Generous, far above the measured
/// figures; an unoptimised build (plain `cargo test`) gets five times as
/// long.
const TIME_BOUND: Duration = Duration::from_secs(if cfg!(debug_assertions) { 100 } else { 20 });
const PEAK_BOUND_KB: u64 = 1024 * 1024;

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

fn operation(schema: &str) -> String {
    format!("{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/{schema}'}}\ncomponents:\n  schemas:\n")
}

/// `A0: {$ref: A1}`, …, then an object.
fn ref_chain(n: usize) -> String {
    let mut s = operation("A0");
    for i in 0..n {
        s += &format!("    A{i}: {{$ref: '#/components/schemas/A{}'}}\n", i + 1);
    }
    s + &format!("    A{n}: {{type: object, properties: {{x: {{type: string}}}}}}\n")
}

/// `P0` has a property of schema `P1`, …: nesting through references.
fn property_chain(n: usize) -> String {
    let mut s = operation("P0");
    for i in 0..n {
        s += &format!(
            "    P{i}: {{type: object, properties: {{p: {{$ref: '#/components/schemas/P{}'}}}}}}\n",
            i + 1
        );
    }
    s + &format!("    P{n}: {{type: string}}\n")
}

/// `L{i}: allOf: [L{i+1}, L{i+1}]`: 2^levels paths through the references.
fn all_of_twice(levels: usize) -> String {
    let mut s = operation("L0");
    for i in 0..levels {
        let next = format!("{{$ref: '#/components/schemas/L{}'}}", i + 1);
        s += &format!("    L{i}: {{allOf: [{next}, {next}]}}\n");
    }
    s + &format!("    L{levels}: {{type: object, properties: {{x: {{type: string}}}}}}\n")
}

/// Schemas nested `n` deep in the text itself.
fn nested_json(n: usize) -> String {
    let open = r#"{"type":"object","properties":{"p":"#.repeat(n);
    let close = "}}".repeat(n);
    format!(
        r#"{{"openapi":"3.0.3","info":{{"title":"t","version":"1"}},"paths":{{}},"components":{{"schemas":{{"N":{open}{{"type":"string"}}{close}}}}}}}"#
    )
}

/// A billion-laughs document: a wide array, then arrays of nine aliases of
/// the previous one.
fn alias_bomb(width: usize, levels: usize) -> String {
    let mut s = format!(
        "{HEAD}paths: {{}}\nx-bomb:\n  a0: &a0 [{}]\n",
        vec!["x"; width].join(",")
    );
    for i in 1..=levels {
        let aliases = vec![format!("*a{}", i - 1); 9].join(",");
        s += &format!("  a{i}: &a{i} [{aliases}]\n");
    }
    s
}

/// The spec of a case, and its file name.
fn case(name: &str) -> (String, &'static str) {
    match name {
        "ref_chain_100k" => (ref_chain(100_000), "spec.yaml"),
        "ref_chain_10k" => (ref_chain(10_000), "spec.yaml"),
        "property_chain_100k" | "load:property_chain_100k" => {
            (property_chain(100_000), "spec.yaml")
        }
        "all_of_twice_24" | "load:all_of_twice_24" => (all_of_twice(24), "spec.yaml"),
        "nested_json_100k" => (nested_json(100_000), "spec.json"),
        "nested_yaml_100k" => (nested_json(100_000), "spec.yaml"),
        "alias_bomb" => (alias_bomb(2500, 8), "spec.yaml"),
        other => panic!("no case {other}"),
    }
}

/// The whole pipeline, as `apigen generate --no-rustfmt` runs it.
fn generate(text: &str, file: &str) -> Result<usize, apigen::Error> {
    let doc = apigen::internal::load_str(Path::new(file), text)?;
    apigen::Builder::new()
        .rustfmt(false)
        .rerun_if_changed(false)
        .generate_doc(&doc)
        .map(|code| code.len())
}

/// The child's side: runs the case named in the environment on a 2 MiB
/// stack and prints `outcome millis peak_kb`.
#[test]
fn child_entry() {
    let Ok(name) = std::env::var("APIGEN_LIMITS_CASE") else {
        return;
    };
    let load_only = name.starts_with("load:");
    let (text, file) = case(name.trim_start_matches("load:"));
    let start = Instant::now();
    let outcome = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            let result = if load_only {
                apigen::internal::load_str(Path::new(file), &text).map(|_| 0)
            } else {
                generate(&text, file)
            };
            match result {
                Ok(_) => "ok".to_owned(),
                Err(e) => format!("error:{}", e.kind()),
            }
        })
        .unwrap()
        .join()
        .unwrap();
    let millis = start.elapsed().as_millis();
    println!(
        "CASE {outcome} {millis} {} {}",
        cpu_millis(),
        peak_kb().unwrap_or(0)
    );
}

/// The CPU time (user and system, every thread) this process has used, in
/// milliseconds: unlike the wall time, it does not grow when other work
/// shares the machine.
fn cpu_millis() -> u128 {
    // SAFETY: getrusage writes the struct it is given and nothing else.
    let usage = unsafe {
        let mut usage = std::mem::zeroed::<libc::rusage>();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let millis = |t: libc::timeval| t.tv_sec as u128 * 1000 + t.tv_usec as u128 / 1000;
    millis(usage.ru_utime) + millis(usage.ru_stime)
}

/// The process's peak resident memory, in KiB.
fn peak_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Runs a case in a child process; its outcome (`ok` or `error:KIND`).
fn run(name: &str) -> String {
    let start = Instant::now();
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["child_entry", "--exact", "--nocapture", "--test-threads=1"])
        .env("APIGEN_LIMITS_CASE", name)
        .output()
        .unwrap();
    let wall = start.elapsed();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "{name} crashed ({:?}): {stderr}",
        out.status
    );
    let line = stdout
        .lines()
        .find_map(|l| l.split_once("CASE ").map(|(_, rest)| rest))
        .unwrap_or_else(|| panic!("{name}: no result in {stdout}"));
    let [outcome, millis, cpu, peak]: [&str; 4] =
        line.split(' ').collect::<Vec<_>>().try_into().unwrap();
    let peak: u64 = peak.parse().unwrap();
    let cpu = Duration::from_millis(cpu.parse().unwrap());
    eprintln!("{name}: {outcome} in {millis} ms, {cpu:?} of CPU (wall {wall:?}), peak {peak} KiB");
    assert!(cpu < TIME_BOUND, "{name} took {cpu:?} of CPU");
    // A case that hangs without computing is caught by the wall clock,
    // with room for a machine that other work slows down.
    assert!(wall < 5 * TIME_BOUND, "{name} took {wall:?}");
    assert!(peak < PEAK_BOUND_KB, "{name} peaked at {peak} KiB");
    outcome.to_owned()
}

#[test]
fn a_100k_ref_chain_generates() {
    assert_eq!(run("ref_chain_100k"), "ok");
}

#[test]
fn a_10k_ref_chain_generates() {
    assert_eq!(run("ref_chain_10k"), "ok");
}

#[test]
fn all_of_naming_one_schema_twice_per_level_loads() {
    assert_eq!(run("load:all_of_twice_24"), "ok");
}

/// Lowering merges each referenced schema of an `allOf` once (it used to
/// merge it once per path through the references: 2^24 visits here).
#[test]
fn all_of_naming_one_schema_twice_per_level() {
    assert_eq!(run("all_of_twice_24"), "ok");
}

#[test]
fn deep_nesting_is_a_limit_in_json_and_yaml() {
    assert_eq!(run("nested_json_100k"), "error:limit");
    assert_eq!(run("nested_yaml_100k"), "error:limit");
}

#[test]
fn an_alias_bomb_is_a_limit() {
    assert_eq!(run("alias_bomb"), "error:limit");
}

#[test]
fn a_100k_property_chain_loads() {
    assert_eq!(run("load:property_chain_100k"), "ok");
}

/// The type graph's cycle check (lower/cycles.rs) walks with an explicit
/// stack, and only within a type's own strongly connected component (it
/// recursed once per reference on the chain and overflowed the stack).
#[test]
fn a_100k_property_chain_finishes() {
    let outcome = run("property_chain_100k");
    assert!(
        outcome == "ok" || outcome.starts_with("error:"),
        "{outcome}"
    );
}
