// Live swap fuzzer: sessions, decisions, updates and authorization disabled through the
// serving layer (runtime/authorizer.h, runtime/session.h), checked against a model of
// the semantics those headers document.
//
// Each input decodes two policy documents, A and B, and inputs with a document that the
// loader rejects are skipped. Then come the Authorizer's options and the clients, and
// each client is bound once. Up to kMaxOperations operations follow: decide a request
// through a session, bind a client, copy or drop a session, update to A or B, or disable
// authorization. After every operation the fuzzer checks:
//   - generation() is 1 after Create and grows by one with each successful Update or
//     DisableAuthorization, and not with a failed one. allows_all() is true exactly when
//     the generation in force is authorization disabled;
//   - a session keeps deciding under the generation it was bound to, whatever was put in
//     force later: every decision equals EvaluateReference for that generation's policy,
//     or is an allow when it was bound while authorization was disabled. Its
//     generation(), allows_all() and DescribeDecision() match that generation,
//     rule_count() is that generation's number of rules, client_id() is the client's, and a copy
//     keeps the session id;
//   - session ids are unique;
//   - sessions keep deciding after the Authorizer is destroyed;
//   - each generation of a policy with `cache: Enabled` has a cache of its own, created
//     empty: the hits and misses it counts are exactly the decisions other than connect
//     of sessions bound to it (one lookup each), and a policy with `cache: Disabled` has
//     no cache;
//   - with a trie node budget (CompileOptions::max_trie_nodes), Create and Update fail
//     with ResourceExhausted exactly when the policy's two topic tries need more nodes
//     than the budget, a failed update leaves the generation in force as it was, and it
//     logs one error;
//   - DisableAuthorization logs one warning.
// Operations run on one thread, so that an input always replays the same way; the
// concurrent side of the swap is covered by tests/runtime/swap_stress_test.cc under
// ThreadSanitizer.

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "compiler/policy_compiler.h"
#include "core/reference_evaluator.h"
#include "fuzz/engine_fuzz_support.h"
#include "fuzz/fuzz_policy_decoder.h"
#include "runtime/authorizer.h"

namespace mqauthz::fuzzing {
namespace {

constexpr std::size_t kMaxOperations = 64;

// Counts messages per level. Debug messages are wanted only when `debug` is set, so that
// the fuzzer also runs the formatting of decision log lines.
class CountingSink : public LogSink {
 public:
  explicit CountingSink(bool debug) : debug_(debug) {}

  bool IsEnabled(LogLevel level) const override { return level != LogLevel::kDebug || debug_; }
  void Write(LogLevel level, std::string_view /*message*/) override {
    ++counts_[static_cast<std::size_t>(level)];
  }
  std::uint64_t count(LogLevel level) const { return counts_[static_cast<std::size_t>(level)]; }

 private:
  const bool debug_;
  std::array<std::uint64_t, 4> counts_{};
};

// One loaded policy document of the input.
struct SourcePolicy {
  std::string document;
  Policy policy;
  std::size_t trie_nodes = 0;  // both tries, their roots included
};

// The model of one generation.
struct Generation {
  std::uint64_t number = 0;
  const SourcePolicy* source = nullptr;  // null: authorization disabled
  std::uint64_t cache_lookups = 0;
};

struct TrackedSession {
  Session session;
  std::size_t client = 0;
  std::size_t generation = 0;  // index into Model::generations
};

struct Model {
  std::vector<Generation> generations;
  std::size_t in_force = 0;
  std::vector<TrackedSession> sessions;
  std::set<std::uint64_t> session_ids;
};

// The input's policies, clients and Authorizer, with the model they are checked against.
class SwapCase {
 public:
  SwapCase(CaseDecoder& decoder, std::array<SourcePolicy, 2> sources, std::vector<Client> clients,
           std::optional<std::size_t> budget)
      : decoder_(decoder),
        sources_(std::move(sources)),
        clients_(std::move(clients)),
        budget_(budget),
        sink_(decoder.DecodeBool()) {}

  // Creates the Authorizer with policy A. Returns false when the budget rightly rejects it.
  bool Start();

  // Binds every client, then decodes and runs operations until the input or
  // kMaxOperations runs out.
  void Run();

  // Destroys the Authorizer and decides one more request through each session, which
  // may outlive it.
  void DecideAfterAuthorizer();

 private:
  bool Compiles(const SourcePolicy& source) const {
    return !budget_.has_value() || source.trie_nodes <= *budget_;
  }
  std::string State() const;
  [[noreturn]] void Fail(std::string_view check, std::string_view details) const;

  void BindClient(std::size_t client);
  void CopySession();
  void DropSession();
  void DecideRequest();
  void DecideThrough(TrackedSession& tracked);
  void Update();
  void DisableAuthorization();
  void CheckAuthorizer() const;
  void CheckSession(const TrackedSession& tracked) const;
  void CheckCacheCounts(const Generation& generation,
                        const std::optional<DecisionCacheStats>& stats) const;

  CaseDecoder& decoder_;
  const std::array<SourcePolicy, 2> sources_;
  const std::vector<Client> clients_;
  const std::optional<std::size_t> budget_;
  CountingSink sink_;
  AuthorizerOptions options_;
  std::unique_ptr<Authorizer> authorizer_;
  Model model_;
};

std::string SwapCase::State() const {
  std::string text;
  for (std::size_t i = 0; i < sources_.size(); ++i) {
    absl::StrAppend(&text, "policy ", i == 0 ? "A" : "B", " (", sources_[i].trie_nodes,
                    " trie nodes):\n", sources_[i].document);
  }
  absl::StrAppend(&text, "trie node budget: ",
                  budget_.has_value() ? absl::StrCat(*budget_) : std::string("default"),
                  "\ngenerations:");
  for (const Generation& generation : model_.generations) {
    absl::StrAppend(&text, " ", generation.number, "=",
                    generation.source == nullptr        ? "allow-all"
                    : generation.source == &sources_[0] ? "A"
                                                        : "B");
  }
  absl::StrAppend(&text, "\n");
  return text;
}

void SwapCase::Fail(std::string_view check, std::string_view details) const {
  AbortWithMessage(check, absl::StrCat(std::string(details), "\n", State()));
}

bool SwapCase::Start() {
  options_.cache_max_bytes = DecisionCache::MinBytes() * decoder_.DecodeCount(1, 4);
  options_.log_sink = &sink_;
  if (budget_.has_value()) options_.compile_options.max_trie_nodes = *budget_;

  absl::StatusOr<std::unique_ptr<Authorizer>> created =
      Authorizer::Create(sources_[0].policy, options_);
  if (created.ok() != Compiles(sources_[0])) {
    Fail("Create fails exactly when the policy needs more trie nodes than the budget",
         absl::StrCat("Create returned ", created.status().ToString()));
  }
  if (!created.ok()) {
    if (created.status().code() != absl::StatusCode::kResourceExhausted) {
      Fail("Create fails with ResourceExhausted for a budget", created.status().ToString());
    }
    return false;
  }

  authorizer_ = *std::move(created);
  model_.generations.push_back({1, &sources_[0], 0});
  CheckAuthorizer();
  return true;
}

void SwapCase::Run() {
  for (std::size_t client = 0; client < clients_.size(); ++client) BindClient(client);

  for (std::size_t i = 0; i < kMaxOperations && !decoder_.exhausted(); ++i) {
    switch (decoder_.DecodeCount(0, 15)) {
      case 9:
      case 10:
        BindClient(decoder_.DecodeIndex(clients_.size()));
        break;
      case 11:
        CopySession();
        break;
      case 12:
        DropSession();
        break;
      case 13:
      case 14:
        Update();
        break;
      case 15:
        DisableAuthorization();
        break;
      default:
        DecideRequest();
        break;
    }
    CheckAuthorizer();
  }
}

void SwapCase::DecideAfterAuthorizer() {
  authorizer_.reset();
  for (TrackedSession& tracked : model_.sessions) DecideThrough(tracked);
}

void SwapCase::BindClient(std::size_t client) {
  TrackedSession tracked{authorizer_->Bind(clients_[client]), client, model_.in_force};
  if (!model_.session_ids.insert(tracked.session.id()).second) {
    Fail("Authorizer::Bind gives every session a new id",
         absl::StrCat("id ", tracked.session.id(), " was given twice"));
  }
  CheckSession(tracked);
  model_.sessions.push_back(std::move(tracked));
}

void SwapCase::CopySession() {
  if (model_.sessions.empty()) return;
  const TrackedSession& original = model_.sessions[decoder_.DecodeIndex(model_.sessions.size())];
  TrackedSession copy = original;
  if (copy.session.id() != original.session.id()) {
    Fail("a copy of a session keeps its id",
         absl::StrCat("session ", original.session.id(), " copied as ", copy.session.id()));
  }
  CheckSession(copy);
  model_.sessions.push_back(std::move(copy));
}

void SwapCase::DropSession() {
  if (model_.sessions.empty()) return;
  const std::size_t index = decoder_.DecodeIndex(model_.sessions.size());
  model_.sessions.erase(model_.sessions.begin() + static_cast<std::ptrdiff_t>(index));
}

void SwapCase::DecideRequest() {
  if (model_.sessions.empty()) return;
  DecideThrough(model_.sessions[decoder_.DecodeIndex(model_.sessions.size())]);
}

void SwapCase::DecideThrough(TrackedSession& tracked) {
  const Client& client = clients_[tracked.client];
  const Request request = decoder_.DecodeRequest(client);
  Generation& generation = model_.generations[tracked.generation];

  const Decision served = tracked.session.Decide(request);
  const Decision expected = generation.source == nullptr
                                ? Decision::Allow(Grant{})
                                : EvaluateReference(generation.source->policy, client, request);
  // A session decides connect from its binding, without the cache.
  if (generation.source != nullptr && generation.source->policy.cache_enabled &&
      request.action != Action::kConnect) {
    ++generation.cache_lookups;
  }

  const Policy empty;
  const Policy& policy = generation.source == nullptr ? empty : generation.source->policy;
  if (served != expected) {
    AbortWithReport(
        absl::StrCat("a session bound to generation ", generation.number,
                     " decides under that generation's policy"),
        generation.source == nullptr ? "(authorization disabled)\n" : generation.source->document,
        client, request,
        {{"expected", DescribeOutcome(policy, expected)},
         {"session ", DescribeOutcome(policy, served)},
         {"state", absl::StrCat("\n", State())}});
  }

  const std::string reason = tracked.session.DescribeDecision(served);
  const std::string expected_reason = generation.source == nullptr
                                          ? "allowed: authorization is disabled"
                                          : mqauthz::DescribeDecision(policy, expected);
  if (reason != expected_reason) {
    Fail("Session::DescribeDecision describes the decision under the session's policy",
         absl::StrCat("expected \"", expected_reason, "\", got \"", reason, "\""));
  }
  CheckSession(tracked);
}

void SwapCase::Update() {
  const SourcePolicy& source = sources_[decoder_.DecodeIndex(sources_.size())];
  const std::uint64_t errors_before = sink_.count(LogLevel::kError);
  const absl::Status status = authorizer_->Update(source.policy);

  if (status.ok() != Compiles(source)) {
    Fail("Update fails exactly when the policy needs more trie nodes than the budget",
         absl::StrCat("Update to the policy with ", source.trie_nodes, " trie nodes returned ",
                      status.ToString()));
  }
  if (!status.ok()) {
    if (status.code() != absl::StatusCode::kResourceExhausted) {
      Fail("Update fails with ResourceExhausted for a budget", status.ToString());
    }
    if (sink_.count(LogLevel::kError) != errors_before + 1) {
      Fail("a failed Update logs one error",
           absl::StrCat(sink_.count(LogLevel::kError) - errors_before, " errors logged"));
    }
    return;
  }

  model_.generations.push_back({model_.generations.back().number + 1, &source, 0});
  model_.in_force = model_.generations.size() - 1;
}

void SwapCase::DisableAuthorization() {
  const std::uint64_t warnings_before = sink_.count(LogLevel::kWarning);
  authorizer_->DisableAuthorization();
  if (sink_.count(LogLevel::kWarning) != warnings_before + 1) {
    Fail("DisableAuthorization logs one warning",
         absl::StrCat(sink_.count(LogLevel::kWarning) - warnings_before, " warnings logged"));
  }
  model_.generations.push_back({model_.generations.back().number + 1, nullptr, 0});
  model_.in_force = model_.generations.size() - 1;
}

void SwapCase::CheckAuthorizer() const {
  const Generation& expected = model_.generations[model_.in_force];
  if (authorizer_->generation() != expected.number) {
    Fail("generation() names the generation in force",
         absl::StrCat("expected ", expected.number, ", got ", authorizer_->generation()));
  }
  if (authorizer_->allows_all() != (expected.source == nullptr)) {
    Fail("allows_all() says whether authorization is disabled",
         absl::StrCat("generation ", expected.number, ": allows_all() is ",
                      authorizer_->allows_all() ? "true" : "false"));
  }
  CheckCacheCounts(expected, authorizer_->CacheStats());
}

void SwapCase::CheckSession(const TrackedSession& tracked) const {
  const Generation& expected = model_.generations[tracked.generation];
  const Session& session = tracked.session;
  const std::size_t expected_rules =
      expected.source == nullptr ? 0 : expected.source->policy.rules.size();
  if (session.generation() != expected.number ||
      session.allows_all() != (expected.source == nullptr) ||
      session.rule_count() != expected_rules ||
      session.client_id() != clients_[tracked.client].client_id) {
    Fail("a session keeps the generation, policy and client it was bound with",
         absl::StrCat("session ", session.id(), ": expected generation ", expected.number, " with ",
                      expected_rules, " rules, got generation ", session.generation(), " with ",
                      session.rule_count(), " rules, allows_all() ",
                      session.allows_all() ? "true" : "false"));
  }
  CheckCacheCounts(expected, session.cache_stats());
}

void SwapCase::CheckCacheCounts(const Generation& generation,
                                const std::optional<DecisionCacheStats>& stats) const {
  const bool has_cache = generation.source != nullptr && generation.source->policy.cache_enabled;
  if (stats.has_value() != has_cache) {
    Fail("a generation has a cache exactly when its policy enables it",
         absl::StrCat("generation ", generation.number, (stats.has_value() ? " has" : " has no"),
                      " cache"));
  }
  if (has_cache && stats->hits + stats->misses != generation.cache_lookups) {
    Fail(
        "a generation's cache starts empty and counts one lookup per decision other than "
        "connect",
        absl::StrCat("generation ", generation.number, ": ", generation.cache_lookups,
                     " decisions, but ", stats->hits, " hits and ", stats->misses, " misses"));
  }
}

// Loads a decoded policy. Returns nullopt when the loader rejects it.
std::optional<SourcePolicy> LoadSource(const DecodedPolicy& decoded) {
  SourcePolicy source;
  source.document = PolicyDocument(decoded);
  std::optional<Policy> policy = LoadDocument(source.document);
  if (!policy.has_value()) return std::nullopt;
  source.policy = *std::move(policy);

  const std::shared_ptr<const CompiledPolicy> compiled =
      CompileOrAbort(source.policy, source.document);
  source.trie_nodes = compiled->publish_trie.node_count() + compiled->subscribe_trie.node_count();
  return source;
}

void RunCase(FuzzedDataProvider& data) {
  CaseDecoder decoder(data);
  std::optional<SourcePolicy> first = LoadSource(decoder.DecodePolicy());
  if (!first.has_value()) return;
  std::optional<SourcePolicy> second = LoadSource(decoder.DecodePolicy());
  if (!second.has_value()) return;

  // Half the inputs set a trie node budget between the minimum of 2 and one more than
  // the larger policy needs, so that Create or Update fails now and then.
  std::optional<std::size_t> budget;
  if (decoder.DecodeBool()) {
    budget = decoder.DecodeCount(2, std::max(first->trie_nodes, second->trie_nodes) + 1);
  }

  std::vector<Client> clients;
  for (std::size_t i = decoder.DecodeCount(1, kMaxClients); i > 0; --i) {
    clients.push_back(decoder.DecodeClient());
  }

  SwapCase swap_case(decoder, {*std::move(first), *std::move(second)}, std::move(clients), budget);
  if (!swap_case.Start()) return;
  swap_case.Run();
  swap_case.DecideAfterAuthorizer();
}

}  // namespace
}  // namespace mqauthz::fuzzing

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > mqauthz::fuzzing::kMaxInputBytes) return 0;
  FuzzedDataProvider provider(data, size);
  mqauthz::fuzzing::RunCase(provider);
  return 0;
}
