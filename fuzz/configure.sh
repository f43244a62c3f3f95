#!/usr/bin/env bash
# Configures BUILD_DIR (default build-fuzz) as the sanitizer build: clang, with
# AddressSanitizer, UBSan and libFuzzer's coverage instrumentation on every target (see
# MQAUTHZ_BUILD_FUZZERS in CMakeLists.txt), the libFuzzer targets and the unit tests.
# fuzz/run.sh and the sanitizer stage of scripts/test.sh share this configuration, so
# they can share one build directory.
set -euo pipefail
cd "$(dirname "$0")/.."

cmake -S . -B "${1:-build-fuzz}" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++ -DMQAUTHZ_BUILD_FUZZERS=ON -DMQAUTHZ_BUILD_TESTS=ON \
  -DMQAUTHZ_BUILD_BENCHMARKS=OFF
