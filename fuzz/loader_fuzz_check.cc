#include "fuzz/loader_fuzz_check.h"

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "compiler/diagnostic.h"
#include "compiler/policy_compiler.h"
#include "compiler/policy_loader.h"
#include "core/utf8.h"

namespace mqauthz::fuzzing {
namespace {

[[noreturn]] void Fail(std::string_view check, std::string_view details, std::size_t input_size) {
  std::fprintf(stderr, "loader check failed: %.*s\n  %.*s\n  input: %zu bytes\n",
               static_cast<int>(check.size()), check.data(), static_cast<int>(details.size()),
               details.data(), input_size);
  std::abort();
}

// Returns the length in bytes of 1-based line `line` of `text`, without its '\n', or
// npos when the text has fewer lines.
std::size_t LineLength(std::string_view text, int line) {
  std::size_t start = 0;
  for (int i = 1; i < line; ++i) {
    const std::size_t newline = text.find('\n', start);
    if (newline == std::string_view::npos) return std::string_view::npos;
    start = newline + 1;
  }
  const std::size_t end = text.find('\n', start);
  return (end == std::string_view::npos ? text.size() : end) - start;
}

// Returns whether the loader reads `text` as UTF-16 or UTF-32, by its byte order mark.
// yaml-cpp then counts positions in characters, not bytes.
bool StartsWithWideByteOrderMark(std::string_view text) {
  return text.starts_with("\xFE\xFF") || text.starts_with("\xFF\xFE") ||
         text.starts_with(std::string_view("\x00\x00\xFE\xFF", 4));
}

// Returns whether `text` prints as it is on a terminal: valid UTF-8 without control
// characters.
bool IsPrintable(std::string_view text) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) return false;
  }
  return FindInvalidUtf8(text) == text.size();
}

void CheckDiagnostic(const Diagnostic& diagnostic, std::string_view text,
                     std::string_view file_name) {
  const std::string formatted = FormatDiagnostic(diagnostic);
  if (diagnostic.file != file_name) Fail("diagnostic names another file", formatted, text.size());
  if (diagnostic.message.empty()) Fail("diagnostic without a message", formatted, text.size());
  if (!IsPrintable(diagnostic.path) || !IsPrintable(diagnostic.message) ||
      !IsPrintable(diagnostic.hint)) {
    Fail("path, message and hint are printable UTF-8", absl::CHexEscape(formatted), text.size());
  }
  if (diagnostic.line < 0 || diagnostic.column < 0) {
    Fail("negative line or column", formatted, text.size());
  }
  if (diagnostic.line == 0) {
    if (diagnostic.column != 0) Fail("column without a line", formatted, text.size());
    return;
  }
  if (StartsWithWideByteOrderMark(text)) return;

  // A column may point just past the last byte of its line, where a missing token belongs.
  const std::size_t length = LineLength(text, diagnostic.line);
  if (length == std::string_view::npos)
    Fail("line past the end of the text", formatted, text.size());
  if (static_cast<std::size_t>(diagnostic.column) > length + 1) {
    Fail("column past the end of its line", formatted, text.size());
  }
}

}  // namespace

void CheckLoadedText(std::string_view text, std::string_view file_name) {
  LoadResult result = LoadPolicyText(text, file_name);

  for (const Diagnostic& diagnostic : result.diagnostics) {
    CheckDiagnostic(diagnostic, text, file_name);
  }
  if (result.policy.has_value() == HasErrors(result.diagnostics)) {
    Fail("a policy is set exactly when no diagnostic is an error",
         result.policy.has_value() ? "policy set despite an error" : "no policy and no error",
         text.size());
  }
  if (!result.policy.has_value()) return;
  if (!result.shape.has_value() || !result.syntax.has_value()) {
    Fail("a loaded policy has a shape and a syntax", "shape or syntax missing", text.size());
  }

  const absl::StatusOr<std::shared_ptr<const CompiledPolicy>> compiled =
      CompilePolicy(*std::move(result.policy));
  if (!compiled.ok() && compiled.status().code() != absl::StatusCode::kResourceExhausted) {
    Fail("a loaded policy compiles", compiled.status().ToString(), text.size());
  }
}

}  // namespace mqauthz::fuzzing
