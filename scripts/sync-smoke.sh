#!/usr/bin/env bash
# The sync story end to end, with real parts: a cordon-server process on a free loopback port
# (SQLite, or with --postgres a throwaway PostgreSQL cluster this script starts itself), and two
# laptops' workspaces driven through the `cordon` CLI. Prints what it proved; exits non-zero at
# the first thing that does not hold.
#
#   scripts/sync-smoke.sh            # SQLite storage
#   scripts/sync-smoke.sh --postgres # PostgreSQL storage (initdb + pg_ctl, as postgres when root)
set -euo pipefail

ENGINE=sqlite
[ "${1:-}" = "--postgres" ] && ENGINE=postgres
TARGET="${CARGO_TARGET_DIR:-target}"
BIN="${CORDON_BIN:-$TARGET/debug/cordon}"
SRV="${CORDON_SERVER_BIN:-$TARGET/debug/cordon-server}"
BIN="$(realpath "$BIN")"; SRV="$(realpath "$SRV")"
W="$(mktemp -d /tmp/cordon-sync-smoke.XXXXXX)"
chmod 755 "$W"
export CORDON_PASSPHRASE="smoke-test-passphrase"
SERVER_PID=""
PG_DIR=""

as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"

cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  [ -n "$PG_DIR" ] && as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  if [ -n "${CORDON_SMOKE_KEEP:-}" ]; then echo "sync-smoke: kept $W" >&2; else rm -rf "$W"; fi
}
trap cleanup EXIT

fail() { echo "sync-smoke ($ENGINE): FAILED: $*" >&2; exit 1; }
proved() { echo "  ok  $*"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

if [ "$ENGINE" = postgres ]; then
  [ -x "$PG_BIN/initdb" ] || fail "PostgreSQL is not installed (scripts/setup-debian.sh installs it)"
  PG_DIR="$W/pg"; mkdir -p "$PG_DIR"; chmod 777 "$PG_DIR"
  PG_PORT="$(free_port)"
  as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust >/dev/null
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1" start >/dev/null
  STORE=(--database-url "postgres://postgres@127.0.0.1:$PG_PORT/postgres")
else
  STORE=(--data "$W/server")
fi

start_server() { # [port]: the same port again after a restart, since laptops keep the URL
  rm -f "$W/port"
  "$SRV" "${STORE[@]}" --listen "127.0.0.1:${1:-0}" --port-file "$W/port" 2>>"$W/server.log" &
  SERVER_PID=$!
  for _ in $(seq 100); do [ -s "$W/port" ] && break; sleep 0.05; done
  [ -s "$W/port" ] || fail "the server did not start: $(cat "$W/server.log")"
  URL="http://127.0.0.1:$(cat "$W/port")"
}
start_server
echo "sync-smoke ($ENGINE): server at $URL"

A() { CORDON_DATA_DIR="$W/a" "$BIN" "$@"; }
B() { CORDON_DATA_DIR="$W/b" "$BIN" "$@"; }
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

# --- A team, the admin's laptop A (demo data), laptop B (empty) ----------------------------
INVITE="$("$SRV" admin create-team "${STORE[@]}" --name "Smoke MSP" --json | json '["invite"]')"
A demo >/dev/null
A sync join --server "$URL" --invite "$INVITE" --device-name "Laptop A" --json >"$W/a-join.json"
[ "$(json '["admin"]' <"$W/a-join.json")" = True ] || fail "the first device is not the admin"
A sync --json >"$W/a-sync.json"
[ "$(json '["known"]' <"$W/a-sync.json")" = 0 ] || fail "A pulled its own batches back after pushing them"
proved "A (demo, $(A doctor --json | json '["op_count"]') ops) joined as admin and pushed $(json '["pushed"]' <"$W/a-sync.json") ops"

B init >/dev/null
B_INVITE="$(A sync invite --json | json '["code"]')"
B sync join --server "$URL" --invite "$B_INVITE" --device-name "Laptop B" --json >"$W/b-join.json"
B_DEV="$(json '["device"]' <"$W/b-join.json")"; B_FP="$(json '["fingerprint"]' <"$W/b-join.json")"
set +e; A sync approve "$B_DEV" --fingerprint "abandon ability able about above absent" --clients all 2>"$W/err"; rc=$?; set -e
[ "$rc" = 2 ] && grep -q "do not approve" "$W/err" || fail "a wrong fingerprint was not refused (exit $rc)"
proved "a wrong fingerprint is refused: $(head -c 90 "$W/err")…"
A sync approve "$B_DEV" --fingerprint "$B_FP" --clients all >/dev/null
B sync --json >"$W/b-sync.json"
proved "B joined with A's invitation, A approved its fingerprint, B pulled $(json '["pulled"]' <"$W/b-sync.json") ops"

# --- Equal on both -------------------------------------------------------------------------
same() { # [X Y]: two laptops, A and B unless named
  local X="${1:-A}" Y="${2:-B}"
  for q in ransomware phishing backup "domain admin" Brightwater; do
    [ "$($X search "$q" --json)" = "$($Y search "$q" --json)" ] || fail "search '$q' differs between $X and $Y"
  done
  IDS="$($X incidents list --json | python3 -c 'import json,sys; print(" ".join(i["id"] for i in json.load(sys.stdin)["items"]))')"
  for id in $IDS; do
    a="$($X incidents show "$id" --json | python3 -c 'import json,sys; v=json.load(sys.stdin); print(json.dumps({k: v[k] for k in ("incident","timeline","chain")}, sort_keys=True))')"
    b="$($Y incidents show "$id" --json | python3 -c 'import json,sys; v=json.load(sys.stdin); print(json.dumps({k: v[k] for k in ("incident","timeline","chain")}, sort_keys=True))')"
    [ "$a" = "$b" ] || fail "incident $id differs between $X and $Y"
  done
  N_INC=$(echo $IDS | wc -w)
  for w in $X $Y; do $w doctor --json >/dev/null || fail "doctor fails on $w"; done
}
same
proved "search and all $N_INC incidents are equal on A and B; doctor passes on both"

# --- Both work the same incident offline, then sync twice ---------------------------------
ID="$(A incidents list --open --json | python3 -c '
import json,sys
items=json.load(sys.stdin)["items"]
print(next(i["id"] for i in items if i["phase"] in ("detected","analysing","contained")))')"
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
A incidents timeline add "$ID" --kind observation --text "Laptop A offline: beaconing to 203.0.113.7" >/dev/null
A incidents move "$ID" --phase recovered >/dev/null
B incidents timeline add "$ID" --kind observation --text "Laptop B offline: file server isolated" >/dev/null
B incidents move "$ID" --phase eradicated >/dev/null
set +e; A sync 2>"$W/err"; rc=$?; set -e
[ "$rc" = 1 ] && grep -q "cannot reach the sync server" "$W/err" || fail "an unreachable server was not a clear failure (exit $rc)"
[ "$(A sync status --json | json '["waiting"]')" -gt 0 ] || fail "offline changes are not counted as waiting"
proved "offline: sync exits 1 naming the unreachable server; $(A sync status --json | json '["waiting"]') changes wait on A"
start_server "${URL##*:}"
for round in 1 2; do A sync >/dev/null; B sync >/dev/null; done
A sync >/dev/null
same
for w in A B; do $w incidents verify "$ID" >/dev/null || fail "the timeline of $ID does not verify on $w"; done
[ "$(A sync status --json | json '["waiting"]')" = 0 ] || fail "changes still wait on A after syncing"
proved "both edited incident $ID offline; after two syncs each it is equal on A and B and its chain verifies on both"

# --- The server holds no plaintext ---------------------------------------------------------
NEEDLES=("Laptop A offline" "file server isolated" "203.0.113.7" "Brightwater")
while IFS= read -r name; do NEEDLES+=("$name"); done < <(A clients list --json | python3 -c 'import json,sys; [print(c["name"]) for c in json.load(sys.stdin)]')
for cid in $(A clients list --json | python3 -c 'import json,sys; [print(c["id"]) for c in json.load(sys.stdin)]'); do NEEDLES+=("$cid"); done
if [ "$ENGINE" = postgres ]; then
  as_pg "$PG_BIN/pg_dump" -h 127.0.0.1 -p "$PG_PORT" -U postgres postgres >"$W/dump.sql"
  HAYSTACK=("$W/dump.sql" "$PG_DIR/data")
else
  HAYSTACK=("$W/server")
fi
[ "$(grep -c batches "${HAYSTACK[0]}" 2>/dev/null || echo 1)" != 0 ] || true
for n in "${NEEDLES[@]}"; do
  if grep -a -r -q -F -- "$n" "${HAYSTACK[@]}"; then fail "the server's storage holds '$n' in plaintext"; fi
done
proved "grep -a finds none of ${#NEEDLES[@]} client names, client ids and timeline texts in the server's storage${PG_DIR:+ (pg_dump and the files of the cluster)}"

# --- Revocation ----------------------------------------------------------------------------
A sync revoke "$B_DEV" >"$W/revoke.txt"
A incidents timeline add "$ID" --kind observation --text "After the revocation: rotate the VPN keys" >/dev/null
A sync >/dev/null
set +e; B sync 2>"$W/err"; rc=$?; set -e
[ "$rc" = 1 ] && grep -q "revoked" "$W/err" || fail "a revoked device's sync did not exit 1 naming the revocation (exit $rc)"
B search "rotate the VPN keys" --json | grep -q "After the revocation" && fail "A's change after the revocation reached B"
proved "after revoking B ($(cat "$W/revoke.txt" | head -c 80)…): B's sync exits 1 ('$(head -c 60 "$W/err")…') and A's next change never reaches B"

# --- The admin laptop is lost: the recovery phrase brings everything back -----------------
PHRASE="$(json '["recovery_phrase"]' <"$W/a-join.json")"
[ "$(echo "$PHRASE" | wc -w)" = 24 ] || fail "the admin was not given a 24-word recovery phrase"
R() { CORDON_DATA_DIR="$W/r" "$BIN" "$@"; }
R init >/dev/null
ADMIN_INVITE="$("$SRV" admin invite "${STORE[@]}" --team "Smoke MSP" --admin --json | json '["invite"]')"
set +e; echo "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon art" \
  | R sync recover --server "$URL" --invite "$ADMIN_INVITE" --device-name "Replacement" 2>"$W/err"; rc=$?; set -e
[ "$rc" = 2 ] && grep -q "not this team's recovery phrase" "$W/err" || fail "a wrong recovery phrase was not refused (exit $rc)"
echo "$PHRASE" | R sync recover --server "$URL" --invite "$ADMIN_INVITE" --device-name "Replacement" >/dev/null
R sync >/dev/null
same A R
proved "a replacement laptop given the 24 words (a wrong phrase refused first, invitation kept) re-opened every key and holds what A holds"

# --- A sync killed halfway resumes, nothing duplicated -------------------------------------
S() { CORDON_DATA_DIR="$W/s" "$BIN" "$@"; }
T() { CORDON_DATA_DIR="$W/t" "$BIN" "$@"; }
INVITE2="$("$SRV" admin create-team "${STORE[@]}" --name "Scale MSP" --json | json '["invite"]')"
S demo --scale medium >/dev/null 2>&1
S sync join --server "$URL" --invite "$INVITE2" --device-name "Scale admin" >/dev/null
t0=$(date +%s.%N); S sync >/dev/null; t1=$(date +%s.%N)
TOTAL="$(S doctor --json | json '["op_count"]')"
T init >/dev/null
T sync join --server "$URL" --invite "$(S sync invite --json | json '["code"]')" --device-name "Scale B" --json >"$W/t-join.json"
S sync approve "$(json '["device"]' <"$W/t-join.json")" --fingerprint "$(json '["fingerprint"]' <"$W/t-join.json")" --clients all >/dev/null
HALF=0
for delay in 1 2 4 8; do
  # The binary itself, not the T function: SIGKILL must hit the process that is pulling.
  CORDON_DATA_DIR="$W/t" "$BIN" sync >/dev/null 2>&1 & PID=$!
  sleep "$delay"; kill -9 "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true
  HALF="$(T doctor --json | json '["op_count"]')" || fail "doctor fails on T after a sync killed at ${delay} s: $(T doctor 2>&1 | tail -5)"
  if [ "$HALF" -gt 0 ] && [ "$HALF" -lt "$TOTAL" ]; then break; fi
  [ "$HALF" = "$TOTAL" ] && fail "could not kill the pull halfway (it finished in under ${delay} s); use a larger --scale"
done
[ "$HALF" -gt 0 ] && [ "$HALF" -lt "$TOTAL" ] || fail "the killed sync left $HALF of $TOTAL ops"
t2=$(date +%s.%N); T sync --json >"$W/t-sync.json"; t3=$(date +%s.%N)
[ "$(T doctor --json | json '["op_count"]')" = "$TOTAL" ] || fail "after resuming, T holds a different number of ops than S"
[ "$(json '["known"]' <"$W/t-sync.json")" = 0 ] || fail "the resumed sync applied a batch twice"
T doctor >/dev/null || fail "doctor fails on T after the killed sync"
for q in ransomware phishing; do [ "$(S search "$q" --json)" = "$(T search "$q" --json)" ] || fail "search '$q' differs between S and T"; done
echo "      (debug build: first upload of $TOTAL ops $(python3 -c "print(round($t1-$t0,1))") s; the resumed pull of $((TOTAL-HALF)) $(python3 -c "print(round($t3-$t2,1))") s)"
proved "a pull of $TOTAL ops killed with SIGKILL at $HALF resumed to $TOTAL, no batch applied twice, doctor passes, search equal"

echo "sync-smoke ($ENGINE): all proved"
