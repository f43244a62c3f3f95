// Design: loading is a pipeline, and each step reports into one DiagnosticList:
//   1. read the text into a Document (json_reader, yaml_reader), choosing the syntax from
//      the file name's extension (.json) or else from the first non-blank byte;
//   2. recognize the document shape and find the policy in it (document_shape);
//   3. build the Policy, checking every field (policy_builder and the builders it calls);
//   4. when nothing was an error, add the warnings that need the whole policy
//      (policy_lint).
// Steps 3 and 4 walk the document along the fixed structure of a policy, so their depth
// does not depend on the input.

#include "compiler/policy_loader.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "compiler/absl_view.h"
#include "compiler/diagnostic_list.h"
#include "compiler/document.h"
#include "compiler/document_shape.h"
#include "compiler/json_reader.h"
#include "compiler/node_reader.h"
#include "compiler/policy_builder.h"
#include "compiler/policy_lint.h"
#include "compiler/yaml_reader.h"

namespace mqauthz {
namespace {

constexpr std::string_view kUtf8ByteOrderMark = "\xEF\xBB\xBF";

// Returns the first byte that is not blank (space, tab, CR, LF, or a UTF-8 byte order
// mark at the start), or nullopt when there is none. A NUL byte is not blank, so a file
// that starts with one is not reported as empty.
std::optional<char> FirstNonBlankByte(std::string_view text) {
  if (text.starts_with(kUtf8ByteOrderMark)) text.remove_prefix(kUtf8ByteOrderMark.size());
  for (const char c : text) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return c;
  }
  return std::nullopt;
}

// Returns whether `file_name` ends in ".json", in any letter case.
bool NameRequiresJson(std::string_view file_name) {
  return absl::EndsWithIgnoreCase(AbslView(file_name), ".json");
}

// Reads a file whose name ends in .json as JSON only. `az iot ops broker authz apply
// --config-file` reads such a file as JSON, so one that only YAML can read would pass
// here and fail there. When the text does not start like JSON but YAML can read it, the
// syntax error's hint suggests renaming the file.
ReadResult ReadJsonOnly(std::string_view text, std::string_view file_name) {
  ReadResult json = ReadJson(text, file_name);
  if (!json.syntax_error) return json;
  const std::optional<char> first = FirstNonBlankByte(text);
  if (first == '{' || first == '[') return json;
  const ReadResult yaml = ReadYaml(text, file_name);
  if (yaml.syntax_error || !yaml.document.has_value()) return json;

  for (Diagnostic& diagnostic : json.diagnostics) {
    if (!diagnostic.message.starts_with(kJsonSyntaxErrorPrefix)) continue;
    absl::StrAppend(&diagnostic.hint,
                    ". The text is valid YAML, but a file whose name ends in .json is read as "
                    "JSON only, so rename it to .yaml if it is meant as YAML");
  }
  return json;
}

// Reads `text` as JSON when the file name ends in .json. Otherwise reads it as JSON when
// it starts like JSON, falling back to YAML (whose flow style also starts with '{' or
// '[') when it is not valid JSON. When both fail, the JSON error is the one reported,
// since the text was most likely meant as JSON.
ReadResult ReadText(std::string_view text, std::string_view file_name) {
  if (NameRequiresJson(file_name)) return ReadJsonOnly(text, file_name);
  const std::optional<char> first = FirstNonBlankByte(text);
  if (first != '{' && first != '[') return ReadYaml(text, file_name);

  ReadResult json = ReadJson(text, file_name);
  if (!json.syntax_error) return json;
  ReadResult yaml = ReadYaml(text, file_name);
  if (yaml.syntax_error || !yaml.document.has_value()) return json;
  return yaml;
}

// Builds the policy from a document and adds the whole-policy warnings. Returns the
// policy when no error was reported.
std::optional<Policy> BuildFromDocument(const Document& document, const LoadOptions& options,
                                        DiagnosticList& diagnostics, LoadResult& result) {
  BuildContext context{document, diagnostics, options};
  const std::optional<PolicyLocation> location = LocatePolicy(context);
  if (!location.has_value()) return std::nullopt;
  result.shape = location->shape;
  if (location->policy == nullptr) return std::nullopt;

  BuiltPolicy built = location->shape == DocumentShape::kRuleList
                          ? BuildRuleList(context, *location->policy)
                          : BuildAuthorizationPolicies(context, *location->policy);
  if (diagnostics.has_errors()) return std::nullopt;
  LintPolicy(built, diagnostics);
  return std::move(built.policy);
}

LoadResult FileError(const std::string& path, std::string message, std::string hint) {
  DiagnosticList diagnostics(path);
  diagnostics.Add(Severity::kError, TextPosition{}, "", std::move(message), std::move(hint));
  LoadResult result;
  result.diagnostics = diagnostics.TakeSorted();
  return result;
}

}  // namespace

LoadResult LoadPolicyText(std::string_view text, std::string_view file_name,
                          const LoadOptions& options) {
  LoadResult result;
  DiagnosticList diagnostics(file_name);
  if (text.size() > kMaxPolicyBytes) {
    diagnostics.Add(Severity::kError, TextPosition{}, "",
                    absl::StrCat("the policy is ", text.size(), " bytes, more than the limit of ",
                                 kMaxPolicyBytes, " bytes"),
                    "split the policy into several BrokerAuthorization resources");
  } else if (!FirstNonBlankByte(text).has_value()) {
    diagnostics.Add(Severity::kError, TextPosition{}, "", "the file is empty",
                    "write a BrokerAuthorization resource, a CLI config file, an ARM resource "
                    "or a list of rules");
  } else {
    ReadResult read = ReadText(text, file_name);
    diagnostics.Append(std::move(read.diagnostics));
    if (read.document.has_value()) {
      result.syntax = read.document->syntax;
      result.policy = BuildFromDocument(*read.document, options, diagnostics, result);
    }
  }

  if (diagnostics.has_errors()) result.policy.reset();
  result.diagnostics = diagnostics.TakeSorted();
  return result;
}

LoadResult LoadPolicyFile(const std::string& path, const LoadOptions& options) {
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                             &std::fclose);
  if (file == nullptr) {
    return FileError(path, absl::StrCat("cannot open the file: ", std::strerror(errno)),
                     "check the path and the file's permissions");
  }

  std::string text;
  char buffer[1 << 16];
  while (true) {
    const std::size_t count = std::fread(buffer, 1, sizeof(buffer), file.get());
    text.append(buffer, count);
    if (text.size() > kMaxPolicyBytes) {
      return FileError(
          path, absl::StrCat("the file is more than the limit of ", kMaxPolicyBytes, " bytes"),
          "split the policy into several BrokerAuthorization resources");
    }
    if (count < sizeof(buffer)) break;
  }
  if (std::ferror(file.get()) != 0) {
    return FileError(path, absl::StrCat("cannot read the file: ", std::strerror(errno)),
                     "check that the path names a readable regular file");
  }
  return LoadPolicyText(text, path, options);
}

const char* DocumentShapeName(DocumentShape shape) {
  switch (shape) {
    case DocumentShape::kCustomResource:
      return "custom resource";
    case DocumentShape::kCliConfig:
      return "CLI config";
    case DocumentShape::kArmResource:
      return "ARM resource";
    case DocumentShape::kRuleList:
      return "rule list";
  }
  return "unknown";
}

}  // namespace mqauthz
