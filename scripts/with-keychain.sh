#!/usr/bin/env bash
# Runs a command with a real Secret Service: a private D-Bus session and an unlocked
# gnome-keyring whose files live in a throwaway folder, so tests never touch a user's keyring.
set -euo pipefail
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -m 700 "$scratch/runtime" "$scratch/data"
export XDG_RUNTIME_DIR="$scratch/runtime" XDG_DATA_HOME="$scratch/data"
dbus-run-session -- bash -c '
  echo -n "cordon-test" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  "$@"
' with-keychain "$@"
