// The word model's file reader (docs/word-model.md) and, when a file reads
// clean, its scorer. Invariants: every error points at a line and column of
// the file; writing a model and reading it back gives the same bytes again;
// the scorer's odds are finite and sum to one, on any text.
#include <cmath>

#include "culpa/word_model.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes = culpa::fuzz::AsView(data, size);
  culpa::ModelLoad m = culpa::ReadWordModel("fuzz.model", bytes);
  for (const culpa::Error& e : m.errors) {
    FUZZ_CHECK(e.where.line >= 1 && e.where.column >= 1);
    FUZZ_CHECK(!e.message.empty());
  }
  if (!m.errors.empty()) return 0;
  const std::string written = culpa::WriteWordModel(m.model);
  culpa::ModelLoad again = culpa::ReadWordModel("fuzz.model", written);
  FUZZ_CHECK(again.errors.empty());
  FUZZ_CHECK(culpa::WriteWordModel(again.model) == written);
  FUZZ_CHECK(again.model.features == m.model.features);

  culpa::WordScorer scorer(m.model);
  // The file's own bytes as a text reach every feature it names.
  for (std::string_view text : {bytes, std::string_view("sorry, that was my fault. the vendor was late.")}) {
    culpa::WordScorer::Verdict v = scorer.Score(text, true);
    double sum = 0;
    for (double p : v.probability) {
      FUZZ_CHECK(std::isfinite(p) && p >= 0);
      sum += p;
    }
    FUZZ_CHECK(std::fabs(sum - 1) < 1e-9);
    for (const auto& c : v.present) {
      FUZZ_CHECK(c.begin < c.end && c.end <= text.size());
      FUZZ_CHECK(c.feature < m.model.features.size());
    }
  }
  return 0;
}
