// Helpers shared by the fuzz targets. Each target defines
// LLVMFuzzerTestOneInput; it is linked either with libFuzzer (CULPA_FUZZ=ON,
// clang) or with replay_main.cc, a plain driver that runs saved inputs, so
// ctest replays past crashes with any compiler.
#ifndef CULPA_FUZZ_FUZZ_UTIL_H_
#define CULPA_FUZZ_FUZZ_UTIL_H_

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "culpa/reader.h"

// An invariant of the code under test. A failure aborts, which libFuzzer
// records as a crash and the replay driver as a failed test.
#define FUZZ_CHECK(cond)                                                                  \
  do {                                                                                    \
    if (!(cond)) {                                                                        \
      std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                       \
    }                                                                                     \
  } while (0)

namespace culpa::fuzz {

inline std::string_view AsView(const uint8_t* data, size_t size) {
  return std::string_view(reinterpret_cast<const char*>(data), size);
}

// Splits an input into pieces at `sep` (used to carry several files in one
// input: Maildir messages, a Slack export's JSON files).
inline std::vector<std::string_view> Split(std::string_view s, std::string_view sep) {
  std::vector<std::string_view> out;
  for (;;) {
    size_t k = s.find(sep);
    if (k == std::string_view::npos) {
      out.push_back(s);
      return out;
    }
    out.push_back(s.substr(0, k));
    s.remove_prefix(k + sep.size());
  }
}

// The separator between files in a multi-file input (see tools/fuzz, which
// builds such seeds from corpora/mail/containers).
constexpr std::string_view kFileSeparator = "\n\x01\x02\x03\n";

// A private scratch directory for the process, removed at exit.
class ScratchDir {
 public:
  ScratchDir() {
    std::string tmpl = (std::getenv("TMPDIR") ? std::string(std::getenv("TMPDIR")) : std::string("/tmp")) +
                       "/culpa-fuzz-XXXXXX";
    if (!mkdtemp(tmpl.data())) std::abort();
    path_ = tmpl;
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

  // Empties the directory, keeping it.
  void Clear() const {
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(path_, ec)) std::filesystem::remove_all(e.path(), ec);
  }

 private:
  std::filesystem::path path_;
};

inline void WriteFile(const std::filesystem::path& p, std::string_view bytes) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream f(p, std::ios::binary);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!f) std::abort();
}

// Every item a reader yields, with the checks every reader must pass: an
// item is a message or an error, always with an id, and the stream ends.
inline size_t DrainReader(culpa::Reader* reader, size_t max_items) {
  culpa::ReadItem item;
  size_t n = 0;
  while (reader->Next(&item)) {
    ++n;
    FUZZ_CHECK(n <= max_items);
    FUZZ_CHECK(!item.message.id.empty());
    if (!item.ok) FUZZ_CHECK(!item.error.message.empty());
    if (item.ok) {
      uint32_t last = 0;
      for (const culpa::Excluded& x : item.message.excluded) {
        FUZZ_CHECK(x.begin >= last && x.begin <= x.end && x.end <= item.message.text.size());
        last = x.end;
      }
    }
  }
  FUZZ_CHECK(!reader->Next(&item));  // stays at the end
  return n;
}

}  // namespace culpa::fuzz

#endif  // CULPA_FUZZ_FUZZ_UTIL_H_
