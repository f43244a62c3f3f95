// Fuzzes globs through every path that matches them, against the reference matcher of
// core/glob.h, and core/glob.h itself against the naive matcher of fuzz/naive_glob.h.
//
// The input is a GlobFuzzCase (fuzz/glob_fuzz_policy.h): a client, up to four patterns
// and up to four keys, from which BuildGlobPolicy makes a small policy. Checks, each
// failure a crash with a report on stderr:
//   - ParseGlob accepts a pattern exactly when the naive matcher does, and GlobMatches
//     agrees with it on the empty subject, every key and the client id, when pattern and
//     subject are short enough for the naive matcher;
//   - the policy compiles;
//   - for each key and each access class, every distinct Pattern key of the KeyIndex
//     agrees with GlobMatches through its matching method (compiler/glob_entry.h). The
//     prefix index and the Hyperscan database report exactly its matches for kPrefix and
//     kDatabase, a superset for kPrefixPrefilter and kPrefilter, nothing for kMatcher.
//     The runtime glob matcher (runtime/glob_matcher.h) agrees for every method, and the
//     exact-key map contains the key exactly when a literal key of that class equals it;
//   - the same for the `clientIds` globs (compiler/client_id_index.h), with each key and
//     the client's own id as the client id, the literal map included;
//   - Decide gives EvaluateReference's Decision, grant included, for get and set of each
//     key, and for connect with each key and with the client's own id as the client id.
// kMatcher globs come from more than 64 `*` runs or an expression over 8,000 bytes (a
// class such as `[^a]` becomes 20 bytes), both within kMaxStringBytes.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "compiler/absl_view.h"
#include "compiler/compiled_policy.h"
#include "compiler/glob_entry.h"
#include "compiler/key_index.h"
#include "compiler/policy_compiler.h"
#include "core/client.h"
#include "core/decision.h"
#include "core/glob.h"
#include "core/policy.h"
#include "core/reference_evaluator.h"
#include "core/request.h"
#include "fuzz/glob_fuzz_policy.h"
#include "fuzz/naive_glob.h"
#include "runtime/bound_client.h"
#include "runtime/engine.h"
#include "runtime/glob_matcher.h"
#include "runtime/hyperscan_scan.h"

namespace mqauthz::fuzzing {
namespace {

constexpr std::size_t kMaxStringBytes = 2048;

// The naive matcher recurses once per pattern or subject byte and memoizes every pair, so
// it runs only below these bounds.
constexpr std::size_t kMaxNaiveDepth = 2048;
constexpr std::size_t kMaxNaiveCells = std::size_t{1} << 16;

[[noreturn]] void Fail(std::string_view check, const GlobFuzzCase& fuzz_case,
                       std::string_view details) {
  std::fprintf(stderr, "glob check failed: %.*s\n  %.*s\n%s", static_cast<int>(check.size()),
               check.data(), static_cast<int>(details.size()), details.data(),
               DescribeGlobFuzzCase(fuzz_case).c_str());
  std::abort();
}

std::string Quoted(std::string_view text) {
  return absl::StrCat("\"", absl::CHexEscape(AbslView(text)), "\"");
}

void CheckAgainstNaive(const GlobFuzzCase& fuzz_case) {
  std::vector<std::string_view> subjects = {"", fuzz_case.client.client_id};
  subjects.insert(subjects.end(), fuzz_case.keys.begin(), fuzz_case.keys.end());

  for (const FuzzedPattern& pattern : fuzz_case.patterns) {
    const absl::StatusOr<Glob> glob = ParseGlob(pattern.text);
    for (const std::string_view subject : subjects) {
      if (pattern.text.size() + subject.size() > kMaxNaiveDepth ||
          (pattern.text.size() + 1) * (subject.size() + 1) > kMaxNaiveCells) {
        continue;
      }
      const std::optional<bool> naive = NaiveGlobMatches(pattern.text, subject, fuzz_case.client);
      if (glob.ok() != naive.has_value()) {
        Fail("ParseGlob accepts exactly the patterns the naive matcher accepts", fuzz_case,
             absl::StrCat("pattern ", Quoted(pattern.text), ": ParseGlob says ",
                          glob.ok() ? "ok" : glob.status().ToString()));
      }
      if (glob.ok() && GlobMatches(*glob, fuzz_case.client, subject) != *naive) {
        Fail("GlobMatches agrees with the naive matcher", fuzz_case,
             absl::StrCat("pattern ", Quoted(pattern.text), ", subject ", Quoted(subject),
                          ": naive says ", *naive ? "match" : "no match"));
      }
    }
  }
}

const char* MethodName(GlobMatchMethod method) {
  switch (method) {
    case GlobMatchMethod::kLiteral:
      return "literal";
    case GlobMatchMethod::kPrefix:
      return "prefix";
    case GlobMatchMethod::kPrefixPrefilter:
      return "prefix prefilter";
    case GlobMatchMethod::kDatabase:
      return "database";
    case GlobMatchMethod::kPrefilter:
      return "prefilter";
    case GlobMatchMethod::kMatcher:
      return "matcher";
  }
  return "unknown";
}

// Checks one glob entry of an index for `subject`. `reported` is whether the prefix index
// or the Hyperscan database reported the entry, and `literal_hit` whether the literal map
// found it.
void CheckEntry(const GlobEntry& entry, bool reported, bool literal_hit, const BoundClient& bound,
                const Client& client, std::string_view subject, const GlobFuzzCase& fuzz_case) {
  const bool expected = GlobMatches(entry.glob, client, subject);
  const std::string where =
      absl::StrCat("subject ", Quoted(subject), ", method ", MethodName(entry.method),
                   ", expected ", expected ? "match" : "no match");
  bool consistent = true;
  switch (entry.method) {
    case GlobMatchMethod::kLiteral:
      consistent = literal_hit == expected && !reported;
      break;
    case GlobMatchMethod::kPrefix:
    case GlobMatchMethod::kDatabase:
      consistent = reported == expected;
      break;
    case GlobMatchMethod::kPrefixPrefilter:
    case GlobMatchMethod::kPrefilter:
      consistent = reported || !expected;
      break;
    case GlobMatchMethod::kMatcher:
      consistent = !reported;
      break;
  }
  if (!consistent) Fail("the index reports what its matching method promises", fuzz_case, where);
  if (MatchGlob(entry, bound, subject) != expected) {
    Fail("the runtime glob matcher agrees with GlobMatches", fuzz_case, where);
  }
}

// Returns, per entry of an index, whether its prefix index or database reports it.
template <typename Index>
std::vector<bool> ReportedEntries(const Index& index, std::size_t entries, std::string_view subject,
                                  const GlobFuzzCase& fuzz_case) {
  std::vector<bool> reported(entries, false);
  index.prefixes().ForEachMatch(subject, [&reported](std::uint32_t id) { reported[id] = true; });
  const bool scanned =
      ScanWhole(index.database(), subject, [&reported](std::uint32_t id) { reported[id] = true; });
  if (!scanned) Fail("the Hyperscan scan runs", fuzz_case, Quoted(subject));
  return reported;
}

// Returns whether a state-store key of `access` in `policy` is exactly the bytes `key`.
bool HasExactKey(const Policy& policy, KeyAccess access, std::string_view key) {
  for (const Rule& rule : policy.rules) {
    for (const StateStoreResource& resource : rule.state_store_resources) {
      if (!MethodGrantsAccess(resource.method, access)) continue;
      for (const StateStoreKey& entry : resource.keys) {
        switch (resource.key_type) {
          case KeyType::kPattern: {
            std::string bytes;
            bool literal = true;
            for (const GlobElement& element : entry.glob.elements) {
              literal = literal && element.kind == GlobElement::Kind::kByte;
              bytes.push_back(static_cast<char>(element.byte));
            }
            if (literal && bytes == key) return true;
            break;
          }
          case KeyType::kString:
            if (!entry.exact.HasTokens() && entry.text == key) return true;
            break;
          case KeyType::kBinary:
            if (entry.bytes == key) return true;
            break;
        }
      }
    }
  }
  return false;
}

void CheckKeyIndex(const Policy& policy, const CompiledPolicy& compiled, KeyAccess access,
                   const BoundClient& bound, const Client& client, std::string_view key,
                   const GlobFuzzCase& fuzz_case) {
  const KeyIndex& index = compiled.key_index(access);
  const std::vector<bool> reported =
      ReportedEntries(index, index.patterns().size(), key, fuzz_case);
  for (std::size_t id = 0; id < index.patterns().size(); ++id) {
    CheckEntry(index.patterns()[id].glob, reported[id], false, bound, client, key, fuzz_case);
  }
  if ((index.FindExact(key).size > 0) != HasExactKey(policy, access, key)) {
    Fail("the exact-key map contains exactly the literal keys", fuzz_case,
         absl::StrCat("key ", Quoted(key), ", access ", static_cast<int>(access)));
  }
}

void CheckClientIdIndex(const CompiledPolicy& compiled, const BoundClient& bound,
                        const Client& client, const GlobFuzzCase& fuzz_case) {
  const ClientIdGlobIndex& index = compiled.client_id_globs;
  const std::vector<bool> reported =
      ReportedEntries(index, index.entries().size(), client.client_id, fuzz_case);
  const std::optional<std::uint32_t> literal = index.FindLiteral(client.client_id);
  for (std::uint32_t id = 0; id < index.entries().size(); ++id) {
    CheckEntry(index.entries()[id], reported[id], literal == id, bound, client, client.client_id,
               fuzz_case);
  }
}

void CheckDecision(const Policy& policy, const CompiledPolicy& compiled, const BoundClient& bound,
                   const Client& client, const Request& request, const GlobFuzzCase& fuzz_case) {
  const Decision decided = Decide(compiled, bound, request);
  const Decision reference = EvaluateReference(policy, client, request);
  if (decided == reference) return;
  Fail("Decide gives EvaluateReference's Decision", fuzz_case,
       absl::StrCat(ActionName(request.action), " key ", Quoted(request.key), " as client ",
                    Quoted(client.client_id), ": compiled ", DescribeDecision(policy, decided),
                    ", reference ", DescribeDecision(policy, reference)));
}

// Connects with `client_id` and checks the clientIds globs and the connect Decision.
void CheckConnect(const Policy& policy, const CompiledPolicy& compiled, const Client& client,
                  std::string client_id, const GlobFuzzCase& fuzz_case) {
  Client connecting = client;
  connecting.client_id = std::move(client_id);
  const BoundClient bound = Bind(compiled, connecting);
  if (!connecting.client_id.empty()) CheckClientIdIndex(compiled, bound, connecting, fuzz_case);
  CheckDecision(policy, compiled, bound, connecting, Request{Action::kConnect, "", ""}, fuzz_case);
}

void CheckCompiled(const GlobFuzzCase& fuzz_case) {
  const Policy policy = BuildGlobPolicy(fuzz_case);
  if (policy.rules.empty()) return;
  const absl::StatusOr<std::shared_ptr<const CompiledPolicy>> compiled = CompilePolicy(policy);
  if (!compiled.ok()) Fail("the policy compiles", fuzz_case, compiled.status().ToString());
  const CompiledPolicy& compiled_policy = **compiled;

  const Client& client = fuzz_case.client;
  const BoundClient bound = Bind(compiled_policy, client);
  for (const std::string& key : fuzz_case.keys) {
    if (!key.empty()) {
      CheckKeyIndex(policy, compiled_policy, KeyAccess::kRead, bound, client, key, fuzz_case);
      CheckKeyIndex(policy, compiled_policy, KeyAccess::kWrite, bound, client, key, fuzz_case);
    }
    CheckDecision(policy, compiled_policy, bound, client, Request{Action::kGet, "", key},
                  fuzz_case);
    CheckDecision(policy, compiled_policy, bound, client, Request{Action::kSet, "", key},
                  fuzz_case);
    CheckConnect(policy, compiled_policy, client, key, fuzz_case);
  }
  CheckConnect(policy, compiled_policy, client, client.client_id, fuzz_case);
}

}  // namespace
}  // namespace mqauthz::fuzzing

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mqauthz::fuzzing;
  const GlobFuzzCase fuzz_case = ReadGlobFuzzCase(data, size, kMaxStringBytes);
  CheckAgainstNaive(fuzz_case);
  CheckCompiled(fuzz_case);
  return 0;
}
