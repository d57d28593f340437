#!/usr/bin/env bash
# Fuzz load + generate with cargo-fuzz (libFuzzer) for SECONDS (default 600).
#
#   scripts/fuzz.sh [SECONDS]
#
# Needs the nightly toolchain (cargo-fuzz uses sanitizers); installs cargo-fuzz
# from crates.io if missing. Seeds the corpus with specs/ and tests/specs/.
# A crash is saved under fuzz/artifacts/load_generate/: copy it into
# codegen/tests/fuzz-regressions/ so that `cargo test` keeps it fixed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds="${1:-600}"

command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked
mkdir -p fuzz/corpus/load_generate
cp specs/*.yaml tests/specs/*.yaml codegen/tests/fuzz-regressions/* fuzz/corpus/load_generate/ 2>/dev/null || true
cargo +nightly fuzz run load_generate fuzz/corpus/load_generate -- \
    -max_total_time="$seconds" -dict=fuzz/openapi.dict -max_len=65536 -timeout=10 -rss_limit_mb=4096
