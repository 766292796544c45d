// The Maildir reader: the input is several files joined by kFileSeparator,
// written to cur/ and new/ (and one to tmp/, which is not read). Every file in
// cur/ and new/ is exactly one record, whatever it holds.
#include <cstdio>

#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static culpa::fuzz::ScratchDir dir;
  dir.Clear();
  const auto root = dir.path() / "Maildir";
  std::filesystem::create_directories(root / "cur");
  std::filesystem::create_directories(root / "tmp");
  auto pieces = culpa::fuzz::Split(culpa::fuzz::AsView(data, size), culpa::fuzz::kFileSeparator);
  if (pieces.size() > 64) pieces.resize(64);
  size_t expected = 0;
  for (size_t i = 0; i < pieces.size(); ++i) {
    char name[64];
    std::snprintf(name, sizeof name, "%zu.M%zuP1.host%s", 1700000000 + i, i, i % 2 ? "" : ":2,S");
    const char* sub = i % 3 == 0 ? "cur" : i % 3 == 1 ? "new" : i == 2 ? "tmp" : "cur";
    if (std::string_view(sub) != "tmp") ++expected;
    culpa::fuzz::WriteFile(root / sub / name, pieces[i]);
  }
  culpa::ReaderOptions opt;
  opt.max_message_bytes = 4096;
  opt.max_mime_depth = 8;
  auto reader = culpa::OpenReader(root.string(), opt, nullptr);
  FUZZ_CHECK(reader.ok());
  FUZZ_CHECK(culpa::fuzz::DrainReader(reader.value().get(), expected) == expected);
  return 0;
}
