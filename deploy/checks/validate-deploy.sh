#!/usr/bin/env bash
# Validates deploy/k8s against the Kubernetes and KEDA schemas and docker-compose.yml against the compose
# specification (validate-deploy.mjs; arguments pass through: --k8s DIR --compose FILE), offline, with the packages
# pinned in deploy/checks/package.json. Installs what it needs, like contracts/validate-asyncapi.sh: Debian's nodejs
# and npm when node is missing, then `npm ci` when node_modules is missing or older than package-lock.json.
# Run by `make test` through tests/Notifications.IntegrationTests (DeploySchemaTests) and by `make deploy-check`.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

log() { echo "deploy-checks: $*" >&2; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  log "installing nodejs and npm (Debian packages)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi

# One install at a time: two test runs starting together must not both write node_modules.
exec 9>"$here/.npm-install.lock"
flock 9
if [ ! -d "$here/node_modules/kubernetes-models" ] || [ "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]; then
  log "npm ci in $here (the validators pinned in package.json)"
  # The packages ask for node 22; node 20 (Debian's) runs them: the engine check only warns.
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi
flock -u 9

exec node "$here/validate-deploy.mjs" "$@"
