#include "runtime/glob_matcher.h"

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "compiler/glob_entry.h"
#include "core/glob.h"
#include "runtime/bound_client.h"

namespace mqauthz {
namespace {

constexpr std::size_t kNoStar = static_cast<std::size_t>(-1);

// A position in the glob: an element, and for a token element the offset in its value.
struct Position {
  std::size_t element = 0;
  std::size_t offset = 0;
};

class Matcher {
 public:
  Matcher(const GlobEntry& entry, const BoundClient& bound)
      : glob_(entry.glob),
        elements_(entry.glob.elements),
        slots_(entry.element_slots),
        bound_(bound) {}

  // Returns false when some token of the glob has no value.
  bool TokensResolve() const {
    for (std::size_t i = 0; i < elements_.size(); ++i) {
      if (elements_[i].kind == GlobElement::Kind::kToken && TokenText(i).empty()) return false;
    }
    return true;
  }

  bool Match(std::string_view subject) const {
    Position at;
    std::size_t star_element = kNoStar;
    std::size_t star_subject = 0;
    std::size_t s = 0;
    while (s < subject.size()) {
      if (at.element < elements_.size()) {
        const GlobElement& element = elements_[at.element];
        if (element.kind == GlobElement::Kind::kAnyRun) {
          // Let the '*' match nothing for now, and remember where it started.
          star_element = at.element;
          star_subject = s;
          at = {at.element + 1, 0};
          continue;
        }
        if (Accepts(at, static_cast<unsigned char>(subject[s]))) {
          Advance(at);
          ++s;
          continue;
        }
      }
      if (star_element == kNoStar) return false;
      // Let the last '*' swallow one more byte and retry the rest after it.
      at = {star_element + 1, 0};
      s = ++star_subject;
    }

    // The subject is consumed: what is left of the glob must be '*' only.
    if (at.offset != 0) return false;
    while (at.element < elements_.size() &&
           elements_[at.element].kind == GlobElement::Kind::kAnyRun) {
      ++at.element;
    }
    return at.element == elements_.size();
  }

 private:
  std::string_view TokenText(std::size_t element) const {
    const TokenValue* value = bound_.FindTokenValue(slots_[element]);
    return value == nullptr ? std::string_view() : std::string_view(value->text);
  }

  bool Accepts(const Position& at, unsigned char byte) const {
    const GlobElement& element = elements_[at.element];
    switch (element.kind) {
      case GlobElement::Kind::kByte:
        return element.byte == byte;
      case GlobElement::Kind::kAnyByte:
        return true;
      case GlobElement::Kind::kClass:
        return glob_.ClassBytes(element).test(byte);
      case GlobElement::Kind::kToken:
        return static_cast<unsigned char>(TokenText(at.element)[at.offset]) == byte;
      case GlobElement::Kind::kAnyRun:
        break;
    }
    return false;
  }

  void Advance(Position& at) const {
    if (elements_[at.element].kind == GlobElement::Kind::kToken &&
        at.offset + 1 < TokenText(at.element).size()) {
      ++at.offset;
      return;
    }
    at = {at.element + 1, 0};
  }

  const Glob& glob_;
  const std::vector<GlobElement>& elements_;
  const std::vector<std::uint32_t>& slots_;
  const BoundClient& bound_;
};

}  // namespace

bool MatchGlob(const GlobEntry& entry, const BoundClient& bound, std::string_view subject) {
  const Matcher matcher(entry, bound);
  return matcher.TokensResolve() && matcher.Match(subject);
}

}  // namespace mqauthz
