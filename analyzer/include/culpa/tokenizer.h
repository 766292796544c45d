// culpa/tokenizer.h — words, sentences and clauses of the analysis text.
//
// Sentences and clauses are the scopes the scorer works in: a negation, a hedge
// or an "if" reaches to the end of its clause; a question mark or a reporting
// verb ("she said") covers its sentence.
//
//   culpa::Tokenizer tok;                       // expensive: make one, reuse it
//   culpa::TextStructure st = tok.Analyze(norm.text());
//
// A Tokenizer is not thread-safe; use one per thread.
#ifndef CULPA_TOKENIZER_H_
#define CULPA_TOKENIZER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "culpa/normalizer.h"

namespace culpa {

struct TextStructure {
  std::vector<Span> sentences;  // ICU sentence boundaries, trailing space trimmed
  std::vector<Span> clauses;    // sentences split at , ; : ( ) and " - "; in order
  size_t word_count = 0;        // ICU word-break segments that hold letters or digits
};

class Tokenizer {
 public:
  Tokenizer();
  ~Tokenizer();
  Tokenizer(const Tokenizer&) = delete;
  Tokenizer& operator=(const Tokenizer&) = delete;

  // Splits `text` (valid UTF-8, e.g. NormalizedText::text()). Offsets are bytes.
  // With `clauses` false, TextStructure::clauses stays empty: a text no rule
  // hit needs only its counts.
  TextStructure Analyze(const std::string& text, bool clauses = true);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The ASCII fast paths, exposed so a test can hold them to ICU: the word
// count, and the sentence boundaries (0, ..., size) of the sentence-cased
// text by AsciiSentences or, with `icu`, by ICU's iterator.
size_t CountWordsAsciiForTest(const std::string& text);
std::vector<uint32_t> SentenceBreaksForTest(const std::string& text, bool icu);

}  // namespace culpa

#endif  // CULPA_TOKENIZER_H_
