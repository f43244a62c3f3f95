// `mqauthz replay` fed by a live producer: each decision must come out while the producer
// is still writing, not when its output ends or fills a block.

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>

#include "gtest/gtest.h"

namespace mqauthz {
namespace {

// A `mqauthz replay` child process with pipes on its standard input and output.
class ReplayProcess {
 public:
  explicit ReplayProcess(const std::string& policy) {
    int input[2];
    int output[2];
    if (::pipe(input) != 0 || ::pipe(output) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(input[0], STDIN_FILENO);
      ::dup2(output[1], STDOUT_FILENO);
      ::close(input[1]);
      ::close(output[0]);
      ::execl(MQAUTHZ_COMMAND, MQAUTHZ_COMMAND, "replay", policy.c_str(), nullptr);
      ::_exit(127);
    }
    ::close(input[0]);
    ::close(output[1]);
    to_child_ = input[1];
    from_child_ = output[0];
  }

  ~ReplayProcess() {
    CloseInput();
    if (from_child_ >= 0) ::close(from_child_);
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
  }

  bool started() const { return pid_ > 0; }

  void Write(const std::string& text) {
    ASSERT_EQ(::write(to_child_, text.data(), text.size()), static_cast<ssize_t>(text.size()));
  }

  void CloseInput() {
    if (to_child_ >= 0) ::close(to_child_);
    to_child_ = -1;
  }

  // Returns the next output line, or an empty string when none came within `timeout_ms`.
  std::string ReadLine(int timeout_ms) {
    std::string line;
    while (true) {
      pollfd ready{from_child_, POLLIN, 0};
      if (::poll(&ready, 1, timeout_ms) <= 0) return "";
      char byte;
      if (::read(from_child_, &byte, 1) != 1) return "";
      if (byte == '\n') return line;
      line.push_back(byte);
    }
  }

 private:
  pid_t pid_ = -1;
  int to_child_ = -1;
  int from_child_ = -1;
};

TEST(ReplayStreamTest, DecidesEachLineAsItArrives) {
  ReplayProcess replay(std::string(MQAUTHZ_EXAMPLES_DIR) + "/quickstart/policy.yaml");
  ASSERT_TRUE(replay.started());

  // The input stays open: a replay that waits for a full block or for the end of its
  // input prints nothing within the timeout.
  replay.Write(R"({"clientId":"temperature-sensor","action":"connect"})"
               "\n");
  EXPECT_EQ(replay.ReadLine(10000),
            R"({"decision":"allow","rule":0,"resource":"rules[0].brokerResources[0]"})");

  replay.Write(R"({"clientId":"unknown","action":"connect"})"
               "\n");
  EXPECT_EQ(replay.ReadLine(10000), R"({"decision":"deny","reason":"no rule matched"})");

  replay.CloseInput();
  EXPECT_EQ(replay.ReadLine(10000), "");
}

}  // namespace
}  // namespace mqauthz
