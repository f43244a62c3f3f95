// Hyperscan databases of globs, and the translation of a glob into a Hyperscan expression.
//
// Design. A glob of core/glob.h becomes one expression anchored at both ends. It starts
// with `^`, then has per element `\xHH` for a byte (letters and digits stay as they are),
// `.` for `?`, `.*` for `*`, or a byte class `[...]` of `\xHH` ranges, and ends with `\z`.
// The end anchor is `\z`, not `$`, because in Hyperscan 5.4, as in PCRE, `$` also
// matches before a final newline, so `^a$` matches "a\n".
//
// Expressions compile with HS_FLAG_DOTALL (`.` matches "\n" too), without HS_FLAG_UTF8
// (so `.` and classes match single bytes, 0x80 to 0xFF included), with
// HS_FLAG_ALLOWEMPTY (a `*` glob matches the empty client id) and HS_FLAG_SINGLEMATCH (an
// anchored expression has at most one match). NUL bytes are written `\x00`, because
// hs_compile_multi takes NUL-terminated expressions.
//
// A token element becomes `.+`: its value is non-empty but unknown until a client binds,
// so the expression is a prefilter that matches a superset, and the runtime verifies each
// hit with runtime/glob_matcher.h and the client's values.
//
// Globs that Hyperscan compiles slowly or rejects stay out of the database. Hyperscan 5.4
// rejects expressions longer than 16,000 bytes ("Pattern length exceeds limit"), and its
// compile time grows faster than linearly with the number of `.*`. The caller matches
// those globs with runtime/glob_matcher.h, whose time is pattern length times subject
// length.

#ifndef MQAUTHZ_COMPILER_GLOB_DATABASE_H_
#define MQAUTHZ_COMPILER_GLOB_DATABASE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/glob.h"

struct hs_database;  // hs_database_t of <hs/hs_common.h>

namespace mqauthz {

// Returns the anchored Hyperscan expression for `glob`, with each token as `.+`.
std::string GlobToHyperscanExpression(const Glob& glob);

// Returns whether `glob` should go into a Hyperscan database rather than to the
// fallback matcher: at most kMaxHyperscanAnyRuns runs of '*' and an expression of at most
// kMaxHyperscanExpressionBytes.
bool GlobFitsHyperscan(const Glob& glob, const std::string& expression);

// Limits for GlobFitsHyperscan. Hyperscan 5.4 rejects expressions longer than 16,000
// bytes. Its compile time grows faster than the number of `.*`: one hs_compile of 500
// runs took 48 ms and of 3,000 runs 1.1 s on a 2-vCPU x86-64 VM (one measurement, so an
// estimate). The run limit keeps a policy with many such keys compiling in seconds.
inline constexpr std::size_t kMaxHyperscanExpressionBytes = 8000;
inline constexpr std::size_t kMaxHyperscanAnyRuns = 64;

// Returns the bytes of `glob` when every element is a literal byte, else nullopt. Such a
// glob matches exactly those bytes, so a hash lookup replaces the automaton.
std::optional<std::string> GlobLiteralBytes(const Glob& glob);

// An immutable Hyperscan block-mode database. Thread-safe to scan from any number of
// threads, each with its own scratch (runtime/hyperscan_scan.h).
class GlobDatabase {
 public:
  struct Expression {
    std::string text;
    std::uint32_t id = 0;  // reported on a match
  };

  // Compiles `expressions` into one database. Expressions that Hyperscan rejects for
  // their size or a resource limit are left out and their ids appended to
  // `rejected_ids`, so the caller can match them another way. Returns Internal, naming
  // the expression, for any other Hyperscan error. An empty list gives a database
  // without a handle, which matches nothing.
  static absl::StatusOr<GlobDatabase> Compile(std::vector<Expression> expressions,
                                              std::vector<std::uint32_t>& rejected_ids);

  GlobDatabase();
  GlobDatabase(GlobDatabase&&) noexcept;
  GlobDatabase& operator=(GlobDatabase&&) noexcept;
  ~GlobDatabase();

  // Returns the Hyperscan database, or nullptr when there were no expressions.
  const hs_database* handle() const { return database_.get(); }

  // Returns an id that no other database of this process has, so that per-thread caches
  // of scratch space can key on it without mistaking a new database at a reused address
  // for an old one.
  std::uint64_t unique_id() const { return unique_id_; }

  // Returns the size Hyperscan reports for the database, 0 without one.
  std::size_t SizeBytes() const;

 private:
  struct Deleter {
    void operator()(hs_database* database) const;
  };

  std::unique_ptr<hs_database, Deleter> database_;
  std::uint64_t unique_id_ = 0;
};

}  // namespace mqauthz

#endif  // MQAUTHZ_COMPILER_GLOB_DATABASE_H_
