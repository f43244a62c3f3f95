// The glob matcher of the runtime: exact, allocation-free matching of one glob against a
// subject, with tokens bound to a client's values.
//
// Design. A glob's elements other than '*' each consume exactly one byte (a token
// consumes the bytes of its value one by one), so the classic two-pointer algorithm is
// exact: match greedily, remember the last '*', and on a mismatch let that '*' swallow
// one more byte and retry after it. Going back to the last '*' only is enough because
// the text between two '*' is a fixed-length sequence of one-byte tests, and its leftmost
// occurrence leaves the most room for the rest. The time is O(pattern bytes * subject
// bytes) in the worst case, with no recursion and O(1) memory, so patterns such as
// "*a*a*a*a*b" cannot make it backtrack exponentially (Redis CVE-2022-36021).
//
// The runtime uses it to verify Hyperscan prefilter hits of globs with tokens, for globs
// too large for Hyperscan, and as the fallback when no scratch space is available.

#ifndef MQAUTHZ_RUNTIME_GLOB_MATCHER_H_
#define MQAUTHZ_RUNTIME_GLOB_MATCHER_H_

#include <string_view>

#include "compiler/glob_entry.h"
#include "runtime/bound_client.h"

namespace mqauthz {

// Returns whether all of `subject` matches the glob of `entry`, with each token replaced
// by `bound`'s value for its slot. Returns false when a token has no value.
bool MatchGlob(const GlobEntry& entry, const BoundClient& bound, std::string_view subject);

}  // namespace mqauthz

#endif  // MQAUTHZ_RUNTIME_GLOB_MATCHER_H_
