// Finding the first grant of a state-store key for a bound client.
//
// Design. A request consults the KeyIndex of its access class (compiler/key_index.h) and
// the binding's substituted String keys with tokens:
//   1. one hash lookup among exact keys (String, Binary and literal Pattern keys);
//   2. one hash lookup among the binding's substituted String keys;
//   3. one hash lookup per distinct prefix length in the Pattern prefix index;
//   4. one Hyperscan scan of the key over the Pattern database. Each hit of steps 3 and 4
//      has its grants intersected with the client's rules. A prefilter hit (a glob with
//      tokens) is verified with the glob matcher, and only when it would beat the best
//      grant so far;
//   5. the glob matcher for each pattern too large for Hyperscan, again only when it
//      would beat the best grant.
// Steps 1 to 4 cost a number of lookups that does not grow with the number of rules
// (step 3 grows with the distinct prefix lengths), and one scan. Step 5 grows with the
// number of such patterns, which real policies do not have.

#ifndef MQAUTHZ_RUNTIME_KEY_LOOKUP_H_
#define MQAUTHZ_RUNTIME_KEY_LOOKUP_H_

#include <optional>
#include <string_view>

#include "compiler/compiled_grant.h"
#include "compiler/compiled_policy.h"
#include "compiler/key_index.h"
#include "runtime/bound_client.h"

namespace mqauthz {

// Returns the first grant, in document order, of a state-store key that matches `key`
// for `access` and that `bound` may use. `key` must not be empty.
std::optional<CompiledGrant> FindKeyGrant(const CompiledPolicy& policy, const BoundClient& bound,
                                          KeyAccess access, std::string_view key);

}  // namespace mqauthz

#endif  // MQAUTHZ_RUNTIME_KEY_LOOKUP_H_
