#!/usr/bin/env bash
# Builds the sync server's Debian package: $TARGET/bundle/cordon-server_<version>_<arch>.deb,
# holding the binary, the systemd unit (packaging/cordon-server.service) and an install step
# that makes the `cordon-server` system user. Called by `make bundle`.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET="${CARGO_TARGET_DIR:-target}"
cargo build --release -p cordon-server
VERSION="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)"
ARCH="$(dpkg --print-architecture)"
ROOT="$(mktemp -d)"
chmod 755 "$ROOT" # the package root becomes /: never narrower than that
trap 'rm -rf "$ROOT"' EXIT
install -D -m 755 "$TARGET/release/cordon-server" "$ROOT/usr/bin/cordon-server"
install -D -m 644 packaging/cordon-server.service "$ROOT/lib/systemd/system/cordon-server.service"
mkdir -p "$ROOT/DEBIAN"
cat >"$ROOT/DEBIAN/control" <<CONTROL
Package: cordon-server
Version: $VERSION
Architecture: $ARCH
Maintainer: Cordon contributors <cordon@example.invalid>
Section: net
Priority: optional
Depends: libc6
Description: Cordon sync server for an MSP team
 Stores the team's sealed batches and wrapped keys and routes them between
 laptops; it never holds a key, a client name or a plaintext byte. SQLite in
 /var/lib/cordon-server by default, or PostgreSQL.
CONTROL
cat >"$ROOT/DEBIAN/postinst" <<'POSTINST'
#!/bin/sh
set -e
if [ "$1" = configure ]; then
  getent passwd cordon-server >/dev/null || adduser --system --group --home /var/lib/cordon-server cordon-server
  if [ -d /run/systemd/system ]; then systemctl daemon-reload || true; fi
fi
POSTINST
cat >"$ROOT/DEBIAN/prerm" <<'PRERM'
#!/bin/sh
set -e
if [ -d /run/systemd/system ]; then systemctl stop cordon-server.service || true; fi
PRERM
chmod 755 "$ROOT/DEBIAN/postinst" "$ROOT/DEBIAN/prerm"
mkdir -p "$TARGET/bundle"
OUT="$TARGET/bundle/cordon-server_${VERSION}_${ARCH}.deb"
dpkg-deb --build --root-owner-group "$ROOT" "$OUT" >/dev/null
echo "$OUT"
