// Builds the `principals` of a rule: usernames, clientIds and attribute maps.

#ifndef MQAUTHZ_COMPILER_PRINCIPALS_BUILDER_H_
#define MQAUTHZ_COMPILER_PRINCIPALS_BUILDER_H_

#include <string_view>

#include "compiler/document.h"
#include "compiler/node_reader.h"
#include "core/policy.h"

namespace mqauthz {

// Builds the principals at `node`, reporting every error and warning. Entries with
// errors are left out of the result, which is then only useful for further checks.
//
// Errors:
//   - not a map, an unknown field, a list field that is not a list;
//   - an entry that is not a string or is empty, a token error;
//   - an empty attribute map, an empty attribute name, an attribute value that is not a
//     string.
// Warnings:
//   - all three lists empty or absent, so the rule matches no client (not given when
//     principals has an error, which already explains the missing entries);
//   - a repeated entry or attribute map;
//   - any username when `context.options` names Kubernetes service account tokens as the
//     authentication method, because those usernames are not verified.
Principals BuildPrincipals(BuildContext& context, const Node& node, std::string_view path);

}  // namespace mqauthz

#endif  // MQAUTHZ_COMPILER_PRINCIPALS_BUILDER_H_
