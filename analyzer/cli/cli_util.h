// Helpers the culpa subcommands share: option parsing, where the lexicons come
// from (bundled, user, --lexicons), and printing diagnostics the way a
// compiler does.
#ifndef CULPA_CLI_CLI_UTIL_H_
#define CULPA_CLI_CLI_UTIL_H_

#include <boost/program_options.hpp>
#include <functional>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "culpa/lexicon.h"
#include "culpa/analysis.h"
#include "culpa/reader.h"

namespace culpa::cli {

namespace po = boost::program_options;

struct UsageError {
  std::string message;
};

// Parses `args`; throws UsageError on a bad option.
po::variables_map Parse(const std::vector<std::string>& args, const po::options_description& opts,
                        const po::positional_options_description& pos);

// Prints "culpa CMD: message" and a hint to stderr; returns 2.
int Usage(const std::string& cmd, const UsageError& e);

// --lexicons and --no-default-lexicons.
void AddLexiconOptions(po::options_description* d);

// The options that say how to read inputs (format, JSONL fields, CSV columns,
// kept fields, quoted text, limits): one set for every command that reads
// messages.
void AddInputOptions(po::options_description* d);

// ReaderOptions from those options. Throws UsageError on an unknown format.
ReaderOptions ReaderOptionsFrom(const po::variables_map& vm);

// Reads every path in turn and calls `each` with each message read (only the
// one whose id is `only_id`, when set). Files that cannot be opened and error
// records are reported on stderr and counted, not passed on. `each` returns
// false to stop early (a closed pipe). Returns the number of failures.
long ForEachMessage(const std::vector<std::string>& paths, const ReaderOptions& ropt,
                    const std::function<bool(const Message&)>& each, const std::string& only_id = "");

// Reads a labelled JSONL file (records with id, text and label: owns |
// partial | deflects | none), for eval and lexicon train: calls `each` with
// each message and its label. A record that cannot be read or has no known
// label is reported on stderr and counted in *bad. False (reported) when
// the file cannot be opened.
bool ForEachLabelled(const std::string& file, const std::function<void(const Message&, Label)>& each, int* bad);

// The lexicon layers in load order: the bundled directory ("bundled"), the
// user directory $XDG_CONFIG_HOME/culpa/lexicons (else ~/.config/...) when it
// exists ("user"), then each --lexicons PATH ("--lexicons"). With
// --no-default-lexicons only the --lexicons paths.
std::vector<LexiconLayer> LexiconLayers(const po::variables_map& vm);

// Prints one diagnostic like a compiler: "path:line:col: error: message", then
// the offending line and a caret under the column (when both are known).
// Reads each file once and keeps its lines in `cache`.
class DiagnosticPrinter {
 public:
  void Print(std::ostream& out, const Diagnostic& d);

 private:
  std::map<std::string, std::vector<std::string>> cache_;
};

// Loads lexicons; prints diagnostics that are errors (or all, if `verbose`) to
// stderr. False when the lexicon must not be used.
bool LoadOrReport(const std::vector<LexiconLayer>& layers, LoadResult* out, bool verbose);

// True when stdout is gone (reader closed the pipe): stop quietly.
bool OutputClosed();

// Fills *batch (cleared first) with the next messages and error records of
// `reader`, for Analyzer::AnalyzeBatch: up to 64 of them or 1 MiB of text.
// From a pipe or a terminal (`path` "-"), no more than has already arrived: a
// message that came in is answered before culpa waits for the next one.
// False when the input is at its end and *batch is empty.
bool NextBatch(Reader* reader, const std::string& path, std::vector<ReadItem>* batch);

// "a,b,,c" -> {"a", "b", "c"}.
std::vector<std::string> SplitComma(const std::string& s);

// Control characters never reach the terminal; whitespace runs become one space.
std::string Clean(const std::string& s);

}  // namespace culpa::cli

#endif  // CULPA_CLI_CLI_UTIL_H_
