// Design: simdjson's On-Demand API parses lazily while the caller walks the document, so
// the walk itself is the parse. The walk keeps an explicit stack of open objects and
// arrays (never recursion), and a child object or array is read to its end before its
// parent's iterator moves on, which is the order On-Demand requires. Positions come from
// pointers into the input: value::raw_json_token() for values and raw_json_string::raw()
// for keys.

#include "compiler/json_reader.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "compiler/absl_view.h"
#include "compiler/diagnostic_list.h"
#include "compiler/document.h"
#include "core/text_quote.h"
#include "core/utf8.h"
#include "simdjson.h"

namespace mqauthz {
namespace {

namespace ondemand = simdjson::ondemand;

constexpr std::string_view kUtf8ByteOrderMark = "\xEF\xBB\xBF";

constexpr char kSyntaxHint[] =
    "check for a missing or extra comma, bracket, brace or quote at or just before this "
    "position";

// One object or array being read.
struct Frame {
  NodeId node = 0;
  bool is_object = false;
  ondemand::object_iterator object_it;
  ondemand::object_iterator object_end;
  ondemand::array_iterator array_it;
  ondemand::array_iterator array_end;
  // A child object or array was opened and has been read to its end since, so the
  // iterator must step past it before reading the next child.
  bool child_open = false;
  absl::flat_hash_map<std::string, int> key_lines;  // key -> line of its first use
};

// Finds where simdjson's first pass failed, which it does not report: the first byte of
// invalid UTF-8, the opening quote of an unclosed string, or a control character in a
// string. Returns nullopt when the scan finds nothing.
std::optional<std::size_t> LocateScanError(std::string_view text, simdjson::error_code code) {
  if (code == simdjson::UTF8_ERROR) {
    const std::size_t offset = FindInvalidUtf8(text);
    if (offset < text.size()) return offset;
    return std::nullopt;
  }

  bool in_string = false;
  std::size_t string_start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (!in_string) {
      if (c == '"') {
        in_string = true;
        string_start = i;
      }
      continue;
    }
    if (c == '\\') {
      ++i;  // the escaped character cannot end the string
    } else if (c == '"') {
      in_string = false;
    } else if (static_cast<unsigned char>(c) < 0x20 && code == simdjson::UNESCAPED_CHARS) {
      return i;
    }
  }
  if (in_string) return string_start;
  return std::nullopt;
}

// A construct that JSON5, YAML or JavaScript allow but JSON does not.
struct NonJsonSyntax {
  std::size_t offset = 0;
  std::string message;
  std::string hint;
};

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool IsWordStart(char c) { return absl::ascii_isalpha(static_cast<unsigned char>(c)) || c == '_'; }

// Returns the offset just past the string whose opening quote is at `start`, or the
// text's size when the string is not closed.
std::size_t SkipString(std::string_view text, std::size_t start) {
  for (std::size_t i = start + 1; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;  // the escaped character cannot end the string
    } else if (text[i] == '"') {
      return i + 1;
    }
  }
  return text.size();
}

// Returns the offset just past the run of word characters (letters, digits, '_') that
// starts at `start`.
std::size_t SkipWord(std::string_view text, std::size_t start) {
  std::size_t end = start;
  while (end < text.size() &&
         (absl::ascii_isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_')) {
    ++end;
  }
  return end;
}

// Finds the first comment, single-quoted string, comma before a closing bracket or
// unquoted word (other than true, false and null) outside the double-quoted strings of
// `text`. simdjson reports all of these as one generic structural error, but users who
// write JSON by hand make exactly these mistakes, so naming them saves a search.
std::optional<NonJsonSyntax> FindNonJsonSyntax(std::string_view text) {
  std::optional<std::size_t> pending_comma;  // a comma followed by blanks only, so far
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (IsBlank(c)) {
      ++i;
      continue;
    }
    if ((c == '}' || c == ']') && pending_comma.has_value()) {
      return NonJsonSyntax{
          *pending_comma,
          absl::StrCat(AbslView(kJsonSyntaxErrorPrefix), "comma after the last entry of ",
                       c == '}' ? "an object" : "an array"),
          absl::StrCat("remove the comma before '", std::string(1, c), "'")};
    }
    pending_comma.reset();

    if (c == '/' && i + 1 < text.size() && (text[i + 1] == '/' || text[i + 1] == '*')) {
      return NonJsonSyntax{
          i, absl::StrCat(AbslView(kJsonSyntaxErrorPrefix), "comments are not allowed"),
          "remove the comment, because JSON has no comment syntax"};
    }
    if (c == '#') {
      return NonJsonSyntax{
          i, absl::StrCat(AbslView(kJsonSyntaxErrorPrefix), "comments are not allowed"),
          "remove the comment, because JSON has no comment syntax"};
    }
    if (c == '\'') {
      return NonJsonSyntax{
          i, absl::StrCat(AbslView(kJsonSyntaxErrorPrefix), "single quotes are not allowed"),
          "put strings and keys in double quotes"};
    }
    if (IsWordStart(c)) {
      const std::size_t end = SkipWord(text, i);
      const std::string_view word = text.substr(i, end - i);
      if (word != "true" && word != "false" && word != "null") {
        return NonJsonSyntax{
            i, absl::StrCat(AbslView(kJsonSyntaxErrorPrefix), "unquoted text ", QuoteText(word)),
            "put strings and keys in double quotes (only true, false, null and numbers are "
            "written without them)"};
      }
      i = end;
      continue;
    }

    if (c == '"') {
      i = SkipString(text, i);
    } else if (c == ',') {
      pending_comma = i;
      ++i;
    } else if (c == '-' || absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      // A number, with its exponent: the 'e' of 1e5 is not an unquoted word.
      i = SkipWord(text, i + 1);
      while (i < text.size() && (text[i] == '.' || text[i] == '+' || text[i] == '-')) {
        i = SkipWord(text, i + 1);
      }
    } else {
      ++i;
    }
  }
  return std::nullopt;
}

bool IsAtOrBefore(TextPosition a, TextPosition b) {
  return a.line < b.line || (a.line == b.line && a.column <= b.column);
}

class JsonTreeBuilder {
 public:
  JsonTreeBuilder(std::string_view text, std::string_view file_name)
      : text_(text), padded_(text), lines_(text), diagnostics_(file_name) {
    // simdjson rejects a UTF-8 byte order mark. Blanking it keeps every offset.
    if (text.starts_with(kUtf8ByteOrderMark)) {
      for (std::size_t i = 0; i < kUtf8ByteOrderMark.size(); ++i) padded_.data()[i] = ' ';
    }
  }

  ReadResult Build() {
    ondemand::parser parser;
    ondemand::document json;
    if (const auto error = parser.iterate(padded_).get(json); error) {
      const std::optional<std::size_t> offset = LocateScanError(text_, error);
      if (!offset.has_value()) return SyntaxFailure(error, std::nullopt);
      return SyntaxFailure(error, lines_.Locate(*offset));
    }

    ondemand::value root;
    if (const auto error = json.get_value().get(root); error) {
      return SyntaxFailure(error, CurrentPosition(json));
    }
    if (!AddValue(root, std::nullopt)) return Failure(json);
    document_.root = 0;

    while (!stack_.empty()) {
      if (!Step()) return Failure(json);
    }
    // simdjson checks that the last byte closes the root, but not that nothing comes
    // between: `{} {}` passes that check. A token left over after the root is an error.
    const char* trailing = nullptr;
    if (json.current_location().get(trailing) == simdjson::SUCCESS) {
      diagnostics_.Add(Severity::kError, PositionOf(trailing), "",
                       absl::StrCat(AbslView(kJsonSyntaxErrorPrefix),
                                    "unexpected text after the end of the document"),
                       "remove everything after the closing bracket or brace");
      return Finish(/*syntax_error=*/true);
    }
    return Finish(/*syntax_error=*/false);
  }

 private:
  // Reads the next child of the innermost open object or array. Returns false on error.
  bool Step() {
    const std::size_t frame_index = stack_.size() - 1;
    Frame& frame = stack_.back();
    if (frame.child_open) {
      Advance(frame);
      frame.child_open = false;
    }
    const bool more =
        frame.is_object ? frame.object_it != frame.object_end : frame.array_it != frame.array_end;
    if (!more) {
      stack_.pop_back();
      return true;
    }

    std::optional<MapEntry> entry;
    ondemand::value value;
    if (frame.is_object) {
      ondemand::field field;
      if (const auto error = (*frame.object_it).get(field); error) {
        return ReportSyntaxError(error);
      }
      entry.emplace();
      if (!ReadKey(field, *entry)) return false;
      value = field.value();
    } else {
      if (const auto error = (*frame.array_it).get(value); error) {
        return ReportSyntaxError(error);
      }
    }

    // AddValue may push a frame, which invalidates `frame`.
    if (!AddValue(value, std::move(entry))) return false;
    Frame& parent = stack_[frame_index];
    if (stack_.size() - 1 > frame_index) {
      parent.child_open = true;
    } else {
      Advance(parent);
    }
    return true;
  }

  static void Advance(Frame& frame) {
    if (frame.is_object) {
      ++frame.object_it;
    } else {
      ++frame.array_it;
    }
  }

  bool ReadKey(ondemand::field& field, MapEntry& entry) {
    const char* quote = field.key().raw() - 1;
    last_location_ = quote;
    const TextPosition position = PositionOf(quote);
    entry.line = position.line;
    entry.column = position.column;

    std::string_view key;
    if (const auto error = field.unescaped_key().get(key); error) {
      return ReportValueError(error, quote);
    }
    entry.key = std::string(key);
    return true;
  }

  // Creates the node for `value` and attaches it to the innermost open object (under
  // `entry`) or array. Opens a frame when the value is an object or an array. Returns
  // false on error.
  bool AddValue(ondemand::value& value, std::optional<MapEntry> entry) {
    const char* location = value.raw_json_token().data();
    last_location_ = location;
    const TextPosition position = PositionOf(location);

    if (document_.nodes.size() >= kMaxDocumentNodes) {
      diagnostics_.Add(Severity::kError, position, "",
                       absl::StrCat("the document has more than ", kMaxDocumentNodes, " values"),
                       "split the policy or remove repeated entries");
      return false;
    }

    ondemand::json_type type;
    if (const auto error = value.type().get(type); error) return ReportSyntaxError(error);

    Node node;
    node.line = position.line;
    node.column = position.column;
    Frame frame;
    bool opens_frame = false;
    switch (type) {
      case ondemand::json_type::object: {
        node.kind = NodeKind::kMap;
        ondemand::object object;
        if (const auto error = value.get_object().get(object); error) {
          return ReportSyntaxError(error);
        }
        if (const auto error = object.begin().get(frame.object_it); error) {
          return ReportSyntaxError(error);
        }
        if (const auto error = object.end().get(frame.object_end); error) {
          return ReportSyntaxError(error);
        }
        frame.is_object = true;
        opens_frame = true;
        break;
      }
      case ondemand::json_type::array: {
        node.kind = NodeKind::kSequence;
        ondemand::array array;
        if (const auto error = value.get_array().get(array); error) {
          return ReportSyntaxError(error);
        }
        if (const auto error = array.begin().get(frame.array_it); error) {
          return ReportSyntaxError(error);
        }
        if (const auto error = array.end().get(frame.array_end); error) {
          return ReportSyntaxError(error);
        }
        opens_frame = true;
        break;
      }
      case ondemand::json_type::string: {
        node.kind = NodeKind::kString;
        std::string_view text;
        if (const auto error = value.get_string().get(text); error) {
          return ReportValueError(error, location);
        }
        node.text = std::string(text);
        break;
      }
      case ondemand::json_type::number: {
        node.kind = NodeKind::kNumber;
        node.text =
            std::string(absl::StripTrailingAsciiWhitespace(AbslView(value.raw_json_token())));
        double number = 0;
        if (const auto error = value.get_double().get(number); error) {
          return ReportValueError(error, location);
        }
        break;
      }
      case ondemand::json_type::boolean: {
        node.kind = NodeKind::kBool;
        bool boolean = false;
        if (const auto error = value.get_bool().get(boolean); error) {
          return ReportValueError(error, location);
        }
        node.text = boolean ? "true" : "false";
        break;
      }
      case ondemand::json_type::null: {
        node.kind = NodeKind::kNull;
        bool is_null = false;
        if (const auto error = value.is_null().get(is_null); error) {
          return ReportValueError(error, location);
        }
        if (!is_null) return ReportValueError(simdjson::INCORRECT_TYPE, location);
        node.text = "null";
        break;
      }
    }

    if (opens_frame && static_cast<int>(stack_.size()) >= kMaxDocumentDepth) {
      diagnostics_.Add(Severity::kError, position, "",
                       absl::StrCat("the document nests deeper than ", kMaxDocumentDepth,
                                    " levels of objects and arrays"),
                       "a policy needs fewer than 10 levels; remove the extra nesting");
      return false;
    }

    const NodeId id = document_.nodes.size();
    document_.nodes.push_back(std::move(node));
    Attach(id, std::move(entry));
    if (opens_frame) {
      frame.node = id;
      stack_.push_back(std::move(frame));
    }
    return true;
  }

  // Attaches node `id` to the innermost open object or array; a duplicate key is
  // reported and its value left unattached.
  void Attach(NodeId id, std::optional<MapEntry> entry) {
    if (stack_.empty()) return;  // the root
    Frame& parent = stack_.back();
    Node& parent_node = document_.nodes[parent.node];
    if (!entry.has_value()) {
      parent_node.items.push_back(id);
      return;
    }

    const auto [first, inserted] = parent.key_lines.try_emplace(entry->key, entry->line);
    if (!inserted) {
      diagnostics_.Add(Severity::kError, TextPosition{entry->line, entry->column}, "",
                       absl::StrCat("duplicate key ", QuoteText(entry->key),
                                    " (first used on line ", first->second, ")"),
                       "remove one of the two entries; only one value per key is allowed");
      return;
    }
    entry->value = id;
    parent_node.entries.push_back(std::move(*entry));
  }

  TextPosition PositionOf(const char* location) const {
    const char* begin = padded_.data();
    std::size_t offset = 0;
    if (location != nullptr && location >= begin) {
      offset = static_cast<std::size_t>(location - begin);
    }
    if (offset > text_.size()) offset = text_.size();
    return lines_.Locate(offset);
  }

  TextPosition CurrentPosition(ondemand::document& json) {
    const char* location = nullptr;
    if (json.current_location().get(location) == simdjson::SUCCESS) {
      return PositionOf(location);
    }
    if (last_location_ != nullptr) return PositionOf(last_location_);
    return lines_.Locate(text_.size());
  }

  bool ReportSyntaxError(simdjson::error_code error) {
    syntax_error_code_ = error;
    return false;
  }

  // Reports an error in the value that starts at `location`, such as a string with an
  // invalid escape, where simdjson's own position would be past the value.
  bool ReportValueError(simdjson::error_code error, const char* location) {
    error_location_ = location;
    return ReportSyntaxError(error);
  }

  // Ends a walk that stopped early: on a syntax error, or on a limit that AddValue
  // already reported.
  ReadResult Failure(ondemand::document& json) {
    if (syntax_error_code_ != simdjson::SUCCESS) {
      const TextPosition position =
          error_location_ != nullptr ? PositionOf(error_location_) : CurrentPosition(json);
      return SyntaxFailure(syntax_error_code_, position);
    }
    ReadResult result;
    result.diagnostics = diagnostics_.TakeSorted();
    return result;
  }

  // Reports a syntax error that simdjson found at `position`, or at an unknown position
  // when it is nullopt. When the text has a construct that JSON does not allow at or
  // before that position, the construct is the likely cause and is reported instead of
  // simdjson's generic message.
  ReadResult SyntaxFailure(simdjson::error_code error, std::optional<TextPosition> position) {
    std::optional<NonJsonSyntax> construct = FindNonJsonSyntax(text_);
    const std::optional<TextPosition> construct_position =
        construct.has_value() ? std::optional(lines_.Locate(construct->offset)) : std::nullopt;
    if (construct_position.has_value() &&
        (!position.has_value() || IsAtOrBefore(*construct_position, *position))) {
      diagnostics_.Add(Severity::kError, *construct_position, "", std::move(construct->message),
                       std::move(construct->hint));
    } else {
      diagnostics_.Add(
          Severity::kError, position.value_or(TextPosition{1, 1}), "",
          absl::StrCat(AbslView(kJsonSyntaxErrorPrefix), simdjson::error_message(error)),
          kSyntaxHint);
    }
    ReadResult result;
    result.diagnostics = diagnostics_.TakeSorted();
    result.syntax_error = true;
    return result;
  }

  ReadResult Finish(bool syntax_error) {
    ReadResult result;
    result.syntax_error = syntax_error;
    if (!syntax_error) {
      document_.syntax = DocumentSyntax::kJson;
      result.document = std::move(document_);
    }
    result.diagnostics = diagnostics_.TakeSorted();
    return result;
  }

  std::string_view text_;
  simdjson::padded_string padded_;
  LineIndex lines_;
  DiagnosticList diagnostics_;
  Document document_;
  std::vector<Frame> stack_;
  const char* last_location_ = nullptr;
  const char* error_location_ = nullptr;
  simdjson::error_code syntax_error_code_ = simdjson::SUCCESS;
};

}  // namespace

ReadResult ReadJson(std::string_view text, std::string_view file_name) {
  JsonTreeBuilder builder(text, file_name);
  return builder.Build();
}

}  // namespace mqauthz
