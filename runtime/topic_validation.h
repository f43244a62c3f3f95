// Allocation-free checks of requested topic names and topic filters, and a topic hash.
//
// These give exactly the verdicts of core/topic.h's ValidateTopicName,
// ValidateTopicFilter and StripSharePrefix, and tests/runtime/topic_validation_test.cc
// compares them on every short input. They return a bool instead of a status with a
// message, because the core functions build messages and split levels into a vector,
// which would allocate on Decide's hot path.

#ifndef MQAUTHZ_RUNTIME_TOPIC_VALIDATION_H_
#define MQAUTHZ_RUNTIME_TOPIC_VALIDATION_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace mqauthz {

// Returns whether ValidateTopicName(name) is ok.
bool IsValidTopicName(std::string_view name);

// Returns HashTopicName(name) when ValidateTopicName(name) is ok, else nullopt. ASCII
// names are checked and hashed in one pass over their bytes.
std::optional<std::uint64_t> HashValidTopicName(std::string_view name);

// Returns a hash of `text` for hash maps keyed by topic names. It reads eight bytes per
// step and is not meant to resist chosen collisions, so it suits only small maps or maps
// whose keys come from the policy.
std::uint64_t HashTopicName(std::string_view text);

// Returns whether ValidateTopicFilter(filter) is ok.
bool IsValidTopicFilter(std::string_view filter);

// Returns the filter without one leading `$share/GROUP/`, as StripSharePrefix does, or
// nullopt where StripSharePrefix returns an error. The view points into `filter`.
std::optional<std::string_view> RemoveSharePrefix(std::string_view filter);

}  // namespace mqauthz

#endif  // MQAUTHZ_RUNTIME_TOPIC_VALIDATION_H_
