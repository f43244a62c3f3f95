#include "tests/tools/command_runner.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace mqauthz {
namespace {

std::string TempDir() {
  static const std::string dir = [] {
    std::filesystem::path path =
        std::filesystem::temp_directory_path() / ("mqauthz-cli-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(path);
    return path.string();
  }();
  return dir;
}

std::string ReadFile(const std::string& path) {
  std::ifstream input(path, std::ios::binary);
  std::stringstream content;
  content << input.rdbuf();
  return content.str();
}

}  // namespace

std::string WriteTempFile(const std::string& name, const std::string& content) {
  std::string path = TempDir() + "/" + name;
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

CommandResult RunMqauthz(const std::string& arguments, const std::string& input) {
  std::string out_path = TempDir() + "/stdout";
  std::string err_path = TempDir() + "/stderr";
  std::string command = std::string(MQAUTHZ_COMMAND) + " " + arguments;
  if (!input.empty()) command += " < '" + WriteTempFile("stdin", input) + "'";
  command += " > '" + out_path + "' 2> '" + err_path + "'";

  CommandResult result;
  int status = std::system(command.c_str());
  result.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = ReadFile(out_path);
  result.err = ReadFile(err_path);
  return result;
}

}  // namespace mqauthz
