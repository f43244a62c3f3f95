// Creation, live update and binding (see authorizer.h for the design).
//
// Update holds update_mutex_ for the whole compile, so generation numbers follow the
// order in which updates finish and two updates never compile against each other. The
// snapshot pointer has its own writer mutex for the swap; readers take neither.

#include "runtime/authorizer.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"

namespace mqauthz {
namespace {

constexpr char kAllowAllWarning[] =
    "authorization is disabled: every client may connect, publish, subscribe and use the "
    "state store";

std::string DescribeSnapshot(const Snapshot& snapshot) {
  return absl::StrCat("policy generation ", snapshot.generation(),
                      " in force: ", snapshot.rule_count(),
                      " rules, cache enabled: ", snapshot.cache() != nullptr ? "true" : "false");
}

}  // namespace

Authorizer::Authorizer(ConstructionKey /*key*/, const AuthorizerOptions& options,
                       std::shared_ptr<const Snapshot> initial)
    : options_(options), current_(std::move(initial)) {}

absl::Status Authorizer::ValidateOptions(const AuthorizerOptions& options) {
  if (options.cache_max_bytes < DecisionCache::MinBytes()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "cache_max_bytes is ", options.cache_max_bytes, " bytes, below the minimum of ",
        DecisionCache::MinBytes(), " bytes that one set of cache slots needs"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<const Snapshot>> Authorizer::BuildSnapshot(
    const Policy& policy, std::uint64_t generation, const AuthorizerOptions& options) {
  absl::StatusOr<std::shared_ptr<const CompiledPolicy>> compiled =
      CompilePolicy(policy, options.compile_options);
  if (!compiled.ok()) return compiled.status();
  return Snapshot::Create(*std::move(compiled), generation, options.cache_max_bytes);
}

absl::StatusOr<std::unique_ptr<Authorizer>> Authorizer::Create(const Policy& policy,
                                                               const AuthorizerOptions& options) {
  if (absl::Status valid = ValidateOptions(options); !valid.ok()) return valid;
  absl::StatusOr<std::shared_ptr<const Snapshot>> snapshot = BuildSnapshot(policy, 1, options);
  if (!snapshot.ok()) return snapshot.status();

  LogMessage(options.log_sink, LogLevel::kInfo,
             absl::StrCat("starting authorization with ", DescribeSnapshot(**snapshot)));
  return std::make_unique<Authorizer>(ConstructionKey(), options, *std::move(snapshot));
}

absl::StatusOr<std::unique_ptr<Authorizer>> Authorizer::CreateAllowAll(
    const AuthorizerOptions& options) {
  if (absl::Status valid = ValidateOptions(options); !valid.ok()) return valid;

  LogMessage(options.log_sink, LogLevel::kWarning,
             absl::StrCat(kAllowAllWarning, " (policy generation 1)"));
  return std::make_unique<Authorizer>(ConstructionKey(), options, Snapshot::CreateAllowAll(1));
}

absl::Status Authorizer::Update(const Policy& policy) {
  std::lock_guard<std::mutex> lock(update_mutex_);
  absl::StatusOr<std::shared_ptr<const Snapshot>> next =
      BuildSnapshot(policy, last_generation_ + 1, options_);
  if (!next.ok()) {
    LogMessage(options_.log_sink, LogLevel::kError,
               absl::StrCat("policy update failed, generation ", last_generation_,
                            " stays in force: ", next.status().ToString()));
    return next.status();
  }

  LogMessage(options_.log_sink, LogLevel::kInfo, DescribeSnapshot(**next));
  Publish(*std::move(next));
  return absl::OkStatus();
}

void Authorizer::DisableAuthorization() {
  std::lock_guard<std::mutex> lock(update_mutex_);
  LogMessage(options_.log_sink, LogLevel::kWarning,
             absl::StrCat(kAllowAllWarning, " (policy generation ", last_generation_ + 1, ")"));
  Publish(Snapshot::CreateAllowAll(last_generation_ + 1));
}

void Authorizer::Publish(std::shared_ptr<const Snapshot> next) {
  last_generation_ = next->generation();
  // The previous snapshot is released here, or later by the last session bound to it.
  current_.Exchange(std::move(next));
}

Session Authorizer::Bind(const Client& client) const {
  std::shared_ptr<const Snapshot> snapshot = current_.Load();
  // Relaxed: the id only has to be unique, and fetch_add guarantees that in any order.
  const std::uint64_t id = next_session_id_.fetch_add(1, std::memory_order_relaxed);
  if (IsLogEnabled(options_.log_sink, LogLevel::kDebug)) {
    options_.log_sink->Write(
        LogLevel::kDebug,
        absl::StrCat("session ", id, " bound to policy generation ", snapshot->generation(),
                     " for client ", QuoteClientIdForLog(client.client_id)));
  }
  return Session(std::move(snapshot), client, id, options_.log_sink);
}

std::uint64_t Authorizer::generation() const { return current_.Load()->generation(); }

bool Authorizer::allows_all() const { return current_.Load()->allows_all(); }

std::optional<DecisionCacheStats> Authorizer::CacheStats() const {
  std::shared_ptr<const Snapshot> snapshot = current_.Load();
  if (snapshot->cache() == nullptr) return std::nullopt;
  return snapshot->cache()->Stats();
}

}  // namespace mqauthz
