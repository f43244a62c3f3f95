#include "runtime/authorizer.h"

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "compiler/policy_loader.h"
#include "core/reference_evaluator.h"
#include "gtest/gtest.h"

namespace mqauthz {
namespace {

// Loads a policy that must have no errors; warnings are allowed.
Policy MustLoad(const std::string& text) {
  LoadResult result = LoadPolicyText(text, "test.json");
  for (const Diagnostic& diagnostic : result.diagnostics) {
    if (diagnostic.severity == Severity::kError) ADD_FAILURE() << FormatDiagnostic(diagnostic);
  }
  return result.policy.value_or(Policy{});
}

std::unique_ptr<Authorizer> MustCreate(const Policy& policy, AuthorizerOptions options = {}) {
  absl::StatusOr<std::unique_ptr<Authorizer>> authorizer = Authorizer::Create(policy, options);
  EXPECT_TRUE(authorizer.ok()) << authorizer.status();
  return authorizer.ok() ? *std::move(authorizer) : nullptr;
}

std::unique_ptr<Authorizer> MustCreateAllowAll(AuthorizerOptions options = {}) {
  absl::StatusOr<std::unique_ptr<Authorizer>> authorizer = Authorizer::CreateAllowAll(options);
  EXPECT_TRUE(authorizer.ok()) << authorizer.status();
  return authorizer.ok() ? *std::move(authorizer) : nullptr;
}

Client MakeClient(std::string client_id) {
  Client client;
  client.client_id = std::move(client_id);
  return client;
}

Request Connect() { return {Action::kConnect, "", ""}; }
Request Publish(std::string topic) { return {Action::kPublish, std::move(topic), ""}; }
Request Subscribe(std::string filter) { return {Action::kSubscribe, std::move(filter), ""}; }
Request StateStore(Action action, std::string key) { return {action, "", std::move(key)}; }

class RecordingSink : public LogSink {
 public:
  bool IsEnabled(LogLevel /*level*/) const override { return true; }
  void Write(LogLevel level, std::string_view message) override {
    std::lock_guard<std::mutex> lock(mutex_);
    messages_.emplace_back(level, std::string(message));
  }
  // Returns the messages at `level` that contain `text`.
  int Count(LogLevel level, std::string_view text) const {
    std::lock_guard<std::mutex> lock(mutex_);
    int count = 0;
    for (const auto& [message_level, message] : messages_) {
      if (message_level == level && message.find(text) != std::string::npos) ++count;
    }
    return count;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::pair<LogLevel, std::string>> messages_;
};

// Allows sensor-1 to publish to "a", and nothing else.
constexpr char kPolicyA[] = R"({"authorizationPolicies": {"rules": [
  {"principals": {"clientIds": ["sensor-1"]},
   "brokerResources": [{"method": "Connect"}, {"method": "Publish", "topics": ["a"]}]}]}})";

// Allows sensor-1 to publish to "b", and nothing else.
constexpr char kPolicyB[] = R"({"authorizationPolicies": {"rules": [
  {"principals": {"clientIds": ["sensor-1"]},
   "brokerResources": [{"method": "Connect"}, {"method": "Publish", "topics": ["b"]}]}]}})";

// A policy whose compiled form needs far more than a few trie nodes.
std::string ManyTopicsPolicy(int topic_count) {
  std::string topics;
  for (int i = 0; i < topic_count; ++i) {
    if (i > 0) topics += ",";
    topics += "\"level" + std::to_string(i) + "/sub" + std::to_string(i) + "/leaf\"";
  }
  return R"({"authorizationPolicies": {"rules": [
    {"principals": {"clientIds": ["sensor-1"]},
     "brokerResources": [{"method": "Publish", "topics": [)" +
         topics + "]}]}]}}";
}

TEST(AuthorizerTest, RejectsCacheBoundBelowMinimum) {
  AuthorizerOptions options;
  options.cache_max_bytes = DecisionCache::MinBytes() - 1;
  absl::StatusOr<std::unique_ptr<Authorizer>> authorizer =
      Authorizer::Create(MustLoad(kPolicyA), options);
  ASSERT_FALSE(authorizer.ok());
  EXPECT_EQ(authorizer.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(Authorizer::CreateAllowAll(options).ok());
}

TEST(AuthorizerTest, CreateLogsPolicyInForce) {
  RecordingSink sink;
  AuthorizerOptions options;
  options.log_sink = &sink;
  std::unique_ptr<Authorizer> authorizer = MustCreate(MustLoad(kPolicyA), options);
  ASSERT_NE(authorizer, nullptr);
  EXPECT_EQ(sink.Count(LogLevel::kInfo,
                       "starting authorization with policy generation 1 in force: 1 rules, "
                       "cache enabled: true"),
            1);
}

TEST(AuthorizerTest, CacheBoundIsTheConfiguredOne) {
  AuthorizerOptions options;
  options.cache_max_bytes = 256 * 1024;
  std::unique_ptr<Authorizer> authorizer = MustCreate(MustLoad(kPolicyA), options);
  ASSERT_NE(authorizer, nullptr);
  std::optional<DecisionCacheStats> stats = authorizer->CacheStats();
  ASSERT_TRUE(stats.has_value());
  EXPECT_EQ(stats->max_bytes, options.cache_max_bytes);
  EXPECT_LE(stats->memory_bytes, options.cache_max_bytes);
}

TEST(AuthorizerTest, GenerationsIncrease) {
  std::unique_ptr<Authorizer> authorizer = MustCreate(MustLoad(kPolicyA));
  ASSERT_NE(authorizer, nullptr);
  EXPECT_EQ(authorizer->generation(), 1u);
  ASSERT_TRUE(authorizer->Update(MustLoad(kPolicyB)).ok());
  EXPECT_EQ(authorizer->generation(), 2u);
  ASSERT_TRUE(authorizer->Update(MustLoad(kPolicyA)).ok());
  EXPECT_EQ(authorizer->generation(), 3u);
  authorizer->DisableAuthorization();
  EXPECT_EQ(authorizer->generation(), 4u);
  EXPECT_EQ(authorizer->Bind(MakeClient("x")).generation(), 4u);
}

TEST(AuthorizerTest, UpdateAppliesToNewSessionsOnly) {
  std::unique_ptr<Authorizer> authorizer = MustCreate(MustLoad(kPolicyA));
  ASSERT_NE(authorizer, nullptr);
  const Session old_session = authorizer->Bind(MakeClient("sensor-1"));
  EXPECT_TRUE(old_session.Decide(Publish("a")).allowed);
  EXPECT_FALSE(old_session.Decide(Publish("b")).allowed);

  ASSERT_TRUE(authorizer->Update(MustLoad(kPolicyB)).ok());
  const Session new_session = authorizer->Bind(MakeClient("sensor-1"));
  EXPECT_EQ(old_session.generation(), 1u);
  EXPECT_EQ(new_session.generation(), 2u);

  EXPECT_FALSE(new_session.Decide(Publish("a")).allowed);
  EXPECT_TRUE(new_session.Decide(Publish("b")).allowed);
  // The old session keeps its generation until the broker disconnects it.
  EXPECT_TRUE(old_session.Decide(Publish("a")).allowed);
  EXPECT_FALSE(old_session.Decide(Publish("b")).allowed);
}

TEST(AuthorizerTest, UpdateStartsWithEmptyCache) {
  std::unique_ptr<Authorizer> authorizer = MustCreate(MustLoad(kPolicyA));
  ASSERT_NE(authorizer, nullptr);
  const Session old_session = authorizer->Bind(MakeClient("sensor-1"));
  EXPECT_TRUE(old_session.Decide(Publish("a")).allowed);  // cached in generation 1

  ASSERT_TRUE(authorizer->Update(MustLoad(kPolicyB)).ok());
  std::optional<DecisionCacheStats> fresh = authorizer->CacheStats();
  ASSERT_TRUE(fresh.has_value());
  EXPECT_EQ(fresh->insertions, 0u);
  EXPECT_EQ(fresh->hits + fresh->misses, 0u);

  const Session new_session = authorizer->Bind(MakeClient("sensor-1"));
  EXPECT_FALSE(new_session.Decide(Publish("a")).allowed);
  std::optional<DecisionCacheStats> after = new_session.cache_stats();
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->misses, 1u);
  EXPECT_EQ(after->hits, 0u);

  // The old session still hits its own generation's cache.
  EXPECT_TRUE(old_session.Decide(Publish("a")).allowed);
  std::optional<DecisionCacheStats> old_stats = old_session.cache_stats();
  ASSERT_TRUE(old_stats.has_value());
  EXPECT_EQ(old_stats->hits, 1u);
  EXPECT_EQ(authorizer->CacheStats()->hits, 0u);
}

TEST(AuthorizerTest, FailedUpdateKeepsPolicyInForce) {
  RecordingSink sink;
  AuthorizerOptions options;
  options.log_sink = &sink;
  options.compile_options.max_trie_nodes = 64;
  std::unique_ptr<Authorizer> authorizer = MustCreate(MustLoad(kPolicyA), options);
  ASSERT_NE(authorizer, nullptr);

  const absl::Status status = authorizer->Update(MustLoad(ManyTopicsPolicy(200)));
  EXPECT_EQ(status.code(), absl::StatusCode::kResourceExhausted) << status;
  EXPECT_EQ(authorizer->generation(), 1u);
  EXPECT_EQ(sink.Count(LogLevel::kError, "policy update failed, generation 1 stays in force"), 1);

  const Session session = authorizer->Bind(MakeClient("sensor-1"));
  EXPECT_EQ(session.generation(), 1u);
  EXPECT_TRUE(session.Decide(Publish("a")).allowed);
  EXPECT_FALSE(session.Decide(Publish("level0/sub0/leaf")).allowed);
  EXPECT_FALSE(authorizer->allows_all());

  // The next successful update takes the next generation number.
  ASSERT_TRUE(authorizer->Update(MustLoad(kPolicyB)).ok());
  EXPECT_EQ(authorizer->generation(), 2u);
}

TEST(AuthorizerTest, FailedCreateReturnsError) {
  AuthorizerOptions options;
  options.compile_options.max_trie_nodes = 64;
  absl::StatusOr<std::unique_ptr<Authorizer>> authorizer =
      Authorizer::Create(MustLoad(ManyTopicsPolicy(200)), options);
  ASSERT_FALSE(authorizer.ok());
  EXPECT_EQ(authorizer.status().code(), absl::StatusCode::kResourceExhausted);
}

TEST(AuthorizerTest, AllowAllAllowsEverything) {
  RecordingSink sink;
  AuthorizerOptions options;
  options.log_sink = &sink;
  std::unique_ptr<Authorizer> authorizer = MustCreateAllowAll(options);
  ASSERT_NE(authorizer, nullptr);
  EXPECT_EQ(sink.Count(LogLevel::kWarning, "authorization is disabled"), 1);
  EXPECT_TRUE(authorizer->allows_all());
  EXPECT_EQ(authorizer->generation(), 1u);
  EXPECT_FALSE(authorizer->CacheStats().has_value());

  const Session session = authorizer->Bind(MakeClient(""));
  EXPECT_TRUE(session.allows_all());
  const Request requests[] = {Connect(),
                              Publish("any/topic"),
                              Publish("$SYS/broker"),
                              Subscribe("#"),
                              StateStore(Action::kGet, "k"),
                              StateStore(Action::kSet, "k"),
                              StateStore(Action::kDel, "k"),
                              StateStore(Action::kVDel, "k"),
                              StateStore(Action::kKeyNotify, "k")};
  for (const Request& request : requests) {
    const Decision decision = session.Decide(request);
    EXPECT_TRUE(decision.allowed) << ActionName(request.action);
    EXPECT_EQ(session.DescribeDecision(decision), "allowed: authorization is disabled");
  }
}

TEST(AuthorizerTest, AllowAllThenPolicy) {
  std::unique_ptr<Authorizer> authorizer = MustCreateAllowAll();
  ASSERT_NE(authorizer, nullptr);
  const Session open_session = authorizer->Bind(MakeClient("stranger"));

  ASSERT_TRUE(authorizer->Update(MustLoad(kPolicyA)).ok());
  EXPECT_FALSE(authorizer->allows_all());
  EXPECT_EQ(authorizer->generation(), 2u);
  const Session session = authorizer->Bind(MakeClient("stranger"));
  EXPECT_FALSE(session.Decide(Connect()).allowed);
  EXPECT_TRUE(open_session.Decide(Connect()).allowed);
}

TEST(AuthorizerTest, DisableAuthorizationIsLogged) {
  RecordingSink sink;
  AuthorizerOptions options;
  options.log_sink = &sink;
  std::unique_ptr<Authorizer> authorizer = MustCreate(MustLoad(kPolicyA), options);
  ASSERT_NE(authorizer, nullptr);
  authorizer->DisableAuthorization();
  EXPECT_EQ(sink.Count(LogLevel::kWarning, "authorization is disabled"), 1);
  EXPECT_EQ(sink.Count(LogLevel::kWarning, "policy generation 2"), 1);
  EXPECT_TRUE(authorizer->Bind(MakeClient("stranger")).Decide(Publish("x")).allowed);
}

TEST(AuthorizerTest, SessionOutlivesAuthorizer) {
  const Policy policy = MustLoad(kPolicyA);
  std::unique_ptr<Authorizer> authorizer = MustCreate(policy);
  ASSERT_NE(authorizer, nullptr);
  const Session session = authorizer->Bind(MakeClient("sensor-1"));
  authorizer.reset();
  EXPECT_TRUE(session.Decide(Publish("a")).allowed);
  EXPECT_EQ(session.Decide(Subscribe("a")),
            EvaluateReference(policy, MakeClient("sensor-1"), Subscribe("a")));
}

TEST(AuthorizerTest, SessionIdsAreUnique) {
  std::unique_ptr<Authorizer> authorizer = MustCreate(MustLoad(kPolicyA));
  ASSERT_NE(authorizer, nullptr);
  const Session first = authorizer->Bind(MakeClient("sensor-1"));
  const Session second = authorizer->Bind(MakeClient("sensor-1"));
  ASSERT_TRUE(authorizer->Update(MustLoad(kPolicyB)).ok());
  const Session third = authorizer->Bind(MakeClient("sensor-1"));
  EXPECT_NE(first.id(), second.id());
  EXPECT_NE(second.id(), third.id());
  EXPECT_NE(first.id(), third.id());
}

}  // namespace
}  // namespace mqauthz
