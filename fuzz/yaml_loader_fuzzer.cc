// Fuzzes the YAML loader: any bytes, read as a `.yaml` file, must load to an error or a
// policy that compiles, never to a crash, a hang or unbounded memory. For such a name,
// text that starts with '{' or '[' is tried as JSON first and then as YAML, so both
// readers and the choice between them run. The checks are those of CheckLoadedText
// (fuzz/loader_fuzz_check.h).

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/loader_fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  mqauthz::fuzzing::CheckLoadedText(text, "fuzz.yaml");
  return 0;
}
