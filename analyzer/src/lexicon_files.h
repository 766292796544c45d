// Internal to the lexicon loader and its cache: which files a list of layers
// names, in load order.
#ifndef CULPA_SRC_LEXICON_FILES_H_
#define CULPA_SRC_LEXICON_FILES_H_

#include <string>
#include <vector>

#include "culpa/lexicon.h"

namespace culpa {

struct LexiconFile {
  std::string path;
  size_t layer = 0;
};

// A file's bytes; false when it cannot be read.
bool ReadAll(const std::string& path, std::string* out);

// A directory layer contributes its .yml/.yaml files in name order; a missing
// path is an error and an empty directory a warning, appended to `problems`.
std::vector<LexiconFile> FindLexiconFiles(const std::vector<LexiconLayer>& layers, std::vector<Diagnostic>* problems);

}  // namespace culpa

#endif  // CULPA_SRC_LEXICON_FILES_H_
