// The culpa command's subcommands. Each returns the process exit code:
// 0 ok, 1 some input failed (or a check failed), 2 usage or lexicon error.
#ifndef CULPA_CLI_COMMANDS_H_
#define CULPA_CLI_COMMANDS_H_

#include <ostream>
#include <string>
#include <vector>

#include "culpa/explain.h"
#include "culpa/reader.h"

namespace culpa::cli {

int Score(const std::vector<std::string>& args);        // commands.cc
int Eval(const std::vector<std::string>& args);         // commands.cc
int Lexicon(const std::vector<std::string>& args);      // lexicon_commands.cc
int ExplainCommand(const std::vector<std::string>& args);  // explain.cc

// Prints an explanation for a person at a terminal (explain.cc); `color`
// paints labels and hits with ANSI colour.
void PrintExplanation(std::ostream& out, const Message& message, const Explanation& x, bool color);

}  // namespace culpa::cli

#endif  // CULPA_CLI_COMMANDS_H_
