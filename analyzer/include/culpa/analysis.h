// culpa/analysis.h — what culpa concluded about one message, and why.
#ifndef CULPA_ANALYSIS_H_
#define CULPA_ANALYSIS_H_

#include <string>
#include <string_view>
#include <vector>

#include "culpa/lexicon.h"
#include "culpa/normalizer.h"

namespace culpa {

// Ordered by directness: kOwns > kPartial > kDeflects. kNone has no score.
enum class Label { kNone, kDeflects, kPartial, kOwns };

// "none", "deflects", "partial", "owns".
const char* LabelName(Label label);
// Parses a label name; false when `name` is not one.
bool ParseLabel(std::string_view name, Label* label);
// The score band of a label other than kNone (settings: labels: bands).
const Band& BandOf(const Settings& settings, Label label);

// One rule hit as judged in its scope.
struct Evidence {
  std::string rule;          // rule id
  std::string category;      // after scope (a negated acknowledgment becomes denial)
  Polarity polarity = Polarity::kOwn;  // of `category`
  Span span;                 // byte offsets into the message text as read
  Span analysis;             // byte offsets into the analysis (normalised) text
  double weight = 0;         // the rule's weight
  double strength = 0;       // what it contributed after scope; 0 if it did not count
  // What scope did, in the order applied: "masked:<trap id>", "overridden:<rule id>",
  // "quoted", "reported", "question", "negated", "conditional", "hedged",
  // "collective", "undercut".
  std::vector<std::string> effects;
  std::string suggestion;    // the rule's `suggest`, if any
  bool counted = false;      // whether it took part in the score
};

struct Component {
  std::string category;
  Polarity polarity = Polarity::kOwn;
  double strength = 0;  // capped sum of its evidence
};

struct Analysis {
  Label label = Label::kNone;
  int score = -1;                    // 0-100; -1 when label is kNone
  std::vector<Component> components; // non-zero only, in the lexicon's category order
  std::vector<Evidence> evidence;    // every hit, in text order, counted or not
  double acknowledgment = 0;         // unweakened first-person acknowledgment
  double own = 0;                    // all apology components
  double deflect = 0;                // all deflection families
  std::string reason;                // why this label, in one line
  // When the word model judged (word_model.h): no rule counted, or it
  // overrode the rules' label (rules_label); its probabilities for owns,
  // partial, deflects and none. Else empty.
  std::vector<double> model;
  // The rules' label when the word model, sure enough of the next label
  // over, overrode it (settings: model: relabel); else kNone.
  Label rules_label = Label::kNone;
  // The score the word model's odds give (settings: model: scores), when it
  // judged the message or its score was blended with the rules'; else -1.
  double model_score = -1;
  size_t tokens = 0;
  size_t sentences = 0;
};

}  // namespace culpa

#endif  // CULPA_ANALYSIS_H_
