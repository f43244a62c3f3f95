// Small helpers shared by the subcommands' argument parsers: `--name value` and
// `--name=value` forms, and usage errors printed the same way everywhere.

#ifndef MQAUTHZ_TOOLS_COMMAND_LINE_H_
#define MQAUTHZ_TOOLS_COMMAND_LINE_H_

#include <fstream>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "compiler/policy_loader.h"
#include "tools/request_decider.h"

namespace mqauthz {

// Walks an argument list. For option `--name`, TakeValue returns the value given as
// `--name=VALUE` or as the next argument.
class ArgumentCursor {
 public:
  explicit ArgumentCursor(std::span<const std::string_view> args) : args_(args) {}

  bool Done() const { return index_ >= args_.size(); }

  // Returns the next argument and moves past it.
  std::string_view Next() { return args_[index_++]; }

  // For an argument `arg` that is `--name` or `--name=...`, returns its value, or nullopt
  // after printing a usage error when the value is missing.
  std::optional<std::string_view> TakeValue(std::string_view command, std::string_view arg);

 private:
  std::span<const std::string_view> args_;
  std::size_t index_ = 0;
};

// Returns the option name of `arg` without any `=value`: "--publish=a/b" gives "--publish".
std::string_view OptionName(std::string_view arg);

// Prints "mqauthz COMMAND: MESSAGE" and a pointer to --help on standard error; returns
// the usage exit status.
int UsageError(std::string_view command, std::string_view message);

// Opens the request file `path` of `command` into `file`. When `path` is a directory or
// cannot be opened, prints an error that names the path and the fix on standard error and
// returns false.
bool OpenRequestFile(std::string_view command, const std::string& path, std::ifstream& file);

// Parses an --authentication-method value: "sat", "x509" or "custom".
std::optional<AuthenticationMethod> ParseAuthenticationMethod(std::string_view name);

// Prints the errors of a policy loaded from `path`, or a count of its warnings, on
// standard error. Returns the policy, or nullopt when it was rejected.
std::optional<Policy> ReportLoadResult(const std::string& path, LoadResult result);

// Loads a policy for `check` or `replay` and builds the engine that decides with it.
// Prints the policy's errors, a count of its warnings, and any compile error on standard
// error. Returns nullptr when the policy was rejected or did not compile.
std::unique_ptr<RequestDecider> LoadDecider(const std::string& path, EngineKind engine);

// Parses an --engine value for `command`; prints a usage error and returns nullopt when
// it is neither "compiled" nor "reference".
std::optional<EngineKind> ParseEngineOption(std::string_view command, std::string_view value);

}  // namespace mqauthz

#endif  // MQAUTHZ_TOOLS_COMMAND_LINE_H_
