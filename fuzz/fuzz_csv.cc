// The CSV reader (RFC 4180 records, quoted line breaks, the header row), with
// the quote and automated-text filters every export record goes through.
#include <sstream>

#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  culpa::ReaderOptions opt;
  opt.format = "csv";
  opt.max_record_bytes = 512;  // low limits, so the fuzzer reaches both
  opt.max_message_bytes = 256;
  opt.keep_fields = {"author", "3"};
  auto reader = culpa::OpenReader("-", opt, &in);
  FUZZ_CHECK(reader.ok());
  // At most one record per byte, plus one for a file-level error.
  culpa::fuzz::DrainReader(reader.value().get(), size + 1);
  return 0;
}
