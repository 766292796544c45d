// ICU break iterators over UTF-8 through UText, so boundaries are byte offsets
// into the analysis text with no UTF-16 copy.
#include "culpa/tokenizer.h"

#include <algorithm>

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>

namespace culpa {

struct Tokenizer::Impl {
  std::unique_ptr<icu::BreakIterator> words;
  std::unique_ptr<icu::BreakIterator> sentences;
  std::string cased;  // reused buffer, see SentenceCase
};

Tokenizer::Tokenizer() : impl_(new Impl) {
  UErrorCode status = U_ZERO_ERROR;
  impl_->words.reset(icu::BreakIterator::createWordInstance(icu::Locale::getEnglish(), status));
  if (U_FAILURE(status)) impl_->words.reset();
  status = U_ZERO_ERROR;
  // "ss=standard" suppresses breaks after common abbreviations ("Mr.", "e.g.").
  impl_->sentences.reset(icu::BreakIterator::createSentenceInstance(icu::Locale("en@ss=standard"), status));
  if (U_FAILURE(status)) impl_->sentences.reset();
}

Tokenizer::~Tokenizer() = default;

namespace {

bool IsClauseMark(const std::string& t, size_t i) {
  char c = t[i];
  if (c == ',' || c == ';' || c == ':' || c == '(' || c == ')' || c == '\n') return true;
  // " - " (a dash, after normalisation) but not a hyphen inside a word.
  return c == '-' && i > 0 && t[i - 1] == ' ' && i + 1 < t.size() && t[i + 1] == ' ';
}

// Bytes that may end a clause (IsClauseMark decides for '-'): a table, since
// this runs over every byte of every message.
struct ClauseBytes {
  bool mark[256] = {};
  ClauseBytes() {
    for (unsigned char c : {',', ';', ':', '(', ')', '\n', '-'}) mark[c] = true;
  }
};

void SplitClauses(const std::string& t, Span sentence, std::vector<Span>* out) {
  static const ClauseBytes kBytes;
  uint32_t start = sentence.begin;
  for (uint32_t i = sentence.begin; i < sentence.end; ++i) {
    if (kBytes.mark[static_cast<unsigned char>(t[i])] && IsClauseMark(t, i)) {
      if (i > start) out->push_back({start, i});
      start = i + 1;
    }
  }
  if (sentence.end > start) out->push_back({start, sentence.end});
}

// The analysis text is case-folded, and ICU's sentence rules do not break
// before a lowercase word ("... the test. that's on me" reads as one sentence,
// as after an abbreviation). Capitalising the first ASCII letter after . ! ?
// or a paragraph break restores the cue without changing any byte offset.
// Also says whether the text is all ASCII, which saves a pass of its own.
bool SentenceCase(const std::string& t, std::string* out) {
  out->assign(t);
  bool boundary = true;
  unsigned char high = 0;
  for (char& c : *out) {
    high |= static_cast<unsigned char>(c);
    if (c == '.' || c == '!' || c == '?' || c == '\n') {
      boundary = true;
    } else if (boundary && c >= 'a' && c <= 'z') {
      c = static_cast<char>(c - 'a' + 'A');
      boundary = false;
    } else if (c != ' ' && c != '"' && c != '\'' && c != '(' && c != ')') {
      boundary = false;
    }
  }
  return high < 0x80;
}

// ICU counts '@' as a letter (so an e-mail address is one word).
bool IsAsciiLetter(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '@'; }
bool IsAsciiDigit(unsigned char c) { return c >= '0' && c <= '9'; }

// Word count for pure-ASCII text, the same as ICU's word break iterator's count
// of word-like segments (UAX #29 restricted to ASCII: letters join across . '
// and digits across . ' , ; when the same class follows; _ joins both; ICU
// counts a run of two or more _ as a word, a lone _ not), at a fraction of the
// cost. tokenizer_test holds the two to agreement on random text.
size_t CountAsciiWords(const std::string& t) {
  size_t n = 0, i = 0;
  const size_t len = t.size();
  while (i < len) {
    unsigned char c = static_cast<unsigned char>(t[i]);
    if (!IsAsciiLetter(c) && !IsAsciiDigit(c) && c != '_') { ++i; continue; }
    bool wordlike = false;
    size_t underscores = 0;
    while (i < len) {
      c = static_cast<unsigned char>(t[i]);
      if (IsAsciiLetter(c) || IsAsciiDigit(c)) { wordlike = true; ++i; continue; }
      if (c == '_') { ++underscores; ++i; continue; }
      if (i > 0 && i + 1 < len) {
        unsigned char prev = static_cast<unsigned char>(t[i - 1]), next = static_cast<unsigned char>(t[i + 1]);
        bool letters = IsAsciiLetter(prev) && IsAsciiLetter(next) && (c == '.' || c == '\'');
        bool digits = IsAsciiDigit(prev) && IsAsciiDigit(next) && (c == '.' || c == '\'' || c == ',' || c == ';');
        if (letters || digits) { i += 2; continue; }
      }
      break;
    }
    if (wordlike || underscores >= 2) ++n;
  }
  return n;
}

}  // namespace

size_t CountWordsAsciiForTest(const std::string& text) { return CountAsciiWords(text); }

TextStructure Tokenizer::Analyze(const std::string& text) {
  TextStructure st;
  if (text.empty()) return st;
  const bool ascii = SentenceCase(text, &impl_->cased);
  const std::string& cased = impl_->cased;
  UErrorCode status = U_ZERO_ERROR;
  UText* ut = utext_openUTF8(nullptr, cased.data(), static_cast<int64_t>(cased.size()), &status);
  if (U_FAILURE(status)) {
    st.sentences.push_back({0, static_cast<uint32_t>(text.size())});
    SplitClauses(text, st.sentences.back(), &st.clauses);
    return st;
  }

  if (impl_->sentences) {
    impl_->sentences->setText(ut, status);
    int32_t b = impl_->sentences->first();
    for (int32_t e = impl_->sentences->next(); e != icu::BreakIterator::DONE;
         b = e, e = impl_->sentences->next()) {
      uint32_t end = static_cast<uint32_t>(e);
      while (end > static_cast<uint32_t>(b) && (text[end - 1] == ' ' || text[end - 1] == '\n')) --end;
      if (end > static_cast<uint32_t>(b)) st.sentences.push_back({static_cast<uint32_t>(b), end});
    }
  }
  if (st.sentences.empty()) st.sentences.push_back({0, static_cast<uint32_t>(text.size())});
  for (const Span& s : st.sentences) SplitClauses(text, s, &st.clauses);

  if (ascii) {
    st.word_count = CountAsciiWords(text);
  } else if (impl_->words) {
    status = U_ZERO_ERROR;
    impl_->words->setText(ut, status);
    impl_->words->first();
    for (int32_t e = impl_->words->next(); e != icu::BreakIterator::DONE; e = impl_->words->next()) {
      if (impl_->words->getRuleStatus() >= UBRK_WORD_NONE_LIMIT) ++st.word_count;
    }
  }
  utext_close(ut);
  return st;
}

}  // namespace culpa
