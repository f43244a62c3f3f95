// Many short texts in one buffer, numbered in the order they were added.
//
// A compiled policy keeps the text of every topic filter, clientIds glob and key for the
// reasons its decisions quote. One std::string per text would cost a 32-byte header and,
// past 15 bytes, a heap chunk each. Here a text costs its bytes and one 32-bit end offset.

#ifndef MQAUTHZ_COMPILER_TEXT_TABLE_H_
#define MQAUTHZ_COMPILER_TEXT_TABLE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mqauthz {

class TextTable {
 public:
  // Appends `text` and returns its number: 0 for the first text, then one more each time.
  // The table stores at most 4 GiB of text in all, and CompilePolicy checks that first.
  std::uint32_t Add(std::string_view text) {
    bytes_.append(text);
    ends_.push_back(static_cast<std::uint32_t>(bytes_.size()));
    return static_cast<std::uint32_t>(ends_.size() - 1);
  }

  // Returns text number `i`, which must have been added. The view stays valid as long as
  // the table is neither changed nor destroyed.
  std::string_view operator[](std::uint32_t i) const {
    const std::uint32_t begin = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(bytes_).substr(begin, ends_[i] - begin);
  }

  std::size_t size() const { return ends_.size(); }

  // Makes room for `texts` more texts of `bytes` bytes in all.
  void Reserve(std::size_t texts, std::size_t bytes) {
    ends_.reserve(ends_.size() + texts);
    bytes_.reserve(bytes_.size() + bytes);
  }

  // Estimates the heap bytes the table owns.
  std::size_t MemoryBytes() const {
    return bytes_.capacity() + ends_.capacity() * sizeof(std::uint32_t);
  }

 private:
  std::string bytes_;
  std::vector<std::uint32_t> ends_;  // ends_[i]: one past the last byte of text i
};

}  // namespace mqauthz

#endif  // MQAUTHZ_COMPILER_TEXT_TABLE_H_
