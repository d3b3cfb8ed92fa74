#!/usr/bin/env bash
# The whole test suite: the README's test command, and what .ci/run calls.
#
# It first installs what a fresh Debian machine lacks (PostgreSQL server
# binaries, for the throw-away clusters the store tests start), when it can:
# as root with apt-get; and the Python reference packages, with pip. Then it runs every test of the workspace, against
# both SQLite and PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."

have_initdb() {
  command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1
}

missing=()
have_initdb || missing+=(postgresql)

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "==> installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
  elif [ -z "${TONGBAN_TEST_PG_URL:-}" ]; then
    echo "missing system packages: ${missing[*]}" >&2
    echo "install them (sudo apt-get install -y ${missing[*]}) or set TONGBAN_TEST_PG_URL" >&2
    exit 1
  fi
fi

# Python reference implementations the tests compare against.
if ! python3 -c 'import chinese_calendar' >/dev/null 2>&1; then
  echo "==> pip install chinese-calendar (reference for the working-day calendar)"
  python3 -m pip install -q --disable-pip-version-check chinese-calendar==1.11.0
fi

echo "==> cargo test --workspace (store conformance runs on SQLite and PostgreSQL)"
cargo test --workspace --locked "$@"
