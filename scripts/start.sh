#!/usr/bin/env bash
# Runs Gantry on this machine: the controller with its embedded defaults (SQLite file and
# MQTT broker), the console, and one gateway (real Docker when present, simulated otherwise).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

stage "npm dependencies"
ensure_node_modules
stage_end

cat >&2 <<'MSG'

Gantry's cloud side cannot run yet: the controller and console have not landed. The
gateway agent has: build it with `npx nx run @gantry/agent:build`, check the machine with
`node apps/agent/dist/cli/main.js doctor`, then run it and apply an app in local mode
(apps/agent/README.md). This command will start the whole system once the controller lands.
MSG
exit 1
