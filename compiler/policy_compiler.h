// Lowers a validated Policy into a CompiledPolicy: the immutable automata that the
// runtime decides with.
//
// Per broker method, topic filters become a level trie whose nodes carry the grants
// (rule, resource, pattern) they end; '+', '#', the '$' rule and token levels are part of
// the structure. State-store Pattern keys and `clientIds` globs become Hyperscan
// databases; String and Binary keys become hash maps. Principals are indexed by client
// id, username, and attribute name and value, so binding a client does not scan every
// rule. docs/design.md describes each structure and its cost.
//
// Compilation is deterministic: the same policy gives the same automata, ordered by rule,
// resource and pattern index. It never runs a decision.

#ifndef MQAUTHZ_COMPILER_POLICY_COMPILER_H_
#define MQAUTHZ_COMPILER_POLICY_COMPILER_H_

#include <cstddef>
#include <memory>

#include "absl/status/statusor.h"
#include "compiler/compiled_policy.h"
#include "core/policy.h"

namespace mqauthz {

// Budgets for what a policy can make the compiler build. Exceeding one is an error
// (ResourceExhausted) that names the budget, never a crash or unbounded memory.
struct CompileOptions {
  // Nodes of the Publish and Subscribe topic tries together, their two roots included.
  std::size_t max_trie_nodes = std::size_t{1} << 24;
  // Sum of the sizes hs_database_size reports for the clientIds, read-key and write-key
  // databases.
  std::size_t max_hyperscan_bytes = std::size_t{1} << 30;
};

// Compiles `policy`, which must have passed validation (LoadPolicyText/LoadPolicyFile).
// The result keeps no reference to `policy`, which the caller may free. Errors:
//   - ResourceExhausted for a budget;
//   - Internal when Hyperscan rejects a pattern the validator accepted for a reason other
//     than its size (patterns too large for Hyperscan are matched without it);
//   - InvalidArgument for a hand-built Publish filter whose parsed levels differ from its
//     text.
// Thread-safe; the result may be shared by any number of threads.
absl::StatusOr<std::shared_ptr<const CompiledPolicy>> CompilePolicy(
    const Policy& policy, const CompileOptions& options = {});

}  // namespace mqauthz

#endif  // MQAUTHZ_COMPILER_POLICY_COMPILER_H_
