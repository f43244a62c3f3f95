// Reads a stream line by line with a bound on the line length, so that one huge line
// cannot make `mqauthz replay` hold it all in memory.

#ifndef MQAUTHZ_TOOLS_LINE_READER_H_
#define MQAUTHZ_TOOLS_LINE_READER_H_

#include <cstddef>
#include <functional>
#include <istream>
#include <string>
#include <vector>

namespace mqauthz {

class LineReader {
 public:
  enum class Result { kLine, kTooLong, kEnd };

  // Reads from `input`, which must outlive the reader. Lines longer than `max_line_bytes`
  // (not counting the '\n') are skipped whole and reported as kTooLong. A read returns
  // what the stream has ready rather than waiting for a whole block, so lines from a pipe
  // arrive as they are written. `before_wait`, when set, runs each time the reader is
  // about to wait for more input, so that a caller can flush what it has written so far.
  LineReader(std::istream& input, std::size_t max_line_bytes,
             std::function<void()> before_wait = {});

  // Reads the next line into `line`, without its '\n'. A last line without '\n' counts.
  // Returns kEnd at the end of the stream, when `line` is left empty.
  Result Next(std::string& line);

 private:
  bool Refill();

  std::streambuf* source_;
  std::size_t max_line_bytes_;
  std::function<void()> before_wait_;
  std::vector<char> buffer_;
  std::size_t position_ = 0;
  std::size_t filled_ = 0;
};

}  // namespace mqauthz

#endif  // MQAUTHZ_TOOLS_LINE_READER_H_
