// The logging interface that the embedder implements, and the lines the runtime writes
// about decisions.
//
// The library has no logger of its own and never writes to stdout or stderr: every
// message goes to the LogSink given in AuthorizerOptions, or nowhere. Decision lines are
// debug messages in the format of the Azure IoT Operations MQTT broker's authz module,
// so that operators can search for the same text:
//
//   checking authorization for {"action":"publish","clientId":"test-publisher","topic":"test"}
//   publish from client 'test-publisher' was denied ... reason_code: NotAuthorized
//
// The request is a JSON object whose "topic" is the topic name (publish) or filter
// (subscribe) and whose "key" is a state store key in base64, because keys are bytes.
// mqauthz adds one line per decision with its reason, such as
// `authorization result for client 'test-publisher': denied: no rule matched`.
// A decision formats nothing unless a sink is set and IsEnabled(LogLevel::kDebug)
// returns true.

#ifndef MQAUTHZ_RUNTIME_LOG_SINK_H_
#define MQAUTHZ_RUNTIME_LOG_SINK_H_

#include <string>
#include <string_view>

#include "core/request.h"

namespace mqauthz {

enum class LogLevel { kDebug, kInfo, kWarning, kError };

// Returns "debug", "info", "warning" or "error".
const char* LogLevelName(LogLevel level);

// Receives the library's log messages. Implementations must be thread-safe: every
// thread that binds a session, decides or updates the policy may call them concurrently.
class LogSink {
 public:
  virtual ~LogSink() = default;

  // Returns whether messages at `level` are wanted. A session calls it on every decision
  // when a sink is set, so it must be cheap. A relaxed atomic load is typical, and lets
  // the embedder switch debug logging on and off while the broker runs.
  virtual bool IsEnabled(LogLevel level) const = 0;

  // Writes one message without a trailing newline. Called only when IsEnabled(level)
  // returned true. `message` is valid only during the call.
  virtual void Write(LogLevel level, std::string_view message) = 0;
};

// Returns whether `sink` is set and wants messages at `level`.
inline bool IsLogEnabled(const LogSink* sink, LogLevel level) {
  return sink != nullptr && sink->IsEnabled(level);
}

// Writes `message` to `sink` when IsLogEnabled(sink, level).
void LogMessage(LogSink* sink, LogLevel level, std::string_view message);

// Returns `client_id` in single quotes, with quotes, backslashes and control characters
// escaped as in JSON and invalid UTF-8 replaced by U+FFFD, so that a client id cannot
// break a log line.
std::string QuoteClientIdForLog(std::string_view client_id);

// Returns the first debug line of a decision:
// `checking authorization for {"action":"publish","clientId":"c","topic":"t"}`.
// Connect requests carry no topic or key; state store keys are base64.
std::string FormatAuthorizationCheck(std::string_view client_id, const Request& request);

// Returns the product's denial line:
// `publish from client 'c' was denied ... reason_code: NotAuthorized`.
std::string FormatDenial(std::string_view client_id, Action action);

// Returns the reason line: `authorization result for client 'c': <reason>`, followed by
// " (from cache)" when `from_cache`.
std::string FormatResult(std::string_view client_id, std::string_view reason, bool from_cache);

}  // namespace mqauthz

#endif  // MQAUTHZ_RUNTIME_LOG_SINK_H_
