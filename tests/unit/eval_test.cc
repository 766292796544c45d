#include "culpa/eval.h"

#include <gtest/gtest.h>

namespace culpa {
namespace {

TEST(Eval, PerfectPredictions) {
  std::vector<EvalItem> items = {{"a", Label::kOwns, Label::kOwns, 90},
                                 {"b", Label::kPartial, Label::kPartial, 50},
                                 {"c", Label::kDeflects, Label::kDeflects, 10},
                                 {"d", Label::kNone, Label::kNone, -1}};
  EvalReport r = Evaluate(items);
  EXPECT_DOUBLE_EQ(r.macro_f1, 1.0);
  EXPECT_DOUBLE_EQ(r.concordance, 1.0);
  EXPECT_EQ(r.pairs, 3);
}

TEST(Eval, CountsConfusionTiesAndUnscoredPairs) {
  std::vector<EvalItem> items = {{"a", Label::kOwns, Label::kPartial, 50},
                                 {"b", Label::kPartial, Label::kPartial, 50},
                                 {"c", Label::kDeflects, Label::kNone, -1}};
  EvalReport r = Evaluate(items);
  EXPECT_EQ(r.confusion[static_cast<int>(Label::kOwns)][static_cast<int>(Label::kPartial)], 1);
  EXPECT_EQ(r.pairs, 3);
  EXPECT_EQ(r.unscored_pairs, 2);
  EXPECT_DOUBLE_EQ(r.concordance, 0.5 / 3);  // one tie, two unscored
  EXPECT_DOUBLE_EQ(r.concordance_scored, 0.5);  // the one scored pair is a tie
  const LabelStats& p = r.per_label[static_cast<int>(Label::kPartial)];
  EXPECT_DOUBLE_EQ(p.precision, 0.5);
  EXPECT_DOUBLE_EQ(p.recall, 1.0);
}

}  // namespace
}  // namespace culpa
