#include "compiler/document.h"

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "core/text_quote.h"

namespace mqauthz {

const Node* Document::FindEntry(const Node& map, std::string_view key) const {
  if (map.kind != NodeKind::kMap) return nullptr;
  for (const MapEntry& entry : map.entries) {
    if (entry.key == key) return &nodes[entry.value];
  }
  return nullptr;
}

std::string DescribeNode(const Node& node) {
  switch (node.kind) {
    case NodeKind::kNull:
      return "null";
    case NodeKind::kBool:
      return absl::StrCat("the boolean ", node.text);
    case NodeKind::kNumber:
      return absl::StrCat("the number ", node.text);
    case NodeKind::kString:
      return absl::StrCat("the string ", QuoteText(node.text));
    case NodeKind::kSequence:
      return "a list";
    case NodeKind::kMap:
      return "a map";
  }
  return "a value";
}

const char* NodeKindName(NodeKind kind) {
  switch (kind) {
    case NodeKind::kNull:
      return "null";
    case NodeKind::kBool:
      return "boolean";
    case NodeKind::kNumber:
      return "number";
    case NodeKind::kString:
      return "string";
    case NodeKind::kSequence:
      return "list";
    case NodeKind::kMap:
      return "map";
  }
  return "value";
}

LineIndex::LineIndex(std::string_view text) {
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') line_starts_.push_back(i + 1);
  }
}

TextPosition LineIndex::Locate(std::size_t offset) const {
  // The last line start at or before `offset`.
  const auto next = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  const std::size_t line_index = static_cast<std::size_t>(next - line_starts_.begin()) - 1;
  TextPosition position;
  position.line = static_cast<int>(line_index + 1);
  position.column = static_cast<int>(offset - line_starts_[line_index] + 1);
  return position;
}

}  // namespace mqauthz
