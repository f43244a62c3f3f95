#include "compiler/glob_database.h"

#include <hs.h>

#include <atomic>
#include <bitset>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "core/glob.h"

namespace mqauthz {
namespace {

constexpr unsigned kExpressionFlags = HS_FLAG_DOTALL | HS_FLAG_SINGLEMATCH | HS_FLAG_ALLOWEMPTY;

// Relaxed order is enough: the counter only has to hand out distinct values.
std::atomic<std::uint64_t> next_database_id{1};

void AppendByte(std::string& expression, unsigned char byte) {
  if (absl::ascii_isalnum(byte)) {
    expression.push_back(static_cast<char>(byte));
    return;
  }
  absl::StrAppend(&expression, "\\x", absl::Hex(static_cast<unsigned>(byte), absl::kZeroPad2));
}

// Appends a class as ranges of `\xHH`, or `.` when it contains every byte.
void AppendClass(std::string& expression, const std::bitset<256>& bytes) {
  if (bytes.all()) {
    expression.push_back('.');
    return;
  }
  expression.push_back('[');
  unsigned value = 0;
  while (value < 256) {
    if (!bytes.test(value)) {
      ++value;
      continue;
    }
    const unsigned low = value;
    while (value + 1 < 256 && bytes.test(value + 1)) ++value;
    absl::StrAppend(&expression, "\\x", absl::Hex(low, absl::kZeroPad2));
    if (value != low) absl::StrAppend(&expression, "-\\x", absl::Hex(value, absl::kZeroPad2));
    ++value;
  }
  expression.push_back(']');
}

// Returns whether a Hyperscan compile error is about the size of an expression or of the
// database rather than about its syntax. Hyperscan 5.4 reports these messages.
bool IsResourceLimitError(std::string_view message) {
  return message.find("exceeds limit") != std::string_view::npos ||
         message.find("Resource limit exceeded") != std::string_view::npos ||
         message.find("too large") != std::string_view::npos;
}

}  // namespace

std::string GlobToHyperscanExpression(const Glob& glob) {
  std::string expression = "^";
  bool previous_any_run = false;
  for (const GlobElement& element : glob.elements) {
    const bool any_run = element.kind == GlobElement::Kind::kAnyRun;
    // "**" matches what "*" matches; one `.*` keeps the automaton smaller.
    if (any_run && previous_any_run) continue;
    previous_any_run = any_run;

    switch (element.kind) {
      case GlobElement::Kind::kByte:
        AppendByte(expression, element.byte);
        break;
      case GlobElement::Kind::kAnyByte:
        expression.push_back('.');
        break;
      case GlobElement::Kind::kAnyRun:
        expression.append(".*");
        break;
      case GlobElement::Kind::kClass:
        AppendClass(expression, glob.ClassBytes(element));
        break;
      case GlobElement::Kind::kToken:
        expression.append(".+");
        break;
    }
  }
  expression.append("\\z");
  return expression;
}

bool GlobFitsHyperscan(const Glob& glob, const std::string& expression) {
  if (expression.size() > kMaxHyperscanExpressionBytes) return false;
  std::size_t any_runs = 0;
  bool previous_any_run = false;
  for (const GlobElement& element : glob.elements) {
    const bool any_run = element.kind == GlobElement::Kind::kAnyRun;
    if (any_run && !previous_any_run) ++any_runs;
    previous_any_run = any_run;
  }
  return any_runs <= kMaxHyperscanAnyRuns;
}

std::optional<std::string> GlobLiteralBytes(const Glob& glob) {
  std::string bytes;
  bytes.reserve(glob.elements.size());
  for (const GlobElement& element : glob.elements) {
    if (element.kind != GlobElement::Kind::kByte) return std::nullopt;
    bytes.push_back(static_cast<char>(element.byte));
  }
  return bytes;
}

GlobDatabase::GlobDatabase() = default;
GlobDatabase::GlobDatabase(GlobDatabase&&) noexcept = default;
GlobDatabase& GlobDatabase::operator=(GlobDatabase&&) noexcept = default;
GlobDatabase::~GlobDatabase() = default;

void GlobDatabase::Deleter::operator()(hs_database* database) const { hs_free_database(database); }

std::size_t GlobDatabase::SizeBytes() const {
  if (database_ == nullptr) return 0;
  std::size_t size = 0;
  if (hs_database_size(database_.get(), &size) != HS_SUCCESS) return 0;
  return size;
}

absl::StatusOr<GlobDatabase> GlobDatabase::Compile(std::vector<Expression> expressions,
                                                   std::vector<std::uint32_t>& rejected_ids) {
  GlobDatabase result;
  result.unique_id_ = next_database_id.fetch_add(1, std::memory_order_relaxed);

  // Each failed attempt names one rejected expression, which leaves the list; the loop ends
  // because the list shrinks every time.
  while (!expressions.empty()) {
    std::vector<const char*> texts;
    std::vector<unsigned> flags(expressions.size(), kExpressionFlags);
    std::vector<unsigned> ids;
    texts.reserve(expressions.size());
    ids.reserve(expressions.size());
    for (const Expression& expression : expressions) {
      texts.push_back(expression.text.c_str());
      ids.push_back(expression.id);
    }

    hs_database_t* database = nullptr;
    hs_compile_error_t* error = nullptr;
    const hs_error_t status = hs_compile_multi(texts.data(), flags.data(), ids.data(),
                                               static_cast<unsigned>(texts.size()), HS_MODE_BLOCK,
                                               nullptr, &database, &error);
    if (status == HS_SUCCESS) {
      result.database_.reset(database);
      return result;
    }

    const std::string message = error != nullptr ? error->message : "unknown error";
    const int index = error != nullptr ? error->expression : -1;
    hs_free_compile_error(error);
    if (index < 0 || static_cast<std::size_t>(index) >= expressions.size() ||
        !IsResourceLimitError(message)) {
      const std::string which =
          index >= 0 && static_cast<std::size_t>(index) < expressions.size()
              ? absl::StrCat(" expression `", absl::CHexEscape(expressions[index].text), "`")
              : std::string(" database");
      return absl::InternalError(absl::StrCat("Hyperscan rejected the glob", which, ": ", message));
    }
    rejected_ids.push_back(expressions[index].id);
    expressions.erase(expressions.begin() + index);
  }
  return result;
}

}  // namespace mqauthz
