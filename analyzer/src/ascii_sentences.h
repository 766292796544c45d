// ICU's English sentence boundaries ("en@ss=standard") for pure-ASCII text, in
// one pass over the bytes instead of ICU's rule automaton over UTF-16 (which
// was ~8% of a run, for the sentence count every message reports).
//
// Two layers, as in ICU: UAX #29's sentence rules, restricted to the classes
// ASCII characters have; then ICU's suppression of a break after a listed
// abbreviation ("Mr.", "e.g."), with ICU's own matching, quirks included
// ("U.S. Army" still breaks: "U.S." is a prefix of "U.S.A."). The character
// classes and the abbreviations are read from ICU's data, not copied here, and
// tokenizer_test holds this to ICU's iterator on random text.
#ifndef CULPA_SRC_ASCII_SENTENCES_H_
#define CULPA_SRC_ASCII_SENTENCES_H_

#include <cstdint>
#include <utility>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace culpa {

// The analysis text is case-folded, and ICU's sentence rules do not break
// before a lowercase word ("... the test. that's on me" reads as one sentence,
// as after an abbreviation). So the sentence rules see the text with the
// first ASCII letter after . ! ? or a line end capitalised, past spaces,
// quotes and brackets; no byte offset changes. The tokenizer makes that copy
// for ICU; AsciiSentences capitalises where it looks.
enum class CaseRole : uint8_t { kOther, kEnd, kLower, kKeep };
inline CaseRole CaseRoleOf(unsigned char c) {
  if (c >= 'a' && c <= 'z') return CaseRole::kLower;
  switch (c) {
    case '.': case '!': case '?': case '\n': return CaseRole::kEnd;
    case ' ': case '"': case '\'': case '(': case ')': return CaseRole::kKeep;
    default: return CaseRole::kOther;
  }
}

class AsciiSentences {
 public:
  // Null when ICU's data gives an ASCII character a class these rules do not
  // model, or the abbreviations cannot be read: the caller then keeps ICU.
  static std::unique_ptr<AsciiSentences> Create();

  // Appends the boundaries of `text` (ASCII only, not yet sentence-cased) in
  // order, as ICU's first()/next() give them on the sentence-cased text: 0,
  // then each break, then text.size().
  void Breaks(std::string_view text, std::vector<uint32_t>* out) const;

  // The sentence-break classes of ASCII (UAX #29 names).
  enum Class : uint8_t { kOther, kATerm, kSTerm, kClose, kSp, kLower, kUpper, kNumeric, kSContinue, kCR, kLF };

 private:
  AsciiSentences() = default;
  Class ClassAt(std::string_view t, size_t i) const;
  bool BreakAt(std::string_view t, size_t p) const;
  bool Suppressed(std::string_view t, size_t p) const;

  // ICU's UCharsTrie, as the questions its filter asks of one: after a
  // character, is there a node (else no match), does it hold a value, can it
  // go on.
  struct Trie {
    struct Node {
      int value = 0;
      std::vector<std::pair<char, uint32_t>> next;
    };
    std::vector<Node> nodes{1};
    void Add(const std::string& key, int value);
    const Node* Step(const Node* from, char c) const;
  };

  Class class_[128] = {};
  bool may_end_[256] = {};  // SATerm, CR, LF: a break can only follow one of these
  // Abbreviations reversed ("Mr." -> ".rM"), each an exact match or the first
  // part of a dotted one ("U." of "U.S."); and the dotted ones forwards,
  // checked after a partial match.
  Trie backward_, forward_;
};

}  // namespace culpa

#endif  // CULPA_SRC_ASCII_SENTENCES_H_
