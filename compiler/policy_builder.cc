#include "compiler/policy_builder.h"

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "compiler/broker_resource_builder.h"
#include "compiler/principals_builder.h"
#include "compiler/state_store_builder.h"

namespace mqauthz {
namespace {

constexpr std::array<std::string_view, 2> kPolicyFields = {"cache", "rules"};
constexpr std::array<std::string_view, 3> kRuleFields = {"principals", "brokerResources",
                                                         "stateStoreResources"};
constexpr std::array<std::string_view, 2> kCacheValues = {"Enabled", "Disabled"};

SourcePlace PlaceOf(const Node& node, std::string path) {
  return SourcePlace{TextPosition{node.line, node.column}, std::move(path)};
}

void BuildBrokerResources(BuildContext& context, const Node& list, const std::string& path,
                          Rule& rule, RulePlaces& places) {
  if (!ExpectList(context, list, path, "brokerResources")) return;
  for (std::size_t i = 0; i < list.items.size(); ++i) {
    const Node& item = context.document.node(list.items[i]);
    const std::string item_path = IndexPath(path, i);
    std::optional<BrokerResource> resource = BuildBrokerResource(context, item, item_path);
    if (!resource.has_value()) continue;
    rule.broker_resources.push_back(*std::move(resource));
    places.broker_resources.push_back(PlaceOf(item, item_path));
  }
}

void BuildStateStoreResources(BuildContext& context, const Node& list, const std::string& path,
                              Rule& rule, RulePlaces& places) {
  if (!ExpectList(context, list, path, "stateStoreResources")) return;
  if (!list.items.empty()) places.state_store_list = PlaceOf(list, path);
  for (std::size_t i = 0; i < list.items.size(); ++i) {
    const Node& item = context.document.node(list.items[i]);
    const std::string item_path = IndexPath(path, i);
    std::optional<StateStoreResource> resource = BuildStateStoreResource(context, item, item_path);
    if (!resource.has_value()) continue;
    rule.state_store_resources.push_back(*std::move(resource));
    places.state_store_resources.push_back(PlaceOf(item, item_path));
  }
}

bool IsEmptyList(const Node& node) {
  return node.kind == NodeKind::kSequence && node.items.empty();
}

// Warns when a rule has an empty brokerResources list and no state store resources, so
// it allows nothing. A list with entries, even entries with errors, gets no warning.
void WarnRuleAllowsNothing(BuildContext& context, const Node& rule, const std::string& path) {
  const Node* broker_resources = OptionalField(context, rule, "brokerResources");
  if (broker_resources == nullptr || !IsEmptyList(*broker_resources)) return;
  const Node* state_store_resources = OptionalField(context, rule, "stateStoreResources");
  if (state_store_resources != nullptr && !IsEmptyList(*state_store_resources)) return;
  context.diagnostics.Warning(
      *broker_resources, FieldPath(path, "brokerResources"),
      "this rule allows nothing, because brokerResources is empty and it has no "
      "stateStoreResources",
      "add the resources the rule is for, such as `- method: Connect`, or remove the rule");
}

void BuildRule(BuildContext& context, const Node& node, const std::string& path,
               BuiltPolicy& built) {
  if (!ExpectMap(context, node, path, "a rule")) return;
  CheckKnownFields(context, node, path, kRuleFields, "a rule");

  Rule rule;
  RulePlaces places;
  if (const Node* principals = RequiredField(
          context, node, path, "principals",
          "add principals with usernames, clientIds or attributes to say whom the rule is for")) {
    rule.principals = BuildPrincipals(context, *principals, FieldPath(path, "principals"));
  }
  if (const Node* resources =
          RequiredField(context, node, path, "brokerResources",
                        "add brokerResources, such as a list with `method: Connect`")) {
    BuildBrokerResources(context, *resources, FieldPath(path, "brokerResources"), rule, places);
  }
  if (const Node* resources = OptionalField(context, node, "stateStoreResources")) {
    BuildStateStoreResources(context, *resources, FieldPath(path, "stateStoreResources"), rule,
                             places);
  }
  WarnRuleAllowsNothing(context, node, path);
  built.policy.rules.push_back(std::move(rule));
  built.places.push_back(std::move(places));
}

void BuildRules(BuildContext& context, const Node& list, const std::string& path,
                BuiltPolicy& built) {
  if (!ExpectList(context, list, path, "rules")) return;
  if (list.items.empty()) {
    context.diagnostics.Warning(list, path, "the policy has no rules, so it denies every request",
                                "add rules for the clients that need access, or keep the empty "
                                "list only to deny everything on purpose");
  }
  for (std::size_t i = 0; i < list.items.size(); ++i) {
    BuildRule(context, context.document.node(list.items[i]), IndexPath(path, i), built);
  }
}

}  // namespace

BuiltPolicy BuildAuthorizationPolicies(BuildContext& context, const Node& node) {
  BuiltPolicy built;
  if (!ExpectMap(context, node, "", "authorizationPolicies")) return built;
  CheckKnownFields(context, node, "", kPolicyFields, "authorizationPolicies");

  if (const Node* cache = OptionalField(context, node, "cache")) {
    const std::optional<std::size_t> index =
        ExpectEnum(context, *cache, "cache", "cache", kCacheValues);
    if (index.has_value()) built.policy.cache_enabled = *index == 0;
  }
  if (const Node* rules = RequiredField(context, node, "", "rules",
                                        "add rules: a list of rules, or [] to deny everything")) {
    BuildRules(context, *rules, "rules", built);
  }
  return built;
}

BuiltPolicy BuildRuleList(BuildContext& context, const Node& rules) {
  BuiltPolicy built;
  BuildRules(context, rules, "rules", built);
  return built;
}

}  // namespace mqauthz
