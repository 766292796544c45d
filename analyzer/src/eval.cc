#include "culpa/eval.h"

namespace culpa {

EvalReport Evaluate(const std::vector<EvalItem>& items) {
  EvalReport r;
  r.n = static_cast<int>(items.size());
  int correct = 0;
  for (const EvalItem& it : items) {
    r.confusion[static_cast<int>(it.gold)][static_cast<int>(it.predicted)]++;
    if (it.gold == it.predicted) ++correct;
  }
  r.accuracy = r.n ? static_cast<double>(correct) / r.n : 0;
  double f1_sum = 0;
  for (int l = 0; l < 4; ++l) {
    LabelStats& s = r.per_label[l];
    int tp = r.confusion[l][l];
    for (int k = 0; k < 4; ++k) {
      s.support += r.confusion[l][k];
      s.predicted += r.confusion[k][l];
    }
    s.precision = s.predicted ? static_cast<double>(tp) / s.predicted : 0;
    s.recall = s.support ? static_cast<double>(tp) / s.support : 0;
    s.f1 = s.precision + s.recall > 0 ? 2 * s.precision * s.recall / (s.precision + s.recall) : 0;
    f1_sum += s.f1;
  }
  r.macro_f1 = f1_sum / 4;

  double good = 0;
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i].gold == Label::kNone) continue;
    for (size_t j = i + 1; j < items.size(); ++j) {
      if (items[j].gold == Label::kNone || items[j].gold == items[i].gold) continue;
      ++r.pairs;
      const EvalItem& hi = items[i].gold > items[j].gold ? items[i] : items[j];
      const EvalItem& lo = items[i].gold > items[j].gold ? items[j] : items[i];
      if (hi.score < 0 || lo.score < 0) {
        ++r.unscored_pairs;
        continue;
      }
      if (hi.score > lo.score) good += 1;
      else if (hi.score == lo.score) good += 0.5;
    }
  }
  r.concordance = r.pairs ? good / static_cast<double>(r.pairs) : 0;
  const long long scored = r.pairs - r.unscored_pairs;
  r.concordance_scored = scored ? good / static_cast<double>(scored) : 0;
  return r;
}

}  // namespace culpa
