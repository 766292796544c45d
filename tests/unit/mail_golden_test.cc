// corpora/mail: every input read, and what the reader made of it compared
// with corpora/mail/expected/<input>.jsonl. The records are reader output
// (text, meta, excluded spans with their text, automated, notes, source), not
// scores, so lexicon changes do not churn them.
//
// Regenerate after an intended change: tools/update-mail-goldens (runs this
// test with CULPA_UPDATE_GOLDEN=1), then review the diff.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "culpa/reader.h"
#include "mail_test_util.h"

namespace culpa {
namespace {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

const std::string kRoot = CULPA_SOURCE_DIR "/corpora/mail/";

std::string Rel(std::string s) {
  for (size_t p; (p = s.find(kRoot)) != std::string::npos;) s.erase(p, kRoot.size());
  return s;
}

ordered_json Record(const ReadItem& item) {
  const Message& m = item.message;
  ordered_json j;
  j["id"] = Rel(m.id);
  if (!item.ok) j["error"] = Rel(item.error.ToString());
  ordered_json src;
  src["file"] = Rel(m.where.path);
  if (m.where.line > 0) src["line"] = m.where.line;
  if (m.where.index > 0) src["index"] = m.where.index;
  if (m.where.offset >= 0) src["offset"] = m.where.offset;
  if (m.where.row > 0) src["row"] = m.where.row;
  j["source"] = src;
  if (!item.ok) return j;
  j["text"] = m.text;
  if (!m.meta.empty()) {
    ordered_json meta = ordered_json::object();
    for (const auto& [k, v] : m.meta) meta[k] = v;
    j["meta"] = meta;
  }
  if (!m.automated.empty()) j["automated"] = m.automated;
  for (const Excluded& x : m.excluded)
    j["excluded"].push_back({{"start", x.begin}, {"end", x.end}, {"reason", x.reason},
                             {"text", m.text.substr(x.begin, x.end - x.begin)}});
  if (!m.notes.empty()) j["notes"] = m.notes;
  j["kept"] = testing::Squeeze(testing::Kept(m));
  return j;
}

std::vector<std::string> Inputs() {
  std::vector<std::string> in;
  for (const char* dir : {"clients", "encodings", "automated", "broken"})
    for (const auto& e : fs::directory_iterator(kRoot + dir)) in.push_back(e.path().string());
  for (const auto& e : fs::directory_iterator(kRoot + "containers")) in.push_back(e.path().string());
  std::sort(in.begin(), in.end());
  return in;
}

TEST(MailGolden, EveryInputMatchesItsExpectedRecords) {
  const bool update = std::getenv("CULPA_UPDATE_GOLDEN") != nullptr;
  int compared = 0;
  for (const std::string& input : Inputs()) {
    std::string actual;
    for (const ReadItem& item : testing::ReadPath(input))
      actual += Record(item).dump(-1, ' ', false, ordered_json::error_handler_t::replace) + "\n";
    const fs::path expected = kRoot + "expected/" + Rel(input) + ".jsonl";
    if (update) {
      fs::create_directories(expected.parent_path());
      std::ofstream(expected, std::ios::binary) << actual;
      continue;
    }
    std::ifstream f(expected, std::ios::binary);
    ASSERT_TRUE(f) << "no golden file " << expected << " (run tools/update-mail-goldens)";
    std::stringstream want;
    want << f.rdbuf();
    EXPECT_EQ(actual, want.str()) << "input: " << Rel(input);
    ++compared;
  }
  if (!update) EXPECT_GE(compared, 40);
}

}  // namespace
}  // namespace culpa
