#!/usr/bin/env bash
# Property-based API testing (issue 9 §5): schemathesis generates requests
# from /api/v1/openapi.json and checks every answer: no 5xx, no status the
# document does not list, and every body valid against its schema.
#
# It starts a throw-away `tongban demo` (the debug binary `cargo test` has
# built; built here when missing) on a free port with a temporary data
# directory, signs in as an applicant (phone + one-time code from the
# server log) and as staff (the demo accounts), runs schemathesis once per
# identity with a fixed seed, stops the server and exits non-zero on any
# failure. Called at the end of scripts/test.sh; run it alone with
#   ./scripts/schemathesis.sh
# Environment: SCHEMATHESIS_EXAMPLES (default 20 per operation),
# SCHEMATHESIS_SEED (default 20261127), SCHEMATHESIS_USERS (default
# "applicant admin.sd qihe.clerk").
set -euo pipefail
cd "$(dirname "$0")/.."

SCHEMATHESIS_VERSION=4.32.5
examples="${SCHEMATHESIS_EXAMPLES:-20}"
seed="${SCHEMATHESIS_SEED:-20261127}"
users="${SCHEMATHESIS_USERS:-applicant admin.sd qihe.clerk}"
staff_password='Tongban#2026'

export PIP_BREAK_SYSTEM_PACKAGES=1
if ! command -v schemathesis >/dev/null 2>&1 ||
  [ "$(schemathesis --version 2>/dev/null | awk '{print $NF}')" != "$SCHEMATHESIS_VERSION" ]; then
  echo "==> pip install schemathesis==$SCHEMATHESIS_VERSION (property-based API tests)"
  python3 -m pip install -q --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
  hash -r
fi

binary="${CARGO_TARGET_DIR:-target}/debug/tongban"
if [ ! -x "$binary" ]; then
  echo "==> cargo build -p tongban (debug)"
  cargo build -p tongban --locked
fi

work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
log="$work/server.log"
echo "==> schemathesis: tongban demo on $base (data in $work)"
(cd "$work" && exec "$OLDPWD/$binary" demo --addr "127.0.0.1:$port" --data "$work/data") >"$log" 2>&1 &
server_pid=$!

for _ in $(seq 1 120); do
  curl -fsS "$base/healthz" >/dev/null 2>&1 && break
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "the demo server exited:" >&2
    tail -20 "$log" >&2
    exit 1
  fi
  sleep 0.5
done
curl -fsS "$base/healthz" >/dev/null

# The login forms' CSRF token: the tb_csrf cookie the login page sets.
csrf_of() {
  awk '$6 == "tb_csrf" { print $7 }' "$1"
}

session_of() {
  awk '$6 == "tb_session" { print $7 }' "$1"
}

# Signs in and prints the session cookie's value.
sign_in() {
  local who="$1" jar="$work/cookies-$1"
  curl -fsS -c "$jar" -b "$jar" "$base/login" >/dev/null
  local csrf
  csrf="$(csrf_of "$jar")"
  if [ "$who" = applicant ]; then
    local phone=13800000001
    curl -fsS -o /dev/null -c "$jar" -b "$jar" "$base/login/code" \
      --data-urlencode "_csrf=$csrf" --data-urlencode "next=/" --data-urlencode "phone=$phone"
    local code=""
    for _ in $(seq 1 20); do
      code="$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -o '一次性验证码 [0-9]\{6\}' | tail -1 | awk '{print $2}')"
      [ -n "$code" ] && break
      sleep 0.2
    done
    curl -fsS -o /dev/null -c "$jar" -b "$jar" "$base/login/applicant" \
      --data-urlencode "_csrf=$csrf" --data-urlencode "next=/" \
      --data-urlencode "phone=$phone" --data-urlencode "code=$code"
  else
    curl -fsS -o /dev/null -c "$jar" -b "$jar" "$base/login" \
      --data-urlencode "_csrf=$csrf" --data-urlencode "next=/" \
      --data-urlencode "username=$who" --data-urlencode "password=$staff_password"
  fi
  session_of "$jar"
}

failed=()
started=$SECONDS
for who in $users; do
  session="$(sign_in "$who")"
  if [ -z "$session" ]; then
    echo "could not sign in as $who" >&2
    exit 1
  fi
  echo "==> schemathesis as $who: $examples examples per operation, seed $seed"
  if ! (cd "$work" && schemathesis run "$base/api/v1/openapi.json" \
    --header "Cookie: tb_session=$session" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --max-examples "$examples" \
    --seed "$seed" \
    --generation-database none \
    --workers 2 \
    --request-timeout 30 \
    --continue-on-failure \
    --no-color); then
    failed+=("$who")
  fi
done
echo "==> schemathesis took $((SECONDS - started)) s"

if grep -q 'panicked' "$log"; then
  echo "the server panicked during the run:" >&2
  grep -A5 'panicked' "$log" >&2
  failed+=(panic)
fi
if [ ${#failed[@]} -gt 0 ]; then
  echo "schemathesis found failures (as: ${failed[*]})" >&2
  exit 1
fi
echo "==> schemathesis passed for: $users"
