#!/usr/bin/env bash
# Brings up (or down) the RabbitMQ and Redis the services and tests need, on this machine.
#   deploy/local/infra.sh up      install Debian's rabbitmq-server/redis-server when missing, start both, wait until ready
#   deploy/local/infra.sh down    stop both
#   deploy/local/infra.sh status  say what runs
# Idempotent: "up" on a machine where both already run only checks them. Where a Docker engine answers,
# "up" uses docker compose instead of the Debian packages.
set -euo pipefail

RABBIT_PORT=5672
REDIS_PORT=6379

log() { echo "infra: $*" >&2; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

docker_engine() { command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; }

install_packages() {
  local missing=()
  command -v rabbitmq-server >/dev/null 2>&1 || missing+=(rabbitmq-server)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]} (Debian packages)"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

start_redis() {
  if port_open "$REDIS_PORT"; then log "redis already listening on $REDIS_PORT"; return; fi
  log "starting redis on 127.0.0.1:$REDIS_PORT"
  # Persistence as in production (the spec: AOF, fsync every second): a restarted Redis keeps its ledger, sessions and waits.
  mkdir -p var/redis
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly yes --appendfsync everysec \
    --dir "$PWD/var/redis" >/dev/null
  for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && return; sleep 0.2; done
  log "redis did not answer PING"; exit 1
}

start_rabbitmq() {
  if port_open "$RABBIT_PORT" && as_root rabbitmqctl -q await_startup >/dev/null 2>&1; then
    log "rabbitmq already running on $RABBIT_PORT"
  else
    log "starting rabbitmq (about 10 s)"
    # The management plugin serves the HTTP API the tests use to create a fresh vhost per run, and the UI.
    as_root rabbitmq-plugins --offline enable rabbitmq_management >/dev/null 2>&1 || true
    as_root rabbitmq-server -detached >/dev/null 2>&1 || true
    # await_startup fails at once until the node has registered itself, so ask again until it answers.
    local deadline=$((SECONDS + 120))
    until as_root rabbitmqctl -q await_startup >/dev/null 2>&1; do
      [ $SECONDS -lt $deadline ] || { log "rabbitmq did not start in 120 s: see /var/log/rabbitmq/"; exit 1; }
      sleep 1
    done
  fi
  as_root rabbitmq-plugins -q enable rabbitmq_management >/dev/null 2>&1 || true
  for _ in $(seq 1 100); do port_open 15672 && return; sleep 0.2; done
  log "rabbitmq management API did not open port 15672"; exit 1
}

case "${1:-up}" in
  up)
    if ! command -v rabbitmq-server >/dev/null 2>&1 && docker_engine; then
      log "Docker engine found: docker compose up -d rabbitmq redis"
      docker compose up -d --wait rabbitmq redis
      exit 0
    fi
    install_packages
    start_redis
    start_rabbitmq
    log "ready: RABBITMQ_URL=amqp://guest:guest@localhost:$RABBIT_PORT/ REDIS_URL=localhost:$REDIS_PORT"
    ;;
  down)
    as_root rabbitmqctl -q stop >/dev/null 2>&1 || true
    redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    log "stopped"
    ;;
  status)
    port_open "$RABBIT_PORT" && echo "rabbitmq: listening on $RABBIT_PORT" || echo "rabbitmq: not running"
    port_open "$REDIS_PORT" && echo "redis: listening on $REDIS_PORT" || echo "redis: not running"
    ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
