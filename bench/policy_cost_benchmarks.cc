// What a policy costs before the first decision, per realistic workload:
//   - compile: loading the policy file (LoadPolicyFile, which validates) and compiling
//     it (CompilePolicy), then freeing the loaded Policy, as an Authorizer does. The
//     reported time is the compile alone; counters give the load time and the heap memory
//     per rule;
//   - bind_engine: binding one client with the engine's Bind, the binding freed again;
//   - bind_session: Authorizer::Bind, which creates a Session, freed again.
//
// Memory is the change in glibc's count of heap bytes in use (mallinfo2: uordblks, the
// bytes in allocated chunks, chunk headers included, plus hblkhd, the bytes of mmap-ed
// chunks). It counts every allocation of the process, so nothing else may run while a
// compile benchmark does. Counters, per rule:
//   - model_bytes: the Policy model the loader builds (the file text is freed before the
//     loader returns);
//   - peak_bytes: the model and the compiled policy, both alive when CompilePolicy returns;
//   - compiled_bytes: the compiled policy alone, after the model is freed: what serving
//     keeps, Hyperscan databases included;
//   - estimate_bytes: CompiledPolicy::MemoryBytes(), the compiled policy's own estimate.
// Not counted: memory that glibc keeps in free chunks.

#include <malloc.h>

#include <chrono>
#include <cstddef>
#include <string>

#include "bench/engine_state.h"
#include "bench/registration.h"
#include "bench/shared_state.h"
#include "benchmark/benchmark.h"
#include "compiler/policy_compiler.h"
#include "runtime/engine.h"

namespace mqauthz::bench {
namespace {

using Clock = std::chrono::steady_clock;

std::size_t HeapBytesInUse() {
  const struct mallinfo2 info = mallinfo2();
  return info.uordblks + info.hblkhd;
}

double Seconds(Clock::duration duration) { return std::chrono::duration<double>(duration).count(); }

// Returns `bytes` per rule; a negative change (memory freed) reads as 0.
double PerRule(std::size_t after, std::size_t before, int rules) {
  if (after < before) return 0;
  return static_cast<double>(after - before) / rules;
}

void LoadAndCompile(benchmark::State& state, WorkloadSpec spec) {
  const std::string path = spec.PolicyPath(GetWorkloadDirectory());
  for (auto _ : state) {
    const std::size_t before = HeapBytesInUse();
    const Clock::time_point start = Clock::now();
    absl::StatusOr<Policy> policy = LoadValidPolicy(path);
    const Clock::time_point loaded_at = Clock::now();
    if (!policy.ok()) {
      state.SkipWithError(std::string(policy.status().message()).c_str());
      break;
    }
    const std::size_t after_load = HeapBytesInUse();

    absl::StatusOr<std::shared_ptr<const CompiledPolicy>> compiled = CompilePolicy(*policy);
    const Clock::time_point compiled_at = Clock::now();
    if (!compiled.ok()) {
      state.SkipWithError(std::string(compiled.status().message()).c_str());
      break;
    }
    const std::size_t after_compile = HeapBytesInUse();
    policy = Policy();
    const std::size_t after_release = HeapBytesInUse();

    state.SetIterationTime(Seconds(compiled_at - loaded_at));
    state.counters["load_seconds"] = Seconds(loaded_at - start);
    state.counters["compile_seconds"] = Seconds(compiled_at - loaded_at);
    state.counters["model_bytes_per_rule"] = PerRule(after_load, before, spec.size);
    state.counters["peak_bytes_per_rule"] = PerRule(after_compile, before, spec.size);
    state.counters["compiled_bytes_per_rule"] = PerRule(after_release, before, spec.size);
    state.counters["estimate_bytes_per_rule"] =
        static_cast<double>((*compiled)->MemoryBytes()) / spec.size;
  }
}

void BindEngine(benchmark::State& state, WorkloadSpec spec) {
  const Workload* workload = ValueOrSkip(state, GetWorkload(spec));
  if (workload == nullptr) return;

  const std::vector<Client>& clients = workload->requests.clients;
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(Bind(*workload->compiled, clients[i]));
    if (++i == clients.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["clients"] = static_cast<double>(clients.size());
}

void BindSession(benchmark::State& state, WorkloadSpec spec) {
  const Workload* workload = ValueOrSkip(state, GetWorkload(spec));
  if (workload == nullptr) return;
  const SessionState* sessions = ValueOrSkip(state, GetSessions(*workload));
  if (sessions == nullptr) return;

  const std::vector<Client>& clients = workload->requests.clients;
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(sessions->authorizer->Bind(clients[i]));
    if (++i == clients.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["clients"] = static_cast<double>(clients.size());
}

}  // namespace

void RegisterPolicyCostBenchmarks() {
  for (const int size : kRealisticSizes) {
    const WorkloadSpec spec{WorkloadKind::kRealistic, size};
    // One load and compile per repetition: at 100,000 rules that takes seconds.
    benchmark::RegisterBenchmark(("compile/" + spec.Name()).c_str(), LoadAndCompile, spec)
        ->Iterations(1)
        ->Repetitions(3)
        ->UseManualTime()
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("bind_engine/" + spec.Name()).c_str(), BindEngine, spec)
        ->UseRealTime();
    benchmark::RegisterBenchmark(("bind_session/" + spec.Name()).c_str(), BindSession, spec)
        ->UseRealTime();
  }
}

}  // namespace mqauthz::bench
