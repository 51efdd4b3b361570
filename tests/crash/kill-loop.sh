#!/usr/bin/env bash
# tests/crash/kill-loop.sh N: N writers through the real CLI, each killed with SIGKILL at a
# random moment of its run; after each kill the workspace must pass `cordon doctor` (SQLite's
# and SQLCipher's integrity checks, the op log replayed against the tables), and at the end
# every write the CLI acknowledged (exited 0) must be there. Writers: timeline appends, asset
# imports, plan reviews, exercise notes (the autosaved kind), plan binder exports and
# passphrase changes (a re-key). The workspace is passphrase-protected, so no keychain is used.
#
# Last line: "N kills, X corrupt, Y lost"; exits non-zero when X or Y is above 0.
# CORDON_BIN picks the binary (default: $CARGO_TARGET_DIR/debug/cordon, built if missing).
set -uo pipefail

N=${1:-50}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${CORDON_BIN:-${CARGO_TARGET_DIR:-$ROOT/target}/debug/cordon}
if [ ! -x "$BIN" ]; then
  (cd "$ROOT" && cargo build -q -p cordon-cli) || exit 1
fi
WORK=$(mktemp -d /tmp/cordon-kill-loop.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
export CORDON_DATA_DIR=$WORK/data
# Keychain-free: no session bus, so nothing here can touch a real keychain.
unset DBUS_SESSION_BUS_ADDRESS
mkdir -p "$WORK/out" "$WORK/acked"

PASS=("kill loop passphrase one" "kill loop passphrase two")
CUR=0 # index of the passphrase in force

cordon() { CORDON_PASSPHRASE=${PASS[$CUR]} "$BIN" "$@"; }
die() { echo "kill-loop: $*" >&2; exit 1; }

cordon demo >/dev/null || die "cannot seed the demo workspace"
CLIENT=$(cordon clients list --json | jq -r '.[0].id')
INCIDENT=$(cordon incidents list --client "$CLIENT" --json | jq -r '.items[0].id // .[0].id')
PLAN=$(cordon plans list --client "$CLIENT" --json | jq -r '[.[] | select(.status == "approved")][0].id')
EXERCISE=$(cordon exercises list --json | jq -r '.[0].id')
for v in CLIENT INCIDENT PLAN EXERCISE; do
  [ -n "${!v}" ] && [ "${!v}" != null ] || die "the demo workspace has no $v to write to"
done
cordon exercises start "$EXERCISE" >/dev/null 2>&1 || true

KINDS=(timeline asset review note export rekey)

# Starts writer $1 of kind $2 in the background; sets PID and TOKEN. The background job is
# the cordon process itself (a simple command, no subshell around it), so SIGKILL reaches the
# writer and not a shell that would leave it running on behind the checks.
start_writer() {
  local i=$1 kind=$2 args
  TOKEN="kill-$kind-$i"
  case $kind in
    timeline) args=(incidents timeline add "$INCIDENT" --kind observation --text "$TOKEN") ;;
    asset)
      printf 'name,criticality\n%s,3\n' "$TOKEN" >"$WORK/$TOKEN.csv"
      args=(assets import --client "$CLIENT" "$WORK/$TOKEN.csv") ;;
    review) args=(plans review "$PLAN" --by "Kill Loop" --summary "$TOKEN") ;;
    note) args=(exercises log "$EXERCISE" "$TOKEN") ;;
    export) args=(report plan "$PLAN" -o "$WORK/out/$TOKEN.pdf") ;;
    rekey) args=(key change-passphrase) ;;
  esac
  CORDON_PASSPHRASE=${PASS[$CUR]} CORDON_NEW_PASSPHRASE=${PASS[$((1 - CUR))]} \
    "$BIN" "${args[@]}" >"$WORK/last.out" 2>&1 &
  PID=$!
}

# After a killed re-key, whichever passphrase opens the workspace is the one in force.
settle_passphrase() {
  CUR=$((1 - CUR))
  cordon doctor --json >/dev/null 2>&1 && return 0
  CUR=$((1 - CUR))
  cordon doctor --json >/dev/null 2>&1
}

# How long each kind runs unkilled, in ms: kills land anywhere in that span (and a little
# after, so some writers finish and are acknowledged).
declare -A SPAN
for kind in "${KINDS[@]}"; do
  t0=$(date +%s%N)
  start_writer 0 "$kind"
  wait "$PID" || die "a $kind writer failed unkilled: $(cat "$WORK/last.out")"
  [ "$kind" = rekey ] && CUR=$((1 - CUR))
  echo "$TOKEN" >>"$WORK/acked/$kind"
  SPAN[$kind]=$(( ($(date +%s%N) - t0) / 1000000 ))
done
echo "writer spans (ms): $(for k in "${KINDS[@]}"; do printf '%s=%s ' "$k" "${SPAN[$k]}"; done)"

corrupt=0 lost=0 midrun=0
for ((i = 1; i <= N; i++)); do
  kind=${KINDS[$((RANDOM % ${#KINDS[@]}))]}
  span=${SPAN[$kind]}
  delay=$((RANDOM * (span * 12 / 10 + 1) / 32768))
  start_writer "$i" "$kind"
  printf -v pause '%d.%03d' $((delay / 1000)) $((delay % 1000))
  sleep "$pause"
  kill -KILL "$PID" 2>/dev/null
  wait "$PID" 2>/dev/null
  rc=$?
  if [ $rc -eq 0 ]; then
    echo "$TOKEN" >>"$WORK/acked/$kind"
    [ "$kind" = rekey ] && CUR=$((1 - CUR))
  else
    midrun=$((midrun + 1))
  fi
  if [ "$kind" = rekey ] && [ $rc -ne 0 ]; then
    settle_passphrase || true
  fi
  if ! report=$(cordon doctor --json 2>&1) ||
    [ "$(jq -r '.integrity + " " + (.tables_match_op_log | tostring)' <<<"$report" 2>/dev/null)" != "ok true" ]; then
    corrupt=$((corrupt + 1))
    echo "kill $i ($kind after ${delay} ms): the workspace is not sound: $report" >&2
  fi
done
echo "$midrun of $N writers were killed mid-run; $((N - midrun)) had finished and were acknowledged"

# Every acknowledged write must be there.
missing() { # kind, text that must contain each token
  local kind=$1 text=$2 tok
  [ -f "$WORK/acked/$kind" ] || return 0
  while read -r tok; do
    grep -qF -- "$tok" <<<"$text" || { echo "lost: $tok" >&2; lost=$((lost + 1)); }
  done <"$WORK/acked/$kind"
}
missing timeline "$(cordon incidents show "$INCIDENT" --json)"
missing asset "$(cordon assets list --client "$CLIENT" --json)"
missing review "$(cordon plans show "$PLAN" --json)"
missing note "$(cordon exercises show "$EXERCISE" --json)"
while read -r tok; do
  head -c 5 "$WORK/out/$tok.pdf" 2>/dev/null | grep -q '%PDF-' || { echo "lost: $tok" >&2; lost=$((lost + 1)); }
done <"$WORK/acked/export"
# The last acknowledged re-key is the passphrase in force: the workspace opens with it alone.
cordon doctor >/dev/null 2>&1 || { echo "lost: the acknowledged passphrase does not open the workspace" >&2; lost=$((lost + 1)); }
# Killed exports leave no .part once Cordon has started again (every command above did); one
# that survives counts as corrupt: a half-written file is left where the user saves reports.
for part in "$WORK"/out/*.part; do
  [ -e "$part" ] || continue
  echo "stale export file survived: $part" >&2
  corrupt=$((corrupt + 1))
done

echo "$N kills, $corrupt corrupt, $lost lost"
[ "$corrupt" -eq 0 ] && [ "$lost" -eq 0 ]
