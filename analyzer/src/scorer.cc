#include "culpa/scorer.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>

namespace culpa {

const char* LabelName(Label label) {
  switch (label) {
    case Label::kNone: return "none";
    case Label::kDeflects: return "deflects";
    case Label::kPartial: return "partial";
    case Label::kOwns: return "owns";
  }
  return "none";
}

const Band& BandOf(const Settings& settings, Label label) {
  return label == Label::kOwns ? settings.owns : label == Label::kPartial ? settings.partial : settings.deflects;
}

bool ParseLabel(std::string_view name, Label* label) {
  for (Label l : {Label::kNone, Label::kDeflects, Label::kPartial, Label::kOwns}) {
    if (name == LabelName(l)) {
      *label = l;
      return true;
    }
  }
  return false;
}

namespace {

bool Overlaps(const Span& a, const Span& b) { return a.begin < b.end && b.begin < a.end; }
bool Has(const Evidence& e, const char* effect) {
  return std::find(e.effects.begin(), e.effects.end(), effect) != e.effects.end();
}

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

// The scope of a position: its sentence and clause.
struct Scope {
  Span sentence;
  Span clause;
  bool last_clause = true;
  size_t sentence_index = 0;
};

Scope ScopeOf(const TextStructure& st, uint32_t pos) {
  Scope s;
  auto sit = std::upper_bound(st.sentences.begin(), st.sentences.end(), pos,
                              [](uint32_t p, const Span& x) { return p < x.begin; });
  if (sit != st.sentences.begin()) --sit;
  s.sentence = sit != st.sentences.end() ? *sit : Span{0, pos};
  s.sentence_index = static_cast<size_t>(sit - st.sentences.begin());
  auto cit = std::upper_bound(st.clauses.begin(), st.clauses.end(), pos,
                              [](uint32_t p, const Span& x) { return p < x.begin; });
  if (cit != st.clauses.begin()) --cit;
  s.clause = cit != st.clauses.end() ? *cit : s.sentence;
  if (s.clause.begin < s.sentence.begin) s.clause.begin = s.sentence.begin;
  s.last_clause = s.clause.end >= s.sentence.end;
  return s;
}

// Scope cues by kind, sorted, for counting in a range without scanning them
// all: scoring stays near linear even for one huge run-on sentence.
class CueIndex {
 public:
  explicit CueIndex(const std::vector<Cue>& cues) {
    for (const Cue& c : cues) {
      by_kind_[static_cast<int>(c.kind)].push_back(c.span);
      all_.push_back(c);
    }
    auto by_begin = [](const Span& a, const Span& b) { return a.begin < b.begin; };
    for (auto& v : by_kind_) std::sort(v.begin(), v.end(), by_begin);
    std::sort(all_.begin(), all_.end(), [](const Cue& a, const Cue& b) { return a.span.begin < b.span.begin; });
    for (const Cue& c : all_) max_len_ = std::max(max_len_, c.span.end - c.span.begin);
  }

  // Cues of `kind` lying within [from, to). Presence is all most callers ask;
  // negators need the count (its parity), which a clause keeps small.
  size_t Count(CueKind kind, uint32_t from, uint32_t to) const {
    const std::vector<Span>& v = by_kind_[static_cast<int>(kind)];
    auto lo = std::lower_bound(v.begin(), v.end(), from, [](const Span& s, uint32_t p) { return s.begin < p; });
    size_t n = 0;
    for (auto it = lo; it != v.end() && it->begin < to; ++it) {
      if (it->end <= to) ++n;
      if (n > 0 && kind != CueKind::kNegator) break;
    }
    return n;
  }

  const std::vector<Span>& Of(CueKind kind) const { return by_kind_[static_cast<int>(kind)]; }

  // Whether a cue of `kind` is the next word after `pos` (one space between).
  bool Follows(CueKind kind, uint32_t pos) const {
    const std::vector<Span>& v = by_kind_[static_cast<int>(kind)];
    auto it = std::lower_bound(v.begin(), v.end(), pos + 1, [](const Span& s, uint32_t p) { return s.begin < p; });
    return it != v.end() && it->begin == pos + 1;
  }

  // Whether a longer cue of another kind contains `c` ("if" inside "if I'm honest").
  bool InsideOther(CueKind kind, const Span& c) const {
    uint32_t from = c.begin > max_len_ ? c.begin - max_len_ : 0;
    auto it = std::lower_bound(all_.begin(), all_.end(), from,
                               [](const Cue& x, uint32_t p) { return x.span.begin < p; });
    for (; it != all_.end() && it->span.begin <= c.begin; ++it)
      if (it->kind != kind && it->span.end >= c.end && it->span.end - it->span.begin > c.end - c.begin) return true;
    return false;
  }

  const std::vector<Cue>& all() const { return all_; }

 private:
  std::vector<Span> by_kind_[kCueKinds];
  std::vector<Cue> all_;
  uint32_t max_len_ = 0;
};

bool WordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || (c & 0x80); }

// The parts of the text inside quotation marks: someone else's words. Double
// quotes pair up within a paragraph. Single quotes count when an opening '
// starts a word and a closing ' ends one ('The Apology Economy'); apostrophes
// inside words ("I'm", "interns' fault") are neither. Built once per message.
std::vector<Span> QuotedRegions(const std::string& text) {
  std::vector<Span> out;
  const size_t n = text.size();
  size_t para = 0;
  while (para <= n) {
    size_t end = text.find('\n', para);
    if (end == std::string::npos) end = n;
    size_t dq = std::string::npos;
    bool sq_open = false;
    size_t sq_start = 0;
    for (size_t i = para; i < end; ++i) {
      char c = text[i];
      if (c == '"') {
        if (dq == std::string::npos) {
          dq = i;
        } else {
          out.push_back({static_cast<uint32_t>(dq), static_cast<uint32_t>(i + 1)});
          dq = std::string::npos;
        }
      } else if (c == '\'') {
        bool opens = (i == para || !WordChar(text[i - 1])) && i + 1 < n && WordChar(text[i + 1]);
        bool closes = i > para &&
                      (WordChar(text[i - 1]) || text[i - 1] == '.' || text[i - 1] == '!' || text[i - 1] == '?') &&
                      (i + 1 >= n || !WordChar(text[i + 1]));
        if (opens && !sq_open) {
          sq_open = true;
          sq_start = i;
        } else if (closes && sq_open) {
          out.push_back({static_cast<uint32_t>(sq_start), static_cast<uint32_t>(i + 1)});
          sq_open = false;
        }
      }
    }
    para = end + 1;
  }
  std::sort(out.begin(), out.end(), [](const Span& a, const Span& b) { return a.begin < b.begin; });
  return out;
}

bool Quoted(const std::vector<Span>& regions, const Span& s) {
  auto it = std::upper_bound(regions.begin(), regions.end(), s.begin,
                             [](uint32_t p, const Span& r) { return p < r.begin; });
  // Regions may nest (a single-quoted title inside double quotes): look back a few.
  for (int k = 0; k < 4 && it != regions.begin(); ++k) {
    --it;
    if (it->begin <= s.begin && s.end <= it->end) return true;
  }
  return false;
}

bool EndsWithQuestion(const std::string& text, const Span& sentence) {
  for (uint32_t i = sentence.end; i > sentence.begin; --i) {
    char c = text[i - 1];
    if (c == ' ' || c == '"' || c == ')') continue;
    return c == '?';
  }
  return false;
}

void Discard(Evidence* e, std::string why) {
  e->counted = false;
  e->strength = 0;
  e->effects.push_back(std::move(why));
}

// The evidence that can overlap `s` (ev is sorted by begin; no hit is longer
// than `max_len`), as an index range: keeps scope work local.
std::pair<size_t, size_t> EvRange(const std::vector<Evidence>& ev, const Span& s, uint32_t max_len) {
  const uint32_t from = s.begin > max_len ? s.begin - max_len : 0;
  auto lo = std::lower_bound(ev.begin(), ev.end(), from,
                             [](const Evidence& e, uint32_t p) { return e.analysis.begin < p; });
  auto hi = std::lower_bound(lo, ev.end(), s.end, [](const Evidence& e, uint32_t p) { return e.analysis.begin < p; });
  return {static_cast<size_t>(lo - ev.begin()), static_cast<size_t>(hi - ev.begin())};
}

// Undercuts the hits in `conceded` that the hits in `rest` take back, and
// returns how many apology-side hits it undercut. Deflection in `rest` takes
// back apology in `conceded` and vice versa; with `bare` (a "but" clause with
// no apology of its own, "... but the brief came late") the apology side is
// taken back too: what follows "but" outweighs what precedes it.
int Undercut(std::vector<Evidence>& ev, const Span& conceded, const Span& rest, double factor, bool bare,
             uint32_t max_len) {
  bool own_r = false, def_r = false;
  auto r = EvRange(ev, rest, max_len);
  for (size_t i = r.first; i < r.second; ++i) {
    const Evidence& e = ev[i];
    if (!e.counted || !Overlaps(e.analysis, rest) || Overlaps(e.analysis, conceded)) continue;
    (e.polarity == Polarity::kOwn ? own_r : def_r) = true;
  }
  int undercut_own = 0;
  auto c = EvRange(ev, conceded, max_len);
  for (size_t i = c.first; i < c.second; ++i) {
    Evidence& e = ev[i];
    if (!e.counted || !Overlaps(e.analysis, conceded) || Overlaps(e.analysis, rest) || Has(e, "undercut")) continue;
    bool own = e.polarity == Polarity::kOwn;
    if ((own && (def_r || (bare && !own_r))) || (!own && own_r)) {
      e.strength *= factor;
      e.effects.push_back("undercut");
      undercut_own += own;
    }
  }
  return undercut_own;
}

// Words in [b, e): enough text after a "but" to be a claim of its own.
int Words(const std::string& text, Span s) {
  int n = 0;
  bool in = false;
  for (uint32_t i = s.begin; i < s.end && i < text.size(); ++i) {
    bool w = text[i] != ' ' && text[i] != ',' && text[i] != '.';
    if (w && !in) ++n;
    in = w;
  }
  return n;
}

}  // namespace

uint32_t NegationScopeBegin(const std::vector<Span>& openers, Span clause, uint32_t hit_begin) {
  uint32_t from = clause.begin;
  auto it = std::lower_bound(openers.begin(), openers.end(), clause.begin,
                             [](const Span& s, uint32_t p) { return s.begin < p; });
  for (; it != openers.end() && it->begin <= hit_begin; ++it) from = std::max(from, it->end);
  return from;
}

namespace {

Span SentencesAround(const TextStructure& st, uint32_t pos, size_t reach) {
  const Scope sc = ScopeOf(st, pos);
  if (st.sentences.empty()) return sc.sentence;
  const size_t first = sc.sentence_index > reach ? sc.sentence_index - reach : 0;
  const size_t last = std::min(sc.sentence_index + reach, st.sentences.size() - 1);
  return {st.sentences[first].begin, st.sentences[last].end};
}

size_t ProblemReach(const Settings& set) {
  return set.problem_reach > 0 ? static_cast<size_t>(set.problem_reach) : 0;
}

}  // namespace

Span ProblemWindow(const Settings& set, const TextStructure& st, uint32_t pos) {
  return SentencesAround(st, pos, ProblemReach(set));
}

Span CueWindow(const Settings& set, const TextStructure& st, uint32_t pos) {
  return SentencesAround(st, pos, std::max<size_t>(1, ProblemReach(set)));
}

Analysis Score(const Lexicon& lex, const std::string& text, const TextStructure& st,
               const std::vector<Hit>& hits, const std::vector<Cue>& cues) {
  const Settings& set = lex.settings;
  Analysis a;
  a.tokens = st.word_count;
  a.sentences = st.sentences.size();

  std::vector<Evidence>& ev = a.evidence;
  std::vector<const Rule*> rule_of;  // parallel to ev
  for (const Hit& h : hits) {
    const Rule& r = lex.rules[h.pattern];
    rule_of.push_back(&r);
    Evidence e;
    e.rule = r.id;
    e.category = r.category;
    e.polarity = r.polarity;
    e.analysis = {h.begin, h.end};
    e.weight = r.weight;
    e.strength = r.weight;
    e.suggestion = r.suggest;
    e.counted = r.polarity != Polarity::kNeutral;
    ev.push_back(std::move(e));
  }

  uint32_t max_len = 0;  // the longest hit: bounds every "what overlaps this" search
  for (const Evidence& e : ev) max_len = std::max(max_len, e.analysis.end - e.analysis.begin);
  const CueIndex cue_index(cues);
  const std::vector<Span> quoted = ev.empty() ? std::vector<Span>() : QuotedRegions(text);

  // 0. A plain act ("I pulled the loaves at six") is an admission only where
  // the text says something went wrong, in its sentence or a neighbour; one
  // that is not cannot win an overlap either.
  for (size_t i = 0; i < ev.size(); ++i) {
    if (!rule_of[i]->needs_problem) continue;
    const Span w = ProblemWindow(set, st, ev[i].analysis.begin);
    if (cue_index.Count(CueKind::kProblem, w.begin, w.end) == 0) Discard(&ev[i], "no-problem");
  }

  // 1. Traps mask what they overlap.
  for (const Evidence& t : ev) {
    if (t.polarity != Polarity::kNeutral) continue;
    auto r = EvRange(ev, t.analysis, max_len);
    for (size_t i = r.first; i < r.second; ++i)
      if (ev[i].counted && Overlaps(ev[i].analysis, t.analysis)) Discard(&ev[i], "masked:" + t.rule);
  }
  // 2. Overlaps: opposite polarity -> the containing hit, else deflection; same
  //    category -> heavier wins. Decided on the original hits, in text order.
  for (size_t i = 0; i < ev.size(); ++i) {
    for (size_t j = i + 1; j < ev.size() && ev[j].analysis.begin < ev[i].analysis.end; ++j) {
      Evidence& x = ev[i];
      Evidence& y = ev[j];
      if (!x.counted || !y.counted || !Overlaps(x.analysis, y.analysis)) continue;
      Evidence* loser = nullptr;
      const Evidence* winner = nullptr;
      if (x.polarity != y.polarity) {
        // A phrase that contains the other is the reading ("I can't blame
        // anyone but myself" over "blame anyone"); a partial overlap goes to
        // the deflection, which reframes the apology word it shares ("sorry
        // if" over "I'm sorry", "not my fault" over "my fault").
        // An agentless phrase loses to the acknowledgment that names the
        // agent in the same words ("was delayed because I filed it").
        bool x_has_y = x.analysis.begin <= y.analysis.begin && x.analysis.end >= y.analysis.end;
        bool y_has_x = y.analysis.begin <= x.analysis.begin && y.analysis.end >= x.analysis.end;
        const Evidence& d = x.polarity == Polarity::kDeflect ? x : y;
        const Evidence& o = x.polarity == Polarity::kDeflect ? y : x;
        const Category* dc = lex.FindCategory(d.category);
        const Category* oc = lex.FindCategory(o.category);
        const bool named = dc && dc->agentless && oc && oc->acknowledgment;
        bool x_wins = x_has_y && !y_has_x ? true
                      : y_has_x && !x_has_y ? false
                                            : (x.polarity == Polarity::kDeflect) != named;
        loser = x_wins ? &y : &x;
        winner = x_wins ? &x : &y;
      } else if (x.category == y.category) {
        bool x_wins = x.weight != y.weight ? x.weight > y.weight
                                           : (x.analysis.end - x.analysis.begin) >= (y.analysis.end - y.analysis.begin);
        loser = x_wins ? &y : &x;
        winner = x_wins ? &x : &y;
      }
      if (loser) Discard(loser, "overridden:" + winner->rule);
    }
  }

  // 3. Scope of each hit.
  for (size_t i = 0; i < ev.size(); ++i) {
    Evidence& e = ev[i];
    if (!e.counted) continue;
    Scope sc = ScopeOf(st, e.analysis.begin);
    if (Quoted(quoted, e.analysis)) { Discard(&e, "quoted"); continue; }
    if (cue_index.Count(CueKind::kReporting, sc.sentence.begin, e.analysis.begin) > 0) {
      Discard(&e, "reported");
      continue;
    }
    // A question is not an admission ("Was it my fault?"), unless it is a
    // hedged statement with a rising end ("I think I may have put the wrong
    // dose column?"): then the hedge below weakens it instead.
    if (e.polarity == Polarity::kOwn && EndsWithQuestion(text, sc.sentence) &&
        cue_index.Count(CueKind::kHedge, sc.sentence.begin, e.analysis.end) == 0) {
      Scope end_scope = ScopeOf(st, e.analysis.end > 0 ? e.analysis.end - 1 : 0);
      if (end_scope.last_clause) { Discard(&e, "question"); continue; }
    }
    const uint32_t neg_from = NegationScopeBegin(cue_index.Of(CueKind::kClauseOpener), sc.clause, e.analysis.begin);
    if (cue_index.Count(CueKind::kNegator, neg_from, e.analysis.begin) % 2 == 1) {
      const Category* from = lex.FindCategory(e.category);
      const Category* to = from && !from->flip_to.empty() ? lex.FindCategory(from->flip_to) : nullptr;
      if (!to) { Discard(&e, "negated"); continue; }
      e.category = to->name;
      e.polarity = to->polarity;
      e.effects.push_back("negated");
    }
    const Category* own_cat = lex.FindCategory(e.category);
    if (e.polarity == Polarity::kOwn && !(own_cat && own_cat->supporting)) {
      // An "if" before the hit in its clause, or opening its sentence; not one
      // inside a longer cue ("if I'm honest" is a hedge, not a condition).
      // Supporting evidence is left alone: "if you bought a slice, we will
      // refund you" offers repair; it does not make the harm hypothetical.
      bool cond = false;
      const std::vector<Span>& ifs = cue_index.Of(CueKind::kConditional);
      auto it = std::lower_bound(ifs.begin(), ifs.end(), sc.sentence.begin,
                                 [](const Span& x, uint32_t p) { return x.begin < p; });
      // An acknowledged act after the "if" clause is owned for those it
      // concerns ("If your meetings vanished, that was me"); only inside the
      // condition is it hypothetical ("if I made a mistake, ...").
      const bool act = own_cat && own_cat->acknowledgment;
      for (; it != ifs.end() && it->end <= e.analysis.begin && !cond; ++it) {
        if (it->begin < sc.clause.begin && (act || it->begin != sc.sentence.begin)) continue;
        if (!cue_index.InsideOther(CueKind::kConditional, *it)) cond = true;
      }
      const Category* conditional = lex.FindCategory("conditional");
      if (cond && conditional) {
        e.category = conditional->name;
        e.polarity = conditional->polarity;
        e.effects.push_back("conditional");
      }
    }
    if (e.polarity == Polarity::kOwn) {
      if (cue_index.Count(CueKind::kHedge, sc.sentence.begin, e.analysis.end) > 0) {
        e.strength *= set.hedged;
        e.effects.push_back("hedged");
      }
      if (rule_of[i]->collective) {
        e.strength *= set.collective;
        e.effects.push_back("collective");
      }
    }
  }

  // 3b. An agentless phrase hides who did it; where the writer names
  // themself as the agent in its sentence or a neighbour ("The parcel went to
  // the wrong address; I typed the old postcode"), nothing is hidden. An
  // acknowledgment that only frames the phrase ("I accept that | mistakes
  // were made") names no one; a phrase followed by its agent (an
  // `agent_markers` word: "mistakes were made by the vendor") was not
  // agentless in the first place.
  for (Evidence& d : ev) {
    if (!d.counted || d.polarity != Polarity::kDeflect) continue;
    const Category* dc = lex.FindCategory(d.category);
    if (!dc || !dc->agentless) continue;
    if (cue_index.Follows(CueKind::kAgentMarker, d.analysis.end)) continue;
    const Span near = CueWindow(set, st, d.analysis.begin);
    auto r = EvRange(ev, near, max_len);
    for (size_t i = r.first; i < r.second; ++i) {
      const Evidence& o = ev[i];
      const Category* oc = lex.FindCategory(o.category);
      const bool frames = o.analysis.end <= d.analysis.begin && d.analysis.begin - o.analysis.end <= 1;
      if (o.counted && o.polarity == Polarity::kOwn && oc && oc->acknowledgment && !frames &&
          Overlaps(o.analysis, near)) {
        Discard(&d, "agent-named:" + o.rule);
        break;
      }
    }
  }

  // 4. Contrast. A "but" (or a mid-sentence "though") that takes back an
  // apology without a deflecting phrase of its own still deflects: it becomes
  // evidence itself (rule "scope.contrast"), so "We regret the disruption, but
  // the terms you signed..." is not an apology.
  std::vector<Evidence> contrasts;
  const std::vector<Cue>& all_cues = cue_index.all();
  for (size_t ci = 0; ci < all_cues.size(); ++ci) {
    const Cue& c = all_cues[ci];
    if (c.kind != CueKind::kContrastAfter && c.kind != CueKind::kContrastBefore) continue;
    if (Quoted(quoted, c.span)) continue;
    Scope sc = ScopeOf(st, c.span.begin);
    const bool opens_sentence = c.span.begin == sc.sentence.begin;
    if (c.kind == CueKind::kContrastBefore && opens_sentence) {
      // "Although the vendor was late, I should have checked": the clause it
      // opens is conceded to the rest of the sentence. Opening a later clause
      // ("I should have checked, although the vendor was late") it works like "but".
      Span conceded{c.span.end, sc.clause.end};
      Span rest{sc.clause.end, sc.sentence.end};
      if (rest.begin < rest.end) Undercut(ev, conceded, rest, set.undercut, false, max_len);
      continue;
    }
    // Mid-sentence, only where it opens a clause ("..., though the brief was
    // late"): "I ran it twice by mistake while testing" is not a contrast.
    if (c.kind == CueKind::kContrastBefore && c.span.begin > sc.clause.begin + 1) continue;
    // "I filled in the form but not the deposit": a "but" followed by an
    // `omissions` word lists what was left undone; it takes nothing back.
    if (c.kind == CueKind::kContrastAfter && cue_index.Follows(CueKind::kOmission, c.span.end)) continue;
    Span before{sc.sentence.begin, c.span.begin};
    if (opens_sentence && sc.sentence_index > 0)  // "... . But ..."
      before = {st.sentences[sc.sentence_index - 1].begin, c.span.begin};
    Span after{c.span.end, sc.sentence.end};
    // A run-on "sentence" of many kilobytes is not one thought: look no
    // further than a long sentence's length either side, which also keeps
    // scoring linear on such input.
    constexpr uint32_t kReach = 2048;
    if (c.span.begin - before.begin > kReach) before.begin = c.span.begin - kReach;
    if (after.end - after.begin > kReach) after.end = after.begin + kReach;
    if (after.end < after.begin) after.end = after.begin;
    const bool bare = Words(text, after) >= 3;
    if (Undercut(ev, before, after, set.undercut, bare, max_len) > 0 && set.contrast > 0) {
      bool deflect_after = false;
      auto r = EvRange(ev, after, max_len);
      for (size_t i = r.first; i < r.second && !deflect_after; ++i)
        if (ev[i].counted && ev[i].polarity == Polarity::kDeflect && Overlaps(ev[i].analysis, after)) deflect_after = true;
      if (!deflect_after) {
        Evidence x;
        x.rule = "scope.contrast";
        x.category = "contrast";
        x.polarity = Polarity::kDeflect;
        x.analysis = c.span;
        x.weight = x.strength = set.contrast;
        x.counted = lex.FindCategory("contrast") != nullptr;
        contrasts.push_back(std::move(x));
      }
    }
  }
  for (Evidence& x : contrasts) ev.push_back(std::move(x));
  std::stable_sort(ev.begin(), ev.end(),
                   [](const Evidence& a, const Evidence& b) { return a.analysis.begin < b.analysis.begin; });

  // 5. Totals, label, score.
  std::map<std::string, double> sums;
  double ack = 0;
  // Acknowledgment before hedges, "we" or a "but" weakened it: the writer did
  // own an act, so however strong the excuse, the message is at least `partial`.
  double ack_owned = 0;
  for (const Evidence& e : ev) {
    if (!e.counted) continue;
    sums[e.category] += e.strength;
    const Category* cat = lex.FindCategory(e.category);
    if (cat && cat->acknowledgment && e.polarity == Polarity::kOwn) {
      if (!Has(e, "hedged") && !Has(e, "collective") && !Has(e, "undercut")) ack += e.strength;
      ack_owned += e.weight;  // before any weakening: was an act owned at all?
    }
  }
  for (const Category& c : set.categories) {
    auto it = sums.find(c.name);
    if (it == sums.end() || it->second <= 0 || c.polarity == Polarity::kNeutral) continue;
    double v = c.cap > 0 ? std::min(it->second, c.cap) : it->second;
    if (c.acknowledgment && c.cap > 0) ack = std::min(ack, c.cap);
    a.components.push_back({c.name, c.polarity, v});
    (c.polarity == Polarity::kOwn ? a.own : a.deflect) += v;
  }
  a.acknowledgment = ack;

  // Apology evidence that is all "supporting" (repair alone: "I'll resend
  // it") does not make an apology; it still counts next to other evidence.
  bool only_supporting = a.own > 0;
  for (const Component& c : a.components) {
    const Category* cat = lex.FindCategory(c.category);
    if (c.polarity == Polarity::kOwn && !(cat && cat->supporting)) only_supporting = false;
  }
  if (only_supporting && a.deflect <= 0) {
    a.label = Label::kNone;
    a.reason = "only supporting evidence (" + a.components.front().category + ") with nothing owned or regretted";
    return a;
  }
  const double own = a.own, def = a.deflect;
  if (own <= 0 && def <= 0) {
    a.label = Label::kNone;
    a.reason = ev.empty() ? "no accountability language" : "no hit counted after scope";
    return a;
  }
  // Ownership of a part ("my share of the blame") is `partial` by definition,
  // however strong the acts owned beside it.
  std::string limited;
  for (const Component& c : a.components) {
    const Category* cat = lex.FindCategory(c.category);
    if (cat && cat->partial_only && limited.empty()) limited = c.category;
  }
  if (limited.empty() && ack >= set.owns_min_acknowledgment && def <= set.owns_max_deflection * ack) {
    a.label = Label::kOwns;
    a.reason = "first-person acknowledgment " + Num(ack) + " >= " + Num(set.owns_min_acknowledgment) +
               " and deflection " + Num(def) + " <= " + Num(set.owns_max_deflection) + " x acknowledgment";
  } else if (own > 0 && (own / (own + def) >= set.partial_min_share ||
                         ack_owned >= set.partial_min_owned)) {
    a.label = Label::kPartial;
    a.reason = (own / (own + def) >= set.partial_min_share
                    ? "apology " + Num(own) + " is " + Num(own / (own + def)) + " of the evidence (>= " +
                          Num(set.partial_min_share) + ")"
                    : "the writer owns an act (" + Num(ack_owned) + ") that deflection " + Num(def) + " then undercuts") +
               (!limited.empty() ? ", " + limited + " owns only a part"
                : ack < set.owns_min_acknowledgment ? ", first-person acknowledgment " + Num(ack) + " < " + Num(set.owns_min_acknowledgment)
                                                    : ", deflection " + Num(def) + " too strong for owns");
  } else {
    a.label = Label::kDeflects;
    a.reason = "deflection " + Num(def) + " outweighs apology " + Num(own);
  }
  // Place the score in the band by net directness: more ownership, less
  // deflection -> higher. Logistic so the band is never left.
  double net = own - def;
  double fill = 1.0 / (1.0 + std::exp(-net / (set.score_scale > 0 ? set.score_scale : 1.0)));
  const Band& band = BandOf(set, a.label);
  a.score = band.low + static_cast<int>(std::lround((band.high - band.low) * fill));
  return a;
}

}  // namespace culpa
