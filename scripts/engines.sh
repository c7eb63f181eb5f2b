#!/usr/bin/env bash
# Brings up the engines Gantry's tests run against: a Docker engine (started if none
# answers) and the tools the test kit spawns itself (docker-registry, busybox-static).
# As root on a machine that lacks them, installs them with apt.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_apt_packages $(grep -v '^#' scripts/system-packages.txt)

if docker info >/dev/null 2>&1; then
  echo "Docker engine: $(docker version --format '{{.Server.Version}}') (already running)"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "No Docker engine answers and this is not root: start dockerd (sudo systemctl start docker)." >&2
  exit 1
fi
if [ -d /run/systemd/system ] && systemctl start docker 2>/dev/null; then
  echo "started docker.service"
else
  log=/var/log/gantry-dockerd.log
  echo "starting dockerd (log: $log)"
  setsid nohup dockerd >"$log" 2>&1 < /dev/null &
fi
for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then
    echo "Docker engine: $(docker version --format '{{.Server.Version}}')"
    exit 0
  fi
  sleep 1
done
echo "dockerd did not answer within 60 s; see /var/log/gantry-dockerd.log" >&2
tail -n 20 /var/log/gantry-dockerd.log >&2 || true
exit 1
