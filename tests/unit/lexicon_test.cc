#include "culpa/lexicon.h"

#include "culpa/analyzer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace culpa {
namespace {

namespace fs = std::filesystem;

class LexiconTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("culpa_lex_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
                                        "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& body) {
    fs::path p = dir_ / name;
    std::ofstream(p) << body;
    return p.string();
  }
  static std::string Config() { return CULPA_SOURCE_DIR "/lexicons/en/config.yml"; }
  // Loads the bundled config plus `file` (which must load clean) and runs
  // CheckLexicon over it.
  static LexiconCheck Check(const std::string& file) {
    LoadResult r = LoadLexicons({Config(), file});
    EXPECT_TRUE(r.ok()) << Messages(r);
    auto a = Analyzer::Create(r.lexicon);
    EXPECT_TRUE(a.ok());
    return a.ok() ? CheckLexicon(a.value()) : LexiconCheck();
  }
  static std::string Messages(const LoadResult& r) {
    std::string s;
    for (const auto& d : r.diagnostics) s += d.ToString() + "\n";
    return s;
  }
  fs::path dir_;
};

TEST_F(LexiconTest, LoadsRulesAndExpandsPatterns) {
  std::string f = Write("a.yml", "rules:\n  - id: a.one\n    category: acknowledgment\n    weight: 3\n"
                                 "    pattern: \"that's on me\"\n");
  LoadResult r = LoadLexicons({Config(), f});
  ASSERT_TRUE(r.ok()) << Messages(r);
  ASSERT_EQ(r.lexicon.rules.size(), 1u);
  EXPECT_EQ(r.lexicon.rules[0].regex, "\\b(?:that'?s on me)\\b");
  EXPECT_EQ(r.lexicon.rules[0].polarity, Polarity::kOwn);
}

TEST_F(LexiconTest, NeedsProblemIsABoolean) {
  std::string f = Write("a.yml", "rules:\n  - id: a.one\n    category: acknowledgment\n    weight: 3\n"
                                 "    needs_problem: true\n    pattern: \"i packed\"\n"
                                 "  - id: a.two\n    category: acknowledgment\n    weight: 3\n"
                                 "    needs_problem: sometimes\n    pattern: \"i sent\"\n");
  LoadResult r = LoadLexicons({Config(), f});
  EXPECT_EQ(Messages(r), f + ":10:20: error: 'needs_problem' must be true or false\n");
  ASSERT_EQ(r.lexicon.rules.size(), 1u);
  EXPECT_TRUE(r.lexicon.rules[0].needs_problem);
  EXPECT_FALSE(r.lexicon.settings.scope.problems.empty());
}

TEST_F(LexiconTest, ExpandPatternMacrosAndClasses) {
  std::map<std::string, std::string> m = {{"det", "(?:a|the)"}};
  EXPECT_EQ(ExpandPattern("made {det} mistake", m), "\\b(?:made (?:a|the) mistake)\\b");
  EXPECT_EQ(ExpandPattern("i shouldn't have[,.;!]", m), "\\b(?:i shouldn'?t have[,.;!])");
  EXPECT_EQ(ExpandPattern("[\"]sorry", m), "(?:[\"]sorry)\\b");
  EXPECT_EQ(ExpandPattern("it was mine[^a-z]", m), "\\b(?:it was mine[^a-z])\\b");
  EXPECT_EQ(ExpandPattern("[^'] It'?s x{2} \\pL \\p{Lu} \\B", m), "\\b(?:[^'] it'?s x{2} \\pL \\p{Lu} \\B)\\b");
}

TEST_F(LexiconTest, BadYamlPointsAtLineAndColumn) {
  std::string f = Write("bad.yml", "rules:\n  - id: x\n    pattern: [unclosed\n");
  LoadResult r = LoadLexicons({Config(), f});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(Messages(r).find(f + ":"), std::string::npos) << Messages(r);
  EXPECT_NE(Messages(r).find("invalid YAML"), std::string::npos);
}

TEST_F(LexiconTest, ReportsEachProblemAtItsLocation) {
  std::string f = Write("p.yml",
                        "rules:\n"
                        "  - id: r.regex\n    category: regret\n    weight: 1\n    pattern: \"(oops\"\n"
                        "  - id: r.cat\n    category: nonsense\n    weight: 1\n    pattern: \"x y\"\n"
                        "  - id: r.noweight\n    category: regret\n    pattern: \"z\"\n"
                        "  - id: r.dup\n    category: regret\n    weight: 1\n    pattern: \"q\"\n"
                        "  - id: r.dup\n    category: regret\n    weight: 1\n    pattern: \"w\"\n"
                        "  - id: r.pol\n    category: regret\n    polarity: deflect\n    weight: 1\n    pattern: \"v\"\n");
  LoadResult r = LoadLexicons({Config(), f});
  std::string msg = Messages(r);
  EXPECT_FALSE(r.ok());
  EXPECT_NE(msg.find(f + ":5:14: error: pattern does not compile"), std::string::npos) << msg;
  EXPECT_NE(msg.find(f + ":7:15: error: unknown category 'nonsense'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("missing required key 'weight'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("duplicate rule id 'r.dup'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("polarity 'deflect' contradicts category 'regret'"), std::string::npos) << msg;
}

TEST_F(LexiconTest, LaterLayerReplacesAndDisables) {
  std::string a = Write("a.yml", "rules:\n  - {id: x.one, category: regret, weight: 1, pattern: \"sorry\"}\n"
                                 "  - {id: x.two, category: regret, weight: 1, pattern: \"apologies\"}\n");
  std::string b = Write("b.yml", "rules:\n  - {id: x.one, category: regret, weight: 2.5, pattern: \"so sorry\"}\n"
                                 "disable: [x.two]\n");
  LoadResult r = LoadLexicons({Config(), a, b});
  ASSERT_TRUE(r.ok()) << Messages(r);
  ASSERT_EQ(r.lexicon.rules.size(), 1u);
  EXPECT_EQ(r.lexicon.rules[0].weight, 2.5);
  EXPECT_NE(Messages(r).find("note: rule 'x.one' replaces"), std::string::npos);
}

TEST_F(LexiconTest, CheckFindsEmptyPatternsAndFailingExamples) {
  std::string f = Write("c.yml",
                        "rules:\n"
                        "  - id: c.empty\n    category: regret\n    weight: 1\n    pattern: \"(?:a)?\"\n"
                        "  - id: c.ex\n    category: regret\n    weight: 1\n    pattern: \"that's on me\"\n"
                        "    examples:\n      match: [\"THAT\u2019S\\non me\", \"on my desk\"]\n"
                        "      no_match: [\"thats on me\"]\n");
  LexiconCheck check = Check(f);
  EXPECT_EQ(check.examples, 3);
  ASSERT_EQ(check.diagnostics.size(), 3u);
  EXPECT_EQ(check.diagnostics[0].ToString(), f + ":5:14: error: pattern matches the empty string");
  EXPECT_EQ(check.diagnostics[1].ToString(),
            f + ":11:34: error: rule 'c.ex' does not match its example: \"on my desk\"");
  EXPECT_EQ(check.diagnostics[2].ToString(),
            f + ":12:18: error: rule 'c.ex' matches its no_match example at \"thats on me\": \"thats on me\"");
}

// settings: screens: each rule gets a screen pattern with the screen in place
// of the macro; a screen for no macro is an error; and check tries every
// match example against the screen, since a screen that misses one would
// lose that hit in short runs.
TEST_F(LexiconTest, ScreensStandInForMacros) {
  std::string f = Write("s.yml",
                        "settings:\n  screens:\n    adv: \"(?:[a-z]+ )*\"\n    nope: \"x\"\n"
                        "rules:\n  - id: s.one\n    category: acknowledgment\n    weight: 3\n"
                        "    pattern: \"i {adv}broke it\"\n    examples: {match: [\"I really broke it\"]}\n"
                        "  - id: s.plain\n    category: acknowledgment\n    weight: 3\n    pattern: \"my doing\"\n");
  LoadResult r = LoadLexicons({Config(), f});
  EXPECT_EQ(Messages(r), f + ":4:5: error: screen for unknown macro '{nope}'\n");
  ASSERT_EQ(r.lexicon.rules.size(), 2u);
  EXPECT_NE(r.lexicon.rules[0].screen, r.lexicon.rules[0].regex);
  EXPECT_NE(r.lexicon.rules[0].screen.find("(?:[a-z]+ )*"), std::string::npos);
  EXPECT_EQ(r.lexicon.rules[1].screen, r.lexicon.rules[1].regex);

  // A screen narrower than its macro: check says which example it misses.
  std::string g = Write("t.yml",
                        "settings:\n  screens:\n    adv: \"(?:zz )*\"\n"
                        "rules:\n  - id: t.one\n    category: acknowledgment\n    weight: 3\n"
                        "    pattern: \"i {adv}broke it\"\n    examples: {match: [\"I really broke it\"]}\n");
  LexiconCheck check = Check(g);
  ASSERT_EQ(check.diagnostics.size(), 1u);
  EXPECT_NE(check.diagnostics[0].message.find("screen of its macros"), std::string::npos)
      << check.diagnostics[0].ToString();
}

TEST_F(LexiconTest, MissingFileIsAnError) {
  LoadResult r = LoadLexicons({Config(), (dir_ / "nope.yml").string()});
  EXPECT_FALSE(r.ok());
  EXPECT_NE(Messages(r).find("no such lexicon file"), std::string::npos);
}

TEST_F(LexiconTest, BundledLexiconLoadsClean) {
  LoadResult r = LoadLexicons({CULPA_SOURCE_DIR "/lexicons/en"});
  ASSERT_TRUE(r.ok()) << Messages(r);
  EXPECT_GE(r.lexicon.rules.size(), 150u);
}

}  // namespace
}  // namespace culpa

namespace culpa {
namespace {

const char kTinyModel[] = "feature\towns\tpartial\tdeflects\tnone\n<bias>\t0\t0\t0\t1\nsorry\t1\t0\t0\t0\n";

TEST_F(LexiconTest, AModelFileInADirectoryIsTheModel) {
  fs::create_directories(dir_ / "a");
  fs::copy_file(Config(), dir_ / "a" / "config.yml");
  Write("a/words.model", kTinyModel);
  LoadResult r = LoadLexicons({(dir_ / "a").string()});
  ASSERT_TRUE(r.ok()) << Messages(r);
  EXPECT_EQ(r.lexicon.model.file, (dir_ / "a" / "words.model").string());
  EXPECT_EQ(r.lexicon.model.features, std::vector<std::string>{"sorry"});
}

TEST_F(LexiconTest, ALaterLayersModelReplacesTheEarlierOne) {
  const std::string first = Write("one.model", kTinyModel);
  const std::string second = Write("two.model", "feature\towns\tpartial\tdeflects\tnone\n<bias>\t0\t0\t0\t1\n");
  LoadResult r = LoadLexicons({Config(), first, second});
  ASSERT_TRUE(r.ok()) << Messages(r);
  EXPECT_EQ(r.lexicon.model.file, second);
  EXPECT_TRUE(r.lexicon.model.features.empty());
  EXPECT_NE(Messages(r).find(second + ": note: this model replaces " + first), std::string::npos) << Messages(r);
}

TEST_F(LexiconTest, TwoModelsInOneLayerIsAnError) {
  fs::create_directories(dir_ / "a");
  Write("a/x.model", kTinyModel);
  Write("a/y.model", kTinyModel);
  LoadResult r = LoadLexicons({Config(), (dir_ / "a").string()});
  EXPECT_FALSE(r.ok());
  EXPECT_NE(Messages(r).find("a second model file in one lexicon layer"), std::string::npos) << Messages(r);
}

TEST_F(LexiconTest, ABrokenModelPointsAtItsLine) {
  const std::string m = Write("bad.model", "feature\towns\tpartial\tdeflects\tnone\n<bias>\t0\t0\t0\t1\nsorry\t1\tlots\t0\t0\n");
  LoadResult r = LoadLexicons({Config(), m});
  EXPECT_FALSE(r.ok());
  EXPECT_NE(Messages(r).find(m + ":3:9: error: weight for 'partial' must be a number, not \"lots\""), std::string::npos)
      << Messages(r);
}

TEST_F(LexiconTest, ModelSettingsAreChecked) {
  const std::string s = Write("s.yml",
                              "settings:\n  model:\n    threshold: 2\n    scores: {owns: 120, maybe: 3}\n"
                              "    blend: -1\n    colour: red\n    relabel: 1.5\n");
  LoadResult r = LoadLexicons({Config(), s});
  EXPECT_FALSE(r.ok());
  const std::string m = Messages(r);
  EXPECT_NE(m.find(s + ":3:16: error: the model threshold is a probability, between 0 and 1"), std::string::npos) << m;
  EXPECT_NE(m.find(s + ":4:20: error: a model score must be between 0 and 100"), std::string::npos) << m;
  EXPECT_NE(m.find(s + ":4:25: error: model scores are owns, partial and deflects"), std::string::npos) << m;
  EXPECT_NE(m.find(s + ":5:12: error: the model blend is a share, between 0 and 1"), std::string::npos) << m;
  EXPECT_NE(m.find(s + ":6:5: error: unknown model key 'colour' (expected threshold, threshold_without_cue, "
                       "threshold_weak_cue, scores, blend or relabel)"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find(s + ":7:14: error: the model relabel is a probability, between 0 and 1"), std::string::npos) << m;
}

}  // namespace
}  // namespace culpa
