// Analyzer::AnalyzeBatch runs each stage over the whole batch: whatever else
// is in a batch, every message must get exactly what Analyze gives it alone.
// And scope cues, looked for only near hits, must judge as if looked for
// everywhere.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "culpa/analyzer.h"

namespace culpa {
namespace {

void ExpectSame(const Analysis& a, const Analysis& b, const std::string& what) {
  EXPECT_EQ(a.label, b.label) << what;
  EXPECT_EQ(a.score, b.score) << what;
  EXPECT_EQ(a.reason, b.reason) << what;
  EXPECT_EQ(a.tokens, b.tokens) << what;
  EXPECT_EQ(a.sentences, b.sentences) << what;
  EXPECT_EQ(a.model, b.model) << what;
  ASSERT_EQ(a.evidence.size(), b.evidence.size()) << what;
  for (size_t i = 0; i < a.evidence.size(); ++i) {
    const Evidence& x = a.evidence[i];
    const Evidence& y = b.evidence[i];
    EXPECT_EQ(x.rule, y.rule) << what;
    EXPECT_EQ(x.span.begin, y.span.begin) << what;
    EXPECT_EQ(x.span.end, y.span.end) << what;
    EXPECT_EQ(x.counted, y.counted) << what;
    EXPECT_EQ(x.strength, y.strength) << what;
    EXPECT_EQ(x.effects, y.effects) << what;
  }
}

TEST(AnalyzeBatch, SameAsOneAtATime) {
  LoadResult r = LoadLexicons({CULPA_SOURCE_DIR "/lexicons/en"});
  ASSERT_TRUE(r.ok());
  auto batch_analyzer = Analyzer::Create(r.lexicon);
  auto single_analyzer = Analyzer::Create(r.lexicon);
  ASSERT_TRUE(batch_analyzer.ok() && single_analyzer.ok());

  // Labelled messages of every kind, plus the odd ones: empty, automated,
  // with an excluded (quoted) part, invalid UTF-8, and one long enough to be
  // matched in windows.
  std::vector<Message> messages;
  for (const char* split : {"/corpora/labelled/dev.jsonl", "/corpora/labelled/dev16.jsonl"}) {
    std::ifstream in(std::string(CULPA_SOURCE_DIR) + split);
    std::string line;
    for (int i = 0; std::getline(in, line) && i < 150; ++i) {
      Message m;
      const size_t k = line.find("\"text\": \"");
      ASSERT_NE(k, std::string::npos);
      m.text = line.substr(k + 9, line.find("\", \"label\"") - k - 9);  // JSON-escaped is fine: any text will do
      messages.push_back(m);
    }
  }
  messages.push_back(Message());
  Message automated;
  automated.text = "I take full responsibility.";
  automated.automated = "auto-submitted";
  messages.push_back(automated);
  Message quoted;
  quoted.text = "That's on me, I'll fix it.\n> It was my fault, sorry.\n";
  quoted.excluded.push_back({27, static_cast<uint32_t>(quoted.text.size()), "quoted"});
  messages.push_back(quoted);
  Message bad_utf8;
  bad_utf8.text = "I broke the build \xFF\xFE and that's on me.";
  messages.push_back(bad_utf8);
  Message longest;
  std::mt19937 rng(3);
  while (longest.text.size() < 40000)
    longest.text += rng() % 3 == 0 ? "I missed the deadline, but the vendor was late. " : "The report is attached. ";
  messages.push_back(longest);

  std::vector<const Message*> batch;
  for (const Message& m : messages) batch.push_back(&m);
  std::vector<Result<Analysis>> got = batch_analyzer.value().AnalyzeBatch(batch);
  ASSERT_EQ(got.size(), messages.size());
  int scored = 0;
  for (size_t i = 0; i < messages.size(); ++i) {
    Result<Analysis> one = single_analyzer.value().Analyze(messages[i]);
    ASSERT_TRUE(got[i].ok() && one.ok()) << i;
    ExpectSame(got[i].value(), one.value(), "message " + std::to_string(i));
    // With a trace, scope cues are looked for in the whole text; without,
    // only in the sentences around hits (CueWindow): the same judgment.
    AnalysisTrace trace;
    Result<Analysis> traced = single_analyzer.value().Analyze(messages[i], &trace);
    ASSERT_TRUE(traced.ok());
    ExpectSame(traced.value(), one.value(), "traced message " + std::to_string(i));
    if (got[i].value().label != Label::kNone) ++scored;
  }
  EXPECT_GT(scored, 200);  // the comparison saw real evidence, not only `none`
  EXPECT_EQ(got[messages.size() - 4].value().reason, "automated: auto-submitted");
  EXPECT_TRUE(batch_analyzer.value().AnalyzeBatch({}).empty());
}

}  // namespace
}  // namespace culpa

namespace culpa {
namespace {

// The word model: what it may judge, and what its judgment looks like.
class WordModelInAnalyzer : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("culpa_wm_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    std::filesystem::create_directories(dir_);
    // "delayed" is a problem word (scope.problems); "noon" is no gate word.
    Write("m.model",
          "feature\towns\tpartial\tdeflects\tnone\n"
          "<bias>\t0\t0\t0\t2\n"
          "delayed\t0\t0\t3\t-3\n"
          "customs\t0\t0\t2\t0\n"
          "noon\t3\t0\t0\t-1\n"
          "picnic\t9\t0\t0\t0\n"
          "hall\t5.5\t0\t0\t0\n"
          "honestly\t0\t9\t0\t0\n"
          "whatever\t0\t0\t9\t0\n");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void Write(const std::string& name, const std::string& body) { std::ofstream(dir_ / name) << body; }
  Analysis Judge(const std::string& text, const std::string& extra_settings = "") {
    std::vector<std::string> files = {CULPA_SOURCE_DIR "/lexicons/en/config.yml", (dir_ / "m.model").string()};
    if (!extra_settings.empty()) {
      Write("s.yml", "settings:\n" + extra_settings);
      files.push_back((dir_ / "s.yml").string());
    }
    LoadResult r = LoadLexicons(files);
    EXPECT_TRUE(r.ok());
    auto a = Analyzer::Create(r.lexicon);
    EXPECT_TRUE(a.ok());
    return a.value().Analyze(std::string_view(text)).value();
  }
  // `text` judged with the test model, the rules a test wrote to r.yml, and
  // `model` (the inside of a `settings: model:` flow mapping).
  Analysis JudgeWithRules(const std::string& text, const std::string& model) {
    Write("s.yml", "settings:\n  model: {" + model + "}\n");
    LoadResult r = LoadLexicons({CULPA_SOURCE_DIR "/lexicons/en/config.yml", (dir_ / "m.model").string(),
                                 (dir_ / "r.yml").string(), (dir_ / "s.yml").string()});
    EXPECT_TRUE(r.ok());
    return Analyzer::Create(r.lexicon).value().Analyze(std::string_view(text)).value();
  }
  std::filesystem::path dir_;
};

TEST_F(WordModelInAnalyzer, JudgesWhatNoRuleCountedWithItsWordsAsEvidence) {
  const std::string text = "Customs\u2019 hold: the crates were DELAYED.";
  Analysis a = Judge(text);
  EXPECT_EQ(a.label, Label::kDeflects);
  ASSERT_EQ(a.model.size(), 4u);
  EXPECT_LT(a.model[3], 0.2);
  EXPECT_GE(a.score, 0);
  EXPECT_LE(a.score, 39);  // inside the deflects band
  ASSERT_EQ(a.evidence.size(), 2u);
  // Evidence spans are on the text as read, whatever normalisation did.
  EXPECT_EQ(a.evidence[0].rule, "model:customs");
  EXPECT_EQ(text.substr(a.evidence[0].span.begin, a.evidence[0].span.end - a.evidence[0].span.begin), "Customs");
  EXPECT_EQ(a.evidence[1].rule, "model:delayed");
  EXPECT_EQ(text.substr(a.evidence[1].span.begin, a.evidence[1].span.end - a.evidence[1].span.begin), "DELAYED");
  EXPECT_EQ(a.evidence[1].category, "model");
  EXPECT_EQ(a.evidence[1].polarity, Polarity::kDeflect);
  EXPECT_TRUE(a.evidence[1].counted);
  EXPECT_NE(a.reason.find("word model"), std::string::npos);
}

TEST_F(WordModelInAnalyzer, WithoutACueItMustBeFarSurer) {
  // P(none) 0.11: below `threshold` (0.2), not below `threshold_without_cue` (0.01).
  Analysis a = Judge("Lunch is at noon.");
  EXPECT_EQ(a.label, Label::kNone);
  EXPECT_TRUE(a.model.empty());
  // A problem word is a cue...
  EXPECT_EQ(Judge("Lunch is at noon, my mistake.").label, Label::kOwns);
  // ...but not inside a trap.
  Write("trap.yml",
        "settings:\n  apology_words: [\"on me\"]\nrules:\n  - id: trap.test\n    category: trap\n"
        "    weight: 0\n    pattern: \"drinks are on me\"\n");
  auto with_trap = [&](const std::string& text) {
    LoadResult r = LoadLexicons({CULPA_SOURCE_DIR "/lexicons/en/config.yml", (dir_ / "m.model").string(),
                                 (dir_ / "trap.yml").string()});
    EXPECT_TRUE(r.ok());
    return Analyzer::Create(r.lexicon).value().Analyze(std::string_view(text)).value().label;
  };
  EXPECT_EQ(with_trap("Lunch is at noon and drinks are on me."), Label::kNone);
  EXPECT_EQ(with_trap("Lunch is at noon; that one is on me."), Label::kOwns);
  // Sure enough without a cue.
  EXPECT_EQ(Judge("Lunch is at noon: picnic.").label, Label::kOwns);
  EXPECT_EQ(Judge("Lunch is at noon: picnic.", "  model: {threshold_without_cue: 0}\n").label, Label::kNone);
}

// A plain act the rules set aside for want of a problem word is a weak cue:
// the model may judge at threshold_weak_cue, between the other two.
TEST_F(WordModelInAnalyzer, APlainActSetAsideIsAWeakCue) {
  Write("r.yml",
        "rules:\n  - id: ack.test_act\n    category: acknowledgment\n    weight: 2.5\n"
        "    needs_problem: true\n    pattern: \"i booked\"\n");
  auto judge = [&](const std::string& text, const std::string& settings) { return JudgeWithRules(text, settings); };
  // P(none) 0.03: under threshold_weak_cue, not under threshold_without_cue.
  Analysis a = judge("I booked the hall.", "threshold_weak_cue: 0.06");
  EXPECT_EQ(a.label, Label::kOwns);
  ASSERT_EQ(a.model.size(), 4u);
  EXPECT_GT(a.model[3], 0.01);
  EXPECT_LT(a.model[3], 0.06);
  EXPECT_EQ(judge("I booked the hall.", "threshold_weak_cue: 0.02").label, Label::kNone);
  EXPECT_EQ(judge("I booked the hall.", "threshold_weak_cue: 0").label, Label::kNone);
  // Without the act there is no cue at all, and 0.03 is not sure enough.
  EXPECT_EQ(judge("The hall is free.", "threshold_weak_cue: 0.06").label, Label::kNone);
}

TEST_F(WordModelInAnalyzer, ThresholdZeroTurnsItOff) {
  EXPECT_EQ(Judge("The crates were delayed.").label, Label::kDeflects);
  EXPECT_EQ(Judge("The crates were delayed.", "  model: {threshold: 0}\n").label, Label::kNone);
  // Not confident enough: P(none) is not below the threshold.
  EXPECT_EQ(Judge("The crates were delayed.", "  model: {threshold: 0.0001}\n").label, Label::kNone);
}

TEST_F(WordModelInAnalyzer, BlendMovesARuleScoreWithinItsBand) {
  Write("r.yml",
        "rules:\n  - id: ack.test\n    category: acknowledgment\n    weight: 2.5\n    pattern: \"i lost the keys\"\n");
  auto judge = [&](const std::string& blend) {
    return JudgeWithRules("I lost the keys; the courier was delayed.", "blend: " + blend);
  };
  Analysis plain = judge("0"), blended = judge("1");
  EXPECT_EQ(plain.label, blended.label);
  EXPECT_NE(plain.score, blended.score);  // the model leans deflects: the score drops...
  EXPECT_LT(blended.score, plain.score);
  const Band band = plain.label == Label::kOwns ? Band{70, 100} : plain.label == Label::kPartial ? Band{40, 69} : Band{0, 39};
  EXPECT_GE(blended.score, band.low);  // ...but stays in the label's band
  EXPECT_LE(blended.score, band.high);
  EXPECT_TRUE(blended.model.empty());  // the rules judged it
}

// Where the model is sure enough of the next label over, it stands instead of
// the rules' (settings: model: relabel), with the rules' label kept and the
// model's words as evidence; two labels over, the rules' label stays.
TEST_F(WordModelInAnalyzer, RelabelTakesTheNextLabelOverWhenTheModelIsSure) {
  Write("r.yml",
        "rules:\n  - id: ack.test\n    category: acknowledgment\n    weight: 2.5\n    pattern: \"i lost the keys\"\n");
  auto judge = [&](const std::string& text, const std::string& relabel) {
    return JudgeWithRules(text, "relabel: " + relabel);
  };
  // P(partial) 0.999.
  const std::string text = "I lost the keys, honestly.";
  Analysis a = judge(text, "0.95");
  EXPECT_EQ(a.label, Label::kPartial);
  EXPECT_EQ(a.rules_label, Label::kOwns);
  EXPECT_GE(a.score, 40);  // in the partial band
  EXPECT_LE(a.score, 69);
  ASSERT_EQ(a.model.size(), 4u);
  EXPECT_GT(a.model[1], 0.99);
  EXPECT_NE(a.reason.find("the rules said owns"), std::string::npos);
  auto model = std::find_if(a.evidence.begin(), a.evidence.end(), [](const Evidence& e) { return e.rule == "model:honestly"; });
  ASSERT_NE(model, a.evidence.end());
  EXPECT_EQ(text.substr(model->span.begin, model->span.end - model->span.begin), "honestly");
  EXPECT_EQ(model->polarity, Polarity::kOwn);
  // The rule's own evidence stays.
  EXPECT_TRUE(std::any_of(a.evidence.begin(), a.evidence.end(), [](const Evidence& e) { return e.rule == "ack.test"; }));
  // Not sure enough, or turned off: the rules' label.
  for (const std::string& off : {"0.9999", "0"}) {
    Analysis b = judge(text, off);
    EXPECT_EQ(b.label, Label::kOwns) << off;
    EXPECT_EQ(b.rules_label, Label::kNone) << off;
    EXPECT_TRUE(b.model.empty()) << off;
  }
  // Deflects is two labels from owns: the model's certainty does not move it.
  EXPECT_EQ(judge("I lost the keys, whatever.", "0.95").label, Label::kOwns);
}

}  // namespace
}  // namespace culpa
