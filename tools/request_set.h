// A request file read whole, for `mqauthz bench`. Every request is parsed once, before
// any timing, and each distinct client is stored once so that it can be bound once.
// Lines are in the `mqauthz replay` format (tools/request_json.h), and blank lines are
// skipped.

#ifndef MQAUTHZ_TOOLS_REQUEST_SET_H_
#define MQAUTHZ_TOOLS_REQUEST_SET_H_

#include <cstddef>
#include <istream>
#include <string>
#include <vector>

#include "core/client.h"
#include "core/request.h"

namespace mqauthz {

struct RequestSet {
  struct Entry {
    std::size_t client = 0;  // index into `clients`
    Request request;
  };

  // Distinct clients (same client id, username and attributes), in order of first use.
  std::vector<Client> clients;
  // The requests in file order.
  std::vector<Entry> requests;
};

// A line that is not a valid request.
struct RequestLineError {
  long line = 0;  // 1-based line number in the file
  std::string message;
};

struct RequestSetResult {
  RequestSet set;
  // The first kMaxListedRequestErrors malformed lines, in file order.
  std::vector<RequestLineError> errors;
  // Number of malformed lines, including those not listed in `errors`.
  long error_count = 0;
};

inline constexpr std::size_t kMaxListedRequestErrors = 10;

// Reads every line of `input`. The set is usable only when `error_count` is 0.
RequestSetResult ReadRequestSet(std::istream& input);

}  // namespace mqauthz

#endif  // MQAUTHZ_TOOLS_REQUEST_SET_H_
