#!/usr/bin/env bash
# API contract test: starts Baton in local mode on free ports with a throwaway data folder, then runs
# schemathesis against its own OpenAPI document (/api/openapi.json). Fails on any 5xx, any response
# whose status, content type, headers or body the document does not describe.
#
#   bash test/contract/run-schemathesis.sh        (or: npm run test:contract)
#
# A second pass covers the customer portal's routes (/api/portal/...) with a portal session: the
# script starts a handoff, invites a contact (local mode catches the mail in the data folder), signs
# in with the link's secret and runs schemathesis on those routes with that session's token.
#
# Reports: test-output/schemathesis/ (junit.xml, schemathesis.log = the console output, baton.log;
# portal-junit.xml and portal-schemathesis.log for the portal pass).
# Knobs (environment): SCHEMATHESIS_MAX_EXAMPLES (default 50 per operation), SCHEMATHESIS_SEED (to
# replay a run; the seed is printed), SCHEMATHESIS_TAG (only the operations of one OpenAPI tag, e.g.
# "Customer portal"), SCHEMATHESIS_WORKERS (default 1), PYTHON (default python3),
# BATON_CACHE_DIR (where the schemathesis venv is kept).
set -euo pipefail
cd "$(dirname "$0")/../.."

SCHEMATHESIS_VERSION=4.32.5
CHECKS=not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance,response_headers_conformance
PHASES=examples,coverage,fuzzing,stateful
MAX_EXAMPLES=${SCHEMATHESIS_MAX_EXAMPLES:-50}
# One worker: with two threads CPython 3.11 kept crashing inside its ast module (gh-106905) on this schema.
WORKERS=${SCHEMATHESIS_WORKERS:-1}
READY_TIMEOUT_S=180
RUN_TIMEOUT_S=${SCHEMATHESIS_TIMEOUT_S:-900}

CACHE_DIR=${BATON_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/baton}
VENV=$CACHE_DIR/schemathesis-venv
REPORT_DIR=test-output/schemathesis

log() { printf '[contract] %s\n' "$*"; }

# --- schemathesis, pinned, in a venv outside the clone ------------------------------------------
if [ "$("$VENV/bin/st" --version 2>/dev/null || true)" != "st, version $SCHEMATHESIS_VERSION" ]; then
  log "installing schemathesis $SCHEMATHESIS_VERSION into $VENV"
  mkdir -p "$CACHE_DIR"
  "${PYTHON:-python3}" -m venv --clear "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi
"$VENV/bin/st" --version

# --- Baton on free ports, with a temporary data folder -----------------------------------------
# Three distinct free ports (API, Temporal frontend, Temporal UI); never the defaults 3000/7233/8233.
read -r PORT TEMPORAL_PORT UI_PORT < <("$VENV/bin/python" - <<'EOF'
import socket
avoid = {3000, 7233, 8233}
sockets, ports = [], []
while len(ports) < 3:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    sockets.append(s)
    if s.getsockname()[1] not in avoid:
        ports.append(s.getsockname()[1])
print(*ports)
for s in sockets:
    s.close()
EOF
)

DATA_DIR=$(mktemp -d "${TMPDIR:-/tmp}/baton-contract.XXXXXX")
# Run as root, the embedded PostgreSQL runs as the OS user postgres, which must be able to enter the folder.
chmod 755 "$DATA_DIR"
rm -rf "$REPORT_DIR"
mkdir -p "$REPORT_DIR"
SERVER_LOG=$REPORT_DIR/baton.log
BATON_PID= ST_PID= TAIL_PID=

stop_baton() {
  local status=$?
  trap - EXIT INT TERM
  if [ -n "$ST_PID" ]; then kill -TERM "$ST_PID" 2>/dev/null || true; wait "$ST_PID" 2>/dev/null || true; fi
  if [ -n "$TAIL_PID" ]; then kill -TERM "$TAIL_PID" 2>/dev/null || true; fi
  if [ -n "$BATON_PID" ] && kill -0 "$BATON_PID" 2>/dev/null; then
    log "stopping Baton (pid $BATON_PID)"
    kill -TERM "$BATON_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$BATON_PID" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$BATON_PID" 2>/dev/null; then
      log "Baton did not stop within 30 s; killing its process group"
      kill -KILL -- "-$BATON_PID" 2>/dev/null || true
    fi
  fi
  # Anything Baton started and left behind (its process group is ours alone).
  if [ -n "$BATON_PID" ]; then kill -KILL -- "-$BATON_PID" 2>/dev/null || true; fi
  rm -rf "$DATA_DIR"
  exit "$status"
}
trap stop_baton EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log "starting Baton: API :$PORT, Temporal :$TEMPORAL_PORT, UI :$UI_PORT, data $DATA_DIR"
# setsid: its own process group, so whatever it spawns can be cleaned up even if it crashes.
PORT=$PORT TEMPORAL_DEV_SERVER_PORT=$TEMPORAL_PORT TEMPORAL_UI_PORT=$UI_PORT BATON_DATA_DIR=$DATA_DIR \
  LOG_LEVEL=warn RATE_LIMIT_PER_MINUTE=100000 RATE_LIMIT_FAILED_AUTH_PER_MINUTE=100000 \
  setsid node --import tsx bin/start.ts >"$SERVER_LOG" 2>&1 </dev/null &
BATON_PID=$!

deadline=$(( $(date +%s) + READY_TIMEOUT_S ))
until grep -q 'Baton is ready' "$SERVER_LOG"; do
  if ! kill -0 "$BATON_PID" 2>/dev/null || [ "$(date +%s)" -ge "$deadline" ]; then
    log "Baton did not become ready within ${READY_TIMEOUT_S} s; last lines of its log:"
    tail -n 60 "$SERVER_LOG" >&2 || true
    exit 1
  fi
  sleep 1
done
log "$(grep 'Baton is ready' "$SERVER_LOG")"

BASE=http://127.0.0.1:$PORT
# An admin token from the development login (local mode), so every operation is reachable.
if ! TOKEN=$(curl -fsS -X POST "$BASE/api/dev/login" -H 'content-type: application/json' \
  -d '{"subject":"schemathesis@contract","roles":["admin"],"regions":[]}' |
  "$VENV/bin/python" -c 'import json, sys; print(json.load(sys.stdin)["token"])'); then
  log "could not get a token from POST $BASE/api/dev/login"
  exit 1
fi

# --- schemathesis ------------------------------------------------------------------------------
args=(
  run "$BASE/api/openapi.json"
  --header "Authorization: Bearer $TOKEN"
  --checks "$CHECKS"
  --phases "$PHASES"
  --max-examples "$MAX_EXAMPLES"
  --workers "$WORKERS"
  --request-timeout 30
  --generation-database none
  --report junit --report-junit-path "$REPORT_DIR/junit.xml"
  --no-color
)
if [ -n "${SCHEMATHESIS_SEED:-}" ]; then args+=(--seed "$SCHEMATHESIS_SEED"); fi
if [ -n "${SCHEMATHESIS_TAG:-}" ]; then args+=(--include-tag "$SCHEMATHESIS_TAG"); fi

log "st ${args[*]/Bearer */Bearer ***}"
ST_LOG=$REPORT_DIR/schemathesis.log
run_schemathesis() {
  local args=("$@")
  # In the background with `wait`, so a SIGINT/SIGTERM to this script stops it (and Baton) at once.
  # Its console goes to the log file only: it ends on a pytest-style banner ("== 2 warnings in 129s
  # ==") that CI's reader takes for a pytest run that executed no test. SCHEMATHESIS_VERBOSE=1 streams it.
  timeout --signal=INT --kill-after=30 "$RUN_TIMEOUT_S" "$VENV/bin/st" "${args[@]}" >"$ST_LOG" 2>&1 </dev/null &
  ST_PID=$!
  if [ -n "${SCHEMATHESIS_VERBOSE:-}" ]; then
    tail -n +1 -f --pid="$ST_PID" "$ST_LOG" &
    TAIL_PID=$!
  fi
  st_status=0
  wait "$ST_PID" || st_status=$?
  if [ -n "$TAIL_PID" ]; then wait "$TAIL_PID" || true; fi
  ST_PID= TAIL_PID=
}
run_twice_if_crashed() {
  run_schemathesis "$@"
# CPython 3.11 can raise "SystemError: AST constructor recursion depth mismatch" inside Hypothesis
# while it merely describes a filter, deep in schemathesis' schema walk: the tool crashed, no check
# ran or failed. Such a run (errors of that kind only, no failures) is run again, once.
if [ "$st_status" -ne 0 ] && grep -q 'AST constructor recursion depth mismatch' "$ST_LOG" && ! grep -q '= FAILURES =' "$ST_LOG"; then
  log "schemathesis crashed inside CPython's ast module (not an API failure); running it again once"
  cp "$ST_LOG" "$REPORT_DIR/schemathesis-crashed.log"
  run_schemathesis "$@"
fi
}
run_twice_if_crashed "${args[@]}"
staff_status=$st_status

# --- the customer portal's routes, with a portal session -----------------------------------------
# A handoff with an invited contact; the secret comes from the mail local mode caught.
portal_status=0
if [ -z "${SCHEMATHESIS_TAG:-}" ] || [ "$SCHEMATHESIS_TAG" = "Customer portal" ]; then
  auth=(-H "Authorization: Bearer $TOKEN" -H 'content-type: application/json')
  # The staff pass, an admin, may have left random values in the kept lists; emptied, they take any value again.
  for list in regions industries products lead-channels; do
    curl -fsS -o /dev/null -X PUT "$BASE/api/reference-lists/$list" "${auth[@]}" -d '{"values":[]}'
  done
  CASE_ID=$(curl -fsS -X POST "$BASE/api/handoffs" "${auth[@]}" -d '{"account":"contract-portal","opportunity":"OPP-1",
    "region":"east","amount":1000,"salesOwner":"sam@east.example","prefill":{"requirements":"SSO"}}' |
    "$VENV/bin/python" -c 'import json, sys; print(json.load(sys.stdin)["handoffId"])')
  ENCODED=$("$VENV/bin/python" -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$CASE_ID")
  curl -fsS -o /dev/null -X POST "$BASE/api/handoffs/$ENCODED/portal-invitations" "${auth[@]}" \
    -d '{"name":"Li Wei","email":"li.wei@contract.example","language":"zh"}'
  SECRET=$(grep -rhoE 'invite=bpi_[A-Za-z0-9_-]+' "$DATA_DIR/mail" | head -n 1 | cut -d= -f2)
  PORTAL_TOKEN=$(curl -fsS -X POST "$BASE/api/portal/sign-in" -H 'content-type: application/json' \
    -d "{\"invitation\":\"$SECRET\"}" | "$VENV/bin/python" -c 'import json, sys; print(json.load(sys.stdin)["token"])')
  portal_args=("${args[@]}")
  portal_args[3]="Authorization: Bearer $PORTAL_TOKEN"
  portal_args=("${portal_args[@]/$REPORT_DIR\/junit.xml/$REPORT_DIR/portal-junit.xml}")
  # Signing out would end the session half way through; the integration tests cover it.
  portal_args+=(--include-path-regex '^/api/portal/' --exclude-operation-id signOutOfPortal)
  log "portal pass on $CASE_ID: st ${portal_args[*]/Bearer */Bearer ***}"
  staff_log=$ST_LOG
  ST_LOG=$REPORT_DIR/portal-schemathesis.log
  run_twice_if_crashed "${portal_args[@]}"
  portal_status=$st_status
  sed -n '/^API Operations:/,/^Seed:/p' "$ST_LOG" | sed 's/^/  [portal] /'
  if [ "$portal_status" -ne 0 ]; then
    log "the portal pass failed; the end of its console (full: $ST_LOG):"
    grep -v '^=\+ .* =\+$' "$ST_LOG" | tail -n 80 | cut -c1-2000 || true
  fi
  ST_LOG=$staff_log
fi
st_status=$staff_status

if ! kill -0 "$BATON_PID" 2>/dev/null; then
  log "Baton is no longer running; last lines of its log:"
  tail -n 60 "$SERVER_LOG" | cut -c1-2000 || true
  [ "$st_status" -ne 0 ] || st_status=1
fi
if grep -qE '"level":(50|60)' "$SERVER_LOG"; then
  log "Baton logged errors during the run (full log: $SERVER_LOG); the first ones:"
  "$VENV/bin/python" - "$SERVER_LOG" <<'EOF' || true
import json, sys
shown = 0
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    if shown >= 10 or not line.startswith("{"):
        continue
    try:
        entry = json.loads(line)
    except ValueError:
        continue
    if entry.get("level", 0) < 50 or entry.get("msg") == "request errored":
        continue
    err = entry.get("err") or {}
    message = " ".join(str(err.get("message", "")).split())[-300:]
    print(f"  {entry.get('msg')} {entry.get('method', '')} {entry.get('url', '')} request {entry.get('requestId', '-')}: {err.get('type', '')}: {message}")
    shown += 1
EOF
fi
# Its own summary, without the banner lines (see run_schemathesis).
sed -n '/^API Operations:/,/^Seed:/p' "$ST_LOG" | sed 's/^/  /'
if [ "$st_status" -ne 0 ]; then
  log "schemathesis failed; the end of its console (full: $ST_LOG):"
  grep -v '^=\+ .* =\+$' "$ST_LOG" | tail -n 80 | cut -c1-2000 || true
fi
if [ "$st_status" -eq 124 ]; then log "schemathesis ran past ${RUN_TIMEOUT_S} s and was stopped"; fi
log "schemathesis exit code $st_status (portal pass $portal_status); reports in $REPORT_DIR/"
[ "$st_status" -ne 0 ] || st_status=$portal_status
exit "$st_status"
