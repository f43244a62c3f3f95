// Fuzzes the JSON loader: any bytes, read as a `.json` file (JSON only, as
// `az iot ops broker authz apply --config-file` reads it), must load to an error or a
// policy that compiles, never to a crash, a hang or unbounded memory. The checks are
// those of CheckLoadedText (fuzz/loader_fuzz_check.h).

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/loader_fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  mqauthz::fuzzing::CheckLoadedText(text, "fuzz.json");
  return 0;
}
