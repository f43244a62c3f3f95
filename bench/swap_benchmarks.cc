// Live policy swaps (Authorizer::Update) and what they cost the threads that decide.
//
//   - swap_update: one Update with the workload's policy. It compiles the policy,
//     creates the new generation's decision cache, puts it in force and frees the
//     previous generation.
//   - swap_reader: a reader thread decides the workload's publish requests through
//     sessions while, with swapping:1, a second thread calls Update in a loop. With
//     sessions:kept the reader keeps the sessions it bound at the start, so a swap
//     touches it only through shared memory and the CPU. With sessions:rebound it binds
//     a client again when the policy generation has changed. That is what a broker does
//     when it disconnects clients on a policy change and they reconnect, so every swap
//     also costs the reader bindings and cache misses. The reported rate is the
//     reader's alone, and counters give the swaps and rebindings per second.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "bench/registration.h"
#include "bench/shared_state.h"
#include "benchmark/benchmark.h"
#include "runtime/authorizer.h"
#include "runtime/session.h"

namespace mqauthz::bench {
namespace {

constexpr int kSwapUpdateSizes[] = {1000, 10000};
constexpr int kSwapReaderSize = 10000;

// Creates an Authorizer for `workload`'s policy, or marks the benchmark as failed.
std::unique_ptr<Authorizer> CreateOrSkip(benchmark::State& state, const Workload& workload) {
  absl::StatusOr<std::unique_ptr<Authorizer>> authorizer = Authorizer::Create(workload.policy);
  if (authorizer.ok()) return *std::move(authorizer);
  state.SkipWithError(std::string(authorizer.status().message()).c_str());
  return nullptr;
}

void UpdatePolicy(benchmark::State& state, WorkloadSpec spec) {
  const Workload* workload = ValueOrSkip(state, GetWorkload(spec));
  if (workload == nullptr) return;
  std::unique_ptr<Authorizer> authorizer = CreateOrSkip(state, *workload);
  if (authorizer == nullptr) return;

  for (auto _ : state) {
    const absl::Status status = authorizer->Update(workload->policy);
    if (!status.ok()) {
      state.SkipWithError(std::string(status.message()).c_str());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}

// Calls Update with copies of `policy` until `stop` is set, counting successful swaps.
void SwapUntilStopped(Authorizer& authorizer, const Policy& policy, const std::atomic<bool>& stop,
                      std::atomic<std::uint64_t>& swaps) {
  // Relaxed: the flag and the count carry no data that the reader reads through them.
  while (!stop.load(std::memory_order_relaxed)) {
    if (authorizer.Update(policy).ok()) swaps.fetch_add(1, std::memory_order_relaxed);
  }
}

void ReadWhileSwapping(benchmark::State& state, WorkloadSpec spec, bool rebind, bool swapping) {
  const Workload* workload = ValueOrSkip(state, GetWorkload(spec));
  if (workload == nullptr) return;
  std::unique_ptr<Authorizer> authorizer = CreateOrSkip(state, *workload);
  if (authorizer == nullptr) return;

  const std::vector<Client>& clients = workload->requests.clients;
  std::vector<Session> sessions;
  sessions.reserve(clients.size());
  for (const Client& client : clients) sessions.push_back(authorizer->Bind(client));

  std::atomic<bool> stop{false};
  std::atomic<std::uint64_t> swaps{0};
  std::thread swapper;
  if (swapping) {
    swapper = std::thread(SwapUntilStopped, std::ref(*authorizer), std::cref(workload->policy),
                          std::cref(stop), std::ref(swaps));
  }

  const std::vector<StreamEntry>& entries = workload->requests.group(ActionGroup::kPublish);
  std::uint64_t rebinds = 0;
  std::size_t i = 0;
  // Only the swaps that complete while the reader's loop runs count.
  const std::uint64_t swaps_before = swaps.load(std::memory_order_relaxed);
  for (auto _ : state) {
    const StreamEntry& entry = entries[i];
    Session& session = sessions[entry.client];
    if (rebind && session.generation() != authorizer->generation()) {
      session = authorizer->Bind(clients[entry.client]);
      ++rebinds;
    }
    benchmark::DoNotOptimize(session.Decide(entry.request));
    if (++i == entries.size()) i = 0;
  }
  const std::uint64_t swaps_during = swaps.load(std::memory_order_relaxed) - swaps_before;

  stop.store(true, std::memory_order_relaxed);
  if (swapper.joinable()) swapper.join();
  state.SetItemsProcessed(state.iterations());
  state.counters["swaps_per_second"] =
      benchmark::Counter(static_cast<double>(swaps_during), benchmark::Counter::kIsRate);
  state.counters["rebinds_per_second"] =
      benchmark::Counter(static_cast<double>(rebinds), benchmark::Counter::kIsRate);
}

}  // namespace

void RegisterSwapBenchmarks() {
  for (const int size : kSwapUpdateSizes) {
    const WorkloadSpec spec{WorkloadKind::kRealistic, size};
    benchmark::RegisterBenchmark(("swap_update/" + spec.Name()).c_str(), UpdatePolicy, spec)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
  }

  const WorkloadSpec spec{WorkloadKind::kRealistic, kSwapReaderSize};
  for (const bool rebind : {false, true}) {
    for (const bool swapping : {false, true}) {
      const std::string name = "swap_reader/" + spec.Name() +
                               "/publish/sessions:" + (rebind ? "rebound" : "kept") +
                               "/swapping:" + (swapping ? "1" : "0");
      // Each swap takes tens of ms, so half a second of reading spans several of them.
      benchmark::RegisterBenchmark(name.c_str(), ReadWhileSwapping, spec, rebind, swapping)
          ->MinTime(0.5)
          ->UseRealTime();
    }
  }
}

}  // namespace mqauthz::bench
