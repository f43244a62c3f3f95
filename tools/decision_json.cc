#include "tools/decision_json.h"

#include <cstdint>

#include "absl/strings/str_cat.h"

namespace mqauthz {
namespace {

// Returns the length of the valid UTF-8 sequence at the start of `text`, or 0.
std::size_t Utf8SequenceLength(std::string_view text) {
  auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(text[i]); };
  auto continuation = [&](std::size_t i) { return i < text.size() && (byte(i) & 0xC0) == 0x80; };

  std::uint8_t lead = byte(0);
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return continuation(1) ? 2 : 0;
  if (lead >= 0xE0 && lead <= 0xEF) {
    if (!continuation(1) || !continuation(2)) return 0;
    if (lead == 0xE0 && byte(1) < 0xA0) return 0;   // overlong
    if (lead == 0xED && byte(1) >= 0xA0) return 0;  // surrogate
    return 3;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    if (!continuation(1) || !continuation(2) || !continuation(3)) return 0;
    if (lead == 0xF0 && byte(1) < 0x90) return 0;   // overlong
    if (lead == 0xF4 && byte(1) >= 0x90) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

}  // namespace

void AppendJsonString(std::string_view text, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (std::size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
      ++i;
    } else if (c < 0x20) {
      out.append("\\u00");
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
      ++i;
    } else {
      std::size_t length = Utf8SequenceLength(text.substr(i));
      if (length == 0) {
        out.append("\\ufffd");
        ++i;
      } else {
        out.append(text.substr(i, length));
        i += length;
      }
    }
  }
  out.push_back('"');
}

void AppendDecisionJson(const Policy& policy, const Decision& decision, std::string& out) {
  if (!decision.allowed) {
    out.append(R"({"decision":"deny","reason":)");
    AppendJsonString(DenyReasonText(decision.deny_reason), out);
    out.push_back('}');
    return;
  }

  absl::StrAppend(&out, R"({"decision":"allow","rule":)", decision.grant.rule, R"(,"resource":")",
                  GrantResourcePath(decision.grant), "\"");
  const std::string* pattern = GrantPatternText(policy, decision.grant);
  if (pattern != nullptr) {
    out.append(R"(,"pattern":)");
    AppendJsonString(*pattern, out);
  }
  out.push_back('}');
}

}  // namespace mqauthz
