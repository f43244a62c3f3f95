// Warnings that need the whole built policy: resources that another resource of the same
// rule covers, and state store access that no Publish grant makes reachable.

#ifndef MQAUTHZ_COMPILER_POLICY_LINT_H_
#define MQAUTHZ_COMPILER_POLICY_LINT_H_

#include <cstddef>

#include "compiler/diagnostic_list.h"
#include "compiler/policy_builder.h"

namespace mqauthz {

// The topic that state store clients publish their requests to.
inline constexpr char kStateStoreRequestTopic[] =
    "statestore/v1/FA9AE35F-2F64-47CD-9BFF-08E2B32A0FE8/command/invoke";

// The number of entry comparisons (topic filter against topic filter, glob against glob,
// key against key) after which LintPolicy stops looking for covered resources. It bounds
// the time the check takes when one rule has many entries; past it, some covered
// resources go unreported.
inline constexpr std::size_t kMaxCoverageWork = 200'000;

// Adds the warnings for a policy built without errors:
//   - a broker or state store resource that another resource of the same rule covers
//     (resource_coverage.h). Of two resources that cover each other, the later one gets
//     the warning.
//   - a rule with state store resources when no Publish filter of the policy could match
//     kStateStoreRequestTopic. A token level counts as matching any level.
void LintPolicy(const BuiltPolicy& built, DiagnosticList& diagnostics);

}  // namespace mqauthz

#endif  // MQAUTHZ_COMPILER_POLICY_LINT_H_
