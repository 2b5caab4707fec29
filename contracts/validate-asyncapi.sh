#!/usr/bin/env bash
# Validates an AsyncAPI document (default: contracts/asyncapi.yaml) with the AsyncAPI CLI pinned in
# contracts/package.json, and exits non-zero on any error or warning. Installs what it needs, like
# deploy/local/infra.sh: Debian's nodejs and npm when node is missing, then `npm ci` when node_modules is missing
# or older than package-lock.json (about 3 minutes the first time). Run by `make test` through
# tests/Notifications.Contracts.Tests (AsyncApiDocumentTests) and by `make contract-check`.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
document="$(realpath "${1:-$here/asyncapi.yaml}")"

log() { echo "asyncapi: $*" >&2; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  log "installing nodejs and npm (Debian packages)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi

cli="$here/node_modules/.bin/asyncapi"
# One install at a time: two test runs starting together must not both write node_modules.
exec 9>"$here/.npm-install.lock"
flock 9
if [ ! -x "$cli" ] || [ "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]; then
  log "npm ci in $here (the CLI pinned in package.json)"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi
flock -u 9

# The CLI reports each run to a metrics service unless told not to; these machines reach no such host, and the
# report would leak nothing useful anyway. A config file that says "disabled" keeps it off without touching $HOME.
metrics_config="$here/node_modules/.asyncapi-analytics"
[ -f "$metrics_config" ] || echo '{"analyticsEnabled":"false","infoMessageShown":"true","userID":"disabled"}' >"$metrics_config"
export ASYNCAPI_METRICS_CONFIG_PATH="$metrics_config"

# --fail-severity warn: a warning (an example that does not match its schema, an unused component) fails too.
"$cli" validate "$document" --fail-severity warn --diagnostics-format stylish
