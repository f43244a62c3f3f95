// The floor of the benchmarks: one hash lookup of the whole topic string.
//
// A map from every allowed topic name to its Decision decides a publish request with one
// hash of the topic and one key comparison. Nothing that decides by rules can be much
// faster. It uses the hash the compiled engine uses for literal levels (std::hash of the
// bytes, StringViewHash) and looks up a std::string_view without building a string.

#ifndef MQAUTHZ_BENCH_BASELINES_EXACT_TOPIC_MAP_H_
#define MQAUTHZ_BENCH_BASELINES_EXACT_TOPIC_MAP_H_

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "boost/unordered/unordered_flat_map.hpp"
#include "compiler/key_index.h"
#include "core/decision.h"

namespace mqauthz::bench {

class ExactTopicMap {
 public:
  // Adds `topic` with its decision; a topic added before keeps its first decision.
  void Insert(std::string topic, const Decision& decision);

  // Returns the decision stored for `topic`, or nullptr when there is none.
  const Decision* Find(std::string_view topic) const;

  std::size_t size() const { return map_.size(); }

 private:
  boost::unordered_flat_map<std::string, Decision, StringViewHash, std::equal_to<>> map_;
};

}  // namespace mqauthz::bench

#endif  // MQAUTHZ_BENCH_BASELINES_EXACT_TOPIC_MAP_H_
