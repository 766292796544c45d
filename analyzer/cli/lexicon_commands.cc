// culpa lexicon check | test | list | coverage | new | patterns: the tools for
// people who edit the rules.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <fstream>
#include <map>
#include <sstream>

#include "cli_util.h"
#include "commands.h"
#include "culpa/analyzer.h"
#include "culpa/matcher.h"
#include "culpa/reader.h"
#include "culpa/word_model.h"

namespace culpa::cli {

namespace {

const char kLexiconUsage[] =
    "usage: culpa lexicon <subcommand> [options]\n"
    "\n"
    "subcommands:\n"
    "  check [PATH...]        validate lexicon files and run their examples (compiler-style errors)\n"
    "  test [PATH...]         run every rule's match/no_match examples; --rule ID for one rule\n"
    "  list                   a table of the rules; --category, --prefix, --origin, --format jsonl\n"
    "  coverage CORPUS...     how often each rule fires on your messages, and what no rule covers\n"
    "  new ID                 print a commented rule skeleton to start from\n"
    "  patterns               print every rule's compiled regex, one per line (for rg -f)\n"
    "  train FILE.jsonl...    train the word model on labelled messages (docs/word-model.md)\n"
    "\n"
    "Every subcommand loads the bundled lexicons, then $XDG_CONFIG_HOME/culpa/lexicons,\n"
    "then each --lexicons PATH (check and test: then each PATH); --no-default-lexicons\n"
    "starts empty. 'culpa lexicon <subcommand> --help' shows its options.\n";

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s = buf;
  while (s.size() > 1 && s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

std::string Slice(const std::string& text, const Span& s) {
  if (s.begin >= text.size()) return std::string();
  return text.substr(s.begin, std::min<size_t>(s.end, text.size()) - s.begin);
}

// A subcommand's positional arguments: `name` takes up to `max` of them (-1:
// any number); with `missing` set, giving none is that usage error.
struct Positional {
  const char* name = nullptr;
  int max = -1;
  const char* missing = nullptr;
};

// Parses a subcommand's options into *vm. False when the run ends here, with
// *rc set: --help printed (0) or a usage error (2).
bool ParseSub(const std::string& sub, const std::vector<std::string>& args, po::options_description* opts,
              const Positional& positional, po::variables_map* vm, int* rc) {
  opts->add_options()("help,h", "show this help");
  po::positional_options_description pos;
  if (positional.name) pos.add(positional.name, positional.max);
  AddLexiconOptions(opts);
  try {
    *vm = Parse(args, *opts, pos);
  } catch (const UsageError& e) {
    *rc = Usage("lexicon " + sub, e);
    return false;
  }
  if (vm->count("help")) {
    std::cout << *opts << "\n";
    *rc = 0;
    return false;
  }
  if (positional.missing && !vm->count(positional.name)) {
    *rc = Usage("lexicon " + sub, {positional.missing});
    return false;
  }
  return true;
}

// Layers for check and test: the usual ones, then each positional PATH.
std::vector<LexiconLayer> LayersWithPaths(const po::variables_map& vm) {
  std::vector<LexiconLayer> layers = LexiconLayers(vm);
  if (vm.count("path"))
    for (const std::string& p : vm["path"].as<std::vector<std::string>>()) layers.push_back({p, "argument"});
  return layers;
}

// Loads and compiles, printing load errors; false (with *rc = 2) on failure.
bool LoadAndCompile(const std::vector<LexiconLayer>& layers, LoadResult* lex, std::unique_ptr<Analyzer>* analyzer,
                    int* rc) {
  if (!LoadOrReport(layers, lex, false)) {
    *rc = 2;
    return false;
  }
  Result<Analyzer> a = Analyzer::Create(lex->lexicon);
  if (!a.ok()) {
    std::cerr << "culpa: " << a.error().ToString() << "\n";
    *rc = 2;
    return false;
  }
  *analyzer = std::make_unique<Analyzer>(std::move(a.value()));
  return true;
}

int Check(const std::vector<std::string>& args) {
  po::options_description opts(
      "culpa lexicon check [PATH...] — validate lexicon files and run their examples\n\n"
      "Loads the bundled lexicons (unless --no-default-lexicons), the user directory, each\n"
      "--lexicons PATH and then each PATH, and reports every problem as\n"
      "path:line:col: error|warning|note: message, with the line and a caret. Exit 1 on any error.\n\noptions");
  opts.add_options()("path", po::value<std::vector<std::string>>(), "lexicon files or directories");
  po::variables_map vm;
  int rc = 0;
  if (!ParseSub("check", args, &opts, {"path"}, &vm, &rc)) return rc;

  LoadResult lex = LoadLexiconLayers(LayersWithPaths(vm));
  DiagnosticPrinter printer;
  int errors = 0, warnings = 0;
  for (const Diagnostic& d : lex.diagnostics) {
    printer.Print(std::cout, d);
    errors += d.severity == Diagnostic::kError;
    warnings += d.severity == Diagnostic::kWarning;
  }
  int examples = 0;
  if (lex.ok()) {
    Result<Analyzer> analyzer = Analyzer::Create(lex.lexicon);
    if (!analyzer.ok()) {
      std::cout << "error: " << analyzer.error().ToString() << "\n";
      ++errors;
    } else {
      LexiconCheck check = CheckLexicon(analyzer.value());
      for (const Diagnostic& d : check.diagnostics) printer.Print(std::cout, d);
      errors += static_cast<int>(check.diagnostics.size());
      examples = check.examples;
    }
  }
  std::cout << lex.lexicon.files.size() << " files, " << lex.lexicon.rules.size() << " rules, " << examples
            << " examples: " << errors << " errors, " << warnings << " warnings\n";
  return errors > 0 ? 1 : 0;
}

// What the whole pipeline made of the rule's hits in an example, in a line.
std::string PipelineNote(const ExampleResult& x, const std::string& rule_id) {
  std::string out;
  for (const Evidence& e : x.analysis.evidence) {
    if (e.rule != rule_id) continue;
    std::string one = e.counted ? "counts " + Num(e.strength) + " as " + e.category : "not counted";
    for (const std::string& fx : e.effects) one += ", " + fx;
    out += (out.empty() ? "" : "; ") + one;
  }
  return out;
}

std::string OtherHits(const ExampleResult& x, const std::string& rule_id) {
  std::string out;
  for (const Evidence& e : x.analysis.evidence) {
    if (e.rule == rule_id) continue;
    out += (out.empty() ? "" : ", ") + e.rule + " \"" + Slice(x.analysis_text, e.analysis) + "\"";
  }
  return out.empty() ? "none" : out;
}

int Test(const std::vector<std::string>& args) {
  po::options_description opts(
      "culpa lexicon test [PATH...] — run every rule's examples\n\n"
      "Each `match:` example must hit the rule, each `no_match:` example must not, after the\n"
      "normaliser (curly quotes, line wraps and case behave as in real mail). Prints each\n"
      "failure with what matched or did not, and what the whole pipeline made of it; exit 1\n"
      "on any failure, 2 when the lexicons do not load.\n\noptions");
  opts.add_options()
      ("rule", po::value<std::string>(), "only this rule id (ending in '.' or '*': every id with that prefix)")
      ("verbose,v", "also list the examples that pass, with what scope did to the hit")
      ("path", po::value<std::vector<std::string>>(), "lexicon files or directories");
  po::variables_map vm;
  int rc = 0;
  if (!ParseSub("test", args, &opts, {"path"}, &vm, &rc)) return rc;
  LoadResult lex;
  std::unique_ptr<Analyzer> analyzer;
  if (!LoadAndCompile(LayersWithPaths(vm), &lex, &analyzer, &rc)) return rc;
  const std::string filter = vm.count("rule") ? vm["rule"].as<std::string>() : "";
  const bool verbose = vm.count("verbose") > 0;

  // The pipeline is shown for failures, and for passes only with -v.
  ExampleRun run = RunExamples(analyzer.get(), filter, verbose);
  const std::vector<Rule>& rules = analyzer->lexicon().rules;
  if (!filter.empty() && run.rules == 0) {
    bool exists = std::any_of(rules.begin(), rules.end(), [&](const Rule& r) { return r.id == filter; });
    std::cerr << "culpa lexicon test: " << (exists ? "rule '" + filter + "' has no examples" : "no rule '" + filter + "'")
              << "\n";
    return 2;
  }
  DiagnosticPrinter printer;
  for (const ExampleResult& x : run.results) {
    const Rule& r = rules[x.rule];
    if (x.passed && !verbose) continue;
    const char* kind = x.expect_match ? "match" : "no_match";
    if (x.passed) {
      std::cout << x.where.ToString() << ": ok " << r.id << " (" << kind << "): \"" << Clean(x.example) << "\"";
      if (x.expect_match) std::cout << "  -> " << PipelineNote(x, r.id);
      std::cout << "\n";
      continue;
    }
    Diagnostic d{Diagnostic::kError, x.where,
                 "rule '" + r.id + "' " + (x.expect_match ? "does not match its match example"
                                                          : "matches its no_match example"), r.id};
    printer.Print(std::cout, d);
    std::cout << "    example:  " << Clean(x.example) << "\n    analysis: " << Clean(x.analysis_text) << "\n";
    if (!x.expect_match) {
      // Underline every hit of the rule in the analysis text.
      std::string marks(x.analysis_text.size(), ' ');
      for (const Span& s : x.spans)
        for (uint32_t i = s.begin; i < s.end && i < marks.size(); ++i) marks[i] = '^';
      std::string under;
      for (size_t i = 0; i < marks.size(); ++i)
        if ((static_cast<unsigned char>(x.analysis_text[i]) & 0xC0) != 0x80) under += marks[i];
      while (!under.empty() && under.back() == ' ') under.pop_back();
      std::cout << "              " << under << "\n    matched:  ";
      for (size_t k = 0; k < x.spans.size(); ++k)
        std::cout << (k ? ", " : "") << "\"" << Clean(Slice(x.analysis_text, x.spans[k])) << "\"";
      std::cout << "\n    pipeline: " << PipelineNote(x, r.id) << "\n";
    } else {
      std::cout << "    pattern:  " << r.pattern << "\n    other rules that hit: " << OtherHits(x, r.id) << "\n";
    }
  }
  std::cout << run.rules << " rules, " << run.results.size() << " examples: " << run.failed << " failed\n";
  return run.failed > 0 ? 1 : 0;
}

int List(const std::vector<std::string>& args) {
  po::options_description opts("culpa lexicon list — the rules, where they come from\n\noptions");
  opts.add_options()
      ("category", po::value<std::vector<std::string>>()->composing(), "only rules of this category (repeatable)")
      ("prefix", po::value<std::string>(), "only rules whose id starts with this")
      ("origin", "add where each rule came from (bundled, user, --lexicons), what it replaced, and the disabled rules")
      ("format", po::value<std::string>()->default_value("text"), "text | jsonl");
  po::variables_map vm;
  int rc = 0;
  if (!ParseSub("list", args, &opts, {}, &vm, &rc)) return rc;
  const std::string format = vm["format"].as<std::string>();
  if (format != "text" && format != "jsonl") return Usage("lexicon list", {"--format must be text or jsonl"});
  LoadResult lex;
  if (!LoadOrReport(LexiconLayers(vm), &lex, false)) return 2;
  std::vector<std::string> cats;
  if (vm.count("category")) cats = vm["category"].as<std::vector<std::string>>();
  for (const std::string& c : cats)
    if (!lex.lexicon.FindCategory(c)) return Usage("lexicon list", {"unknown category '" + c + "'"});
  const std::string prefix = vm.count("prefix") ? vm["prefix"].as<std::string>() : "";
  const bool origin = vm.count("origin") > 0;
  auto selected = [&](const std::string& id, const std::string& category) {
    if (!prefix.empty() && id.compare(0, prefix.size(), prefix) != 0) return false;
    return cats.empty() || std::find(cats.begin(), cats.end(), category) != cats.end();
  };

  std::vector<const Rule*> shown;
  for (const Rule& r : lex.lexicon.rules)
    if (selected(r.id, r.category)) shown.push_back(&r);
  if (format == "jsonl") {
    for (const Rule* r : shown) {
      nlohmann::ordered_json j;
      j["id"] = r->id;
      j["category"] = r->category;
      j["polarity"] = PolarityName(r->polarity);
      j["weight"] = r->weight;
      if (r->collective) j["agent"] = "collective";
      if (r->needs_problem) j["needs_problem"] = true;
      j["file"] = r->where.path;
      j["line"] = r->where.line;
      j["pattern"] = r->pattern;
      j["examples"] = r->match_examples.size() + r->no_match_examples.size();
      if (origin) {
        j["origin"] = r->origin;
        nlohmann::ordered_json rep = nlohmann::ordered_json::array();
        for (const Location& l : r->replaced) rep.push_back(l.ToString());
        if (!rep.empty()) j["replaces"] = rep;
      }
      std::cout << j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    }
    if (origin)
      for (const DisabledRule& d : lex.lexicon.disabled) {
        if (!prefix.empty() && d.id.compare(0, prefix.size(), prefix) != 0) continue;
        nlohmann::ordered_json j;
        j["id"] = d.id;
        j["disabled"] = d.where.ToString();
        j["origin"] = d.origin;
        j["file"] = d.rule_where.path;
        j["line"] = d.rule_where.line;
        std::cout << j.dump() << "\n";
      }
    return 0;
  }
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> head = {"id", "category", "polarity", "weight", "file:line"};
  if (origin) head.insert(head.end(), {"origin", "replaces"});
  rows.push_back(head);
  for (const Rule* r : shown) {
    std::vector<std::string> row = {r->id, r->category, PolarityName(r->polarity),
                                    Num(r->weight) + (r->collective ? " (we)" : ""),
                                    r->where.path + ":" + std::to_string(r->where.line)};
    if (origin) {
      std::string rep;
      for (const Location& l : r->replaced) rep += (rep.empty() ? "" : ", ") + l.path + ":" + std::to_string(l.line);
      row.insert(row.end(), {r->origin, rep});
    }
    rows.push_back(std::move(row));
  }
  std::vector<size_t> width(head.size(), 0);
  for (const auto& row : rows)
    for (size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
  for (const auto& row : rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(width[i] - row[i].size() + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    std::cout << line << "\n";
  }
  std::cout << shown.size() << " of " << lex.lexicon.rules.size() << " rules\n";
  if (origin) {
    int n = 0;
    for (const DisabledRule& d : lex.lexicon.disabled) {
      if (!prefix.empty() && d.id.compare(0, prefix.size(), prefix) != 0) continue;
      if (n++ == 0) std::cout << "\ndisabled:\n";
      std::cout << "  " << d.id << "  " << d.rule_where.path << ":" << d.rule_where.line << ", disabled at "
                << d.where.path << ":" << d.where.line << " (" << d.origin << ")\n";
    }
  }
  return 0;
}

int Coverage(const std::vector<std::string>& args) {
  po::options_description opts(
      "culpa lexicon coverage CORPUS... — which rules fire on your messages\n\n"
      "Reads any input culpa score reads, and reports how often each rule hit (and\n"
      "counted after scope), the rules that never fired, and the messages with no hit at\n"
      "all that still hold an apology word (settings: apology_words), where rules are\n"
      "most likely missing.\n\noptions");
  AddInputOptions(&opts);
  opts.add_options()
      ("words", po::value<std::vector<std::string>>()->composing(),
       "apology word pattern (repeatable), instead of settings: apology_words")
      ("max-uncovered", po::value<size_t>()->default_value(50), "list at most this many uncovered messages")
      ("format", po::value<std::string>()->default_value("text"),
       "text | jsonl (one record per line: a summary, each rule, each uncovered message)")
      ("corpus", po::value<std::vector<std::string>>(), "input files");
  po::variables_map vm;
  int rc = 0;
  if (!ParseSub("coverage", args, &opts, {"corpus", -1, "missing CORPUS"}, &vm, &rc)) return rc;
  const std::string format = vm["format"].as<std::string>();
  if (format != "text" && format != "jsonl") return Usage("lexicon coverage", {"--format must be text or jsonl"});
  ReaderOptions ropt;
  try {
    ropt = ReaderOptionsFrom(vm);
  } catch (const UsageError& e) {
    return Usage("lexicon coverage", e);
  }
  LoadResult lex;
  std::unique_ptr<Analyzer> analyzer;
  if (!LoadAndCompile(LexiconLayers(vm), &lex, &analyzer, &rc)) return rc;
  const culpa::Lexicon& L = analyzer->lexicon();

  std::vector<std::string> words = vm.count("words") ? vm["words"].as<std::vector<std::string>>()
                                                         : L.settings.apology_words;
  std::vector<std::string> word_regex;
  for (const std::string& w : words) word_regex.push_back(ExpandPattern(w, L.settings.macros));
  Result<Matcher> word_matcher = Matcher::Compile(word_regex, {});
  if (!word_matcher.ok()) {
    std::cerr << "culpa lexicon coverage: apology words: " << word_matcher.error().message << "\n";
    return 2;
  }

  struct Count { long hits = 0, counted = 0, messages = 0; };
  std::map<std::string, Count> counts;
  long messages = 0, with_counted = 0, with_hits = 0, failed = 0;
  struct Uncovered { std::string id, word, text; };
  std::vector<Uncovered> uncovered;
  long uncovered_total = 0;
  failed += ForEachMessage(vm["corpus"].as<std::vector<std::string>>(), ropt, [&](const Message& message) {
      Result<Analysis> a = analyzer->Analyze(message);
      if (!a.ok()) {
        std::cerr << "culpa: " << a.error().ToString() << "\n";
        ++failed;
        return true;
      }
      ++messages;
      std::map<std::string, bool> seen;
      bool any_counted = false;
      for (const Evidence& e : a.value().evidence) {
        // The scorer's own evidence and the word model's are not lexicon rules.
        if (e.rule == "scope.contrast" || e.category == "model") continue;
        Count& c = counts[e.rule];
        ++c.hits;
        c.counted += e.counted;
        any_counted |= e.counted;
        if (!seen[e.rule]) ++c.messages, seen[e.rule] = true;
      }
      with_hits += !seen.empty();
      with_counted += any_counted;
      if (!seen.empty() || !message.automated.empty()) return true;
      const std::string t = Analyzer::AnalysisText(message.text);
      std::vector<Hit> hits;
      if (!word_matcher.value().Match(t, &hits).ok() || hits.empty()) return true;
      ++uncovered_total;
      if (uncovered.size() < vm["max-uncovered"].as<size_t>()) {
        std::string text = Clean(message.text);
        if (text.size() > 140) {
          size_t cut = 137;
          while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
          text = text.substr(0, cut) + "...";
        }
        uncovered.push_back({message.id, Slice(t, {hits[0].begin, hits[0].end}), text});
      }
      return true;
  });

  std::vector<const Rule*> never;
  for (const Rule& r : L.rules)
    if (!counts.count(r.id)) never.push_back(&r);
  if (format == "jsonl") {
    auto dump = [](const nlohmann::ordered_json& j) {
      std::cout << j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    };
    dump({{"type", "summary"}, {"messages", messages}, {"with_counted_hit", with_counted},
          {"with_discarded_hits", with_hits - with_counted}, {"without_hit", messages - with_hits},
          {"uncovered", uncovered_total}});
    // Every rule, in lexicon order, fired or not: a table to join on.
    for (const Rule& r : L.rules) {
      auto it = counts.find(r.id);
      const Count c = it == counts.end() ? Count() : it->second;
      dump({{"type", "rule"}, {"rule", r.id}, {"category", r.category}, {"hits", c.hits}, {"counted", c.counted},
            {"messages", c.messages}, {"file", r.where.path}, {"line", r.where.line}});
    }
    for (const Uncovered& u : uncovered)
      dump({{"type", "uncovered"}, {"id", u.id}, {"word", u.word}, {"text", u.text}});
    return failed > 0 ? 1 : 0;
  }
  std::cout << messages << " messages: " << with_counted << " with a counted hit, " << with_hits - with_counted
            << " with hits that scope discarded, " << messages - with_hits << " with no hit\n\n";
  std::vector<std::pair<std::string, Count>> fired(counts.begin(), counts.end());
  std::stable_sort(fired.begin(), fired.end(),
                   [](const auto& a, const auto& b) { return a.second.hits > b.second.hits; });
  size_t w = 4;
  for (const auto& f : fired) w = std::max(w, f.first.size());
  std::cout << std::left << std::setw(static_cast<int>(w) + 2) << "rule" << "hits    counted  messages\n";
  for (const auto& [id, c] : fired)
    std::cout << std::left << std::setw(static_cast<int>(w) + 2) << id << std::setw(8) << c.hits << std::setw(9)
              << c.counted << c.messages << "\n";
  std::cout << "\nnever fired: " << never.size() << " of " << L.rules.size() << " rules\n";
  for (const Rule* r : never) std::cout << "  " << r->id << "  " << r->where.path << ":" << r->where.line << "\n";
  std::cout << "\nno hit, but an apology word: " << uncovered_total << " messages\n";
  for (const Uncovered& u : uncovered)
    std::cout << "  " << Clean(u.id) << "  \"" << Clean(u.word) << "\"  " << u.text << "\n";
  if (uncovered_total > static_cast<long>(uncovered.size()))
    std::cout << "  ... " << uncovered_total - static_cast<long>(uncovered.size()) << " more (--max-uncovered)\n";
  return failed > 0 ? 1 : 0;
}

// The category an id's prefix suggests: ack. -> acknowledgment,
// deflect.passive. -> passive, trap. -> trap, ...
std::string GuessCategory(const std::string& id, const culpa::Lexicon& lex) {
  std::vector<std::string> parts;
  std::stringstream ss(id);
  for (std::string s; std::getline(ss, s, '.');) parts.push_back(s);
  static const std::map<std::string, std::string> kShort = {
      {"ack", "acknowledgment"}, {"expl", "explanation"}, {"repent", "repentance"}, {"forgive", "forgiveness"}};
  for (size_t i = 0; i < parts.size(); ++i) {
    auto it = kShort.find(parts[i]);
    const std::string name = it != kShort.end() ? it->second : parts[i];
    if (lex.FindCategory(name)) return name;
  }
  return "";
}

int New(const std::vector<std::string>& args) {
  po::options_description opts(
      "culpa lexicon new ID — print a commented rule skeleton\n\n"
      "Prints a complete lexicon file with one rule, ready to edit:\n"
      "  culpa lexicon new team.ack.ball_dropped > team.yml\n"
      "The category is taken from the id (ack., repair., deflect.passive., trap., ...)\n"
      "unless --category is given.\n\noptions");
  opts.add_options()
      ("category", po::value<std::string>(), "the rule's category")
      ("id", po::value<std::string>(), "the new rule's id");
  po::variables_map vm;
  int rc = 0;
  if (!ParseSub("new", args, &opts, {"id", 1, "missing ID"}, &vm, &rc)) return rc;
  const std::string id = vm["id"].as<std::string>();
  for (char c : id)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-'))
      return Usage("lexicon new", {"an id is letters, digits, '.', '_' and '-' (e.g. team.ack.ball_dropped)"});
  LoadResult lex;
  if (!LoadOrReport(LexiconLayers(vm), &lex, false)) return 2;
  std::string category = vm.count("category") ? vm["category"].as<std::string>() : GuessCategory(id, lex.lexicon);
  if (!category.empty() && !lex.lexicon.FindCategory(category))
    return Usage("lexicon new", {"unknown category '" + category + "'"});
  if (category.empty()) category = "acknowledgment";
  const Category* cat = lex.lexicon.FindCategory(category);
  const bool deflect = cat && cat->polarity == Polarity::kDeflect;
  const bool trap = cat && cat->polarity == Polarity::kNeutral;
  for (const Rule& r : lex.lexicon.rules)
    if (r.id == id)
      std::cerr << "culpa lexicon new: note: '" << id << "' exists at " << r.where.ToString()
                << "; in a file loaded later, this rule replaces it\n";

  // The last part of the id, as words: a pattern that works until edited.
  std::string words = id.substr(id.rfind('.') == std::string::npos ? 0 : id.rfind('.') + 1);
  for (char& c : words)
    if (c == '_' || c == '-') c = ' ';
    else c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // The categories, wrapped as comment lines.
  std::string categories, line = "    # One of:";
  for (const Category& c : lex.lexicon.settings.categories) {
    if (line.size() + c.name.size() > 86) categories += line + "\n", line = "    #";
    line += " " + c.name + ",";
  }
  line.back() = '.';
  categories += line;
  std::string macros;
  for (const auto& m : lex.lexicon.settings.macros) macros += " {" + m.first + "}";
  if (!macros.empty()) macros = " Macros:" + macros + ".";
  std::string sentence = words;
  if (!sentence.empty()) sentence[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(sentence[0])));

  std::cout << "# A lexicon file with one rule. Save it (e.g. as\n"
               "# $XDG_CONFIG_HOME/culpa/lexicons/team.yml, loaded on every run, or anywhere and\n"
               "# pass --lexicons FILE), edit the pattern and the examples, then:\n"
               "#   culpa lexicon test --rule " << id << "\n"
               "# lexicons/README.md explains every key.\n"
               "rules:\n"
               "  # Why this rule exists, in a line: the phrase, and why it is evidence.\n"
               "  - id: " << id << "\n" << categories << "\n"
               "    category: " << category << "\n";
  if (trap)
    std::cout << "    # Traps mask the hits they overlap and count nothing: weight 0.\n"
                 "    weight: 0\n";
  else
    std::cout << "    # 0-10: acknowledgment 2.5-4, repair 1-2, regret/explanation/repentance ~1,\n"
                 "    # forgiveness ~0.5, deflection 1.5-3. Scope (not, maybe, if, but) is applied\n"
                 "    # by the scorer: write the plain positive form.\n"
                 "    weight: " << (deflect ? "2.0" : "3.0") << "\n";
  if (!deflect && !trap)
    std::cout << "    # agent: collective   # \"we\"/\"our\" phrases: counted at half strength, never `owns`\n";
  std::cout << "    # RE2, matched against lowercase text with plain ' and single spaces; a ' is\n"
               "    # optional (\"thats\"); word boundaries are added." << macros << "\n"
               "    pattern: \"" << words << "\"\n";
  if (deflect)
    std::cout << "    # Shown next to the phrase: how the writer could own it instead.\n"
                 "    suggest: \"Say who did what, in the first person.\"\n";
  std::cout << "    examples:\n"
               "      # Real sentences the rule must hit (as people write them: curly quotes and\n"
               "      # line wraps are fine), and look-alikes it must not.\n"
               "      match:\n"
               "        - \"" << sentence << ".\"\n"
               "      no_match:\n"
               "        - \"A sentence that only looks like it.\"\n";
  return 0;
}

int Train(const std::vector<std::string>& args) {
  po::options_description opts(
      "culpa lexicon train FILE.jsonl... — train the word model on labelled messages\n\n"
      "FILE holds one JSON object per line with id, text and label (owns | partial |\n"
      "deflects | none), as for culpa eval. Writes a model file (see docs/word-model.md):\n"
      "put it in a lexicon directory, or pass it with --lexicons, and it replaces the\n"
      "bundled one. The same files and options give the same model, byte for byte.\n\noptions");
  TrainOptions t;
  opts.add_options()
      ("output,o", po::value<std::string>(), "write the model here (default: stdout)")
      ("epochs", po::value<int>(&t.epochs)->default_value(t.epochs), "passes over the messages")
      ("rate", po::value<double>(&t.rate)->default_value(t.rate), "learning rate of the first pass")
      ("l2", po::value<double>(&t.l2)->default_value(t.l2), "weight decay")
      ("min-count", po::value<int>(&t.min_count)->default_value(t.min_count),
       "leave out words and word pairs found in fewer messages than this")
      ("seed", po::value<uint32_t>(&t.seed)->default_value(t.seed), "order of the messages in each pass")
      ("file", po::value<std::vector<std::string>>(), "labelled JSONL files");
  po::variables_map vm;
  int rc = 0;
  if (!ParseSub("train", args, &opts, {"file", -1, "missing FILE"}, &vm, &rc)) return rc;
  if (t.epochs < 1 || t.rate <= 0 || t.l2 < 0 || t.min_count < 1)
    return Usage("lexicon train", {"--epochs and --min-count must be at least 1, --rate above 0, --l2 not negative"});

  std::vector<TrainingExample> examples;
  int counts[kModelLabels] = {};
  int bad = 0;
  const std::vector<std::string> files = vm["file"].as<std::vector<std::string>>();
  for (const std::string& file : files) {
    const bool opened = ForEachLabelled(file, [&](const Message& message, Label gold) {
      // The model's label order: owns, partial, deflects, none.
      const int index = gold == Label::kOwns ? 0 : gold == Label::kPartial ? 1 : gold == Label::kDeflects ? 2 : 3;
      examples.push_back({Analyzer::AnalysisText(message.text), index});
      ++counts[index];
    }, &bad);
    if (!opened) return 2;
  }
  if (examples.empty()) {
    std::cerr << "culpa lexicon train: no labelled messages read\n";
    return 1;
  }
  WordModel model = TrainWordModel(examples, t);
  std::ostringstream about;
  about << "culpa word model: made by `culpa lexicon train`; edit by retraining, not by hand.\n"
        << "Trained on " << examples.size() << " messages (owns " << counts[0] << ", partial " << counts[1]
        << ", deflects " << counts[2] << ", none " << counts[3] << ") from:\n";
  for (const std::string& f : files) about << "  " << f << "\n";
  about << "Options: --epochs " << t.epochs << " --rate " << t.rate << " --l2 " << t.l2 << " --min-count "
        << t.min_count << " --seed " << t.seed << ".\n"
        << model.features.size() << " features; each line: a feature, then its weight for owns, partial,\n"
        << "deflects and none. A message's odds are the softmax of <bias> plus the weights of\n"
        << "every feature it has (docs/word-model.md).";
  model.about = about.str();
  const std::string bytes = WriteWordModel(model);
  if (vm.count("output")) {
    const std::string out = vm["output"].as<std::string>();
    std::ofstream f(out, std::ios::binary | std::ios::trunc);
    if (!(f << bytes) || !f.flush()) {
      std::cerr << "culpa lexicon train: cannot write " << out << "\n";
      return 1;
    }
    std::cerr << "culpa lexicon train: " << examples.size() << " messages, " << model.features.size()
              << " features -> " << out << "\n";
  } else {
    std::cout << bytes;
  }
  return bad > 0 ? 1 : 0;
}

int Patterns(const std::vector<std::string>& args) {
  po::options_description opts("culpa lexicon patterns — every rule's compiled regex, one per line\n\noptions");
  po::variables_map vm;
  int rc = 0;
  if (!ParseSub("patterns", args, &opts, {}, &vm, &rc)) return rc;
  LoadResult lex;
  if (!LoadOrReport(LexiconLayers(vm), &lex, false)) return 2;
  for (const Rule& r : lex.lexicon.rules) std::cout << r.regex << "\n";
  return 0;
}

}  // namespace

int Lexicon(const std::vector<std::string>& args) {
  const std::string sub = args.empty() ? "" : args[0];
  std::vector<std::string> rest(args.begin() + (args.empty() ? 0 : 1), args.end());
  if (sub == "check") return Check(rest);
  if (sub == "test") return Test(rest);
  if (sub == "list") return List(rest);
  if (sub == "coverage") return Coverage(rest);
  if (sub == "new") return New(rest);
  if (sub == "patterns") return Patterns(rest);
  if (sub == "train") return Train(rest);
  if (sub == "--help" || sub == "-h" || sub == "help") {
    std::cout << kLexiconUsage;
    return 0;
  }
  std::cerr << "culpa lexicon: " << (sub.empty() ? "missing subcommand" : "unknown subcommand '" + sub + "'")
            << "\n\n" << kLexiconUsage;
  return 2;
}

}  // namespace culpa::cli
