#include "commands.h"

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
#include "culpa/lexicon.h"
#include "culpa/reader.h"
#include "culpa/writer.h"

namespace culpa::cli {

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

struct UsageError {
  std::string message;
};

// The bundled lexicons: beside an installed binary (../share/culpa/lexicons/en),
// else the source tree this binary was built from.
std::string DefaultLexiconDir() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path installed = exe.parent_path() / CULPA_REL_LEXICON_DIR;
    if (fs::is_directory(installed, ec)) return fs::weakly_canonical(installed, ec).string();
  }
  return CULPA_SOURCE_LEXICON_DIR;
}

void AddLexiconOptions(po::options_description* d) {
  d->add_options()
      ("lexicons", po::value<std::vector<std::string>>()->composing(),
       "add a lexicon file or directory (repeatable; later rules replace earlier ones with the same id)")
      ("no-default-lexicons", "do not load the bundled lexicons");
}

std::vector<std::string> LexiconPaths(const po::variables_map& vm) {
  std::vector<std::string> paths;
  if (!vm.count("no-default-lexicons")) paths.push_back(DefaultLexiconDir());
  if (vm.count("lexicons"))
    for (const std::string& p : vm["lexicons"].as<std::vector<std::string>>()) paths.push_back(p);
  return paths;
}

// Loads lexicons; prints diagnostics that are errors (or all, if `verbose`).
bool LoadOrReport(const std::vector<std::string>& paths, LoadResult* out, bool verbose) {
  *out = LoadLexicons(paths);
  for (const Diagnostic& d : out->diagnostics)
    if (verbose || d.severity == Diagnostic::kError) std::cerr << d.ToString() << "\n";
  return out->ok();
}

po::variables_map Parse(const std::vector<std::string>& args, const po::options_description& opts,
                        const po::positional_options_description& pos) {
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(opts).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError{e.what()};
  }
  return vm;
}

int Usage(const std::string& cmd, const UsageError& e) {
  std::cerr << "culpa " << cmd << ": " << e.message << "\n(see 'culpa " << cmd << " --help')\n";
  return 2;
}

// True when stdout is gone (reader closed the pipe): stop quietly.
bool OutputClosed() {
  if (std::cout) return false;
  return errno == EPIPE;
}

std::vector<std::string> SplitComma(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ','))
    if (!item.empty()) out.push_back(item);
  return out;
}

}  // namespace

int Score(const std::vector<std::string>& args) {
  po::options_description opts("culpa score [PATH...] — judge each message\n\noptions");
  opts.add_options()
      ("help,h", "show this help")
      ("input-format", po::value<std::string>()->default_value("auto"),
       "auto | text | jsonl | email | mbox | maildir | csv | slack")
      ("text-field", po::value<std::string>()->default_value("text"), "JSONL field holding the message text")
      ("id-field", po::value<std::string>()->default_value("id"), "JSONL field holding the message id")
      ("text-column", po::value<std::string>()->default_value("text"),
       "CSV column holding the message text (header name or 1-based number)")
      ("id-column", po::value<std::string>()->default_value("id"), "CSV column holding the message id")
      ("keep-fields", po::value<std::string>(),
       "comma-separated input fields (JSONL fields, CSV columns, mail headers, Slack keys) to copy into each record")
      ("keep-quoted", "mail: score quoted replies, signatures and disclaimers too")
      ("format", po::value<std::string>(), "text | jsonl | csv (default: text on a terminal, else jsonl)")
      ("color", po::value<std::string>()->default_value("auto"), "auto | always | never")
      ("max-message-bytes", po::value<size_t>()->default_value(size_t{16} << 20),
       "a larger message becomes an error record")
      ("max-mime-depth", po::value<int>()->default_value(32), "mail nested deeper becomes an error record")
      ("stats", "print timings (lexicon load, compile, throughput) to stderr");
  AddLexiconOptions(&opts);
  opts.add_options()("path", po::value<std::vector<std::string>>(), "input files");
  po::positional_options_description pos;
  pos.add("path", -1);

  po::variables_map vm;
  try {
    vm = Parse(args, opts, pos);
  } catch (const UsageError& e) {
    return Usage("score", e);
  }
  if (vm.count("help")) {
    std::cout << opts << "\n";
    return 0;
  }

  ReaderOptions ropt;
  ropt.format = vm["input-format"].as<std::string>();
  ropt.text_field = vm["text-field"].as<std::string>();
  ropt.id_field = vm["id-field"].as<std::string>();
  ropt.max_message_bytes = vm["max-message-bytes"].as<size_t>();
  ropt.text_column = vm["text-column"].as<std::string>();
  ropt.id_column = vm["id-column"].as<std::string>();
  ropt.max_mime_depth = vm["max-mime-depth"].as<int>();
  ropt.keep_quoted = vm.count("keep-quoted") > 0;
  if (vm.count("keep-fields")) ropt.keep_fields = SplitComma(vm["keep-fields"].as<std::string>());
  const auto& rf = ReaderFormats();
  if (std::find(rf.begin(), rf.end(), ropt.format) == rf.end())
    return Usage("score", {"unknown --input-format '" + ropt.format + "'"});

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
  if (!LoadOrReport(LexiconPaths(vm), &lex, false)) return 2;
  const Clock::time_point t1 = Clock::now();
  Result<Analyzer> analyzer = Analyzer::Create(lex.lexicon);
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

  long read = 0, scored = 0, failed = 0;
  auto fail = [&](const Message& m, const Error& e) {
    ++failed;
    std::cerr << "culpa: " << e.ToString() << "\n";
    writer->WriteError(m, e);
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
    ReadItem item;
    while (reader.value()->Next(&item)) {
      ++read;
      if (!item.ok) {
        fail(item.message, item.error);
      } else {
        text_bytes += item.message.text.size();
        Result<Analysis> a = analyzer.value().Analyze(item.message);
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
    for (const std::string& line : reader.value()->Summary()) std::cerr << "culpa: " << path << ": " << line << "\n";
  }
  writer->Finish();
  std::cout.flush();
  if (OutputClosed()) return 0;
  if (failed > 0)
    std::cerr << "culpa: " << read << " messages read, " << scored << " scored, " << failed << " failed\n";
  if (vm.count("stats")) {
    const Clock::time_point t3 = Clock::now();
    const double secs = ms(t2, t3) / 1000;
    std::cerr << std::fixed << std::setprecision(1) << "culpa: lexicon: " << lex.lexicon.rules.size()
              << " rules loaded in " << ms(t0, t1) << " ms, compiled in " << ms(t1, t2) << " ms\n"
              << "culpa: " << read << " messages, " << text_bytes / 1048576.0 << " MB of text in " << secs
              << " s (" << (secs > 0 ? text_bytes / 1048576.0 / secs : 0) << " MB/s)\n";
  }
  return failed > 0 ? 1 : 0;
}

namespace {

std::string Pct(double v) {
  std::ostringstream o;
  o << std::fixed << std::setprecision(3) << v;
  return o.str();
}

}  // namespace

int Eval(const std::vector<std::string>& args) {
  po::options_description opts("culpa eval FILE.jsonl — compare judgments with labels\n\n"
                               "FILE holds one JSON object per line with id, text and label\n"
                               "(owns | partial | deflects | none).\n\noptions");
  opts.add_options()
      ("help,h", "show this help")
      ("errors", "list every misjudged message")
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

  LoadResult lex;
  if (!LoadOrReport(LexiconPaths(vm), &lex, false)) return 2;
  Result<Analyzer> analyzer = Analyzer::Create(lex.lexicon);
  if (!analyzer.ok()) {
    std::cerr << "culpa: " << analyzer.error().ToString() << "\n";
    return 2;
  }

  const std::string file = vm["file"].as<std::string>();
  ReaderOptions ropt;
  ropt.format = "jsonl";
  ropt.keep_fields = {"label"};
  Result<std::unique_ptr<Reader>> reader = OpenReader(file, ropt, &std::cin);
  if (!reader.ok()) {
    std::cerr << "culpa: " << reader.error().ToString() << "\n";
    return 2;
  }
  std::vector<EvalItem> items;
  struct Miss { std::string id, text, why; Label gold, got; int score; };
  std::vector<Miss> misses;
  int bad = 0;
  ReadItem item;
  while (reader.value()->Next(&item)) {
    Label gold;
    std::string label_json = item.ok && !item.message.fields.empty() ? item.message.fields[0].second : "";
    if (!item.ok || label_json.size() < 2 || !ParseLabel(label_json.substr(1, label_json.size() - 2), &gold)) {
      std::cerr << "culpa: " << (item.ok ? Error{item.message.where, "missing or unknown \"label\""} : item.error).ToString() << "\n";
      ++bad;
      continue;
    }
    Result<Analysis> a = analyzer.value().Analyze(item.message);
    if (!a.ok()) {
      std::cerr << "culpa: " << a.error().ToString() << "\n";
      ++bad;
      continue;
    }
    items.push_back({item.message.id, gold, a.value().label, a.value().score});
    if (gold != a.value().label) misses.push_back({item.message.id, item.message.text, a.value().reason, gold, a.value().label, a.value().score});
  }

  EvalReport r = Evaluate(items);
  std::cout << file << ": " << r.n << " messages\n\n";
  std::cout << "label       precision  recall  f1     support\n";
  for (Label l : {Label::kOwns, Label::kPartial, Label::kDeflects, Label::kNone}) {
    const LabelStats& s = r.per_label[static_cast<int>(l)];
    std::cout << std::left << std::setw(12) << LabelName(l) << std::setw(11) << Pct(s.precision)
              << std::setw(8) << Pct(s.recall) << std::setw(7) << Pct(s.f1) << s.support << "\n";
  }
  std::cout << "\nmacro-F1     " << Pct(r.macro_f1) << "\naccuracy     " << Pct(r.accuracy)
            << "\nconcordance  " << Pct(r.concordance) << "  (" << r.pairs << " pairs, " << r.unscored_pairs
            << " with an unscored message)\n\nconfusion (rows: gold, columns: predicted)\n"
            << "            owns  partial  deflects  none\n";
  for (Label g : {Label::kOwns, Label::kPartial, Label::kDeflects, Label::kNone}) {
    std::cout << std::left << std::setw(12) << LabelName(g);
    int w[] = {6, 9, 10, 4};
    int k = 0;
    for (Label p : {Label::kOwns, Label::kPartial, Label::kDeflects, Label::kNone})
      std::cout << std::setw(w[k++]) << r.confusion[static_cast<int>(g)][static_cast<int>(p)];
    std::cout << "\n";
  }
  if (vm.count("errors")) {
    std::cout << "\nmisjudged (" << misses.size() << ")\n";
    for (const Miss& m : misses) {
      std::string t = m.text;
      for (char& c : t) if (c == '\n' || c == '\r') c = ' ';
      std::cout << "  " << m.id << "  gold " << LabelName(m.gold) << ", got " << LabelName(m.got);
      if (m.score >= 0) std::cout << " " << m.score;
      std::cout << "  (" << m.why << ")\n    " << t << "\n";
    }
  }
  int rc = bad > 0 ? 1 : 0;
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

int Lexicon(const std::vector<std::string>& args) {
  const std::string sub = args.empty() ? "" : args[0];
  std::vector<std::string> rest(args.begin() + (args.empty() ? 0 : 1), args.end());
  po::options_description opts("culpa lexicon check [PATH...] | culpa lexicon patterns\n\n"
                               "check: validate lexicon files (default: the bundled ones plus --lexicons)\n"
                               "and run every rule's examples; exit 1 on any error.\n"
                               "patterns: print each rule's compiled regex, one per line (for rg -f).\n\noptions");
  opts.add_options()("help,h", "show this help");
  AddLexiconOptions(&opts);
  opts.add_options()("path", po::value<std::vector<std::string>>(), "lexicon files or directories");
  po::positional_options_description pos;
  pos.add("path", -1);
  po::variables_map vm;
  try {
    if (sub != "check" && sub != "patterns" && sub != "--help" && sub != "-h")
      throw UsageError{sub.empty() ? "missing subcommand (check, patterns)" : "unknown subcommand '" + sub + "'"};
    vm = Parse(rest, opts, pos);
  } catch (const UsageError& e) {
    return Usage("lexicon", e);
  }
  if (vm.count("help") || sub == "--help" || sub == "-h") {
    std::cout << opts << "\n";
    return 0;
  }
  std::vector<std::string> paths = LexiconPaths(vm);
  if (vm.count("path")) {
    // Explicit files are checked on top of the bundled settings (categories,
    // macros), unless --no-default-lexicons.
    for (const std::string& p : vm["path"].as<std::vector<std::string>>()) paths.push_back(p);
  }
  LoadResult lex = LoadLexicons(paths);
  if (sub == "patterns") {
    if (!lex.ok()) {
      for (const Diagnostic& d : lex.diagnostics)
        if (d.severity == Diagnostic::kError) std::cerr << d.ToString() << "\n";
      return 2;
    }
    for (const Rule& r : lex.lexicon.rules) std::cout << r.regex << "\n";
    return 0;
  }
  int errors = 0, warnings = 0;
  for (const Diagnostic& d : lex.diagnostics) {
    std::cout << d.ToString() << "\n";
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
      for (const Diagnostic& d : check.diagnostics) std::cout << d.ToString() << "\n";
      errors += static_cast<int>(check.diagnostics.size());
      examples = check.examples;
    }
  }
  std::cout << lex.lexicon.files.size() << " files, " << lex.lexicon.rules.size() << " rules, " << examples
            << " examples: " << errors << " errors, " << warnings << " warnings\n";
  return errors > 0 ? 1 : 0;
}

}  // namespace culpa::cli
