#!/usr/bin/env bash
# Installs Debian's chromium for the admin console's browser tests (Microsoft.Playwright drives /usr/bin/chromium;
# Playwright's own browser download cannot work on these offline machines). Idempotent: does nothing when
# /usr/bin/chromium is already there. Called by `make test` (and so by .ci/run).
set -euo pipefail

CHROMIUM=/usr/bin/chromium

log() { echo "browser: $*" >&2; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if [ -x "$CHROMIUM" ]; then
  log "chromium present: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
  exit 0
fi

log "installing chromium (Debian package, about a minute)"
as_root apt-get update -qq
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
[ -x "$CHROMIUM" ] || { log "apt-get installed chromium but $CHROMIUM is missing"; exit 1; }
log "installed: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
