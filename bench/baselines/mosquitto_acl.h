// A Mosquitto-style ACL check: the baseline a broker developer would otherwise use.
//
// It reads the acl_file syntax of Mosquitto 2.0 (mosquitto.conf(5)) and decides the way
// Mosquitto's default ACL check does:
//   - `topic [read|write|readwrite] FILTER` lines after `user NAME` belong to that user,
//     and those before any `user` line to clients without a username;
//   - `pattern [read|write|readwrite] FILTER` lines apply to every client, wherever they
//     stand, with `%c` replaced by the client id and `%u` by the username.
// A request is allowed when one of the client's own entries, then one of the pattern
// lines in file order, matches the topic with libmosquitto's mosquitto_topic_matches_sub
// and grants the access. As in Mosquitto:
//   - pattern lines allow nothing to a client whose id or username contains '+' or '#';
//   - a `%u` line allows nothing to a client without a username;
//   - a filter that does not start with '$' never matches a topic that does.
//
// Fairness: the client's entries are found once, at Bind, as Mosquitto finds them once
// when the client connects. The substituted pattern is written into a buffer the caller
// keeps, so a check allocates nothing once the buffer has grown. `deny` lines are not
// supported and are rejected by Parse.

#ifndef MQAUTHZ_BENCH_BASELINES_MOSQUITTO_ACL_H_
#define MQAUTHZ_BENCH_BASELINES_MOSQUITTO_ACL_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "boost/unordered/unordered_flat_map.hpp"
#include "compiler/key_index.h"

namespace mqauthz::bench {

// Access bits, with Mosquitto's values: read is subscribe and receive, write is publish.
enum MosquittoAccess : std::uint8_t { kMosquittoRead = 1, kMosquittoWrite = 2 };

// One `topic` line.
struct TopicEntry {
  std::string filter;
  std::uint8_t access = 0;  // MosquittoAccess bits
};

class MosquittoAcl {
 public:
  // A client after Bind: its own entries, id and username. Refers to the MosquittoAcl,
  // which must outlive it.
  struct Binding {
    const std::vector<TopicEntry>* entries = nullptr;  // null: no entries
    std::string client_id;
    std::optional<std::string> username;
    bool patterns_apply = true;  // false when the id or username has '+' or '#'
  };

  // Parses acl_file text. Errors: InvalidArgument naming `file_name`, the line and the
  // fix, for an unknown keyword, a `user` line without a name, a `topic` or `pattern`
  // line without a filter, or a `deny` line.
  static absl::StatusOr<MosquittoAcl> Parse(std::string_view text, std::string_view file_name);

  // Reads and parses the file at `path`. Errors: NotFound when it cannot be read, and
  // those of Parse.
  static absl::StatusOr<MosquittoAcl> ReadFile(const std::string& path);

  // Binds a client: finds its own entries by username and checks its id and username
  // for '+' and '#'.
  Binding Bind(std::string_view client_id, const std::optional<std::string>& username) const;

  // Returns whether `binding`'s client has `access` (kMosquittoRead or kMosquittoWrite)
  // to `topic`, a topic name. `scratch` is the buffer for substituted patterns, reused between calls.
  bool Check(const Binding& binding, const std::string& topic, MosquittoAccess access,
             std::string& scratch) const;

  std::size_t pattern_count() const { return patterns_.size(); }

 private:
  struct Pattern {
    // The filter cut at each %c and %u: pieces[0], substitute[0], pieces[1], ...
    std::vector<std::string> pieces;
    std::vector<char> substitutes;  // 'c' or 'u', one fewer than pieces
    std::uint8_t access = 0;
    bool has_username = false;
    bool starts_with_dollar = false;
  };

  static Pattern MakePattern(std::string_view filter, std::uint8_t access);
  static void Substitute(const Pattern& pattern, const Binding& binding, std::string& out);

  boost::unordered_flat_map<std::string, std::vector<TopicEntry>, StringViewHash, std::equal_to<>>
      users_;
  std::vector<TopicEntry> anonymous_;  // `topic` lines before any `user` line
  std::vector<Pattern> patterns_;
};

}  // namespace mqauthz::bench

#endif  // MQAUTHZ_BENCH_BASELINES_MOSQUITTO_ACL_H_
