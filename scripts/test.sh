#!/usr/bin/env bash
# Builds mqauthz and runs every test suite under ctest: first the serving layer (sessions,
# decision cache, live swap and its stress test) under ThreadSanitizer, then everything
# in the regular build.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="$(nproc)"

scripts/build.sh

# ThreadSanitizer: only the serving layer's tests, which exercise every concurrent path.
cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS="-fsanitize=thread" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=thread"
cmake --build build-tsan --parallel "$jobs" --target mqauthz_serving_tests
TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" ctest --test-dir build-tsan \
  --output-on-failure --parallel "$jobs" \
  -R '^(AuthorizerTest|DecisionCacheTest|LogFormatTest|SessionTest|SnapshotPointerTest|SwapStressTest)\.'

ctest --test-dir build --output-on-failure --parallel "$jobs"
