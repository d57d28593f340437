//! The everyday generative compile test: 24 random valid OpenAPI documents
//! (a fixed seed) are generated and compiled together with
//! `cargo clippy -- -D warnings`. It fails on a panic, on code that does not
//! parse, and on any compile error or warning; a clean refusal is only
//! reported. Constructs of known generator bugs are left out
//! (`Exclusions::known_bugs`); the long run, `scripts/generative.sh`, keeps
//! them in and shrinks what fails.

use std::time::Duration;

use apigen_gentest::exclude::Exclusions;
use apigen_gentest::harness;
use apigen_gentest::run::{run, Config};

#[test]
fn random_valid_documents_compile_without_warnings() {
    let config = Config {
        cases: 24,
        seed: 20_240_601,
        batch: 24,
        exclusions: Exclusions::known_bugs(),
        shrink_budget: Duration::ZERO,
        out_dir: harness::target_dir().join("regressions").join("everyday"),
    };
    let report = run(&config);
    println!("{report}");
    assert!(
        report.broken().next().is_none(),
        "generated code fails for some documents (reproduce and shrink with \
         `scripts/generative.sh 24 {} --everyday`):\n{report}",
        config.seed
    );
}
