// culpa/explain.h — every step from a message to its label and score, as data.
//
// `culpa explain` and `culpa score --explain` print this for a person at a
// terminal: the analysis text, its sentences and clauses, the scope cues found,
// each rule hit with what scope did to it and which cue did it, the sums per
// category with their caps, and the arithmetic that turns the totals into a
// label and a score. The library builds the structure; the CLI prints it.
//
//   culpa::Result<culpa::Explanation> x = culpa::Explain(&analyzer, message);
//   if (x.ok()) for (const auto& h : x.value().hits) ... h.evidence.rule ...
#ifndef CULPA_EXPLAIN_H_
#define CULPA_EXPLAIN_H_

#include <string>
#include <vector>

#include "culpa/analysis.h"
#include "culpa/analyzer.h"
#include "culpa/lexicon.h"
#include "culpa/reader.h"
#include "culpa/result.h"

namespace culpa {

// "negator", "hedge", "conditional", "reporting", "contrast_after", "contrast_before".
const char* CueKindName(CueKind kind);

struct ExplainedCue {
  CueKind kind = CueKind::kNegator;
  Span span;         // analysis-text offsets
  std::string text;  // analysis-text slice
};

// One scope effect on a hit and, when a cue or a rule caused it, which one.
struct ExplainedEffect {
  std::string effect;  // as in Evidence::effects ("negated", "masked:trap.x", ...)
  std::string cause;   // e.g. "\"not\"", "\"but\"", "agent: collective"; may be empty
};

struct ExplainedHit {
  Evidence evidence;              // as scored
  std::string text;               // the hit in the analysis text
  std::string rule_category;      // the rule's own category (evidence.category is after scope)
  Location rule_where;            // the rule in its file; empty for "scope.contrast"
  size_t sentence = 0;            // index into Explanation::sentences
  std::vector<ExplainedEffect> effects;
};

struct ExplainedSentence {
  Span span;
  std::vector<Span> clauses;  // the clauses inside it, in order
};

// A category's counted hits, summed and capped.
struct CategoryTotal {
  std::string category;
  Polarity polarity = Polarity::kOwn;
  std::vector<std::string> rules;  // counted hits, in text order
  std::vector<double> strengths;   // parallel to rules
  double sum = 0;                  // before the cap
  double cap = 0;                  // 0: no cap
  double value = 0;                // what the label and score use
};

struct Explanation {
  std::string automated;               // non-empty: not scored, and why
  std::string analysis_text;
  std::vector<ExplainedSentence> sentences;
  std::vector<ExplainedCue> cues;      // only searched when some rule hit
  std::vector<ExplainedHit> hits;      // text order
  std::vector<CategoryTotal> totals;   // lexicon category order, counted ones only
  Analysis analysis;                   // the scorer's result: label, score, reason, totals
  // The score arithmetic: score = band.low + round((band.high - band.low) * fill),
  // fill = 1 / (1 + e^(-net / scale)), net = own - deflect.
  Band band;
  double net = 0;
  double scale = 0;
  double fill = 0;
  // The word model (docs/word-model.md): when it judged the message, the
  // score is its score kept in the band; when the rules judged it, the score
  // above moves `blend` of the way to the model's, kept in the band.
  bool model_judged = false;
  double blend = 0;                    // 0: no blend
  // When the model overrode the rules' label (settings: model: relabel): the
  // rules' score is figured in their label's band (rules_band), blended, and
  // kept in the final label's band (band).
  bool relabeled = false;
  double relabel = 0;
  Band rules_band;
  int computed_score = -1;             // should equal analysis.score; shown if not
  // Thresholds the label was decided with (from the lexicon settings).
  double owns_min_acknowledgment = 0;
  double owns_max_deflection = 0;
  double partial_min_share = 0;
};

// Analyses `message` and explains the result. Fails only when Analyze fails.
Result<Explanation> Explain(Analyzer* analyzer, const Message& message);

}  // namespace culpa

#endif  // CULPA_EXPLAIN_H_
