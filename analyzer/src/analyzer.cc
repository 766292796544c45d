#include "culpa/analyzer.h"

#include <algorithm>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <thread>

#include "culpa/matcher.h"
#include "culpa/normalizer.h"
#include "culpa/scorer.h"
#include "culpa/tokenizer.h"

namespace culpa {

struct Analyzer::Impl {
  Lexicon lexicon;
  Matcher rules;
  Matcher cues;
  std::vector<CueKind> cue_kinds;  // per cue pattern
  Tokenizer tokenizer;
  WordScorer model;
  Matcher apology_words;  // for the model's gate (AskModel)
  size_t analyzed = 0;              // text bytes so far, until the rules are merged
  bool merged = false;
};

namespace {

// RE2's DFA gives up on some patterns (counted repetitions such as {clause})
// over very long stretches of text and falls back to its much slower NFA: a
// single 512 KiB paragraph took seconds. Matching long texts in overlapping
// windows bounds the work per byte. Each window owns the hits that begin in
// it; the overlap is longer than any hit, so no hit is cut or lost.
constexpr size_t kWindow = 16 * 1024;
// Past this much text a run is a batch: the rule shards are merged into one
// set (one pass per text) on a second thread, and the run goes on with the
// shards until it is ready. A run that ends first waits for it at exit (up to
// ~50 ms), little next to a megabyte's work.
constexpr size_t kMergeAfter = 1 << 20;
constexpr size_t kOverlap = 2 * 1024;

Result<bool> MatchWindows(const Matcher& m, std::string_view t, std::vector<Hit>* out) {
  if (t.size() <= kWindow) return m.Match(t, out);
  std::vector<Hit> hits;
  size_t start = 0;
  while (start < t.size()) {
    size_t end = std::min(t.size(), start + kWindow);
    // The next window starts after a space, so \b at its edge means what it says.
    size_t next = end >= t.size() ? t.size() : end - kOverlap;
    while (next < t.size() && next > start && t[next - 1] != ' ' && t[next - 1] != '\n') --next;
    if (next <= start) next = end - kOverlap;
    hits.clear();
    Result<bool> r = m.Match(std::string_view(t.data() + start, end - start), &hits);
    if (!r.ok()) return r;
    for (Hit h : hits) {
      h.begin += static_cast<uint32_t>(start);
      h.end += static_cast<uint32_t>(start);
      if (end < t.size() && h.begin >= next) continue;  // the next window owns it
      out->push_back(h);
    }
    if (end >= t.size()) break;
    start = next;
  }
  SortHits(out->begin(), out->end());
  return true;
}

}  // namespace

// One message on its way through Run: each stage fills its part.
struct Analyzer::Job {
  std::string_view input;
  std::vector<Span> masked;
  AnalysisTrace* trace = nullptr;
  NormalizedText norm;
  TextStructure structure;
  std::vector<Span> regions;  // where the current matcher pass looks
  std::vector<Hit> hits, cue_hits;
  std::optional<Error> error;         // the regex engine gave up on this text
  std::optional<Analysis> automated;  // decided without scoring
};

namespace {

using Job = Analyzer::Job;

// One matcher over each job's `regions`, into `hits` (sorted). The set
// screens every region first; then each screened-in pattern runs over the
// regions it was screened in, pattern by pattern, so one pattern's DFA
// serves many texts while it is in cache. A region longer than a window is
// matched whole, window by window.
void MatchPass(const Matcher& m, std::vector<Job>* jobs, std::vector<Hit> Job::*hits) {
  struct Work {
    uint32_t pattern, job, region;
    bool operator<(const Work& o) const {
      return pattern != o.pattern ? pattern < o.pattern : job != o.job ? job < o.job : region < o.region;
    }
  };
  std::vector<Work> work;
  std::vector<uint32_t> candidates;
  std::vector<Hit> found;
  auto add = [&found](Job& j, std::vector<Hit> Job::*out, uint32_t offset) {
    for (Hit h : found) (j.*out).push_back({h.pattern, h.begin + offset, h.end + offset});
  };
  for (uint32_t i = 0; i < jobs->size(); ++i) {
    Job& j = (*jobs)[i];
    for (uint32_t r = 0; r < j.regions.size() && !j.error; ++r) {
      const Span reg = j.regions[r];
      const std::string_view text = std::string_view(j.norm.text()).substr(reg.begin, reg.end - reg.begin);
      if (text.size() > kWindow) {
        found.clear();
        Result<bool> w = MatchWindows(m, text, &found);
        if (!w.ok()) j.error = w.error();
        add(j, hits, reg.begin);
        continue;
      }
      candidates.clear();
      Result<bool> c = m.Screen(text, &candidates);
      if (!c.ok()) j.error = c.error();
      for (uint32_t p : candidates) work.push_back({p, i, r});
    }
  }
  std::sort(work.begin(), work.end());
  for (const Work& w : work) {
    Job& j = (*jobs)[w.job];
    if (j.error) continue;
    const Span reg = j.regions[w.region];
    found.clear();
    Result<bool> r = m.Locate(w.pattern, std::string_view(j.norm.text()).substr(reg.begin, reg.end - reg.begin), &found);
    if (!r.ok()) j.error = r.error();
    add(j, hits, reg.begin);
  }
  for (Job& j : *jobs) SortHits((j.*hits).begin(), (j.*hits).end());
}

// Where to look for scope cues: nowhere in a text no rule hit, everywhere
// for a trace (`culpa explain` shows them all), else the sentences around
// each hit that the scorer reads cues from (CueWindow), merged.
std::vector<Span> CueRegions(const Settings& set, const Job& j) {
  if (j.hits.empty()) return {};
  if (j.trace) return {{0, static_cast<uint32_t>(j.norm.text().size())}};
  std::vector<Span> windows;
  for (const Hit& h : j.hits)
    for (uint32_t pos : {h.begin, h.end - 1}) windows.push_back(CueWindow(set, j.structure, pos));
  std::sort(windows.begin(), windows.end(), [](const Span& a, const Span& b) { return a.begin < b.begin; });
  std::vector<Span> merged;
  for (const Span& w : windows) {
    if (!merged.empty() && w.begin <= merged.back().end) merged.back().end = std::max(merged.back().end, w.end);
    else merged.push_back(w);
  }
  return merged;
}

// The score the model's odds give: its labels' scores mixed by their odds.
double ModelScore(const ModelSettings& ms, const std::array<double, kModelLabels>& p) {
  const double center[3] = {ms.owns, ms.partial, ms.deflects};
  double score = 0;
  for (int c = 0; c < 3; ++c) score += p[c] / (1 - p[3]) * center[c];
  return score;
}

constexpr Label kModelLabel[3] = {Label::kOwns, Label::kPartial, Label::kDeflects};

// The model's evidence for `toward` over `from` (indices into its labels):
// the features pulling hardest that way, at most five, in text order. A
// word and its "<s> word" cover the same bytes: one piece of evidence,
// named after the stronger, with both pulls.
void AddModelEvidence(const WordScorer& model, const WordScorer::Verdict& v, int toward, int from, Analysis* a) {
  std::vector<std::pair<float, const WordScorer::Contribution*>> pull;
  for (const auto& c : v.present) {
    const float d = model.Weight(c.feature, toward) - model.Weight(c.feature, from);
    if (d <= 0) continue;
    auto same = std::find_if(pull.begin(), pull.end(), [&](const auto& x) {
      return x.second->begin == c.begin && x.second->end == c.end;
    });
    if (same == pull.end()) pull.push_back({d, &c});
    else *same = {same->first + d, same->first >= d ? same->second : &c};
  }
  const size_t keep = std::min<size_t>(pull.size(), 5);
  std::partial_sort(pull.begin(), pull.begin() + keep, pull.end(), [](const auto& x, const auto& y) {
    return x.first != y.first ? x.first > y.first : x.second->begin < y.second->begin;
  });
  pull.resize(keep);
  std::sort(pull.begin(), pull.end(), [](const auto& x, const auto& y) { return x.second->begin < y.second->begin; });
  const Polarity pol = toward == 2 ? Polarity::kDeflect : Polarity::kOwn;
  for (const auto& [d, c] : pull) {
    Evidence e;
    e.rule = "model:" + model.Name(c->feature);
    e.category = "model";
    e.polarity = pol;
    e.analysis = {c->begin, c->end};
    e.weight = e.strength = std::round(d * 100) / 100;
    e.counted = true;
    auto at = std::lower_bound(a->evidence.begin(), a->evidence.end(), e.analysis.begin,
                               [](const Evidence& x, uint32_t b) { return x.analysis.begin < b; });
    a->evidence.insert(at, std::move(e));
  }
}

// A message the rules judged: its score moves `blend` of the way towards the
// model's, staying in its label's band. Where the model is at least `relabel`
// sure of the next label over (owns and partial, partial and deflects), that
// label stands instead: the rules see the admission but miss the excuse
// beside it, or take an excuse's words for the whole message.
void BlendModel(const Lexicon& lex, WordScorer* model, const std::string& text, Analysis* a) {
  const Settings& set = lex.settings;
  if (model->empty() || (set.model.blend <= 0 && set.model.relabel <= 0)) return;
  const auto p = model->Score(text).probability;
  const double m = ModelScore(set.model, p);
  const double s = (1 - set.model.blend) * a->score + set.model.blend * m;
  a->model_score = m;
  const int rules = a->label == Label::kOwns ? 0 : a->label == Label::kPartial ? 1 : 2;
  const int best = static_cast<int>(std::max_element(p.begin(), p.begin() + 3) - p.begin());
  if (set.model.relabel > 0 && std::abs(best - rules) == 1 && p[best] >= set.model.relabel) {
    a->rules_label = a->label;
    a->label = kModelLabel[best];
    a->model.assign(p.begin(), p.end());
    char sure[16];
    std::snprintf(sure, sizeof sure, "%.2f", p[best]);
    a->reason = std::string("the rules said ") + LabelName(a->rules_label) + " (" + a->reason + "); the word model is " +
                sure + " sure of " + LabelName(a->label);
    AddModelEvidence(*model, model->Score(text, true), best, rules, a);
  }
  const Band& band = BandOf(set, a->label);
  a->score = std::clamp(static_cast<int>(std::lround(s)), band.low, band.high);
}

// A message no rule counted in goes to the word model; where the model is
// confident it holds accountability content (P(none) below the threshold),
// its label and score stand, with the features that weighed most for that
// label against none as evidence.
void AskModel(const Lexicon& lex, WordScorer* model, const Matcher& cues, const std::vector<CueKind>& cue_kinds,
              const Matcher& apology_words, const std::string& text, Analysis* a) {
  const ModelSettings& ms = lex.settings.model;
  if (model->empty() || ms.threshold <= 0) return;
  WordScorer::Verdict v = model->Score(text);
  if (v.probability[3] >= ms.threshold) return;
  // Routine mail in the first person ("I've shared the draft; I have a
  // conflict") looks like ownership to a word model. A message about a
  // mistake usually has a cue: a rule hit, counted or not (a question or
  // reported speech the rules discounted is still about a mistake), or a
  // problem or apology word. Not cues: a trap ("drinks are on me") and the
  // words inside it, and a plain act the rules set aside for want of a
  // problem word ("I booked the demo for Tuesday"), which the model sees as
  // the same "I booked". Without a cue the model must be much surer
  // (threshold_without_cue): indirect admissions ("the photographer wasn't
  // told because I only updated the run sheet") have none. A set-aside plain
  // act is a weak cue, with a threshold between the two (threshold_weak_cue).
  std::vector<Span> traps;
  bool cue = false, weak = false;
  for (const Evidence& e : a->evidence) {
    if (e.polarity == Polarity::kNeutral) {
      traps.push_back(e.analysis);
      continue;
    }
    const bool set_aside = std::find(e.effects.begin(), e.effects.end(), "no-problem") != e.effects.end();
    cue |= e.counted || !set_aside;
    weak |= set_aside;
  }
  if (!cue && weak && v.probability[3] < ms.threshold_weak_cue) cue = true;
  if (!cue && v.probability[3] >= ms.threshold_without_cue) {
    std::vector<Hit> problems, apologies;
    if (!cues.Match(text, &problems).ok() || !apology_words.Match(text, &apologies).ok()) return;
    auto outside_traps = [&](const Hit& h) {
      return std::none_of(traps.begin(), traps.end(), [&](const Span& t) { return h.begin >= t.begin && h.end <= t.end; });
    };
    cue = std::any_of(problems.begin(), problems.end(), [&](const Hit& h) {
            return cue_kinds[h.pattern] == CueKind::kProblem && outside_traps(h);
          }) ||
          std::any_of(apologies.begin(), apologies.end(), outside_traps);
    if (!cue) return;
  }
  v = model->Score(text, true);  // now the evidence is needed too
  const auto& p = v.probability;
  const int best = static_cast<int>(std::max_element(p.begin(), p.begin() + 3) - p.begin());
  const double score = ModelScore(ms, p);
  a->label = kModelLabel[best];
  // The label's band holds the score, as it does for the rules' labels.
  const Band& band = BandOf(lex.settings, a->label);
  a->score = std::clamp(static_cast<int>(std::lround(score)), band.low, band.high);
  a->model_score = score;
  a->model.assign(p.begin(), p.end());
  char why[160];
  std::snprintf(why, sizeof why, "no rule counted; the word model: owns %.2f, partial %.2f, deflects %.2f, none %.2f",
                p[0], p[1], p[2], p[3]);
  a->reason = why;
  AddModelEvidence(*model, v, best, 3, a);  // the pull from none
}

}  // namespace

Analyzer::Analyzer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Analyzer::Analyzer(Analyzer&&) noexcept = default;
Analyzer& Analyzer::operator=(Analyzer&&) noexcept = default;
Analyzer::~Analyzer() = default;

const Lexicon& Analyzer::lexicon() const { return impl_->lexicon; }

Result<Analyzer> Analyzer::Create(Lexicon lexicon) {
  Matcher::Options opts;
  opts.max_mem = lexicon.settings.regex_memory_mb << 20;

  std::vector<std::string> patterns, screens;
  patterns.reserve(lexicon.rules.size());
  screens.reserve(lexicon.rules.size());
  for (const Rule& r : lexicon.rules) {
    patterns.push_back(r.regex);
    screens.push_back(r.screen.empty() ? r.regex : r.screen);
  }
  std::vector<std::string> cue_patterns;
  std::vector<CueKind> kinds;
  const ScopeWords& s = lexicon.settings.scope;
  auto add = [&](const std::vector<std::string>& words, CueKind k) {
    for (const std::string& w : words) {
      cue_patterns.push_back(ExpandPattern(w, lexicon.settings.macros));
      kinds.push_back(k);
    }
  };
  add(s.negators, CueKind::kNegator);
  add(s.hedges, CueKind::kHedge);
  add(s.conditionals, CueKind::kConditional);
  add(s.reporting, CueKind::kReporting);
  add(s.contrast_after, CueKind::kContrastAfter);
  add(s.contrast_before, CueKind::kContrastBefore);
  add(s.problems, CueKind::kProblem);
  add(s.clause_openers, CueKind::kClauseOpener);
  add(s.agent_markers, CueKind::kAgentMarker);
  add(s.omissions, CueKind::kOmission);
  // The model's gate (AskModel) looks for problem words, which are scope
  // words already, and apology words, a small set of their own: in the cue
  // set they slowed every cue pass, and the gate is looked for only in the
  // few messages the model would judge.
  std::vector<std::string> apology_patterns;
  if (!lexicon.model.file.empty())
    for (const std::string& w : lexicon.settings.apology_words)
      apology_patterns.push_back(ExpandPattern(w, lexicon.settings.macros));
  // The scope words and the model's table are built beside the rules, off
  // the start-up's critical path.
  Result<Matcher> cues = Error{{}, "not compiled"};
  Result<Matcher> apology = Error{{}, "not compiled"};
  WordScorer model;
  std::thread side([&] {
    cues = Matcher::Compile(cue_patterns, opts);
    apology = Matcher::Compile(apology_patterns, opts);
    model = WordScorer(lexicon.model);
  });
  Result<Matcher> rules = Matcher::Compile(patterns, opts, &screens);
  side.join();
  if (!rules.ok()) return rules.error();
  if (!cues.ok()) return Error{{}, "scope words: " + cues.error().message};
  if (!apology.ok()) return Error{{}, "apology words: " + apology.error().message};

  auto impl = std::unique_ptr<Impl>(new Impl{std::move(lexicon), std::move(rules.value()), std::move(cues.value()),
                                             std::move(kinds), {}, std::move(model), std::move(apology.value()), 0,
                                             false});
  return Analyzer(std::move(impl));
}

std::string Analyzer::AnalysisText(std::string_view text) { return Normalize(text).text(); }

std::vector<Span> Analyzer::RuleSpans(size_t rule_index, std::string_view text) const {
  NormalizedText norm = Normalize(text);
  std::vector<Hit> hits;
  impl_->rules.MatchOne(static_cast<uint32_t>(rule_index), norm.text(), &hits);
  std::vector<Span> out;
  for (const Hit& h : hits) out.push_back({h.begin, h.end});
  if (out.empty() || !impl_->lexicon.rules[rule_index].needs_problem) return out;
  // A `needs_problem` rule hits only where the scorer would count it, so its
  // examples say what the rule does: "I packed it" alone is a no_match.
  Tokenizer tokenizer;
  const TextStructure st = tokenizer.Analyze(norm.text());
  std::vector<Hit> cues;
  impl_->cues.Match(norm.text(), &cues);
  std::vector<Span> near;
  for (const Span& s : out) {
    const Span w = ProblemWindow(impl_->lexicon.settings, st, s.begin);
    for (const Hit& c : cues)
      if (impl_->cue_kinds[c.pattern] == CueKind::kProblem && c.begin >= w.begin && c.end <= w.end) {
        near.push_back(s);
        break;
      }
  }
  return near;
}

Result<Analysis> Analyzer::Analyze(std::string_view text) {
  std::vector<Job> jobs(1);
  jobs[0].input = text;
  return Run(&jobs).front();
}

Result<Analysis> Analyzer::Analyze(const Message& message) { return Analyze(message, nullptr); }

Result<Analysis> Analyzer::Analyze(const Message& message, AnalysisTrace* trace) {
  if (trace) *trace = AnalysisTrace();
  std::vector<Job> jobs(1);
  Prepare(message, &jobs[0]);
  jobs[0].trace = trace;
  return Run(&jobs).front();
}

std::vector<Result<Analysis>> Analyzer::AnalyzeBatch(const std::vector<const Message*>& messages) {
  std::vector<Job> jobs(messages.size());
  for (size_t i = 0; i < messages.size(); ++i) Prepare(*messages[i], &jobs[i]);
  return Run(&jobs);
}

void Analyzer::Prepare(const Message& message, Job* job) {
  job->input = message.text;
  job->masked.reserve(message.excluded.size());
  for (const Excluded& x : message.excluded) job->masked.push_back({x.begin, x.end});
  if (!message.automated.empty()) {
    job->automated = Analysis();
    job->automated->reason = "automated: " + message.automated;
  }
}

// The pipeline, one stage at a time over all jobs rather than one job at a
// time through all stages. Measured on the bench corpus: this path is ~5%
// faster than the one-message pipeline it replaced, and the batch size made
// no difference (1, 64, 256 and 1024 alike); keeping a stage's tables warm
// across texts accounts for at most ~2%, the rest was not pinned down. (The
// rule set's first pass over new text is slow mostly because its DFA builds
// states as it goes, which no ordering avoids.) The result for a message is
// the same whatever else is in the batch.
std::vector<Result<Analysis>> Analyzer::Run(std::vector<Job>* jobs) {
  Impl& im = *impl_;
  for (Job& j : *jobs) {
    if (j.automated) continue;
    if (!im.merged && (im.analyzed += j.input.size()) > kMergeAfter) {
      im.merged = true;
      im.rules.MergeInBackground();
    }
    j.norm = Normalize(j.input, j.masked);
  }
  for (Job& j : *jobs)
    if (!j.automated) j.regions.assign(1, Span{0, static_cast<uint32_t>(j.norm.text().size())});
  MatchPass(im.rules, jobs, &Job::hits);
  for (Job& j : *jobs) {
    if (j.automated || j.error) continue;
    j.structure = im.tokenizer.Analyze(j.norm.text(), !j.hits.empty() || j.trace);
    j.regions = CueRegions(im.lexicon.settings, j);
  }
  MatchPass(im.cues, jobs, &Job::cue_hits);

  std::vector<Result<Analysis>> out;
  out.reserve(jobs->size());
  for (Job& j : *jobs) {
    if (j.automated) {
      out.push_back(std::move(*j.automated));
      continue;
    }
    if (j.error) {
      out.push_back(*j.error);
      continue;
    }
    const std::string& t = j.norm.text();
    TextStructure& st = j.structure;
    std::vector<Cue> cues;
    cues.reserve(j.cue_hits.size());
    for (const Hit& h : j.cue_hits) cues.push_back({im.cue_kinds[h.pattern], {h.begin, h.end}});
    out.push_back(Score(im.lexicon, t, st, j.hits, cues));
    if (j.trace) {
      j.trace->text = t;
      j.trace->structure = std::move(st);
      j.trace->cues = std::move(cues);
    }
  }
  // The word model, as a stage of its own: its table stays in cache across
  // the batch.
  for (size_t i = 0; i < jobs->size(); ++i) {
    Job& j = (*jobs)[i];
    if (j.automated || j.error) continue;
    Analysis& a = out[i].value();
    if (a.label == Label::kNone)
      AskModel(im.lexicon, &im.model, im.cues, im.cue_kinds, im.apology_words, j.norm.text(), &a);
    else BlendModel(im.lexicon, &im.model, j.norm.text(), &a);
    for (Evidence& e : a.evidence) e.span = j.norm.ToOriginal(e.analysis.begin, e.analysis.end);
  }
  return out;
}

}  // namespace culpa

namespace culpa {

namespace {

bool RuleSelected(const std::string& id, const std::string& filter) {
  if (filter.empty() || id == filter) return true;
  if (filter.back() == '*') return id.compare(0, filter.size() - 1, filter, 0, filter.size() - 1) == 0;
  if (filter.back() == '.') return id.compare(0, filter.size(), filter) == 0;
  return false;
}

// The rule-level run shared by CheckLexicon and RunExamples: normaliser plus
// the rule's own regex. Calls `done` for each example of each selected rule.
template <typename Done>
void TestExamples(const Analyzer& analyzer, const std::string& filter, Done done) {
  const std::vector<Rule>& rules = analyzer.lexicon().rules;
  for (size_t i = 0; i < rules.size(); ++i) {
    const Rule& r = rules[i];
    if (!RuleSelected(r.id, filter)) continue;
    for (int pass = 0; pass < 2; ++pass) {
      const bool expect = pass == 0;
      const std::vector<std::string>& examples = expect ? r.match_examples : r.no_match_examples;
      const std::vector<Location>& where = expect ? r.match_where : r.no_match_where;
      for (size_t k = 0; k < examples.size(); ++k) {
        ExampleResult x;
        x.rule = i;
        x.expect_match = expect;
        x.example = examples[k];
        x.where = k < where.size() ? where[k] : r.where;
        x.analysis_text = Analyzer::AnalysisText(x.example);
        x.spans = analyzer.RuleSpans(i, x.example);
        x.passed = x.spans.empty() != expect;
        done(std::move(x));
      }
    }
  }
}

}  // namespace

ExampleRun RunExamples(Analyzer* analyzer, const std::string& rule_filter, bool analyze_passed) {
  ExampleRun out;
  size_t last_rule = SIZE_MAX;
  TestExamples(*analyzer, rule_filter, [&](ExampleResult&& x) {
    if (x.rule != last_rule) ++out.rules, last_rule = x.rule;
    if (analyze_passed || !x.passed) {
      Result<Analysis> a = analyzer->Analyze(std::string_view(x.example));
      if (a.ok()) x.analysis = std::move(a.value());
    }
    out.failed += !x.passed;
    out.results.push_back(std::move(x));
  });
  return out;
}

LexiconCheck CheckLexicon(const Analyzer& analyzer) {
  LexiconCheck out;
  const std::vector<Rule>& rules = analyzer.lexicon().rules;
  auto error = [&](const Location& where, const Rule& r, std::string msg) {
    out.diagnostics.push_back({Diagnostic::kError, where, std::move(msg), r.id});
  };
  for (const Rule& r : rules) {
    // ExpandPattern wraps in \b(?: ... )\b, which hides an empty match; test the inside.
    std::string inner = r.regex;
    if (inner.rfind("\\b(?:", 0) == 0) inner.erase(0, 5);
    else if (inner.rfind("(?:", 0) == 0) inner.erase(0, 3);
    if (inner.size() >= 3 && inner.compare(inner.size() - 3, 3, ")\\b") == 0) inner.resize(inner.size() - 3);
    else if (!inner.empty() && inner.back() == ')') inner.pop_back();
    if (PatternMatchesEmpty(inner)) error(r.pattern_where, r, "pattern matches the empty string");
  }
  TestExamples(analyzer, "", [&](ExampleResult&& x) {
    ++out.examples;
    const Rule& r = rules[x.rule];
    // A screen must match everything its pattern does; an example it misses
    // would be lost in every short run (a long one merges to the patterns).
    if (x.passed && x.expect_match && !r.screen.empty() && r.screen != r.regex &&
        !PatternMatches(r.screen, x.analysis_text))
      error(x.where, r, "rule '" + r.id + "': the screen of its macros (settings: screens) misses its example: \"" +
                            x.analysis_text + "\"");
    if (x.passed) return;
    if (x.expect_match) {
      error(x.where, r, "rule '" + r.id + "' does not match its example: \"" + x.analysis_text + "\"");
    } else {
      const Span& s = x.spans[0];
      error(x.where, r, "rule '" + r.id + "' matches its no_match example at \"" +
                            x.analysis_text.substr(s.begin, s.end - s.begin) + "\": \"" + x.analysis_text + "\"");
    }
  });
  return out;
}

}  // namespace culpa
