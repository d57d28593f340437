#!/usr/bin/env bash
# Install the Prism mock server (@stoplight/prism-cli) for the Prism tests.
#
# Usage: scripts/install-prism.sh
#
# Installs the pinned version from npm into $REPO/.tools/prism (gitignored)
# on first use and prints the path of the `prism` binary. Later runs find it
# there and return at once. Parallel runs (tests start at the same time)
# install under a lock, so only one of them installs.
#
# Needs node and npm on PATH.
set -euo pipefail

PRISM_VERSION="5.16.0"
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$REPO/.tools"
PREFIX="$TOOLS/prism"
PRISM="$PREFIX/node_modules/.bin/prism"
PACKAGE_JSON="$PREFIX/node_modules/@stoplight/prism-cli/package.json"

installed() {
    [[ -x "$PRISM" && -f "$PACKAGE_JSON" ]] &&
        grep -q "\"version\": *\"$PRISM_VERSION\"" "$PACKAGE_JSON"
}

if ! installed; then
    for tool in node npm flock; do
        if ! command -v "$tool" >/dev/null 2>&1; then
            echo "install-prism: \`$tool\` is not on PATH; it is needed to install Prism" >&2
            exit 1
        fi
    done
    mkdir -p "$TOOLS"
    exec 9>"$TOOLS/prism.lock"
    flock 9
    if ! installed; then
        echo "install-prism: installing @stoplight/prism-cli@$PRISM_VERSION into $PREFIX" >&2
        mkdir -p "$PREFIX"
        npm install --prefix "$PREFIX" --no-audit --no-fund --no-save --loglevel=error \
            "@stoplight/prism-cli@$PRISM_VERSION" >&2
        if ! installed; then
            echo "install-prism: npm finished but $PRISM is missing or not version $PRISM_VERSION" >&2
            exit 1
        fi
    fi
    flock -u 9
    exec 9>&-
fi

echo "$PRISM"
