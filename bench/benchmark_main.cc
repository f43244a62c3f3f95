// mqauthz_benchmarks: the Google Benchmark suite of mqauthz and its baselines.
//
// Usage: mqauthz_benchmarks --workload_dir=DIR [Google Benchmark flags]
// DIR contains the files that bench/generate_workload.py writes. bench/run_benchmarks.sh
// generates them, runs this program and writes docs/benchmarks.md. A benchmark whose
// files are missing fails with an error naming the file, and the others still run.

#include <cstdio>
#include <string>
#include <string_view>

#include "bench/registration.h"
#include "bench/shared_state.h"
#include "benchmark/benchmark.h"

namespace {

constexpr std::string_view kWorkloadFlag = "--workload_dir=";

void PrintUsage(const char* program) {
  std::fprintf(stderr,
               "usage: %s --workload_dir=DIR [Google Benchmark flags such as "
               "--benchmark_filter=REGEX]\n"
               "DIR contains the files that bench/generate_workload.py writes.\n",
               program);
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);

  std::string workload_directory;
  for (int i = 1; i < argc; ++i) {
    const std::string_view argument = argv[i];
    if (argument.substr(0, kWorkloadFlag.size()) == kWorkloadFlag) {
      workload_directory = std::string(argument.substr(kWorkloadFlag.size()));
      continue;
    }
    std::fprintf(stderr, "%s: unknown argument '%s'\n", argv[0], argv[i]);
    PrintUsage(argv[0]);
    return 2;
  }
  if (workload_directory.empty()) {
    std::fprintf(stderr, "%s: missing --workload_dir\n", argv[0]);
    PrintUsage(argv[0]);
    return 2;
  }

  mqauthz::bench::SetWorkloadDirectory(workload_directory);
  benchmark::AddCustomContext("workload_dir", workload_directory);
  mqauthz::bench::RegisterDecisionBenchmarks();
  mqauthz::bench::RegisterBaselineBenchmarks();
  mqauthz::bench::RegisterPolicyCostBenchmarks();
  mqauthz::bench::RegisterSwapBenchmarks();

  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
