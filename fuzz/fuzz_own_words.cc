// The quote, signature and disclaimer finder, and the auto-reply table for
// text without headers.
#include "culpa/own_words.h"
#include "fuzz_util.h"
#include "mail/automated.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text = culpa::fuzz::AsView(data, size);
  std::vector<culpa::Excluded> x = culpa::FindNotOwnWords(text);
  uint32_t last = 0;
  for (const culpa::Excluded& e : x) {
    FUZZ_CHECK(e.begin >= last && e.begin < e.end && e.end <= size);
    FUZZ_CHECK(!e.reason.empty());
    last = e.end;
  }
  culpa::mail::DetectAutomatedText(text);
  return 0;
}
