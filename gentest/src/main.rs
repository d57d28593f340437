//! The long run: `apigen-gentest [CASES] [SEED] [--batch N] [--shrink SECONDS]
//! [--out DIR] [--everyday] [--print CASE]`. Exits 1 when a failure class is
//! found. `--everyday` leaves out the known bugs as the everyday test does;
//! `--print CASE` prints one document of the seed and exits.

use std::path::PathBuf;
use std::time::Duration;

use apigen_gentest::exclude::Exclusions;
use apigen_gentest::harness;
use apigen_gentest::run::{self, Config};

fn main() {
    let mut positional = Vec::new();
    let mut config = Config {
        cases: 300,
        seed: 1,
        batch: 24,
        exclusions: Exclusions::none(),
        shrink_budget: Duration::from_secs(600),
        out_dir: PathBuf::new(),
    };
    let mut out = None;
    let mut print = None;
    let mut args = std::env::args().skip(1);
    let number = |v: Option<String>, what: &str| -> u64 {
        v.and_then(|v| v.parse().ok())
            .unwrap_or_else(|| usage(&format!("{what} needs a number")))
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--batch" => config.batch = number(args.next(), "--batch") as usize,
            "--shrink" => {
                config.shrink_budget = Duration::from_secs(number(args.next(), "--shrink"))
            }
            "--out" => {
                out = Some(PathBuf::from(
                    args.next().unwrap_or_else(|| usage("--out needs a folder")),
                ))
            }
            "--everyday" => config.exclusions = Exclusions::known_bugs(),
            "--print" => print = Some(number(args.next(), "--print") as usize),
            "-h" | "--help" => usage(""),
            _ if arg.starts_with('-') => usage(&format!("unknown option {arg}")),
            _ => positional.push(arg),
        }
    }
    if let Some(cases) = positional.first() {
        config.cases = number(Some(cases.clone()), "CASES") as usize;
    }
    if let Some(seed) = positional.get(1) {
        config.seed = number(Some(seed.clone()), "SEED");
    }
    if let Some(case) = print {
        print!(
            "{}",
            harness::to_text(&run::draw(config.seed, case, config.exclusions))
        );
        return;
    }
    config.out_dir = out.unwrap_or_else(|| {
        harness::target_dir()
            .join("regressions")
            .join(format!("seed-{}", config.seed))
    });
    eprintln!(
        "{} documents, seed {}, batches of {}, results in {}",
        config.cases,
        config.seed,
        config.batch,
        config.out_dir.display()
    );
    let report = run::run(&config);
    println!("{report}");
    if report.broken().next().is_some() {
        std::process::exit(1);
    }
}

fn usage(problem: &str) -> ! {
    if !problem.is_empty() {
        eprintln!("error: {problem}");
    }
    eprintln!("usage: apigen-gentest [CASES] [SEED] [--batch N] [--shrink SECONDS] [--out DIR] [--everyday] [--print CASE]");
    std::process::exit(2);
}
