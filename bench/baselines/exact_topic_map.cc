#include "bench/baselines/exact_topic_map.h"

#include <utility>

namespace mqauthz::bench {

void ExactTopicMap::Insert(std::string topic, const Decision& decision) {
  map_.emplace(std::move(topic), decision);
}

const Decision* ExactTopicMap::Find(std::string_view topic) const {
  const auto it = map_.find(topic);
  return it == map_.end() ? nullptr : &it->second;
}

}  // namespace mqauthz::bench
