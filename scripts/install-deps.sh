#!/usr/bin/env bash
# Installs the Debian 12 packages that mqauthz builds, tests and benchmarks with.
# Safe to run again: it does nothing when every package is already installed.
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config
  clang libclang-rt-14-dev          # libFuzzer and the sanitizer runtimes
  libabsl-dev libsimdjson-dev libyaml-cpp-dev libhyperscan-dev libboost1.81-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libmosquitto-dev
  python3                           # the benchmark scripts and their tests
  gnuplot-nox                       # the chart of docs/benchmarks.md (bench/run_benchmarks.sh)
  valgrind
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'ok installed'; then
    missing+=("$package")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
echo "install-deps: installing ${missing[*]}" >&2
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
