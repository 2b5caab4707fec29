#!/usr/bin/env bash
# Publishes a participant, presence and a chat message through the gateway's signed HTTP ingest, with curl and
# openssl only (no AMQP connection: PHP on shared hosting, a serverless function, a cron job):
#   GATEWAY_URL=http://127.0.0.1:5100 INGEST_SIGNING_KEY=local-demo-ingest-key clients/curl/ingest.sh [run-id]
# Each request is POST /events/<EventName> with the bare event, X-Timestamp (unix seconds) and
# X-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">. 202 means the broker confirmed the event.
set -euo pipefail

GATEWAY_URL=${GATEWAY_URL:-http://127.0.0.1:5100}
: "${INGEST_SIGNING_KEY:?set INGEST_SIGNING_KEY to the Ingest:SigningKey of the gateway}"
ID=${1:-${CLIENT_RUN_ID:-$(openssl rand -hex 4)}}
[[ $ID =~ ^[A-Za-z0-9_-]{1,64}$ ]] || { echo "run id '$ID' must be 1-64 letters, digits, '-' or '_'" >&2; exit 2; }

post() {
  local event=$1 body=$2 ts sig status response
  response=$(mktemp)
  ts=$(date +%s)
  # The key is on openssl's command line, which other users of a shared host can see in ps: there, sign in your
  # platform's own language instead (the scheme is the same).
  sig=$(printf '%s.%s' "$ts" "$body" | openssl dgst -sha256 -hmac "$INGEST_SIGNING_KEY" -r | cut -d' ' -f1)
  status=$(curl -sS -o "$response" -w '%{http_code}' -X POST "${GATEWAY_URL%/}/events/$event" \
    -H 'Content-Type: application/json' -H "X-Timestamp: $ts" -H "X-Signature: sha256=$sig" --data-binary "$body") \
    || { rm -f "$response"; echo "ingest: could not reach $GATEWAY_URL" >&2; exit 1; }
  if [ "$status" != 202 ]; then
    # 400/401/404/413 say what is wrong in the body; 503 (broker unavailable) is worth retrying after Retry-After.
    echo "ingest: $event answered $status: $(cat "$response")" >&2
    rm -f "$response"
    exit 1
  fi
  rm -f "$response"
}

now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
agent=agent-$ID user=user-$ID
# The user as well as the agent: a message naming a participant the system does not know yet waits for it.
post ParticipantUpserted "{\"participantId\":\"$user\",\"role\":\"user\",\"name\":\"Ada Lovelace\",\"email\":\"$user@helpdesk.example\"}"
post ParticipantUpserted "{\"participantId\":\"$agent\",\"role\":\"agent\",\"name\":\"Kim Agent\",\"email\":\"$agent@helpdesk.example\"}"
# Offline: the first message of a conversation emails its assigned agent only while the agent is away.
post PresenceChanged "{\"participantId\":\"$agent\",\"online\":false,\"at\":\"$now\"}"
post MessagePosted "{\"messageId\":\"msg-$ID\",\"conversationId\":\"conv-$ID\",\"sender\":{\"id\":\"$user\",\"role\":\"user\",\"name\":\"Ada Lovelace\"},\"text\":\"Hello from curl $ID\",\"postedAt\":\"$now\",\"isFirstMessage\":true,\"conversation\":{\"userId\":\"$user\",\"assignedAgentId\":\"$agent\"}}"
echo "published run $ID: agent-$ID@helpdesk.example will be emailed about \"Hello from curl $ID\""
