#!/usr/bin/env bash
# Validate OpenAPI documents with openapi-spec-validator.
#
# Usage: scripts/validate-specs.sh [FILES...]   (default: specs/*.yaml)
#
# The validator is installed on first use into a virtualenv at
# $REPO/.tools/venv (gitignored); later runs reuse it. Prints the validator's
# output for every file and exits non-zero if any file fails.
set -euo pipefail

VALIDATOR_VERSION="0.9.0"
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$REPO/.tools"
VENV="$TOOLS/venv"
VALIDATOR="$VENV/bin/openapi-spec-validator"

installed() {
    [[ -x "$VALIDATOR" ]] &&
        "$VENV/bin/python" - "$VALIDATOR_VERSION" <<'EOF' >/dev/null 2>&1
import sys
from importlib.metadata import version
sys.exit(0 if version("openapi-spec-validator") == sys.argv[1] else 1)
EOF
}

install() {
    echo "validate-specs: installing openapi-spec-validator==$VALIDATOR_VERSION into $VENV" >&2
    if [[ ! -x "$VENV/bin/python" ]]; then
        python3 -m venv "$VENV"
    fi
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
        "openapi-spec-validator==$VALIDATOR_VERSION" >&2
}

if ! installed; then
    mkdir -p "$TOOLS"
    # Several runs (e.g. parallel tests) may start at once: install under a lock.
    exec 9>"$TOOLS/venv.lock"
    flock 9
    if ! installed; then
        install
    fi
    flock -u 9
    exec 9>&-
fi

if [[ $# -eq 0 ]]; then
    shopt -s nullglob
    set -- "$REPO"/specs/*.yaml
    shopt -u nullglob
    if [[ $# -eq 0 ]]; then
        echo "validate-specs: no files given and no specs/*.yaml found" >&2
        exit 2
    fi
fi

failed=0
for file in "$@"; do
    if [[ ! -f "$file" ]]; then
        echo "$file: no such file" >&2
        failed=1
        continue
    fi
    if ! "$VALIDATOR" "$file"; then
        failed=1
    fi
done

if [[ $failed -ne 0 ]]; then
    echo "validate-specs: validation failed" >&2
    exit 1
fi
