#include "commands.h"

#include "cli_util.h"

#include <unistd.h>

#include <boost/program_options.hpp>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "culpa/analyzer.h"
#include "culpa/eval.h"
#include "culpa/explain.h"
#include "culpa/lexicon.h"
#include "culpa/reader.h"
#include "culpa/writer.h"

namespace culpa::cli {

namespace fs = std::filesystem;

int Score(const std::vector<std::string>& args) {
  po::options_description opts("culpa score [PATH...] — judge each message\n\noptions");
  opts.add_options()
      ("help,h", "show this help")
      ("format", po::value<std::string>(), "text | jsonl | csv | html (default: text on a terminal, else jsonl)")
      ("color", po::value<std::string>()->default_value("auto"), "auto | always | never")
      ("explain", "for each message, show every step from text to score (see 'culpa explain')")
      ("stats", "print timings (lexicon load, compile, throughput) to stderr");
  AddInputOptions(&opts);
  AddLexiconOptions(&opts);
  opts.add_options()("path", po::value<std::vector<std::string>>(), "input files");
  po::positional_options_description pos;
  pos.add("path", -1);

  po::variables_map vm;
  ReaderOptions ropt;
  try {
    vm = Parse(args, opts, pos);
    if (!vm.count("help")) ropt = ReaderOptionsFrom(vm);
  } catch (const UsageError& e) {
    return Usage("score", e);
  }
  if (vm.count("help")) {
    std::cout << opts << "\n";
    return 0;
  }

  const bool tty = isatty(STDOUT_FILENO);
  WriterOptions wopt;
  wopt.format = vm.count("format") ? vm["format"].as<std::string>() : (tty ? "text" : "jsonl");
  const auto& wf = WriterFormats();
  if (std::find(wf.begin(), wf.end(), wopt.format) == wf.end())
    return Usage("score", {"unknown --format '" + wopt.format + "'"});
  const std::string color = vm["color"].as<std::string>();
  if (color != "auto" && color != "always" && color != "never")
    return Usage("score", {"--color must be auto, always or never"});
  wopt.color = color == "always" || (color == "auto" && tty && !std::getenv("NO_COLOR"));

  using Clock = std::chrono::steady_clock;
  auto ms = [](Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
  };
  const Clock::time_point t0 = Clock::now();
  LoadResult lex;
  if (!LoadOrReport(LexiconLayers(vm), &lex, false)) return 2;
  const Clock::time_point t1 = Clock::now();
  Result<Analyzer> analyzer = Analyzer::Create(std::move(lex.lexicon));
  if (!analyzer.ok()) {
    std::cerr << "culpa: " << analyzer.error().ToString() << "\n";
    return 2;
  }
  const Clock::time_point t2 = Clock::now();
  size_t text_bytes = 0;
  std::unique_ptr<Writer> writer = MakeWriter(wopt, analyzer.value().lexicon(), &std::cout);

  std::vector<std::string> paths;
  if (vm.count("path")) paths = vm["path"].as<std::vector<std::string>>();
  if (paths.empty()) paths.push_back("-");

  const bool explain = vm.count("explain") > 0;
  long read = 0, scored = 0, failed = 0;
  auto fail = [&](const Message& m, const Error& e) {
    ++failed;
    std::cerr << "culpa: " << e.ToString() << "\n";
    if (!explain) writer->WriteError(m, e);
  };
  for (const std::string& path : paths) {
    Result<std::unique_ptr<Reader>> reader = OpenReader(path, ropt, &std::cin);
    if (!reader.ok()) {
      Message m;
      m.id = path;
      m.where = {path, 0, 0};
      ++read;
      fail(m, reader.error());
      continue;
    }
    std::vector<ReadItem> batch;
    std::vector<const Message*> messages;
    while (NextBatch(reader.value().get(), path, &batch)) {
      messages.clear();
      for (const ReadItem& item : batch)
        if (item.ok) messages.push_back(&item.message);
      std::vector<Result<Analysis>> results;
      if (!explain) results = analyzer.value().AnalyzeBatch(messages);
      size_t k = 0;
      for (const ReadItem& item : batch) {
        ++read;
        if (!item.ok) {
          fail(item.message, item.error);
        } else if (explain) {
          text_bytes += item.message.text.size();
          Result<Explanation> x = Explain(&analyzer.value(), item.message);
          if (x.ok()) {
            ++scored;
            PrintExplanation(std::cout, item.message, x.value(), wopt.color);
          } else {
            Error e = x.error();
            e.where = item.message.where;
            fail(item.message, e);
          }
        } else {
          text_bytes += item.message.text.size();
          const Result<Analysis>& a = results[k++];
          if (a.ok()) {
            ++scored;
            writer->Write(item.message, a.value());
          } else {
            Error e = a.error();
            e.where = item.message.where;
            fail(item.message, e);
          }
        }
        if (OutputClosed()) return 0;
      }
      // A batch ends at the end of what has arrived on a pipe: show its
      // records before waiting for more.
      std::cout.flush();
    }
    for (const std::string& line : reader.value()->Summary()) std::cerr << "culpa: " << path << ": " << line << "\n";
  }
  if (!explain) writer->Finish();
  std::cout.flush();
  if (OutputClosed()) return 0;
  if (failed > 0)
    std::cerr << "culpa: " << read << " messages read, " << scored << " scored, " << failed << " failed\n";
  if (vm.count("stats")) {
    const Clock::time_point t3 = Clock::now();
    const double secs = ms(t2, t3) / 1000;
    std::cerr << std::fixed << std::setprecision(1) << "culpa: lexicon: " << analyzer.value().lexicon().rules.size()
              << " rules loaded in " << ms(t0, t1) << " ms, compiled in " << ms(t1, t2) << " ms\n"
              << "culpa: " << read << " messages, " << text_bytes / 1048576.0 << " MB of text in " << secs
              << " s (" << (secs > 0 ? text_bytes / 1048576.0 / secs : 0) << " MB/s)\n";
  }
  return failed > 0 ? 1 : 0;
}

namespace {

// One lexicon set's judgment of a labelled file.
struct EvalRun {
  struct Item {
    std::string id, text, why;
    Label gold = Label::kNone, got = Label::kNone;
    int score = -1;
    std::vector<std::string> counted;  // rule ids that counted, sorted
  };
  std::vector<Item> items;
  EvalReport report;
  int bad = 0;  // lines without a usable label, or that failed
};

// Reads `file` and judges every labelled message with `layers`. Returns 2 on a
// lexicon or file error (printed), else 0.
int RunEval(const std::vector<LexiconLayer>& layers, const std::string& file, EvalRun* run) {
  LoadResult lex;
  if (!LoadOrReport(layers, &lex, false)) return 2;
  Result<Analyzer> analyzer = Analyzer::Create(lex.lexicon);
  if (!analyzer.ok()) {
    std::cerr << "culpa: " << analyzer.error().ToString() << "\n";
    return 2;
  }
  std::vector<EvalItem> items;
  int bad = 0;
  const bool opened = ForEachLabelled(file, [&](const Message& message, Label gold) {
    Result<Analysis> a = analyzer.value().Analyze(message);
    if (!a.ok()) {
      std::cerr << "culpa: " << a.error().ToString() << "\n";
      ++bad;
      return;
    }
    const Analysis& an = a.value();
    items.push_back({message.id, gold, an.label, an.score});
    EvalRun::Item it{message.id, message.text, an.reason, gold, an.label, an.score, {}};
    for (const Evidence& e : an.evidence)
      if (e.counted) it.counted.push_back(e.rule);
    std::sort(it.counted.begin(), it.counted.end());
    it.counted.erase(std::unique(it.counted.begin(), it.counted.end()), it.counted.end());
    run->items.push_back(std::move(it));
  }, &bad);
  if (!opened) return 2;
  run->bad += bad;
  run->report = Evaluate(items);
  return 0;
}

std::string Pct(double v) {
  std::ostringstream o;
  o << std::fixed << std::setprecision(3) << v;
  return o.str();
}

std::string Signed(double v) {
  if (std::fabs(v) < 0.0005) return "";
  return (v > 0 ? "+" : "") + Pct(v);
}

std::string OneLine(const std::string& text) {
  std::string t = Clean(text);
  if (t.size() > 160) {
    size_t cut = 157;
    while (cut > 0 && (static_cast<unsigned char>(t[cut]) & 0xC0) == 0x80) --cut;
    t = t.substr(0, cut) + "...";
  }
  return t;
}

void PrintReport(const std::string& file, const EvalReport& r) {
  std::cout << file << ": " << r.n << " messages\n\n";
  std::cout << "label       precision  recall  f1     support\n";
  for (Label l : {Label::kOwns, Label::kPartial, Label::kDeflects, Label::kNone}) {
    const LabelStats& s = r.per_label[static_cast<int>(l)];
    std::cout << std::left << std::setw(12) << LabelName(l) << std::setw(11) << Pct(s.precision)
              << std::setw(8) << Pct(s.recall) << std::setw(7) << Pct(s.f1) << s.support << "\n";
  }
  std::cout << "\nmacro-F1     " << Pct(r.macro_f1) << "\naccuracy     " << Pct(r.accuracy)
            << "\nconcordance  " << Pct(r.concordance) << "  (" << r.pairs << " pairs, " << r.unscored_pairs
            << " with an unscored message)\nconcordance among scored pairs  " << Pct(r.concordance_scored)
            << "\n\nconfusion (rows: gold, columns: predicted)\n"
            << "            owns  partial  deflects  none\n";
  for (Label g : {Label::kOwns, Label::kPartial, Label::kDeflects, Label::kNone}) {
    std::cout << std::left << std::setw(12) << LabelName(g);
    int w[] = {6, 9, 10, 4};
    int k = 0;
    for (Label p : {Label::kOwns, Label::kPartial, Label::kDeflects, Label::kNone})
      std::cout << std::setw(w[k++]) << r.confusion[static_cast<int>(g)][static_cast<int>(p)];
    std::cout << "\n";
  }
}

std::string Verdict(Label l, int score) {
  std::string s = LabelName(l);
  if (score >= 0) s += " " + std::to_string(score);
  return s;
}

// Before and after side by side, then every message whose label or score moved.
void PrintComparison(const std::string& file, const EvalRun& a, const EvalRun& b,
                     const std::vector<std::string>& other) {
  std::string names;
  for (const std::string& o : other) names += (names.empty() ? "" : ", ") + o;
  std::cout << file << ": " << a.report.n << " messages\nbefore: the lexicons as given\nafter:  plus " << names
            << "\n\n                  before  after   change\n";
  auto row = [](const std::string& name, double x, double y) {
    std::ostringstream line;
    line << std::left << std::setw(18) << name << std::setw(8) << Pct(x) << std::setw(8) << Pct(y) << Signed(y - x);
    std::string l = line.str();
    while (!l.empty() && l.back() == ' ') l.pop_back();
    std::cout << l << "\n";
  };
  for (Label l : {Label::kOwns, Label::kPartial, Label::kDeflects, Label::kNone}) {
    const int i = static_cast<int>(l);
    row(std::string(LabelName(l)) + " f1", a.report.per_label[i].f1, b.report.per_label[i].f1);
  }
  row("macro-F1", a.report.macro_f1, b.report.macro_f1);
  row("accuracy", a.report.accuracy, b.report.accuracy);
  row("concordance", a.report.concordance, b.report.concordance);

  std::map<std::string, const EvalRun::Item*> after;
  for (const EvalRun::Item& x : b.items) after.emplace(x.id, &x);
  int fixed = 0, broken = 0, moved = 0;
  std::ostringstream lines;
  for (const EvalRun::Item& x : a.items) {
    auto it = after.find(x.id);
    if (it == after.end()) continue;
    const EvalRun::Item& y = *it->second;
    if (x.got == y.got && x.score == y.score) continue;
    ++moved;
    const bool was = x.got == x.gold, is = y.got == y.gold;
    const char* tag = !was && is ? "fixed" : was && !is ? "broken" : was ? "still right" : "still wrong";
    fixed += !was && is;
    broken += was && !is;
    lines << "  " << Clean(x.id) << "  gold " << LabelName(x.gold) << ": " << Verdict(x.got, x.score) << " -> "
          << Verdict(y.got, y.score) << "  (" << tag << ")\n";
    std::string rules;
    for (const std::string& r : y.counted)
      if (!std::binary_search(x.counted.begin(), x.counted.end(), r)) rules += " +" + r;
    for (const std::string& r : x.counted)
      if (!std::binary_search(y.counted.begin(), y.counted.end(), r)) rules += " -" + r;
    if (!rules.empty()) lines << "    rules:" << rules << "\n";
    lines << "    " << OneLine(x.text) << "\n";
  }
  std::cout << "\nchanged (" << moved << "): " << fixed << " fixed, " << broken << " broken\n" << lines.str();
}

}  // namespace

int Eval(const std::vector<std::string>& args) {
  po::options_description opts("culpa eval FILE.jsonl — compare judgments with labels\n\n"
                               "FILE holds one JSON object per line with id, text and label\n"
                               "(owns | partial | deflects | none).\n\noptions");
  opts.add_options()
      ("help,h", "show this help")
      ("errors", "list every misjudged message")
      ("compare", po::value<std::vector<std::string>>()->composing(),
       "also run with these lexicon files or directories added on top (repeatable), and show the metric "
       "change and every message whose label or score moved")
      ("min-macro-f1", po::value<double>(), "exit 1 when macro-F1 is below this")
      ("min-concordance", po::value<double>(), "exit 1 when tier concordance is below this");
  AddLexiconOptions(&opts);
  opts.add_options()("file", po::value<std::string>(), "labelled JSONL file");
  po::positional_options_description pos;
  pos.add("file", 1);
  po::variables_map vm;
  try {
    vm = Parse(args, opts, pos);
    if (!vm.count("help") && !vm.count("file")) throw UsageError{"missing FILE"};
  } catch (const UsageError& e) {
    return Usage("eval", e);
  }
  if (vm.count("help")) {
    std::cout << opts << "\n";
    return 0;
  }

  const std::string file = vm["file"].as<std::string>();
  const std::vector<LexiconLayer> layers = LexiconLayers(vm);
  EvalRun run;
  if (int rc = RunEval(layers, file, &run)) return rc;
  const EvalReport* judged = &run.report;
  EvalRun other;
  if (vm.count("compare")) {
    if (file == "-") return Usage("eval", {"--compare needs a FILE, not stdin"});
    const std::vector<std::string> paths = vm["compare"].as<std::vector<std::string>>();
    std::vector<LexiconLayer> more = layers;
    for (const std::string& p : paths) more.push_back({p, "--compare"});
    if (int rc = RunEval(more, file, &other)) return rc;
    PrintComparison(file, run, other, paths);
    judged = &other.report;
  } else {
    PrintReport(file, run.report);
    if (vm.count("errors")) {
      int misses = 0;
      for (const EvalRun::Item& m : run.items) misses += m.gold != m.got;
      std::cout << "\nmisjudged (" << misses << ")\n";
      for (const EvalRun::Item& m : run.items) {
        if (m.gold == m.got) continue;
        const std::string t = Clean(m.text);  // message text may hold terminal escapes
        std::cout << "  " << Clean(m.id) << "  gold " << LabelName(m.gold) << ", got " << LabelName(m.got);
        if (m.score >= 0) std::cout << " " << m.score;
        std::cout << "  (" << m.why << ")\n    " << t << "\n";
      }
    }
  }
  const EvalReport& r = *judged;
  int rc = run.bad > 0 ? 1 : 0;
  if (vm.count("min-macro-f1") && r.macro_f1 < vm["min-macro-f1"].as<double>()) {
    std::cerr << "culpa eval: macro-F1 " << Pct(r.macro_f1) << " is below " << vm["min-macro-f1"].as<double>() << "\n";
    rc = 1;
  }
  if (vm.count("min-concordance") && r.concordance < vm["min-concordance"].as<double>()) {
    std::cerr << "culpa eval: concordance " << Pct(r.concordance) << " is below " << vm["min-concordance"].as<double>() << "\n";
    rc = 1;
  }
  return rc;
}

}  // namespace culpa::cli
