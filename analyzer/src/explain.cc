// Explanations: the Analyzer's trace and result, rearranged for a reader. The
// scorer records *what* scope did (Evidence::effects); this file finds *which*
// cue did it, by looking where the scorer looks (see scorer.h), and redoes the
// final arithmetic so it can be shown step by step.
#include "culpa/explain.h"

#include <algorithm>
#include <cmath>

namespace culpa {

const char* CueKindName(CueKind kind) {
  switch (kind) {
    case CueKind::kNegator: return "negator";
    case CueKind::kHedge: return "hedge";
    case CueKind::kConditional: return "conditional";
    case CueKind::kReporting: return "reporting";
    case CueKind::kContrastAfter: return "contrast_after";
    case CueKind::kContrastBefore: return "contrast_before";
    case CueKind::kProblem: return "problem";
    case CueKind::kClauseOpener: return "clause_opener";
    case CueKind::kAgentMarker: return "agent_marker";
    case CueKind::kOmission: return "omission";
  }
  return "negator";
}

namespace {

// The index of the span in `spans` (sorted by begin) that holds `pos`, or the
// last one starting before it; spans.size() when there is none.
size_t Containing(const std::vector<Span>& spans, uint32_t pos) {
  auto it = std::upper_bound(spans.begin(), spans.end(), pos, [](uint32_t p, const Span& s) { return p < s.begin; });
  if (it == spans.begin()) return spans.size();
  return static_cast<size_t>(it - spans.begin()) - 1;
}

std::string Quote(const std::string& s) { return "\"" + s + "\""; }

// The cues of `kind` inside [from, to), quoted and joined.
std::string CuesIn(const std::vector<ExplainedCue>& cues, CueKind kind, uint32_t from, uint32_t to) {
  std::string out;
  for (const ExplainedCue& c : cues)
    if (c.kind == kind && c.span.begin >= from && c.span.end <= to) out += (out.empty() ? "" : " + ") + Quote(c.text);
  return out;
}

bool IsContrast(CueKind k) { return k == CueKind::kContrastAfter || k == CueKind::kContrastBefore; }

std::string ContrastCause(const std::vector<ExplainedCue>& cues, const Span& hit, const Span& sentence,
                          const Span* next_sentence) {
  // "but" after the hit in its sentence, or opening the next sentence.
  for (const ExplainedCue& c : cues)
    if (c.kind == CueKind::kContrastAfter && c.span.begin >= hit.end && c.span.end <= sentence.end) return Quote(c.text);
  if (next_sentence)
    for (const ExplainedCue& c : cues)
      if (IsContrast(c.kind) && c.span.begin == next_sentence->begin) return Quote(c.text);
  // "although" opening the clause the hit is in, or one after it.
  for (const ExplainedCue& c : cues)
    if (IsContrast(c.kind) && c.span.begin >= sentence.begin && c.span.end <= sentence.end) return Quote(c.text);
  return "";
}

}  // namespace

Result<Explanation> Explain(Analyzer* analyzer, const Message& message) {
  AnalysisTrace trace;
  Result<Analysis> result = analyzer->Analyze(message, &trace);
  if (!result.ok()) return result.error();
  const Lexicon& lex = analyzer->lexicon();
  const Settings& set = lex.settings;

  Explanation x;
  x.analysis = std::move(result.value());
  x.automated = message.automated;
  x.analysis_text = trace.text;
  x.owns_min_acknowledgment = set.owns_min_acknowledgment;
  x.owns_max_deflection = set.owns_max_deflection;
  x.partial_min_share = set.partial_min_share;

  const TextStructure& st = trace.structure;
  for (const Span& s : st.sentences) {
    ExplainedSentence es;
    es.span = s;
    for (const Span& c : st.clauses)
      if (c.begin >= s.begin && c.end <= s.end && c.begin < c.end) es.clauses.push_back(c);
    x.sentences.push_back(std::move(es));
  }
  auto slice = [&](const Span& s) {
    if (s.begin >= trace.text.size()) return std::string();
    return trace.text.substr(s.begin, std::min<size_t>(s.end, trace.text.size()) - s.begin);
  };
  for (const Cue& c : trace.cues) x.cues.push_back({c.kind, c.span, slice(c.span)});

  for (const Evidence& e : x.analysis.evidence) {
    ExplainedHit h;
    h.evidence = e;
    h.text = slice(e.analysis);
    h.rule_category = e.category;
    for (const Rule& r : lex.rules) {
      if (r.id != e.rule) continue;
      h.rule_category = r.category;
      h.rule_where = r.where;
      break;
    }
    size_t si = Containing(st.sentences, e.analysis.begin);
    Span sentence = si < st.sentences.size() ? st.sentences[si] : Span{0, static_cast<uint32_t>(trace.text.size())};
    const Span* next = si + 1 < st.sentences.size() ? &st.sentences[si + 1] : nullptr;
    h.sentence = si < st.sentences.size() ? si : 0;
    size_t ci = Containing(st.clauses, e.analysis.begin);
    Span clause = ci < st.clauses.size() ? st.clauses[ci] : sentence;
    if (clause.begin < sentence.begin) clause.begin = sentence.begin;

    for (const std::string& fx : e.effects) {
      std::string cause;
      if (fx == "negated") {
        std::vector<Span> openers;
        for (const ExplainedCue& c : x.cues)
          if (c.kind == CueKind::kClauseOpener) openers.push_back(c.span);
        cause = CuesIn(x.cues, CueKind::kNegator, NegationScopeBegin(openers, clause, e.analysis.begin), e.analysis.begin);
      }
      else if (fx == "hedged") cause = CuesIn(x.cues, CueKind::kHedge, sentence.begin, e.analysis.end);
      else if (fx == "reported") cause = CuesIn(x.cues, CueKind::kReporting, sentence.begin, e.analysis.begin);
      else if (fx == "conditional") {
        cause = CuesIn(x.cues, CueKind::kConditional, clause.begin, e.analysis.begin);
        if (cause.empty()) cause = CuesIn(x.cues, CueKind::kConditional, sentence.begin, e.analysis.begin);
      } else if (fx == "undercut") cause = ContrastCause(x.cues, e.analysis, sentence, next);
      else if (fx == "collective") cause = "agent: collective";
      else if (fx == "question") cause = "the sentence ends with '?'";
      else if (fx == "quoted") cause = "inside quotation marks";
      else if (fx == "no-problem") cause = "needs_problem";
      else if (fx.rfind("agent-named:", 0) == 0) cause = "the writer names the agent: " + fx.substr(12);
      h.effects.push_back({fx, cause});
    }
    x.hits.push_back(std::move(h));
  }

  for (const Category& c : set.categories) {
    if (c.polarity == Polarity::kNeutral) continue;
    CategoryTotal t;
    t.category = c.name;
    t.polarity = c.polarity;
    t.cap = c.cap;
    for (const Evidence& e : x.analysis.evidence) {
      if (!e.counted || e.category != c.name) continue;
      t.rules.push_back(e.rule);
      t.strengths.push_back(e.strength);
      t.sum += e.strength;
    }
    if (t.rules.empty() || t.sum <= 0) continue;
    t.value = c.cap > 0 ? std::min(t.sum, c.cap) : t.sum;
    x.totals.push_back(std::move(t));
  }

  const Analysis& a = x.analysis;
  if (a.label != Label::kNone) {
    x.band = BandOf(set, a.label);
    x.relabeled = a.rules_label != Label::kNone;
    x.relabel = set.model.relabel;
    x.rules_band = BandOf(set, x.relabeled ? a.rules_label : a.label);
    x.net = a.own - a.deflect;
    x.scale = set.score_scale > 0 ? set.score_scale : 1.0;
    x.fill = 1.0 / (1.0 + std::exp(-x.net / x.scale));
    x.computed_score = x.rules_band.low + static_cast<int>(std::lround((x.rules_band.high - x.rules_band.low) * x.fill));
    auto in_band = [&](double v) { return std::clamp(static_cast<int>(std::lround(v)), x.band.low, x.band.high); };
    if (!a.model.empty() && !x.relabeled) {
      x.model_judged = true;
      x.computed_score = in_band(a.model_score);
    } else if (a.model_score >= 0) {
      x.blend = set.model.blend;
      x.computed_score = in_band((1 - x.blend) * x.computed_score + x.blend * a.model_score);
    }
  }
  return x;
}

}  // namespace culpa
