// Regression tests for what the loader fuzzers (fuzz/json_loader_fuzzer.cc and
// fuzz/yaml_loader_fuzzer.cc) found, each with its minimized input:
//   - yaml-cpp misreads U+0000: NUL bytes make it guess UTF-16 or UTF-32, "a\0" read as
//     the string "a", and errors pointed past the end of the line;
//   - a file of NUL bytes was reported as empty;
//   - yaml-cpp placed an error at the end of the text one column past it;
//   - messages carried raw control characters from the input, from yaml-cpp ("unknown
//     escape character: \x01") and from core/ (the unknown token "{principal.\x01}").

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/diagnostic.h"
#include "compiler/policy_loader.h"
#include "core/text_quote.h"
#include "gtest/gtest.h"
#include "tests/compiler/test_support.h"

namespace mqauthz::testing {
namespace {

constexpr char kNulMessage[] =
    "invalid YAML: the text contains U+0000 (NUL), which YAML does not allow";

// Loads `text` and returns its only diagnostic, adding a failure when there is not
// exactly one.
Diagnostic OnlyDiagnostic(std::string_view text) {
  const LoadResult result = Load(text);
  EXPECT_FALSE(result.policy.has_value());
  EXPECT_EQ(result.diagnostics.size(), 1u) << Describe(result);
  if (result.diagnostics.empty()) return Diagnostic{};
  return result.diagnostics.front();
}

TEST(FuzzRegression, NulByteIsInvalidYamlAtItsPosition) {
  // yaml-cpp 0.7 reported "unknown escape character" at column 5 of this 3-byte line.
  const Diagnostic diagnostic = OnlyDiagnostic(std::string_view("\x02?\0", 3));
  EXPECT_EQ(diagnostic.message, kNulMessage);
  EXPECT_EQ(diagnostic.line, 1);
  EXPECT_EQ(diagnostic.column, 3);
}

TEST(FuzzRegression, NulByteDoesNotEndTheText) {
  // yaml-cpp 0.7 read this as the string "a" and ignored the rest.
  const Diagnostic diagnostic = OnlyDiagnostic(std::string_view("a\0", 2));
  EXPECT_EQ(diagnostic.message, kNulMessage);
  EXPECT_EQ(diagnostic.column, 2);
}

TEST(FuzzRegression, NulByteInQuotedScalarIsInvalid) {
  // This loaded, with the username "ab\0c".
  constexpr char kPolicy[] =
      "- principals: {usernames: [\"ab\0c\"]}\n  brokerResources: [{method: Connect}]\n";
  const Diagnostic diagnostic = OnlyDiagnostic(std::string_view(kPolicy, sizeof(kPolicy) - 1));
  EXPECT_EQ(diagnostic.message, kNulMessage);
  EXPECT_EQ(diagnostic.line, 1);
  EXPECT_EQ(diagnostic.column, 31);
}

TEST(FuzzRegression, FileOfNulBytesIsNotEmpty) {
  const Diagnostic diagnostic = OnlyDiagnostic(std::string_view("\0\0", 2));
  EXPECT_EQ(diagnostic.message, kNulMessage);
  EXPECT_EQ(diagnostic.line, 1);
  EXPECT_EQ(diagnostic.column, 1);
}

TEST(FuzzRegression, NulCharacterInUtf16IsInvalid) {
  // A UTF-16BE byte order mark, U+0A2D and U+0000. Positions in UTF-16 text count
  // characters, so the error is about the file as a whole.
  const Diagnostic big_endian = OnlyDiagnostic(std::string_view("\xFE\xFF\x0A\x2D\0\0", 6));
  EXPECT_EQ(big_endian.message, kNulMessage);
  EXPECT_EQ(big_endian.line, 0);

  // UTF-16LE "a" and U+0000.
  const Diagnostic little_endian =
      OnlyDiagnostic(std::string_view("\xFF\xFE"
                                      "a\0\0\0",
                                      6));
  EXPECT_EQ(little_endian.message, kNulMessage);
}

TEST(FuzzRegression, Utf32ByteOrderMarkIsNotANulCharacter) {
  // "\xFF\xFE\0\0" is the UTF-32LE byte order mark, not UTF-16LE and U+0000.
  const LoadResult result =
      Load(std::string_view("\xFF\xFE\0\0"
                            "a\0\0\0",
                            8));
  for (const Diagnostic& diagnostic : result.diagnostics) {
    EXPECT_NE(diagnostic.message, kNulMessage) << Describe(result);
  }
}

TEST(FuzzRegression, ErrorAtEndOfTextStaysInsideIt) {
  // An escape at the end of a quoted scalar: yaml-cpp 0.7 placed the error at column 5
  // of this 3-byte line and put its end-of-stream byte 0x04 in the message.
  const Diagnostic diagnostic = OnlyDiagnostic("\"[\\");
  EXPECT_EQ(diagnostic.line, 1);
  EXPECT_EQ(diagnostic.column, 4);
  EXPECT_EQ(diagnostic.message, "invalid YAML: unknown escape character: \\u0004");
}

TEST(FuzzRegression, YamlMessageEscapesControlCharacter) {
  const Diagnostic diagnostic = OnlyDiagnostic("a: \"\\\x01\"");
  EXPECT_EQ(diagnostic.message, "invalid YAML: unknown escape character: \\u0001");
}

TEST(FuzzRegression, TokenMessageEscapesControlCharacters) {
  const LoadResult result = Load(
      "- principals:\n"
      "    usernames: [\"{principal.\x01\x0c"
      "clientId}\"]\n"
      "  brokerResources: [{method: Connect}]\n");
  const std::vector<Diagnostic> errors =
      At(result, Severity::kError, "rules[0].principals.usernames[0]");
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0].message, "unknown token {principal.\\u0001\\u000cclientId}");
}

TEST(EscapeUnprintable, KeepsPrintableText) {
  EXPECT_EQ(EscapeUnprintable("a \"b\" \\c caf\xC3\xA9"), "a \"b\" \\c caf\xC3\xA9");
}

TEST(EscapeUnprintable, EscapesControlCharacters) {
  EXPECT_EQ(EscapeUnprintable(std::string_view("a\0b\n\t\x7F", 6)), "a\\u0000b\\n\\t\\u007f");
}

TEST(EscapeUnprintable, EscapesInvalidUtf8Bytes) {
  EXPECT_EQ(EscapeUnprintable("a\xFF"
                              "b\xC3"),
            "a\\xFFb\\xC3");
}

}  // namespace
}  // namespace mqauthz::testing
