#include "compiler/broker_resource_builder.h"

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "compiler/pattern_warnings.h"
#include "core/glob.h"
#include "core/status_hint.h"
#include "core/text_quote.h"
#include "core/topic.h"

namespace mqauthz {
namespace {

constexpr std::array<std::string_view, 3> kBrokerResourceFields = {"method", "clientIds", "topics"};
// In the order of BrokerMethod.
constexpr std::array<std::string_view, 3> kBrokerMethodNames = {"Connect", "Publish", "Subscribe"};

std::optional<ClientIdGlob> ReadClientIdGlob(BuildContext& context, const Node& node,
                                             const std::string& path) {
  const std::string* text = ExpectString(context, node, path, "a clientIds glob");
  if (text == nullptr) return std::nullopt;
  if (text->empty()) {
    context.diagnostics.Error(node, path, "empty clientIds glob",
                              "write a glob such as \"building22-*\", or remove the entry");
    return std::nullopt;
  }

  absl::StatusOr<Glob> glob = ParseGlob(*text);
  if (!glob.ok()) {
    context.diagnostics.Error(node, path, std::string(glob.status().message()),
                              HintOf(glob.status()));
    return std::nullopt;
  }
  if (GlobHasBangClass(*text)) {
    context.diagnostics.Warning(
        node, path,
        absl::StrCat("glob ", QuoteText(*text),
                     " has a class starting with '!', which matches '!' rather than negating"),
        "write [^...] for a negated class");
  }
  return ClientIdGlob{*text, *std::move(glob)};
}

std::vector<ClientIdGlob> ReadClientIdGlobs(BuildContext& context, const Node& node,
                                            const std::string& path) {
  std::vector<ClientIdGlob> globs;
  if (!ExpectList(context, node, path, "clientIds")) return globs;

  DuplicateTracker duplicates("clientIds glob");
  for (std::size_t i = 0; i < node.items.size(); ++i) {
    const Node& item = context.document.node(node.items[i]);
    const std::string item_path = IndexPath(path, i);
    std::optional<ClientIdGlob> glob = ReadClientIdGlob(context, item, item_path);
    if (!glob.has_value()) continue;
    duplicates.Check(context, glob->text, item, item_path, glob->text);
    globs.push_back(*std::move(glob));
  }
  return globs;
}

std::optional<PolicyTopicFilter> ReadTopicFilter(BuildContext& context, const Node& node,
                                                 const std::string& path) {
  const std::string* text = ExpectString(context, node, path, "a topic filter");
  if (text == nullptr) return std::nullopt;

  absl::StatusOr<TopicFilter> filter = ParsePolicyTopicFilter(*text);
  if (!filter.ok()) {
    context.diagnostics.Error(node, path, std::string(filter.status().message()),
                              HintOf(filter.status()));
    return std::nullopt;
  }
  if (const char glob_character = FindGlobCharacterInFilter(*filter); glob_character != '\0') {
    context.diagnostics.Warning(
        node, path,
        absl::StrCat("'", std::string(1, glob_character), "' in topic filter ", QuoteText(*text),
                     " is a literal character in MQTT, not a wildcard"),
        "use '+' for exactly one level or '#' for all levels below, such as sensors/+/temp "
        "or sensors/#");
  }
  return PolicyTopicFilter{*text, *std::move(filter)};
}

std::vector<PolicyTopicFilter> ReadTopicFilters(BuildContext& context, const Node& node,
                                                const std::string& path) {
  std::vector<PolicyTopicFilter> filters;
  DuplicateTracker duplicates("topic filter");
  for (std::size_t i = 0; i < node.items.size(); ++i) {
    const Node& item = context.document.node(node.items[i]);
    const std::string item_path = IndexPath(path, i);
    std::optional<PolicyTopicFilter> filter = ReadTopicFilter(context, item, item_path);
    if (!filter.has_value()) continue;
    duplicates.Check(context, filter->text, item, item_path, filter->text);
    filters.push_back(*std::move(filter));
  }
  return filters;
}

// Checks the topics field against the method and reads its filters.
std::vector<PolicyTopicFilter> ReadTopicsForMethod(BuildContext& context, const Node& resource,
                                                   const std::string& path,
                                                   std::optional<BrokerMethod> method) {
  const std::string topics_path = FieldPath(path, "topics");
  const Node* topics = OptionalField(context, resource, "topics");
  const bool needs_topics = method.has_value() && *method != BrokerMethod::kConnect;

  if (topics == nullptr) {
    if (needs_topics) {
      context.diagnostics.Error(
          resource, path, absl::StrCat("a ", BrokerMethodName(*method), " resource needs topics"),
          "add topics with at least one topic filter, such as topics: [\"sensors/#\"]");
    }
    return {};
  }
  if (!ExpectList(context, *topics, topics_path, "topics")) return {};

  if (method == BrokerMethod::kConnect && !topics->items.empty()) {
    context.diagnostics.Error(*topics, topics_path, "a Connect resource must not have topics",
                              "remove the topics; put them in a Publish or Subscribe resource");
  }
  if (needs_topics && topics->items.empty()) {
    context.diagnostics.Error(
        *topics, topics_path,
        absl::StrCat("a ", BrokerMethodName(*method), " resource has an empty topics list"),
        "add at least one topic filter, such as \"sensors/#\"");
  }
  return ReadTopicFilters(context, *topics, topics_path);
}

}  // namespace

std::optional<BrokerResource> BuildBrokerResource(BuildContext& context, const Node& node,
                                                  std::string_view path_view) {
  const std::string path(path_view);
  if (!ExpectMap(context, node, path, "a broker resource")) return std::nullopt;
  const int errors_before = context.diagnostics.error_count();
  CheckKnownFields(context, node, path, kBrokerResourceFields, "a broker resource");

  std::optional<BrokerMethod> method;
  if (const Node* method_node =
          RequiredField(context, node, path, "method",
                        "add a method field with the value Connect, Publish or Subscribe")) {
    const std::optional<std::size_t> index =
        ExpectEnum(context, *method_node, FieldPath(path, "method"), "method", kBrokerMethodNames);
    if (index.has_value()) method = static_cast<BrokerMethod>(*index);
  }

  BrokerResource resource;
  if (const Node* client_ids = OptionalField(context, node, "clientIds")) {
    resource.client_ids = ReadClientIdGlobs(context, *client_ids, FieldPath(path, "clientIds"));
  }
  resource.topics = ReadTopicsForMethod(context, node, path, method);

  if (context.diagnostics.error_count() != errors_before || !method.has_value()) {
    return std::nullopt;
  }
  resource.method = *method;
  return resource;
}

}  // namespace mqauthz
