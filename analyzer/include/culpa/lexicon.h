// culpa/lexicon.h — rules and settings as data.
//
// A lexicon is a set of YAML files (lexicons/en/*.yml by default). Each file may
// hold `rules:` (phrases with a category, polarity and weight), `disable:` (ids
// to switch off) and `settings:` (scope words, macros, categories, factors and
// thresholds the scorer uses). Files are read in order; a later rule with the
// same id replaces the earlier one, later settings keys override earlier ones.
// lexicons/README.md is the user-facing manual of the format.
//
//   culpa::LoadResult r = culpa::LoadLexicons({"lexicons/en", "team.yml"});
//   for (const auto& d : r.diagnostics) std::cerr << d.ToString() << "\n";
//   if (!r.ok()) return 2;
#ifndef CULPA_LEXICON_H_
#define CULPA_LEXICON_H_

#include <map>
#include <string>
#include <vector>

#include "culpa/result.h"
#include "culpa/word_model.h"

namespace culpa {

enum class Polarity { kOwn, kDeflect, kNeutral };

// "own", "deflect", "neutral".
const char* PolarityName(Polarity p);

// A category of evidence: an apology component (acknowledgment, repair, ...), a
// deflection family (passive, blame_shift, ...) or "trap" (a sense that only
// looks like accountability and masks what it overlaps).
struct Category {
  std::string name;
  Polarity polarity = Polarity::kOwn;
  double cap = 0;        // most strength one message can get from this category
  std::string flip_to;   // the category a negated hit becomes; empty: negation discards it
  bool acknowledgment = false;  // counts as the writer acknowledging their own act
  // Evidence only in company: a message whose apology side is nothing but this
  // ("I'll resend it") is no apology at all.
  bool supporting = false;
  bool partial_only = false;    // its evidence keeps a message from `owns` ("my share of the blame")
  // Deflects by hiding the agent: a hit stops counting where the writer names
  // themself as the agent beside it ("The parcel went to the wrong address;
  // I typed the old postcode").
  bool agentless = false;
  Location where;
};

struct Rule {
  std::string id;
  std::string category;
  Polarity polarity = Polarity::kOwn;
  double weight = 0;
  bool collective = false;       // `agent: collective`: "we"/"our", weaker than "I"
  std::string pattern;           // as written by the editor
  std::string regex;             // after macros, apostrophes and word boundaries
  std::string screen;            // the same with settings.screens for its macros (== regex when none)
  std::string suggest;           // ownership rewrite shown for deflecting phrases
  bool needs_problem = false;    // counts only near a `scope.problems` word
  std::vector<std::string> match_examples;
  std::vector<std::string> no_match_examples;
  Location where;                // the rule's `id:` in its file
  Location pattern_where;        // the pattern scalar
  std::vector<Location> match_where, no_match_where;
  // Where the rule came from: the origin of its layer ("bundled", "user",
  // "--lexicons", ...; see LexiconLayer), and the earlier definitions with the
  // same id that it replaced, oldest first.
  std::string origin;
  std::vector<Location> replaced;
};

// A rule switched off by a `disable:` entry.
struct DisabledRule {
  std::string id;
  Location where;       // the `disable:` entry
  Location rule_where;  // the rule it switched off
  std::string origin;   // the layer of the `disable:` entry
};

// Words and phrases that set the scope of a hit. Each is a pattern with the same
// conventions as rule patterns.
struct ScopeWords {
  std::vector<std::string> negators;        // odd count before a hit in its clause flips it
  std::vector<std::string> hedges;          // in the hit's clause: weaker, never `owns`
  std::vector<std::string> conditionals;    // before a hit in its clause: hypothetical
  std::vector<std::string> reporting;       // before a hit in its sentence: someone else's words
  std::vector<std::string> contrast_after;  // "but": what follows outweighs what precedes
  std::vector<std::string> contrast_before; // "although": the clause it opens is conceded
  std::vector<std::string> problems;        // something went wrong: context for `needs_problem` rules
  std::vector<std::string> clause_openers;  // "because", "which": a negator before one does not reach past it
  std::vector<std::string> agent_markers;   // "by": right after an `agentless` hit, its agent follows
  std::vector<std::string> omissions;       // "not": right after a contrast_after cue, it lists what was not done
};

struct Band {
  int low = 0;
  int high = 100;
};

// How the word model (word_model.h) judges a message no rule counted in.
struct ModelSettings {
  // The model speaks only when it puts the chance of `none` below this;
  // 0 turns it off.
  double threshold = 0.2;
  // The same for a message with no rule hit and no problem or apology word
  // in it (scope.problems, apology_words): most such mail is routine, and
  // the model has to be surer. 0: never.
  double threshold_without_cue = 0.01;
  // The same for a message whose only cue is weak: a plain act of the
  // writer's set aside for want of a problem word ("i left the keys at
  // home. driving back for them now"). Routine mail narrates acts too
  // ("I booked the demo"), so it sits between the two. 0: never.
  double threshold_weak_cue = 0.06;
  // The score of a message the model is sure of, per label; between labels
  // the score is their mix by the model's odds.
  double owns = 85, partial = 50, deflects = 12;
  // A message the rules judged keeps their label; its score moves this far
  // (0-1) towards the model's, within the label's band.
  double blend = 0.3;
  // ...unless the model is at least this sure of the next label over (owns
  // and partial, partial and deflects): then that label stands. 0: never.
  double relabel = 0.95;
};

struct Settings {
  std::map<std::string, std::string> macros;  // {name} in a pattern -> regex
  // {name} -> a cheaper regex matching at least what the macro matches: the
  // start-up screen uses it, the exact pattern then confirms every hit.
  std::map<std::string, std::string> screens;
  std::vector<Category> categories;           // in declared order (output columns)
  ScopeWords scope;
  // Multipliers applied to a hit's weight by its scope.
  double hedged = 0.5;
  double collective = 0.5;
  double undercut = 0.4;
  // Deflection a "but" adds when it takes back an apology with no deflecting
  // phrase after it (evidence "scope.contrast").
  double contrast = 1.0;
  double problem_reach = 1;           // sentences either side a `needs_problem` rule looks for a problem word
  // Labelling thresholds (see lexicons/README.md, "From hits to a score").
  double owns_min_acknowledgment = 2.0;
  double owns_max_deflection = 1.0;   // deflection tolerated in an `owns` message,
                                      // as a share of its acknowledgment
  double partial_min_share = 0.5;     // own / (own + deflect) at or above: partial
  double partial_min_owned = 1.5;     // owned acts this strong keep a message partial
  double score_scale = 3.0;           // how fast a band fills as evidence grows
  Band owns{70, 100};
  Band partial{40, 69};
  Band deflects{0, 39};
  int64_t regex_memory_mb = 256;      // RE2 budget for the rule set
  // Words that suggest a message is about a mistake ("sorry", "my fault",
  // "apolog"); patterns like rule patterns. Not scored: `culpa lexicon
  // coverage` lists messages that hold one but no rule hit (`settings:
  // apology_words:`, see lexicons/en/coverage.yml).
  std::vector<std::string> apology_words;
  ModelSettings model;
};

struct Diagnostic {
  enum Severity { kError, kWarning, kNote };
  Severity severity = kError;
  Location where;
  std::string message;
  std::string rule_id;  // when the diagnostic is about one rule

  // "path:line:col: error: message".
  std::string ToString() const;
};

struct Lexicon {
  Settings settings;
  std::vector<Rule> rules;
  std::vector<std::string> files;  // every file read, in order
  std::vector<DisabledRule> disabled;  // in the order the `disable:` entries were read
  WordModel model;  // the last *.model file read; empty file name: none

  // nullptr when there is no such category.
  const Category* FindCategory(const std::string& name) const;
};

struct LoadResult {
  Lexicon lexicon;
  std::vector<Diagnostic> diagnostics;
  // False when any diagnostic is an error; the lexicon must not be used then.
  bool ok() const;
};

// One layer of a lexicon: a file or a directory, and a label saying where it
// came from, copied into Rule::origin ("bundled", "user", "--lexicons").
// Within one layer an id must be unique; a later layer may replace a rule.
struct LexiconLayer {
  std::string path;
  std::string origin;
};

// Reads lexicon files and directories (directories: their *.yml files, sorted by
// name, not recursive) in order, one layer each. Checks the YAML, required
// keys, known categories and polarities, weights, duplicate ids within one
// layer, that every pattern parses as RE2, and warns about two rules with the
// same pattern; a rule replaced by a later layer is a note. Never throws.
// (CheckLexicon in analyzer.h runs the slower checks: empty matches and
// examples.)
LoadResult LoadLexiconLayers(const std::vector<LexiconLayer>& layers);

// As LoadLexiconLayers, reusing an earlier load of the very same files from
// `cache_dir` (empty: no cache). yaml-cpp parses about 14 MB/s, which made
// reading the bundled lexicons most of start-up; the cache holds the finished
// LoadResult, keyed by every file's path and bytes, the layers and this build
// of culpa, so an edit to any file (or a new culpa) is always read afresh. Only
// loads without errors are stored; a missing, unwritable or damaged cache just
// means a normal load. (lexicon_cache.cc lists the fields it stores: a new
// field in these structs must be added there.)
LoadResult LoadLexiconLayers(const std::vector<LexiconLayer>& layers, const std::string& cache_dir);

// As LoadLexiconLayers; each path is its own layer, with the path as its origin.
LoadResult LoadLexicons(const std::vector<std::string>& paths);

// Applies macros, optional apostrophes, lowercasing and word boundaries to an
// editor's pattern, giving the regex the matcher compiles: \b(?:PATTERN)\b,
// leaving off a boundary where the pattern starts or ends with punctuation
// (a literal , ; : ! " or a class of punctuation like [.,;!]). Exposed for
// tests and tools.
std::string ExpandPattern(const std::string& pattern, const std::map<std::string, std::string>& macros);

}  // namespace culpa

#endif  // CULPA_LEXICON_H_
