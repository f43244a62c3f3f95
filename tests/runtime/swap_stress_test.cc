// Concurrency tests of live policy updates. They check results, never timing, and are
// meant to run under ThreadSanitizer too (-fsanitize=thread), which also reports any
// use of a snapshot after it was freed.

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "compiler/policy_loader.h"
#include "core/reference_evaluator.h"
#include "gtest/gtest.h"
#include "runtime/authorizer.h"
#include "runtime/snapshot_pointer.h"

namespace mqauthz {
namespace {

TEST(SnapshotPointerTest, LoadReturnsLatestValue) {
  SnapshotPointer<int> pointer(std::make_shared<const int>(1));
  EXPECT_EQ(*pointer.Load(), 1);
  std::shared_ptr<const int> previous = pointer.Exchange(std::make_shared<const int>(2));
  ASSERT_NE(previous, nullptr);
  EXPECT_EQ(*previous, 1);
  EXPECT_EQ(*pointer.Load(), 2);
}

TEST(SnapshotPointerTest, NullValues) {
  SnapshotPointer<int> pointer(nullptr);
  EXPECT_EQ(pointer.Load(), nullptr);
  EXPECT_EQ(pointer.Exchange(std::make_shared<const int>(5)), nullptr);
  EXPECT_EQ(*pointer.Exchange(nullptr), 5);
  EXPECT_EQ(pointer.Load(), nullptr);
}

TEST(SnapshotPointerTest, ReleasesReplacedValue) {
  auto first = std::make_shared<const int>(1);
  std::weak_ptr<const int> watcher = first;
  SnapshotPointer<int> pointer(std::move(first));

  std::shared_ptr<const int> reader_copy = pointer.Load();
  pointer.Exchange(std::make_shared<const int>(2));
  EXPECT_FALSE(watcher.expired());  // the reader's copy keeps it alive
  reader_copy.reset();
  EXPECT_TRUE(watcher.expired());
}

// A value whose two fields must always agree. A reader that finds them different read
// memory that is no longer this value. Under ThreadSanitizer or AddressSanitizer, a read
// of a freed value is also reported directly.
struct Versioned {
  explicit Versioned(std::uint64_t value) : sequence(value), check(value * 7919 + 1) {}
  std::uint64_t sequence;
  std::uint64_t check;
};

TEST(SnapshotPointerTest, ReadersSeeWholeValuesInOrder) {
  SnapshotPointer<Versioned> pointer(std::make_shared<const Versioned>(0));
  constexpr int kReaders = 3;
  constexpr std::uint64_t kWrites = 5'000;
  std::atomic<bool> done{false};
  std::atomic<int> broken_values{0};
  std::atomic<int> out_of_order{0};

  std::vector<std::thread> readers;
  for (int r = 0; r < kReaders; ++r) {
    readers.emplace_back([&] {
      std::uint64_t last = 0;
      while (!done.load(std::memory_order_acquire)) {
        std::shared_ptr<const Versioned> value = pointer.Load();
        if (value->check != value->sequence * 7919 + 1) broken_values.fetch_add(1);
        if (value->sequence < last) out_of_order.fetch_add(1);
        last = value->sequence;
      }
    });
  }
  int wrong_previous = 0;
  for (std::uint64_t i = 1; i <= kWrites; ++i) {
    std::shared_ptr<const Versioned> previous =
        pointer.Exchange(std::make_shared<const Versioned>(i));
    if (previous->sequence != i - 1) ++wrong_previous;
  }
  done.store(true, std::memory_order_release);
  for (std::thread& reader : readers) reader.join();

  EXPECT_EQ(broken_values.load(), 0);
  EXPECT_EQ(out_of_order.load(), 0);
  EXPECT_EQ(wrong_previous, 0);
  EXPECT_EQ(pointer.Load()->sequence, kWrites);
}

// Loads a policy that must have no errors; warnings are allowed.
Policy MustLoad(const std::string& text) {
  LoadResult result = LoadPolicyText(text, "test.json");
  for (const Diagnostic& diagnostic : result.diagnostics) {
    if (diagnostic.severity == Severity::kError) ADD_FAILURE() << FormatDiagnostic(diagnostic);
  }
  return result.policy.value_or(Policy{});
}

Client MakeClient(std::string client_id) {
  Client client;
  client.client_id = std::move(client_id);
  return client;
}

constexpr char kPolicyA[] = R"({"authorizationPolicies": {"cache": "Enabled", "rules": [
  {"principals": {"clientIds": ["sensor-1", "sensor-2"]},
   "brokerResources": [
     {"method": "Connect"},
     {"method": "Publish", "topics": ["a/{principal.clientId}/#", "shared/+"]},
     {"method": "Subscribe", "topics": ["commands/+"]}],
   "stateStoreResources": [{"method": "Read", "keyType": "Pattern", "keys": ["config/*"]}]},
  {"principals": {"clientIds": ["sensor-3"]},
   "brokerResources": [{"method": "Publish", "topics": ["b/#"]}]}]}})";

constexpr char kPolicyB[] = R"({"authorizationPolicies": {"cache": "Enabled", "rules": [
  {"principals": {"clientIds": ["sensor-2", "sensor-3"]},
   "brokerResources": [
     {"method": "Connect", "clientIds": ["sensor-?"]},
     {"method": "Publish", "topics": ["b/#", "shared/x"]},
     {"method": "Subscribe", "topics": ["commands/#"]}],
   "stateStoreResources": [
     {"method": "ReadWrite", "keyType": "String", "keys": ["config/{principal.clientId}"]}]}]}})";

std::vector<Request> StressRequests() {
  return {{Action::kConnect, "", ""},
          {Action::kPublish, "a/sensor-1/t", ""},
          {Action::kPublish, "a/sensor-2/t", ""},
          {Action::kPublish, "b/x/y", ""},
          {Action::kPublish, "shared/x", ""},
          {Action::kPublish, "shared/y", ""},
          {Action::kSubscribe, "commands/+", ""},
          {Action::kSubscribe, "commands/#", ""},
          {Action::kGet, "", "config/sensor-2"},
          {Action::kSet, "", "config/sensor-3"},
          {Action::kGet, "", "other"}};
}

TEST(SwapStressTest, EveryDecisionIsFromTheSessionsGeneration) {
  const Policy policy_a = MustLoad(kPolicyA);
  const Policy policy_b = MustLoad(kPolicyB);
  AuthorizerOptions options;
  options.cache_max_bytes = DecisionCache::MinBytes() + 16 * 1024;  // small, so entries churn
  absl::StatusOr<std::unique_ptr<Authorizer>> created = Authorizer::Create(policy_a, options);
  ASSERT_TRUE(created.ok()) << created.status();
  Authorizer& authorizer = **created;

  // The writer alternates B, A, B, ... starting from generation 1 = A, so odd generations
  // are policy A and even generations policy B.
  auto policy_of = [&](std::uint64_t generation) -> const Policy& {
    return generation % 2 == 1 ? policy_a : policy_b;
  };

  constexpr int kReaders = 3;
  constexpr int kSwaps = 60;
  constexpr int kMinRoundsPerReader = 200;
  const std::vector<Client> clients = {MakeClient("sensor-1"), MakeClient("sensor-2"),
                                       MakeClient("sensor-3")};
  const std::vector<Request> requests = StressRequests();
  std::atomic<bool> writer_done{false};
  std::atomic<int> wrong_decisions{0};
  std::atomic<int> wrong_policies{0};
  std::atomic<int> generations_going_back{0};
  std::atomic<std::uint64_t> decisions{0};

  std::vector<std::thread> readers;
  for (int r = 0; r < kReaders; ++r) {
    readers.emplace_back([&, r] {
      std::uint64_t last_generation = 0;
      for (int round = 0; round < kMinRoundsPerReader || !writer_done.load(); ++round) {
        const Client& client = clients[static_cast<std::size_t>(round + r) % clients.size()];
        const Session session = authorizer.Bind(client);
        if (session.generation() < last_generation) generations_going_back.fetch_add(1);
        last_generation = session.generation();

        const Policy& expected_policy = policy_of(session.generation());
        if (session.rule_count() != expected_policy.rules.size()) {
          wrong_policies.fetch_add(1);
        }
        // Each session decides every request twice, the second time usually from the
        // cache, while the writer may replace the policy in between.
        for (int pass = 0; pass < 2; ++pass) {
          for (const Request& request : requests) {
            if (session.Decide(request) != EvaluateReference(expected_policy, client, request)) {
              wrong_decisions.fetch_add(1);
            }
            decisions.fetch_add(1, std::memory_order_relaxed);
          }
        }
      }
    });
  }

  int failed_updates = 0;
  for (int swap = 1; swap <= kSwaps; ++swap) {
    if (!authorizer.Update(swap % 2 == 1 ? policy_b : policy_a).ok()) ++failed_updates;
  }
  writer_done.store(true);
  for (std::thread& reader : readers) reader.join();

  EXPECT_EQ(failed_updates, 0);
  EXPECT_EQ(authorizer.generation(), static_cast<std::uint64_t>(kSwaps + 1));
  EXPECT_EQ(wrong_decisions.load(), 0);
  EXPECT_EQ(wrong_policies.load(), 0);
  EXPECT_EQ(generations_going_back.load(), 0);
  EXPECT_GE(decisions.load(),
            static_cast<std::uint64_t>(kReaders) * kMinRoundsPerReader * 2 * requests.size());
}

TEST(SwapStressTest, LongLivedSessionsDecideDuringSwaps) {
  const Policy policy_a = MustLoad(kPolicyA);
  const Policy policy_b = MustLoad(kPolicyB);
  AuthorizerOptions options;
  options.cache_max_bytes = DecisionCache::MinBytes() + 16 * 1024;
  absl::StatusOr<std::unique_ptr<Authorizer>> created = Authorizer::Create(policy_a, options);
  ASSERT_TRUE(created.ok()) << created.status();
  Authorizer& authorizer = **created;

  // Sessions bound before any swap must keep deciding under policy A, through a cache
  // that the Authorizer no longer refers to after the first swap.
  const Client client = MakeClient("sensor-2");
  const Session shared_session = authorizer.Bind(client);
  const std::vector<Request> requests = StressRequests();
  std::atomic<bool> writer_done{false};
  std::atomic<int> wrong_decisions{0};

  std::vector<std::thread> readers;
  for (int r = 0; r < 3; ++r) {
    readers.emplace_back([&] {
      for (int round = 0; round < 300 || !writer_done.load(); ++round) {
        for (const Request& request : requests) {
          if (shared_session.Decide(request) != EvaluateReference(policy_a, client, request)) {
            wrong_decisions.fetch_add(1);
          }
        }
      }
    });
  }
  int failed_updates = 0;
  for (int swap = 1; swap <= 40; ++swap) {
    if (!authorizer.Update(swap % 2 == 1 ? policy_b : policy_a).ok()) ++failed_updates;
  }
  writer_done.store(true);
  for (std::thread& reader : readers) reader.join();

  EXPECT_EQ(failed_updates, 0);
  EXPECT_EQ(wrong_decisions.load(), 0);
  EXPECT_EQ(shared_session.generation(), 1u);
  std::optional<DecisionCacheStats> stats = shared_session.cache_stats();
  ASSERT_TRUE(stats.has_value());
  EXPECT_GT(stats->hits, 0u);
}

}  // namespace
}  // namespace mqauthz
