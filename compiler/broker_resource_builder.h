// Builds one `brokerResources` entry of a rule: a method with its clientIds globs and
// topic filters.

#ifndef MQAUTHZ_COMPILER_BROKER_RESOURCE_BUILDER_H_
#define MQAUTHZ_COMPILER_BROKER_RESOURCE_BUILDER_H_

#include <optional>
#include <string_view>

#include "compiler/document.h"
#include "compiler/node_reader.h"
#include "core/policy.h"

namespace mqauthz {

// Builds the broker resource at `node`, reporting every error and warning. Returns
// nullopt when the resource has an error.
//
// Errors:
//   - not a map, an unknown field, a missing or unknown method (matched
//     case-insensitively);
//   - a Connect resource with a non-empty topics list;
//   - a Publish or Subscribe resource without topics or with an empty list;
//   - an entry that is not a string;
//   - an invalid topic filter or glob, token errors and empty strings included.
// Warnings:
//   - '*' or '?' in a topic filter, where MQTT reads them as literal characters;
//   - "[!" in a glob, because '!' does not negate;
//   - a repeated topic filter or glob.
//
// An empty `topics: []` and an empty `clientIds: []` are accepted on Connect, as the
// product's own examples write them.
std::optional<BrokerResource> BuildBrokerResource(BuildContext& context, const Node& node,
                                                  std::string_view path);

}  // namespace mqauthz

#endif  // MQAUTHZ_COMPILER_BROKER_RESOURCE_BUILDER_H_
