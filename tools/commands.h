// The subcommands of the `mqauthz` command. Each takes the arguments after its name and
// returns the process exit status.

#ifndef MQAUTHZ_TOOLS_COMMANDS_H_
#define MQAUTHZ_TOOLS_COMMANDS_H_

#include <span>
#include <string_view>

namespace mqauthz {

// Exit statuses shared by the subcommands.
inline constexpr int kExitOk = 0;             // valid, allowed, or a clean replay
inline constexpr int kExitInvalidPolicy = 1;  // a policy was rejected
inline constexpr int kExitUsage = 2;          // bad arguments, or malformed request lines
inline constexpr int kExitDenied = 3;         // `check`: the request was denied

int RunValidate(std::span<const std::string_view> args);
int RunCheck(std::span<const std::string_view> args);
int RunReplay(std::span<const std::string_view> args);
int RunBench(std::span<const std::string_view> args);

}  // namespace mqauthz

#endif  // MQAUTHZ_TOOLS_COMMANDS_H_
