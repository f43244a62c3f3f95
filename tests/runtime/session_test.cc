#include "runtime/session.h"

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "compiler/policy_loader.h"
#include "core/reference_evaluator.h"
#include "gtest/gtest.h"
#include "runtime/authorizer.h"
#include "runtime/log_sink.h"

// GCC defines __SANITIZE_*__; Clang reports sanitizers through __has_feature.
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
#define MQAUTHZ_TEST_UNDER_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer) || __has_feature(address_sanitizer)
#define MQAUTHZ_TEST_UNDER_SANITIZER 1
#endif
#endif

// Counts calls of the global operator new, to check that the cache hit path allocates
// nothing. Sanitizers provide their own operator new, so the count is kept only without
// them.
#ifdef MQAUTHZ_TEST_UNDER_SANITIZER
constexpr bool kCountingAllocations = false;
#else
constexpr bool kCountingAllocations = true;
std::atomic<std::uint64_t> g_allocation_count{0};

[[gnu::noinline]] void* operator new(std::size_t size) {
  g_allocation_count.fetch_add(1, std::memory_order_relaxed);
  void* memory = std::malloc(size == 0 ? 1 : size);
  if (memory == nullptr) std::abort();
  return memory;
}
// Not inlined: GCC 12 reports free() after an inlined operator new as a mismatch.
[[gnu::noinline]] void operator delete(void* memory) noexcept { std::free(memory); }
[[gnu::noinline]] void operator delete(void* memory, std::size_t /*size*/) noexcept {
  std::free(memory);
}
#endif

namespace mqauthz {
namespace {

std::uint64_t AllocationCount() {
#ifdef MQAUTHZ_TEST_UNDER_SANITIZER
  return 0;
#else
  return g_allocation_count.load(std::memory_order_relaxed);
#endif
}

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

Client MakeClient(std::string client_id, std::optional<std::string> username = std::nullopt) {
  Client client;
  client.client_id = std::move(client_id);
  client.username = std::move(username);
  return client;
}

Request Connect() { return {Action::kConnect, "", ""}; }
Request Publish(std::string topic) { return {Action::kPublish, std::move(topic), ""}; }
Request Subscribe(std::string filter) { return {Action::kSubscribe, std::move(filter), ""}; }
Request StateStore(Action action, std::string key) { return {action, "", std::move(key)}; }

// Records every message; debug messages are wanted only while `debug` is true.
class RecordingSink : public LogSink {
 public:
  bool IsEnabled(LogLevel level) const override {
    return level != LogLevel::kDebug || debug.load(std::memory_order_relaxed);
  }
  void Write(LogLevel level, std::string_view message) override {
    std::lock_guard<std::mutex> lock(mutex_);
    messages_.emplace_back(level, std::string(message));
  }
  std::vector<std::string> DebugMessages() const {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<std::string> result;
    for (const auto& [level, message] : messages_) {
      if (level == LogLevel::kDebug) result.push_back(message);
    }
    return result;
  }
  void Clear() {
    std::lock_guard<std::mutex> lock(mutex_);
    messages_.clear();
  }

  std::atomic<bool> debug{false};

 private:
  mutable std::mutex mutex_;
  std::vector<std::pair<LogLevel, std::string>> messages_;
};

constexpr char kSensorPolicy[] = R"({"authorizationPolicies": {"cache": "%CACHE%", "rules": [
  {"principals": {"clientIds": ["sensor-1", "sensor-2"], "usernames": ["admin"]},
   "brokerResources": [
     {"method": "Connect"},
     {"method": "Publish", "topics": ["sensors/{principal.clientId}/#", "alerts"]},
     {"method": "Subscribe", "topics": ["commands/+", "config/#"]}],
   "stateStoreResources": [
     {"method": "Read", "keyType": "Pattern", "keys": ["config/*"]},
     {"method": "ReadWrite", "keyType": "String", "keys": ["{principal.clientId}-state"]}]},
  {"principals": {"attributes": [{"floor": "3"}]},
   "brokerResources": [
     {"method": "Connect", "clientIds": ["floor3-*"]},
     {"method": "Publish", "topics": ["floors/{principal.attributes.floor}/+"]}]}
]}})";

std::string SensorPolicyText(bool cache_enabled) {
  std::string text = kSensorPolicy;
  const std::string placeholder = "%CACHE%";
  text.replace(text.find(placeholder), placeholder.size(), cache_enabled ? "Enabled" : "Disabled");
  return text;
}

std::vector<Client> TestClients() {
  Client floor3 = MakeClient("floor3-hvac");
  floor3.attributes["floor"] = "3";
  Client floor4 = MakeClient("floor3-fake");
  floor4.attributes["floor"] = "4";
  return {MakeClient("sensor-1"),
          MakeClient("sensor-2"),
          MakeClient("other", "admin"),
          MakeClient("stranger"),
          MakeClient("#"),
          floor3,
          floor4};
}

std::vector<Request> TestRequests() {
  return {Connect(),
          Publish("sensors/sensor-1/temp"),
          Publish("sensors/sensor-2"),
          Publish("sensors/#"),
          Publish("alerts"),
          Publish("floors/3/hvac"),
          Publish("floors/4/hvac"),
          Publish(""),
          Subscribe("commands/+"),
          Subscribe("commands/#"),
          Subscribe("config/a/b"),
          Subscribe("$share/group/config/x"),
          StateStore(Action::kGet, "config/db"),
          StateStore(Action::kSet, "config/db"),
          StateStore(Action::kSet, "sensor-1-state"),
          StateStore(Action::kDel, "sensor-2-state"),
          StateStore(Action::kKeyNotify, std::string("\0\xff", 2)),
          StateStore(Action::kGet, "")};
}

void ExpectSameAsReference(bool cache_enabled) {
  const Policy policy = MustLoad(SensorPolicyText(cache_enabled));
  std::unique_ptr<Authorizer> authorizer = MustCreate(policy);
  ASSERT_NE(authorizer, nullptr);
  for (const Client& client : TestClients()) {
    const Session session = authorizer->Bind(client);
    // Twice, so that the second round is served from the cache when it is enabled.
    for (int round = 0; round < 2; ++round) {
      for (const Request& request : TestRequests()) {
        EXPECT_EQ(session.Decide(request), EvaluateReference(policy, client, request))
            << "client " << client.client_id << ", " << ActionName(request.action) << " '"
            << request.topic << request.key << "', round " << round;
      }
    }
  }
}

TEST(SessionTest, CachedDecisionsEqualReference) { ExpectSameAsReference(true); }

TEST(SessionTest, UncachedDecisionsEqualReference) { ExpectSameAsReference(false); }

TEST(SessionTest, RepeatedRequestHitsCache) {
  std::unique_ptr<Authorizer> authorizer = MustCreate(MustLoad(SensorPolicyText(true)));
  ASSERT_NE(authorizer, nullptr);
  const Session session = authorizer->Bind(MakeClient("sensor-1"));

  const Decision first = session.Decide(Publish("sensors/sensor-1/temp"));
  const Decision second = session.Decide(Publish("sensors/sensor-1/temp"));
  EXPECT_TRUE(first.allowed);
  EXPECT_EQ(first, second);

  std::optional<DecisionCacheStats> stats = session.cache_stats();
  ASSERT_TRUE(stats.has_value());
  EXPECT_EQ(stats->misses, 1u);
  EXPECT_EQ(stats->hits, 1u);
  EXPECT_EQ(stats->insertions, 1u);
}

TEST(SessionTest, ConnectBypassesCache) {
  std::unique_ptr<Authorizer> authorizer = MustCreate(MustLoad(SensorPolicyText(true)));
  ASSERT_NE(authorizer, nullptr);
  const Session session = authorizer->Bind(MakeClient("sensor-1"));

  const Decision first = session.Decide(Connect());
  const Decision second = session.Decide(Connect());
  EXPECT_EQ(first, second);

  std::optional<DecisionCacheStats> stats = session.cache_stats();
  ASSERT_TRUE(stats.has_value());
  EXPECT_EQ(stats->misses, 0u);
  EXPECT_EQ(stats->hits, 0u);
  EXPECT_EQ(stats->insertions, 0u);
}

TEST(SessionTest, CacheHitAllocatesNothing) {
  if (!kCountingAllocations) GTEST_SKIP() << "operator new is not counted under a sanitizer";
  RecordingSink sink;  // debug off: a set sink must not cost an allocation either
  AuthorizerOptions options;
  options.log_sink = &sink;
  std::unique_ptr<Authorizer> authorizer = MustCreate(MustLoad(SensorPolicyText(true)), options);
  ASSERT_NE(authorizer, nullptr);
  const Session session = authorizer->Bind(MakeClient("sensor-1"));
  const Request request = Publish("sensors/sensor-1/temp");
  ASSERT_TRUE(session.Decide(request).allowed);  // a miss, which fills the cache

  const std::uint64_t before = AllocationCount();
  int allowed = 0;
  for (int i = 0; i < 100; ++i) {
    if (session.Decide(request).allowed) ++allowed;
  }
  const std::uint64_t after = AllocationCount();

  EXPECT_EQ(after, before);
  EXPECT_EQ(allowed, 100);
  EXPECT_EQ(session.cache_stats()->hits, 100u);
}

TEST(SessionTest, DisabledCacheHasNoStats) {
  std::unique_ptr<Authorizer> authorizer = MustCreate(MustLoad(SensorPolicyText(false)));
  ASSERT_NE(authorizer, nullptr);
  const Session session = authorizer->Bind(MakeClient("sensor-1"));
  EXPECT_TRUE(session.Decide(Connect()).allowed);
  EXPECT_FALSE(session.cache_stats().has_value());
  EXPECT_FALSE(authorizer->CacheStats().has_value());
}

TEST(SessionTest, SessionsDoNotShareEntries) {
  std::unique_ptr<Authorizer> authorizer = MustCreate(MustLoad(SensorPolicyText(true)));
  ASSERT_NE(authorizer, nullptr);
  const Session allowed = authorizer->Bind(MakeClient("sensor-1"));
  const Session denied = authorizer->Bind(MakeClient("stranger"));
  EXPECT_NE(allowed.id(), denied.id());

  EXPECT_TRUE(allowed.Decide(Publish("alerts")).allowed);
  EXPECT_FALSE(denied.Decide(Publish("alerts")).allowed);
  EXPECT_TRUE(allowed.Decide(Publish("alerts")).allowed);
  EXPECT_FALSE(denied.Decide(Publish("alerts")).allowed);
}

TEST(SessionTest, OversizedTopicIsDecidedUncached) {
  std::unique_ptr<Authorizer> authorizer = MustCreate(MustLoad(SensorPolicyText(true)));
  ASSERT_NE(authorizer, nullptr);
  const Session session = authorizer->Bind(MakeClient("sensor-1"));
  const std::string topic = "sensors/sensor-1/" + std::string(DecisionCache::kMaxKeyBytes, 'x');
  EXPECT_TRUE(session.Decide(Publish(topic)).allowed);
  EXPECT_TRUE(session.Decide(Publish(topic)).allowed);

  std::optional<DecisionCacheStats> stats = session.cache_stats();
  ASSERT_TRUE(stats.has_value());
  EXPECT_EQ(stats->oversized_keys, 2u);
  EXPECT_EQ(stats->hits, 0u);
}

TEST(SessionTest, CopiesDecideAlike) {
  std::unique_ptr<Authorizer> authorizer = MustCreate(MustLoad(SensorPolicyText(true)));
  ASSERT_NE(authorizer, nullptr);
  const Session original = authorizer->Bind(MakeClient("sensor-2"));
  const Session copy = original;  // NOLINT(performance-unnecessary-copy-initialization)
  EXPECT_EQ(copy.id(), original.id());
  EXPECT_EQ(copy.generation(), original.generation());
  for (const Request& request : TestRequests()) {
    EXPECT_EQ(copy.Decide(request), original.Decide(request)) << request.topic << request.key;
  }
}

TEST(SessionTest, DescribesReasons) {
  std::unique_ptr<Authorizer> authorizer = MustCreate(MustLoad(SensorPolicyText(true)));
  ASSERT_NE(authorizer, nullptr);
  const Session session = authorizer->Bind(MakeClient("sensor-1"));
  EXPECT_EQ(session.DescribeDecision(session.Decide(Subscribe("config/a"))),
            "allowed by rules[0].brokerResources[2].topics[1] 'config/#'");
  EXPECT_EQ(session.DescribeDecision(session.Decide(Publish("other"))), "denied: no rule matched");
  EXPECT_EQ(session.rule_count(), 2u);
  EXPECT_EQ(session.client_id(), "sensor-1");
}

// A broker may describe a decision with a session of another generation. Every grant
// the newer, smaller policy does not contain gets a reason stating that, never a crash.
TEST(SessionTest, DescribesForeignDecisionSafely) {
  std::unique_ptr<Authorizer> authorizer = MustCreate(MustLoad(SensorPolicyText(true)));
  ASSERT_NE(authorizer, nullptr);
  const Session old_session = authorizer->Bind(MakeClient("sensor-1"));
  const Decision old_allow = old_session.Decide(Subscribe("config/a"));
  ASSERT_TRUE(old_allow.allowed);

  const Policy smaller = MustLoad(R"({"authorizationPolicies": {"rules": [
      {"principals": {"clientIds": ["sensor-1"]},
       "brokerResources": [{"method": "Connect"}]}]}})");
  ASSERT_TRUE(authorizer->Update(smaller).ok());
  const Session new_session = authorizer->Bind(MakeClient("sensor-1"));
  const std::string foreign =
      "allowed by a grant that policy generation 2 does not contain: describe a decision with "
      "the session that made it";
  EXPECT_EQ(new_session.DescribeDecision(old_allow), foreign);

  // Indices past every table, negative ones, and an allow-all session's grant.
  for (const Grant& grant :
       {Grant{0, ResourceKind::kBroker, 0, 5}, Grant{0, ResourceKind::kBroker, 9, 0},
        Grant{7, ResourceKind::kBroker, 0, 0}, Grant{0, ResourceKind::kStateStore, 0, 0},
        Grant{0, ResourceKind::kBroker, -2, 0}, Grant{}}) {
    EXPECT_EQ(new_session.DescribeDecision(Decision::Allow(grant)), foreign)
        << GrantResourcePath(grant) << " pattern " << grant.pattern;
  }
  EXPECT_EQ(new_session.DescribeDecision(new_session.Decide(Connect())),
            "allowed by rules[0].brokerResources[0]");
  EXPECT_EQ(new_session.DescribeDecision(Decision::Deny(DenyReason::kInvalidTopic)),
            "denied: invalid topic");
}

TEST(SessionTest, LogsDecisionsInProductFormat) {
  RecordingSink sink;
  sink.debug = true;
  AuthorizerOptions options;
  options.log_sink = &sink;
  std::unique_ptr<Authorizer> authorizer =
      MustCreate(MustLoad(R"({"authorizationPolicies": {"rules": []}})"), options);
  ASSERT_NE(authorizer, nullptr);
  const Session session = authorizer->Bind(MakeClient("test-publisher"));
  sink.Clear();

  EXPECT_FALSE(session.Decide(Publish("test")).allowed);
  EXPECT_FALSE(session.Decide(Publish("test")).allowed);

  const std::vector<std::string> expected = {
      R"(checking authorization for {"action":"publish","clientId":"test-publisher","topic":"test"})",
      "authorization result for client 'test-publisher': denied: no rule matched",
      "publish from client 'test-publisher' was denied ... reason_code: NotAuthorized",
      R"(checking authorization for {"action":"publish","clientId":"test-publisher","topic":"test"})",
      "authorization result for client 'test-publisher': denied: no rule matched (from cache)",
      "publish from client 'test-publisher' was denied ... reason_code: NotAuthorized",
  };
  EXPECT_EQ(sink.DebugMessages(), expected);
}

TEST(SessionTest, AllowedDecisionLogsNoDenial) {
  RecordingSink sink;
  sink.debug = true;
  AuthorizerOptions options;
  options.log_sink = &sink;
  std::unique_ptr<Authorizer> authorizer = MustCreate(MustLoad(SensorPolicyText(true)), options);
  ASSERT_NE(authorizer, nullptr);
  const Session session = authorizer->Bind(MakeClient("sensor-1"));
  sink.Clear();

  EXPECT_TRUE(session.Decide(StateStore(Action::kGet, "config/db")).allowed);
  const std::vector<std::string> expected = {
      R"(checking authorization for {"action":"get","clientId":"sensor-1","key":"Y29uZmlnL2Ri"})",
      "authorization result for client 'sensor-1': allowed by "
      "rules[0].stateStoreResources[0].keys[0] 'config/*'",
  };
  EXPECT_EQ(sink.DebugMessages(), expected);
}

TEST(SessionTest, NoDebugLinesWhenDebugDisabled) {
  RecordingSink sink;
  AuthorizerOptions options;
  options.log_sink = &sink;
  std::unique_ptr<Authorizer> authorizer = MustCreate(MustLoad(SensorPolicyText(true)), options);
  ASSERT_NE(authorizer, nullptr);
  const Session session = authorizer->Bind(MakeClient("stranger"));
  EXPECT_FALSE(session.Decide(Publish("alerts")).allowed);
  EXPECT_TRUE(sink.DebugMessages().empty());

  // Switching debug on while the session exists takes effect at the next decision.
  sink.debug = true;
  EXPECT_FALSE(session.Decide(Publish("alerts")).allowed);
  EXPECT_EQ(sink.DebugMessages().size(), 3u);
}

TEST(LogFormatTest, CheckLineMatchesProductExamples) {
  EXPECT_EQ(
      FormatAuthorizationCheck("test-publisher", Publish("test")),
      R"(checking authorization for {"action":"publish","clientId":"test-publisher","topic":"test"})");
  EXPECT_EQ(
      FormatAuthorizationCheck("statestore-cli", StateStore(Action::kGet, "test")),
      R"(checking authorization for {"action":"get","clientId":"statestore-cli","key":"dGVzdA=="})");
}

TEST(LogFormatTest, CheckLineForEachAction) {
  EXPECT_EQ(FormatAuthorizationCheck("c", Connect()),
            R"(checking authorization for {"action":"connect","clientId":"c"})");
  EXPECT_EQ(FormatAuthorizationCheck("c", Subscribe("a/+")),
            R"(checking authorization for {"action":"subscribe","clientId":"c","topic":"a/+"})");
  EXPECT_EQ(FormatAuthorizationCheck("c", StateStore(Action::kVDel, std::string("\0\xff", 2))),
            R"(checking authorization for {"action":"vdel","clientId":"c","key":"AP8="})");
}

TEST(LogFormatTest, EscapesClientText) {
  EXPECT_EQ(
      FormatAuthorizationCheck("a\"b\\c\nd", Publish("t\x01")),
      R"(checking authorization for {"action":"publish","clientId":"a\"b\\c\nd","topic":"t\u0001"})");
  EXPECT_EQ(FormatDenial("it's\r", Action::kSubscribe),
            R"(subscribe from client 'it\'s\u000d' was denied ... reason_code: NotAuthorized)");
  // Invalid UTF-8 becomes U+FFFD; valid multi-byte characters stay.
  EXPECT_EQ(QuoteClientIdForLog("\xC3\xA9\xFF"), "'\xC3\xA9\xEF\xBF\xBD'");
}

TEST(LogFormatTest, DenialLineMatchesProductExample) {
  EXPECT_EQ(FormatDenial("test-publisher", Action::kPublish),
            "publish from client 'test-publisher' was denied ... reason_code: NotAuthorized");
}

}  // namespace
}  // namespace mqauthz
