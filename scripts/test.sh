#!/usr/bin/env bash
# Builds mqauthz and runs every test suite under ctest.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/build.sh
ctest --test-dir build --output-on-failure --parallel "$(nproc)"
