#!/usr/bin/env bash
# Runs the seven services (router, three senders, the webhook sender, admin, gateway) in the foreground (Ctrl-C stops them all), from the Release build, with the
# embedded defaults: RabbitMQ and Redis on localhost, emails written as .eml files to var/mail-pickup,
# SMS and push recorded to var/sms-outbox and var/push-outbox (no provider credentials needed).
# The webhook sender is off (it logs so) unless Webhooks__Url and Webhooks__SigningKey are set.
# Any ConnectionStrings__*, Email__*, Sms__*, Push__*, Webhooks__* variable set in the environment is passed through.
set -euo pipefail
cd "$(dirname "$0")/../.."

declare -A PORTS=([Gateway]=5100 [Router]=5101 [EmailSender]=5102 [SmsSender]=5103 [PushSender]=5104 [Admin]=5105 [WebhookSender]=5106)
pids=()

stop_all() {
  trap - INT TERM EXIT
  echo "stopping services..."
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop_all INT TERM EXIT

# LOCAL ONLY: a demo key for the admin API and the console (http://127.0.0.1:5105/console) under `make run`.
# Never use this value anywhere else; set Admin__ApiKey in the environment to replace it.
export Admin__ApiKey="${Admin__ApiKey:-local-demo-admin-key}"
# LOCAL ONLY, likewise: the HTTP ingest's signing key (http://127.0.0.1:5100/events/{EventName}); `make demo INGEST=1` signs with it.
export Ingest__SigningKey="${Ingest__SigningKey:-local-demo-ingest-key}"
# LOCAL ONLY, likewise: users' emails carry one-click unsubscribe links to the gateway (var/mail-pickup/*.eml shows them).
export Email__PublicBaseUrl="${Email__PublicBaseUrl:-http://127.0.0.1:5100}"
export Email__UnsubscribeSigningKey="${Email__UnsubscribeSigningKey:-local-demo-unsubscribe-key-0123456789}"

mkdir -p var
for service in Router EmailSender SmsSender PushSender WebhookSender Admin Gateway; do
  dll="services/Notifications.$service/bin/Release/net10.0/Notifications.$service.dll"
  [ -f "$dll" ] || { echo "missing $dll: run 'make build' first" >&2; exit 1; }
  tag=$(printf '%-12s' "$service")
  ASPNETCORE_URLS="http://127.0.0.1:${PORTS[$service]}" DOTNET_ENVIRONMENT="${DOTNET_ENVIRONMENT:-Development}" \
    dotnet "$dll" > >(sed -u "s/^/[$tag] /") 2>&1 &
  pids+=($!)
done

cat <<TXT
Services starting: gateway :5100, router :5101, email :5102, sms :5103, push :5104, admin :5105, webhooks :5106 (health: /health/ready on each).
Twilio's webhooks: http://127.0.0.1:5100/twilio/status and /twilio/inbound (the gateway; Sms__Twilio__* is passed to every service).
Admin console: http://127.0.0.1:5105/console (sign in with the local demo key local-demo-admin-key, or your Admin__ApiKey).
In another shell: make demo    then look at var/mail-pickup/*.eml
Ctrl-C stops them.
TXT
wait
