#!/usr/bin/env bash
# What a generated client costs to compile: `cargo check` and `cargo build`
# (debug) of a crate holding one generated module, wall time and peak RSS.
#
# Usage: scripts/compile-cost.sh [--apigen BIN] [--time-passes] NAME SPEC [GENERATE-FLAGS...]
#
#   NAME            the crate's name (and folder), e.g. github-issues
#   SPEC            the OpenAPI document
#   GENERATE-FLAGS  passed to `apigen generate` (`--tag issues`, ...)
#   --apigen BIN    the generator binary (default: this repo's, built in release);
#                   give an older build to compare before and after
#   --time-passes   also run rustc's `-Z time-passes` on the crate (needs
#                   RUSTC_BOOTSTRAP=1, set here for that run only) and print
#                   the costliest passes; the full list stays in the crate folder
#
# The crate depends on this repo's runtime only. Its dependencies are built
# first (untimed) into a target folder shared by every crate this script
# makes; the crate itself is cleaned before each timed command, and
# CARGO_INCREMENTAL=0, so no cache flatters it. Prints one line:
#   NAME lines=N check=S s/M MiB build=S s/M MiB load=1-minute load average
# Everything is written under $APIGEN_CORPUS/compile-cost (default
# $HOME/.cache/apigen-corpus/compile-cost).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CORPUS="${APIGEN_CORPUS:-$HOME/.cache/apigen-corpus}"
ROOT="$CORPUS/compile-cost"
export CARGO_TARGET_DIR="$ROOT/target"
export CARGO_INCREMENTAL=0

apigen=""
passes=false
while (($#)); do
    case "$1" in
    --apigen)
        apigen="$2"
        shift 2
        ;;
    --time-passes)
        passes=true
        shift
        ;;
    -h | --help)
        sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
        exit 0
        ;;
    *) break ;;
    esac
done
(($# >= 2)) || {
    echo "usage: scripts/compile-cost.sh [--apigen BIN] [--time-passes] NAME SPEC [GENERATE-FLAGS...]" >&2
    exit 2
}
name="$1" spec="$2"
shift 2
command -v /usr/bin/time >/dev/null || {
    echo "compile-cost: /usr/bin/time is required" >&2
    exit 2
}
if [[ -z "$apigen" ]]; then
    (cd "$REPO" && CARGO_TARGET_DIR="$REPO/target" cargo build --quiet --release -p apigen-cli --bin apigen)
    apigen="$REPO/target/release/apigen"
fi

dir="$ROOT/$name"
rm -rf "$dir"
mkdir -p "$dir/src"
cat >"$dir/Cargo.toml" <<TOML
[package]
name = "$name"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
apigen-runtime = { path = "$REPO/runtime" }

# Not part of any other workspace.
[workspace]
TOML
cp "$REPO/Cargo.lock" "$dir/Cargo.lock"
echo "pub mod api;" >"$dir/src/lib.rs"

# Dependencies first, untimed, for check and for build.
: >"$dir/src/api.rs"
(cd "$dir" && cargo check --quiet && cargo build --quiet)

"$apigen" generate "$spec" "$@" -o "$dir/src/api.rs" 2>"$dir/generate.log" || {
    cat "$dir/generate.log" >&2
    exit 1
}
lines="$(wc -l <"$dir/src/api.rs")"

# timed LOG CMD...: sets T (wall seconds) and M (peak RSS, MiB).
timed() {
    local log="$1"
    shift
    (cd "$dir" && cargo clean --quiet -p "$name" && /usr/bin/time -v -o "$log.time" "$@" >"$log" 2>&1) || {
        cat "$log" >&2
        exit 1
    }
    T="$(awk -F': ' '/Elapsed \(wall clock\)/ {
        n = split($2, p, ":"); s = 0
        for (i = 1; i <= n; i++) s = s * 60 + p[i]
        printf "%.1f", s }' "$log.time")"
    M="$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$log.time")"
}

timed "$dir/check.log" cargo check
check="$T s/$M MiB"
timed "$dir/build.log" cargo build
build="$T s/$M MiB"
load="$(cut -d' ' -f1 /proc/loadavg)"
echo "$name lines=$lines check=$check build=$build load=$load"

if $passes; then
    (cd "$dir" && cargo clean --quiet -p "$name" &&
        RUSTC_BOOTSTRAP=1 cargo rustc --quiet --lib -- -Z time-passes >"$dir/time-passes.txt" 2>&1) || true
    echo "$name: costliest rustc passes (seconds; $dir/time-passes.txt):"
    awk '/^time:/ { sub(";", "", $2); print $2, $NF }' "$dir/time-passes.txt" | sort -rn | head -15 | sed 's/^/  /'
fi
