// Helpers shared by the mail tests.
#ifndef CULPA_TESTS_UNIT_MAIL_TEST_UTIL_H_
#define CULPA_TESTS_UNIT_MAIL_TEST_UTIL_H_

#include <string>
#include <vector>

#include "culpa/reader.h"

namespace culpa::testing {

// Every item of one input (a file, a directory, or "-" with `stdin_text`).
inline std::vector<ReadItem> ReadPath(const std::string& path, ReaderOptions opt = {}) {
  std::vector<ReadItem> items;
  auto r = OpenReader(path, opt, nullptr);
  if (!r.ok()) {
    ReadItem item;
    item.ok = false;
    item.error = r.error();
    items.push_back(item);
    return items;
  }
  ReadItem item;
  while (r.value()->Next(&item)) items.push_back(item);
  return items;
}

// The text outside the excluded spans whose reason is in `reasons` (all
// spans when empty).
inline std::string Kept(const Message& m, const std::vector<std::string>& reasons = {}) {
  std::string out;
  size_t pos = 0;
  for (const Excluded& x : m.excluded) {
    bool drop = reasons.empty();
    for (const std::string& r : reasons) drop = drop || r == x.reason;
    if (!drop) continue;
    out += m.text.substr(pos, x.begin - pos);
    pos = x.end;
  }
  if (pos < m.text.size()) out += m.text.substr(pos);
  return out;
}

// Whitespace runs to one space, trimmed: for comparing text across clients.
inline std::string Squeeze(const std::string& s) {
  std::string out;
  for (char c : s) {
    bool ws = c == ' ' || c == '\n' || c == '\r' || c == '\t';
    if (ws) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

inline std::string Meta(const Message& m, const std::string& key) {
  for (const auto& [k, v] : m.meta)
    if (k == key) return v;
  return "";
}

}  // namespace culpa::testing

#endif  // CULPA_TESTS_UNIT_MAIL_TEST_UTIL_H_
