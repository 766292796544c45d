// culpa/scorer.h — from rule hits in their scope to a label and a score.
//
// The scorer knows no phrases: it reads categories, scope words, factors and
// thresholds from the lexicon's settings. The steps, in order (each one is
// recorded in Evidence::effects so `culpa explain` can show it):
//
//  1. A trap hit masks every hit it overlaps ("drinks are on me").
//  2. Overlapping hits of opposite polarity: one that contains the other wins,
//     else the deflection ("not my fault" beats "my fault"; "sorry if" beats
//     "I'm sorry"); of one category: the heavier.
//  3. Scope: inside "quotes" or after a reporting cue in the sentence ("she
//     said") -> not the writer's words; an apology-side hit in the last clause
//     of a question -> not an admission; an odd number of negators before it in
//     its clause -> flipped to the category's `flip_to` (or dropped); an "if"
//     before it in its clause or opening its sentence -> conditional; a hedge in
//     its clause -> x hedged; `agent: collective` -> x collective.
//  4. Contrast: "but"/"however" undercut what precedes when the other polarity
//     follows; "although" concedes the clause it opens.
//  5. Sums per category, capped; the label from acknowledgment, apology and
//     deflection totals; the score placed inside the label's band.
#ifndef CULPA_SCORER_H_
#define CULPA_SCORER_H_

#include <vector>

#include "culpa/analysis.h"
#include "culpa/lexicon.h"
#include "culpa/matcher.h"
#include "culpa/tokenizer.h"

namespace culpa {

// What a scope cue is. Cue patterns are compiled in this order by the Analyzer.
enum class CueKind { kNegator, kHedge, kConditional, kReporting, kContrastAfter, kContrastBefore, kProblem, kClauseOpener,
                     kAgentMarker, kOmission };
constexpr int kCueKinds = static_cast<int>(CueKind::kOmission) + 1;

struct Cue {
  CueKind kind;
  Span span;  // analysis-text offsets
};

// Where a negator must stand to negate a hit at `hit_begin` in `clause`: the
// clause, from the last clause opener before the hit ("because", "which"),
// so "it wasn't built to the drawing because the architect changed it" does
// not negate the architect; also one the hit itself starts with ("it didn't
// work | because I set it wrong"): then nothing before it negates it.
// `openers` are the kClauseOpener cue spans, sorted.
uint32_t NegationScopeBegin(const std::vector<Span>& openers, Span clause, uint32_t hit_begin);

// Where a `needs_problem` rule's hit at `pos` looks for a problem cue: its
// sentence and settings.problem_reach sentences either side.
Span ProblemWindow(const Settings& settings, const TextStructure& structure, uint32_t pos);

// Where a scope cue can bear on a hit at `pos`: its sentence and the ones
// either side (a "But ..." opening the next sentence undercuts it), or
// further for the problem window. Cues outside every hit's window change
// nothing, so they need not be looked for.
Span CueWindow(const Settings& settings, const TextStructure& structure, uint32_t pos);

// Judges one message. `hits` index lexicon.rules and are sorted by begin;
// `cues` are sorted by begin. Spans in the result are on the analysis text;
// the caller maps them to the original.
Analysis Score(const Lexicon& lexicon, const std::string& text, const TextStructure& structure,
               const std::vector<Hit>& hits, const std::vector<Cue>& cues);

}  // namespace culpa

#endif  // CULPA_SCORER_H_
