// culpa/eval.h — how well the judgment agrees with human labels.
#ifndef CULPA_EVAL_H_
#define CULPA_EVAL_H_

#include <array>
#include <string>
#include <vector>

#include "culpa/analysis.h"

namespace culpa {

struct EvalItem {
  std::string id;
  Label gold = Label::kNone;
  Label predicted = Label::kNone;
  int score = -1;  // -1 when predicted kNone
};

struct LabelStats {
  double precision = 0, recall = 0, f1 = 0;
  int support = 0;    // gold count
  int predicted = 0;  // predicted count
};

struct EvalReport {
  int n = 0;
  double accuracy = 0;
  std::array<LabelStats, 4> per_label;  // indexed by Label
  double macro_f1 = 0;                  // mean F1 over the four labels
  std::array<std::array<int, 4>, 4> confusion{};  // [gold][predicted]
  // Tier concordance: over pairs of messages whose gold labels are two
  // different ones of owns/partial/deflects, the share whose scores are ordered
  // like the labels (ties count half; a pair with a `none` prediction, which has
  // no score, counts as not ordered).
  double concordance = 0;
  long long pairs = 0;
  long long unscored_pairs = 0;
  // The same over the pairs where both messages got a score: how well the
  // score orders what it did judge to hold accountability language.
  double concordance_scored = 0;
};

EvalReport Evaluate(const std::vector<EvalItem>& items);

}  // namespace culpa

#endif  // CULPA_EVAL_H_
