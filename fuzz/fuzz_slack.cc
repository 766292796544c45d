// The Slack export reader. The input is JSON files joined by kFileSeparator:
// users.json, channels.json, then day files, alternately in the channel
// folders "general" and "random".
#include <cstdio>

#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static culpa::fuzz::ScratchDir dir;
  dir.Clear();
  const auto root = dir.path() / "export";
  auto pieces = culpa::fuzz::Split(culpa::fuzz::AsView(data, size), culpa::fuzz::kFileSeparator);
  if (pieces.size() > 34) pieces.resize(34);
  culpa::fuzz::WriteFile(root / "users.json", pieces[0]);
  culpa::fuzz::WriteFile(root / "channels.json", pieces.size() > 1 ? pieces[1] : std::string_view("[]"));
  for (size_t i = 2; i < pieces.size(); ++i) {
    char name[64];
    std::snprintf(name, sizeof name, "2026-01-%02zu.json", i);
    culpa::fuzz::WriteFile(root / (i % 2 ? "general" : "random") / name, pieces[i]);
  }
  culpa::ReaderOptions opt;
  opt.max_message_bytes = 4096;
  auto reader = culpa::OpenReader(root.string(), opt, nullptr);
  if (!reader.ok()) return 0;  // users.json or channels.json unreadable: one clear error
  culpa::fuzz::DrainReader(reader.value().get(), size + 64);
  return 0;
}
