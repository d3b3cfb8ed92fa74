#!/usr/bin/env bash
# The whole test suite: the README's test command, and what .ci/run calls.
#
# It first installs what a fresh Debian machine lacks, when it can (as root,
# with apt-get):
#   - PostgreSQL server binaries, for the throw-away clusters the store tests start;
#   - Chromium, its WebDriver and a CJK font, for the headless-browser tests
#     (crates/web/tests/browser.rs), which fail rather than skip without them;
# and, with pip, the Python reference packages the tests compare against.
# Then it runs every test of the workspace, against both SQLite and PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -n "${CI:-}" ]; then
  # Incremental artefacts are never reused on a one-shot CI run; skipping
  # them saves several GB of disk.
  export CARGO_INCREMENTAL=0
fi

have_initdb() {
  command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1
}

have_cjk_font() {
  command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh 2>/dev/null)" ]
}

missing=()
have_initdb || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
have_cjk_font || missing+=(fonts-noto-cjk fontconfig)
python3 -m pip --version >/dev/null 2>&1 || missing+=(python3-pip)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "==> installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "missing system packages: ${missing[*]}" >&2
    echo "install them: sudo apt-get install -y ${missing[*]}" >&2
    if [ "${missing[*]}" = "postgresql" ] && [ -n "${TONGBAN_TEST_PG_URL:-}" ]; then
      echo "(TONGBAN_TEST_PG_URL is set: going on without PostgreSQL binaries)" >&2
    else
      exit 1
    fi
  fi
fi

# Python reference implementations the tests compare against. Debian's own
# python3 is "externally managed"; the test machine is throw-away, so pip may
# install into it (older pips ignore this variable).
export PIP_BREAK_SYSTEM_PACKAGES=1
pip_install() {
  echo "==> pip install $1 ($2)"
  python3 -m pip install -q --disable-pip-version-check "$1"
}
python3 -c 'import chinese_calendar' >/dev/null 2>&1 ||
  pip_install chinese-calendar==1.11.0 "reference for the working-day calendar"
python3 -c 'import stdnum' >/dev/null 2>&1 ||
  pip_install python-stdnum==2.2 "reference for identifier check digits"

echo "==> cargo test --workspace (store conformance runs on SQLite and PostgreSQL)"
cargo test --workspace --locked "$@"

echo "==> schemathesis against /api/v1/openapi.json (scripts/schemathesis.sh)"
./scripts/schemathesis.sh
