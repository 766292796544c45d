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
#include "culpa/scorer.h"
#include "culpa/tokenizer.h"

namespace culpa {

// What Analyze saw on its way to a result, for `culpa explain`: the analysis
// text, its sentences and clauses, and every scope cue found in it.
struct AnalysisTrace {
  std::string text;          // the analysis (normalised) text
  TextStructure structure;   // offsets into `text`
  std::vector<Cue> cues;     // sorted by begin; empty when no rule hit
};

class Analyzer {
 public:
  struct Job;  // one message on its way through the pipeline (analyzer.cc)

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

  // As Analyze(message), and fills *trace (when not null) with the
  // intermediate stages. An automated message leaves the trace empty.
  Result<Analysis> Analyze(const Message& message, AnalysisTrace* trace);

  // Judges many messages, with the same result for each as Analyze(message)
  // gives, in order, running every stage over the whole batch before the
  // next (what `culpa score` uses; see Run in analyzer.cc for what that
  // measured). Keep a batch to a few dozen messages or a megabyte or so of
  // text: all of it is held at once.
  std::vector<Result<Analysis>> AnalyzeBatch(const std::vector<const Message*>& messages);

  // Spans (in the analysis text of `text`) where rule `rule_index` matches,
  // before any scope is applied: what `examples: match:` is tested against.
  // A `needs_problem` rule's spans are only those with a problem word near
  // them, since elsewhere it never counts.
  std::vector<Span> RuleSpans(size_t rule_index, std::string_view text) const;

  // The analysis text of `text`, as the rules see it.
  static std::string AnalysisText(std::string_view text);

  const Lexicon& lexicon() const;

 private:
  struct Impl;
  explicit Analyzer(std::unique_ptr<Impl> impl);
  static void Prepare(const Message& message, Job* job);
  std::vector<Result<Analysis>> Run(std::vector<Job>* jobs);
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

// One rule example run the way `culpa lexicon test` runs it: through the
// normaliser (curly quotes, line wraps, case) and the rule's own regex, which
// decides pass or fail; then through the whole pipeline, whose result is
// information (what the hit became in its scope, what else fired).
struct ExampleResult {
  size_t rule = 0;              // index into analyzer.lexicon().rules
  bool expect_match = true;     // a `match:` example; false: `no_match:`
  std::string example;          // as written in the file
  Location where;               // the example in its file
  std::string analysis_text;    // what the rule saw
  std::vector<Span> spans;      // the rule's hits in analysis_text
  bool passed = false;
  Analysis analysis;            // the whole pipeline on the example (spans: on `example`)
};

struct ExampleRun {
  std::vector<ExampleResult> results;  // rule order, then match before no_match, file order
  int rules = 0;                       // rules with at least one example run
  int failed = 0;
};

// Runs the examples of every rule whose id equals `rule_filter`, or starts with
// it when it ends in '*' or '.'; all rules when it is empty. `analysis` (the
// whole pipeline on the example) is filled for failures, and for passes too
// with `analyze_passed` (it is most of the run's time). A failure of the whole
// pipeline (regex memory) is recorded as an empty Analysis.
ExampleRun RunExamples(Analyzer* analyzer, const std::string& rule_filter = "", bool analyze_passed = true);

}  // namespace culpa

#endif  // CULPA_ANALYZER_H_
