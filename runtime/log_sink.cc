// Formatting of the decision debug lines (see log_sink.h for the format).
//
// Client ids, topics and keys come from clients, so every value is escaped before it
// reaches a log line: a client id with a quote or a newline cannot forge a second
// message. Bytes that are not valid UTF-8 become U+FFFD, so the line stays valid UTF-8
// and the JSON object stays valid JSON.

#include "runtime/log_sink.h"

#include <cstdio>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "core/utf8.h"

namespace mqauthz {
namespace {

constexpr char kReplacementCharacter[] = "\xEF\xBF\xBD";  // U+FFFD in UTF-8

// Appends `text` escaped for a string delimited by `quote`, in JSON's escape syntax
// (`\"`, `\\`, `\n`, `\u001b`), without the delimiters.
void AppendEscaped(std::string_view text, char quote, std::string& out) {
  std::size_t i = 0;
  while (i < text.size()) {
    const unsigned char byte = static_cast<unsigned char>(text[i]);
    if (byte == static_cast<unsigned char>(quote) || byte == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(byte));
      ++i;
    } else if (byte == '\n') {
      out.append("\\n");
      ++i;
    } else if (byte == '\t') {
      out.append("\\t");
      ++i;
    } else if (byte < 0x20 || byte == 0x7F) {
      char escape[8];
      std::snprintf(escape, sizeof(escape), "\\u%04x", byte);
      out.append(escape);
      ++i;
    } else if (byte < 0x80) {
      out.push_back(static_cast<char>(byte));
      ++i;
    } else {
      const std::size_t length = Utf8SequenceLength(text, i);
      if (length == 0) {
        out.append(kReplacementCharacter);
        ++i;
      } else {
        out.append(text.substr(i, length));
        i += length;
      }
    }
  }
}

void AppendJsonField(std::string_view name, std::string_view value, std::string& out) {
  out.push_back('"');
  out.append(name);
  out.append("\":\"");
  AppendEscaped(value, '"', out);
  out.push_back('"');
}

}  // namespace

std::string QuoteClientIdForLog(std::string_view client_id) {
  std::string quoted = "'";
  AppendEscaped(client_id, '\'', quoted);
  quoted.push_back('\'');
  return quoted;
}

const char* LogLevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarning:
      return "warning";
    case LogLevel::kError:
      return "error";
  }
  return "unknown";
}

void LogMessage(LogSink* sink, LogLevel level, std::string_view message) {
  if (IsLogEnabled(sink, level)) sink->Write(level, message);
}

std::string FormatAuthorizationCheck(std::string_view client_id, const Request& request) {
  std::string line = "checking authorization for {";
  AppendJsonField("action", ActionName(request.action), line);
  line.push_back(',');
  AppendJsonField("clientId", client_id, line);

  if (request.action == Action::kPublish || request.action == Action::kSubscribe) {
    line.push_back(',');
    AppendJsonField("topic", request.topic, line);
  } else if (IsStateStoreAction(request.action)) {
    line.push_back(',');
    AppendJsonField("key", absl::Base64Escape(absl::string_view(request.key)), line);
  }
  line.push_back('}');
  return line;
}

std::string FormatDenial(std::string_view client_id, Action action) {
  return absl::StrCat(ActionName(action), " from client ", QuoteClientIdForLog(client_id),
                      " was denied ... reason_code: NotAuthorized");
}

std::string FormatResult(std::string_view client_id, std::string_view reason, bool from_cache) {
  std::string line =
      absl::StrCat("authorization result for client ", QuoteClientIdForLog(client_id), ": ",
                   absl::string_view(reason.data(), reason.size()));
  if (from_cache) line.append(" (from cache)");
  return line;
}

}  // namespace mqauthz
