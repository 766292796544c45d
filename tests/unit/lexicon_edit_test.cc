// Overlays, rule origins, example runs and explanations: the library side of
// the lexicon-editing commands (lexicon test/list, explain).
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <string>

#include "culpa/analyzer.h"
#include "culpa/explain.h"
#include "culpa/lexicon.h"

namespace culpa {
namespace {

const std::string kData = CULPA_SOURCE_DIR "/tests/data/";

std::vector<LexiconLayer> OverlayLayers() {
  return {{kData + "overlay/bundled", "bundled"}, {kData + "overlay/xdg/culpa/lexicons", "user"}};
}

const Rule* Find(const Lexicon& lex, const std::string& id) {
  for (const Rule& r : lex.rules)
    if (r.id == id) return &r;
  return nullptr;
}

TEST(Overlay, UserRuleAddsReplacesAndDisables) {
  LoadResult r = LoadLexiconLayers(OverlayLayers());
  ASSERT_TRUE(r.ok());
  const Rule* desk = Find(r.lexicon, "team.ack.on_my_desk");
  ASSERT_NE(desk, nullptr);
  EXPECT_EQ(desk->origin, "user");
  const Rule* on_me = Find(r.lexicon, "b.ack.on_me");
  ASSERT_NE(on_me, nullptr);
  EXPECT_EQ(on_me->weight, 4);
  EXPECT_EQ(on_me->origin, "user");
  ASSERT_EQ(on_me->replaced.size(), 1u);
  EXPECT_NE(on_me->replaced[0].path.find("overlay/bundled/rules.yml"), std::string::npos);
  EXPECT_EQ(Find(r.lexicon, "b.passive.mistakes"), nullptr);
  ASSERT_EQ(r.lexicon.disabled.size(), 1u);
  EXPECT_EQ(r.lexicon.disabled[0].id, "b.passive.mistakes");
  EXPECT_EQ(r.lexicon.disabled[0].origin, "user");
  // The replacement is a note, never an error.
  bool noted = false;
  for (const Diagnostic& d : r.diagnostics) noted |= d.severity == Diagnostic::kNote && d.rule_id == "b.ack.on_me";
  EXPECT_TRUE(noted);
}

TEST(Overlay, ScoresWithTheOverlay) {
  LoadResult r = LoadLexiconLayers(OverlayLayers());
  ASSERT_TRUE(r.ok());
  Result<Analyzer> a = Analyzer::Create(r.lexicon);
  ASSERT_TRUE(a.ok());
  Result<Analysis> x = a.value().Analyze(std::string_view("That one's on my desk. That's on me. Mistakes were made."));
  ASSERT_TRUE(x.ok());
  bool desk = false, on_me = false, passive = false;
  for (const Evidence& e : x.value().evidence) {
    desk |= e.rule == "team.ack.on_my_desk" && e.counted;
    if (e.rule == "b.ack.on_me") on_me = e.strength == 4;
    passive |= e.rule == "b.passive.mistakes";
  }
  EXPECT_TRUE(desk);
  EXPECT_TRUE(on_me);
  EXPECT_FALSE(passive);
}

TEST(Overlay, SamePatternTwiceIsAWarning) {
  LoadResult r = LoadLexicons({kData + "overlay/bundled/config.yml",
                               CULPA_SOURCE_DIR "/tests/golden/inputs/badlex/bad_more.yml"});
  bool warned = false;
  for (const Diagnostic& d : r.diagnostics)
    warned |= d.severity == Diagnostic::kWarning && d.rule_id == "more.same_b";
  EXPECT_TRUE(warned);
}

TEST(Examples, RunThroughTheNormaliser) {
  LoadResult r = LoadLexiconLayers(OverlayLayers());
  ASSERT_TRUE(r.ok());
  Result<Analyzer> a = Analyzer::Create(r.lexicon);
  ASSERT_TRUE(a.ok());
  ExampleRun run = RunExamples(&a.value());
  EXPECT_EQ(run.failed, 0);
  EXPECT_EQ(run.rules, 3);
  // The user's curly-quoted example matched after normalisation, and the whole
  // pipeline counted it.
  bool seen = false;
  for (const ExampleResult& x : run.results) {
    if (a.value().lexicon().rules[x.rule].id != "team.ack.on_my_desk" || !x.expect_match) continue;
    seen = true;
    EXPECT_TRUE(x.passed);
    EXPECT_EQ(x.analysis_text.find("that one's on my desk"), 0u);
    EXPECT_EQ(x.analysis.label, Label::kOwns);
  }
  EXPECT_TRUE(seen);
  EXPECT_EQ(RunExamples(&a.value(), "team.*").rules, 1);
  EXPECT_EQ(RunExamples(&a.value(), "b.").rules, 2);
  EXPECT_EQ(RunExamples(&a.value(), "nope").rules, 0);
}

TEST(Examples, FailuresSayWhat) {
  LoadResult r = LoadLexicons({CULPA_SOURCE_DIR "/lexicons/en/config.yml",
                               CULPA_SOURCE_DIR "/tests/golden/inputs/badlex/bad_examples.yml"});
  ASSERT_TRUE(r.ok());
  Result<Analyzer> a = Analyzer::Create(r.lexicon);
  ASSERT_TRUE(a.ok());
  ExampleRun run = RunExamples(&a.value());
  EXPECT_EQ(run.failed, 2);
  for (const ExampleResult& x : run.results) {
    EXPECT_FALSE(x.passed);
    EXPECT_GT(x.where.line, 0);
    if (!x.expect_match) {
      ASSERT_EQ(x.spans.size(), 1u);
      EXPECT_EQ(x.analysis_text.substr(x.spans[0].begin, x.spans[0].end - x.spans[0].begin), "my mistake");
    }
  }
  // CheckLexicon reports the same two failures.
  EXPECT_EQ(CheckLexicon(a.value()).diagnostics.size(), 2u);
}

class ExplainTest : public ::testing::Test {
 protected:
  void SetUp() override {
    LoadResult r = LoadLexicons({kData + "overlay/bundled/config.yml", kData + "small_rules.yml"});
    ASSERT_TRUE(r.ok());
    Result<Analyzer> a = Analyzer::Create(r.lexicon);
    ASSERT_TRUE(a.ok());
    analyzer_ = std::make_unique<Analyzer>(std::move(a.value()));
  }
  Explanation Run(const std::string& text) {
    Message m;
    m.id = "m";
    m.text = text;
    Result<Explanation> x = Explain(analyzer_.get(), m);
    EXPECT_TRUE(x.ok());
    return x.ok() ? x.value() : Explanation();
  }
  std::unique_ptr<Analyzer> analyzer_;
};

TEST_F(ExplainTest, ArithmeticMatchesTheScorer) {
  for (const char* t : {"That's on me; I'll fix it.", "Mistakes were made.", "Sorry for the delay.",
                        "I made a mistake, but the vendor was late.", "Maybe that's on me."}) {
    Explanation x = Run(t);
    EXPECT_EQ(x.computed_score, x.analysis.score) << t;
  }
}

// With the bundled lexicons and word model: the arithmetic holds for every
// labelled message, whether the rules judged it (and the model's score was
// blended in), the model did, or the model moved the rules' label one over.
TEST(ExplainBundled, ArithmeticMatchesTheScorerWithTheWordModel) {
  LoadResult r = LoadLexicons({CULPA_SOURCE_DIR "/lexicons/en"});
  ASSERT_TRUE(r.ok());
  Result<Analyzer> a = Analyzer::Create(r.lexicon);
  ASSERT_TRUE(a.ok());
  std::ifstream in(CULPA_SOURCE_DIR "/corpora/labelled/dev24.jsonl");
  std::string line;
  int judged = 0, blended = 0, relabeled = 0;
  while (std::getline(in, line)) {
    Message m;
    m.id = "m";
    m.text = nlohmann::json::parse(line)["text"].get<std::string>();
    Result<Explanation> x = Explain(&a.value(), m);
    ASSERT_TRUE(x.ok());
    EXPECT_EQ(x.value().computed_score, x.value().analysis.score) << m.text;
    judged += x.value().model_judged;
    blended += x.value().blend > 0;
    relabeled += x.value().relabeled;
    if (x.value().relabeled) EXPECT_NE(x.value().analysis.rules_label, x.value().analysis.label);
  }
  EXPECT_GT(judged, 0);
  EXPECT_GT(blended, 0);
  EXPECT_GT(relabeled, 0);
}

TEST_F(ExplainTest, NamesTheCueBehindEachEffect) {
  Explanation x = Run("Maybe I made a mistake, but the vendor was late. It's not my doing.");
  std::map<std::string, std::string> cause;
  for (const ExplainedHit& h : x.hits)
    for (const ExplainedEffect& e : h.effects) cause[h.evidence.rule + " " + e.effect] = e.cause;
  EXPECT_EQ(cause["t.ack.made_mistake hedged"], "\"maybe\"");
  EXPECT_EQ(cause["t.ack.made_mistake undercut"], "\"but\"");
  EXPECT_EQ(cause["t.ack.my_doing negated"], "\"not\"");
  ASSERT_EQ(x.sentences.size(), 2u);
  EXPECT_EQ(x.analysis_text.substr(0, 5), "maybe");
}

TEST_F(ExplainTest, TotalsAreCapped) {
  Explanation x = Run("Sorry. Sorry. Sorry. I'm sorry.");
  ASSERT_EQ(x.totals.size(), 1u);
  EXPECT_EQ(x.totals[0].category, "regret");
  EXPECT_EQ(x.totals[0].sum, 4);
  EXPECT_EQ(x.totals[0].value, 2);
}

}  // namespace
}  // namespace culpa
