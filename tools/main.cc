// The `mqauthz` command: validate policies, check one request, replay a request stream,
// measure decision speed.

#include <iostream>
#include <string_view>
#include <vector>

#include "tools/commands.h"

namespace {

constexpr char kHelp[] = R"(Usage: mqauthz COMMAND [ARGS]

Decides MQTT authorization under Azure IoT Operations BrokerAuthorization policies.

Commands:
  validate POLICY...       check policies; print every error and warning
  check POLICY ...         decide one request and say why
  replay POLICY [REQUESTS] decide a JSON Lines stream of requests
  bench POLICY REQUESTS    measure how fast the compiled engine decides a request file

Run 'mqauthz COMMAND --help' for the options of a command, and 'mqauthz --version'
for the version.
)";

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  std::vector<std::string_view> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << kHelp;
    return mqauthz::kExitUsage;
  }

  std::string_view command = args.front();
  std::span<const std::string_view> rest(args.begin() + 1, args.end());
  if (command == "validate") return mqauthz::RunValidate(rest);
  if (command == "check") return mqauthz::RunCheck(rest);
  if (command == "replay") return mqauthz::RunReplay(rest);
  if (command == "bench") return mqauthz::RunBench(rest);
  if (command == "--version") {
    std::cout << "mqauthz " << MQAUTHZ_VERSION << "\n";
    return mqauthz::kExitOk;
  }
  if (command == "-h" || command == "--help" || command == "help") {
    std::cout << kHelp;
    return mqauthz::kExitOk;
  }
  std::cerr << "mqauthz: unknown command '" << command << "'\n\n" << kHelp;
  return mqauthz::kExitUsage;
}
