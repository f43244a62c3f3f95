// Checks for text that is valid but probably not what the user meant, shared by the
// builders that warn about it.

#ifndef MQAUTHZ_COMPILER_PATTERN_WARNINGS_H_
#define MQAUTHZ_COMPILER_PATTERN_WARNINGS_H_

#include <string_view>

#include "core/topic.h"

namespace mqauthz {

// Returns whether a character class of glob `pattern` starts with '!', as in "[!a]".
// Shell globs read that as negation, but Redis (and so the state store) reads it as a
// class that contains '!', so the warning suggests "[^a]". Escaped brackets ("\[!") and
// `{principal.…}` tokens are skipped. `pattern` must be a valid glob (ParseGlob).
bool GlobHasBangClass(std::string_view pattern);

// Returns the first '*' or '?' in a literal level of `filter`, or '\0' when there is
// none. MQTT treats both as ordinary characters, not as wildcards.
char FindGlobCharacterInFilter(const TopicFilter& filter);

}  // namespace mqauthz

#endif  // MQAUTHZ_COMPILER_PATTERN_WARNINGS_H_
