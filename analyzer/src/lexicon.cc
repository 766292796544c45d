// Lexicon loading: the one file that knows yaml-cpp. Every problem becomes a
// Diagnostic pointing into the user's file; nothing here throws to the caller.
#include "culpa/lexicon.h"

#include "lexicon_files.h"

#include <re2/re2.h>
#include <re2/set.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <atomic>
#include <thread>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <set>
#include <unordered_map>

namespace culpa {

namespace fs = std::filesystem;

const char* PolarityName(Polarity p) {
  switch (p) {
    case Polarity::kOwn: return "own";
    case Polarity::kDeflect: return "deflect";
    case Polarity::kNeutral: return "neutral";
  }
  return "own";
}

std::string Diagnostic::ToString() const {
  static const char* kNames[] = {"error", "warning", "note"};
  std::string w = where.ToString();
  return (w.empty() ? "" : w + ": ") + kNames[severity] + ": " + message;
}

const Category* Lexicon::FindCategory(const std::string& name) const {
  for (const Category& c : settings.categories)
    if (c.name == name) return &c;
  return nullptr;
}

bool LoadResult::ok() const {
  return std::none_of(diagnostics.begin(), diagnostics.end(),
                      [](const Diagnostic& d) { return d.severity == Diagnostic::kError; });
}

namespace {

// Whether a pattern starts (or ends) with punctuation: a literal , ; : ! " or a
// class of punctuation only ("[.,;!]"). There the word boundary is left off,
// so "i shouldn't have[,.;!]" can insist on the punctuation that follows.
bool PunctuationEdge(const std::string& p, bool at_end) {
  if (p.empty()) return false;
  auto literal = [](char c) { return c == ',' || c == ';' || c == ':' || c == '!' || c == '"'; };
  if (!at_end) {
    if (literal(p[0])) return true;
    if (p[0] != '[' || p.size() < 2 || p[1] == '^') return false;
    size_t close = p.find(']', 2);
    if (close == std::string::npos) return false;
    for (size_t i = 1; i < close; ++i)
      if (std::isalnum(static_cast<unsigned char>(p[i])) || p[i] == '\\') return false;
    return true;
  }
  const size_t n = p.size();
  if (n >= 2 && p[n - 2] == '\\') return false;  // an escape: \b, \w, \.
  if (literal(p[n - 1])) return true;
  if (p[n - 1] != ']') return false;
  size_t open = p.rfind('[', n - 1);
  if (open == std::string::npos || (open + 1 < n && p[open + 1] == '^')) return false;
  for (size_t i = open + 1; i + 1 < n; ++i)
    if (std::isalnum(static_cast<unsigned char>(p[i])) || p[i] == '\\') return false;
  return true;
}

}  // namespace

std::string ExpandPattern(const std::string& pattern, const std::map<std::string, std::string>& macros) {
  std::string expanded;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{' && (i == 0 || pattern[i - 1] != '\\')) {
      size_t close = pattern.find('}', i);
      if (close != std::string::npos) {
        auto it = macros.find(pattern.substr(i + 1, close - i - 1));
        if (it != macros.end()) {
          expanded += it->second;
          i = close;
          continue;
        }
      }
    }
    expanded += pattern[i];
  }
  // An apostrophe is optional ("thats", "im"): people type without them.
  // ASCII letters are lowercased (the text is case-folded, and matching
  // case-sensitively compiles twice as fast), except escapes: \B, \pL, \p{Lu}.
  std::string out;
  bool in_class = false;
  for (size_t i = 0; i < expanded.size(); ++i) {
    char c = expanded[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    out += c;
    if (c == '\\' && i + 1 < expanded.size()) {
      char e = expanded[++i];
      out += e;
      if ((e == 'p' || e == 'P' || e == 'x') && i + 1 < expanded.size()) {
        if (expanded[i + 1] == '{') {
          size_t close = expanded.find('}', i + 1);
          if (close == std::string::npos) close = expanded.size() - 1;
          out.append(expanded, i + 1, close - i);
          i = close;
        } else {
          out += expanded[++i];
        }
      }
      continue;
    }
    if (c == '[') in_class = true;
    else if (c == ']') in_class = false;
    else if (c == '\'' && !in_class) {
      char next = i + 1 < expanded.size() ? expanded[i + 1] : '\0';
      if (next != '?' && next != '*' && next != '+' && next != '{') out += '?';
    }
  }
  return std::string(PunctuationEdge(out, false) ? "(?:" : "\\b(?:") + out +
         (PunctuationEdge(out, true) ? ")" : ")\\b");
}

namespace {

Location At(const std::string& path, const YAML::Node& n) {
  YAML::Mark m = n.Mark();
  if (m.line < 0) return {path, 0, 0};
  return {path, m.line + 1, m.column + 1};
}

// A rule as read, before categories are known (settings may come later).
struct RawRule {
  Rule rule;
  std::string polarity;   // as written, may be empty
  Location polarity_where, category_where, weight_where, agent_where;
  std::string agent;
  size_t layer = 0;
};

// One file's YAML, parsed (possibly on another thread), or why it could not be.
struct Parsed {
  YAML::Node doc;
  bool ok = false;
  Location where;
  std::string error;
};

Parsed ParseYaml(const std::string& path) {
  Parsed p;
  p.where = {path, 0, 0};
  try {
    p.doc = YAML::LoadFile(path);
    p.ok = true;
  } catch (const YAML::BadFile&) {
    p.error = "cannot read lexicon file";
  } catch (const YAML::ParserException& e) {
    p.where = {path, e.mark.line + 1, e.mark.column + 1};
    p.error = "invalid YAML: " + e.msg;
  } catch (const YAML::Exception& e) {
    p.error = std::string("invalid YAML: ") + e.what();
  }
  return p;
}

class Loader {
 public:
  LoadResult Run(const std::vector<LexiconLayer>& layers);

 private:
  void Error(Location where, std::string msg, std::string rule = "") {
    out_.diagnostics.push_back({Diagnostic::kError, std::move(where), std::move(msg), std::move(rule)});
  }
  void Warn(Location where, std::string msg, std::string rule = "") {
    out_.diagnostics.push_back({Diagnostic::kWarning, std::move(where), std::move(msg), std::move(rule)});
  }
  void Note(Location where, std::string msg, std::string rule = "") {
    out_.diagnostics.push_back({Diagnostic::kNote, std::move(where), std::move(msg), std::move(rule)});
  }

  void ReadFile(const std::string& path, size_t layer, Parsed parsed);
  void ReadRules(const std::string& path, const YAML::Node& rules, size_t layer);
  void ReadModel(const std::string& path, size_t layer);
  void ReadSettings(const std::string& path, const YAML::Node& s);
  bool GetString(const std::string& path, const YAML::Node& n, const char* what, std::string* out);
  bool GetNumber(const std::string& path, const YAML::Node& n, const char* what, double* out);
  bool GetStrings(const std::string& path, const YAML::Node& n, const char* what,
                  std::vector<std::string>* out, std::vector<Location>* where = nullptr);
  void Finish();

  LoadResult out_;
  std::vector<RawRule> raw_;
  struct Disable {
    std::string id;
    Location where;
    size_t layer;
  };
  std::vector<Disable> disabled_;
  std::vector<std::string> origins_;  // per layer
  std::map<std::string, Location> screen_where_;  // each settings.screens entry
  std::vector<size_t> layer_of_;  // parallel to out_.lexicon.rules
  size_t model_layer_ = 0;        // the layer of out_.lexicon.model
};

bool Loader::GetString(const std::string& path, const YAML::Node& n, const char* what, std::string* out) {
  if (!n.IsScalar()) {
    Error(At(path, n), std::string("'") + what + "' must be a string");
    return false;
  }
  *out = n.Scalar();
  return true;
}

bool Loader::GetNumber(const std::string& path, const YAML::Node& n, const char* what, double* out) {
  if (n.IsScalar()) {
    try {
      *out = n.as<double>();
      return true;
    } catch (const YAML::Exception&) {
    }
  }
  Error(At(path, n), std::string("'") + what + "' must be a number");
  return false;
}

bool Loader::GetStrings(const std::string& path, const YAML::Node& n, const char* what,
                        std::vector<std::string>* out, std::vector<Location>* where) {
  if (!n.IsSequence()) {
    Error(At(path, n), std::string("'") + what + "' must be a list of strings");
    return false;
  }
  out->clear();
  if (where) where->clear();
  for (const YAML::Node& item : n) {
    if (!item.IsScalar()) {
      Error(At(path, item), std::string("items of '") + what + "' must be strings");
      return false;
    }
    out->push_back(item.Scalar());
    if (where) where->push_back(At(path, item));
  }
  return true;
}

bool IsModelFile(const std::string& path) { return fs::path(path).extension() == ".model"; }

void Loader::ReadModel(const std::string& path, size_t layer) {
  std::string bytes;
  if (!ReadAll(path, &bytes)) {
    Error({path, 0, 0}, "cannot read model file");
    return;
  }
  ModelLoad m = ReadWordModel(path, bytes);
  for (culpa::Error& e : m.errors) Error(std::move(e.where), std::move(e.message));
  if (!m.errors.empty()) return;
  WordModel& current = out_.lexicon.model;
  if (!current.file.empty()) {
    if (model_layer_ == layer) {
      Error({path, 0, 0}, "a second model file in one lexicon layer (the first is " + current.file + ")");
      return;
    }
    Note({path, 0, 0}, "this model replaces " + current.file);
  }
  current = std::move(m.model);
  model_layer_ = layer;
}

void Loader::ReadFile(const std::string& path, size_t layer, Parsed parsed) {
  out_.lexicon.files.push_back(path);
  if (IsModelFile(path)) {
    ReadModel(path, layer);
    return;
  }
  if (!parsed.ok) {
    Error(parsed.where, parsed.error);
    return;
  }
  const YAML::Node& doc = parsed.doc;
  if (doc.IsNull()) return;  // an empty file is a valid, empty lexicon
  if (!doc.IsMap()) {
    Error(At(path, doc), "a lexicon file must be a mapping with 'rules', 'disable' or 'settings'");
    return;
  }
  for (const auto& kv : doc) {
    const std::string key = kv.first.Scalar();
    if (key == "rules") {
      ReadRules(path, kv.second, layer);
    } else if (key == "settings") {
      ReadSettings(path, kv.second);
    } else if (key == "disable") {
      std::vector<std::string> ids;
      std::vector<Location> where;
      if (GetStrings(path, kv.second, "disable", &ids, &where))
        for (size_t i = 0; i < ids.size(); ++i) disabled_.push_back({ids[i], where[i], layer});
    } else {
      Error(At(path, kv.first), "unknown key '" + key + "' (expected rules, disable or settings)");
    }
  }
}

void Loader::ReadRules(const std::string& path, const YAML::Node& rules, size_t layer) {
  if (!rules.IsSequence()) {
    Error(At(path, rules), "'rules' must be a list");
    return;
  }
  for (const YAML::Node& r : rules) {
    if (!r.IsMap()) {
      Error(At(path, r), "a rule must be a mapping with id, category, weight and pattern");
      continue;
    }
    RawRule raw;
    raw.layer = layer;
    Rule& rule = raw.rule;
    rule.where = At(path, r);
    bool ok = true;
    bool has_id = false, has_category = false, has_weight = false, has_pattern = false;
    for (const auto& kv : r) {
      const std::string key = kv.first.Scalar();
      const YAML::Node& v = kv.second;
      if (key == "id") {
        has_id = ok &= GetString(path, v, "id", &rule.id);
        rule.where = At(path, kv.first);
      } else if (key == "category") {
        has_category = ok &= GetString(path, v, "category", &rule.category);
        raw.category_where = At(path, v);
      } else if (key == "polarity") {
        ok &= GetString(path, v, "polarity", &raw.polarity);
        raw.polarity_where = At(path, v);
      } else if (key == "weight") {
        has_weight = ok &= GetNumber(path, v, "weight", &rule.weight);
        raw.weight_where = At(path, v);
      } else if (key == "agent") {
        ok &= GetString(path, v, "agent", &raw.agent);
        raw.agent_where = At(path, v);
      } else if (key == "pattern") {
        has_pattern = ok &= GetString(path, v, "pattern", &rule.pattern);
        rule.pattern_where = At(path, v);
      } else if (key == "suggest") {
        ok &= GetString(path, v, "suggest", &rule.suggest);
      } else if (key == "needs_problem") {
        if (!v.IsScalar() || (v.Scalar() != "true" && v.Scalar() != "false")) {
          Error(At(path, v), "'needs_problem' must be true or false", rule.id);
          ok = false;
        } else {
          rule.needs_problem = v.Scalar() == "true";
        }
      } else if (key == "note") {
        // Free text for editors; kept out of output.
      } else if (key == "examples") {
        if (!v.IsMap()) {
          Error(At(path, v), "'examples' must be a mapping with 'match' and 'no_match' lists");
          ok = false;
          continue;
        }
        for (const auto& ex : v) {
          const std::string k = ex.first.Scalar();
          if (k == "match") ok &= GetStrings(path, ex.second, "match", &rule.match_examples, &rule.match_where);
          else if (k == "no_match")
            ok &= GetStrings(path, ex.second, "no_match", &rule.no_match_examples, &rule.no_match_where);
          else {
            Error(At(path, ex.first), "unknown key '" + k + "' in examples (expected match, no_match)");
            ok = false;
          }
        }
      } else {
        Error(At(path, kv.first), "unknown rule key '" + key + "'", rule.id);
        ok = false;
      }
    }
    const char* missing = !has_id ? "id" : !has_category ? "category" : !has_weight ? "weight"
                        : !has_pattern ? "pattern" : nullptr;
    if (missing && ok) {
      Error(rule.where, std::string("rule is missing required key '") + missing + "'", rule.id);
      ok = false;
    }
    if (ok) raw_.push_back(std::move(raw));
  }
}

void Loader::ReadSettings(const std::string& path, const YAML::Node& s) {
  Settings& st = out_.lexicon.settings;
  if (!s.IsMap()) {
    Error(At(path, s), "'settings' must be a mapping");
    return;
  }
  for (const auto& kv : s) {
    const std::string key = kv.first.Scalar();
    const YAML::Node& v = kv.second;
    if (key == "macros" || key == "screens") {
      if (!v.IsMap()) { Error(At(path, v), "'" + key + "' must be a mapping of name: regex"); continue; }
      auto& into = key == "macros" ? st.macros : st.screens;
      for (const auto& m : v) {
        std::string value;
        if (GetString(path, m.second, key == "macros" ? "macro" : "screen", &value)) into[m.first.Scalar()] = value;
        if (key == "screens") screen_where_[m.first.Scalar()] = At(path, m.first);
      }
    } else if (key == "categories") {
      if (!v.IsMap()) { Error(At(path, v), "'categories' must be a mapping of name: {...}"); continue; }
      for (const auto& c : v) {
        Category cat;
        cat.name = c.first.Scalar();
        cat.where = At(path, c.first);
        if (!c.second.IsMap()) { Error(At(path, c.second), "a category must be a mapping"); continue; }
        std::string polarity;
        for (const auto& f : c.second) {
          const std::string fk = f.first.Scalar();
          if (fk == "polarity") {
            if (GetString(path, f.second, "polarity", &polarity)) {
              if (polarity == "own") cat.polarity = Polarity::kOwn;
              else if (polarity == "deflect") cat.polarity = Polarity::kDeflect;
              else if (polarity == "neutral") cat.polarity = Polarity::kNeutral;
              else Error(At(path, f.second), "unknown polarity '" + polarity + "' (expected own, deflect or neutral)");
            }
          } else if (fk == "cap") {
            GetNumber(path, f.second, "cap", &cat.cap);
          } else if (fk == "flip_to") {
            GetString(path, f.second, "flip_to", &cat.flip_to);
          } else if (fk == "acknowledgment") {
            std::string b;
            if (GetString(path, f.second, "acknowledgment", &b)) cat.acknowledgment = (b == "true");
          } else if (fk == "supporting") {
            std::string b;
            if (GetString(path, f.second, "supporting", &b)) cat.supporting = (b == "true");
          } else if (fk == "partial_only") {
            std::string b;
            if (GetString(path, f.second, "partial_only", &b)) cat.partial_only = (b == "true");
          } else if (fk == "agentless") {
            std::string b;
            if (GetString(path, f.second, "agentless", &b)) cat.agentless = (b == "true");
          } else if (fk == "about") {
          } else {
            Error(At(path, f.first), "unknown category key '" + fk + "'");
          }
        }
        if (polarity.empty()) Error(cat.where, "category '" + cat.name + "' needs a polarity");
        auto it = std::find_if(st.categories.begin(), st.categories.end(),
                               [&](const Category& x) { return x.name == cat.name; });
        if (it != st.categories.end()) *it = cat;
        else st.categories.push_back(cat);
      }
    } else if (key == "scope") {
      if (!v.IsMap()) { Error(At(path, v), "'scope' must be a mapping"); continue; }
      for (const auto& w : v) {
        const std::string wk = w.first.Scalar();
        std::vector<std::string>* list = wk == "negators" ? &st.scope.negators
                                       : wk == "hedges" ? &st.scope.hedges
                                       : wk == "conditionals" ? &st.scope.conditionals
                                       : wk == "reporting" ? &st.scope.reporting
                                       : wk == "contrast_after" ? &st.scope.contrast_after
                                       : wk == "contrast_before" ? &st.scope.contrast_before
                                       : wk == "problems" ? &st.scope.problems
                                       : wk == "clause_openers" ? &st.scope.clause_openers
                                       : wk == "agent_markers" ? &st.scope.agent_markers
                                       : wk == "omissions" ? &st.scope.omissions : nullptr;
        if (!list) { Error(At(path, w.first), "unknown scope list '" + wk + "'"); continue; }
        GetStrings(path, w.second, wk.c_str(), list);
      }
    } else if (key == "factors") {
      if (!v.IsMap()) { Error(At(path, v), "'factors' must be a mapping"); continue; }
      for (const auto& f : v) {
        const std::string fk = f.first.Scalar();
        double* d = fk == "hedged" ? &st.hedged : fk == "collective" ? &st.collective
                  : fk == "undercut" ? &st.undercut : fk == "contrast" ? &st.contrast
                  : fk == "problem_reach" ? &st.problem_reach : nullptr;
        if (!d) { Error(At(path, f.first), "unknown factor '" + fk + "'"); continue; }
        GetNumber(path, f.second, fk.c_str(), d);
      }
    } else if (key == "labels") {
      if (!v.IsMap()) { Error(At(path, v), "'labels' must be a mapping"); continue; }
      for (const auto& f : v) {
        const std::string fk = f.first.Scalar();
        if (fk == "bands") {
          for (const auto& b : f.second) {
            const std::string bk = b.first.Scalar();
            Band* band = bk == "owns" ? &st.owns : bk == "partial" ? &st.partial
                       : bk == "deflects" ? &st.deflects : nullptr;
            if (!band || !b.second.IsSequence() || b.second.size() != 2) {
              Error(At(path, b.first), "bands are owns, partial and deflects, each [low, high]");
              continue;
            }
            double lo = 0, hi = 0;
            if (GetNumber(path, b.second[0], "low", &lo) && GetNumber(path, b.second[1], "high", &hi)) {
              if (lo < 0 || hi > 100 || lo > hi) Error(At(path, b.second), "a band must satisfy 0 <= low <= high <= 100");
              band->low = static_cast<int>(lo);
              band->high = static_cast<int>(hi);
            }
          }
          continue;
        }
        double* d = fk == "owns_min_acknowledgment" ? &st.owns_min_acknowledgment
                  : fk == "owns_max_deflection" ? &st.owns_max_deflection
                  : fk == "partial_min_share" ? &st.partial_min_share
                  : fk == "partial_min_owned" ? &st.partial_min_owned
                  : fk == "score_scale" ? &st.score_scale : nullptr;
        if (!d) { Error(At(path, f.first), "unknown labels key '" + fk + "'"); continue; }
        GetNumber(path, f.second, fk.c_str(), d);
      }
    } else if (key == "model") {
      if (!v.IsMap()) { Error(At(path, v), "'model' must be a mapping"); continue; }
      for (const auto& f : v) {
        const std::string fk = f.first.Scalar();
        if (fk == "scores") {
          if (!f.second.IsMap()) { Error(At(path, f.second), "'scores' must map owns, partial and deflects to 0-100"); continue; }
          for (const auto& b : f.second) {
            const std::string bk = b.first.Scalar();
            double* d = bk == "owns" ? &st.model.owns : bk == "partial" ? &st.model.partial
                      : bk == "deflects" ? &st.model.deflects : nullptr;
            if (!d) { Error(At(path, b.first), "model scores are owns, partial and deflects"); continue; }
            if (GetNumber(path, b.second, bk.c_str(), d) && (*d < 0 || *d > 100))
              Error(At(path, b.second), "a model score must be between 0 and 100");
          }
        } else if (fk == "blend") {
          if (GetNumber(path, f.second, "blend", &st.model.blend) && (st.model.blend < 0 || st.model.blend > 1))
            Error(At(path, f.second), "the model blend is a share, between 0 and 1");
        } else if (fk == "threshold" || fk == "threshold_without_cue" || fk == "threshold_weak_cue" ||
                   fk == "relabel") {
          double* t = fk == "threshold"               ? &st.model.threshold
                      : fk == "threshold_without_cue" ? &st.model.threshold_without_cue
                      : fk == "threshold_weak_cue"    ? &st.model.threshold_weak_cue
                                                      : &st.model.relabel;
          if (GetNumber(path, f.second, fk.c_str(), t) && (*t < 0 || *t > 1))
            Error(At(path, f.second), "the model " + fk + " is a probability, between 0 and 1");
        } else {
          Error(At(path, f.first), "unknown model key '" + fk +
                                         "' (expected threshold, threshold_without_cue, threshold_weak_cue, scores, blend or relabel)");
        }
      }
    } else if (key == "apology_words") {
      GetStrings(path, v, "apology_words", &st.apology_words);
    } else if (key == "regex_memory_mb") {
      double mb = 0;
      if (GetNumber(path, v, "regex_memory_mb", &mb)) {
        if (mb < 1 || mb > 4096) Error(At(path, v), "regex_memory_mb must be between 1 and 4096");
        else st.regex_memory_mb = static_cast<int64_t>(mb);
      }
    } else {
      Error(At(path, kv.first), "unknown settings key '" + key + "'");
    }
  }
}

void Loader::Finish() {
  Lexicon& lex = out_.lexicon;
  for (const Category& c : lex.settings.categories)
    if (!c.flip_to.empty() && !lex.FindCategory(c.flip_to))
      Error(c.where, "category '" + c.name + "' flips to unknown category '" + c.flip_to + "'");

  std::unordered_map<std::string, size_t> index;  // id -> position in lex.rules
  std::set<std::string> known_macros;
  for (const auto& m : lex.settings.macros) known_macros.insert(m.first);
  // The macros with their screens in place of the real thing, for each
  // rule's screen pattern; empty when no macro has a screen.
  std::map<std::string, std::string> screened;
  for (const auto& [name, regex] : lex.settings.screens) {
    if (!known_macros.count(name)) {
      Error(screen_where_[name], "screen for unknown macro '{" + name + "}'");
      continue;
    }
    if (screened.empty()) screened = lex.settings.macros;
    screened[name] = regex;
  }
  static const RE2 kMacroRef("\\{([a-z_][a-z0-9_]*)\\}");
  RE2::Options syntax_opts;
  syntax_opts.set_log_errors(false);
  RE2::Set syntax(syntax_opts, RE2::UNANCHORED);

  for (RawRule& raw : raw_) {
    Rule& rule = raw.rule;
    bool ok = true;
    if (rule.id.empty()) { Error(rule.where, "rule id must not be empty"); continue; }
    const Category* cat = lex.FindCategory(rule.category);
    if (!cat) {
      std::string known;
      for (const Category& c : lex.settings.categories) known += (known.empty() ? "" : ", ") + c.name;
      Error(raw.category_where, "unknown category '" + rule.category + "' (known: " + known + ")", rule.id);
      ok = false;
    } else {
      rule.polarity = cat->polarity;
      if (!raw.polarity.empty() && raw.polarity != PolarityName(cat->polarity)) {
        if (raw.polarity != "own" && raw.polarity != "deflect" && raw.polarity != "neutral")
          Error(raw.polarity_where, "unknown polarity '" + raw.polarity + "' (expected own, deflect or neutral)", rule.id);
        else
          Error(raw.polarity_where, "polarity '" + raw.polarity + "' contradicts category '" + rule.category +
                "', which is " + PolarityName(cat->polarity), rule.id);
        ok = false;
      }
    }
    if (rule.weight < 0 || rule.weight > 10) {
      Error(raw.weight_where, "weight must be between 0 and 10", rule.id);
      ok = false;
    }
    if (!raw.agent.empty()) {
      if (raw.agent == "collective") rule.collective = true;
      else if (raw.agent != "self") {
        Error(raw.agent_where, "unknown agent '" + raw.agent + "' (expected self or collective)", rule.id);
        ok = false;
      }
    }
    re2::StringPiece in(rule.pattern);
    std::string name;
    while (RE2::FindAndConsume(&in, kMacroRef, &name)) {
      if (!known_macros.count(name) && !lex.settings.macros.empty())
        Error(rule.pattern_where, "unknown macro '{" + name + "}'", rule.id), ok = false;
    }
    std::string parse_error;
    rule.regex = ExpandPattern(rule.pattern, lex.settings.macros);
    rule.screen = screened.empty() ? rule.regex : ExpandPattern(rule.pattern, screened);
    // Parse only (cheap): compiling happens once, in the Matcher.
    if (syntax.Add(rule.regex, &parse_error) < 0) {
      Error(rule.pattern_where, "pattern does not compile: " + parse_error, rule.id);
      ok = false;
    } else if (rule.screen != rule.regex && syntax.Add(rule.screen, &parse_error) < 0) {
      Error(rule.pattern_where, "pattern with its macros' screens (settings: screens) does not compile: " + parse_error,
            rule.id);
      ok = false;
    }
    if (rule.polarity == Polarity::kDeflect && rule.suggest.empty() && ok)
      Warn(rule.where, "deflecting rule has no 'suggest' rewrite", rule.id);
    if (!ok) continue;

    rule.origin = raw.layer < origins_.size() ? origins_[raw.layer] : std::string();
    auto it = index.find(rule.id);
    if (it == index.end()) {
      index.emplace(rule.id, lex.rules.size());
      lex.rules.push_back(std::move(rule));
      layer_of_.push_back(raw.layer);
      continue;
    }
    Rule& old = lex.rules[it->second];
    if (layer_of_[it->second] == raw.layer) {
      Error(rule.where, "duplicate rule id '" + rule.id + "' (first defined at " + old.where.ToString() + ")", rule.id);
      continue;
    }
    Note(rule.where, "rule '" + rule.id + "' replaces the one at " + old.where.ToString(), rule.id);
    rule.replaced = std::move(old.replaced);
    rule.replaced.push_back(old.where);
    old = std::move(rule);
    layer_of_[it->second] = raw.layer;
  }

  std::vector<bool> off(lex.rules.size(), false);
  for (const Disable& d : disabled_) {
    auto it = index.find(d.id);
    if (it == index.end()) {
      Warn(d.where, "disable names unknown rule '" + d.id + "'", d.id);
      continue;
    }
    if (off[it->second]) continue;  // disabled twice: once is enough
    off[it->second] = true;
    lex.disabled.push_back({d.id, d.where, lex.rules[it->second].where,
                            d.layer < origins_.size() ? origins_[d.layer] : std::string()});
  }
  size_t kept = 0;
  for (size_t i = 0; i < lex.rules.size(); ++i)
    if (!off[i]) {
      if (kept != i) lex.rules[kept] = std::move(lex.rules[i]);
      ++kept;
    }
  lex.rules.resize(kept);

  // Two rules with one pattern: the second can never add anything but double
  // counting (or a silent tie in overlaps). A warning, not an error, so an
  // overlay can still be tried out.
  std::unordered_map<std::string, size_t> by_regex;
  for (size_t i = 0; i < lex.rules.size(); ++i) {
    const Rule& r = lex.rules[i];
    auto [it, fresh] = by_regex.emplace(r.regex, i);
    if (fresh) continue;
    const Rule& first = lex.rules[it->second];
    Warn(r.pattern_where, "rule '" + r.id + "' has the same pattern as rule '" + first.id + "' (" +
                              first.pattern_where.ToString() + ")", r.id);
  }
}

LoadResult Loader::Run(const std::vector<LexiconLayer>& layers) {
  for (const LexiconLayer& l : layers) origins_.push_back(l.origin);
  std::vector<LexiconFile> files = FindLexiconFiles(layers, &out_.diagnostics);
  // yaml-cpp parses ~11 MB/s, most of start-up: parse the files on all cores,
  // then read them in order, so the result does not depend on the threads.
  std::vector<Parsed> parsed(files.size());
  const size_t workers = std::max(1u, std::min(4u, std::thread::hardware_concurrency()));
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next++) < files.size();)
      if (!IsModelFile(files[i].path)) parsed[i] = ParseYaml(files[i].path);
  };
  std::vector<std::thread> pool;
  for (size_t w = 1; w < workers && w < files.size(); ++w) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();
  for (size_t i = 0; i < files.size(); ++i) ReadFile(files[i].path, files[i].layer, std::move(parsed[i]));
  if (out_.lexicon.settings.categories.empty())
    Error({layers.empty() ? std::string() : layers.front().path, 0, 0},
          "no categories defined: the lexicons need a 'settings: categories:' section (see lexicons/en/config.yml)");
  Finish();
  return std::move(out_);
}

}  // namespace

bool ReadAll(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return !in.bad();
}

std::vector<LexiconFile> FindLexiconFiles(const std::vector<LexiconLayer>& layers, std::vector<Diagnostic>* problems) {
  std::vector<LexiconFile> files;  // in load order
  for (size_t layer = 0; layer < layers.size(); ++layer) {
    const std::string& p = layers[layer].path;
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<std::string> found;
      for (const auto& e : fs::directory_iterator(p, ec))
        if (e.path().extension() == ".yml" || e.path().extension() == ".yaml" || e.path().extension() == ".model")
          found.push_back(e.path().string());
      std::sort(found.begin(), found.end());
      if (found.empty())
        problems->push_back({Diagnostic::kWarning, {p, 0, 0}, "no .yml lexicon files in directory", ""});
      for (const std::string& f : found) files.push_back({f, layer});
    } else if (fs::exists(p, ec)) {
      files.push_back({p, layer});
    } else {
      problems->push_back({Diagnostic::kError, {p, 0, 0}, "no such lexicon file or directory", ""});
    }
  }
  return files;
}

LoadResult LoadLexiconLayers(const std::vector<LexiconLayer>& layers) {
  Loader loader;
  return loader.Run(layers);
}

LoadResult LoadLexicons(const std::vector<std::string>& paths) {
  std::vector<LexiconLayer> layers;
  layers.reserve(paths.size());
  for (const std::string& p : paths) layers.push_back({p, p});
  return LoadLexiconLayers(layers);
}

}  // namespace culpa
