// Registration of the benchmark families with Google Benchmark, one function per source
// file. benchmark_main.cc calls each once before running.

#ifndef MQAUTHZ_BENCH_REGISTRATION_H_
#define MQAUTHZ_BENCH_REGISTRATION_H_

namespace mqauthz::bench {

// mqauthz_uncached, mqauthz_cached and reference (decision_benchmarks.cc).
void RegisterDecisionBenchmarks();

// mosquitto and exact_hash (baseline_benchmarks.cc).
void RegisterBaselineBenchmarks();

// compile, bind_engine and bind_session (policy_cost_benchmarks.cc).
void RegisterPolicyCostBenchmarks();

// swap_update and swap_reader (swap_benchmarks.cc).
void RegisterSwapBenchmarks();

}  // namespace mqauthz::bench

#endif  // MQAUTHZ_BENCH_REGISTRATION_H_
