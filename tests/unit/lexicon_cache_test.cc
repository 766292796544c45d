// The lexicon cache must be invisible: a cached load equals a fresh one, an
// edit is always seen, and a damaged or unusable cache only costs time.
#include "culpa/lexicon.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace culpa {
namespace {

namespace fs = std::filesystem;

// Everything a load yields, spelled out independently of the cache's own list
// of fields, so a field the cache forgot shows up as a difference here.
std::string Describe(const LoadResult& r) {
  std::ostringstream o;
  auto list = [&](const std::vector<std::string>& v) {
    for (const std::string& s : v) o << s << "|";
    o << "\n";
  };
  auto locs = [&](const std::vector<Location>& v) {
    for (const Location& l : v) o << l.ToString() << "|";
    o << "\n";
  };
  const Settings& s = r.lexicon.settings;
  for (const auto& kv : s.macros) o << kv.first << "=" << kv.second << "\n";
  for (const auto& kv : s.screens) o << kv.first << "~" << kv.second << "\n";
  for (const Category& c : s.categories)
    o << c.name << " " << PolarityName(c.polarity) << " " << c.cap << " " << c.flip_to << " " << c.acknowledgment
      << c.supporting << c.partial_only << c.agentless << " " << c.where.ToString() << "\n";
  list(s.scope.negators);
  list(s.scope.hedges);
  list(s.scope.conditionals);
  list(s.scope.reporting);
  list(s.scope.contrast_after);
  list(s.scope.contrast_before);
  list(s.scope.problems);
  list(s.scope.clause_openers);
  list(s.scope.agent_markers);
  list(s.scope.omissions);
  o << s.hedged << " " << s.collective << " " << s.undercut << " " << s.contrast << " " << s.owns_min_acknowledgment
    << " " << s.owns_max_deflection << " " << s.partial_min_share << " " << s.partial_min_owned << " "
    << s.score_scale << " " << s.owns.low << "-" << s.owns.high << " " << s.partial.low << "-" << s.partial.high
    << " " << s.deflects.low << "-" << s.deflects.high << " " << s.regex_memory_mb << "\n";
  list(s.apology_words);
  o << s.model.threshold << " " << s.model.threshold_without_cue << " " << s.model.threshold_weak_cue << " " << s.model.owns << " " << s.model.partial << " " << s.model.deflects << " "
    << s.model.blend << "\n";
  const WordModel& m = r.lexicon.model;
  o << m.file << " " << m.bias[0] << " " << m.bias[1] << " " << m.bias[2] << " " << m.bias[3] << "\n" << m.about;
  list(m.features);
  for (float w : m.weights) o << w << " ";
  o << "\n";
  for (const Rule& x : r.lexicon.rules) {
    o << x.id << " " << x.category << " " << PolarityName(x.polarity) << " " << x.weight << " " << x.collective
      << x.needs_problem << "\n" << x.pattern << "\n" << x.regex << "\n" << x.screen << "\n" << x.suggest << "\n" << x.where.ToString() << " "
      << x.pattern_where.ToString() << " " << x.origin << "\n";
    list(x.match_examples);
    list(x.no_match_examples);
    locs(x.match_where);
    locs(x.no_match_where);
    locs(x.replaced);
  }
  list(r.lexicon.files);
  for (const DisabledRule& d : r.lexicon.disabled)
    o << d.id << " " << d.where.ToString() << " " << d.rule_where.ToString() << " " << d.origin << "\n";
  for (const Diagnostic& d : r.diagnostics) o << d.severity << " " << d.ToString() << " " << d.rule_id << "\n";
  return o.str();
}

class LexiconCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("culpa_cache_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_ / "lex");
    fs::copy(CULPA_SOURCE_DIR "/lexicons/en", root_ / "lex");
    Write("overlay.yml",
          "disable: [ack.my_bad]\nrules:\n  - id: ack.team.desk\n    category: acknowledgment\n    weight: 3\n"
          "    pattern: \"that one's on my desk\"\n    examples: {match: [\"that one's on my desk\"]}\n");
    layers_ = {{(root_ / "lex").string(), "bundled"}, {(root_ / "overlay.yml").string(), "--lexicons"}};
    cache_ = (root_ / "cache").string();
  }
  void TearDown() override { fs::remove_all(root_); }

  void Write(const std::string& name, const std::string& body) { std::ofstream(root_ / name) << body; }
  std::vector<fs::path> CacheFiles() const {
    std::vector<fs::path> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(cache_, ec)) out.push_back(e.path());
    return out;
  }

  fs::path root_;
  std::vector<LexiconLayer> layers_;
  std::string cache_;
};

TEST_F(LexiconCacheTest, CachedLoadEqualsFreshLoad) {
  const LoadResult fresh = LoadLexiconLayers(layers_);
  ASSERT_TRUE(fresh.ok());
  ASSERT_FALSE(fresh.diagnostics.empty());  // the overlay's note travels through the cache too
  const LoadResult cold = LoadLexiconLayers(layers_, cache_);
  ASSERT_EQ(CacheFiles().size(), 1u);
  const LoadResult warm = LoadLexiconLayers(layers_, cache_);
  EXPECT_EQ(Describe(cold), Describe(fresh));
  EXPECT_EQ(Describe(warm), Describe(fresh));
}

TEST_F(LexiconCacheTest, AnEditIsAlwaysSeen) {
  LoadLexiconLayers(layers_, cache_);
  Write("overlay.yml", "rules:\n  - id: ack.team.desk\n    category: acknowledgment\n    weight: 5\n"
                       "    pattern: \"that one's on my desk\"\n");
  const LoadResult after = LoadLexiconLayers(layers_, cache_);
  EXPECT_EQ(Describe(after), Describe(LoadLexiconLayers(layers_)));
  bool found = false;
  for (const Rule& r : after.lexicon.rules)
    if (r.id == "ack.team.desk") {
      found = true;
      EXPECT_EQ(r.weight, 5);
    }
  EXPECT_TRUE(found);
}

TEST_F(LexiconCacheTest, ADamagedCacheFileIsIgnored) {
  const std::string expected = Describe(LoadLexiconLayers(layers_));
  LoadLexiconLayers(layers_, cache_);
  ASSERT_EQ(CacheFiles().size(), 1u);
  const fs::path file = CacheFiles()[0];
  std::string bytes;
  {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    bytes = ss.str();
  }
  // Truncated anywhere, or with a length or an enum overwritten: always a
  // normal load, never a crash or a half-read lexicon.
  for (size_t cut : {size_t{0}, size_t{10}, size_t{40}, size_t{100}, bytes.size() / 2, bytes.size() - 1}) {
    std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes.substr(0, cut);
    EXPECT_EQ(Describe(LoadLexiconLayers(layers_, cache_)), expected) << "cut at " << cut;
  }
  for (size_t at : {size_t{60}, size_t{200}, bytes.size() / 3}) {
    std::string bad = bytes;
    for (size_t i = at; i < at + 8 && i < bad.size(); ++i) bad[i] = '\xff';
    std::ofstream(file, std::ios::binary | std::ios::trunc) << bad;
    EXPECT_EQ(Describe(LoadLexiconLayers(layers_, cache_)), expected) << "damaged at " << at;
  }
}

TEST_F(LexiconCacheTest, LoadsWithErrorsAreNotStored) {
  Write("overlay.yml", "rules:\n  - id: broken\n    category: nonsense\n    weight: 1\n    pattern: \"x\"\n");
  const LoadResult r = LoadLexiconLayers(layers_, cache_);
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(CacheFiles().empty());
}

TEST_F(LexiconCacheTest, AnUnusableCacheDirectoryStillLoads) {
  Write("not-a-dir", "x");
  const LoadResult r = LoadLexiconLayers(layers_, (root_ / "not-a-dir").string());
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(Describe(r), Describe(LoadLexiconLayers(layers_)));
}

TEST_F(LexiconCacheTest, OldEntriesArePruned) {
  for (int i = 0; i < 12; ++i) {
    Write("overlay.yml", "rules:\n  - id: ack.team.desk\n    category: acknowledgment\n    weight: " +
                             std::to_string(i % 10 + 0.5) + "\n    pattern: \"that one's on my desk " +
                             std::to_string(i) + "\"\n");
    ASSERT_TRUE(LoadLexiconLayers(layers_, cache_).ok());
  }
  EXPECT_LE(CacheFiles().size(), 8u);
  EXPECT_GE(CacheFiles().size(), 1u);
}

}  // namespace
}  // namespace culpa
