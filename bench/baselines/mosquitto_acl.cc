#include "bench/baselines/mosquitto_acl.h"

#include <fstream>
#include <sstream>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "compiler/absl_view.h"
#include "mosquitto.h"

namespace mqauthz::bench {
namespace {

constexpr std::string_view kBlanks = " \t\r";

std::string_view Trim(std::string_view text) {
  const std::size_t begin = text.find_first_not_of(kBlanks);
  if (begin == std::string_view::npos) return {};
  const std::size_t end = text.find_last_not_of(kBlanks);
  return text.substr(begin, end - begin + 1);
}

// Splits off the first word of `text` (already trimmed) and returns it; `rest` gets the
// trimmed remainder.
std::string_view FirstWord(std::string_view text, std::string_view& rest) {
  const std::size_t end = text.find_first_of(kBlanks);
  if (end == std::string_view::npos) {
    rest = {};
    return text;
  }
  rest = Trim(text.substr(end));
  return text.substr(0, end);
}

std::optional<std::uint8_t> ParseAccess(std::string_view word) {
  if (word == "read") return kMosquittoRead;
  if (word == "write") return kMosquittoWrite;
  if (word == "readwrite") return kMosquittoRead | kMosquittoWrite;
  return std::nullopt;
}

// The filter and access of a `topic` or `pattern` line, whose text after the keyword is
// `arguments`. The access word is optional and defaults to readwrite, as in Mosquitto.
struct FilterLine {
  std::string_view filter;
  std::uint8_t access = kMosquittoRead | kMosquittoWrite;
  bool deny = false;
};

FilterLine ParseFilterLine(std::string_view arguments) {
  FilterLine line;
  line.filter = arguments;
  std::string_view rest;
  const std::string_view word = FirstWord(arguments, rest);
  if (rest.empty()) return line;
  if (word == "deny") {
    line.deny = true;
    return line;
  }
  if (const std::optional<std::uint8_t> access = ParseAccess(word)) {
    line.access = *access;
    line.filter = rest;
  }
  return line;
}

absl::Status LineError(std::string_view file_name, int line_number, std::string_view message) {
  return absl::InvalidArgumentError(
      absl::StrCat(AbslView(file_name), ":", line_number, ": ", AbslView(message)));
}

}  // namespace

absl::StatusOr<MosquittoAcl> MosquittoAcl::Parse(std::string_view text,
                                                 std::string_view file_name) {
  MosquittoAcl acl;
  std::vector<TopicEntry>* current = &acl.anonymous_;
  int line_number = 0;
  while (!text.empty()) {
    ++line_number;
    const std::size_t end = text.find('\n');
    const std::string_view line = Trim(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (line.empty() || line.front() == '#') continue;

    std::string_view arguments;
    const std::string_view keyword = FirstWord(line, arguments);
    if (keyword == "user") {
      if (arguments.empty()) {
        return LineError(file_name, line_number, "'user' needs a username: write 'user NAME'");
      }
      current = &acl.users_[std::string(arguments)];
      continue;
    }
    if (keyword != "topic" && keyword != "pattern") {
      return LineError(file_name, line_number,
                       absl::StrCat("unknown keyword '", AbslView(keyword),
                                    "'; a line starts with 'user', 'topic' or 'pattern'"));
    }
    if (arguments.empty()) {
      return LineError(file_name, line_number,
                       absl::StrCat("'", AbslView(keyword),
                                    "' needs a topic filter: write '", AbslView(keyword),
                                    " [read|write|readwrite] FILTER'"));
    }
    const FilterLine parsed = ParseFilterLine(arguments);
    if (parsed.deny) {
      return LineError(file_name, line_number,
                       "'deny' lines are not supported by this baseline; remove the line");
    }
    if (keyword == "pattern") {
      acl.patterns_.push_back(MakePattern(parsed.filter, parsed.access));
    } else {
      current->push_back({std::string(parsed.filter), parsed.access});
    }
  }
  return acl;
}

absl::StatusOr<MosquittoAcl> MosquittoAcl::ReadFile(const std::string& path) {
  std::ifstream input(path, std::ios::binary);
  if (!input) {
    return absl::NotFoundError(absl::StrCat(
        "cannot open ACL file '", path, "'; generate it with bench/generate_workload.py"));
  }
  std::ostringstream text;
  text << input.rdbuf();
  return Parse(text.str(), path);
}

MosquittoAcl::Pattern MosquittoAcl::MakePattern(std::string_view filter, std::uint8_t access) {
  Pattern pattern;
  pattern.access = access;
  pattern.starts_with_dollar = !filter.empty() && filter.front() == '$';
  pattern.pieces.emplace_back();
  for (std::size_t i = 0; i < filter.size(); ++i) {
    const bool placeholder =
        filter[i] == '%' && i + 1 < filter.size() && (filter[i + 1] == 'c' || filter[i + 1] == 'u');
    if (!placeholder) {
      pattern.pieces.back() += filter[i];
      continue;
    }
    pattern.substitutes.push_back(filter[i + 1]);
    pattern.has_username = pattern.has_username || filter[i + 1] == 'u';
    pattern.pieces.emplace_back();
    ++i;
  }
  return pattern;
}

MosquittoAcl::Binding MosquittoAcl::Bind(std::string_view client_id,
                                         const std::optional<std::string>& username) const {
  Binding binding;
  binding.client_id = std::string(client_id);
  binding.username = username;
  if (username.has_value()) {
    const auto it = users_.find(std::string_view(*username));
    if (it != users_.end()) binding.entries = &it->second;
  } else if (!anonymous_.empty()) {
    binding.entries = &anonymous_;
  }

  const auto has_wildcard = [](std::string_view text) {
    return text.find_first_of("+#") != std::string_view::npos;
  };
  binding.patterns_apply =
      !has_wildcard(client_id) && !(username.has_value() && has_wildcard(*username));
  return binding;
}

void MosquittoAcl::Substitute(const Pattern& pattern, const Binding& binding, std::string& out) {
  out.assign(pattern.pieces[0]);
  for (std::size_t i = 0; i < pattern.substitutes.size(); ++i) {
    out += pattern.substitutes[i] == 'c' ? binding.client_id : *binding.username;
    out += pattern.pieces[i + 1];
  }
}

bool MosquittoAcl::Check(const Binding& binding, const std::string& topic,
                         MosquittoAccess access, std::string& scratch) const {
  const bool dollar_topic = !topic.empty() && topic.front() == '$';
  bool matches = false;

  if (binding.entries != nullptr) {
    for (const TopicEntry& entry : *binding.entries) {
      if ((entry.access & access) == 0) continue;
      if (dollar_topic && entry.filter.front() != '$') continue;
      mosquitto_topic_matches_sub(entry.filter.c_str(), topic.c_str(), &matches);
      if (matches) return true;
    }
  }

  if (!binding.patterns_apply) return false;
  for (const Pattern& pattern : patterns_) {
    if ((pattern.access & access) == 0) continue;
    if (pattern.has_username && !binding.username.has_value()) continue;
    if (dollar_topic && !pattern.starts_with_dollar) continue;
    Substitute(pattern, binding, scratch);
    mosquitto_topic_matches_sub(scratch.c_str(), topic.c_str(), &matches);
    if (matches) return true;
  }
  return false;
}

}  // namespace mqauthz::bench
