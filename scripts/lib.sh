# Shared shell helpers for Gantry's scripts. Source it; it defines functions only.

# Prints a stage banner and remembers when the stage began.
stage() {
  stage_end
  GANTRY_STAGE="$1"
  GANTRY_STAGE_START=$(date +%s)
  printf '\n==> %s\n' "$GANTRY_STAGE"
}

# Prints how long the current stage took.
stage_end() {
  if [ -n "${GANTRY_STAGE:-}" ]; then
    printf '<== %s: %ss\n' "$GANTRY_STAGE" "$(( $(date +%s) - GANTRY_STAGE_START ))"
    GANTRY_STAGE=
  fi
}

# Installs the Debian packages named, if any is missing. As root it uses apt; otherwise it
# says what to install and fails, so nothing half-works later.
ensure_apt_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "Gantry needs these Debian packages: ${missing[*]}" >&2
    echo "Install them with: sudo apt-get install -y ${missing[*]}" >&2
    return 1
  fi
  echo "installing with apt: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
}

# Runs `npm ci` when node_modules does not match package-lock.json.
ensure_node_modules() {
  local stamp=node_modules/.gantry-lock.sha256
  local want
  want=$(sha256sum package-lock.json | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    echo "node_modules matches package-lock.json"
    return 0
  fi
  # Native addons build from source against the local Node headers: nothing to download.
  npm_config_nodedir=${npm_config_nodedir:-/usr} npm ci --no-audit --no-fund
  echo "$want" > "$stamp"
}
