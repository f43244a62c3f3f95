// Design: yaml-cpp's Parser reports a document as a stream of events (scalar, start and
// end of a map or sequence, alias). The builder below turns them into Document nodes with
// an explicit stack of open collections, so it never recurses. An error found inside an
// event handler throws StopReading, which unwinds yaml-cpp safely because yaml-cpp is
// written for exceptions. ReadYaml catches it, and yaml-cpp's own exceptions too.
// Stopping at kMaxDocumentDepth also keeps yaml-cpp's recursive descent shallow.

#include "compiler/yaml_reader.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "compiler/absl_view.h"
#include "compiler/diagnostic_list.h"
#include "compiler/document.h"
#include "compiler/yaml_scalar.h"
#include "core/text_quote.h"
#include "core/utf8.h"
#include "yaml-cpp/anchor.h"
#include "yaml-cpp/emitterstyle.h"
#include "yaml-cpp/eventhandler.h"
#include "yaml-cpp/exceptions.h"
#include "yaml-cpp/mark.h"
#include "yaml-cpp/parser.h"

namespace mqauthz {
namespace {

// Thrown from an event handler after the error has been added to the diagnostics.
struct StopReading {};

constexpr std::string_view kCoreTagPrefix = "tag:yaml.org,2002:";

bool StartsWithWideByteOrderMark(std::string_view text) {
  for (std::string_view mark : {std::string_view("\xFE\xFF"), std::string_view("\xFF\xFE"),
                                std::string_view("\x00\x00\xFE\xFF", 4)}) {
    if (text.starts_with(mark)) return true;
  }
  return false;
}

// Returns the byte offset of the first U+0000 of `text`, read as UTF-32 or UTF-16 when it
// starts with that byte order mark and as UTF-8 otherwise, or npos when there is none.
// Checks the UTF-32 marks first, because "\xFF\xFE\0\0" starts UTF-32LE for yaml-cpp.
std::size_t FindNulCharacter(std::string_view text) {
  std::size_t unit_bytes = 1;
  if (text.starts_with(std::string_view("\x00\x00\xFE\xFF", 4)) ||
      text.starts_with(std::string_view("\xFF\xFE\x00\x00", 4))) {
    unit_bytes = 4;
  } else if (StartsWithWideByteOrderMark(text)) {
    unit_bytes = 2;
  }
  for (std::size_t offset = 0; offset + unit_bytes <= text.size(); offset += unit_bytes) {
    if (text.substr(offset, unit_bytes).find_first_not_of('\0') == std::string_view::npos) {
      return offset;
    }
  }
  return std::string_view::npos;
}

TextPosition PositionOf(const YAML::Mark& mark) {
  if (mark.line < 0 || mark.column < 0) return TextPosition{};
  return TextPosition{mark.line + 1, mark.column + 1};
}

// Returns the position of a yaml-cpp error. yaml-cpp 0.7 places some errors at the end of
// the text one byte past it (`"[\` fails at column 5 of a 3-byte line), so a mark past the
// end becomes the end of the text. In UTF-16 and UTF-32 text a mark counts characters, so
// it is left as it is.
TextPosition ErrorPosition(const YAML::Mark& mark, std::string_view text) {
  if (!StartsWithWideByteOrderMark(text) && mark.pos >= 0 &&
      static_cast<std::size_t>(mark.pos) > text.size()) {
    return LineIndex(text).Locate(text.size());
  }
  return PositionOf(mark);
}

// The number of lines before a syntax error's line that are searched for a tab in the
// indentation. In every case tried, yaml-cpp 0.7 reports the error on the tab's own
// line. The lines before are searched in case an error surfaces only at the next token.
constexpr int kTabSearchLines = 2;

// Returns the position of the first tab in the leading blanks of line `error_line` or of
// the kTabSearchLines lines before it, nearest line first, or nullopt when there is none.
// YAML forbids tabs in indentation, yet yaml-cpp 0.7 reports them as "illegal block
// entry" or "illegal map value" at another column.
std::optional<TextPosition> FindIndentationTab(std::string_view text, int error_line) {
  std::vector<std::string_view> lines;
  for (std::size_t start = 0;
       start <= text.size() && static_cast<int>(lines.size()) < error_line;) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  const int first_line = std::max(1, error_line - kTabSearchLines);
  for (int line = std::min(error_line, static_cast<int>(lines.size())); line >= first_line;
       --line) {
    const std::string_view content = lines[static_cast<std::size_t>(line - 1)];
    for (std::size_t column = 0; column < content.size(); ++column) {
      if (content[column] == '\t') return TextPosition{line, static_cast<int>(column) + 1};
      if (content[column] != ' ') break;
    }
  }
  return std::nullopt;
}

// One map or sequence whose end event has not come yet.
struct OpenCollection {
  NodeId node = 0;
  bool is_map = false;
  std::uint64_t expanded_size = 1;  // this node plus its children, aliases expanded

  // For maps: the key waiting for its value, and the keys written so far.
  std::optional<MapEntry> key;
  bool key_is_merge = false;
  absl::flat_hash_map<std::string, int> key_lines;  // key -> line of its first use
  std::vector<NodeId> merge_sources;                // values of `<<` keys, in order
};

class YamlTreeBuilder final : public YAML::EventHandler {
 public:
  YamlTreeBuilder(std::string_view text, DiagnosticList& diagnostics)
      : text_(text), diagnostics_(diagnostics) {}

  void OnDocumentStart(const YAML::Mark& mark) override {
    // yaml-cpp 0.7 reports an endless series of empty documents at a stray closing
    // bracket, such as the second '}' of "{a: 1}}", without moving past it.
    if (document_count_ > 0 && mark.pos == last_document_start_) {
      syntax_error_ = true;
      Fail(PositionOf(mark), "invalid YAML: unexpected text at this position",
           "check for an unmatched '}' or ']' at or just before this position");
    }
    ++document_count_;
    last_document_start_ = mark.pos;

    current_ = Document();
    current_.syntax = DocumentSyntax::kYaml;
    expanded_sizes_.clear();
    complete_.clear();
    anchors_.clear();
    anchor_names_.clear();
    stack_.clear();
  }

  void OnDocumentEnd() override {
    if (current_.nodes.empty()) return;
    const Node& root = current_.node(current_.root);
    if (root.kind == NodeKind::kNull) return;  // an empty document, as kubectl skips them

    if (document_.has_value()) {
      Fail(TextPosition{root.line, root.column}, "the file contains more than one YAML document",
           "put each policy in its own file; remove the extra '---' section");
    }
    document_ = std::move(current_);
  }

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Node node = NewNode(NodeKind::kNull, mark);
    node.text = NullSpellingAt(mark);
    node.yaml_plain = true;
    // A list item written as nothing (`-` alone) has no position of its own; yaml-cpp
    // gives the next token's. Point at the last text before it, on the item's line.
    if (node.text.empty() && !stack_.empty() && !stack_.back().is_map) {
      const TextPosition position = PositionBefore(mark);
      node.line = position.line;
      node.column = position.column;
    }
    AddScalar(std::move(node), anchor);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    Node node = NewNode(NodeKind::kString, mark);
    node.text = value;
    if (tag == "?") {
      node.kind = KindOfPlainScalar(value);
      node.yaml_plain = true;
    } else if (tag != "!" && tag != absl::StrCat(AbslView(kCoreTagPrefix), "str")) {
      node.kind = KindOfTaggedScalar(tag, value, mark);
    }
    AddScalar(std::move(node), anchor);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    const auto found = anchors_.find(anchor);
    if (found == anchors_.end()) {
      Fail(PositionOf(mark), "alias refers to an unknown anchor", "define the anchor first");
    }
    const NodeId target = found->second;
    if (!complete_[target]) {
      Fail(PositionOf(mark),
           absl::StrCat("alias *", anchor_names_[anchor], " refers to a node that contains it"),
           "a policy cannot be recursive; copy the content instead of the alias");
    }
    Place(target, PositionOf(mark));
    AddExpandedSize(expanded_sizes_[target], PositionOf(mark));
  }

  void OnAnchor(const YAML::Mark& /*mark*/, const std::string& anchor_name) override {
    pending_anchor_name_ = anchor_name;
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value /*style*/) override {
    OpenCollectionNode(NodeKind::kSequence, mark, tag, anchor);
  }

  void OnSequenceEnd() override { CloseCollection(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value /*style*/) override {
    OpenCollectionNode(NodeKind::kMap, mark, tag, anchor);
  }

  void OnMapEnd() override {
    ApplyMerges(stack_.back());
    CloseCollection();
  }

  std::optional<Document> TakeDocument() { return std::move(document_); }

  // Returns whether reading stopped at text that is not valid YAML.
  bool syntax_error() const { return syntax_error_; }

 private:
  Node NewNode(NodeKind kind, const YAML::Mark& mark) {
    if (current_.nodes.size() >= kMaxDocumentNodes) {
      Fail(PositionOf(mark),
           absl::StrCat("the document has more than ", kMaxDocumentNodes, " values"),
           "split the policy or remove repeated entries");
    }
    const TextPosition position = PositionOf(mark);
    Node node;
    node.kind = kind;
    node.line = position.line;
    node.column = position.column;
    return node;
  }

  // Returns the position of the last byte before `mark` that is not blank.
  TextPosition PositionBefore(const YAML::Mark& mark) {
    if (mark.pos <= 0) return PositionOf(mark);
    std::size_t offset = std::min(static_cast<std::size_t>(mark.pos), text_.size());
    while (offset > 0) {
      const char c = text_[offset - 1];
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') break;
      --offset;
    }
    if (offset == 0) return PositionOf(mark);
    if (!lines_.has_value()) lines_.emplace(text_);
    return lines_->Locate(offset - 1);
  }

  // Returns how a null was spelled: "~", "null", "Null", "NULL", or "" for nothing.
  std::string NullSpellingAt(const YAML::Mark& mark) const {
    if (mark.pos < 0 || static_cast<std::size_t>(mark.pos) >= text_.size()) return "";
    const std::string_view rest = text_.substr(static_cast<std::size_t>(mark.pos));
    for (std::string_view word : {"~", "null", "Null", "NULL"}) {
      if (rest.starts_with(word)) return std::string(word);
    }
    return "";
  }

  static NodeKind KindOfPlainScalar(std::string_view text) {
    switch (ResolvePlainScalar(text)) {
      case PlainScalarKind::kNull:
        return NodeKind::kNull;
      case PlainScalarKind::kBool:
        return NodeKind::kBool;
      case PlainScalarKind::kInt:
      case PlainScalarKind::kFloat:
        return NodeKind::kNumber;
      case PlainScalarKind::kString:
      case PlainScalarKind::kMergeKey:
        return NodeKind::kString;
    }
    return NodeKind::kString;
  }

  // Resolves a scalar with an explicit core tag such as !!int. The value must be valid
  // for the tag, as go-yaml requires.
  NodeKind KindOfTaggedScalar(const std::string& tag, const std::string& value,
                              const YAML::Mark& mark) {
    struct CoreTag {
      std::string_view name;
      NodeKind kind;
    };
    constexpr CoreTag kCoreTags[] = {{"null", NodeKind::kNull},
                                     {"bool", NodeKind::kBool},
                                     {"int", NodeKind::kNumber},
                                     {"float", NodeKind::kNumber}};
    for (const CoreTag& core_tag : kCoreTags) {
      if (tag != absl::StrCat(AbslView(kCoreTagPrefix), AbslView(core_tag.name))) continue;
      if (KindOfPlainScalar(value) != core_tag.kind) {
        Fail(
            PositionOf(mark),
            absl::StrCat(QuoteText(value), " is not a valid !!", AbslView(core_tag.name), " value"),
            absl::StrCat("remove the !!", AbslView(core_tag.name), " tag or fix the value"));
      }
      return core_tag.kind;
    }
    Fail(PositionOf(mark), absl::StrCat("unsupported YAML tag ", QuoteText(tag)),
         "remove the tag; a policy needs only strings, lists and maps");
    return NodeKind::kNull;  // not reached: Fail throws
  }

  void AddScalar(Node node, YAML::anchor_t anchor) {
    const TextPosition position{node.line, node.column};
    const NodeId id = Store(std::move(node), anchor);
    complete_[id] = true;
    expanded_sizes_[id] = 1;
    Place(id, position);
    AddExpandedSize(1, position);
  }

  void OpenCollectionNode(NodeKind kind, const YAML::Mark& mark, const std::string& tag,
                          YAML::anchor_t anchor) {
    const std::string_view expected_tag = kind == NodeKind::kMap ? "map" : "seq";
    if (tag != "?" && tag != "!" && !tag.empty() &&
        tag != absl::StrCat(AbslView(kCoreTagPrefix), AbslView(expected_tag))) {
      Fail(PositionOf(mark), absl::StrCat("unsupported YAML tag ", QuoteText(tag)),
           "remove the tag; a policy needs only strings, lists and maps");
    }
    if (static_cast<int>(stack_.size()) >= kMaxDocumentDepth) {
      Fail(PositionOf(mark),
           absl::StrCat("the document nests deeper than ", kMaxDocumentDepth,
                        " levels of maps and lists"),
           "a policy needs fewer than 10 levels; remove the extra nesting");
    }

    const NodeId id = Store(NewNode(kind, mark), anchor);
    Place(id, PositionOf(mark));
    OpenCollection collection;
    collection.node = id;
    collection.is_map = kind == NodeKind::kMap;
    stack_.push_back(std::move(collection));
  }

  void CloseCollection() {
    const OpenCollection& collection = stack_.back();
    const NodeId id = collection.node;
    const std::uint64_t size = collection.expanded_size;
    stack_.pop_back();
    complete_[id] = true;
    expanded_sizes_[id] = size;
    const Node& node = current_.node(id);
    AddExpandedSize(size, TextPosition{node.line, node.column});
  }

  NodeId Store(Node node, YAML::anchor_t anchor) {
    const NodeId id = current_.nodes.size();
    current_.nodes.push_back(std::move(node));
    expanded_sizes_.push_back(0);
    complete_.push_back(false);
    if (anchor != YAML::NullAnchor) {
      anchors_[anchor] = id;
      anchor_names_[anchor] = pending_anchor_name_;
    }
    pending_anchor_name_.clear();
    return id;
  }

  // Attaches node `id` to the innermost open collection: as the root, a sequence item,
  // a map key, or a map value.
  void Place(NodeId id, TextPosition position) {
    if (stack_.empty()) {
      current_.root = id;
      return;
    }
    OpenCollection& parent = stack_.back();
    if (!parent.is_map) {
      current_.nodes[parent.node].items.push_back(id);
      return;
    }
    if (!parent.key.has_value()) {
      SetKey(parent, id, position);
      return;
    }
    AddEntry(parent, id);
  }

  void SetKey(OpenCollection& map, NodeId id, TextPosition position) {
    const Node& key = current_.node(id);
    if (key.kind == NodeKind::kMap || key.kind == NodeKind::kSequence) {
      Fail(position, "a map key must be a scalar, not a map or a list",
           "use a plain field name as the key");
    }
    MapEntry entry;
    entry.key = key.text;
    entry.line = position.line;
    entry.column = position.column;
    map.key = std::move(entry);
    map.key_is_merge = key.kind == NodeKind::kString && key.yaml_plain && key.text == "<<";
  }

  void AddEntry(OpenCollection& map, NodeId value) {
    MapEntry entry = std::move(*map.key);
    map.key.reset();
    if (map.key_is_merge) {
      map.merge_sources.push_back(value);
      return;
    }

    // A value written as nothing (`key:`) has no position of its own; yaml-cpp gives the
    // next token's. Point at the key instead.
    Node& value_node = current_.nodes[value];
    if (value_node.kind == NodeKind::kNull && value_node.text.empty()) {
      value_node.line = entry.line;
      value_node.column = entry.column;
    }

    const auto [first, inserted] = map.key_lines.try_emplace(entry.key, entry.line);
    if (!inserted) {
      diagnostics_.Add(Severity::kError, TextPosition{entry.line, entry.column}, "",
                       absl::StrCat("duplicate key ", QuoteText(entry.key), " (first used on line ",
                                    first->second, ")"),
                       "remove one of the two entries; only one value per key is allowed");
      return;
    }
    entry.value = value;
    current_.nodes[map.node].entries.push_back(std::move(entry));
  }

  // Adds the entries of the maps named by `<<` keys, as go-yaml does: keys written in
  // the map win over merged ones, and an earlier merged map wins over a later one.
  void ApplyMerges(OpenCollection& map) {
    for (const NodeId source_id : map.merge_sources) {
      const Node& source = current_.node(source_id);
      if (source.kind == NodeKind::kMap) {
        MergeEntries(map, source);
        continue;
      }
      bool valid = source.kind == NodeKind::kSequence;
      if (valid) {
        for (const NodeId item : source.items)
          valid = valid && current_.node(item).kind == NodeKind::kMap;
      }
      if (!valid) {
        Fail(TextPosition{source.line, source.column},
             absl::StrCat("the value of a merge key (<<) must be a map or a list of maps, not ",
                          DescribeNode(source)),
             "write `<<: *anchor` where the anchor names a map");
      }
      for (const NodeId item : source.items) MergeEntries(map, current_.node(item));
    }
  }

  void MergeEntries(OpenCollection& map, const Node& source) {
    Node& target = current_.nodes[map.node];
    for (const MapEntry& entry : source.entries) {
      if (map.key_lines.try_emplace(entry.key, entry.line).second) {
        target.entries.push_back(entry);
      }
    }
  }

  void AddExpandedSize(std::uint64_t size, TextPosition position) {
    if (stack_.empty()) return;
    std::uint64_t& total = stack_.back().expanded_size;
    total += size;
    if (total > kMaxDocumentNodes) {
      Fail(position,
           absl::StrCat("the document has more than ", kMaxDocumentNodes,
                        " values once aliases are expanded"),
           "use fewer aliases, or split the policy");
    }
  }

  [[noreturn]] void Fail(TextPosition position, std::string message, std::string hint) {
    diagnostics_.Add(Severity::kError, position, "", std::move(message), std::move(hint));
    throw StopReading();
  }

  std::string_view text_;
  std::optional<LineIndex> lines_;  // built on first use
  DiagnosticList& diagnostics_;
  std::optional<Document> document_;  // the non-empty document, once read
  int document_count_ = 0;
  int last_document_start_ = -1;  // byte offset of the last document's start
  bool syntax_error_ = false;

  // State of the document being read.
  Document current_;
  std::vector<std::uint64_t> expanded_sizes_;  // by NodeId, set when the node completes
  std::vector<bool> complete_;                 // by NodeId
  absl::flat_hash_map<YAML::anchor_t, NodeId> anchors_;
  absl::flat_hash_map<YAML::anchor_t, std::string> anchor_names_;
  std::string pending_anchor_name_;
  std::vector<OpenCollection> stack_;
};

}  // namespace

ReadResult ReadYaml(std::string_view text, std::string_view file_name) {
  DiagnosticList diagnostics(file_name);
  YamlTreeBuilder builder(text, diagnostics);
  ReadResult result;

  // yaml-cpp passes invalid UTF-8 through, but Kubernetes rejects such a manifest.
  // NOTE: text in UTF-16 or UTF-32, which yaml-cpp converts, is accepted only with a
  // byte order mark.
  if (!StartsWithWideByteOrderMark(text)) {
    if (const std::size_t offset = FindInvalidUtf8(text); offset < text.size()) {
      diagnostics.Add(Severity::kError, LineIndex(text).Locate(offset), "",
                      absl::StrCat("invalid YAML: byte ", QuoteText(text.substr(offset, 1)),
                                   " is not valid UTF-8"),
                      "save the file as UTF-8");
      result.diagnostics = diagnostics.TakeSorted();
      result.syntax_error = true;
      return result;
    }
  }

  // YAML does not allow U+0000, and yaml-cpp 0.7 misreads it. NUL bytes among the first
  // four make it guess UTF-16 or UTF-32 without a byte order mark. "a\0" reads as the
  // string "a". "\x02?\0" fails with "unknown escape character" at column 5 of a 3-byte
  // line.
  if (const std::size_t offset = FindNulCharacter(text); offset != std::string_view::npos) {
    // Positions in UTF-16 and UTF-32 text would count characters, not bytes, so the
    // error there is about the file as a whole.
    const TextPosition position =
        StartsWithWideByteOrderMark(text) ? TextPosition{} : LineIndex(text).Locate(offset);
    diagnostics.Add(Severity::kError, position, "",
                    "invalid YAML: the text contains U+0000 (NUL), which YAML does not allow",
                    "remove the NUL character; a file saved as UTF-16 or UTF-32 needs a byte "
                    "order mark");
    result.diagnostics = diagnostics.TakeSorted();
    result.syntax_error = true;
    return result;
  }
  try {
    std::istringstream input{std::string(text)};
    YAML::Parser parser(input);
    while (parser.HandleNextDocument(builder)) {
    }
  } catch (const StopReading&) {
    result.diagnostics = diagnostics.TakeSorted();
    result.syntax_error = builder.syntax_error();
    return result;
  } catch (const YAML::Exception& error) {
    const TextPosition position = ErrorPosition(error.mark, text);
    if (const std::optional<TextPosition> tab = FindIndentationTab(text, position.line)) {
      diagnostics.Add(Severity::kError, *tab, "",
                      "invalid YAML: tab character in indentation, where YAML allows only spaces",
                      "replace the tab with spaces, and set the editor to indent YAML with spaces");
    } else {
      diagnostics.Add(Severity::kError, position, "", absl::StrCat("invalid YAML: ", error.msg),
                      "check the indentation, quotes and brackets at or just before this "
                      "position");
    }
    result.diagnostics = diagnostics.TakeSorted();
    result.syntax_error = true;
    return result;
  }

  result.document = builder.TakeDocument();
  if (!result.document.has_value()) {
    diagnostics.Add(Severity::kError, TextPosition{}, "",
                    "the file contains no policy: it is empty or has only comments",
                    "write a BrokerAuthorization resource, a CLI config file, an ARM resource "
                    "or a list of rules");
  }
  result.diagnostics = diagnostics.TakeSorted();
  return result;
}

}  // namespace mqauthz
