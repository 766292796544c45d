// The word model: its features, its file format and errors, training, and
// the compiled scorer. (How the analyzer uses it: analyzer_test.cc.)
#include "culpa/word_model.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "culpa/analyzer.h"

namespace culpa {
namespace {

std::vector<std::string> Names(const std::string& text) {
  std::vector<WordFeature> f;
  WordFeatures(text, &f);
  std::vector<std::string> out;
  for (const WordFeature& x : f) {
    out.push_back(FeatureName(text, x));
    // The scorer finds a feature by the hash a model file's name gives.
    EXPECT_EQ(x.hash, FeatureHash(out.back())) << out.back();
  }
  return out;
}

TEST(WordFeatures, WordsPairsAndSentenceStarts) {
  EXPECT_EQ(Names("i'm sorry, it's on me. ok"),
            (std::vector<std::string>{"i'm", "<s> i'm", "sorry", "i'm sorry", "it's", "sorry it's", "on", "it's on", "me",
                                      "on me", "ok", "<s> ok"}));
}

TEST(WordFeatures, ApostrophesOnlyInsideWords) {
  EXPECT_EQ(Names("'quoted' teams' x"),
            (std::vector<std::string>{"quoted", "<s> quoted", "teams", "quoted teams", "x", "teams x"}));
}

TEST(WordFeatures, NonAsciiLettersAreWordBytes) {
  EXPECT_EQ(Names("café crème\nnext"), (std::vector<std::string>{"café", "<s> café", "crème", "café crème", "next",
                                                                  "<s> next"}));
}

TEST(WordFeatures, SpansCoverTheirWords) {
  const std::string t = "we; i missed it";
  std::vector<WordFeature> f;
  WordFeatures(t, &f);
  ASSERT_EQ(f.size(), 8u);  // we, <s> we, i, <s> i, missed, i missed, it, missed it
  EXPECT_EQ(t.substr(f[6].begin, f[6].end - f[6].begin), "it");
  EXPECT_EQ(t.substr(f[7].begin, f[7].end - f[7].begin), "missed it");
  EXPECT_EQ(t.substr(f[5].begin, f[5].end - f[5].begin), "i missed");
}

const char kModel[] =
    "# a test model\n"
    "feature\towns\tpartial\tdeflects\tnone\n"
    "<bias>\t0.0000\t0.0000\t0.0000\t1.0000\n"
    "fault\t2.0000\t0.0000\t0.0000\t-1.0000\n"
    "my\t0.5000\t0.0000\t0.0000\t0.0000\n"
    "my fault\t1.0000\t0.0000\t0.0000\t0.0000\n"
    "vendor\t0.0000\t0.0000\t3.0000\t0.0000\n";

TEST(ReadWordModel, ReadsWhatWriteWrites) {
  ModelLoad m = ReadWordModel("t.model", kModel);
  ASSERT_TRUE(m.errors.empty()) << m.errors[0].ToString();
  EXPECT_EQ(m.model.features, (std::vector<std::string>{"fault", "my", "my fault", "vendor"}));
  EXPECT_EQ(m.model.bias[3], 1.0);
  EXPECT_EQ(m.model.weights[4 * 3 + 2], 3.0f);
  EXPECT_EQ(m.model.about, "a test model\n");
  EXPECT_EQ(WriteWordModel(m.model), kModel);
}

std::string FirstError(const std::string& bytes) {
  ModelLoad m = ReadWordModel("t.model", bytes);
  if (m.errors.empty()) return "";
  return m.errors[0].ToString();
}

TEST(ReadWordModel, ErrorsPointAtLineAndColumn) {
  const std::string head = "feature\towns\tpartial\tdeflects\tnone\n<bias>\t0\t0\t0\t0\n";
  EXPECT_EQ(FirstError("feature owns\n"),
            "t.model:1:1: expected the header line \"feature\towns\tpartial\tdeflects\tnone\" (tab-separated)");
  EXPECT_EQ(FirstError(head + "sorry\t1\tx\t0\t0\n"), "t.model:3:9: weight for 'partial' must be a number, not \"x\"");
  EXPECT_EQ(FirstError(head + "sorry\t1\t0\t0\n"), "t.model:3:12: expected four weights (owns, partial, deflects, none)");
  EXPECT_EQ(FirstError(head + "sorry\t1\t0\t0\t0\t0\n"), "t.model:3:14: more than four weights");
  EXPECT_EQ(FirstError(head + "sorry\t1\t0\t0\t0\nsorry\t1\t0\t0\t0\n"), "t.model:4:1: feature \"sorry\" repeats line 3");
  EXPECT_EQ(FirstError(head + "a b c\t1\t0\t0\t0\n"),
            "t.model:3:1: a feature is one word, two words separated by one space, or \"<s> word\"");
  EXPECT_EQ(FirstError(head + "my\t1\t0\t0\t0\nmy fault\t1\t0\t0\t0\n"),
            "t.model:4:1: feature \"my fault\" needs \"fault\" as a feature too (retrain the model)");
  EXPECT_EQ(FirstError("feature\towns\tpartial\tdeflects\tnone\nx\t1\t0\t0\t0\n"), "t.model:2:1: no <bias> line");
  EXPECT_EQ(FirstError("# only a comment\n"), "t.model:1:1: no header line \"feature\towns\tpartial\tdeflects\tnone\"");
  EXPECT_EQ(FirstError(head + "<s> sorry\t1\t0\t0\t0\nsorry\t0\t0\t0\t0\n"), "");
}

std::vector<TrainingExample> Toy() {
  std::vector<TrainingExample> ex;
  const char* owns[] = {"that was my fault, i sent it", "my fault entirely, i missed it", "i sent the wrong file, my fault"};
  const char* deflects[] = {"the vendor sent it late", "the vendor missed the deadline", "blame the vendor for this"};
  const char* none[] = {"lunch is at noon", "see you at noon on friday", "the agenda is attached for friday"};
  for (int r = 0; r < 3; ++r) {
    ex.push_back({owns[r], 0});
    ex.push_back({deflects[r], 2});
    ex.push_back({none[r], 3});
  }
  return ex;
}

TEST(TrainWordModel, LearnsAndIsDeterministic) {
  TrainOptions opt;
  opt.min_count = 1;
  WordModel a = TrainWordModel(Toy(), opt);
  WordModel b = TrainWordModel(Toy(), opt);
  EXPECT_EQ(WriteWordModel(a), WriteWordModel(b));
  // What it writes, it reads back without complaint (pairs come with their words).
  ModelLoad back = ReadWordModel("toy.model", WriteWordModel(a));
  ASSERT_TRUE(back.errors.empty()) << back.errors[0].ToString();

  WordScorer s(back.model);
  auto best = [&](const std::string& t) {
    auto p = s.Score(t).probability;
    return static_cast<int>(std::max_element(p.begin(), p.end()) - p.begin());
  };
  EXPECT_EQ(best("my fault, sorry"), 0);
  EXPECT_EQ(best("the vendor was late"), 2);
  EXPECT_EQ(best("lunch on friday"), 3);
}

TEST(TrainWordModel, MinCountLeavesOutRareFeatures) {
  TrainOptions opt;
  opt.min_count = 2;
  WordModel m = TrainWordModel(Toy(), opt);
  EXPECT_NE(std::find(m.features.begin(), m.features.end(), "vendor"), m.features.end());
  EXPECT_EQ(std::find(m.features.begin(), m.features.end(), "blame"), m.features.end());
}

TEST(WordScorer, CountsAFeatureOncePerMessage) {
  ModelLoad m = ReadWordModel("t.model", kModel);
  WordScorer s(m.model);
  EXPECT_EQ(s.Score("fault").probability, s.Score("fault fault. fault").probability);
  // ...and afresh in the next message.
  EXPECT_EQ(s.Score("fault").probability, s.Score("fault").probability);
  EXPECT_GT(s.Score("fault").probability[0], s.Score("nothing here").probability[0]);
}

TEST(WordScorer, ContributionsInTextOrderWithSpans) {
  ModelLoad m = ReadWordModel("t.model", kModel);
  WordScorer s(m.model);
  const std::string t = "the vendor? no: my fault.";
  WordScorer::Verdict v = s.Score(t, true);
  std::vector<std::string> got;
  for (const auto& c : v.present) got.push_back(s.Name(c.feature) + "=" + t.substr(c.begin, c.end - c.begin));
  EXPECT_EQ(got, (std::vector<std::string>{"vendor=vendor", "my=my", "fault=fault", "my fault=my fault"}));
  EXPECT_TRUE(s.Score(t).present.empty());  // only when asked
  // The odds: softmax of the bias plus each present feature's weights.
  const double z[4] = {0 + 0.5 + 2 + 1, 0, 3, 1 - 1};
  double sum = 0;
  for (double x : z) sum += std::exp(x);
  EXPECT_NEAR(v.probability[0], std::exp(z[0]) / sum, 1e-9);
  EXPECT_NEAR(v.probability[2], std::exp(z[2]) / sum, 1e-9);
}

TEST(WordScorer, EmptyModel) {
  WordScorer s;
  EXPECT_TRUE(s.empty());
}

}  // namespace
}  // namespace culpa
