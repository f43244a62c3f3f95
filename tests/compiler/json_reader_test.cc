#include "compiler/json_reader.h"

#include <cstdint>
#include <string>
#include <string_view>

#include "compiler/diagnostic.h"
#include "compiler/document.h"
#include "gtest/gtest.h"

namespace mqauthz {
namespace {

TEST(ReadJson, BuildsTreeWithPositions) {
  const ReadResult result = ReadJson("{\n  \"a\": [\"x\", 17],\n  \"b\": {\"c\": null}\n}", "f");
  ASSERT_TRUE(result.document.has_value());
  const Document& document = *result.document;
  EXPECT_EQ(document.syntax, DocumentSyntax::kJson);

  const Node& root = document.node(document.root);
  ASSERT_EQ(root.kind, NodeKind::kMap);
  EXPECT_EQ(root.line, 1);
  EXPECT_EQ(root.column, 1);
  ASSERT_EQ(root.entries.size(), 2u);
  EXPECT_EQ(root.entries[0].key, "a");
  EXPECT_EQ(root.entries[0].line, 2);
  EXPECT_EQ(root.entries[0].column, 3);

  const Node& list = document.node(root.entries[0].value);
  ASSERT_EQ(list.kind, NodeKind::kSequence);
  EXPECT_EQ(list.column, 8);
  ASSERT_EQ(list.items.size(), 2u);
  const Node& text = document.node(list.items[0]);
  EXPECT_EQ(text.kind, NodeKind::kString);
  EXPECT_EQ(text.text, "x");
  EXPECT_EQ(text.line, 2);
  EXPECT_EQ(text.column, 9);
  EXPECT_FALSE(text.yaml_plain);
  const Node& number = document.node(list.items[1]);
  EXPECT_EQ(number.kind, NodeKind::kNumber);
  EXPECT_EQ(number.text, "17");
  EXPECT_EQ(number.column, 14);

  const Node* inner = document.FindEntry(document.node(root.entries[1].value), "c");
  ASSERT_NE(inner, nullptr);
  EXPECT_EQ(inner->kind, NodeKind::kNull);
  EXPECT_EQ(inner->line, 3);
  EXPECT_EQ(inner->column, 14);
}

TEST(ReadJson, UnescapesStringsAndKeys) {
  const ReadResult result = ReadJson(R"({"k\u0065y": "a\u0000b\n\u00e9"})", "f");
  ASSERT_TRUE(result.document.has_value());
  const Node& root = result.document->node(result.document->root);
  ASSERT_EQ(root.entries.size(), 1u);
  EXPECT_EQ(root.entries[0].key, "key");
  EXPECT_EQ(result.document->node(root.entries[0].value).text, std::string("a\0b\n\xC3\xA9", 6));
}

TEST(ReadJson, ReadsBooleansAndTopLevelArray) {
  const ReadResult result = ReadJson("[true, false, -1.5e3]", "f");
  ASSERT_TRUE(result.document.has_value());
  const Node& root = result.document->node(result.document->root);
  ASSERT_EQ(root.items.size(), 3u);
  EXPECT_EQ(result.document->node(root.items[0]).kind, NodeKind::kBool);
  EXPECT_EQ(result.document->node(root.items[0]).text, "true");
  EXPECT_EQ(result.document->node(root.items[1]).text, "false");
  EXPECT_EQ(result.document->node(root.items[2]).text, "-1.5e3");
}

TEST(ReadJson, ReportsDuplicateKeyAndKeepsFirstValue) {
  const ReadResult result = ReadJson("{\"a\": 1,\n \"a\": 2}", "f");
  ASSERT_TRUE(result.document.has_value());
  EXPECT_FALSE(result.syntax_error);
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].severity, Severity::kError);
  EXPECT_EQ(result.diagnostics[0].line, 2);
  EXPECT_EQ(result.diagnostics[0].column, 2);
  EXPECT_NE(result.diagnostics[0].message.find("duplicate key \"a\""), std::string::npos);
  const Node& root = result.document->node(result.document->root);
  ASSERT_EQ(root.entries.size(), 1u);
  EXPECT_EQ(result.document->node(root.entries[0].value).text, "1");
}

TEST(ReadJson, ReportsMissingCommaWithPosition) {
  const ReadResult result = ReadJson("{\"a\": 1\n \"b\": 2}", "f");
  EXPECT_FALSE(result.document.has_value());
  EXPECT_TRUE(result.syntax_error);
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].line, 2);
  EXPECT_GT(result.diagnostics[0].column, 0);
}

TEST(ReadJson, ReportsUnclosedStringAtItsQuote) {
  const ReadResult result = ReadJson("{\"a\": [\n  \"open]}", "f");
  EXPECT_TRUE(result.syntax_error);
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].line, 2);
  EXPECT_EQ(result.diagnostics[0].column, 3);
}

TEST(ReadJson, ReportsInvalidUtf8AtItsByte) {
  const ReadResult result = ReadJson("{\"a\":\n \"x\xFFy\"}", "f");
  EXPECT_TRUE(result.syntax_error);
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].line, 2);
  EXPECT_EQ(result.diagnostics[0].column, 4);
}

TEST(ReadJson, ReportsTrailingValue) {
  const ReadResult result = ReadJson("{\"a\": 1}\n{\"b\": 2}", "f");
  EXPECT_TRUE(result.syntax_error);
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].line, 2);
  EXPECT_EQ(result.diagnostics[0].column, 1);
}

TEST(ReadJson, SkipsUtf8ByteOrderMark) {
  const ReadResult result = ReadJson("\xEF\xBB\xBF{\"a\": 1}", "f");
  ASSERT_TRUE(result.document.has_value());
  const Node& root = result.document->node(result.document->root);
  ASSERT_EQ(root.entries.size(), 1u);
  EXPECT_EQ(root.entries[0].column, 5);
}

TEST(ReadJson, ReportsInvalidNumber) {
  const ReadResult result = ReadJson("[01]", "f");
  EXPECT_TRUE(result.syntax_error);
  EXPECT_FALSE(result.document.has_value());
}

TEST(ReadJson, ReportsTrailingComma) {
  const ReadResult result = ReadJson("{\"a\": [1, 2,]}", "f");
  EXPECT_TRUE(result.syntax_error);
  EXPECT_FALSE(result.document.has_value());
}

struct NonJsonCase {
  std::string_view name;
  std::string_view text;
  int line;
  int column;
  std::string_view message;
  std::string_view hint;
};

class NonJsonSyntaxTest : public ::testing::TestWithParam<NonJsonCase> {};

TEST_P(NonJsonSyntaxTest, NamesConstructAtItsPosition) {
  const NonJsonCase& test_case = GetParam();
  const ReadResult result = ReadJson(test_case.text, "f");
  EXPECT_FALSE(result.document.has_value());
  EXPECT_TRUE(result.syntax_error);
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].line, test_case.line);
  EXPECT_EQ(result.diagnostics[0].column, test_case.column);
  EXPECT_EQ(result.diagnostics[0].message, test_case.message);
  EXPECT_NE(result.diagnostics[0].hint.find(test_case.hint), std::string::npos)
      << result.diagnostics[0].hint;
}

INSTANTIATE_TEST_SUITE_P(
    Constructs, NonJsonSyntaxTest,
    ::testing::Values(NonJsonCase{"TrailingCommaInArray", "{\"a\": [1, 2,]}", 1, 12,
                                  "invalid JSON: comma after the last entry of an array",
                                  "remove the comma before ']'"},
                      NonJsonCase{"TrailingCommaInObject", "{\n  \"a\": 1,\n  \"b\": 2,\n}\n", 3, 9,
                                  "invalid JSON: comma after the last entry of an object",
                                  "remove the comma before '}'"},
                      NonJsonCase{"SingleQuotedKey", "{\n  'a': 1\n}", 2, 3,
                                  "invalid JSON: single quotes are not allowed", "double quotes"},
                      NonJsonCase{"SingleQuotedValue", "[\"a\", 'b']", 1, 7,
                                  "invalid JSON: single quotes are not allowed", "double quotes"},
                      NonJsonCase{"LineComment", "{\n  // the policy\n  \"a\": 1\n}", 2, 3,
                                  "invalid JSON: comments are not allowed", "remove the comment"},
                      NonJsonCase{"BlockComment", "{\"a\": 1, /* why */ \"b\": 2}", 1, 10,
                                  "invalid JSON: comments are not allowed", "remove the comment"},
                      NonJsonCase{"HashComment", "{\"a\": 1,\n # why\n \"b\": 2}", 2, 2,
                                  "invalid JSON: comments are not allowed", "remove the comment"},
                      NonJsonCase{"UnquotedKey", "{a: 1}", 1, 2,
                                  "invalid JSON: unquoted text \"a\"", "double quotes"},
                      NonJsonCase{"UnquotedValue", "{\"a\": 1e5, \"b\": NaN}", 1, 17,
                                  "invalid JSON: unquoted text \"NaN\"", "double quotes"},
                      NonJsonCase{"YamlBlockMap", "authorizationPolicies:\n  rules: []\n", 1, 1,
                                  "invalid JSON: unquoted text \"authorizationPolicies\"",
                                  "double quotes"}),
    [](const ::testing::TestParamInfo<NonJsonCase>& case_info) {
      return std::string(case_info.param.name);
    });

TEST(ReadJson, IgnoresCommentAndQuoteCharactersInStrings) {
  // Nothing here is outside a string, so the only error is the missing comma.
  const ReadResult result = ReadJson("{\"a\": \"//x, 'y' #z,]\" \"b\": 1}", "f");
  EXPECT_TRUE(result.syntax_error);
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].message.find("invalid JSON: The JSON document"), 0u)
      << result.diagnostics[0].message;
}

TEST(ReadJson, ReportsEarlierErrorBeforeLaterConstruct) {
  // The missing comma on line 1 comes first, so the trailing comma on line 2 waits.
  const ReadResult result = ReadJson("{\"a\": 1 \"b\": 2,\n \"c\": [3,]}", "f");
  EXPECT_TRUE(result.syntax_error);
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].line, 1);
  EXPECT_EQ(result.diagnostics[0].message.find("comma after"), std::string::npos);
}

TEST(ReadJson, AcceptsNestingAtDepthLimit) {
  const std::string text =
      std::string(kMaxDocumentDepth, '[') + std::string(kMaxDocumentDepth, ']');
  const ReadResult result = ReadJson(text, "f");
  EXPECT_TRUE(result.document.has_value());
  EXPECT_TRUE(result.diagnostics.empty());
}

TEST(ReadJson, RejectsNestingPastDepthLimit) {
  const std::string text =
      std::string(kMaxDocumentDepth + 1, '[') + std::string(kMaxDocumentDepth + 1, ']');
  const ReadResult result = ReadJson(text, "f");
  EXPECT_FALSE(result.document.has_value());
  EXPECT_FALSE(result.syntax_error);
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].line, 1);
  EXPECT_EQ(result.diagnostics[0].column, kMaxDocumentDepth + 1);
  EXPECT_NE(result.diagnostics[0].message.find("deeper than 64"), std::string::npos);
}

TEST(ReadJson, RejectsDeepNestingWithoutCrashing) {
  const std::string text = std::string(100000, '[') + std::string(100000, ']');
  const ReadResult result = ReadJson(text, "f");
  EXPECT_FALSE(result.document.has_value());
  EXPECT_FALSE(result.diagnostics.empty());
}

TEST(ReadJson, RejectsTooManyValues) {
  std::string text = "[";
  for (std::uint64_t i = 0; i < kMaxDocumentNodes; ++i) text += "0,";
  text += "0]";
  const ReadResult result = ReadJson(text, "f");
  EXPECT_FALSE(result.document.has_value());
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_NE(result.diagnostics[0].message.find("more than " + std::to_string(kMaxDocumentNodes) +
                                               " values"),
            std::string::npos);
}

}  // namespace
}  // namespace mqauthz
