#include "tools/request_json.h"

#include <string>

#include "gtest/gtest.h"

namespace mqauthz {
namespace {

class RequestJsonTest : public ::testing::Test {
 protected:
  absl::StatusOr<ClientRequest> Parse(const std::string& json) {
    return ParseRequestJson(parser_, json);
  }

  simdjson::ondemand::parser parser_;
};

TEST_F(RequestJsonTest, PublishWithEveryClientField) {
  absl::StatusOr<ClientRequest> parsed =
      Parse(R"({"clientId":"c1","username":"u1","attributes":{"building":"b22","floor":"3"},)"
            R"("action":"publish","topic":"a/b"})");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->client.client_id, "c1");
  EXPECT_EQ(parsed->client.username, "u1");
  EXPECT_EQ(parsed->client.attributes.at("building"), "b22");
  EXPECT_EQ(parsed->client.attributes.at("floor"), "3");
  EXPECT_EQ(parsed->request.action, Action::kPublish);
  EXPECT_EQ(parsed->request.topic, "a/b");
}

TEST_F(RequestJsonTest, AbsentUsernameDiffersFromEmpty) {
  absl::StatusOr<ClientRequest> absent = Parse(R"({"clientId":"c","action":"connect"})");
  absl::StatusOr<ClientRequest> empty =
      Parse(R"({"clientId":"c","username":"","action":"connect"})");
  ASSERT_TRUE(absent.ok());
  ASSERT_TRUE(empty.ok());
  EXPECT_FALSE(absent->client.username.has_value());
  ASSERT_TRUE(empty->client.username.has_value());
  EXPECT_EQ(*empty->client.username, "");
}

TEST_F(RequestJsonTest, KeyBase64DecodesToBytes) {
  absl::StatusOr<ClientRequest> parsed =
      Parse(R"({"clientId":"c","action":"get","keyBase64":"AAH/"})");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->request.key, std::string("\x00\x01\xff", 3));
}

TEST_F(RequestJsonTest, EscapedKeyText) {
  absl::StatusOr<ClientRequest> parsed =
      Parse(R"({"clientId":"c","action":"set","key":"a\\b\u00e9"})");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->request.key, "a\\b\xc3\xa9");
}

struct MalformedCase {
  const char* json;
  const char* expected_fragment;
};

TEST_F(RequestJsonTest, MalformedRequestsNameTheProblem) {
  const MalformedCase cases[] = {
      {R"(not json)", "not a JSON object"},
      {R"({"clientId":)", "invalid JSON"},
      {R"([1,2])", "not a JSON object"},
      {R"({"action":"connect"})", "missing field 'clientId'"},
      {R"({"clientId":"c"})", "missing field 'action'"},
      {R"({"clientId":"c","action":"fly"})", "unknown action 'fly'"},
      {R"({"clientId":"c","action":"publish"})", "missing field 'topic'"},
      {R"({"clientId":"c","action":"subscribe","key":"k"})", "takes no key"},
      {R"({"clientId":"c","action":"connect","topic":"t"})", "takes no 'topic'"},
      {R"({"clientId":"c","action":"get"})", "exactly one of 'key'"},
      {R"({"clientId":"c","action":"get","key":"k","keyBase64":"aw=="})", "exactly one of"},
      {R"({"clientId":"c","action":"get","topic":"t"})", "not a 'topic'"},
      {R"({"clientId":"c","action":"get","keyBase64":"%%%"})", "not valid base64"},
      {R"({"clientId":7,"action":"connect"})", "'clientId' must be a string"},
      {R"({"clientId":"c","username":null,"action":"connect"})", "'username' must be a string"},
      {R"({"clientId":"c","attributes":["a"],"action":"connect"})", "object of strings"},
      {R"({"clientId":"c","attributes":{"a":1},"action":"connect"})",
       "'attributes.a' must be a string"},
      {R"({"clientId":"c","topik":"a","action":"connect"})", "unknown field 'topik'"},
      {R"({"clientId":"c","clientId":"d","action":"connect"})", "appears twice"},
      {R"({"clientId":"c","action":"connect"} trailing)", "invalid JSON"},
      {R"({"clientId":"c","action":"connect"} {})", "invalid JSON"},
      {R"({not json})", "write one object per line, such as {\"clientId\""},
  };
  for (const MalformedCase& test_case : cases) {
    SCOPED_TRACE(test_case.json);
    absl::StatusOr<ClientRequest> parsed = Parse(test_case.json);
    ASSERT_FALSE(parsed.ok());
    EXPECT_NE(parsed.status().message().find(test_case.expected_fragment), std::string::npos)
        << parsed.status().message();
  }
}

}  // namespace
}  // namespace mqauthz
