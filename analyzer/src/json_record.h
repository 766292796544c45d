// Fast extraction of a few top-level fields from one JSONL record, without
// building a DOM: the JSONL reader's hot path (nlohmann's DOM parse was a tenth
// of the run). Internal to the library.
#ifndef CULPA_SRC_JSON_RECORD_H_
#define CULPA_SRC_JSON_RECORD_H_

#include <string>
#include <string_view>
#include <vector>

namespace culpa {

struct JsonValue {
  bool present = false;
  enum Kind { kString, kNumber, kLiteral, kOther } kind = kOther;  // literal: true/false/null
  std::string string;    // decoded, when kind == kString
  std::string_view raw;  // the value's text as written
};

// Scans `line` as one JSON object and fills `values[i]` for `keys[i]` (the
// last occurrence wins, as in nlohmann). Returns false when it cannot vouch for
// the line: not an object, invalid JSON, invalid UTF-8, or anything unusual.
// The caller then parses with a full parser, which decides and reports.
bool ScanJsonRecord(std::string_view line, const std::vector<std::string>& keys, std::vector<JsonValue>* values);

}  // namespace culpa

#endif  // CULPA_SRC_JSON_RECORD_H_
