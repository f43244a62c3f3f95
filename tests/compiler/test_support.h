// Helpers for the compiler tests: loading policy text and picking diagnostics out of the
// result.

#ifndef MQAUTHZ_TESTS_COMPILER_TEST_SUPPORT_H_
#define MQAUTHZ_TESTS_COMPILER_TEST_SUPPORT_H_

#include <string>
#include <string_view>
#include <vector>

#include "compiler/diagnostic.h"
#include "compiler/policy_loader.h"

namespace mqauthz::testing {

// Loads `text` as the file "policy.yaml".
LoadResult Load(std::string_view text, const LoadOptions& options = {});

std::vector<Diagnostic> Errors(const LoadResult& result);
std::vector<Diagnostic> Warnings(const LoadResult& result);

// Returns the diagnostics of `severity` whose path is `path`.
std::vector<Diagnostic> At(const LoadResult& result, Severity severity, std::string_view path);

// Returns every diagnostic in GCC form, one a line, for failure messages.
std::string Describe(const LoadResult& result);

// Returns the contents of the file at `path`, or "" when it cannot be read.
std::string ReadFileForTest(const std::string& path);

// Returns the regular files under `directory` whose names end in one of `extensions`,
// sorted.
std::vector<std::string> ListFiles(const std::string& directory,
                                   const std::vector<std::string>& extensions);

}  // namespace mqauthz::testing

#endif  // MQAUTHZ_TESTS_COMPILER_TEST_SUPPORT_H_
