// A bounded, lock-free memo of Decisions per (session, action, topic or key).
//
// Design. The cache is one table allocated when the cache is created and never resized,
// so the memory bound is met by construction: the table, the object and an allowance for
// allocator bookkeeping together fit in the bound the caller sets. The table is
// set-associative: a key's hash picks a set of kWays slots, and a new entry replaces an
// empty slot of that set or, when the set is full, a victim chosen by the clock
// (second-chance) rule.
//
// Each slot is a seqlock over atomic 64-bit words. A reader loads the slot's version,
// the stored key and decision, then the version again, and uses the entry only when both
// versions are equal and even. A writer claims a slot by moving its version from even to
// odd with one compare-and-swap and skips caching when another writer has claimed it. Neither
// side ever waits: a reader that meets a slot being written reports a miss, and a writer
// that meets a busy slot drops its entry. A hit requires the session id, the action and
// every byte of the topic or key to be equal; the hash only chooses where to look.
//
// Counters are spread over 16 cache-line stripes, chosen by thread, so that concurrent
// readers rarely update the same line. Stats() adds the stripes up.

#ifndef MQAUTHZ_RUNTIME_DECISION_CACHE_H_
#define MQAUTHZ_RUNTIME_DECISION_CACHE_H_

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <type_traits>

#include "absl/status/statusor.h"
#include "core/decision.h"
#include "core/request.h"

namespace mqauthz {

// Counters and sizes of one DecisionCache. The counters are read one by one without a
// common lock, so under concurrent use they may be a few operations apart.
struct DecisionCacheStats {
  std::uint64_t hits = 0;
  std::uint64_t misses = 0;  // includes oversized_keys
  std::uint64_t insertions = 0;
  std::uint64_t evictions = 0;       // valid entries replaced by a different entry
  std::uint64_t oversized_keys = 0;  // lookups whose topic or key exceeds kMaxKeyBytes
  std::uint64_t busy_skips = 0;      // insertions dropped because another writer held the slot
  std::size_t memory_bytes = 0;      // everything the cache allocated, see memory_bytes()
  std::size_t max_bytes = 0;         // the bound given to Create
  std::size_t capacity = 0;          // number of slots
};

class DecisionCache {
 public:
  // Slots per set. Four slots of 256 bytes keep a lookup within one kilobyte of the table.
  static constexpr std::size_t kWays = 4;

  // Maximum length in bytes of a topic or key that the cache stores. Requests with longer
  // ones are decided every time.
  static constexpr std::size_t kMaxKeyBytes = 208;

  // Estimate of what the allocator adds to the cache's two allocations (the object and
  // the table): glibc's chunk headers, padding for 64-byte alignment, and the rounding
  // of an mmap-backed table up to whole 4 KiB pages. It is counted in memory_bytes().
  static constexpr std::size_t kAllocatorAllowanceBytes = 8192;

  // Creates a cache whose memory_bytes() is at most `max_bytes`, with as many slots as
  // fit. Errors: InvalidArgument when `max_bytes` is smaller than MinBytes(). The whole
  // table is allocated and zeroed here; nothing is allocated afterwards.
  static absl::StatusOr<std::unique_ptr<DecisionCache>> Create(std::size_t max_bytes);

  // Restricts construction to Create while letting it use std::make_unique.
  class ConstructionKey {
   private:
    ConstructionKey() = default;
    friend class DecisionCache;
  };
  DecisionCache(ConstructionKey key, std::size_t max_bytes, std::size_t set_count);

  // Returns the smallest bound that Create accepts: room for one set of slots.
  static std::size_t MinBytes();

  DecisionCache(const DecisionCache&) = delete;
  DecisionCache& operator=(const DecisionCache&) = delete;

  // Returns the cached decision for (session_id, action, resource), or nullopt on a miss.
  // `resource` is the topic (publish, subscribe), the key (state store actions) or empty
  // (connect). Counts a hit or a miss. Thread-safe, lock-free and allocation-free.
  std::optional<Decision> Lookup(std::uint64_t session_id, Action action,
                                 std::string_view resource) const;

  // Stores `decision` for (session_id, action, resource), replacing an older entry of the
  // same set when the set is full. Returns whether the entry was stored: it is not when
  // `resource` is longer than kMaxKeyBytes, when the key is already present, or when
  // another thread is writing the chosen slot. Thread-safe, lock-free and
  // allocation-free.
  bool Insert(std::uint64_t session_id, Action action, std::string_view resource,
              const Decision& decision);

  // Returns the counters and sizes. Thread-safe.
  DecisionCacheStats Stats() const;

  // Returns the bytes this cache allocated: the object, the table and
  // kAllocatorAllowanceBytes. Never more than max_bytes().
  std::size_t memory_bytes() const;
  std::size_t max_bytes() const { return max_bytes_; }
  std::size_t capacity() const { return set_count_ * kWays; }

 private:
  static constexpr std::size_t kKeyWords = kMaxKeyBytes / 8;
  static constexpr std::size_t kCounterStripes = 16;

  // One entry. Every field is an atomic word because readers load the fields while a
  // writer may be storing them. The version word shows a reader whether what it loaded
  // is whole.
  struct alignas(64) Slot {
    std::atomic<std::uint64_t> version;  // odd while a writer fills the slot
    std::atomic<std::uint64_t> hash;     // of (session, action, resource)
    std::atomic<std::uint64_t> session_id;
    std::atomic<std::uint64_t> meta;        // valid bit, action, key length, decision
    std::atomic<std::uint64_t> grant;       // rule and resource indices
    std::atomic<std::uint64_t> referenced;  // clock bit: set by hits, cleared by sweeps
    std::array<std::atomic<std::uint64_t>, kKeyWords> key;  // zero-padded bytes
  };
  // 256 bytes is four cache lines, and a round size keeps every slot line-aligned.
  static_assert(sizeof(Slot) == 256, "a slot is four 64-byte cache lines");
  // No array cookie: make_unique<Slot[]>(n) then allocates exactly n * sizeof(Slot).
  static_assert(std::is_trivially_destructible_v<Slot>, "the table's size must be exact");
  static_assert(std::atomic<std::uint64_t>::is_always_lock_free,
                "readers must never wait, so 64-bit atomics must be lock-free");

  // Per-thread counters, one cache line each so that threads do not contend.
  struct alignas(64) CounterStripe {
    std::atomic<std::uint64_t> hits{0};
    std::atomic<std::uint64_t> misses{0};
    std::atomic<std::uint64_t> insertions{0};
    std::atomic<std::uint64_t> evictions{0};
    std::atomic<std::uint64_t> oversized_keys{0};
    std::atomic<std::uint64_t> busy_skips{0};
  };
  static_assert(sizeof(CounterStripe) == 64, "one stripe per cache line");

  // The stored form of an entry's identity, computed once per Lookup or Insert.
  struct Probe {
    std::uint64_t hash;
    std::uint64_t session_id;
    std::uint64_t meta_key_bits;  // action and key length, as stored in Slot::meta
    std::string_view resource;
  };

  static std::size_t TableBytesFor(std::size_t set_count);
  static Probe MakeProbe(std::uint64_t session_id, Action action, std::string_view resource);

  Slot* SetFor(std::uint64_t hash) const;
  std::optional<Decision> ReadIfMatches(const Slot& slot, const Probe& probe) const;
  Slot& ChooseVictim(Slot* set, std::uint64_t hash) const;
  bool WriteSlot(Slot& slot, const Probe& probe, const Decision& decision);
  CounterStripe& Counters() const;

  const std::size_t max_bytes_;
  const std::size_t set_count_;
  std::unique_ptr<Slot[]> table_;
  mutable std::array<CounterStripe, kCounterStripes> counters_;
};

}  // namespace mqauthz

#endif  // MQAUTHZ_RUNTIME_DECISION_CACHE_H_
