// The mbox splitter, and the mbox reader on top of it: every entry the
// splitter finds is exactly one record (a message or an error), in order, and
// no entry is larger than the limit.
#include <sstream>

#include "culpa/mbox.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  // A small limit, varied by the input's last byte, so the over-limit paths run.
  const size_t limit = 64 + (size > 0 ? data[size - 1] : 0) * 8;

  std::istringstream in(bytes);
  culpa::MboxSplitter split(&in, limit);
  culpa::MboxEntry e;
  int entries = 0;
  long long last_offset = -1;
  while (split.Next(&e)) {
    ++entries;
    FUZZ_CHECK(e.index == entries);
    FUZZ_CHECK(e.offset > last_offset && e.offset <= static_cast<long long>(size));
    last_offset = e.offset;
    FUZZ_CHECK(e.too_big ? e.raw.empty() : e.raw.size() <= limit);
    FUZZ_CHECK(static_cast<size_t>(entries) <= size);
  }
  size_t nl = bytes.find('\n');
  culpa::IsMboxSeparator(std::string_view(bytes).substr(0, nl));

  std::istringstream in2(bytes);
  culpa::ReaderOptions opt;
  opt.format = "mbox";
  opt.max_message_bytes = limit;
  opt.max_mime_depth = 8;
  auto reader = culpa::OpenReader("-", opt, &in2);
  FUZZ_CHECK(reader.ok());
  FUZZ_CHECK(culpa::fuzz::DrainReader(reader.value().get(), size + 1) == static_cast<size_t>(entries));
  return 0;
}
