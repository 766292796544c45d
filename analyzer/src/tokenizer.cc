// ICU break iterators over UTF-8 through UText, so boundaries are byte offsets
// into the analysis text with no UTF-16 copy.
#include "culpa/tokenizer.h"

#include <algorithm>
#include <vector>

#include "ascii_sentences.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>

namespace culpa {

struct Tokenizer::Impl {
  std::unique_ptr<icu::BreakIterator> words;
  std::unique_ptr<icu::BreakIterator> sentences;
  std::unique_ptr<AsciiSentences> ascii_sentences;  // ICU's sentence breaks for ASCII, faster
  std::string cased;          // reused buffers, see SentenceCase
  std::vector<UChar> cased16;
  std::vector<uint32_t> breaks;
};

Tokenizer::Tokenizer() : impl_(new Impl) {
  UErrorCode status = U_ZERO_ERROR;
  impl_->words.reset(icu::BreakIterator::createWordInstance(icu::Locale::getEnglish(), status));
  if (U_FAILURE(status)) impl_->words.reset();
  status = U_ZERO_ERROR;
  // "ss=standard" suppresses breaks after common abbreviations ("Mr.", "e.g.").
  impl_->sentences.reset(icu::BreakIterator::createSentenceInstance(icu::Locale("en@ss=standard"), status));
  if (U_FAILURE(status)) impl_->sentences.reset();
  if (impl_->sentences) impl_->ascii_sentences = AsciiSentences::Create();
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

// ICU is shown the text sentence-cased (see CaseRoleOf).
template <typename Out>
void SentenceCase(const std::string& t, Out* out) {
  out->resize(t.size());
  bool boundary = true;
  for (size_t i = 0; i < t.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(t[i]);
    const CaseRole k = CaseRoleOf(c);
    (*out)[i] = c;
    if (k == CaseRole::kEnd) {
      boundary = true;
    } else if (k == CaseRole::kLower) {
      if (boundary) (*out)[i] = static_cast<unsigned char>(c - 'a' + 'A');
      boundary = false;
    } else if (k == CaseRole::kOther) {
      boundary = false;
    }
  }
}

bool IsAscii(const std::string& t) {
  unsigned char high = 0;
  for (char c : t) high |= static_cast<unsigned char>(c);
  return high < 0x80;
}

// Word count for pure-ASCII text, the same as ICU's word break iterator's count
// of word-like segments (UAX #29 restricted to ASCII: letters join across . '
// and digits across . ' , ; when the same class follows; _ joins both; ICU
// counts a run of two or more _ as a word, a lone _ not), at a fraction of the
// cost. tokenizer_test holds the two to agreement on random text.
enum WordClass : unsigned char { kNone, kLetter, kDigit, kUnderscore };
struct WordTable {
  WordClass of[256];
  WordTable() {
    for (int c = 0; c < 256; ++c) of[c] = kNone;
    for (int c = 'a'; c <= 'z'; ++c) of[c] = of[c - 'a' + 'A'] = kLetter;
    of[static_cast<unsigned char>('@')] = kLetter;  // ICU: an e-mail address is one word
    for (int c = '0'; c <= '9'; ++c) of[c] = kDigit;
    of[static_cast<unsigned char>('_')] = kUnderscore;
  }
};

size_t CountAsciiWords(const std::string& t) {
  static const WordTable kTable;
  auto cls = [&](size_t i) { return kTable.of[static_cast<unsigned char>(t[i])]; };
  size_t n = 0, i = 0;
  const size_t len = t.size();
  while (i < len) {
    if (cls(i) == kNone) { ++i; continue; }
    bool wordlike = false;
    size_t underscores = 0;
    while (i < len) {
      const WordClass k = cls(i);
      if (k == kLetter || k == kDigit) { wordlike = true; ++i; continue; }
      if (k == kUnderscore) { ++underscores; ++i; continue; }
      if (i > 0 && i + 1 < len) {
        const char c = t[i];
        const WordClass prev = cls(i - 1), next = cls(i + 1);
        bool letters = prev == kLetter && next == kLetter && (c == '.' || c == '\'');
        bool digits = prev == kDigit && next == kDigit && (c == '.' || c == '\'' || c == ',' || c == ';');
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

std::vector<uint32_t> SentenceBreaksForTest(const std::string& text, bool icu) {
  std::vector<uint32_t> out;
  if (!icu) {
    static const std::unique_ptr<AsciiSentences> kAscii = AsciiSentences::Create();
    if (kAscii) kAscii->Breaks(text, &out);
    return out;
  }
  std::string cased;
  SentenceCase(text, &cased);
  UErrorCode status = U_ZERO_ERROR;
  static const std::unique_ptr<icu::BreakIterator> it(
      icu::BreakIterator::createSentenceInstance(icu::Locale("en@ss=standard"), status));
  UText* ut = utext_openUTF8(nullptr, cased.data(), static_cast<int64_t>(cased.size()), &status);
  if (!it || U_FAILURE(status)) return out;
  it->setText(ut, status);
  for (int32_t b = it->first(); b != icu::BreakIterator::DONE; b = it->next()) out.push_back(static_cast<uint32_t>(b));
  utext_close(ut);
  return out;
}

TextStructure Tokenizer::Analyze(const std::string& text, bool clauses) {
  TextStructure st;
  if (text.empty()) return st;
  const bool ascii = IsAscii(text);
  std::vector<uint32_t>& breaks = impl_->breaks;
  breaks.clear();
  UText* ut = nullptr;
  if (ascii && impl_->ascii_sentences) {
    impl_->ascii_sentences->Breaks(text, &breaks);
  } else {
    // ICU breaks UTF-16 a third faster than UTF-8 through UText, and for
    // ASCII the two have the same offsets.
    UErrorCode status = U_ZERO_ERROR;
    if (ascii) {
      SentenceCase(text, &impl_->cased16);
      ut = utext_openUChars(nullptr, impl_->cased16.data(), static_cast<int64_t>(text.size()), &status);
    } else {
      SentenceCase(text, &impl_->cased);
      ut = utext_openUTF8(nullptr, impl_->cased.data(), static_cast<int64_t>(text.size()), &status);
    }
    if (U_FAILURE(status)) {
      utext_close(ut);
      ut = nullptr;
    } else if (impl_->sentences) {
      impl_->sentences->setText(ut, status);
      for (int32_t b = impl_->sentences->first(); b != icu::BreakIterator::DONE; b = impl_->sentences->next())
        breaks.push_back(static_cast<uint32_t>(b));
    }
  }
  for (size_t i = 1; i < breaks.size(); ++i) {
    const uint32_t b = breaks[i - 1];
    uint32_t end = breaks[i];
    while (end > b && (text[end - 1] == ' ' || text[end - 1] == '\n')) --end;
    if (end > b) st.sentences.push_back({b, end});
  }
  if (st.sentences.empty()) st.sentences.push_back({0, static_cast<uint32_t>(text.size())});
  if (clauses)
    for (const Span& s : st.sentences) SplitClauses(text, s, &st.clauses);

  if (ascii) {
    st.word_count = CountAsciiWords(text);
  } else if (ut && impl_->words) {
    UErrorCode status = U_ZERO_ERROR;
    impl_->words->setText(ut, status);
    impl_->words->first();
    for (int32_t e = impl_->words->next(); e != icu::BreakIterator::DONE; e = impl_->words->next()) {
      if (impl_->words->getRuleStatus() >= UBRK_WORD_NONE_LIMIT) ++st.word_count;
    }
  }
  if (ut) utext_close(ut);
  return st;
}

}  // namespace culpa
