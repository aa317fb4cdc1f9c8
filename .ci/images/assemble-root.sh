#!/usr/bin/env bash
# Assembles the root folder of a test base image from the host's own binaries, because CI cannot
# pull from any container registry. Usage: assemble-root.sh busybox|node-base DEST (DEST must be empty).
#   busybox   - busybox-static with every applet linked (sh, echo, cat, wc, sleep, ...): user steps in tests.
#   node-base - busybox plus the host's node and the shared libraries it loads: what the runner image builds on.
set -euo pipefail

readonly BUSYBOX=/bin/busybox   # from Debian's busybox-static: static, so it needs no libraries in the image
readonly CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt

die() { echo "assemble-root: ERROR: $*" >&2; exit 1; }

[[ $# -eq 2 ]] || die "usage: assemble-root.sh busybox|node-base DEST"
kind=$1 dest=$2
[[ $kind == busybox || $kind == node-base ]] || die "unknown image kind '$kind' (expected busybox or node-base)"
[[ -d $dest && -z $(ls -A "$dest") ]] || die "'$dest' must be an existing empty folder"
[[ -x $BUSYBOX ]] || die "$BUSYBOX is missing (install Debian's busybox-static)"

# --- busybox: the shell, its applets, and the few files tools expect
# --list-full names each applet with its usual folder (bin/sh, usr/bin/env, sbin/ip), so both PATH lookups and
# '#!/usr/bin/env' work; these are the only folders it uses (a new one would make ln fail loudly).
mkdir -p "$dest/bin" "$dest/sbin" "$dest/usr/bin" "$dest/usr/sbin" "$dest/etc" "$dest/root" "$dest/tmp"
chmod 755 "$dest"   # becomes the image's /, which mktemp would leave readable by root only
chmod 1777 "$dest/tmp"
cp "$BUSYBOX" "$dest/bin/busybox"
"$BUSYBOX" --list-full | grep -vx bin/busybox | while read -r applet; do
  ln -s /bin/busybox "$dest/$applet"
done
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$dest/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$dest/etc/group"
[[ $kind == busybox ]] && exit 0

# --- node-base: node where the official node images put it, and every library the loader needs
node_bin=$(command -v node) || die "node is not on PATH"
mkdir -p "$dest/usr/local/bin"
cp "$node_bin" "$dest/usr/local/bin/node"
# ldd prints 'libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)' and '/lib64/ld-linux-x86-64.so.2 (0x...)';
# the vdso has no path. --parents keeps each library at the path the binary was linked against.
ldd "$node_bin" | grep -o '/[^ ]*' | while read -r lib; do
  cp -L --parents "$lib" "$dest"
done
if [[ -f $CA_BUNDLE ]]; then
  mkdir -p "$dest/$(dirname "$CA_BUNDLE")"
  cp -L "$CA_BUNDLE" "$dest/$CA_BUNDLE"
fi
