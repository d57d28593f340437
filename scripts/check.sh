#!/usr/bin/env bash
# Every test and check, runnable on a fresh clone. Installs what the tests
# need (openapi-spec-validator from PyPI, Prism from npm) under .tools/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

step() { printf '\n==> %s\n' "$*"; }

step "install test tools (openapi-spec-validator, Prism)"
scripts/install-prism.sh >/dev/null

step "validate specs/ with openapi-spec-validator"
scripts/validate-specs.sh

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy -D warnings"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "generated/ is what cargo regenerate writes"
cargo regenerate --check

step "cargo doc -D warnings"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked

step "cargo test"
cargo test --workspace --locked

step "the runtime's tracing feature (clippy, tests)"
cargo clippy -p apigen-runtime --all-targets --features tracing --locked -- -D warnings
cargo test -p apigen-runtime --features tracing --locked --test tracing
