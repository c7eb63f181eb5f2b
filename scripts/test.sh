#!/usr/bin/env bash
# The whole test suite, from a fresh machine: system packages and engines, npm
# dependencies, then lint, typecheck, build and every project's tests through Nx.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
export NX_NO_CLOUD=true NX_DAEMON=false NX_TUI=false NEXT_TELEMETRY_DISABLED=1

stage "engines (Docker, registry, busybox)"
bash scripts/engines.sh

stage "npm dependencies"
ensure_node_modules

stage "lint, typecheck, build and test every project"
rm -rf test-results/vitest
status=0
npx nx run-many -t lint typecheck build test --outputStyle=stream "$@" || status=$?

stage "lint and typecheck the benchmarks (bench/ is not an Nx project)"
npx eslint bench || status=$?
npx tsc --noEmit -p bench/tsconfig.json || status=$?

stage "summary"
node scripts/test-summary.mjs || status=1
stage_end
exit "$status"
