#!/usr/bin/env bash
# Starts and stops a throwaway Docker daemon for the explorer's engine tests, isolated from any real one.
#
# Usage:
#   scripts/dockerd.sh start [DIR]   start a daemon whose socket, data root, exec root and pidfile live in DIR
#                                    (a new temporary folder when DIR is omitted); print `export` lines for
#                                    DOCKER_HOST and DOCKML_DOCKERD_DIR on stdout and write them to DIR/env
#   scripts/dockerd.sh stop DIR      stop that daemon and keep its state, so `start DIR` brings it back as it was
#   scripts/dockerd.sh destroy DIR   stop it, delete the network interfaces it made, and remove DIR
#
# The daemon needs root and Debian's `docker.io` (dockerd, containerd, runc and the docker CLI). It runs with
# iptables off, so it changes no firewall rule, and on its own bridge interface, so it never touches a docker0
# that a real Docker owns; container IP addresses on bridge networks work without iptables. Diagnostics go to
# stderr and the daemon's log to DIR/dockerd.log.
#
# Each daemon gets a bridge of its own, recorded in DIR/bridge: the first one running takes `dockml0` with
# 10.213.57.1/24, and one started while that exists takes a name and a /24 derived from its folder, so two
# checkouts can run engines side by side, and `destroy` deletes only the bridge its own daemon made.
set -euo pipefail

# The bridge that stands in for docker0 when only one throwaway daemon runs, and its address.
readonly DEFAULT_BRIDGE=dockml0
readonly DEFAULT_BRIDGE_CIDR=10.213.57.1/24

die() { echo "dockerd.sh: $*" >&2; exit 1; }

socket_of() { echo "$1/docker.sock"; }

is_running() {
  local pidfile="$1/docker.pid"
  [[ -s "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

# Chooses this daemon's bridge on first start, creates it when missing, and records "NAME CIDR" in DIR/bridge.
# The choice is made under a lock, so two daemons starting at once cannot pick the same bridge.
ensure_bridge() {
  local dir="$1" name cidr
  exec 9>/tmp/dockml-dockerd-bridges.lock
  flock 9
  if [[ -s "$dir/bridge" ]]; then
    read -r name cidr <"$dir/bridge"
  elif ! ip link show "$DEFAULT_BRIDGE" >/dev/null 2>&1; then
    name="$DEFAULT_BRIDGE" cidr="$DEFAULT_BRIDGE_CIDR"
  else
    # Another daemon holds the default: derive a name and a free 10.213.x.0/24 from this folder's path.
    local hash; hash="$(printf '%s' "$dir" | sha256sum | cut -c1-8)"
    name="dml$hash"
    local third=$(( 16#${hash:0:4} % 200 + 1 )) tries=0
    while [[ "$third" == 57 || -n "$(ip -4 addr show to "10.213.$third.0/24")" ]]; do
      third=$(( third % 200 + 1 )); tries=$((tries + 1))
      (( tries < 200 )) || die "no free 10.213.x.0/24 subnet for the bridge of $dir."
    done
    cidr="10.213.$third.1/24"
  fi
  if ! ip link show "$name" >/dev/null 2>&1; then
    ip link add "$name" type bridge
    ip addr add "$cidr" dev "$name"
  fi
  ip link set "$name" up
  echo "$name $cidr" >"$dir/bridge"
  exec 9>&-
}

start() {
  local dir="${1:-}"
  [[ "$(id -u)" == 0 ]] || die "dockerd needs root."
  command -v dockerd >/dev/null || die "dockerd is not installed (apt-get install -y docker.io)."
  if [[ -z "$dir" ]]; then dir="$(mktemp -d /tmp/dockml-dockerd.XXXXXX)"; fi
  mkdir -p "$dir/data" "$dir/exec"
  dir="$(cd "$dir" && pwd)"
  local sock; sock="$(socket_of "$dir")"
  if ! is_running "$dir"; then
    ensure_bridge "$dir"
    local bridge _cidr
    read -r bridge _cidr <"$dir/bridge"
    rm -f "$sock" "$dir/docker.pid"
    # setsid detaches the daemon from the caller's session, so it outlives the shell that started it.
    setsid dockerd \
      --host "unix://$sock" \
      --data-root "$dir/data" \
      --exec-root "$dir/exec" \
      --pidfile "$dir/docker.pid" \
      --bridge "$bridge" \
      --iptables=false --ip6tables=false \
      --shutdown-timeout 2 \
      >>"$dir/dockerd.log" 2>&1 </dev/null &
  fi
  local tries=0
  until docker -H "unix://$sock" version --format '{{.Server.APIVersion}}' >/dev/null 2>&1; do
    tries=$((tries + 1))
    if (( tries > 150 )); then
      tail -n 20 "$dir/dockerd.log" >&2 || true
      die "dockerd did not answer /_ping on $sock within 30 s; its log is above."
    fi
    sleep 0.2
  done
  printf 'export DOCKER_HOST=unix://%s\nexport DOCKML_DOCKERD_DIR=%s\n' "$sock" "$dir" | tee "$dir/env"
}

# Records the host interface behind every bridge network, so `destroy` can delete them after the daemon is gone.
record_bridges() {
  local dir="$1" sock; sock="$(socket_of "$dir")"
  local id name
  for id in $(docker -H "unix://$sock" network ls --quiet --no-trunc --filter driver=bridge); do
    name="$(docker -H "unix://$sock" network inspect --format '{{index .Options "com.docker.network.bridge.name"}}' "$id")"
    if [[ -z "$name" ]]; then name="br-${id:0:12}"; fi
    echo "$name"
  done >>"$dir/bridges"
}

stop() {
  local dir="${1:?stop needs the daemon folder}"
  is_running "$dir" || return 0
  local pid; pid="$(cat "$dir/docker.pid")"
  kill -TERM "$pid"
  local tries=0
  while kill -0 "$pid" 2>/dev/null; do
    tries=$((tries + 1))
    if (( tries == 150 )); then kill -KILL "$pid" 2>/dev/null || true; fi
    sleep 0.2
  done
}

destroy() {
  local dir="${1:?destroy needs the daemon folder}"
  [[ -d "$dir" ]] || return 0
  if is_running "$dir"; then record_bridges "$dir" || true; fi
  stop "$dir"
  # Only interfaces this daemon made: its bridge networks and its own stand-in for docker0, never another's.
  local name
  {
    if [[ -f "$dir/bridges" ]]; then cat "$dir/bridges"; fi
    if [[ -s "$dir/bridge" ]]; then cut -d' ' -f1 "$dir/bridge"; fi
  } | sort -u | while read -r name; do ip link delete "$name" 2>/dev/null || true; done
  # A daemon killed mid-shutdown can leave overlay or shm mounts behind; unmount them before removing the folder.
  { grep -o " $dir/[^ ]*" /proc/mounts || true; } | sort -r | while read -r mnt; do umount -l "$mnt" 2>/dev/null || true; done
  rm -rf "$dir"
}

case "${1:-}" in
  start) start "${2:-}" ;;
  stop) stop "${2:-}" ;;
  destroy) destroy "${2:-}" ;;
  *) die "usage: $0 start [DIR] | stop DIR | destroy DIR" ;;
esac
