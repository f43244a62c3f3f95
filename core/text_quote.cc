#include "core/text_quote.h"

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "core/utf8.h"

namespace mqauthz {
namespace {

void AppendEscapedAscii(char c, std::string& out) {
  switch (c) {
    case '"':
      out += "\\\"";
      return;
    case '\\':
      out += "\\\\";
      return;
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    default:
      break;
  }
  const auto byte = static_cast<unsigned char>(c);
  if (byte < 0x20 || byte == 0x7F) {
    absl::StrAppendFormat(&out, "\\u%04x", byte);
  } else {
    out += c;
  }
}

// Returns whether the UTF-8 sequence of `length` bytes at `i` is a C1 control character
// (U+0080 to U+009F), such as NEL, which some terminals take as a line break.
bool IsC1Control(std::string_view text, std::size_t i, std::size_t length) {
  return length == 2 && static_cast<unsigned char>(text[i]) == 0xC2 &&
         static_cast<unsigned char>(text[i + 1]) <= 0x9F;
}

// Appends the character of the UTF-8 sequence of `length` bytes at `i`, escaped as \u00XX
// when it is a C1 control character.
void AppendMultibyte(std::string_view text, std::size_t i, std::size_t length, std::string& out) {
  if (IsC1Control(text, i, length)) {
    absl::StrAppendFormat(&out, "\\u%04x", static_cast<unsigned char>(text[i + 1]));
  } else {
    out.append(text.substr(i, length));
  }
}

}  // namespace

std::string QuoteText(std::string_view text) {
  std::string out = "\"";
  std::size_t i = 0;
  while (i < text.size() && i < kMaxQuotedBytes) {
    const std::size_t length = Utf8SequenceLength(text, i);
    if (length == 0) {
      absl::StrAppendFormat(&out, "\\x%02X", static_cast<unsigned char>(text[i]));
      ++i;
    } else if (length == 1) {
      AppendEscapedAscii(text[i], out);
      ++i;
    } else {
      AppendMultibyte(text, i, length, out);
      i += length;
    }
  }
  out += '"';
  if (i < text.size()) absl::StrAppend(&out, "... (", text.size(), " bytes)");
  return out;
}

std::string EscapeUnprintable(std::string_view text) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t length = Utf8SequenceLength(text, i);
    const auto byte = static_cast<unsigned char>(text[i]);
    if (length == 0) {
      absl::StrAppendFormat(&out, "\\x%02X", byte);
      ++i;
    } else if (length == 1 && (byte < 0x20 || byte == 0x7F)) {
      AppendEscapedAscii(text[i], out);
      ++i;
    } else {
      AppendMultibyte(text, i, length, out);
      i += length;
    }
  }
  return out;
}

}  // namespace mqauthz
