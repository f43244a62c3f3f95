#include "tools/request_json.h"

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "compiler/strict_base64.h"

namespace mqauthz {
namespace {

using simdjson::ondemand::json_type;

absl::StatusOr<std::string> ReadString(simdjson::ondemand::value value, std::string_view field) {
  std::string_view text;
  if (value.get_string().get(text) != simdjson::SUCCESS) {
    return absl::InvalidArgumentError(
        absl::StrCat("field '", std::string(field), "' must be a string"));
  }
  return std::string(text);
}

absl::Status ReadAttributes(simdjson::ondemand::value value, Client& client) {
  simdjson::ondemand::object object;
  if (value.get_object().get(object) != simdjson::SUCCESS) {
    return absl::InvalidArgumentError(
        "field 'attributes' must be an object of strings, such as {\"building\": \"b22\"}");
  }
  for (auto field : object) {
    std::string_view name;
    if (field.unescaped_key().get(name) != simdjson::SUCCESS) {
      return absl::InvalidArgumentError("invalid attribute name in 'attributes'");
    }
    std::string attribute_name(name);
    absl::StatusOr<std::string> text =
        ReadString(field.value(), absl::StrCat("attributes.", attribute_name));
    if (!text.ok()) return text.status();
    if (!client.attributes.emplace(attribute_name, *std::move(text)).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("attribute '", attribute_name, "' appears twice in 'attributes'"));
    }
  }
  return absl::OkStatus();
}

// The fields as read, before they are checked against the action.
struct RawRequest {
  std::optional<std::string> client_id;
  std::optional<std::string> action;
  std::optional<std::string> topic;
  std::optional<std::string> key;
  std::optional<std::string> key_base64;
};

absl::Status ReadField(std::string_view name, simdjson::ondemand::value value, RawRequest& raw,
                       Client& client) {
  std::optional<std::string>* target = nullptr;
  if (name == "clientId") target = &raw.client_id;
  if (name == "username") target = &client.username;
  if (name == "action") target = &raw.action;
  if (name == "topic") target = &raw.topic;
  if (name == "key") target = &raw.key;
  if (name == "keyBase64") target = &raw.key_base64;
  if (name == "attributes") return ReadAttributes(value, client);

  if (target == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        "unknown field '", std::string(name),
        "'; a request has clientId, username, attributes, action, topic, key or keyBase64"));
  }
  if (target->has_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat("field '", std::string(name), "' appears twice"));
  }
  absl::StatusOr<std::string> text = ReadString(value, name);
  if (!text.ok()) return text.status();
  *target = *std::move(text);
  return absl::OkStatus();
}

absl::Status FillBrokerTarget(const RawRequest& raw, Request& request) {
  if (raw.key.has_value() || raw.key_base64.has_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat("action '", *raw.action, "' takes no key; 'key' is for state-store actions"));
  }
  if (request.action == Action::kConnect) {
    if (raw.topic.has_value()) {
      return absl::InvalidArgumentError("action 'connect' takes no 'topic'");
    }
    return absl::OkStatus();
  }
  if (!raw.topic.has_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat("missing field 'topic' for action '", *raw.action, "'"));
  }
  request.topic = *raw.topic;
  return absl::OkStatus();
}

absl::Status FillStateStoreKey(const RawRequest& raw, Request& request) {
  if (raw.topic.has_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat("action '", *raw.action, "' takes a key, not a 'topic'"));
  }
  if (raw.key.has_value() == raw.key_base64.has_value()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "action '", *raw.action, "' needs exactly one of 'key' (text) or 'keyBase64' (bytes)"));
  }
  if (raw.key.has_value()) {
    request.key = *raw.key;
    return absl::OkStatus();
  }
  if (raw.key_base64->empty()) return absl::OkStatus();  // an empty key: denied as invalid

  absl::StatusOr<std::string> bytes = DecodeStrictBase64(*raw.key_base64);
  if (!bytes.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("field 'keyBase64' is not valid base64: '",
                                                   *raw.key_base64,
                                                   "': ", bytes.status().message()));
  }
  request.key = *std::move(bytes);
  return absl::OkStatus();
}

// Returns the error for a line that is not one JSON object, with an example of a valid line.
absl::Status InvalidJson(const char* problem) {
  // simdjson's messages end with a period, which would sit before the semicolon.
  std::string text = problem;
  if (text.ends_with('.')) text.pop_back();
  return absl::InvalidArgumentError(
      absl::StrCat("invalid JSON: ", text,
                   "; write one object per line, such as "
                   R"({"clientId": "c1", "action": "publish", "topic": "a/b"})"));
}

}  // namespace

absl::StatusOr<ClientRequest> ParseRequestJson(simdjson::ondemand::parser& parser,
                                               std::string_view json) {
  simdjson::padded_string padded(json);
  simdjson::ondemand::document document;
  simdjson::ondemand::object object;
  simdjson::error_code error = parser.iterate(padded).get(document);
  if (error == simdjson::SUCCESS) error = document.get_object().get(object);
  if (error == simdjson::INCORRECT_TYPE) {
    return absl::InvalidArgumentError("not a JSON object; write one request object per line");
  }
  if (error != simdjson::SUCCESS) return InvalidJson(simdjson::error_message(error));

  ClientRequest result;
  RawRequest raw;
  for (auto field : object) {
    std::string_view name;
    simdjson::ondemand::value value;
    error = field.unescaped_key().get(name);
    if (error == simdjson::SUCCESS) error = field.value().get(value);
    if (error != simdjson::SUCCESS) return InvalidJson(simdjson::error_message(error));
    absl::Status status = ReadField(name, value, raw, result.client);
    if (!status.ok()) return status;
  }
  const char* trailing = nullptr;
  if (document.current_location().get(trailing) == simdjson::SUCCESS) {
    return InvalidJson("text after the closing '}'");
  }

  if (!raw.client_id.has_value()) return absl::InvalidArgumentError("missing field 'clientId'");
  result.client.client_id = *raw.client_id;

  if (!raw.action.has_value()) return absl::InvalidArgumentError("missing field 'action'");
  std::optional<Action> action = ParseAction(*raw.action);
  if (!action.has_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown action '", *raw.action,
                     "'; use connect, publish, subscribe, get, keynotify, set, del or vdel"));
  }
  result.request.action = *action;

  absl::Status status = IsStateStoreAction(*action) ? FillStateStoreKey(raw, result.request)
                                                    : FillBrokerTarget(raw, result.request);
  if (!status.ok()) return status;
  return result;
}

}  // namespace mqauthz
