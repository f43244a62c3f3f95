// `mqauthz check POLICY --client-id ID ACTION`: decides one request and prints the reason.

#include <iostream>
#include <optional>
#include <string>

#include "compiler/strict_base64.h"
#include "core/decision.h"
#include "core/status_hint.h"
#include "core/topic.h"
#include "tools/command_line.h"
#include "tools/commands.h"
#include "tools/denial_explanation.h"

namespace mqauthz {
namespace {

constexpr char kCheckHelp[] = R"(Usage: mqauthz check POLICY --client-id ID [CLIENT OPTIONS] ACTION

Decides one request under the policy and prints "allowed by" the rule, resource and
pattern that grant it, or "denied:" and the reason. When no rule matched, the lines
after it say, for each rule whose principals match the client, what did not fit.

Client options:
  --client-id ID        the MQTT client identifier (required; may be empty: "")
  --username NAME       the MQTT username; leave out for a client without one
  --attr NAME=VALUE     a client attribute; repeat for several

Action (exactly one):
  --connect             connect to the broker
  --publish TOPIC       publish to a topic name
  --subscribe FILTER    subscribe with a topic filter ($share/GROUP/... allowed)
  --get KEY, --keynotify KEY
                        read a state-store key
  --set KEY, --del KEY, --vdel KEY
                        write a state-store key
  --key-base64          KEY is standard base64 with padding, for keys that are not text

Other options:
  --engine ENGINE       compiled (default) or reference: the plain evaluator that the
                        compiled engine is tested against; both decide the same

A value that starts with "--" must be given as --OPTION=VALUE.

Exit status: 0 allowed, 3 denied, 1 the policy is invalid, 2 usage error.
)";

struct ActionFlag {
  std::string_view flag;
  Action action;
};

constexpr ActionFlag kActionFlags[] = {
    {"--connect", Action::kConnect},
    {"--publish", Action::kPublish},
    {"--subscribe", Action::kSubscribe},
    {"--get", Action::kGet},
    {"--keynotify", Action::kKeyNotify},
    {"--set", Action::kSet},
    {"--del", Action::kDel},
    {"--vdel", Action::kVDel},
};

std::optional<Action> ActionForFlag(std::string_view name) {
  for (const ActionFlag& entry : kActionFlags) {
    if (entry.flag == name) return entry.action;
  }
  return std::nullopt;
}

struct CheckArguments {
  std::string policy_path;
  std::optional<std::string> client_id;
  Client client;
  std::optional<Action> action;
  std::string target;  // topic, filter or key as given
  bool key_base64 = false;
  EngineKind engine = EngineKind::kCompiled;
};

// Returns the option's value, rejecting a separate value that looks like another option
// (`--publish --connect`), which is almost always a missing value.
std::optional<std::string_view> TakeCheckValue(ArgumentCursor& cursor, std::string_view arg) {
  std::optional<std::string_view> value = cursor.TakeValue("check", arg);
  if (!value.has_value() || OptionName(arg) != arg || !value->starts_with("--")) return value;
  UsageError("check", std::string(arg) + " needs a value, but got the option '" +
                          std::string(*value) + "'; write " + std::string(arg) +
                          "=VALUE for a value that starts with '--'");
  return std::nullopt;
}

// Sets --client-id, --username or --attr; returns an exit status on a usage error.
std::optional<int> SetClientOption(std::string_view name, std::string_view value,
                                   CheckArguments& parsed) {
  if (name == "--client-id") {
    if (parsed.client_id.has_value()) return UsageError("check", "--client-id is given twice");
    parsed.client_id = std::string(value);
    return std::nullopt;
  }
  if (name == "--username") {
    if (parsed.client.username.has_value()) {
      return UsageError("check", "--username is given twice");
    }
    parsed.client.username = std::string(value);
    return std::nullopt;
  }

  std::size_t equals = value.find('=');
  if (equals == std::string_view::npos || equals == 0) {
    return UsageError("check", "--attr needs NAME=VALUE, got '" + std::string(value) + "'");
  }
  std::string attribute(value.substr(0, equals));
  if (!parsed.client.attributes.emplace(attribute, std::string(value.substr(equals + 1))).second) {
    return UsageError("check", "--attr " + attribute + " is given twice");
  }
  return std::nullopt;
}

// Parses the arguments; returns an exit status when parsing ends the command.
std::optional<int> ParseCheckArguments(std::span<const std::string_view> args,
                                       CheckArguments& parsed) {
  ArgumentCursor cursor(args);
  while (!cursor.Done()) {
    std::string_view arg = cursor.Next();
    std::string_view name = OptionName(arg);
    std::optional<Action> action = ActionForFlag(name);

    if (arg == "-h" || arg == "--help") {
      std::cout << kCheckHelp;
      return kExitOk;
    } else if (action.has_value()) {
      if (parsed.action.has_value()) {
        return UsageError("check",
                          "give exactly one action; '" + std::string(name) + "' follows another");
      }
      parsed.action = action;
      if (*action == Action::kConnect) {
        if (name != arg) return UsageError("check", "--connect takes no value");
        continue;
      }
      std::optional<std::string_view> value = TakeCheckValue(cursor, arg);
      if (!value.has_value()) return kExitUsage;
      parsed.target = *value;
    } else if (name == "--client-id" || name == "--username" || name == "--attr") {
      std::optional<std::string_view> value = TakeCheckValue(cursor, arg);
      if (!value.has_value()) return kExitUsage;
      if (std::optional<int> status = SetClientOption(name, *value, parsed)) return *status;
    } else if (name == "--engine") {
      std::optional<std::string_view> value = TakeCheckValue(cursor, arg);
      if (!value.has_value()) return kExitUsage;
      std::optional<EngineKind> engine = ParseEngineOption("check", *value);
      if (!engine.has_value()) return kExitUsage;
      parsed.engine = *engine;
    } else if (arg == "--key-base64") {
      parsed.key_base64 = true;
    } else if (arg.size() > 1 && arg.front() == '-') {
      return UsageError("check", "unknown option '" + std::string(arg) + "'");
    } else if (parsed.policy_path.empty()) {
      parsed.policy_path = arg;
    } else {
      return UsageError(
          "check", "unexpected argument '" + std::string(arg) + "'; check takes one policy file");
    }
  }

  if (parsed.policy_path.empty()) return UsageError("check", "no policy file given");
  if (!parsed.client_id.has_value()) return UsageError("check", "--client-id is required");
  if (!parsed.action.has_value()) {
    return UsageError("check",
                      "no action given; use --connect, --publish TOPIC, --subscribe "
                      "FILTER, --get KEY, --keynotify KEY, --set KEY, --del KEY or "
                      "--vdel KEY");
  }
  if (parsed.key_base64 && !IsStateStoreAction(*parsed.action)) {
    return UsageError("check", "--key-base64 applies to state-store actions only");
  }
  parsed.client.client_id = *parsed.client_id;
  return std::nullopt;
}

// Returns why the topic, filter or key of `request` is invalid, as the core validators
// put it, or OkStatus.
absl::Status ValidateRequest(const Request& request) {
  switch (request.action) {
    case Action::kConnect:
      return absl::OkStatus();
    case Action::kPublish:
      return ValidateTopicName(request.topic);
    case Action::kSubscribe: {
      const absl::StatusOr<std::string_view> filter = StripSharePrefix(request.topic);
      if (!filter.ok()) return filter.status();
      return ValidateTopicFilter(*filter);
    }
    case Action::kGet:
    case Action::kKeyNotify:
    case Action::kSet:
    case Action::kDel:
    case Action::kVDel:
      if (request.key.empty()) return absl::InvalidArgumentError("the key is empty");
      return absl::OkStatus();
  }
  return absl::OkStatus();
}

}  // namespace

int RunCheck(std::span<const std::string_view> args) {
  CheckArguments parsed;
  if (std::optional<int> status = ParseCheckArguments(args, parsed)) return *status;

  Request request;
  request.action = *parsed.action;
  if (!IsStateStoreAction(request.action)) {
    request.topic = parsed.target;
  } else if (!parsed.key_base64) {
    request.key = parsed.target;
  } else if (!parsed.target.empty()) {
    absl::StatusOr<std::string> bytes = DecodeStrictBase64(parsed.target);
    if (!bytes.ok()) {
      return UsageError("check", "--key-base64: " + std::string(bytes.status().message()));
    }
    request.key = *std::move(bytes);
  }

  std::unique_ptr<RequestDecider> decider = LoadDecider(parsed.policy_path, parsed.engine);
  if (decider == nullptr) return kExitInvalidPolicy;

  Decision decision = decider->Decide(parsed.client, request);
  std::cout << DescribeDecision(decider->policy(), decision) << "\n";
  if (decision.deny_reason == DenyReason::kNoRuleMatched) {
    for (const std::string& line : ExplainDenial(decider->policy(), parsed.client, request)) {
      std::cout << "  " << line << "\n";
    }
  } else if (const absl::Status invalid = ValidateRequest(request); !invalid.ok()) {
    std::cout << "  " << invalid.message() << "\n";
    if (const std::string hint = HintOf(invalid); !hint.empty()) {
      std::cout << "  hint: " << hint << "\n";
    }
  }
  return decision.allowed ? kExitOk : kExitDenied;
}

}  // namespace mqauthz
