#include "cli_util.h"

#include "culpa/writer.h"

#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace culpa::cli {

namespace fs = std::filesystem;

namespace {

// ReaderOptions' default, repeated here because the record limit follows the
// message limit when only the latter is raised.
const size_t kDefaultMessageBytes = ReaderOptions().max_message_bytes;

// The bundled lexicons: $CULPA_LEXICON_DIR when set (tests, packagers),
// beside an installed binary (../share/culpa/lexicons/en), else the source tree
// this binary was built from.
std::string DefaultLexiconDir() {
  const char* env = std::getenv("CULPA_LEXICON_DIR");
  if (env && *env) return env;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path installed = exe.parent_path() / CULPA_REL_LEXICON_DIR;
    if (fs::is_directory(installed, ec)) return fs::weakly_canonical(installed, ec).string();
  }
  return CULPA_SOURCE_LEXICON_DIR;
}

// $<xdg_var>/<sub>, else $HOME/<home_default>/<sub> (the XDG default); empty
// when neither variable is set.
std::string XdgDir(const char* xdg_var, const char* home_default, const fs::path& sub) {
  const char* xdg = std::getenv(xdg_var);
  if (xdg && *xdg) return (fs::path(xdg) / sub).string();
  const char* home = std::getenv("HOME");
  if (home && *home) return (fs::path(home) / home_default / sub).string();
  return "";
}

// $XDG_CONFIG_HOME/culpa/lexicons, else $HOME/.config/culpa/lexicons.
std::string UserLexiconDir() { return XdgDir("XDG_CONFIG_HOME", ".config", fs::path("culpa") / "lexicons"); }

// $CULPA_CACHE_DIR (set but empty: no cache), else $XDG_CACHE_HOME/culpa, else
// $HOME/.cache/culpa: where loaded lexicons are kept (see LoadLexiconLayers).
std::string LexiconCacheDir() {
  if (const char* env = std::getenv("CULPA_CACHE_DIR")) return env;
  return XdgDir("XDG_CACHE_HOME", ".cache", "culpa");
}

// A directory below the working directory is shown relative to it, so
// diagnostics and listings read "lexicons/en/passive.yml:12:5".
std::string Shown(const std::string& dir) {
  std::error_code ec;
  fs::path cwd = fs::current_path(ec);
  fs::path p(dir);
  if (ec || !p.is_absolute()) return dir;
  fs::path rel = p.lexically_proximate(cwd);
  if (rel.empty() || *rel.begin() == "..") return dir;
  return rel.string();
}

}  // namespace

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

void AddLexiconOptions(po::options_description* d) {
  d->add_options()
      ("lexicons", po::value<std::vector<std::string>>()->composing(),
       "add a lexicon file or directory (repeatable; later rules replace earlier ones with the same id)")
      ("no-default-lexicons", "load neither the bundled lexicons nor $XDG_CONFIG_HOME/culpa/lexicons");
}

std::vector<LexiconLayer> LexiconLayers(const po::variables_map& vm) {
  std::vector<LexiconLayer> layers;
  if (!vm.count("no-default-lexicons")) {
    layers.push_back({Shown(DefaultLexiconDir()), "bundled"});
    std::string user = UserLexiconDir();
    std::error_code ec;
    if (!user.empty() && fs::is_directory(user, ec)) layers.push_back({Shown(user), "user"});
  }
  if (vm.count("lexicons"))
    for (const std::string& p : vm["lexicons"].as<std::vector<std::string>>()) layers.push_back({p, "--lexicons"});
  return layers;
}

void DiagnosticPrinter::Print(std::ostream& out, const Diagnostic& d) {
  out << d.ToString() << "\n";
  const Location& w = d.where;
  if (w.path.empty() || w.line <= 0) return;
  auto it = cache_.find(w.path);
  if (it == cache_.end()) {
    std::vector<std::string> lines;
    std::ifstream in(w.path, std::ios::binary);
    for (std::string line; std::getline(in, line);) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      lines.push_back(std::move(line));
    }
    it = cache_.emplace(w.path, std::move(lines)).first;
  }
  if (static_cast<size_t>(w.line) > it->second.size()) return;
  const std::string& line = it->second[w.line - 1];
  const std::string num = std::to_string(w.line);
  // Control characters (tabs included) print as one space each, so the caret
  // lines up; UTF-8 continuation bytes take no column.
  std::string shown = line;
  for (char& c : shown)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  out << " " << num << " | " << shown << "\n";
  if (w.column <= 0) return;
  std::string pad;
  for (size_t i = 0; i + 1 < static_cast<size_t>(w.column) && i < line.size(); ++i)
    if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) pad += ' ';
  out << " " << std::string(num.size(), ' ') << " | " << pad << "^\n";
}

bool LoadOrReport(const std::vector<LexiconLayer>& layers, LoadResult* out, bool verbose) {
  *out = LoadLexiconLayers(layers, LexiconCacheDir());
  DiagnosticPrinter printer;
  for (const Diagnostic& d : out->diagnostics)
    if (verbose || d.severity == Diagnostic::kError) printer.Print(std::cerr, d);
  return out->ok();
}

namespace {

// True when standard input is a regular file, or a pipe or terminal with
// bytes waiting: reading on will not block.
bool StdinReady() {
  struct stat st;
  if (fstat(STDIN_FILENO, &st) == 0 && S_ISREG(st.st_mode)) return true;
  struct pollfd p = {STDIN_FILENO, POLLIN, 0};
  return poll(&p, 1, 0) > 0;
}

}  // namespace

bool NextBatch(Reader* reader, const std::string& path, std::vector<ReadItem>* batch) {
  constexpr size_t kMessages = 64;
  constexpr size_t kBytes = 1 << 20;
  batch->clear();
  size_t bytes = 0;
  const bool stdin_input = path == "-";
  while (batch->size() < kMessages && bytes < kBytes) {
    if (stdin_input && !batch->empty() && !StdinReady()) break;
    batch->emplace_back();
    if (!reader->Next(&batch->back())) {
      batch->pop_back();
      break;
    }
    bytes += batch->back().message.text.size();
  }
  return !batch->empty();
}

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

std::string Clean(const std::string& s) { return TerminalSafe(s); }

long ForEachMessage(const std::vector<std::string>& paths, const ReaderOptions& ropt,
                    const std::function<bool(const Message&)>& each, const std::string& only_id) {
  long failed = 0;
  for (const std::string& path : paths) {
    Result<std::unique_ptr<Reader>> reader = OpenReader(path, ropt, &std::cin);
    if (!reader.ok()) {
      std::cerr << "culpa: " << reader.error().ToString() << "\n";
      ++failed;
      continue;
    }
    ReadItem item;
    while (reader.value()->Next(&item)) {
      if (!only_id.empty() && item.message.id != only_id) continue;
      if (!item.ok) {
        std::cerr << "culpa: " << item.error.ToString() << "\n";
        ++failed;
        continue;
      }
      if (!each(item.message)) return failed;
    }
  }
  return failed;
}

bool ForEachLabelled(const std::string& file, const std::function<void(const Message&, Label)>& each, int* bad) {
  ReaderOptions ropt;
  ropt.format = "jsonl";
  ropt.keep_fields = {"label"};
  Result<std::unique_ptr<Reader>> reader = OpenReader(file, ropt, &std::cin);
  if (!reader.ok()) {
    std::cerr << "culpa: " << reader.error().ToString() << "\n";
    return false;
  }
  ReadItem item;
  while (reader.value()->Next(&item)) {
    Label gold;
    const std::string json = item.ok && !item.message.fields.empty() ? item.message.fields[0].second : "";
    if (!item.ok || json.size() < 2 || !ParseLabel(json.substr(1, json.size() - 2), &gold)) {
      std::cerr << "culpa: " << (item.ok ? Error{item.message.where, "missing or unknown \"label\""} : item.error).ToString()
                << "\n";
      ++*bad;
      continue;
    }
    each(item.message, gold);
  }
  return true;
}

void AddInputOptions(po::options_description* d) {
  d->add_options()
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
      ("max-message-bytes", po::value<size_t>()->default_value(kDefaultMessageBytes),
       "a larger message (a mail, a text input, the text of a JSONL or CSV record) becomes an error record")
      ("max-record-bytes", po::value<size_t>(),
       ("a longer JSONL line or CSV record becomes an error record; its bytes are skipped, not held "
        "(default: " + std::to_string(kDefaultMessageBytes) + ", or --max-message-bytes if that is larger)").c_str())
      ("max-mime-depth", po::value<int>()->default_value(32), "mail nested deeper becomes an error record")
      ("max-mime-parts", po::value<int>()->default_value(1000), "mail with more MIME parts becomes an error record")
      ("max-html-depth", po::value<int>()->default_value(512),
       "a mail whose HTML body nests elements deeper becomes an error record");
}

ReaderOptions ReaderOptionsFrom(const po::variables_map& vm) {
  ReaderOptions ropt;
  ropt.format = vm["input-format"].as<std::string>();
  ropt.text_field = vm["text-field"].as<std::string>();
  ropt.id_field = vm["id-field"].as<std::string>();
  ropt.text_column = vm["text-column"].as<std::string>();
  ropt.id_column = vm["id-column"].as<std::string>();
  ropt.max_message_bytes = vm["max-message-bytes"].as<size_t>();
  // A record holds its text, so raising only the message limit raises the
  // record limit with it.
  ropt.max_record_bytes = vm.count("max-record-bytes") ? vm["max-record-bytes"].as<size_t>()
                                                       : std::max(kDefaultMessageBytes, ropt.max_message_bytes);
  ropt.max_mime_depth = vm["max-mime-depth"].as<int>();
  ropt.max_mime_parts = vm["max-mime-parts"].as<int>();
  ropt.max_html_depth = vm["max-html-depth"].as<int>();
  for (const char* flag : {"max-mime-depth", "max-mime-parts", "max-html-depth"})
    if (vm[flag].as<int>() < 1) throw UsageError{std::string("--") + flag + " must be at least 1"};
  for (const char* flag : {"max-message-bytes", "max-record-bytes"})
    if (vm.count(flag) && vm[flag].as<size_t>() < 1) throw UsageError{std::string("--") + flag + " must be at least 1"};
  ropt.keep_quoted = vm.count("keep-quoted") > 0;
  if (vm.count("keep-fields")) ropt.keep_fields = SplitComma(vm["keep-fields"].as<std::string>());
  const auto& rf = ReaderFormats();
  if (std::find(rf.begin(), rf.end(), ropt.format) == rf.end())
    throw UsageError{"unknown --input-format '" + ropt.format + "'"};
  return ropt;
}

}  // namespace culpa::cli
