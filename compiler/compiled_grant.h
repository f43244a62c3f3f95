// Grants as the compiled automata store them, and ranges of them.
//
// A grant names the pattern that allows a request: (rule, resource, pattern) indices in
// document order. The automata keep grants in arrays sorted by that triple, so the first
// grant of a range is the first in document order. The runtime finds the first grant a
// bound client may use by intersecting a sorted range with the client's sorted rules.

#ifndef MQAUTHZ_COMPILER_COMPILED_GRANT_H_
#define MQAUTHZ_COMPILER_COMPILED_GRANT_H_

#include <compare>
#include <cstdint>
#include <span>
#include <vector>

namespace mqauthz {

// `resource` indexes the rule's brokerResources (topic grants) or stateStoreResources (key
// grants); `pattern` indexes that resource's topics or keys.
struct CompiledGrant {
  std::uint32_t rule = 0;
  std::uint32_t resource = 0;
  std::uint32_t pattern = 0;

  friend auto operator<=>(const CompiledGrant&, const CompiledGrant&) = default;
};

// Grants sit in arrays of millions of entries for large policies, and the runtime reads
// them by binary search: 12 bytes keeps five in a cache line.
static_assert(sizeof(CompiledGrant) == 12, "CompiledGrant must stay three 32-bit indices");

// A run of grants inside one grant array.
struct GrantRange {
  std::uint32_t begin = 0;
  std::uint32_t size = 0;
};

// Returns the grants of `range` in `grants`.
inline std::span<const CompiledGrant> GrantsIn(const std::vector<CompiledGrant>& grants,
                                               GrantRange range) {
  return std::span<const CompiledGrant>(grants).subspan(range.begin, range.size);
}

}  // namespace mqauthz

#endif  // MQAUTHZ_COMPILER_COMPILED_GRANT_H_
