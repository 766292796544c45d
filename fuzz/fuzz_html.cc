// HTML mail bodies to text (libxml2's HTML parser, the iterative tree walk,
// the tag stripper it falls back to).
#include "fuzz_util.h"
#include "mail/html_text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // A low depth limit, so the fuzzer reaches it.
  culpa::Result<std::string> r = culpa::mail::HtmlToText(culpa::fuzz::AsView(data, size), 64);
  if (!r.ok()) {
    FUZZ_CHECK(!r.error().message.empty());
    return 0;
  }
  const std::string& text = r.value();
  FUZZ_CHECK(text.empty() || text.back() == '\n');
  return 0;
}
