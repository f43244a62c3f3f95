#include "runtime/decision_cache.h"

#include <malloc.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "gtest/gtest.h"

namespace mqauthz {
namespace {

constexpr std::size_t kSmallBound = 64 * 1024;

std::unique_ptr<DecisionCache> MustCreate(std::size_t max_bytes) {
  absl::StatusOr<std::unique_ptr<DecisionCache>> cache = DecisionCache::Create(max_bytes);
  EXPECT_TRUE(cache.ok()) << cache.status();
  return cache.ok() ? *std::move(cache) : nullptr;
}

Decision AllowedBy(int rule, ResourceKind kind, int resource, int pattern) {
  return Decision::Allow(Grant{rule, kind, resource, pattern});
}

TEST(DecisionCacheTest, RejectsBoundBelowMinimum) {
  absl::StatusOr<std::unique_ptr<DecisionCache>> cache =
      DecisionCache::Create(DecisionCache::MinBytes() - 1);
  ASSERT_FALSE(cache.ok());
  EXPECT_EQ(cache.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(cache.status().message().find("below the minimum"), absl::string_view::npos)
      << cache.status();
}

TEST(DecisionCacheTest, MinimumBoundHoldsOneSet) {
  std::unique_ptr<DecisionCache> cache = MustCreate(DecisionCache::MinBytes());
  ASSERT_NE(cache, nullptr);
  EXPECT_EQ(cache->capacity(), DecisionCache::kWays);
  EXPECT_LE(cache->memory_bytes(), cache->max_bytes());
}

TEST(DecisionCacheTest, MemoryStaysWithinBound) {
  const std::size_t bounds[] = {
      DecisionCache::MinBytes() + 1, kSmallBound, 100'003, 1 << 20, (1 << 20) + 255, 3 << 20};
  for (std::size_t bound : bounds) {
    std::unique_ptr<DecisionCache> cache = MustCreate(bound);
    ASSERT_NE(cache, nullptr) << bound;
    EXPECT_LE(cache->memory_bytes(), bound);
    EXPECT_EQ(cache->Stats().max_bytes, bound);
    // Less than one set of slots is left unused.
    EXPECT_GT(cache->memory_bytes() + DecisionCache::kWays * 256, bound) << bound;
  }
}

// GCC defines __SANITIZE_*__; Clang reports sanitizers through __has_feature.
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
#define MQAUTHZ_TEST_UNDER_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer) || __has_feature(address_sanitizer)
#define MQAUTHZ_TEST_UNDER_SANITIZER 1
#endif
#endif

// Sanitizers replace glibc's allocator, so mallinfo2 does not count their allocations.
#ifdef MQAUTHZ_TEST_UNDER_SANITIZER
constexpr bool kAllocatorReplaced = true;
#else
constexpr bool kAllocatorReplaced = false;
#endif

// Returns the bytes glibc's allocator has handed out, mmap-backed blocks included.
std::size_t AllocatedBytes() {
  const struct mallinfo2 info = mallinfo2();
  return info.uordblks + info.hblkhd;
}

TEST(DecisionCacheTest, AllocatorSeesNoMoreThanMemoryBytes) {
  if (kAllocatorReplaced) GTEST_SKIP() << "mallinfo2 does not count under a sanitizer";

  // One table below glibc's mmap threshold (128 KiB by default), one above it.
  for (std::size_t bound : {std::size_t{64} * 1024, std::size_t{4} << 20}) {
    const std::size_t before = AllocatedBytes();
    std::unique_ptr<DecisionCache> cache = MustCreate(bound);
    ASSERT_NE(cache, nullptr);
    const std::size_t after = AllocatedBytes();
    EXPECT_GT(after, before) << bound;
    EXPECT_LE(after - before, cache->memory_bytes()) << bound;
    EXPECT_LE(cache->memory_bytes(), bound);
  }
}

TEST(DecisionCacheTest, MissThenHit) {
  std::unique_ptr<DecisionCache> cache = MustCreate(kSmallBound);
  ASSERT_NE(cache, nullptr);
  const Decision decision = AllowedBy(2, ResourceKind::kBroker, 1, 0);

  EXPECT_FALSE(cache->Lookup(7, Action::kPublish, "sensors/temp").has_value());
  EXPECT_TRUE(cache->Insert(7, Action::kPublish, "sensors/temp", decision));
  std::optional<Decision> cached = cache->Lookup(7, Action::kPublish, "sensors/temp");
  ASSERT_TRUE(cached.has_value());
  EXPECT_EQ(*cached, decision);

  DecisionCacheStats stats = cache->Stats();
  EXPECT_EQ(stats.hits, 1u);
  EXPECT_EQ(stats.misses, 1u);
  EXPECT_EQ(stats.insertions, 1u);
  EXPECT_EQ(stats.evictions, 0u);
}

TEST(DecisionCacheTest, InsertOfPresentKeyIsSkipped) {
  std::unique_ptr<DecisionCache> cache = MustCreate(kSmallBound);
  ASSERT_NE(cache, nullptr);
  EXPECT_TRUE(cache->Insert(1, Action::kGet, "k", Decision::Deny(DenyReason::kNoRuleMatched)));
  EXPECT_FALSE(cache->Insert(1, Action::kGet, "k", Decision::Deny(DenyReason::kNoRuleMatched)));
  EXPECT_EQ(cache->Stats().insertions, 1u);
}

TEST(DecisionCacheTest, DecisionsRoundTripExactly) {
  const Decision decisions[] = {
      AllowedBy(0, ResourceKind::kBroker, 0, -1),
      AllowedBy(0, ResourceKind::kBroker, 0, 0),
      AllowedBy(12345, ResourceKind::kStateStore, 678, 91011),
      AllowedBy(2147483647, ResourceKind::kBroker, 2147483647, 2147483647),
      Decision::Deny(DenyReason::kNoRuleMatched),
      Decision::Deny(DenyReason::kInvalidTopic),
      Decision::Deny(DenyReason::kInvalidFilter),
      Decision::Deny(DenyReason::kInvalidKey),
  };
  std::unique_ptr<DecisionCache> cache = MustCreate(kSmallBound);
  ASSERT_NE(cache, nullptr);
  std::uint64_t session = 1;
  for (const Decision& decision : decisions) {
    ASSERT_TRUE(cache->Insert(session, Action::kSubscribe, "a/+/b", decision));
    std::optional<Decision> cached = cache->Lookup(session, Action::kSubscribe, "a/+/b");
    ASSERT_TRUE(cached.has_value()) << session;
    EXPECT_EQ(*cached, decision) << session;
    ++session;
  }
}

TEST(DecisionCacheTest, KeysCompareExactly) {
  std::unique_ptr<DecisionCache> cache = MustCreate(1 << 20);
  ASSERT_NE(cache, nullptr);
  const std::string key = "building/22/floor/3/temperature";  // longer than one word
  ASSERT_TRUE(cache->Insert(5, Action::kPublish, key, AllowedBy(0, ResourceKind::kBroker, 0, 0)));

  EXPECT_FALSE(cache->Lookup(6, Action::kPublish, key).has_value());    // other session
  EXPECT_FALSE(cache->Lookup(5, Action::kSubscribe, key).has_value());  // other action
  EXPECT_FALSE(cache->Lookup(5, Action::kPublish, key + "x").has_value());
  EXPECT_FALSE(cache->Lookup(5, Action::kPublish, key.substr(0, key.size() - 1)).has_value());
  EXPECT_FALSE(cache->Lookup(5, Action::kPublish, "").has_value());
  for (std::size_t i = 0; i < key.size(); ++i) {
    std::string changed = key;
    changed[i] ^= 1;
    EXPECT_FALSE(cache->Lookup(5, Action::kPublish, changed).has_value()) << changed;
  }
  EXPECT_TRUE(cache->Lookup(5, Action::kPublish, key).has_value());
}

TEST(DecisionCacheTest, KeysWithZeroBytesCompareExactly) {
  std::unique_ptr<DecisionCache> cache = MustCreate(1 << 20);
  ASSERT_NE(cache, nullptr);
  // The stored tail is zero-padded, so a key and the same key plus a zero byte must differ
  // by their length.
  const std::string key("ab", 2);
  const std::string key_with_zero("ab\0", 3);
  ASSERT_TRUE(cache->Insert(1, Action::kSet, key, AllowedBy(0, ResourceKind::kStateStore, 0, 0)));
  EXPECT_FALSE(cache->Lookup(1, Action::kSet, key_with_zero).has_value());
  ASSERT_TRUE(
      cache->Insert(1, Action::kSet, key_with_zero, Decision::Deny(DenyReason::kInvalidKey)));

  std::optional<Decision> short_entry = cache->Lookup(1, Action::kSet, key);
  ASSERT_TRUE(short_entry.has_value());
  EXPECT_TRUE(short_entry->allowed);
  std::optional<Decision> long_entry = cache->Lookup(1, Action::kSet, key_with_zero);
  ASSERT_TRUE(long_entry.has_value());
  EXPECT_FALSE(long_entry->allowed);
}

TEST(DecisionCacheTest, EmptyResourceIsCached) {
  std::unique_ptr<DecisionCache> cache = MustCreate(kSmallBound);
  ASSERT_NE(cache, nullptr);
  ASSERT_TRUE(cache->Insert(3, Action::kConnect, "", AllowedBy(1, ResourceKind::kBroker, 0, -1)));
  std::optional<Decision> cached = cache->Lookup(3, Action::kConnect, "");
  ASSERT_TRUE(cached.has_value());
  EXPECT_EQ(cached->grant.pattern, -1);
}

TEST(DecisionCacheTest, OversizedKeysAreNotCached) {
  std::unique_ptr<DecisionCache> cache = MustCreate(kSmallBound);
  ASSERT_NE(cache, nullptr);
  const std::string longest(DecisionCache::kMaxKeyBytes, 'k');
  const std::string too_long(DecisionCache::kMaxKeyBytes + 1, 'k');
  const Decision decision = AllowedBy(0, ResourceKind::kStateStore, 0, 0);

  EXPECT_TRUE(cache->Insert(1, Action::kGet, longest, decision));
  EXPECT_TRUE(cache->Lookup(1, Action::kGet, longest).has_value());
  EXPECT_FALSE(cache->Insert(1, Action::kGet, too_long, decision));
  EXPECT_FALSE(cache->Lookup(1, Action::kGet, too_long).has_value());

  DecisionCacheStats stats = cache->Stats();
  EXPECT_EQ(stats.oversized_keys, 1u);
  EXPECT_EQ(stats.misses, 1u);
  EXPECT_EQ(stats.hits, 1u);
  EXPECT_EQ(stats.insertions, 1u);
}

TEST(DecisionCacheTest, ChurnKeepsBoundAndEvicts) {
  std::unique_ptr<DecisionCache> cache = MustCreate(kSmallBound);
  ASSERT_NE(cache, nullptr);
  constexpr int kTopics = 50'000;
  for (int i = 0; i < kTopics; ++i) {
    const std::string topic = "devices/" + std::to_string(i) + "/telemetry";
    const Decision decision = AllowedBy(i % 7, ResourceKind::kBroker, i % 3, i);
    EXPECT_FALSE(cache->Lookup(1, Action::kPublish, topic).has_value());
    EXPECT_TRUE(cache->Insert(1, Action::kPublish, topic, decision));
    std::optional<Decision> cached = cache->Lookup(1, Action::kPublish, topic);
    ASSERT_TRUE(cached.has_value()) << topic;
    EXPECT_EQ(*cached, decision);
  }

  DecisionCacheStats stats = cache->Stats();
  EXPECT_LE(stats.memory_bytes, kSmallBound);
  EXPECT_EQ(stats.insertions, static_cast<std::uint64_t>(kTopics));
  EXPECT_EQ(stats.hits, static_cast<std::uint64_t>(kTopics));
  EXPECT_EQ(stats.misses, static_cast<std::uint64_t>(kTopics));
  // Every insertion beyond the capacity replaced an entry.
  EXPECT_GE(stats.evictions, kTopics - stats.capacity);
  EXPECT_LT(stats.evictions, static_cast<std::uint64_t>(kTopics));
}

TEST(DecisionCacheTest, ReferencedEntrySurvivesEviction) {
  std::unique_ptr<DecisionCache> cache = MustCreate(DecisionCache::MinBytes());
  ASSERT_NE(cache, nullptr);
  ASSERT_EQ(cache->capacity(), DecisionCache::kWays);  // one set: every key shares it
  const Decision decision = Decision::Deny(DenyReason::kNoRuleMatched);
  for (std::size_t i = 0; i < DecisionCache::kWays; ++i) {
    ASSERT_TRUE(cache->Insert(1, Action::kGet, "key" + std::to_string(i), decision));
  }
  ASSERT_TRUE(cache->Lookup(1, Action::kGet, "key0").has_value());  // sets the clock bit

  ASSERT_TRUE(cache->Insert(1, Action::kGet, "new", decision));
  EXPECT_EQ(cache->Stats().evictions, 1u);
  EXPECT_TRUE(cache->Lookup(1, Action::kGet, "key0").has_value());
  EXPECT_TRUE(cache->Lookup(1, Action::kGet, "new").has_value());
}

// The decision stored for a key is a function of the key, so any hit that returns
// something else was read while a writer was changing the slot.
Decision ExpectedDecisionFor(int session, int key) {
  if (key % 5 == 0) return Decision::Deny(DenyReason::kNoRuleMatched);
  return Decision::Allow(Grant{key, ResourceKind::kBroker, session, key * 3});
}

TEST(DecisionCacheTest, ConcurrentReadersAndWritersSeeWholeEntries) {
  // A small table, so that threads keep evicting each other's entries.
  std::unique_ptr<DecisionCache> cache = MustCreate(DecisionCache::MinBytes() + 8 * 1024);
  ASSERT_NE(cache, nullptr);
  constexpr int kThreads = 4;
  constexpr int kRounds = 50'000;
  constexpr int kKeys = 97;
  std::atomic<int> wrong_decisions{0};
  std::atomic<std::uint64_t> hits{0};

  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < kRounds; ++round) {
        const int key = (round * 31 + t * 17) % kKeys;
        const int session = key % 3;
        // Keys of different lengths, crossing word boundaries.
        const std::string topic =
            std::string(static_cast<std::size_t>(key % 40), 'x') + "/" + std::to_string(key);
        const Decision expected = ExpectedDecisionFor(session, key);
        std::optional<Decision> cached =
            cache->Lookup(static_cast<std::uint64_t>(session), Action::kPublish, topic);
        if (cached.has_value()) {
          hits.fetch_add(1, std::memory_order_relaxed);
          if (!(*cached == expected)) wrong_decisions.fetch_add(1, std::memory_order_relaxed);
        } else {
          cache->Insert(static_cast<std::uint64_t>(session), Action::kPublish, topic, expected);
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  EXPECT_EQ(wrong_decisions.load(), 0);
  DecisionCacheStats stats = cache->Stats();
  EXPECT_EQ(stats.hits + stats.misses, static_cast<std::uint64_t>(kThreads) * kRounds);
  EXPECT_EQ(stats.hits, hits.load());
  EXPECT_GT(stats.evictions, 0u);
  EXPECT_LE(stats.memory_bytes, stats.max_bytes);
}

}  // namespace
}  // namespace mqauthz
