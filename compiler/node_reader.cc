#include "compiler/node_reader.h"

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "compiler/absl_view.h"
#include "compiler/suggestion.h"
#include "core/text_quote.h"

namespace mqauthz {
namespace {

// Returns the hint for a scalar written where a string is expected.
std::string StringHint(const Node& node) {
  if (node.kind == NodeKind::kMap || node.kind == NodeKind::kSequence) {
    return "write a single string";
  }
  if (node.kind == NodeKind::kNull && node.text.empty()) {
    return "write a value in quotes, or remove the empty entry";
  }
  if (node.yaml_plain) {
    return absl::StrCat("YAML reads ", node.text, " unquoted as a ", NodeKindName(node.kind),
                        "; quote it: ", QuoteText(node.text));
  }
  return absl::StrCat("write it as a JSON string: ", QuoteText(node.text));
}

std::string WrongKindMessage(std::string_view what, std::string_view expected, const Node& node) {
  return absl::StrCat(AbslView(what), " must be ", AbslView(expected), ", not ",
                      DescribeNode(node));
}

}  // namespace

std::string FieldPath(std::string_view parent, std::string_view field) {
  if (parent.empty()) return std::string(field);
  return absl::StrCat(AbslView(parent), ".", AbslView(field));
}

std::string IndexPath(std::string_view parent, std::size_t index) {
  return absl::StrCat(AbslView(parent), "[", index, "]");
}

std::string JoinAlternatives(std::span<const std::string_view> names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
    out += names[i];
  }
  return out;
}

void CheckKnownFields(BuildContext& context, const Node& map, std::string_view path,
                      std::span<const std::string_view> known_fields, std::string_view owner) {
  for (const MapEntry& entry : map.entries) {
    bool known = false;
    for (std::string_view field : known_fields) known = known || entry.key == field;
    if (known) continue;

    std::string hint;
    if (const auto nearest = NearestName(entry.key, known_fields); nearest.has_value()) {
      hint = absl::StrCat("did you mean ", AbslView(*nearest), "? ");
    }
    absl::StrAppend(&hint, "The fields of ", AbslView(owner), " are ",
                    JoinAlternatives(known_fields), "; names are case-sensitive");
    context.diagnostics.Add(
        Severity::kError, TextPosition{entry.line, entry.column}, FieldPath(path, entry.key),
        absl::StrCat("unknown field ", QuoteText(entry.key), " in ", AbslView(owner)),
        std::move(hint));
  }
}

const Node* OptionalField(const BuildContext& context, const Node& map, std::string_view field) {
  const Node* value = context.document.FindEntry(map, field);
  if (value == nullptr || value->kind == NodeKind::kNull) return nullptr;
  return value;
}

const Node* RequiredField(BuildContext& context, const Node& map, std::string_view map_path,
                          std::string_view field, std::string_view hint) {
  const Node* value = context.document.FindEntry(map, field);
  if (value != nullptr && value->kind != NodeKind::kNull) return value;

  if (value == nullptr) {
    context.diagnostics.Error(
        map, map_path, absl::StrCat("missing required field ", AbslView(field)), std::string(hint));
  } else {
    context.diagnostics.Error(*value, FieldPath(map_path, field),
                              absl::StrCat("required field ", AbslView(field), " is null"),
                              std::string(hint));
  }
  return nullptr;
}

bool ExpectMap(BuildContext& context, const Node& node, std::string_view path,
               std::string_view what) {
  if (node.kind == NodeKind::kMap) return true;
  context.diagnostics.Error(node, path, WrongKindMessage(what, "a map", node),
                            "write a map of fields (`name: value` lines in YAML, {...} in JSON)");
  return false;
}

bool ExpectList(BuildContext& context, const Node& node, std::string_view path,
                std::string_view what) {
  if (node.kind == NodeKind::kSequence) return true;
  std::string hint = "write a list (`- item` lines in YAML, [...] in JSON)";
  if (node.kind == NodeKind::kString) {
    hint = absl::StrCat("write a list, even for one entry: [", QuoteText(node.text), "]");
  }
  context.diagnostics.Error(node, path, WrongKindMessage(what, "a list", node), std::move(hint));
  return false;
}

const std::string* ExpectString(BuildContext& context, const Node& node, std::string_view path,
                                std::string_view what) {
  if (node.kind == NodeKind::kString) return &node.text;
  context.diagnostics.Error(node, path, WrongKindMessage(what, "a string", node), StringHint(node));
  return nullptr;
}

void DuplicateTracker::Check(BuildContext& context, const std::string& key, const Node& node,
                             std::string_view path, std::string_view text) {
  const auto [first, inserted] = first_paths_.try_emplace(key, path);
  if (inserted) return;
  context.diagnostics.Warning(
      node, path,
      absl::StrCat("duplicate ", what_, " ", QuoteText(text), " (also at ", first->second, ")"),
      "remove the repeated entry; it grants nothing more");
}

std::optional<std::size_t> ExpectEnum(BuildContext& context, const Node& node,
                                      std::string_view path, std::string_view field,
                                      std::span<const std::string_view> names) {
  const std::string* text = ExpectString(context, node, path, field);
  if (text == nullptr) return std::nullopt;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (absl::EqualsIgnoreCase(*text, AbslView(names[i]))) return i;
  }

  // The list starts with "use", because after "Write" it would read as if Write were one
  // of the values (Write is a state store method).
  std::string hint;
  if (const auto nearest = NearestName(*text, names); nearest.has_value()) {
    hint = absl::StrCat("did you mean ", AbslView(*nearest), "? Use ");
  } else {
    hint = "use ";
  }
  absl::StrAppend(&hint, JoinAlternatives(names), " (letter case does not matter)");
  context.diagnostics.Error(node, path,
                            absl::StrCat("unknown ", AbslView(field), " ", QuoteText(*text)),
                            std::move(hint));
  return std::nullopt;
}

}  // namespace mqauthz
