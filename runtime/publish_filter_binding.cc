#include "runtime/publish_filter_binding.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/compiled_grant.h"
#include "compiler/compiled_policy.h"
#include "compiler/publish_levels.h"
#include "core/client.h"
#include "core/policy.h"
#include "core/token.h"
#include "core/topic.h"
#include "runtime/bound_client.h"
#include "runtime/client_publish_filters.h"

namespace mqauthz {
namespace {

// A filter with its tokens replaced by one client's values. Bind reuses one for every
// filter of a client, so that its buffers are allocated once.
struct SubstitutedFilter {
  std::vector<BoundFilterLevel> levels;
  std::string literals;  // the literal levels' text, one after another
  std::string topic;     // the levels joined with '/', wildcards included
  bool has_wildcard = false;
};

// Substitutes the client's values into the filter whose text is `text`. Returns false
// when the filter matches nothing for this client: a value is absent, empty or contains '/'.
bool Substitute(std::string_view text, std::span<const PublishLevel> levels, const Client& client,
                SubstitutedFilter& result) {
  result.levels.clear();
  result.literals.clear();
  result.topic.clear();
  result.has_wildcard = false;
  for (const PublishLevel& level : levels) {
    if (!result.levels.empty()) result.topic += '/';
    std::string_view literal = level.TextIn(text);
    if (level.kind == LevelKind::kToken) {
      const std::optional<std::string_view> value = ResolveToken(level.token_kind, literal, client);
      if (!value.has_value() || value->find('/') != std::string_view::npos) return false;
      literal = *value;
    } else if (level.kind != LevelKind::kLiteral) {
      result.levels.push_back({level.kind, 0});
      result.topic += level.kind == LevelKind::kSingleLevelWildcard ? '+' : '#';
      result.has_wildcard = true;
      continue;
    }
    result.levels.push_back({LevelKind::kLiteral, static_cast<std::uint32_t>(literal.size())});
    result.literals += literal;
    result.topic += literal;
  }
  return true;
}

}  // namespace

void BindPublishFilters(const CompiledPolicy& policy, const Client& client, BoundClient& bound) {
  ClientPublishFiltersBuilder filters;
  SubstitutedFilter filter;
  for (std::size_t position = 0; position < bound.rules.size(); ++position) {
    const std::uint32_t r = bound.rules[position];
    const CompiledRule& rule = policy.rules[r];
    for (std::uint32_t b = 0; b < rule.broker_resource_count; ++b) {
      const CompiledBrokerResource& resource =
          policy.broker_resources[rule.broker_resources_begin + b];
      if (resource.method != BrokerMethod::kPublish) continue;
      if (!bound.BrokerResourceEnabled(position, b)) continue;

      const PublishLevel* level = policy.publish_levels.data() + resource.levels_begin;
      for (std::uint32_t t = 0; t < resource.pattern_count; ++t) {
        const std::string_view text = policy.patterns[resource.patterns_begin + t];
        const std::span<const PublishLevel> levels = PublishFilterLevels(level);
        level += levels.size();
        if (!Substitute(text, levels, client, filter)) continue;
        const CompiledGrant grant{r, b, t};
        // Rules arrive in document order, as the builder requires.
        if (filter.has_wildcard) {
          filters.AddWildcardFilter(filter.levels, filter.literals, grant);
        } else {
          filters.AddExactTopic(filter.topic, grant);
        }
        if (!filters.WithinLimits()) return;
      }
    }
  }
  bound.publish_filters = filters.Build();
}

}  // namespace mqauthz
