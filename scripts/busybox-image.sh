#!/usr/bin/env bash
# Builds a tiny image from Debian's static busybox with `docker import`, so engine tests need no registry.
#
# Usage: DOCKER_HOST=unix:///.../docker.sock scripts/busybox-image.sh [TAG]
# TAG defaults to dockml/busybox:test. BUSYBOX may name another statically linked busybox binary
# (the default, /bin/busybox, comes from the `busybox-static` package). Prints the tag on stdout.
set -euo pipefail

tag="${1:-dockml/busybox:test}"
busybox="${BUSYBOX:-/bin/busybox}"

[[ -x "$busybox" ]] || { echo "busybox-image.sh: $busybox is missing (apt-get install -y busybox-static)." >&2; exit 1; }
if ldd "$busybox" >/dev/null 2>&1; then
  echo "busybox-image.sh: $busybox is dynamically linked; install busybox-static." >&2
  exit 1
fi

root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/tmp" "$root/etc"
cp "$busybox" "$root/bin/busybox"
for applet in $("$busybox" --list); do
  [[ "$applet" == busybox ]] || ln -s busybox "$root/bin/$applet"
done
echo 'root:x:0:0:root:/:/bin/sh' >"$root/etc/passwd"

tar -C "$root" -c . | docker import --change 'CMD ["/bin/sh"]' --change 'ENV PATH=/bin' - "$tag" >/dev/null
echo "$tag"
