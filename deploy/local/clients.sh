#!/usr/bin/env bash
# Installs what the example clients in clients/ run with, and that their tests (ClientsTests) run them with:
# Node and npm with the pinned amqplib (npm ci from clients/node/package-lock.json), Debian's python3-pika (there is
# no PyPI here; it installs for Debian's /usr/bin/python3), php-cli with Debian's php-amqplib, curl and openssl.
# Idempotent: apt-get runs only for what is missing, npm ci only when node_modules does not match the lock file.
# Called by `make test` (and so by .ci/run).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
NODE_DIR=$ROOT/clients/node

log() { echo "clients: $*" >&2; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
/usr/bin/python3 -c 'import pika' >/dev/null 2>&1 || missing+=(python3-pika)
command -v php >/dev/null 2>&1 || missing+=(php-cli)
[ -f /usr/share/php/PhpAmqpLib/autoload.php ] || missing+=(php-amqplib)
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)

if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]} (Debian packages)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# A copy of the lock file npm ci installed from is kept in node_modules: while it matches, the tree is what is pinned.
STAMP=$NODE_DIR/node_modules/.installed-from-lock.json
if ! cmp -s "$NODE_DIR/package-lock.json" "$STAMP" 2>/dev/null; then
  log "npm ci in clients/node"
  (cd "$NODE_DIR" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  cp "$NODE_DIR/package-lock.json" "$STAMP"
fi

log "ready: node $(node --version), pika $(/usr/bin/python3 -c 'import pika; print(pika.__version__)'), $(php -r 'echo "php ", PHP_VERSION;'), php-amqplib"
