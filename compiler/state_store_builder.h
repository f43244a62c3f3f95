// Builds one `stateStoreResources` entry of a rule: a method, a key type and keys.

#ifndef MQAUTHZ_COMPILER_STATE_STORE_BUILDER_H_
#define MQAUTHZ_COMPILER_STATE_STORE_BUILDER_H_

#include <optional>
#include <string_view>

#include "compiler/document.h"
#include "compiler/node_reader.h"
#include "core/policy.h"

namespace mqauthz {

// Builds the state store resource at `node`, reporting every error and warning. Returns
// nullopt when the resource has an error. `keyType` defaults to Pattern.
//
// Errors:
//   - not a map, an unknown field;
//   - a missing or unknown method, an unknown keyType (both matched case-insensitively);
//   - missing or empty keys, a key that is not a string or is empty;
//   - a Pattern key that is not a valid glob, a String key with a token error;
//   - a Binary key that is not strict base64 (strict_base64.h) or contains a token.
// Warnings: "[!" in a Pattern key, because '!' does not negate, and a repeated key.
std::optional<StateStoreResource> BuildStateStoreResource(BuildContext& context, const Node& node,
                                                          std::string_view path);

}  // namespace mqauthz

#endif  // MQAUTHZ_COMPILER_STATE_STORE_BUILDER_H_
