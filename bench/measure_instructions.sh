#!/usr/bin/env bash
# Counts instructions per decision with callgrind, which stays stable on a noisy machine.
#
# For each rule count it generates a workload (bench/generate_workload.py), then runs
# `mqauthz replay` under callgrind twice:
#   - publish requests only, collecting inside mqauthz::Decide: instructions per publish
#     decision of the compiled engine;
#   - the first N and the first 2N mixed requests, collecting everything: the difference
#     divided by N is the cost of one request through replay (parse, bind when the client
#     changes, decide, format), with loading and compiling cancelled out.
#
# Usage: bench/measure_instructions.sh BUILD_DIR [RULE_COUNT...]   (default 100 10000)
set -euo pipefail

if [ $# -lt 1 ]; then
  echo "usage: bench/measure_instructions.sh BUILD_DIR [RULE_COUNT...]" >&2
  exit 2
fi
build_dir="$1"
shift
rule_counts=("${@:-100 10000}")
command="$build_dir/mqauthz"
if [ ! -x "$command" ]; then
  echo "measure_instructions: no mqauthz command in '$build_dir'; build it first" \
    "(scripts/build.sh builds build/mqauthz)" >&2
  exit 2
fi
if ! command -v valgrind > /dev/null; then
  echo "measure_instructions: valgrind not found; install it with scripts/install-deps.sh" >&2
  exit 2
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
requests=5000

instructions() {
  grep -E '^summary:' "$1" | awk '{print $2}'
}

printf '%-8s %-28s %-28s\n' rules "instructions/publish Decide" "instructions/replay request"
for rules in ${rule_counts[@]}; do
  python3 "$(dirname "$0")/generate_workload.py" --rules "$rules" --requests $((4 * requests)) \
    --out "$work" > /dev/null
  # awk stops by itself: `grep | head` would fail under pipefail when head closes the pipe.
  awk -v limit="$requests" '/"publish"/ { print; if (++count == limit) exit }' \
    "$work/requests-$rules.jsonl" > "$work/publish.jsonl"
  head -n "$requests" "$work/requests-$rules.jsonl" > "$work/mixed-1.jsonl"
  head -n $((2 * requests)) "$work/requests-$rules.jsonl" > "$work/mixed-2.jsonl"

  valgrind --tool=callgrind --callgrind-out-file="$work/decide.out" \
    --toggle-collect='mqauthz::Decide(*' \
    "$command" replay "$work/policy-$rules.json" "$work/publish.jsonl" > /dev/null 2> "$work/log" \
    || { echo "measure_instructions: valgrind failed:" >&2; tail -5 "$work/log" >&2; exit 1; }
  for part in 1 2; do
    valgrind --tool=callgrind --callgrind-out-file="$work/mixed-$part.out" \
      "$command" replay "$work/policy-$rules.json" "$work/mixed-$part.jsonl" > /dev/null \
      2> "$work/log" || { echo "measure_instructions: valgrind failed:" >&2; tail -5 "$work/log" >&2; exit 1; }
  done

  publish_count=$(wc -l < "$work/publish.jsonl")
  decide=$(( $(instructions "$work/decide.out") / publish_count ))
  per_request=$(( ($(instructions "$work/mixed-2.out") - $(instructions "$work/mixed-1.out")) / requests ))
  printf '%-8s %-28s %-28s\n' "$rules" "$decide" "$per_request"
done
