// A request: one action a client wants to take, with its topic or key.

#ifndef MQAUTHZ_CORE_REQUEST_H_
#define MQAUTHZ_CORE_REQUEST_H_

#include <optional>
#include <string>
#include <string_view>

namespace mqauthz {

// MQTT actions, and the state-store operations a client sends through the state store's
// request topic. Read operations are kGet and kKeyNotify; write operations are kSet,
// kDel and kVDel.
enum class Action { kConnect, kPublish, kSubscribe, kGet, kKeyNotify, kSet, kDel, kVDel };

struct Request {
  Action action = Action::kConnect;
  std::string topic;  // kPublish: a topic name; kSubscribe: a topic filter
  std::string key;    // state-store actions: the key, as bytes
};

// Returns the lowercase wire name: "connect", "publish", ..., "vdel".
const char* ActionName(Action action);

// Returns the action for a wire name (exact, lowercase), or nullopt.
std::optional<Action> ParseAction(std::string_view name);

bool IsStateStoreAction(Action action);
bool IsStateStoreReadAction(Action action);

}  // namespace mqauthz

#endif  // MQAUTHZ_CORE_REQUEST_H_
