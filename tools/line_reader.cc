#include "tools/line_reader.h"

#include <cstring>

namespace mqauthz {
namespace {

constexpr std::size_t kReadBlockBytes = 1 << 16;

}  // namespace

LineReader::LineReader(std::istream& input, std::size_t max_line_bytes)
    : source_(input.rdbuf()), max_line_bytes_(max_line_bytes), buffer_(kReadBlockBytes) {}

bool LineReader::Refill() {
  std::streamsize count =
      source_->sgetn(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  position_ = 0;
  filled_ = count > 0 ? static_cast<std::size_t>(count) : 0;
  return filled_ > 0;
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
