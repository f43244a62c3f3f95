#!/usr/bin/env bash
# Builds every libFuzzer target with clang and runs each for SECONDS seconds, two at a time.
#
#   fuzz/run.sh SECONDS [--update-corpus] [TARGET...]
#
# SECONDS 0 runs each target over its corpus only.
# Targets are the executables named *_fuzzer that the build puts in BUILD_DIR/fuzz, so a
# new mqauthz_add_fuzzer line in fuzz/CMakeLists.txt needs no change here. Naming targets
# runs only those. Each target starts from its committed seeds, fuzz/corpus/TARGET, plus
# what earlier runs found, and writes new inputs and crash files to SCRATCH/TARGET only;
# --update-corpus then merges the new inputs that add coverage into fuzz/corpus/TARGET.
# Its dictionary is fuzz/dictionaries/TARGET.dict, or policy.dict when it has none, and
# extra libFuzzer flags, one per line, may sit in fuzz/options/TARGET.options.
#
# Prints one line per target with its executions, coverage, corpus size and outcome, and
# exits 1 naming the crash file when any target crashes, times out, runs out of memory or
# leaks. Environment: MQAUTHZ_FUZZ_BUILD_DIR (default build-fuzz), MQAUTHZ_FUZZ_SCRATCH
# (default BUILD_DIR/fuzz-scratch), MQAUTHZ_FUZZ_JOBS (default 2) and
# MQAUTHZ_FUZZ_INPUT_TIMEOUT (seconds one input may take, default 25).
set -euo pipefail
cd "$(dirname "$0")/.."

# Prints the error, if any, and the usage line, then exits 2.
usage() {
  [ $# -eq 0 ] || echo "run.sh: $*" >&2
  echo "usage: fuzz/run.sh SECONDS [--update-corpus] [TARGET...]" >&2
  exit 2
}

[ $# -ge 1 ] || usage "missing SECONDS, the time to run each target"
seconds="$1"
shift
[[ "$seconds" =~ ^[0-9]+$ ]] ||
  usage "SECONDS is '$seconds'; give a whole number of seconds, such as 600"
update_corpus=0
requested=()
for argument in "$@"; do
  case "$argument" in
    --update-corpus) update_corpus=1 ;;
    -*) usage "unknown option '$argument'" ;;
    *) requested+=("$argument") ;;
  esac
done

build_dir="${MQAUTHZ_FUZZ_BUILD_DIR:-build-fuzz}"
scratch="${MQAUTHZ_FUZZ_SCRATCH:-$build_dir/fuzz-scratch}"
jobs="${MQAUTHZ_FUZZ_JOBS:-2}"
input_timeout="${MQAUTHZ_FUZZ_INPUT_TIMEOUT:-25}"

fuzz/configure.sh "$build_dir" >/dev/null
cmake --build "$build_dir" --parallel "$jobs" --target fuzz/all

targets=()
if [ ${#requested[@]} -gt 0 ]; then
  targets=("${requested[@]}")
else
  for binary in "$build_dir"/fuzz/*_fuzzer; do
    [ -x "$binary" ] && targets+=("$(basename "$binary")")
  done
fi
if [ ${#targets[@]} -eq 0 ]; then
  echo "run.sh: no *_fuzzer executable in $build_dir/fuzz" >&2
  exit 1
fi
for target in "${targets[@]}"; do
  if [ ! -x "$build_dir/fuzz/$target" ]; then
    built=("$build_dir"/fuzz/*_fuzzer)
    usage "no fuzz target '$target'; the targets are: $(basename -a "${built[@]}" | paste -sd ' ')"
  fi
done

# Runs one target, with its output in SCRATCH/TARGET.log.
run_target() {
  local target="$1"
  local binary="$build_dir/fuzz/$target"
  local corpus="fuzz/corpus/$target"
  local work="$scratch/$target"
  [ -x "$binary" ] || { echo "run.sh: $binary is not built" >&2; return 1; }
  mkdir -p "$work/new" "$work/artifacts" "$corpus"

  local dictionary="fuzz/dictionaries/$target.dict"
  [ -f "$dictionary" ] || dictionary="fuzz/dictionaries/policy.dict"
  # libFuzzer reads -max_total_time=0 as no limit, so 0 seconds runs the corpus only.
  local duration=-max_total_time="$seconds"
  [ "$seconds" -eq 0 ] && duration=-runs=0
  local flags=(-rss_limit_mb=2048 -timeout="$input_timeout" "$duration" -print_final_stats=1
               -dict="$dictionary" -artifact_prefix="$work/artifacts/")
  mapfile -t -O ${#flags[@]} flags < <(target_options "$target")

  # The first folder receives new inputs; the committed seeds are only read.
  "$binary" "${flags[@]}" "$work/new" "$corpus" >"$scratch/$target.log" 2>&1
}

# Prints the target's input size limit and the flags of fuzz/options/TARGET.options, one
# per line. libFuzzer takes the last value of a repeated flag, so the file overrides.
target_options() {
  echo "-max_len=4096"
  local options="fuzz/options/$1.options"
  [ -f "$options" ] && grep -v -e '^#' -e '^$' "$options"
  return 0
}

# Prints the summary line of one target and returns 1 when it failed.
report_target() {
  local target="$1" status="$2"
  local log="$scratch/$target.log"
  local executions coverage corpus outcome
  executions="$(sed -n 's/^stat::number_of_executed_units: //p' "$log" | tail -1)"
  if [ -z "$executions" ]; then
    executions="$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#')"
  fi
  coverage="$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -1)"
  corpus="$(grep -o 'corp: [0-9]*/[0-9]*[a-zA-Z]*' "$log" | tail -1)"

  if [ "$status" -eq 0 ]; then
    outcome="ok"
  else
    # The fuzzers' own failed checks print "... check failed: ..." before libFuzzer's
    # "deadly signal", so that line comes first.
    local kind artifact
    kind="$(grep -m1 -E 'check failed:|ERROR: [A-Za-z]+: |runtime error: ' "$log" | cut -c1-120 \
      || echo "exit status $status")"
    artifact="$(sed -n 's/.*Test unit written to //p' "$log" | tail -1)"
    outcome="FAILED: $kind; input ${artifact:-not written}; log $log"
  fi
  printf '%-28s executions %-10s %-20s %-18s %s\n' "$target" "${executions:-0}" \
    "${coverage:-cov: ?}" "${corpus:-corp: ?}" "$outcome"
  [ "$status" -eq 0 ]
}

mkdir -p "$scratch"
echo "run.sh: ${#targets[@]} targets, $seconds s each, $jobs at a time; logs in $scratch" >&2
declare -A pid_target=()
declare -A target_status=()
for target in "${targets[@]}"; do
  while [ ${#pid_target[@]} -ge "$jobs" ]; do
    status=0
    wait -n -p finished "${!pid_target[@]}" || status=$?
    target_status[${pid_target[$finished]}]=$status
    unset "pid_target[$finished]"
  done
  run_target "$target" &
  pid_target[$!]="$target"
done
for pid in "${!pid_target[@]}"; do
  status=0
  wait "$pid" || status=$?
  target_status[${pid_target[$pid]}]=$status
done

failed=0
for target in "${targets[@]}"; do
  report_target "$target" "${target_status[$target]}" || failed=1
done

if [ "$update_corpus" -eq 1 ]; then
  for target in "${targets[@]}"; do
    mapfile -t flags < <(target_options "$target")
    "$build_dir/fuzz/$target" -merge=1 "${flags[@]}" "fuzz/corpus/$target" \
      "$scratch/$target/new" >"$scratch/$target.merge.log" 2>&1
    echo "run.sh: merged into fuzz/corpus/$target: $(ls "fuzz/corpus/$target" | wc -l) files" >&2
  done
fi
exit "$failed"
