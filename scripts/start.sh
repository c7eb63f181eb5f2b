#!/usr/bin/env bash
# Runs Gantry on this machine: the controller with its embedded defaults (SQLite file and
# MQTT broker under ./data) and, when a Docker engine answers, a gateway agent beside it.
# Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

stage "npm dependencies"
ensure_node_modules
stage_end

stage "build"
npx nx run-many -t build --projects=@gantry/controller,@gantry/agent --outputStyle=static
stage_end

mkdir -p data/controller data/agent
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

DATA_DIR="${DATA_DIR:-data/controller}" PORT="${PORT:-8080}" MQTT_PORT="${MQTT_PORT:-1883}" \
  node apps/controller/dist/main.js &
pids+=($!)

if docker version >/dev/null 2>&1; then
  cat > data/agent/agent.yaml <<YAML
dataDir: $(pwd)/data/agent
YAML
  echo "gateway agent: running against the local Docker engine (local mode; apply an app with"
  echo "  node apps/agent/dist/cli/main.js apply -f app.yaml --config data/agent/agent.yaml)"
  node apps/agent/dist/cli/main.js run --config data/agent/agent.yaml &
  pids+=($!)
else
  echo "gateway agent: no Docker engine answers; start one (bash scripts/engines.sh) to run a real gateway"
fi

wait -n "${pids[@]}"
