#!/usr/bin/env bash
# Differential check of the generator against openapi-spec-validator:
# never a silent yes for an invalid document.
#
# Usage: scripts/differential.sh [--corpus] [--strict] [--allow FILE] [FILES or DIRS...]
#        (default: tests/invalid tests/specs specs)
#
# For every document (a DIR stands for its *.yaml, *.yml and *.json files) it
# runs the validator (through scripts/validate-specs.sh, which installs
# openapi-spec-validator into .tools/venv on first use) and the generator
# (`apigen generate --no-rustfmt FILE`, output discarded), and prints a
# Markdown table: file, the document's own claim (the `# INVALID:` / `# VALID`
# first line of tests/invalid/ files), the validator's verdict, the
# generator's verdict and the outcome:
#
#   AGREE                   both accept, or both reject
#   AGREE (warned)          the validator rejects, the generator accepts with a warning
#   AGREE (both miss)       both accept a document whose first line says INVALID
#   SILENT YES              the validator rejects, the generator accepts silently  -> fails the run
#   PANIC / TIMEOUT         the generator crashed or hung                         -> fails the run
#   GENERATOR STRICTER      the generator refuses what the validator accepts      (information)
#
# A failing outcome is ALLOWED instead when the file is in the allow-list
# (default tests/invalid/KNOWN.tsv: `FILE<TAB>REASON` lines, FILE as shown in
# the table); an allow-list entry whose file no longer fails is reported as
# STALE, and fails the run with --strict.
#
# --corpus adds the pinned corpus subset (corpus/subset.txt; the packages
# come from scripts/fetch-corpus.sh). The generator binary is APIGEN_BIN when
# set, else `cargo build -p apigen-cli --bin apigen` (CARGO_TARGET_DIR is
# honoured). DIFF_TIMEOUT (seconds, default 600) bounds each command.
#
# Exit: 0 no failing outcome, 1 a failing outcome (or a stale entry with
# --strict), 2 usage or setup error.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ALLOW="$REPO/tests/invalid/KNOWN.tsv"
TIMEOUT="${DIFF_TIMEOUT:-600}"
corpus=0
strict=0
inputs=()
while (($#)); do
    case "$1" in
    --corpus) corpus=1 ;;
    --strict) strict=1 ;;
    --allow)
        ALLOW="${2:?--allow needs a file}"
        shift
        ;;
    -h | --help)
        sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
        exit 0
        ;;
    -*)
        echo "differential: unknown option $1" >&2
        exit 2
        ;;
    *) inputs+=("$1") ;;
    esac
    shift
done
if ((${#inputs[@]} == 0 && corpus == 0)); then
    inputs=("$REPO/tests/invalid" "$REPO/tests/specs" "$REPO/specs")
fi

# --- the documents ---------------------------------------------------------
files=()
for input in ${inputs[@]+"${inputs[@]}"}; do
    if [[ -d "$input" ]]; then
        while IFS= read -r f; do files+=("$f"); done < <(
            find "$input" -maxdepth 1 -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) | LC_ALL=C sort
        )
    elif [[ -f "$input" ]]; then
        files+=("$input")
    else
        echo "differential: $input: no such file or directory" >&2
        exit 2
    fi
done

GITHUB_DIR=""
GURU_DIR=""
if ((corpus)); then
    paths="$(bash "$REPO/scripts/fetch-corpus.sh" ${APIGEN_CORPUS:+"$APIGEN_CORPUS"})"
    GITHUB_DIR="$(dirname "$(sed -n 's/^github=//p' <<<"$paths")")"
    GURU_DIR="$(sed -n 's/^apis-guru=//p' <<<"$paths")"
    while read -r spec _; do
        case "$spec" in
        '' | '#'*) continue ;;
        github:*) files+=("$GITHUB_DIR/${spec#github:}") ;;
        *) files+=("$GURU_DIR/$spec") ;;
        esac
    done <"$REPO/corpus/subset.txt"
fi
if ((${#files[@]} == 0)); then
    echo "differential: no documents" >&2
    exit 2
fi

# The name of a document in the table and in the allow-list.
display() {
    local abs
    abs="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
    if [[ -n "$GITHUB_DIR" && "$abs" == "$GITHUB_DIR/"* ]]; then
        echo "github:${abs#"$GITHUB_DIR/"}"
    elif [[ -n "$GURU_DIR" && "$abs" == "$GURU_DIR/"* ]]; then
        echo "corpus:${abs#"$GURU_DIR/"}"
    elif [[ "$abs" == "$REPO/"* ]]; then
        echo "${abs#"$REPO/"}"
    else
        echo "$abs"
    fi
}

# --- the allow-list ----------------------------------------------------------
declare -A allowed=()
if [[ -f "$ALLOW" ]]; then
    while IFS=$'\t' read -r name reason; do
        [[ -z "$name" || "$name" == '#'* ]] && continue
        allowed["$name"]="${reason:-no reason given}"
    done <"$ALLOW"
fi

# --- the generator -------------------------------------------------------------
if [[ -n "${APIGEN_BIN:-}" ]]; then
    BIN="$APIGEN_BIN"
else
    echo "differential: building apigen-cli" >&2
    BIN="$(cd "$REPO" && "${CARGO:-cargo}" build -q -p apigen-cli --bin apigen \
        --message-format=json-render-diagnostics |
        sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -n 1)"
fi
if [[ ! -x "$BIN" ]]; then
    echo "differential: no generator binary (${BIN:-cargo build printed none})" >&2
    exit 2
fi

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# One line for a table cell: no pipes, at most DIFF_WIDTH (default 110) characters.
WIDTH="${DIFF_WIDTH:-110}"
cell() {
    local s="${1//|/\\|}"
    s="${s//$'\r'/}"
    ((${#s} > WIDTH)) && s="${s:0:WIDTH-3}..."
    printf '%s' "$s"
}

# Sets vverdict (valid|invalid|timeout) and vmsg.
validate() {
    local file="$1" rc=0 out
    timeout "$TIMEOUT" bash "$REPO/scripts/validate-specs.sh" "$file" >"$TMP/v" 2>&1 || rc=$?
    out="$(grep -v '^validate-specs: ' "$TMP/v" | grep -v '^[[:space:]]*$' | head -n 1 || true)"
    out="${out#"$file: "}"
    out="${out#Validation Error: }"
    if ((rc == 124)); then
        vverdict=timeout vmsg="after ${TIMEOUT}s"
    elif ((rc == 0)); then
        vverdict=valid vmsg=""
    else
        vverdict=invalid vmsg="$out"
    fi
}

# Sets gverdict (ok|warned|refused|panicked|timeout) and gmsg.
generate() {
    local file="$1" rc=0
    timeout "$TIMEOUT" "$BIN" generate --no-rustfmt "$file" >/dev/null 2>"$TMP/g" || rc=$?
    gmsg="$(grep -v '^[[:space:]]*$' "$TMP/g" | head -n 1 || true)"
    if ((rc == 0)); then
        if grep -qi 'warning' "$TMP/g"; then
            gverdict=warned gmsg="$(grep -i -m 1 'warning' "$TMP/g")"
        else
            gverdict=ok gmsg=""
        fi
    elif ((rc == 124)); then
        gverdict=timeout gmsg="after ${TIMEOUT}s"
    elif ((rc == 101 || rc > 128)); then
        gverdict=panicked
        gmsg="exit $rc: $(grep -m 1 -i 'panicked\|overflow\|error' "$TMP/g" || echo "$gmsg")"
    else
        gverdict=refused
        gmsg="${gmsg#error: }"
        if grep -qF "$file" "$TMP/g"; then
            gmsg="${gmsg#"$file:"}"
        else
            gmsg="$gmsg (message does not name the file)"
        fi
    fi
}

# What the document's first line says of itself.
claim() {
    local first
    first="$(head -n 1 "$1" 2>/dev/null || true)"
    case "$first" in
    '# INVALID'*) echo invalid ;;
    '# VALID'*) echo valid ;;
    *) echo - ;;
    esac
}

printf '| file | claim | validator | generator | outcome |\n| --- | --- | --- | --- | --- |\n'
failing=0 stale=0
declare -A count=()
for file in "${files[@]}"; do
    name="$(display "$file")"
    if [[ ! -f "$file" ]]; then
        echo "differential: $name: no such file" >&2
        exit 2
    fi
    validate "$file"
    generate "$file"
    says="$(claim "$file")"
    fails=0
    case "$vverdict/$gverdict" in
    */panicked) outcome="PANIC" fails=1 ;;
    */timeout) outcome="TIMEOUT" fails=1 ;;
    timeout/*) outcome="UNKNOWN (validator timed out)" ;;
    invalid/ok) outcome="SILENT YES" fails=1 ;;
    invalid/warned) outcome="AGREE (warned)" ;;
    invalid/refused) outcome="AGREE" ;;
    valid/refused) outcome="GENERATOR STRICTER" ;;
    valid/warned) outcome="AGREE (warned)" ;;
    valid/ok) [[ "$says" == invalid ]] && outcome="AGREE (both miss)" || outcome="AGREE" ;;
    esac
    if [[ -n "${allowed[$name]+x}" ]]; then
        if ((fails)); then
            outcome="ALLOWED $outcome: ${allowed[$name]}"
            fails=0
        else
            outcome="$outcome; STALE allow-list entry"
            stale=$((stale + 1))
        fi
    fi
    ((fails)) && failing=$((failing + 1))
    key="${outcome%%:*}"
    key="${key%%;*}"
    count["$key"]=$((${count["$key"]:-0} + 1))
    vcell="$vverdict" gcell="$gverdict"
    [[ -n "$vmsg" ]] && vcell="$vverdict: $(cell "$vmsg")"
    [[ -n "$gmsg" ]] && gcell="$gverdict: $(cell "$gmsg")"
    printf '| %s | %s | %s | %s | %s |\n' "$(cell "$name")" "$says" "$vcell" "$gcell" "$outcome"
done

echo
echo "${#files[@]} documents:"
for key in "${!count[@]}"; do
    printf '  %4d  %s\n' "${count[$key]}" "$key"
done | LC_ALL=C sort -k2
if ((stale)); then
    echo "differential: $stale allow-list entries in ${ALLOW#"$REPO/"} no longer needed (STALE above)"
fi
if ((failing)); then
    echo "differential: $failing documents rejected by the validator but accepted silently by the generator, or crashing it, and not allow-listed" >&2
    exit 1
fi
if ((strict && stale)); then
    echo "differential: --strict: remove the STALE entries from ${ALLOW#"$REPO/"}" >&2
    exit 1
fi
