// The normaliser's offset map, and the spans the whole pipeline reports.
//
// Invariants: the analysis text is valid UTF-8; every analysis byte maps to a
// range inside the original, in order; an ASCII letter or digit maps to the
// one original byte it came from (lower-cased); and every span the analyzer
// reports lies inside the message, on character boundaries when the message
// is valid UTF-8, and is what the offset map says for its analysis span.
// For ASCII text, the tokenizer's own sentence breaks are ICU's.
#include <cctype>
#include <memory>

#include "culpa/analyzer.h"
#include "culpa/normalizer.h"
#include "culpa/own_words.h"
#include "culpa/tokenizer.h"
#include "fuzz_util.h"

namespace {

bool ValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) { ++i; continue; }
    size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (len == 0 || c == 0xC0 || c == 0xC1 || c > 0xF4 || i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    unsigned char d = static_cast<unsigned char>(s[i + 1]);
    if ((c == 0xE0 && d < 0xA0) || (c == 0xED && d > 0x9F) || (c == 0xF0 && d < 0x90) || (c == 0xF4 && d > 0x8F))
      return false;
    i += len;
  }
  return true;
}

bool AtBoundary(std::string_view s, uint32_t pos) {
  return pos >= s.size() || (static_cast<unsigned char>(s[pos]) & 0xC0) != 0x80;
}

void CheckMap(std::string_view original, const culpa::NormalizedText& t) {
  const std::string& text = t.text();
  FUZZ_CHECK(ValidUtf8(text));
  uint32_t last_begin = 0;
  for (uint32_t k = 0; k < text.size(); ++k) {
    culpa::Span s = t.ToOriginal(k, k + 1);
    FUZZ_CHECK(s.begin <= s.end && s.end <= original.size());
    FUZZ_CHECK(s.begin >= last_begin);
    last_begin = s.begin;
    unsigned char c = static_cast<unsigned char>(text[k]);
    if (s.end == s.begin + 1 && std::isalnum(static_cast<unsigned char>(original[s.begin])) &&
        static_cast<unsigned char>(original[s.begin]) < 0x80)
      FUZZ_CHECK(c == std::tolower(static_cast<unsigned char>(original[s.begin])));
  }
  // Whole ranges cover their pieces.
  if (!text.empty()) {
    culpa::Span all = t.ToOriginal(0, static_cast<uint32_t>(text.size()));
    FUZZ_CHECK(all.begin <= all.end && all.end <= original.size());
    culpa::Span first = t.ToOriginal(0, 1);
    FUZZ_CHECK(all.begin == first.begin);
  }
  culpa::Span empty = t.ToOriginal(static_cast<uint32_t>(text.size()), static_cast<uint32_t>(text.size()));
  FUZZ_CHECK(empty.begin == empty.end && empty.end <= original.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // The bundled lexicon, once; when it is being edited and does not load,
  // only the offset map is checked.
  static std::unique_ptr<culpa::Analyzer> analyzer = [] {
    culpa::LoadResult lex = culpa::LoadLexicons({CULPA_SOURCE_DIR "/lexicons/en"});
    if (!lex.ok()) return std::unique_ptr<culpa::Analyzer>();
    auto a = culpa::Analyzer::Create(lex.lexicon);
    return a.ok() ? std::make_unique<culpa::Analyzer>(std::move(a.value())) : std::unique_ptr<culpa::Analyzer>();
  }();

  std::string_view original = culpa::fuzz::AsView(data, size);
  CheckMap(original, culpa::Normalize(original));

  // With the not-own-words spans masked, as the analyzer does for mail.
  std::vector<culpa::Span> masked;
  culpa::Message m;
  m.text.assign(original);
  m.excluded = culpa::FindNotOwnWords(original);
  for (const culpa::Excluded& x : m.excluded) masked.push_back({x.begin, x.end});
  culpa::NormalizedText norm = culpa::Normalize(original, masked);
  CheckMap(original, norm);
  bool ascii = true;
  for (char c : norm.text()) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
  if (ascii) FUZZ_CHECK(culpa::SentenceBreaksForTest(norm.text(), false) == culpa::SentenceBreaksForTest(norm.text(), true));

  if (!analyzer) return 0;
  culpa::Result<culpa::Analysis> a = analyzer->Analyze(m);
  if (!a.ok()) return 0;  // regex memory exhausted on this text: an error record, not a crash
  const bool utf8 = ValidUtf8(original);
  for (const culpa::Evidence& e : a.value().evidence) {
    FUZZ_CHECK(e.span.begin <= e.span.end && e.span.end <= size);
    FUZZ_CHECK(e.analysis.begin <= e.analysis.end && e.analysis.end <= norm.text().size());
    culpa::Span back = norm.ToOriginal(e.analysis.begin, e.analysis.end);
    FUZZ_CHECK(back.begin == e.span.begin && back.end == e.span.end);
    if (utf8) FUZZ_CHECK(AtBoundary(original, e.span.begin) && AtBoundary(original, e.span.end));
  }
  return 0;
}
