#include "compiler/policy_lint.h"

#include <cstddef>
#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "compiler/resource_coverage.h"

namespace mqauthz {
namespace {

// Returns an upper bound of the entry comparisons that checking `a` against `b` costs.
// Resources of different methods differ without any entry comparison.
std::size_t ComparisonCost(const BrokerResource& a, const BrokerResource& b) {
  if (a.method != b.method) return 1;
  return 1 + a.topics.size() * b.topics.size() + a.client_ids.size() * b.client_ids.size();
}

std::size_t ComparisonCost(const StateStoreResource& a, const StateStoreResource& b) {
  return 1 + a.keys.size() * b.keys.size();
}

// Returns the index of a resource that covers resource `index`, or nullopt. Of two
// resources that cover each other only the later one is reported, so one of them stays.
// Returns nullopt once `budget` is spent.
template <typename Resource, typename Covers>
std::optional<std::size_t> FindCoveringResource(const std::vector<Resource>& resources,
                                                std::size_t index, Covers covers,
                                                std::size_t& budget) {
  for (std::size_t other = 0; other < resources.size(); ++other) {
    if (other == index) continue;
    // Both directions may be checked.
    const std::size_t cost = 2 * ComparisonCost(resources[other], resources[index]);
    if (cost > budget) {
      budget = 0;
      return std::nullopt;
    }
    budget -= cost;
    if (!covers(resources[other], resources[index])) continue;
    if (other < index || !covers(resources[index], resources[other])) return other;
  }
  return std::nullopt;
}

template <typename Resource, typename Covers>
void WarnCoveredResources(const std::vector<Resource>& resources,
                          const std::vector<SourcePlace>& places, Covers covers,
                          std::size_t& budget, DiagnosticList& diagnostics) {
  for (std::size_t i = 0; i < resources.size(); ++i) {
    const std::optional<std::size_t> coverer = FindCoveringResource(resources, i, covers, budget);
    if (!coverer.has_value()) continue;
    diagnostics.Add(Severity::kWarning, places[i].position, places[i].path,
                    absl::StrCat("this resource allows nothing that ", places[*coverer].path,
                                 " does not already allow"),
                    "remove it, or check whether the other resource is broader than intended");
  }
}

bool PolicyCanReachStateStore(const Policy& policy) {
  for (const Rule& rule : policy.rules) {
    for (const BrokerResource& resource : rule.broker_resources) {
      if (resource.method != BrokerMethod::kPublish) continue;
      for (const PolicyTopicFilter& topic : resource.topics) {
        if (FilterCouldMatchTopic(topic.filter, kStateStoreRequestTopic)) return true;
      }
    }
  }
  return false;
}

void WarnUnreachableStateStore(const BuiltPolicy& built, DiagnosticList& diagnostics) {
  if (PolicyCanReachStateStore(built.policy)) return;
  for (const RulePlaces& places : built.places) {
    if (!places.state_store_list.has_value()) continue;
    diagnostics.Add(
        Severity::kWarning, places.state_store_list->position, places.state_store_list->path,
        absl::StrCat("no Publish resource in the policy allows the state store request topic ",
                     kStateStoreRequestTopic, ", so no client can use these state store grants"),
        absl::StrCat("add a Publish resource with topic ", kStateStoreRequestTopic,
                     " and a Subscribe resource for the response topic, typically "
                     "clients/{principal.clientId}/services/",
                     kStateStoreRequestTopic, "/response/#"));
  }
}

}  // namespace

void LintPolicy(const BuiltPolicy& built, DiagnosticList& diagnostics) {
  std::size_t budget = kMaxCoverageWork;
  for (std::size_t r = 0; r < built.policy.rules.size(); ++r) {
    const Rule& rule = built.policy.rules[r];
    const RulePlaces& places = built.places[r];
    WarnCoveredResources(rule.broker_resources, places.broker_resources, BrokerResourceCovers,
                         budget, diagnostics);
    WarnCoveredResources(rule.state_store_resources, places.state_store_resources,
                         StateStoreResourceCovers, budget, diagnostics);
  }
  WarnUnreachableStateStore(built, diagnostics);
}

}  // namespace mqauthz
