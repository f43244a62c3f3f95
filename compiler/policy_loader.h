// Loads a BrokerAuthorization policy from JSON or YAML and validates it whole.
//
// Four document shapes are accepted and recognized by their content:
//   - Kubernetes custom resource: apiVersion mqttbroker.iotoperations.azure.com/v1,
//     kind BrokerAuthorization, metadata, spec.authorizationPolicies;
//   - CLI config file (`az iot ops broker authz apply --config-file`):
//     {"authorizationPolicies": {...}};
//   - ARM resource: {"properties": {"authorizationPolicies": {...}}, "id": ..., ...};
//   - bare rule list: [rule, rule, ...].
// Each may be JSON (parsed with simdjson) or YAML (parsed with yaml-cpp). A file whose
// name ends in ".json", in any letter case, is read as JSON only, because `az iot ops
// broker authz apply --config-file` reads it as JSON: a trailing comma, a comment or a
// single quote is an error there even though YAML would read the text. For other names,
// content whose first non-blank byte is '{' or '[' is tried as JSON first, then as YAML
// (flow style), and anything else is YAML.
//
// Validation reports every problem at once, except that a syntax error stops reading. A
// policy is accepted whole or rejected whole: `policy` is set exactly when no diagnostic
// is an error. Warnings never reject. In short (docs/semantics.md lists each one):
//   - errors in the file: unreadable, too large, empty, invalid JSON or YAML (a tab in
//     YAML indentation is named as such), invalid UTF-8, several YAML documents,
//     duplicate keys, unsupported YAML features, nesting and size limits;
//   - errors in the envelope: a top level that fits no shape, a wrong apiVersion or kind,
//     an unknown envelope field, a missing policy;
//   - errors in the policy: a wrong type, an unknown field, a missing required field, an
//     unknown cache, method or keyType value, an invalid topic filter, glob, key or
//     token, an empty entry;
//   - warnings: no rules; a rule that matches no client or allows nothing (left out when
//     that part has an error); '*' or '?' in a topic filter; "[!" in a glob; a duplicate
//     entry; usernames under service account token authentication; a resource that
//     another of its rule covers; state store grants that no Publish grant can reach.
// Each check is stated where it is made: document_shape.h, policy_builder.h,
// principals_builder.h, broker_resource_builder.h, state_store_builder.h, policy_lint.h,
// json_reader.h and yaml_reader.h.
//
// Diagnostic paths inside the policy are relative to the `authorizationPolicies` object in
// every shape (`cache`, `rules[2].brokerResources[1].topics[0]`); a bare rule list is read
// as that object's `rules`. Errors in the envelope around the policy have paths from the
// document root (`apiVersion`, `spec.authorizationPolicies`, `properties`).
//
// Thread safety: the functions below share no state and may run concurrently.

#ifndef MQAUTHZ_COMPILER_POLICY_LOADER_H_
#define MQAUTHZ_COMPILER_POLICY_LOADER_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/diagnostic.h"
#include "core/policy.h"

namespace mqauthz {

enum class DocumentShape { kCustomResource, kCliConfig, kArmResource, kRuleList };
enum class DocumentSyntax { kJson, kYaml };

// The method the broker uses to authenticate the clients this policy serves. Only Kubernetes service
// account tokens change validation: their usernames are not verified, so a
// `principals.usernames` entry gets a warning.
enum class AuthenticationMethod { kUnspecified, kServiceAccountToken, kX509, kCustom };

// Maximum size of a policy file or text: 256 MiB, room for a few hundred thousand rules.
// Kubernetes stores a resource in etcd, whose default request limit is 1.5 MiB, so a
// custom resource is far smaller, but CLI and ARM files are not held to that.
inline constexpr std::size_t kMaxPolicyBytes = std::size_t{256} << 20;

struct LoadOptions {
  AuthenticationMethod authentication_method = AuthenticationMethod::kUnspecified;
};

struct LoadResult {
  std::optional<Policy> policy;  // set exactly when there is no error
  std::vector<Diagnostic> diagnostics;  // in document order, errors and warnings mixed
  std::optional<DocumentShape> shape;    // set once the top level was recognized
  std::optional<DocumentSyntax> syntax;  // set once the text parsed
};

// Reads and loads the file at `path`, which also chooses the syntax as LoadPolicyText
// does. An unreadable file, or one larger than kMaxPolicyBytes, is an error diagnostic at
// line 0.
LoadResult LoadPolicyFile(const std::string& path, const LoadOptions& options = {});

// Loads policy text. `file_name` names the file in diagnostics, and a name ending in
// ".json" makes the text JSON only.
LoadResult LoadPolicyText(std::string_view text, std::string_view file_name,
                          const LoadOptions& options = {});

// Returns "custom resource", "CLI config", "ARM resource" or "rule list".
const char* DocumentShapeName(DocumentShape shape);

}  // namespace mqauthz

#endif  // MQAUTHZ_COMPILER_POLICY_LOADER_H_
