// The lexicon loader (YAML, keys, categories, macros, pattern expansion) and,
// when a file loads, the regex compiler within its memory budget and the
// examples check. The input is one self-contained lexicon file (tools/fuzz
// seeds it with config.yml joined to each bundled rule file).
#include <algorithm>

#include "culpa/analyzer.h"
#include "culpa/lexicon.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static culpa::fuzz::ScratchDir dir;
  const auto path = dir.path() / "fuzz.yml";
  culpa::fuzz::WriteFile(path, culpa::fuzz::AsView(data, size));
  culpa::LoadResult r = culpa::LoadLexicons({path.string()});
  for (const culpa::Diagnostic& d : r.diagnostics) {
    FUZZ_CHECK(!d.message.empty());
    d.ToString();
  }
  if (!r.ok()) return 0;
  // The budget a user may set goes up to 4 GiB; the fuzzer runs in less.
  r.lexicon.settings.regex_memory_mb = std::min<int64_t>(r.lexicon.settings.regex_memory_mb, 64);
  culpa::Result<culpa::Analyzer> a = culpa::Analyzer::Create(r.lexicon);
  if (!a.ok()) {
    FUZZ_CHECK(!a.error().message.empty());
    return 0;
  }
  culpa::CheckLexicon(a.value());
  a.value().Analyze("I'm sorry, that was my mistake; the vendor dropped the ball. Mistakes were made.");
  return 0;
}
