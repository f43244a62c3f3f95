#include "compiler/principals_builder.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "compiler/absl_view.h"
#include "core/status_hint.h"
#include "core/text_quote.h"
#include "core/token.h"

namespace mqauthz {
namespace {

constexpr std::array<std::string_view, 3> kPrincipalFields = {"usernames", "clientIds",
                                                              "attributes"};

// Reads one usernames or clientIds entry. `what` is "username" or "client id".
std::optional<PrincipalEntry> ReadPrincipalEntry(BuildContext& context, const Node& node,
                                                 const std::string& path, std::string_view what) {
  const std::string* text = ExpectString(context, node, path, absl::StrCat("a ", AbslView(what)));
  if (text == nullptr) return std::nullopt;
  if (text->empty()) {
    context.diagnostics.Error(
        node, path, absl::StrCat("empty ", AbslView(what)),
        absl::StrCat("write the exact ", AbslView(what), ", or remove the entry; an empty ",
                     AbslView(what), " never matches"));
    return std::nullopt;
  }

  absl::StatusOr<TokenTemplate> value = ParseTokenTemplate(*text);
  if (!value.ok()) {
    context.diagnostics.Error(node, path, std::string(value.status().message()),
                              HintOf(value.status()));
    return std::nullopt;
  }
  return PrincipalEntry{*text, *std::move(value)};
}

void WarnUnverifiedUsername(BuildContext& context, const Node& node, const std::string& path,
                            const std::string& text) {
  context.diagnostics.Warning(
      node, path,
      absl::StrCat("username ", QuoteText(text),
                   " is not verified when clients authenticate with Kubernetes service "
                   "account tokens, so any such client can claim it"),
      "match these clients by attributes from service account annotations "
      "(aio-broker-auth/NAME) instead");
}

// Reads the usernames or clientIds list at `node`. `field` is the list's field name and
// `what` names one entry, such as "username".
std::vector<PrincipalEntry> ReadPrincipalList(BuildContext& context, const Node& node,
                                              const std::string& path, std::string_view field,
                                              std::string_view what) {
  std::vector<PrincipalEntry> entries;
  if (!ExpectList(context, node, path, field)) return entries;

  const bool usernames_unverified =
      what == "username" &&
      context.options.authentication_method == AuthenticationMethod::kServiceAccountToken;
  DuplicateTracker duplicates(what);
  for (std::size_t i = 0; i < node.items.size(); ++i) {
    const Node& item = context.document.node(node.items[i]);
    const std::string item_path = IndexPath(path, i);
    std::optional<PrincipalEntry> entry = ReadPrincipalEntry(context, item, item_path, what);
    if (!entry.has_value()) continue;

    duplicates.Check(context, entry->text, item, item_path, entry->text);
    if (usernames_unverified) WarnUnverifiedUsername(context, item, item_path, entry->text);
    entries.push_back(*std::move(entry));
  }
  return entries;
}

// Reads one attribute map: every name must be present on the client with an equal value.
std::optional<AttributeSet> ReadAttributeSet(BuildContext& context, const Node& node,
                                             const std::string& path) {
  if (!ExpectMap(context, node, path, "an attribute map")) return std::nullopt;
  if (node.entries.empty()) {
    context.diagnostics.Error(node, path, "empty attribute map: it would match every client",
                              "write at least one `name: value` pair, or remove the map");
    return std::nullopt;
  }

  const int errors_before = context.diagnostics.error_count();
  AttributeSet set;
  for (const MapEntry& entry : node.entries) {
    const std::string entry_path = FieldPath(path, entry.key);
    if (entry.key.empty()) {
      context.diagnostics.Add(Severity::kError, TextPosition{entry.line, entry.column}, entry_path,
                              "empty attribute name",
                              "write the attribute's name, such as `building: \"22\"`");
    }
    const Node& value_node = context.document.node(entry.value);
    const std::string* value = ExpectString(context, value_node, entry_path, "an attribute value");
    if (value == nullptr) continue;

    absl::StatusOr<TokenTemplate> parsed = ParseTokenTemplate(*value);
    if (!parsed.ok()) {
      context.diagnostics.Error(value_node, entry_path, std::string(parsed.status().message()),
                                HintOf(parsed.status()));
      continue;
    }
    set.entries.emplace_back(entry.key, *std::move(parsed));
    set.value_texts.push_back(*value);
  }
  if (context.diagnostics.error_count() != errors_before) return std::nullopt;
  return set;
}

// Returns a key that is equal for two attribute maps with the same pairs in any order.
std::string AttributeSetKey(const AttributeSet& set) {
  std::vector<std::string> pairs;
  for (std::size_t i = 0; i < set.entries.size(); ++i) {
    pairs.push_back(absl::StrCat(set.entries[i].first.size(), ":", set.entries[i].first, "=",
                                 set.value_texts[i]));
  }
  std::sort(pairs.begin(), pairs.end());
  return absl::StrJoin(pairs, "\n");
}

std::vector<AttributeSet> ReadAttributeList(BuildContext& context, const Node& node,
                                            const std::string& path) {
  std::vector<AttributeSet> sets;
  // One map written without its list is a common slip, and the generic hint would not
  // say that each map must be a list item.
  if (node.kind == NodeKind::kMap) {
    context.diagnostics.Error(node, path, "attributes must be a list of maps, not a map",
                              "make the map an item of a list: put `- ` before its first name "
                              "in YAML, or write [{...}] in JSON");
    return sets;
  }
  if (!ExpectList(context, node, path, "attributes")) return sets;

  DuplicateTracker duplicates("attribute map");
  for (std::size_t i = 0; i < node.items.size(); ++i) {
    const Node& item = context.document.node(node.items[i]);
    const std::string item_path = IndexPath(path, i);
    std::optional<AttributeSet> set = ReadAttributeSet(context, item, item_path);
    if (!set.has_value()) continue;

    std::vector<std::string> shown;
    for (std::size_t k = 0; k < set->entries.size(); ++k) {
      shown.push_back(absl::StrCat(set->entries[k].first, ": ", set->value_texts[k]));
    }
    duplicates.Check(context, AttributeSetKey(*set), item, item_path,
                     absl::StrCat("{", absl::StrJoin(shown, ", "), "}"));
    sets.push_back(*std::move(set));
  }
  return sets;
}

// Returns the number of entries in the list field `name`, or 0 when it is absent or not a
// list.
std::size_t CountListEntries(const BuildContext& context, const Node& map, std::string_view name) {
  const Node* list = OptionalField(context, map, name);
  if (list == nullptr || list->kind != NodeKind::kSequence) return 0;
  return list->items.size();
}

}  // namespace

Principals BuildPrincipals(BuildContext& context, const Node& node, std::string_view path) {
  Principals principals;
  if (!ExpectMap(context, node, path, "principals")) return principals;
  const int errors_before = context.diagnostics.error_count();
  CheckKnownFields(context, node, path, kPrincipalFields, "principals");

  if (const Node* usernames = OptionalField(context, node, "usernames")) {
    principals.usernames = ReadPrincipalList(context, *usernames, FieldPath(path, "usernames"),
                                             "usernames", "username");
  }
  if (const Node* client_ids = OptionalField(context, node, "clientIds")) {
    principals.client_ids = ReadPrincipalList(context, *client_ids, FieldPath(path, "clientIds"),
                                              "clientIds", "client id");
  }
  if (const Node* attributes = OptionalField(context, node, "attributes")) {
    principals.attributes = ReadAttributeList(context, *attributes, FieldPath(path, "attributes"));
  }

  // A field with an error, such as a misspelled `clientId` or a string where a list
  // belongs, already has a message, and the principals it meant are unknown.
  if (context.diagnostics.error_count() != errors_before) return principals;
  std::size_t written_entries = 0;
  for (std::string_view field : kPrincipalFields) {
    written_entries += CountListEntries(context, node, field);
  }
  if (written_entries == 0) {
    context.diagnostics.Warning(node, path,
                                "principals has no usernames, clientIds or attributes, so this "
                                "rule matches no client",
                                "add the principals the rule is for, or remove the rule");
  }
  return principals;
}

}  // namespace mqauthz
