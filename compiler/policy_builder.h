// Builds a Policy from the `authorizationPolicies` object of a document, or from a bare
// list of rules, and records where each rule's parts are for the checks that run after.
//
// Paths in diagnostics are relative to the `authorizationPolicies` object in every
// document shape: `cache`, `rules[2].brokerResources[1].topics[0]`. A bare rule list is
// read as that object's `rules`, so its paths start with `rules[...]` too.

#ifndef MQAUTHZ_COMPILER_POLICY_BUILDER_H_
#define MQAUTHZ_COMPILER_POLICY_BUILDER_H_

#include <optional>
#include <string>
#include <vector>

#include "compiler/document.h"
#include "compiler/node_reader.h"
#include "core/policy.h"

namespace mqauthz {

// The source position and path of one part of a policy.
struct SourcePlace {
  TextPosition position;
  std::string path;
};

// Source places of the parts of one rule. The vectors run parallel to the Rule's
// vectors, which contain only the resources without errors.
struct RulePlaces {
  std::vector<SourcePlace> broker_resources;
  std::vector<SourcePlace> state_store_resources;
  std::optional<SourcePlace> state_store_list;  // set when the rule has any
};

struct BuiltPolicy {
  Policy policy;                   // complete only when the build reported no error
  std::vector<RulePlaces> places;  // parallel to policy.rules
};

// Builds the policy of an `authorizationPolicies` object. Reports every error: a wrong
// type, an unknown field (with the nearest known name), a missing `rules` field, an
// unknown `cache` value, and all the errors of the rule parts. Warnings:
//   - an empty rules list, which is a valid policy that denies everything;
//   - a rule whose brokerResources list is empty and that has no stateStoreResources,
//     so it allows nothing;
//   - the warnings of the rule parts.
BuiltPolicy BuildAuthorizationPolicies(BuildContext& context, const Node& node);

// Builds the policy of a bare list of rules, with the default cache setting. Reports the
// same diagnostics as BuildAuthorizationPolicies does for its rules.
BuiltPolicy BuildRuleList(BuildContext& context, const Node& rules);

}  // namespace mqauthz

#endif  // MQAUTHZ_COMPILER_POLICY_BUILDER_H_
