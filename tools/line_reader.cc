#include "tools/line_reader.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <string>
#include <utility>

namespace mqauthz {
namespace {

constexpr std::size_t kReadBlockBytes = 1 << 16;

}  // namespace

LineReader::LineReader(std::istream& input, std::size_t max_line_bytes,
                       std::function<void()> before_wait)
    : source_(input.rdbuf()),
      max_line_bytes_(max_line_bytes),
      before_wait_(std::move(before_wait)),
      buffer_(kReadBlockBytes) {}

// sgetn on a whole block would wait until the block is full or the stream ends, which
// holds back the lines a pipe has already delivered. So the first byte is taken alone,
// which waits for at least one read of the source, and the rest is only what that read
// made available.
bool LineReader::Refill() {
  position_ = 0;
  filled_ = 0;
  if (source_->in_avail() <= 0 && before_wait_) before_wait_();

  const int first = source_->sbumpc();
  if (first == std::char_traits<char>::eof()) return false;
  buffer_[0] = std::char_traits<char>::to_char_type(first);
  filled_ = 1;

  const std::streamsize ready = source_->in_avail();
  if (ready > 0) {
    const auto count = std::min(ready, static_cast<std::streamsize>(buffer_.size() - filled_));
    filled_ += static_cast<std::size_t>(source_->sgetn(buffer_.data() + filled_, count));
  }
  return true;
}

LineReader::Result LineReader::Next(std::string& line) {
  line.clear();
  bool read_any = false;
  bool too_long = false;

  while (true) {
    if (position_ == filled_ && !Refill()) {
      if (!read_any) return Result::kEnd;
      return too_long ? Result::kTooLong : Result::kLine;
    }

    const char* start = buffer_.data() + position_;
    std::size_t available = filled_ - position_;
    const void* newline = std::memchr(start, '\n', available);
    std::size_t length = newline != nullptr
                             ? static_cast<std::size_t>(static_cast<const char*>(newline) - start)
                             : available;
    read_any = true;

    if (!too_long && line.size() + length > max_line_bytes_) {
      too_long = true;
      line.clear();
      line.shrink_to_fit();
    }
    if (!too_long) line.append(start, length);

    position_ += length;
    if (newline != nullptr) {
      ++position_;
      return too_long ? Result::kTooLong : Result::kLine;
    }
  }
}

}  // namespace mqauthz
