#!/usr/bin/env bash
# Configures and builds mqauthz in ./build (Release with debug info, Ninja).
set -euo pipefail
cd "$(dirname "$0")/.."

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build --parallel "$(nproc)"
