#include "tools/request_set.h"

#include <map>
#include <tuple>
#include <utility>

#include "absl/status/statusor.h"
#include "simdjson.h"
#include "tools/line_reader.h"
#include "tools/request_json.h"

namespace mqauthz {
namespace {

struct ClientLess {
  bool operator()(const Client& a, const Client& b) const {
    return std::tie(a.client_id, a.username, a.attributes) <
           std::tie(b.client_id, b.username, b.attributes);
  }
};

// Assigns each distinct client an index in `set.clients`.
class ClientTable {
 public:
  explicit ClientTable(RequestSet& set) : set_(set) {}

  std::size_t IndexOf(Client client) {
    auto [position, inserted] = indices_.try_emplace(client, set_.clients.size());
    if (inserted) set_.clients.push_back(std::move(client));
    return position->second;
  }

 private:
  RequestSet& set_;
  std::map<Client, std::size_t, ClientLess> indices_;
};

void RecordError(RequestSetResult& result, long line, std::string message) {
  ++result.error_count;
  if (result.errors.size() < kMaxListedRequestErrors) {
    result.errors.push_back({line, std::move(message)});
  }
}

}  // namespace

RequestSetResult ReadRequestSet(std::istream& input) {
  RequestSetResult result;
  ClientTable clients(result.set);
  simdjson::ondemand::parser parser;
  LineReader reader(input, kMaxRequestLineBytes);
  std::string line;
  long line_number = 0;

  while (true) {
    LineReader::Result read = reader.Next(line);
    if (read == LineReader::Result::kEnd) break;
    ++line_number;
    if (read == LineReader::Result::kTooLong) {
      RecordError(result, line_number, "line longer than 4 MiB; a request line must be shorter");
      continue;
    }
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;

    absl::StatusOr<ClientRequest> parsed = ParseRequestJson(parser, line);
    if (!parsed.ok()) {
      RecordError(result, line_number, std::string(parsed.status().message()));
      continue;
    }
    std::size_t client = clients.IndexOf(std::move(parsed->client));
    result.set.requests.push_back({client, std::move(parsed->request)});
  }
  return result;
}

}  // namespace mqauthz
