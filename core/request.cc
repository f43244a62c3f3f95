#include "core/request.h"

#include <array>
#include <utility>

namespace mqauthz {
namespace {

constexpr std::array<std::pair<Action, const char*>, 8> kActionNames = {{
    {Action::kConnect, "connect"},
    {Action::kPublish, "publish"},
    {Action::kSubscribe, "subscribe"},
    {Action::kGet, "get"},
    {Action::kKeyNotify, "keynotify"},
    {Action::kSet, "set"},
    {Action::kDel, "del"},
    {Action::kVDel, "vdel"},
}};

}  // namespace

const char* ActionName(Action action) {
  for (const auto& [candidate, name] : kActionNames) {
    if (candidate == action) return name;
  }
  return "unknown";
}

std::optional<Action> ParseAction(std::string_view name) {
  for (const auto& [action, candidate] : kActionNames) {
    if (name == candidate) return action;
  }
  return std::nullopt;
}

bool IsStateStoreAction(Action action) {
  return action != Action::kConnect && action != Action::kPublish && action != Action::kSubscribe;
}

bool IsStateStoreReadAction(Action action) {
  return action == Action::kGet || action == Action::kKeyNotify;
}

}  // namespace mqauthz
