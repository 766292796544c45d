#include "culpa/result.h"

namespace culpa {

std::string Location::ToString() const {
  std::string s = path;
  if (index > 0) return s + "#" + std::to_string(index);
  if (line > 0) {
    s += ":" + std::to_string(line);
    if (column > 0) s += ":" + std::to_string(column);
  }
  return s;
}

std::string Error::ToString() const {
  std::string w = where.ToString();
  return w.empty() ? message : w + ": " + message;
}

}  // namespace culpa
