#!/usr/bin/env bash
# Generative compile testing, the long run: CASES (default 300) random valid
# OpenAPI 3.0 documents from SEED (default 1), generated, then compiled in
# batches of 24 with `cargo clippy -- -D warnings`. Each failure class (a
# crash, a compile error or a clippy warning; clean refusals are listed too)
# is shrunk to a minimal document, written with its message to the folder
# the run prints (target/generative/regressions/seed-SEED/ by default).
#
#   scripts/generative.sh [CASES] [SEED] [--batch N] [--shrink SECONDS] [--out DIR] [--everyday]
#   scripts/generative.sh 1 SEED --print CASE     # print document CASE of SEED
#
# --everyday leaves out the known bugs, as the everyday test does
# (`cargo test -p apigen-gentest`: 24 documents, a fixed seed). Exits 1 when
# something fails. The fuzzing counterpart (any bytes, no compiling) is
# scripts/fuzz.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec cargo run --quiet --release -p apigen-gentest -- "$@"
