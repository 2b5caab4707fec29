#!/usr/bin/env bash
# `make run`: the seven services under the Aspire AppHost (deploy/Notifications.AppHost) from the Release build, with
# the Aspire dashboard (every service's logs, traces and metrics) on http://127.0.0.1:18888.
# The console shows what matters: the dashboard's address, ONE ready line once every service's /health/ready
# answers, and a service that exits by itself with its exit code (the AppHost then stops the run and exits 1).
# Everything the AppHost prints goes to var/log/run/apphost.log; the services' own logs are in the dashboard.
# Ctrl-C stops the AppHost, which stops the services.
set -euo pipefail
cd "$(dirname "$0")/../.."

dll=deploy/Notifications.AppHost/bin/Release/net10.0/Notifications.AppHost.dll
[ -f "$dll" ] || { echo "run: missing $dll: run 'make build' first" >&2; exit 1; }

# LOCAL ONLY: the dashboard, its OTLP receiver and its resource service on fixed loopback ports, over plain HTTP and
# without sign-in: anyone on this machine can read the telemetry. Each can be overridden in the environment.
export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://127.0.0.1:18888}"
export ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL="${ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL:-http://127.0.0.1:18890}"
export ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL="${ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL:-http://127.0.0.1:18891}"
export ASPIRE_ALLOW_UNSECURED_TRANSPORT="${ASPIRE_ALLOW_UNSECURED_TRANSPORT:-true}"
export ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS="${ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS:-true}"
export DOTNET_ENVIRONMENT="${DOTNET_ENVIRONMENT:-Development}"

log_dir=var/log/run
mkdir -p "$log_dir"
log="$log_dir/apphost.log"
: >"$log"

echo "run: starting the AppHost (dashboard ${ASPNETCORE_URLS%%;*}, its output in $log), waiting for every service's /health/ready..." >&2
dotnet "$dll" >>"$log" 2>&1 &
apphost=$!
# SIGTERM, not SIGINT: a background job of a script starts with SIGINT ignored, and .NET stops gracefully on SIGTERM.
trap 'kill -TERM "$apphost" 2>/dev/null || true' INT TERM
tail -n +1 -F --pid="$apphost" "$log" 2>/dev/null \
  | grep --line-buffered -E '^(Ready:|Stopping the run|Not ready|Unhandled exception)|^(fail|crit): ' &
shown=$!

code=0
while kill -0 "$apphost" 2>/dev/null; do
  code=0
  wait "$apphost" || code=$?
done
wait "$shown" 2>/dev/null || true
exit "$code"
