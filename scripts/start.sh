#!/usr/bin/env bash
# Runs Gantry on this machine: the controller with its embedded defaults (SQLite file and
# MQTT broker under ./data), the web console, and a gateway enrolled with the controller —
# the real agent when a Docker engine answers, simulated gateways otherwise.
# Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

PORT="${PORT:-8080}"
MQTT_PORT="${MQTT_PORT:-1883}"
CONSOLE_PORT="${CONSOLE_PORT:-3000}"
HOST="${HOST:-127.0.0.1}"
CONTROLLER_URL="http://127.0.0.1:${PORT}"
export NX_NO_CLOUD=true NX_DAEMON=false NEXT_TELEMETRY_DISABLED=1

stage "npm dependencies"
ensure_node_modules
stage_end

stage "build"
npx nx run-many -t build --projects=@gantry/controller,@gantry/agent,@gantry/console,@gantry/firmware-sim --outputStyle=static
stage_end

mkdir -p data/controller data/agent
# The admin password of this installation, kept beside its data (owner-only) so restarts
# and the gateway enrollment below can log in. ADMIN_PASSWORD overrides it.
if [ -z "${ADMIN_PASSWORD:-}" ]; then
  if [ ! -f data/admin-password ]; then
    (umask 077 && node -e "process.stdout.write(require('node:crypto').randomBytes(18).toString('base64url'))" > data/admin-password)
  fi
  ADMIN_PASSWORD=$(cat data/admin-password)
fi
export ADMIN_PASSWORD

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

# 64 MiB semi-spaces (V8's default is 16): what a fan-out keeps alive for a moment dies young
# instead of being promoted and left to full collections (apps/controller/README.md).
DATA_DIR="${DATA_DIR:-data/controller}" PORT="$PORT" MQTT_PORT="$MQTT_PORT" HOST="$HOST" \
  node --max-semi-space-size=64 apps/controller/dist/main.js &
pids+=($!)
until curl -fs "${CONTROLLER_URL}/healthz/live" >/dev/null; do
  kill -0 "${pids[0]}" 2>/dev/null || { echo "the controller did not start; see its output above" >&2; exit 1; }
  sleep 0.5
done

(cd apps/console && GANTRY_CONTROLLER_URL="$CONTROLLER_URL" exec npx next start -H "$HOST" -p "$CONSOLE_PORT") &
pids+=($!)

# A one-time enrollment token, through the API as any script would get one.
enrollment_token() {
  local cookies
  cookies=$(mktemp)
  if ! curl -fs -c "$cookies" -H 'content-type: application/json' \
      -d "$(node -e 'process.stdout.write(JSON.stringify({username:"admin",password:process.env.ADMIN_PASSWORD}))')" \
      "${CONTROLLER_URL}/api/v1/auth/login" >/dev/null; then
    rm -f "$cookies"
    echo "cannot log in as admin to enroll the gateway: this data directory has another admin password; set ADMIN_PASSWORD to it" >&2
    return 1
  fi
  curl -fs -b "$cookies" -H 'content-type: application/json' -d '{"expiresInMinutes":10,"labels":{"site":"local"},"note":"npm start"}' \
    "${CONTROLLER_URL}/api/v1/enrollment-tokens" | node -e 'let s="";process.stdin.on("data",(d)=>s+=d).on("end",()=>process.stdout.write(JSON.parse(s).token))'
  rm -f "$cookies"
}

if docker version >/dev/null 2>&1; then
  cat > data/agent/agent.yaml <<YAML
dataDir: $(pwd)/data/agent
YAML
  agent=(apps/agent/dist/gantry-agent.js)
  if [ ! -f data/agent/identity.json ]; then
    token=$(enrollment_token)
    "${agent[@]}" enroll --controller "$CONTROLLER_URL" --token "$token" --device-id "$(hostname | tr 'A-Z' 'a-z' | tr -c 'a-z0-9\n-' '-' | cut -c1-40)-gw" --config data/agent/agent.yaml
  fi
  echo "gateway: the agent runs against the local Docker engine, enrolled with the controller"
  "${agent[@]}" run --config data/agent/agent.yaml &
  pids+=($!)
else
  echo "gateway: no Docker engine answers, so ${SIM_GATEWAYS:-3} simulated gateways stand in (start one with bash scripts/engines.sh for a real gateway)"
  node --max-semi-space-size=64 firmware-sim/dist/cli/main.js run --controller "$CONTROLLER_URL" --admin-password "$ADMIN_PASSWORD" \
    --count "${SIM_GATEWAYS:-3}" --prefix "demo-$(date +%s)" --labels site=local &
  pids+=($!)
fi

cat <<TEXT

Gantry is running:
  console     http://${HOST}:${CONSOLE_PORT}   (user admin, password in data/admin-password)
  API         ${CONTROLLER_URL}/api/v1   (docs ${CONTROLLER_URL}/api/docs)
  MQTT        mqtt://${HOST}:${MQTT_PORT}
  data        ./data
Ctrl-C stops everything.
TEXT

wait -n "${pids[@]}"
