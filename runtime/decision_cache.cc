// Slot layout and memory order of the seqlock (see decision_cache.h for the design).
//
// Slot::meta packs the entry's identity and most of its decision:
//   bits  0-31  grant.pattern (as uint32)
//   bits 32-39  length of the topic or key (at most kMaxKeyBytes = 208)
//   bits 40-43  action
//   bit  44     allowed
//   bits 45-47  deny reason
//   bit  48     grant.kind
//   bit  63     valid (0 in a slot never written)
// Slot::grant packs grant.rule (high 32 bits) and grant.resource (low 32 bits).
//
// Memory order. A writer claims the slot with a relaxed compare-and-swap to an odd
// version, stores every data word with release order, and publishes the even version with
// release order. A reader loads the version and every data word with acquire order, so
// its second version load cannot move before any data load. Suppose a data load returns
// a value from a writer that has not finished. Then the reader synchronizes with that
// writer's release store, and its second version load returns that writer's odd version
// or a later one, so the entry is rejected. On x86-64 acquire loads and release stores are plain
// moves, so the seqlock costs no fences there. Standalone fences are avoided because
// ThreadSanitizer does not model them.

#include "runtime/decision_cache.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "absl/hash/hash.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace mqauthz {
namespace {

constexpr std::uint64_t kValidBit = std::uint64_t{1} << 63;
constexpr int kKeyLengthShift = 32;
constexpr int kActionShift = 40;
constexpr int kAllowedShift = 44;
constexpr int kDenyReasonShift = 45;
constexpr int kKindShift = 48;

// The bits of Slot::meta that identify an entry: valid bit, action and key length.
constexpr std::uint64_t kIdentityMask =
    kValidBit | (std::uint64_t{0xF} << kActionShift) | (std::uint64_t{0xFF} << kKeyLengthShift);

static_assert(DecisionCache::kMaxKeyBytes <= 0xFF, "the key length must fit in 8 bits");
static_assert(static_cast<int>(Action::kVDel) <= 0xF, "actions must fit in 4 bits");
static_assert(static_cast<int>(DenyReason::kInvalidKey) <= 0x7, "deny reasons must fit in 3 bits");

// Set indices are computed by multiplying the high 32 bits of the hash by the set count
// (Lemire's multiply-shift range reduction), so the set count is any number below 2^32.
constexpr std::size_t kMaxSetCount = (std::size_t{1} << 32) - 1;

std::uint64_t PackDecision(const Decision& decision) {
  return std::uint64_t{static_cast<std::uint32_t>(decision.grant.pattern)} |
         (std::uint64_t{decision.allowed} << kAllowedShift) |
         (static_cast<std::uint64_t>(decision.deny_reason) << kDenyReasonShift) |
         (static_cast<std::uint64_t>(decision.grant.kind) << kKindShift);
}

std::uint64_t PackGrant(const Grant& grant) {
  return (std::uint64_t{static_cast<std::uint32_t>(grant.rule)} << 32) |
         std::uint64_t{static_cast<std::uint32_t>(grant.resource)};
}

Decision UnpackDecision(std::uint64_t meta, std::uint64_t grant) {
  Decision decision;
  decision.allowed = ((meta >> kAllowedShift) & 1) != 0;
  decision.deny_reason = static_cast<DenyReason>((meta >> kDenyReasonShift) & 0x7);
  decision.grant.kind = static_cast<ResourceKind>((meta >> kKindShift) & 1);
  decision.grant.pattern = static_cast<std::int32_t>(static_cast<std::uint32_t>(meta));
  decision.grant.rule = static_cast<std::int32_t>(static_cast<std::uint32_t>(grant >> 32));
  decision.grant.resource = static_cast<std::int32_t>(static_cast<std::uint32_t>(grant));
  return decision;
}

// Returns the i-th 8-byte word of `resource`, zero-padded past its end.
std::uint64_t KeyWord(std::string_view resource, std::size_t index) {
  const std::size_t offset = index * 8;
  std::uint64_t word = 0;
  std::memcpy(&word, resource.data() + offset, std::min<std::size_t>(8, resource.size() - offset));
  return word;
}

std::size_t KeyWordCount(std::size_t length) { return (length + 7) / 8; }

// Returns a small number that differs between threads, to spread counter updates.
std::size_t ThreadStripeIndex() {
  static std::atomic<std::size_t> next_index{0};
  thread_local const std::size_t index = next_index.fetch_add(1, std::memory_order_relaxed);
  return index;
}

}  // namespace

DecisionCache::DecisionCache(ConstructionKey /*key*/, std::size_t max_bytes, std::size_t set_count)
    : max_bytes_(max_bytes),
      set_count_(set_count),
      table_(std::make_unique<Slot[]>(set_count * kWays)) {}

std::size_t DecisionCache::TableBytesFor(std::size_t set_count) {
  return set_count * kWays * sizeof(Slot);
}

std::size_t DecisionCache::MinBytes() {
  return sizeof(DecisionCache) + kAllocatorAllowanceBytes + TableBytesFor(1);
}

absl::StatusOr<std::unique_ptr<DecisionCache>> DecisionCache::Create(std::size_t max_bytes) {
  if (max_bytes < MinBytes()) {
    return absl::InvalidArgumentError(
        absl::StrCat("decision cache bound of ", max_bytes, " bytes is below the minimum of ",
                     MinBytes(), " bytes; raise it, or set cache: Disabled in the policy"));
  }
  const std::size_t fixed_bytes = sizeof(DecisionCache) + kAllocatorAllowanceBytes;
  const std::size_t set_count =
      std::min((max_bytes - fixed_bytes) / TableBytesFor(1), kMaxSetCount);
  return std::make_unique<DecisionCache>(ConstructionKey(), max_bytes, set_count);
}

std::size_t DecisionCache::memory_bytes() const {
  return sizeof(DecisionCache) + kAllocatorAllowanceBytes + TableBytesFor(set_count_);
}

DecisionCache::Probe DecisionCache::MakeProbe(std::uint64_t session_id, Action action,
                                              std::string_view resource) {
  Probe probe;
  probe.hash = absl::HashOf(session_id, static_cast<int>(action),
                            absl::string_view(resource.data(), resource.size()));
  probe.session_id = session_id;
  probe.meta_key_bits = kValidBit | (static_cast<std::uint64_t>(action) << kActionShift) |
                        (static_cast<std::uint64_t>(resource.size()) << kKeyLengthShift);
  probe.resource = resource;
  return probe;
}

DecisionCache::Slot* DecisionCache::SetFor(std::uint64_t hash) const {
  const std::size_t set_index = static_cast<std::size_t>(((hash >> 32) * set_count_) >> 32);
  return &table_[set_index * kWays];
}

DecisionCache::CounterStripe& DecisionCache::Counters() const {
  return counters_[ThreadStripeIndex() % kCounterStripes];
}

std::optional<Decision> DecisionCache::ReadIfMatches(const Slot& slot, const Probe& probe) const {
  const std::uint64_t version = slot.version.load(std::memory_order_acquire);
  if ((version & 1) != 0) return std::nullopt;  // a writer is filling the slot

  // Early exits need no validation: a torn read can only turn a hit into a miss here.
  if (slot.hash.load(std::memory_order_acquire) != probe.hash) return std::nullopt;
  if (slot.session_id.load(std::memory_order_acquire) != probe.session_id) return std::nullopt;
  const std::uint64_t meta = slot.meta.load(std::memory_order_acquire);
  if ((meta & kIdentityMask) != probe.meta_key_bits) return std::nullopt;
  for (std::size_t i = 0; i < KeyWordCount(probe.resource.size()); ++i) {
    if (slot.key[i].load(std::memory_order_acquire) != KeyWord(probe.resource, i)) {
      return std::nullopt;
    }
  }
  const std::uint64_t grant = slot.grant.load(std::memory_order_acquire);

  // Everything above was loaded with acquire order, so this load comes after all of it.
  if (slot.version.load(std::memory_order_relaxed) != version) return std::nullopt;
  return UnpackDecision(meta, grant);
}

std::optional<Decision> DecisionCache::Lookup(std::uint64_t session_id, Action action,
                                              std::string_view resource) const {
  CounterStripe& counters = Counters();
  if (resource.size() > kMaxKeyBytes) {
    counters.oversized_keys.fetch_add(1, std::memory_order_relaxed);
    counters.misses.fetch_add(1, std::memory_order_relaxed);
    return std::nullopt;
  }

  const Probe probe = MakeProbe(session_id, action, resource);
  Slot* set = SetFor(probe.hash);
  for (std::size_t way = 0; way < kWays; ++way) {
    std::optional<Decision> decision = ReadIfMatches(set[way], probe);
    if (!decision.has_value()) continue;

    // The clock bit is a replacement hint, outside the seqlock: a lost or stray update
    // only changes which entry is evicted next. Checking first avoids writing the
    // cache line on every hit.
    if (set[way].referenced.load(std::memory_order_relaxed) == 0) {
      set[way].referenced.store(1, std::memory_order_relaxed);
    }
    counters.hits.fetch_add(1, std::memory_order_relaxed);
    return decision;
  }
  counters.misses.fetch_add(1, std::memory_order_relaxed);
  return std::nullopt;
}

DecisionCache::Slot& DecisionCache::ChooseVictim(Slot* set, std::uint64_t hash) const {
  for (std::size_t way = 0; way < kWays; ++way) {
    if ((set[way].meta.load(std::memory_order_relaxed) & kValidBit) == 0) return set[way];
  }

  // Clock sweep from a start that depends on the hash, so that concurrent writers to one
  // set tend to pick different slots. A referenced slot gets a second chance.
  const std::size_t start = static_cast<std::size_t>(hash % kWays);
  for (std::size_t step = 0; step < kWays; ++step) {
    Slot& slot = set[(start + step) % kWays];
    if (slot.referenced.load(std::memory_order_relaxed) == 0) return slot;
    slot.referenced.store(0, std::memory_order_relaxed);
  }
  return set[start];
}

bool DecisionCache::WriteSlot(Slot& slot, const Probe& probe, const Decision& decision) {
  CounterStripe& counters = Counters();
  std::uint64_t version = slot.version.load(std::memory_order_relaxed);
  if ((version & 1) != 0 ||
      !slot.version.compare_exchange_strong(version, version + 1, std::memory_order_relaxed)) {
    counters.busy_skips.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  const bool evicts = (slot.meta.load(std::memory_order_relaxed) & kValidBit) != 0;

  // Release order on every data store: see the memory-order note at the top of the file.
  slot.hash.store(probe.hash, std::memory_order_release);
  slot.session_id.store(probe.session_id, std::memory_order_release);
  for (std::size_t i = 0; i < KeyWordCount(probe.resource.size()); ++i) {
    slot.key[i].store(KeyWord(probe.resource, i), std::memory_order_release);
  }
  slot.grant.store(PackGrant(decision.grant), std::memory_order_release);
  slot.meta.store(probe.meta_key_bits | PackDecision(decision), std::memory_order_release);
  slot.referenced.store(0, std::memory_order_relaxed);
  slot.version.store(version + 2, std::memory_order_release);

  counters.insertions.fetch_add(1, std::memory_order_relaxed);
  if (evicts) counters.evictions.fetch_add(1, std::memory_order_relaxed);
  return true;
}

bool DecisionCache::Insert(std::uint64_t session_id, Action action, std::string_view resource,
                           const Decision& decision) {
  if (resource.size() > kMaxKeyBytes) return false;

  const Probe probe = MakeProbe(session_id, action, resource);
  Slot* set = SetFor(probe.hash);
  for (std::size_t way = 0; way < kWays; ++way) {
    if (ReadIfMatches(set[way], probe).has_value()) return false;  // another thread stored it
  }
  return WriteSlot(ChooseVictim(set, probe.hash), probe, decision);
}

DecisionCacheStats DecisionCache::Stats() const {
  DecisionCacheStats stats;
  for (const CounterStripe& stripe : counters_) {
    stats.hits += stripe.hits.load(std::memory_order_relaxed);
    stats.misses += stripe.misses.load(std::memory_order_relaxed);
    stats.insertions += stripe.insertions.load(std::memory_order_relaxed);
    stats.evictions += stripe.evictions.load(std::memory_order_relaxed);
    stats.oversized_keys += stripe.oversized_keys.load(std::memory_order_relaxed);
    stats.busy_skips += stripe.busy_skips.load(std::memory_order_relaxed);
  }
  stats.memory_bytes = memory_bytes();
  stats.max_bytes = max_bytes_;
  stats.capacity = capacity();
  return stats;
}

}  // namespace mqauthz
