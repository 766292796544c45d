// The culpa command's subcommands. Each returns the process exit code:
// 0 ok, 1 some input failed (or a check failed), 2 usage or lexicon error.
#ifndef CULPA_CLI_COMMANDS_H_
#define CULPA_CLI_COMMANDS_H_

#include <string>
#include <vector>

namespace culpa::cli {

int Score(const std::vector<std::string>& args);
int Eval(const std::vector<std::string>& args);
int Lexicon(const std::vector<std::string>& args);

}  // namespace culpa::cli

#endif  // CULPA_CLI_COMMANDS_H_
