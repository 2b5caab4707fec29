# The two commands a newcomer needs: `make run` (the whole pipeline, emails written to var/mail-pickup)
# and `make test`. Everything the targets need is installed and started by deploy/local/infra.sh.
SHELL := /bin/bash
DOTNET ?= dotnet
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1
export RABBITMQ_URL ?= amqp://guest:guest@localhost:5672/
export REDIS_URL ?= localhost:6379

.PHONY: help infra browser clients infra-down build test unit-test run run-plain demo bench stop clean schemas contract-check deploy-check

## help: every target with what it does (this list)
help:
	@grep -E '^## ' $(MAKEFILE_LIST) | sed -e 's/^## //' | awk -F': ' '{ printf "make %-16s %s\n", $$1, substr($$0, length($$1) + 3) }'

## infra: only start RabbitMQ + Redis (Debian packages, or docker compose where a Docker engine answers)
infra:
	@deploy/local/infra.sh up

# Debian's chromium for the console's browser tests (installed when /usr/bin/chromium is missing).
## browser: install Debian's chromium for the console's browser tests
browser:
	@deploy/local/browser.sh

# Node with the pinned amqplib, Debian's python3-pika, php-cli and php-amqplib for the clients in clients/ and their tests.
## clients: install what the example clients in clients/ need (node, npm ci, python3-pika, php-amqplib)
clients:
	@deploy/local/clients.sh

## infra-down: stop RabbitMQ + Redis
infra-down:
	@deploy/local/infra.sh down

## build: build every project (Release)
build:
	$(DOTNET) build Notifications.sln -c Release -nologo -v minimal

TEST_RESULTS := var/test-results

## test: start RabbitMQ + Redis and run every test
# Built first by `build`: `dotnet test` alone builds only what the test projects reference, not the AppHost they run.
test: infra browser clients build
	rm -rf $(TEST_RESULTS)
	$(DOTNET) test Notifications.sln -c Release --no-build -nologo -v minimal --logger "console;verbosity=normal" \
		--logger trx --results-directory $(TEST_RESULTS); status=$$?; \
		deploy/local/test-summary.sh $(TEST_RESULTS) && exit $$status

## unit-test: only the tests that need no RabbitMQ or Redis
unit-test:
	$(DOTNET) test Notifications.sln -c Release -nologo -v minimal --filter "Category!=Integration"

# The contract a platform reads (README, "The contract"): JSON Schemas generated from Notifications.Contracts,
# checked in beside contracts/asyncapi.yaml. Notifications.Contracts.Tests (in make test) fails while they differ.
## schemas: regenerate contracts/schemas/*.schema.json from the C# contracts
schemas:
	$(DOTNET) run --project tests/Notifications.ContractSchemas -c Release -- write

# Only the contract's tests: schemas current, asyncapi.yaml valid by the pinned AsyncAPI CLI (npm ci on first use).
## contract-check: schemas current and contracts/asyncapi.yaml valid (part of make test)
contract-check:
	$(DOTNET) test tests/Notifications.Contracts.Tests -c Release -nologo -v minimal

## deploy-check: deploy/k8s valid by the Kubernetes and KEDA schemas, docker-compose.yml by the compose spec (part of make test)
# Offline (npm ci of deploy/checks on first use). make test runs the same script through DeploySchemaTests, with the
# broken copies that prove it fails.
deploy-check:
	@deploy/checks/validate-deploy.sh

## run: the seven services under the Aspire AppHost, dashboard on http://127.0.0.1:18888; one ready line, stops if a service dies
run: infra build
	@deploy/local/run-apphost.sh

## run-plain: the seven services as plain processes, without Aspire (logs in var/log/run/); same ready line and stop
run-plain: infra build
	@deploy/local/run-services.sh

# Figures and ratios against baselines measured in the same repeat, median and spread of BENCH_REPEATS (3) runs;
# appended to docs/performance.md. A failed phase is recorded and the others run; the exit code is 1 at the end.
# Smaller runs: BENCH_REPEATS, BENCH_THROUGHPUT_MESSAGES, BENCH_LATENCY_SECONDS, BENCH_STEP_START_RATE,
# BENCH_STEP_MAX_RATE, BENCH_STEP_SECONDS, BENCH_STEP_P99_MS, BENCH_SMTP_EMAILS, BENCH_MEMORY_EVENTS, BENCH_PREFETCH.
# The delay window (BENCH=window): BENCH_WINDOW_MESSAGES (10000 chat messages), BENCH_WINDOW_RELEASE_SECONDS (10), BENCH_WINDOW_PENDING (100000 held).
## bench: measure throughput, latency, SMTP reuse, memory and the delay window (about 90 minutes)
bench: infra build
	$(DOTNET) run --project tests/Notifications.Benchmarks -c Release --no-build -- $(BENCH)

# VIA=bare publishes bare JSON over AMQP, VIA=ingest through the gateway's HTTP ingest (default: the MassTransit envelope).
VIA ?= envelope
## demo: publish the simulator's conversation (with 'make run' going in another shell; VIA=bare or VIA=ingest)
demo:
	$(DOTNET) run --project tests/Notifications.Simulator -c Release -- demo --via $(VIA)

## stop: end services left running by an interrupted run
stop:
	@pkill -f 'Notifications\.(Router|EmailSender|SmsSender|PushSender|WebhookSender|Admin|Gateway|AppHost)(\.dll)?( |$$)' || true

## clean: remove build output and var/
clean:
	$(DOTNET) clean Notifications.sln -nologo -v quiet
	rm -rf var

# Loss and duplicates under faults: the four services as processes, each killed with SIGKILL once, RabbitMQ
# restarted three times, Redis paused 30 s and restarted with its data, providers failing 20 % of requests for a
# while and Twilio down for 2 minutes. Exits non-zero on any loss.
# Smaller runs: CHAOS_MESSAGES, CHAOS_RATE, CHAOS_FAULT_PERCENT, CHAOS_KILL, CHAOS_BROKER_DOWN_SECONDS, CHAOS_BROKER_RESTARTS,
# CHAOS_REDIS_PAUSE_SECONDS, CHAOS_REDIS_RESTART, CHAOS_PROVIDER_DOWN_SECONDS; CHAOS_RECORD=1 appends to docs/reliability.md.
.PHONY: chaos
## chaos: kill services, restart RabbitMQ, pause and restart Redis, fail providers; prove nothing is lost (about 6 minutes)
chaos: infra build
	$(DOTNET) run --project tests/Notifications.Chaos -c Release --no-build

# Scale-out: two routers, two email senders, two SMS senders (one push sender) as processes against one broker and
# Redis; one of each pair killed with SIGKILL mid-run. Exits non-zero on any loss, duplicate, or Twilio second over
# Sms:Twilio:MaxPerSecond. Sizes: SCALE_RATE, SCALE_SECONDS, SCALE_AGENTS, SCALE_TWILIO_MAX_PER_SECOND, SCALE_RESTART,
# SCALE_DRAIN_TIMEOUT_SECONDS, SCALE_QUIET_SECONDS; SCALE_RECORD=1 appends the run to docs/scaling.md.
.PHONY: scale
## scale: two instances each of router, email and SMS sender; kill one of each; prove no loss, no duplicate, the Twilio limit held (about 4 minutes)
scale: infra build
	$(DOTNET) run --project tests/Notifications.Chaos -c Release --no-build -- scale
