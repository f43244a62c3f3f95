// Requests as JSON objects, the form `mqauthz replay` reads one per line:
//
//   {"clientId": "c1", "username": "u", "attributes": {"building": "b22"},
//    "action": "publish", "topic": "sensors/b22/c1/sensor"}
//
// `clientId` and `action` are required. `topic` is required for publish (a topic name)
// and subscribe (a topic filter); state-store actions take `key` (text) or `keyBase64`
// (any bytes, as standard base64 with padding). Unknown fields and fields that do not fit the
// action are errors, so a typo cannot silently change what is asked.

#ifndef MQAUTHZ_TOOLS_REQUEST_JSON_H_
#define MQAUTHZ_TOOLS_REQUEST_JSON_H_

#include <cstddef>
#include <string_view>

#include "absl/status/statusor.h"
#include "core/client.h"
#include "core/request.h"
#include "simdjson.h"

namespace mqauthz {

// Maximum length of a request line. A topic is at most 65,535 bytes, and JSON escapes can
// make it up to six times longer. State-store keys get the rest of the room.
inline constexpr std::size_t kMaxRequestLineBytes = std::size_t{4} << 20;

struct ClientRequest {
  Client client;
  Request request;
};

// Parses one JSON request. `parser` is reused between calls to avoid allocation. Returns
// InvalidArgument naming the field and the fix.
absl::StatusOr<ClientRequest> ParseRequestJson(simdjson::ondemand::parser& parser,
                                               std::string_view json);

}  // namespace mqauthz

#endif  // MQAUTHZ_TOOLS_REQUEST_JSON_H_
