// culpa explain: one message, every step from its text to its label and score.
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "cli_util.h"
#include "culpa/writer.h"
#include "commands.h"
#include "culpa/analyzer.h"
#include "culpa/explain.h"

namespace culpa::cli {

namespace {

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

std::string Num3(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  return buf;
}

const char* LabelColor(Label l) { return LabelAnsiColor(l); }

// One scope effect as a phrase: what happened and what caused it.
std::string Describe(const ExplainedHit& h, const ExplainedEffect& fx) {
  const std::string by = fx.cause.empty() ? "" : " by " + fx.cause;
  const std::string& f = fx.effect;
  if (f.rfind("masked:", 0) == 0) return "masked by trap " + f.substr(7) + ": not counted";
  if (f.rfind("overridden:", 0) == 0) return "overlaps " + f.substr(11) + ", which wins: not counted";
  if (f == "quoted") return "inside double quotes: not the writer's words, not counted";
  if (f == "reported") return "reported speech" + by + ": not the writer's words, not counted";
  if (f == "question") return "in the last clause of a question: not an admission, not counted";
  if (f == "negated") {
    if (h.evidence.category != h.rule_category) return "negated" + by + ": " + h.rule_category + " -> " + h.evidence.category;
    return "negated" + by + ": " + h.rule_category + " has no flip_to, dropped";
  }
  if (f == "conditional") return "conditional" + by + ": admission made hypothetical -> conditional (deflection)";
  if (f == "hedged") return "hedged" + by + ": x factors.hedged, cannot make the message owns";
  if (f == "collective") return "collective (agent: collective): x factors.collective, cannot make the message owns";
  if (f == "undercut") return "undercut" + by + ": x factors.undercut";
  if (f == "no-problem")
    return "a plain act with no problem word (scope.problems) within factors.problem_reach sentences: not counted";
  return f + by;
}

}  // namespace

void PrintExplanation(std::ostream& out, const Message& m, const Explanation& x, bool color) {
  auto paint = [&](const char* code, const std::string& s) { return color ? code + s + "\x1b[0m" : s; };
  const Analysis& a = x.analysis;
  out << paint("\x1b[1m", Clean(m.id)) << "  " << paint(LabelColor(a.label), LabelName(a.label));
  if (a.label != Label::kNone) out << ' ' << a.score;
  out << "\n";
  if (!x.automated.empty()) {
    out << "  not scored: machine-written mail (" << Clean(x.automated) << ")\n\n";
    return;
  }
  out << "\nanalysis text (normalised; what the rules see):\n  " << Clean(x.analysis_text) << "\n";

  out << "\nsentences (| separates clauses, the scope of negators, hedges and \"if\"):\n";
  auto slice = [&](const Span& s) {
    if (s.begin >= x.analysis_text.size()) return std::string();
    return x.analysis_text.substr(s.begin, std::min<size_t>(s.end, x.analysis_text.size()) - s.begin);
  };
  for (size_t i = 0; i < x.sentences.size(); ++i) {
    const ExplainedSentence& s = x.sentences[i];
    std::string line;
    if (s.clauses.empty()) line = slice(s.span);
    for (size_t k = 0; k < s.clauses.size(); ++k) {
      std::string c = slice(s.clauses[k]);
      while (!c.empty() && c.front() == ' ') c.erase(0, 1);
      while (!c.empty() && c.back() == ' ') c.pop_back();
      line += (k ? " | " : "") + c;
    }
    out << "  " << i + 1 << "  " << Clean(line) << "\n";
  }

  out << "\nscope words found:";
  if (x.cues.empty()) out << (x.hits.empty() ? " (not searched: no rule hit)" : " none");
  out << "\n";
  for (const ExplainedCue& c : x.cues)
    out << "  " << CueKindName(c.kind) << "  \"" << Clean(c.text) << "\"  at " << c.span.begin << "-" << c.span.end
        << "\n";

  out << "\nrule hits (+ apology side, - deflection, . trap; bytes are offsets into the message as read):\n";
  if (x.hits.empty()) out << "  none\n";
  for (const ExplainedHit& h : x.hits) {
    const Evidence& e = h.evidence;
    const char* sign = e.polarity == Polarity::kOwn ? "+" : e.polarity == Polarity::kDeflect ? "-" : ".";
    out << "  " << sign << " " << e.rule << "  \"" << Clean(h.text) << "\"  bytes " << e.span.begin << "-"
        << e.span.end << ", sentence " << h.sentence + 1 << "\n";
    out << "      " << h.rule_category << ", weight " << Num(e.weight);
    if (!h.rule_where.path.empty()) out << "  (" << h.rule_where.ToString() << ")";
    else if (e.rule == "scope.contrast") out << "  (a \"but\" that takes back an apology: factors.contrast)";
    out << "\n";
    for (const ExplainedEffect& fx : h.effects) out << "      " << Describe(h, fx) << "\n";
    if (e.counted)
      out << "      counts " << Num(e.strength) << " as " << e.category << "\n";
    else if (e.polarity == Polarity::kNeutral && h.effects.empty())
      out << "      trap: masks the hits it overlaps, counts nothing\n";
  }

  if (a.label == Label::kNone) {
    out << "\nlabel: none (" << a.reason << ")\n\n";
    return;
  }
  out << "\ntotals per category (counted strengths, summed, then capped):\n";
  for (const CategoryTotal& t : x.totals) {
    std::string parts;
    for (size_t i = 0; i < t.rules.size(); ++i) parts += (i ? " + " : "") + Num(t.strengths[i]) + " " + t.rules[i];
    out << "  " << (t.polarity == Polarity::kOwn ? "+ " : "- ") << t.category << " = " << parts;
    if (t.rules.size() > 1) out << " = " << Num(t.sum);
    if (t.cap > 0 && t.sum > t.cap) out << ", capped at " << Num(t.cap);
    out << " -> " << Num(t.value) << "\n";
  }
  out << "  apology (own) " << Num(a.own) << ", deflection " << Num(a.deflect)
      << ", first-person acknowledgment " << Num(a.acknowledgment)
      << " (acknowledgment not hedged, collective or undercut)\n";

  out << "\nlabel: " << LabelName(a.label) << ": " << a.reason << "\n";
  if (x.relabeled)
    out << "  (the word model takes the next label over from the rules' when it is at least settings: model:\n"
        << "   relabel = " << Num(x.relabel) << " sure of it: the rules see an admission but miss the excuse beside it,\n"
        << "   or take an excuse's words for the whole message; docs/word-model.md)\n";
  else if (x.model_judged)
    out << "  (no rule counted: the word model's most likely label, as it put none below settings: model:\n"
        << "   threshold, threshold_weak_cue where the only cue is a plain act set aside, or threshold_without_cue\n"
        << "   where nothing in the message is a cue; docs/word-model.md)\n";
  else
    out << "  (owns: first-person acknowledgment >= " << Num(x.owns_min_acknowledgment) << " and deflection <= "
      << Num(x.owns_max_deflection) << " x acknowledgment;\n"
      << "   partial: own / (own + deflection) >= " << Num(x.partial_min_share) << ", or an owned act undercut;\n"
      << "   deflects: any other deflection)\n";

  out << "\nscore: inside the " << LabelName(a.label) << " band [" << x.band.low << ", " << x.band.high << "]\n";
  if (x.model_judged) {
    out << "  the word model's: its label scores (settings: model: scores) mixed by its odds of owns, partial\n"
        << "  and deflects = " << Num(a.model_score) << ", kept in the band = " << x.computed_score << "\n";
  } else {
    const Band& rb = x.rules_band;
    const int rules = rb.low + static_cast<int>(std::lround((rb.high - rb.low) * x.fill));
    out << "  net   = own - deflection = " << Num(a.own) << " - " << Num(a.deflect) << " = " << Num(x.net) << "\n"
        << "  fill  = 1 / (1 + e^(-net / score_scale)) = 1 / (1 + e^(" << Num(-x.net) << " / " << Num(x.scale)
        << ")) = " << Num3(x.fill) << "\n"
        << "  score = " << rb.low << " + round((" << rb.high << " - " << rb.low << ") x " << Num3(x.fill)
        << ") = " << rules;
    if (x.relabeled) out << " (in the rules' " << LabelName(a.rules_label) << " band)";
    out << "\n";
    if (x.blend > 0)
      out << "  blend with the word model's score " << Num(a.model_score) << " (settings: model: blend " << Num(x.blend)
          << "): " << Num(1 - x.blend) << " x " << rules << " + " << Num(x.blend) << " x " << Num(a.model_score)
          << ", kept in the band = " << x.computed_score << "\n";
  }
  if (x.computed_score != a.score) out << "  (the scorer reports " << a.score << ": this explanation is out of date)\n";
  out << "\n";
}

int ExplainCommand(const std::vector<std::string>& args) {
  po::options_description opts(
      "culpa explain [PATH|-] — every step from a message's text to its label and score\n\n"
      "Reads like 'culpa score' (a text file is one message; JSONL, mail, ... one per record)\n"
      "and explains each message, or only the one named by --id.\n\noptions");
  opts.add_options()
      ("help,h", "show this help")
      ("id", po::value<std::string>(), "explain only the message with this id")
      ("color", po::value<std::string>()->default_value("auto"), "auto | always | never");
  AddInputOptions(&opts);
  AddLexiconOptions(&opts);
  opts.add_options()("path", po::value<std::vector<std::string>>(), "input file ('-' or none: stdin)");
  po::positional_options_description pos;
  pos.add("path", -1);
  po::variables_map vm;
  ReaderOptions ropt;
  try {
    vm = Parse(args, opts, pos);
    if (!vm.count("help")) ropt = ReaderOptionsFrom(vm);
  } catch (const UsageError& e) {
    return Usage("explain", e);
  }
  if (vm.count("help")) {
    std::cout << opts << "\n";
    return 0;
  }
  const std::string color = vm["color"].as<std::string>();
  if (color != "auto" && color != "always" && color != "never")
    return Usage("explain", {"--color must be auto, always or never"});
  const bool paint = color == "always" || (color == "auto" && isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR"));

  LoadResult lex;
  if (!LoadOrReport(LexiconLayers(vm), &lex, false)) return 2;
  Result<Analyzer> analyzer = Analyzer::Create(lex.lexicon);
  if (!analyzer.ok()) {
    std::cerr << "culpa: " << analyzer.error().ToString() << "\n";
    return 2;
  }
  std::vector<std::string> paths;
  if (vm.count("path")) paths = vm["path"].as<std::vector<std::string>>();
  if (paths.empty()) paths.push_back("-");
  const std::string only = vm.count("id") ? vm["id"].as<std::string>() : "";
  long failed = 0, shown = 0;
  failed += ForEachMessage(paths, ropt, [&](const Message& m) {
    Result<Explanation> x = Explain(&analyzer.value(), m);
    if (!x.ok()) {
      Error e = x.error();
      e.where = m.where;
      std::cerr << "culpa: " << e.ToString() << "\n";
      ++failed;
      return true;
    }
    ++shown;
    PrintExplanation(std::cout, m, x.value(), paint);
    return !OutputClosed();
  }, only);
  if (OutputClosed()) return 0;
  if (!only.empty() && shown == 0 && failed == 0) {
    std::cerr << "culpa explain: no message with id '" << only << "'\n";
    return 1;
  }
  return failed > 0 ? 1 : 0;
}

}  // namespace culpa::cli
