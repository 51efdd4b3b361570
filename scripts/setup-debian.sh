#!/usr/bin/env bash
# Installs what `make run` and `make test` need on a fresh Debian 12 machine.
# Idempotent and quick when everything is present, so both make targets call it every time.
set -euo pipefail

# System packages: Tauri's WebKitGTK stack, the end-to-end driver, a headless display,
# a real Secret Service for the keychain tests, poppler and qpdf for reading PDFs in tests,
# python3 for the outsider's timeline verifier (docs/verify_timeline.py) that a test runs,
# and the Noto/DejaVu faces the reports fall back to for scripts Lato lacks (Arabic, Hebrew,
# Devanagari, Thai, CJK, symbols), read from the system at run time; PostgreSQL, whose
# binaries the sync tests run as a throwaway cluster of their own (initdb + pg_ctl).
PKGS=(
  libwebkit2gtk-4.1-dev build-essential curl wget file pkg-config libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev
  xvfb xauth x11-utils xdotool imagemagick webkit2gtk-driver
  gnome-keyring dbus dbus-x11 libsecret-tools
  poppler-utils qpdf jq python3 openssl
  postgresql postgresql-client
  fonts-noto-core fonts-noto-cjk fonts-dejavu-core
)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing system packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

command -v cargo >/dev/null || { echo "setup: cargo not found; install Rust with rustup first" >&2; exit 1; }
command -v npm >/dev/null || { echo "setup: npm not found; install Node.js 20+ first" >&2; exit 1; }

# tauri-driver bridges WebDriver to WebKitWebDriver for the end-to-end journeys.
if ! command -v tauri-driver >/dev/null && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
  echo "setup: installing tauri-driver"
  cargo install tauri-driver --version '^2' --locked
fi
