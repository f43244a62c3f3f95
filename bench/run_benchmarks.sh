#!/usr/bin/env bash
# Builds and runs the benchmark suite, then writes docs/benchmarks.md and its chart,
# docs/benchmarks-latency.png.
#
# Takes about 5 minutes on 2 cores, Cedar included, plus about 3 minutes when BUILD_DIR
# has not been built before. Run it on a quiet machine: every number in the report is a median of
# repetitions, but other processes on the same cores still shift them.
#
# Steps:
#   1. configure and build mqauthz_benchmarks in BUILD_DIR (RelWithDebInfo, the
#      project's default build type);
#   2. generate the workloads with bench/generate_workload.py into BUILD_DIR/workloads;
#   3. run the suite with repetitions and median aggregates into
#      BUILD_DIR/bench-results/benchmarks.json;
#   4. run the Cedar runner (bench/cedar/run.js) when it is there;
#   5. write the report and the chart (bench/write_report.py, gnuplot).
#
# Usage: bench/run_benchmarks.sh [--build-dir DIR] [--report FILE] [--quick]
#   --build-dir DIR  build and result folder (default build-bench)
#   --report FILE    report path (default docs/benchmarks.md); the chart is written
#                    beside it as NAME-latency.png
#   --quick          2 repetitions of 0.01 s and 2,000 requests per workload: a smoke
#                    test of the script, about 3 minutes, whose numbers mean little
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=build-bench
report=docs/benchmarks.md
repetitions=5
min_time=0.2
request_count=20000

usage="usage: bench/run_benchmarks.sh [--build-dir DIR] [--report FILE] [--quick]"
quick=""
while [ $# -gt 0 ]; do
  case "$1" in
    --build-dir|--report)
      if [ $# -lt 2 ] || [ -z "$2" ]; then
        echo "run_benchmarks: $1 needs a value" >&2
        echo "$usage" >&2
        exit 2
      fi
      if [ "$1" = --build-dir ]; then build_dir="$2"; else report="$2"; fi
      shift 2 ;;
    --quick) repetitions=2; min_time=0.01; request_count=2000; quick="--quick"; shift ;;
    *)
      echo "run_benchmarks: unknown argument '$1'" >&2
      echo "$usage" >&2
      exit 2 ;;
  esac
done

# The sizes the suite measures (bench/shared_state.h lists the same ones).
realistic_sizes=(100 1000 10000 100000)
users_sizes=(100 1000 10000 100000)
patterns_sizes=(100 1000)
cedar_sizes=(100 1000 10000)

workloads="$build_dir/workloads"
results="$build_dir/bench-results"
chart="${report%.md}-latency.png"
mkdir -p "$workloads" "$results"
: > "$results/commands.txt"

# Runs a command and records it for the report's list of commands.
run() {
  echo "$*" >> "$results/commands.txt"
  "$@"
}

step() {
  echo "run_benchmarks: $(date +%H:%M:%S) $*" >&2
}

# The Cedar baseline lives in bench/cedar/ (a Node.js runner around
# @cedar-policy/cedar-wasm, see bench/cedar/README.md). It decides the publish requests of
# the realistic workload and prints one JSON object, stored as cedar-SIZE.json for the
# report. It runs up to 10,000 rules only: there, parsing the Cedar policy set takes 20 to
# 90 seconds and one decision about 0.2 seconds on a 2-core VM, and both grow faster than
# the rule count. When Cedar cannot run, the reason goes to cedar-skipped.txt, which the
# report quotes.
skip_cedar() {
  step "$1: Cedar is not measured"
  echo "$1" > "$results/cedar-skipped.txt"
}

run_cedar_baseline() {
  local runner=bench/cedar/run.js
  rm -f "$results"/cedar-*.json "$results/cedar-skipped.txt"
  if [ ! -f "$runner" ]; then
    skip_cedar "$runner is missing"
    return
  fi
  if ! command -v node > /dev/null || ! command -v npm > /dev/null; then
    skip_cedar "Node.js or npm not found (Debian: apt-get install nodejs npm)"
    return
  fi
  if [ ! -d bench/cedar/node_modules ] && ! run npm ci --prefix bench/cedar > /dev/null; then
    skip_cedar "npm ci --prefix bench/cedar failed; run it by hand to see why"
    return
  fi
  for size in "${cedar_sizes[@]}"; do
    step "Cedar at $size rules"
    grep '"action":"publish"' "$workloads/requests-$size.jsonl" > "$workloads/publish-$size.jsonl"
    if ! run node "$runner" --policy "$workloads/policy-$size.json" \
        --requests "$workloads/publish-$size.jsonl" > "$results/cedar-$size.json"; then
      step "the Cedar runner failed at $size rules; the report marks it as not measured"
      rm -f "$results/cedar-$size.json"
    fi
  done
}

step "building mqauthz_benchmarks in $build_dir"
run cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DMQAUTHZ_BUILD_TESTS=OFF -DMQAUTHZ_BUILD_BENCHMARKS=ON > /dev/null
run cmake --build "$build_dir" --parallel "$(nproc)" --target mqauthz_benchmarks > /dev/null

step "generating workloads in $workloads"
for size in "${realistic_sizes[@]}"; do
  run python3 bench/generate_workload.py --rules "$size" --requests "$request_count" \
    --out "$workloads"
done
for size in "${users_sizes[@]}"; do
  run python3 bench/generate_workload.py --kind users --rules "$size" \
    --requests "$request_count" --out "$workloads"
done
for size in "${patterns_sizes[@]}"; do
  run python3 bench/generate_workload.py --kind patterns --rules "$size" \
    --requests "$request_count" --out "$workloads"
done

step "running the suite: $repetitions repetitions of at least $min_time s each"
# The measured commit, and one changed file if the tree has any, so that a report written
# again from these results later still names the code that ran.
{
  git rev-parse --short HEAD 2> /dev/null || echo unknown
  git status --porcelain --untracked-files=no -- . ":(exclude)$report" ":(exclude)$chart" \
    2> /dev/null | head -n 1
} > "$results/commit.txt"
cut -d' ' -f1-3 /proc/loadavg > "$results/load-before.txt"
run "$build_dir/bench/mqauthz_benchmarks" --workload_dir="$workloads" \
  --benchmark_repetitions="$repetitions" --benchmark_min_time="$min_time" \
  --benchmark_report_aggregates_only=true \
  --benchmark_out="$results/benchmarks.json" --benchmark_out_format=json \
  > "$results/console.txt"
cut -d' ' -f1-3 /proc/loadavg > "$results/load-after.txt"

run_cedar_baseline

step "writing $report and $chart"
run python3 bench/write_report.py --results "$results" --build-dir "$build_dir" \
  --report "$report" --chart "$chart" $quick
step "done"
