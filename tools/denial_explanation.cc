#include "tools/denial_explanation.h"

#include <string_view>

#include "absl/strings/str_cat.h"
#include "core/glob.h"
#include "core/reference_evaluator.h"
#include "core/topic.h"

namespace mqauthz {
namespace {

const char* BrokerMethodFor(Action action) {
  if (action == Action::kPublish) return "Publish";
  if (action == Action::kSubscribe) return "Subscribe";
  return "Connect";
}

bool ClientIdGlobsMatch(const BrokerResource& resource, const Client& client) {
  if (resource.client_ids.empty()) return true;
  for (const ClientIdGlob& glob : resource.client_ids) {
    if (GlobMatches(glob.glob, client, client.client_id)) return true;
  }
  return false;
}

// Returns why no broker resource of rule `index` allows the request.
std::string ExplainBrokerRule(const Rule& rule, int index, const Client& client,
                              const Request& request) {
  std::string prefix = absl::StrCat("rules[", index, "]: ");
  const char* method = BrokerMethodFor(request.action);
  bool has_method = false;

  for (std::size_t b = 0; b < rule.broker_resources.size(); ++b) {
    const BrokerResource& resource = rule.broker_resources[b];
    if (BrokerMethodName(resource.method) != std::string_view(method)) continue;
    has_method = true;
    if (!ClientIdGlobsMatch(resource, client)) {
      return absl::StrCat(prefix, "principals match, but the clientIds of brokerResources[", b,
                          "] do not match client id '", client.client_id, "'");
    }
  }
  if (!has_method)
    return absl::StrCat(prefix, "principals match, but it has no ", method, " resource");
  const char* verb = request.action == Action::kSubscribe ? "covers" : "matches";
  return absl::StrCat(prefix, "principals match, but none of its ", method, " topics ", verb, " '",
                      request.topic, "'");
}

bool StateStoreMethodFits(StateStoreMethod method, Action action) {
  if (method == StateStoreMethod::kReadWrite) return true;
  return (method == StateStoreMethod::kRead) == IsStateStoreReadAction(action);
}

std::string ExplainStateStoreRule(const Rule& rule, int index, const Request& request) {
  std::string prefix = absl::StrCat("rules[", index, "]: principals match, but ");
  const char* access = IsStateStoreReadAction(request.action) ? "Read" : "Write";
  for (const StateStoreResource& resource : rule.state_store_resources) {
    if (StateStoreMethodFits(resource.method, request.action)) {
      return absl::StrCat(prefix, "none of its ", access, " keys matches the key");
    }
  }
  return absl::StrCat(prefix, "it has no state store resource with ", access, " access");
}

}  // namespace

std::vector<std::string> ExplainDenial(const Policy& policy, const Client& client,
                                       const Request& request, int max_lines) {
  std::vector<std::string> lines;
  int matching_rules = 0;
  for (std::size_t r = 0; r < policy.rules.size(); ++r) {
    const Rule& rule = policy.rules[r];
    if (!PrincipalsMatch(rule.principals, client)) continue;

    ++matching_rules;
    if (static_cast<int>(lines.size()) >= max_lines) continue;
    int index = static_cast<int>(r);
    lines.push_back(IsStateStoreAction(request.action)
                        ? ExplainStateStoreRule(rule, index, request)
                        : ExplainBrokerRule(rule, index, client, request));
  }

  if (matching_rules == 0) {
    lines.push_back(
        absl::StrCat("no rule's principals match this client (client id '", client.client_id, "', ",
                     client.username.has_value() ? absl::StrCat("username '", *client.username, "'")
                                                 : std::string("no username"),
                     ", ", client.attributes.size(), " attributes)"));
  } else if (matching_rules > max_lines) {
    lines.push_back(
        absl::StrCat("... and ", matching_rules - max_lines, " more rules whose principals match"));
  }
  return lines;
}

}  // namespace mqauthz
