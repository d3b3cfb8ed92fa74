#!/usr/bin/env bash
# Runs every cargo-fuzz target for a bounded time (docs/fuzzing.md).
#
#   scripts/fuzz.sh                      # each target 60 s
#   FUZZ_SECONDS=300 scripts/fuzz.sh ident guidance
#
# Not part of scripts/test.sh: the normal tests replay the seed corpus
# (crates/fuzz-targets/tests/corpus.rs) instead. Installs cargo-fuzz when it
# is missing. cargo-fuzz needs nightly compiler flags; on a stable toolchain
# RUSTC_BOOTSTRAP=1 lets rustc accept them. Builds go to fuzz/target, new
# inputs to fuzz/target/corpus/<target> (the committed seeds in
# fuzz/corpus/<target> are only read), crashes to fuzz/artifacts/<target>.
# Exits non-zero when a target found something.
#
# Environment:
#   FUZZ_SECONDS    seconds per target (default 60)
#   FUZZ_SANITIZER  address | none (default none: the code is safe Rust, and
#                   without ASan each target runs several times faster)
#   FUZZ_JOBS       parallel fuzzing processes per target (default 1; more
#                   also writes libFuzzer's fuzz-<n>.log files)
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${FUZZ_SECONDS:-60}"
sanitizer="${FUZZ_SANITIZER:-none}"
jobs="${FUZZ_JOBS:-1}"
all_targets=(ident catalog_yaml catalog_xlsx guidance)
if [ "$#" -gt 0 ]; then
  targets=("$@")
else
  targets=("${all_targets[@]}")
fi

if ! command -v cargo-fuzz >/dev/null 2>&1; then
  echo "== installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi
if ! rustc --version | grep -q nightly; then
  export RUSTC_BOOTSTRAP=1
fi

# The largest input each target mutates: identifiers are short, a catalog
# file or workbook is not.
max_len() {
  case "$1" in
    ident) echo 256 ;;
    guidance) echo 8192 ;;
    catalog_yaml) echo 16384 ;;
    catalog_xlsx) echo 32768 ;;
    *) echo 4096 ;;
  esac
}

echo "== building ${targets[*]} (sanitizer: $sanitizer)"
for target in "${targets[@]}"; do
  cargo fuzz build --fuzz-dir fuzz -s "$sanitizer" -a "$target"
done

failed=()
summary=()
for target in "${targets[@]}"; do
  work="fuzz/target/corpus/$target"
  mkdir -p "$work" "fuzz/artifacts/$target"
  log="fuzz/target/$target.log"
  echo "== fuzzing $target for ${seconds}s (log: $log)"
  parallel=()
  if [ "$jobs" -gt 1 ]; then
    parallel=(-jobs="$jobs" -workers="$jobs")
  fi
  status=0
  cargo fuzz run --fuzz-dir fuzz -s "$sanitizer" -a "$target" "$work" "fuzz/corpus/$target" -- \
    -max_total_time="$seconds" -max_len="$(max_len "$target")" -timeout=10 \
    "${parallel[@]}" -print_final_stats=1 >"$log" 2>&1 || status=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | awk '{s+=$1} END {print s+0}')
  per_second=$((runs / (seconds > 0 ? seconds : 1)))
  corpus=$(find "$work" -type f | wc -l)
  line="$target: $runs runs, ~$per_second execs/s, $corpus inputs in $work"
  if [ "$status" -ne 0 ] || grep -q -E '^(==[0-9]+== ?ERROR|SUMMARY: libFuzzer)|Test unit written to' "$log"; then
    failed+=("$target")
    line="$line — FOUND a crash or invariant violation:"
    line="$line $(grep -o 'Test unit written to .*' "$log" | head -1)"
    grep -m1 -E "panicked at|ERROR" -A4 "$log" || true
  fi
  summary+=("$line")
done

echo "== summary"
printf '%s\n' "${summary[@]}"
if [ "${#failed[@]}" -gt 0 ]; then
  echo "Reproduce with: cargo fuzz run --fuzz-dir fuzz -s $sanitizer <target> fuzz/artifacts/<target>/<file>"
  echo "then copy the file to fuzz/corpus/<target>/ so the normal tests keep it."
  exit 1
fi
