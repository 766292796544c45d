// culpa/word_model.h — the word model: what culpa falls back on when no rule
// counted anything in a message.
//
// Rules know scope (negation, hedges, "but", reported speech) and explain
// themselves; they only see the phrasings someone wrote down. Scored blind,
// on splits written by authors the rules had never seen, the rules judged
// 10-17% of accountability messages `none`. A linear model over the message's
// words and word pairs, trained on the labelled corpora, recognises far more
// of those phrasings. It judges a message only where the rules found nothing
// that counted, and only when it is confident (settings: model: threshold),
// and it orders the messages the rules judged within their label's band
// (blend). Its weights are data in a lexicon file (lexicons/en/judgment.model,
// made by `culpa lexicon train`); its evidence is the words and word pairs
// that weighed most (docs/word-model.md).
//
// Features are read from the analysis text (normalised, case-folded): words
// are runs of letters, digits and non-ASCII bytes with inner apostrophes
// ("don't"); a sentence ends at . ! ? ; : or a line break. Each word, each
// pair of neighbouring words in a sentence, and "<s> w" for a sentence's
// first word is a feature; a feature counts once per message.
#ifndef CULPA_WORD_MODEL_H_
#define CULPA_WORD_MODEL_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "culpa/result.h"

namespace culpa {

// The labels a model scores, in this order in its weights.
constexpr int kModelLabels = 4;  // owns, partial, deflects, none
extern const char* const kModelLabelNames[kModelLabels];

// One feature occurrence in an analysis text.
struct WordFeature {
  uint64_t hash = 0;
  uint32_t begin = 0, end = 0;    // bytes of the analysis text it covers
  uint32_t first = 0;             // where its second word starts (== begin for one word or "<s> w")
  bool start = false;             // "<s> w": the first word of a sentence
};

// Appends every feature occurrence in `text` (an analysis text), in text order.
void WordFeatures(std::string_view text, std::vector<WordFeature>* out);

// The feature's name as a model file writes it: "word", "word word" or "<s> word".
std::string FeatureName(std::string_view text, const WordFeature& f);

// The hash of a feature name as FeatureName writes it.
uint64_t FeatureHash(std::string_view name);

// A trained model, as read from its file (see docs/word-model.md).
struct WordModel {
  std::string file;                       // empty: no model
  std::array<double, kModelLabels> bias{};
  std::vector<std::string> features;      // in file order
  std::vector<float> weights;             // kModelLabels per feature
  std::string about;                      // the file's leading comment lines
};

// Reads a model file. Errors point at the line and column.
struct ModelLoad {
  WordModel model;
  std::vector<Error> errors;
};
ModelLoad ReadWordModel(const std::string& path, std::string_view bytes);

// Writes `model` in its file format (what ReadWordModel reads).
std::string WriteWordModel(const WordModel& model);

// One labelled message for training: its analysis text and label index.
struct TrainingExample {
  std::string text;  // analysis text (Analyzer::AnalysisText)
  int label = 0;     // index into kModelLabelNames
};

struct TrainOptions {
  int epochs = 12;
  double rate = 0.2;        // learning rate of the first epoch; epoch e uses rate / (1 + e)
  double l2 = 1e-4;         // weight decay
  int min_count = 2;        // features in fewer messages than this are left out
  uint32_t seed = 1;        // order of the examples in each epoch
};

// Multinomial logistic regression by stochastic gradient descent. The same
// examples and options give the same model, byte for byte.
WordModel TrainWordModel(const std::vector<TrainingExample>& examples, const TrainOptions& options);

// A compiled model: feature hashes in an open-addressing table.
class WordScorer {
 public:
  WordScorer() = default;
  explicit WordScorer(const WordModel& model);
  bool empty() const { return names_.empty(); }

  struct Contribution {
    uint32_t begin = 0, end = 0;  // analysis-text bytes of its first occurrence
    uint32_t feature = 0;         // index into the model's features
  };
  struct Verdict {
    std::array<double, kModelLabels> probability{};
    std::vector<Contribution> present;  // each feature found, once, in text order
  };
  // Scores an analysis text; lists the features present only when asked
  // (most messages need just the odds).
  Verdict Score(std::string_view text, bool contributions = false);
  // The weight of `feature` for label `label`.
  float Weight(uint32_t feature, int label) const { return weights_[feature * kModelLabels + label]; }
  const std::string& Name(uint32_t feature) const { return names_[feature]; }

 private:
  struct alignas(32) Slot {
    uint64_t key = 0;       // feature hash; 0: empty
    float weight[kModelLabels] = {};
    uint32_t feature = 0;   // index into the model's features
    uint32_t seen = 0;      // the message number that last counted it
  };
  // Most lookups miss (pairs of words no message taught it); they stop at
  // the tags, two bytes a slot, which stay in the L1 cache where the slots
  // would not.
  static uint16_t Tag(uint64_t hash) { return static_cast<uint16_t>(hash >> 48) | 1; }
  Slot* Find(uint64_t hash) {
    const uint16_t tag = Tag(hash);
    for (uint64_t i = hash & mask_; tags_[i] != 0; i = (i + 1) & mask_)
      if (tags_[i] == tag && slots_[i].key == hash) return &slots_[i];
    return nullptr;
  }
  std::vector<uint16_t> tags_;  // 0: empty slot
  std::vector<Slot> slots_;
  uint64_t mask_ = 0;
  std::vector<float> weights_;    // by feature, for Weight()
  std::vector<std::string> names_;
  std::array<double, kModelLabels> bias_{};
  uint32_t message_ = 0;
};

}  // namespace culpa

#endif  // CULPA_WORD_MODEL_H_
