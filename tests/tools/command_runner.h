// Runs the built `mqauthz` command in a shell and captures what it printed.

#ifndef MQAUTHZ_TESTS_TOOLS_COMMAND_RUNNER_H_
#define MQAUTHZ_TESTS_TOOLS_COMMAND_RUNNER_H_

#include <string>

namespace mqauthz {

struct CommandResult {
  int exit_status = -1;
  std::string out;  // standard output
  std::string err;  // standard error
};

// Runs `MQAUTHZ_COMMAND arguments` through /bin/sh; `arguments` is shell text, so quote
// values. `input`, when not empty, is written to a file and fed as standard input.
CommandResult RunMqauthz(const std::string& arguments, const std::string& input = "");

// Writes `content` to a new file in a per-process temporary folder; returns its path.
std::string WriteTempFile(const std::string& name, const std::string& content);

}  // namespace mqauthz

#endif  // MQAUTHZ_TESTS_TOOLS_COMMAND_RUNNER_H_
