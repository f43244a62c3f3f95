// Conversion from std::string_view to absl::string_view.
//
// Debian 12's Abseil (20220623) is built with ABSL_OPTION_USE_STD_STRING_VIEW 0, so
// absl::string_view is a class of its own that does not convert from std::string_view,
// and absl::StrCat and the other string functions do not take std::string_view.

#ifndef MQAUTHZ_COMPILER_ABSL_VIEW_H_
#define MQAUTHZ_COMPILER_ABSL_VIEW_H_

#include <string_view>

#include "absl/strings/string_view.h"

namespace mqauthz {

// Returns a view of the same bytes. The result points into `text`'s storage.
inline absl::string_view AbslView(std::string_view text) {
  return absl::string_view(text.data(), text.size());
}

}  // namespace mqauthz

#endif  // MQAUTHZ_COMPILER_ABSL_VIEW_H_
