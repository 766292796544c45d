#include "ascii_sentences.h"

#include <algorithm>

#include <unicode/uchar.h>
#include <unicode/udata.h>
#include <unicode/unistr.h>
#include <unicode/ures.h>

namespace culpa {

namespace {

// The values ICU's suppression tries hold (filteredbrk.cpp's kPARTIAL, kMATCH).
constexpr int kPartial = 1, kMatch = 2;

// ICU's abbreviations for English sentence breaks, as its filtered iterator
// reads them; empty if they cannot be read.
std::vector<std::string> Abbreviations() {
  std::vector<std::string> out;
  UErrorCode status = U_ZERO_ERROR;
  UResourceBundle* bundle = ures_open(U_ICUDATA_NAME U_TREE_SEPARATOR_STRING "brkitr", "en", &status);
  UResourceBundle* exceptions = ures_getByKey(bundle, "exceptions", nullptr, &status);
  UResourceBundle* list = ures_getByKey(exceptions, "SentenceBreak", nullptr, &status);
  if (U_SUCCESS(status) && status != U_USING_DEFAULT_WARNING) {
    for (int32_t i = 0; i < ures_getSize(list); ++i) {
      int32_t len = 0;
      const UChar* s = ures_getStringByIndex(list, i, &len, &status);
      if (U_FAILURE(status)) return {};
      std::string utf8;
      icu::UnicodeString(s, len).toUTF8String(utf8);
      out.push_back(std::move(utf8));
    }
  }
  ures_close(list);
  ures_close(exceptions);
  ures_close(bundle);
  return out;
}

}  // namespace

void AsciiSentences::Trie::Add(const std::string& key, int value) {
  uint32_t at = 0;
  for (char c : key) {
    const Node* next = Step(&nodes[at], c);
    if (next) {
      at = static_cast<uint32_t>(next - nodes.data());
      continue;
    }
    nodes.emplace_back();
    nodes[at].next.emplace_back(c, static_cast<uint32_t>(nodes.size() - 1));
    at = static_cast<uint32_t>(nodes.size() - 1);
  }
  nodes[at].value = value;
}

const AsciiSentences::Trie::Node* AsciiSentences::Trie::Step(const Node* from, char c) const {
  for (const auto& [k, to] : from->next)
    if (k == c) return &nodes[to];
  return nullptr;
}

std::unique_ptr<AsciiSentences> AsciiSentences::Create() {
  std::unique_ptr<AsciiSentences> a(new AsciiSentences);
  for (UChar32 c = 0; c < 128; ++c) {
    switch (u_getIntPropertyValue(c, UCHAR_SENTENCE_BREAK)) {
      case U_SB_OTHER: a->class_[c] = kOther; break;
      case U_SB_ATERM: a->class_[c] = kATerm; break;
      case U_SB_STERM: a->class_[c] = kSTerm; break;
      case U_SB_CLOSE: a->class_[c] = kClose; break;
      case U_SB_SP: a->class_[c] = kSp; break;
      case U_SB_LOWER: a->class_[c] = kLower; break;
      case U_SB_UPPER: a->class_[c] = kUpper; break;
      case U_SB_NUMERIC: a->class_[c] = kNumeric; break;
      case U_SB_SCONTINUE: a->class_[c] = kSContinue; break;
      case U_SB_CR: a->class_[c] = kCR; break;
      case U_SB_LF: a->class_[c] = kLF; break;
      default: return nullptr;  // Extend, Format, OLetter, Sep: not modelled
    }
    const Class k = a->class_[c];
    a->may_end_[c] = k == kATerm || k == kSTerm || k == kCR || k == kLF;
  }
  // Sentence casing capitalises a-z only, and the rules take that for Upper.
  for (UChar32 c = 'a'; c <= 'z'; ++c)
    if (a->class_[c] != kLower || a->class_[c - 'a' + 'A'] != kUpper) return nullptr;

  // SimpleFilteredBreakIteratorBuilder::build, step for step: the strings in
  // sorted order; one with a '.' before its end ("Ph.D.") puts its first part
  // ("Ph.") in the backward trie as a partial match, once per first part, and
  // every string sharing that first part goes to the forward trie instead.
  std::vector<std::string> abbr = Abbreviations();
  if (abbr.empty()) return nullptr;
  std::sort(abbr.begin(), abbr.end());
  abbr.erase(std::unique(abbr.begin(), abbr.end()), abbr.end());
  constexpr int kSuppressInReverse = 1, kAddToForward = 2;
  std::vector<int> partial(abbr.size(), 0);
  for (size_t i = 0; i < abbr.size(); ++i) {
    const size_t dot = abbr[i].find('.');
    if (dot == std::string::npos || dot + 1 == abbr[i].size()) continue;
    const std::string prefix = abbr[i].substr(0, dot + 1);
    bool same_as = false;
    for (size_t j = 0; j < abbr.size(); ++j) {
      if (j == i || abbr[j].size() < prefix.size() || abbr[j].compare(0, prefix.size(), prefix) != 0) continue;
      if (partial[j] == 0)
        partial[j] = kSuppressInReverse | kAddToForward;
      else if (partial[j] & kSuppressInReverse)
        same_as = true;
    }
    if (!same_as && partial[i] == 0) {
      a->backward_.Add(std::string(prefix.rbegin(), prefix.rend()), kPartial);
      partial[i] = kSuppressInReverse | kAddToForward;
    }
  }
  for (size_t i = 0; i < abbr.size(); ++i) {
    if (partial[i] == 0)
      a->backward_.Add(std::string(abbr[i].rbegin(), abbr[i].rend()), kMatch);
    else
      a->forward_.Add(abbr[i], kMatch);
  }
  return a;
}

// The class of t[i] as the rules see it: after sentence casing, a lowercase
// letter with only spaces, quotes and brackets since the last end (or the
// start) is a capital.
AsciiSentences::Class AsciiSentences::ClassAt(std::string_view t, size_t i) const {
  const Class c = class_[static_cast<unsigned char>(t[i])];
  if (c != kLower) return c;
  for (size_t k = i; k > 0; --k) {
    const CaseRole r = CaseRoleOf(static_cast<unsigned char>(t[k - 1]));
    if (r == CaseRole::kEnd) return kUpper;
    if (r != CaseRole::kKeep) return kLower;
  }
  return kUpper;
}

// UAX #29 SB3-SB11 at the boundary before t[p] (0 < p < size), for text
// without Extend, Format, OLetter or Sep (no ASCII character is one).
bool AsciiSentences::BreakAt(std::string_view t, size_t p) const {
  auto cls = [&](size_t i) { return ClassAt(t, i); };
  const Class before = cls(p - 1), after = cls(p);
  if (before == kCR && after == kLF) return false;    // SB3
  if (before == kCR || before == kLF) return true;    // SB4
  if (before == kATerm && after == kNumeric) return false;  // SB6
  if (before == kATerm && after == kUpper && p >= 2 && (cls(p - 2) == kUpper || cls(p - 2) == kLower))
    return false;  // SB7
  // The rest need SATerm Close* Sp* right before p.
  size_t k = p;
  bool spaces = false;
  while (k > 0 && cls(k - 1) == kSp) --k, spaces = true;
  while (k > 0 && cls(k - 1) == kClose) --k;
  if (k == 0 || (cls(k - 1) != kATerm && cls(k - 1) != kSTerm)) return false;  // SB998
  if (cls(k - 1) == kATerm) {  // SB8: ... × (¬(OLetter|Upper|Lower|ParaSep|SATerm))* Lower
    size_t j = p;
    for (; j < t.size(); ++j) {
      const Class c = class_[static_cast<unsigned char>(t[j])];
      if (c == kUpper || c == kLower || c == kCR || c == kLF || c == kATerm || c == kSTerm) break;
    }
    if (j < t.size() && cls(j) == kLower) return false;
  }
  if (after == kSContinue || after == kATerm || after == kSTerm) return false;     // SB8a
  if (!spaces && (after == kClose || after == kSp || after == kCR || after == kLF)) return false;  // SB9
  if (after == kSp || after == kCR || after == kLF) return false;                  // SB10
  return true;                                                                     // SB11
}

// SimpleFilteredSentenceBreakIterator::breakExceptionAt: read backwards from
// the break (less one space) through the reversed abbreviations, keeping the
// longest that matched; a partial one must then match forwards in full.
bool AsciiSentences::Suppressed(std::string_view t, size_t p) const {
  auto cased = [&](size_t i) {
    const char c = t[i];
    return c >= 'a' && c <= 'z' && ClassAt(t, i) == kUpper ? static_cast<char>(c - 'a' + 'A') : c;
  };
  const size_t from = t[p - 1] == ' ' ? p - 1 : p;
  size_t best_at = 0;
  int best = 0;
  const Trie::Node* node = backward_.nodes.data();
  for (size_t k = from; k > 0; --k) {
    node = backward_.Step(node, cased(k - 1));
    if (!node) break;
    if (node->value) best_at = k - 1, best = node->value;
    if (node->next.empty()) break;
  }
  if (best == kMatch) return true;
  if (best != kPartial || forward_.nodes.size() == 1) return false;
  // The forward walk stops where the trie cannot go on, so "U.S. " (where
  // "U.S.A." could have followed) ends on the space: no match.
  node = forward_.nodes.data();
  for (size_t k = best_at; k < t.size(); ++k) {
    node = forward_.Step(node, cased(k));
    if (!node || node->next.empty()) break;
  }
  return node && node->value;
}

void AsciiSentences::Breaks(std::string_view t, std::vector<uint32_t>* out) const {
  const size_t n = t.size();
  out->push_back(0);
  // A break can only come after a line end, or after a terminator and the
  // closing marks and spaces that follow it (SB4, SB11); inside that run the
  // rules never break (SB9, SB10). So look only where a run ends.
  size_t i = 0;
  while (true) {
    while (i < n && !may_end_[static_cast<unsigned char>(t[i])]) ++i;
    if (i >= n) break;
    const Class c = class_[static_cast<unsigned char>(t[i])];
    size_t p = i + 1;
    if (c == kCR || c == kLF) {
      if (c == kCR && p < n && class_[static_cast<unsigned char>(t[p])] == kLF) ++p;  // SB3
      if (p < n && !Suppressed(t, p)) out->push_back(static_cast<uint32_t>(p));      // SB4
    } else {
      while (p < n && class_[static_cast<unsigned char>(t[p])] == kClose) ++p;
      while (p < n && class_[static_cast<unsigned char>(t[p])] == kSp) ++p;
      if (p < n && BreakAt(t, p) && !Suppressed(t, p)) out->push_back(static_cast<uint32_t>(p));
    }
    i = p;
  }
  if (n > 0) out->push_back(static_cast<uint32_t>(n));
}

}  // namespace culpa
