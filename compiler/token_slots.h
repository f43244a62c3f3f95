// Token slots: a small integer for each distinct token that topics, globs and keys use.
//
// The compiler gives `{principal.clientId}` slot 0, `{principal.username}` slot 1 and each
// distinct `{principal.attributes.NAME}` the next free slot, in the order the policy first
// uses it, so the numbering is deterministic. Bind resolves every slot the client has a
// value for once; Decide then compares token levels and glob tokens by slot, never by
// name. Principal entries do not use slots: Bind substitutes them directly.

#ifndef MQAUTHZ_COMPILER_TOKEN_SLOTS_H_
#define MQAUTHZ_COMPILER_TOKEN_SLOTS_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "boost/unordered/unordered_flat_map.hpp"
#include "core/token.h"

namespace mqauthz {

class TokenSlots {
 public:
  static constexpr std::uint32_t kClientIdSlot = 0;
  static constexpr std::uint32_t kUsernameSlot = 1;

  // Returns the slot of `token`, giving it the next free slot when it is new.
  std::uint32_t Assign(const Token& token);

  // Returns the slot of the attribute named `name`, or nullopt when no token uses it.
  std::optional<std::uint32_t> FindAttribute(const std::string& name) const;

  // Returns how many slots exist: two plus the number of distinct attribute names.
  std::size_t size() const { return 2 + attribute_names_.size(); }

  // Estimates the heap bytes this object owns.
  std::size_t MemoryBytes() const;

 private:
  boost::unordered_flat_map<std::string, std::uint32_t> attribute_slots_;
  std::vector<std::string> attribute_names_;  // by slot - 2
};

}  // namespace mqauthz

#endif  // MQAUTHZ_COMPILER_TOKEN_SLOTS_H_
