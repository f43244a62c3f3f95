// Allocation-free checks of requested topic names and topic filters.
//
// These give exactly the verdicts of core/topic.h's ValidateTopicName,
// ValidateTopicFilter and StripSharePrefix, and tests/runtime/topic_validation_test.cc
// compares them on every short input. They return a bool instead of a status with a
// message, because the core functions build messages and split levels into a vector,
// which would allocate on Decide's hot path.

#ifndef MQAUTHZ_RUNTIME_TOPIC_VALIDATION_H_
#define MQAUTHZ_RUNTIME_TOPIC_VALIDATION_H_

#include <optional>
#include <string_view>

namespace mqauthz {

// Returns whether ValidateTopicName(name) is ok.
bool IsValidTopicName(std::string_view name);

// Returns whether ValidateTopicFilter(filter) is ok.
bool IsValidTopicFilter(std::string_view filter);

// Returns the filter without one leading `$share/GROUP/`, as StripSharePrefix does, or
// nullopt where StripSharePrefix returns an error. The view points into `filter`.
std::optional<std::string_view> RemoveSharePrefix(std::string_view filter);

}  // namespace mqauthz

#endif  // MQAUTHZ_RUNTIME_TOPIC_VALIDATION_H_
