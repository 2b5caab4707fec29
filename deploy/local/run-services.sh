#!/usr/bin/env bash
# `make run-plain`: the seven services (router, three senders, the webhook sender, admin, gateway) as plain processes
# from the Release build, without the Aspire AppHost of `make run`. With the embedded defaults: RabbitMQ and Redis
# on localhost, emails written as .eml files to var/mail-pickup, SMS and push recorded to var/sms-outbox and
# var/push-outbox (no provider credentials needed). The webhook sender is off (it logs so) unless Webhooks__Url and
# Webhooks__SigningKey are set. Any ConnectionStrings__*, Email__*, Sms__*, Push__*, Webhooks__* variable set in the
# environment is passed through.
#
# What it prints: one line when it starts, ONE ready line with the URLs once every service's /health/ready answers,
# and, when a service exits by itself, its name and exit code, after which it stops the others and exits 1.
# Each service's output goes to var/log/run/<service>.log. Ctrl-C stops them all.
# RUN_READY_SECONDS (default 180): how long the services have to become ready.
set -euo pipefail
cd "$(dirname "$0")/../.."

# The ports are those of each service's Properties/launchSettings.json (what `make run` and `dotnet run` use).
SERVICES=(router email-sender sms-sender push-sender webhook-sender admin gateway)
declare -A PROJECTS=([router]=Router [email-sender]=EmailSender [sms-sender]=SmsSender [push-sender]=PushSender
  [webhook-sender]=WebhookSender [admin]=Admin [gateway]=Gateway)
declare -A PORTS=([gateway]=5100 [router]=5101 [email-sender]=5102 [sms-sender]=5103 [push-sender]=5104 [admin]=5105 [webhook-sender]=5106)
LOG_DIR=var/log/run
READY_SECONDS="${RUN_READY_SECONDS:-180}"
declare -A PIDS=()
declare -A NAME_OF=()

say() { echo "run: $*" >&2; }

stop_all() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}

on_signal() {
  trap - INT TERM
  say "stopping the services..."
  stop_all
  exit 130
}
trap on_signal INT TERM
trap stop_all EXIT

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

command -v curl >/dev/null 2>&1 || { say "curl is needed to ask the services' /health/ready (apt-get install curl)"; exit 1; }
for service in "${SERVICES[@]}"; do
  dll="services/Notifications.${PROJECTS[$service]}/bin/Release/net10.0/Notifications.${PROJECTS[$service]}.dll"
  [ -f "$dll" ] || { say "missing $dll: run 'make build' first"; exit 1; }
  if port_open "${PORTS[$service]}"; then
    say "port ${PORTS[$service]} ($service) is already in use: another 'make run' going? ('make stop' ends it)"; exit 1
  fi
done

# LOCAL ONLY: a demo key for the admin API and the console (http://127.0.0.1:5105/console).
# Never use this value anywhere else; set Admin__ApiKey in the environment to replace it.
export Admin__ApiKey="${Admin__ApiKey:-local-demo-admin-key}"
# LOCAL ONLY, likewise: the HTTP ingest's signing key (http://127.0.0.1:5100/events/{EventName}); `make demo VIA=ingest` signs with it.
export Ingest__SigningKey="${Ingest__SigningKey:-local-demo-ingest-key}"
# A short delay window, so two quick messages become one email and a ConversationSeen cancels one (production: 120 s).
export Email__DelaySeconds="${Email__DelaySeconds:-8}"
# LOCAL ONLY, likewise: users' emails carry one-click unsubscribe links to the gateway (var/mail-pickup/*.eml shows them).
export Email__PublicBaseUrl="${Email__PublicBaseUrl:-http://127.0.0.1:5100}"
export Email__UnsubscribeSigningKey="${Email__UnsubscribeSigningKey:-local-demo-unsubscribe-key-0123456789}"

mkdir -p "$LOG_DIR"
for service in "${SERVICES[@]}"; do
  log="$LOG_DIR/$service.log"
  echo "--- $(date -u +%FT%TZ) starting $service on port ${PORTS[$service]}" >"$log"
  ASPNETCORE_URLS="http://127.0.0.1:${PORTS[$service]}" DOTNET_ENVIRONMENT="${DOTNET_ENVIRONMENT:-Development}" \
    dotnet "services/Notifications.${PROJECTS[$service]}/bin/Release/net10.0/Notifications.${PROJECTS[$service]}.dll" >>"$log" 2>&1 &
  PIDS[$service]=$!
  NAME_OF[$!]=$service
done
say "starting ${#SERVICES[@]} services (logs in $LOG_DIR/), waiting for each one's /health/ready (up to ${READY_SECONDS} s)..."

# A service that exited: its name and exit code, then the run stops (the EXIT trap stops the others).
report_exit() {
  local service=$1 code=$2
  say "stopping the run: $service exited with code $code (its log: $LOG_DIR/$service.log)"
  exit 1
}

exited_service() {
  for service in "${SERVICES[@]}"; do
    if ! kill -0 "${PIDS[$service]}" 2>/dev/null; then
      local code=0
      wait "${PIDS[$service]}" 2>/dev/null || code=$?
      report_exit "$service" "$code"
    fi
  done
}

ready() { curl -fsS -o /dev/null -m 2 "http://127.0.0.1:${PORTS[$1]}/health/ready" 2>/dev/null; }

deadline=$((SECONDS + READY_SECONDS))
waiting=("${SERVICES[@]}")
while [ ${#waiting[@]} -gt 0 ]; do
  exited_service
  still=()
  for service in "${waiting[@]}"; do ready "$service" || still+=("$service"); done
  waiting=("${still[@]+"${still[@]}"}")
  [ ${#waiting[@]} -eq 0 ] && break
  if [ $SECONDS -ge $deadline ]; then
    for service in "${waiting[@]}"; do
      body=$(curl -sS -m 2 "http://127.0.0.1:${PORTS[$service]}/health/ready" 2>&1 | tr '\n' ' ' | cut -c1-300 || true)
      say "$service is not ready after ${READY_SECONDS} s: $body (its log: $LOG_DIR/$service.log)"
    done
    say "stopping the run"
    exit 1
  fi
  sleep 1
done

echo "Ready: ${#SERVICES[@]} services healthy. Console http://127.0.0.1:${PORTS[admin]}/console (local demo key local-demo-admin-key) · ingest http://127.0.0.1:${PORTS[gateway]}/events/{EventName} · RabbitMQ UI http://127.0.0.1:15672/ · logs $LOG_DIR/ · Ctrl-C stops."

# Until Ctrl-C, or until a service exits by itself: then it is named with its exit code and the run stops.
while true; do
  code=0
  # (stderr: bash's own "Killed" job notice; the line below says it better)
  wait -n -p finished "${PIDS[@]}" 2>/dev/null || code=$?
  [ -n "${finished:-}" ] && report_exit "${NAME_OF[$finished]}" "$code"
done
