// The JSONL reader: exactly one record per non-blank line, with over-long
// lines reported, not kept. Then the same bytes through format detection
// ("auto"), which picks JSONL, mail, mbox or text.
#include <sstream>

#include "fuzz_util.h"

namespace {

// The number of records the JSONL reader must yield for `s`.
size_t ExpectedRecords(std::string_view s, size_t limit) {
  size_t n = 0;
  while (!s.empty()) {
    size_t nl = s.find('\n');
    std::string_view line = s.substr(0, nl);
    s.remove_prefix(nl == std::string_view::npos ? s.size() : nl + 1);
    if (line.size() > limit) {
      ++n;
      continue;
    }
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") != std::string_view::npos) ++n;
  }
  return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  culpa::ReaderOptions opt;
  opt.format = "jsonl";
  opt.max_record_bytes = 256;  // low limits, so the fuzzer reaches both
  opt.max_message_bytes = 128;
  opt.id_field = "id";
  opt.keep_fields = {"author", "meta"};
  {
    std::istringstream in(bytes);
    auto reader = culpa::OpenReader("-", opt, &in);
    FUZZ_CHECK(reader.ok());
    const size_t want = ExpectedRecords(bytes, opt.max_record_bytes);
    FUZZ_CHECK(culpa::fuzz::DrainReader(reader.value().get(), want) == want);
  }
  {
    std::istringstream in(bytes);
    opt.format = "auto";
    opt.max_mime_depth = 8;
    auto reader = culpa::OpenReader("-", opt, &in);
    FUZZ_CHECK(reader.ok());
    culpa::fuzz::DrainReader(reader.value().get(), size + 1);
  }
  return 0;
}
