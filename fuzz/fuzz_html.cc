// HTML mail bodies to text (libxml2's HTML parser, the iterative tree walk,
// the tag stripper it falls back to).
#include "fuzz_util.h"
#include "mail/html_text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text = culpa::mail::HtmlToText(culpa::fuzz::AsView(data, size));
  FUZZ_CHECK(text.empty() || text.back() == '\n');
  return 0;
}
