// culpa: score how directly a message's writer takes responsibility.
#include <malloc.h>

#include <csignal>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "commands.h"

namespace {

const char kUsage[] =
    "usage: culpa <command> [options]\n"
    "\n"
    "commands:\n"
    "  score [PATH...]          judge each message (stdin when no PATH or '-')\n"
    "  explain [PATH|-]         every step from a message's text to its label and score\n"
    "  eval FILE.jsonl          compare judgments with labelled messages (--compare LEXICONS)\n"
    "  lexicon check [PATH...]  validate lexicon files and run their examples\n"
    "  lexicon test [PATH...]   run every rule's examples (--rule ID)\n"
    "  lexicon list             the rules: id, category, polarity, weight, file:line\n"
    "  lexicon coverage CORPUS  which rules fire on your messages, and what none covers\n"
    "  lexicon new ID           print a commented rule skeleton\n"
    "  lexicon patterns         print every rule's regex, one per line\n"
    "  version                  print the version\n"
    "\n"
    "'culpa <command> --help' shows a command's options.\n";

}  // namespace

int main(int argc, char** argv) {
  // A closed pipe (culpa score big.jsonl | head) is noticed as a failed write
  // and ends the run quietly instead of killing the process mid-record.
  std::signal(SIGPIPE, SIG_IGN);
  std::ios::sync_with_stdio(false);
  // Start-up allocates and frees large blocks (the lexicon cache file, RE2's
  // compile buffers, on three threads). glibc maps and unmaps each block
  // past 128 KiB, and the page faults and cross-core TLB flushes took about
  // 1.5 ms of a ~33 ms start. Kept in the heap instead; peak RSS is the same.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 64 << 20);

  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
    std::cout << kUsage;
    return args.empty() ? 2 : 0;
  }
  const std::string cmd = args[0];
  args.erase(args.begin());
  if (cmd == "score") return culpa::cli::Score(args);
  if (cmd == "eval") return culpa::cli::Eval(args);
  if (cmd == "explain") return culpa::cli::ExplainCommand(args);
  if (cmd == "lexicon") return culpa::cli::Lexicon(args);
  if (cmd == "version" || cmd == "--version") {
    std::cout << "culpa " << CULPA_VERSION << "\n";
    return 0;
  }
  std::cerr << "culpa: unknown command '" << cmd << "'\n\n" << kUsage;
  return 2;
}
