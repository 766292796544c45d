// culpa/analyzer.h — the pipeline for one message: normalise, tokenise, match,
// score. This is the library's front door.
//
//   culpa::LoadResult lex = culpa::LoadLexicons({"lexicons/en"});
//   auto analyzer = culpa::Analyzer::Create(lex.lexicon);
//   if (!analyzer.ok()) ...                          // regex budget exceeded
//   culpa::Result<culpa::Analysis> a = analyzer.value().Analyze("That's on me.");
//   // a.value().label == culpa::Label::kOwns, spans point into the input
//
// An Analyzer is not thread-safe (it reuses ICU break iterators); make one per
// thread. Analysis is deterministic: same lexicon, same text, same result.
#ifndef CULPA_ANALYZER_H_
#define CULPA_ANALYZER_H_

#include <memory>
#include <string_view>
#include <vector>

#include "culpa/analysis.h"
#include "culpa/lexicon.h"
#include "culpa/reader.h"
#include "culpa/result.h"

namespace culpa {

class Analyzer {
 public:
  // Compiles the lexicon's rules and scope words. Fails only when a pattern
  // does not compile or the set exceeds settings.regex_memory_mb.
  static Result<Analyzer> Create(Lexicon lexicon);

  Analyzer(Analyzer&&) noexcept;
  Analyzer& operator=(Analyzer&&) noexcept;
  ~Analyzer();

  // Judges one message. `text` is the message as read (any bytes); spans in
  // the result are byte offsets into it. Fails only when the regex engine runs
  // out of memory on this text.
  Result<Analysis> Analyze(std::string_view text);

  // As above for a message read from a container: its `excluded` spans (quoted
  // replies, signatures, ...) are not scored, and an `automated` message is
  // labelled none without scoring.
  Result<Analysis> Analyze(const Message& message);

  // Spans (in the analysis text of `text`) where rule `rule_index` matches,
  // before any scope is applied: what `examples: match:` is tested against.
  std::vector<Span> RuleSpans(size_t rule_index, std::string_view text) const;

  // The analysis text of `text`, as the rules see it.
  static std::string AnalysisText(std::string_view text);

  const Lexicon& lexicon() const;

 private:
  struct Impl;
  explicit Analyzer(std::unique_ptr<Impl> impl);
  Result<Analysis> Run(std::string_view text, const std::vector<Span>& masked);
  std::unique_ptr<Impl> impl_;
};

// The slower checks `culpa lexicon check` runs beyond loading: a pattern that
// can match the empty string, and every rule's examples: each `match` example
// must contain a hit of the rule after normalisation, each `no_match` none.
// Diagnostics point at the pattern or the example in its file.
struct LexiconCheck {
  std::vector<Diagnostic> diagnostics;
  int examples = 0;  // examples run
};
LexiconCheck CheckLexicon(const Analyzer& analyzer);

}  // namespace culpa

#endif  // CULPA_ANALYZER_H_
