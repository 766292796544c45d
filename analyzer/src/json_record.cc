#include "json_record.h"

#include "utf8.h"

#include <cctype>
#include <cstdint>

namespace culpa {
namespace {

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s) {}

  void Space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }
  bool Eat(char c) {
    Space();
    if (i_ < s_.size() && s_[i_] == c) { ++i_; return true; }
    return false;
  }
  bool AtEnd() { Space(); return i_ == s_.size(); }
  char Peek() { Space(); return i_ < s_.size() ? s_[i_] : '\0'; }

  // A string at the cursor; decodes into *out when out != nullptr.
  bool String(std::string* out) {
    if (!Eat('"')) return false;
    size_t start = i_;
    // Fast path: no escapes.
    while (i_ < s_.size()) {
      unsigned char c = static_cast<unsigned char>(s_[i_]);
      if (c == '"') {
        if (out) out->assign(s_.data() + start, i_ - start);
        ++i_;
        return true;
      }
      if (c < 0x20) return false;
      if (c == '\\') break;
      ++i_;
    }
    if (out) out->assign(s_.data() + start, i_ - start);
    while (i_ < s_.size()) {
      unsigned char c = static_cast<unsigned char>(s_[i_]);
      if (c == '"') { ++i_; return true; }
      if (c < 0x20) return false;
      if (c != '\\') {
        // The run up to the next quote, escape or control byte, in one go.
        size_t run = i_ + 1;
        while (run < s_.size() && !Special(s_[run])) ++run;
        if (out) out->append(s_.data() + i_, run - i_);
        i_ = run;
        continue;
      }
      if (++i_ >= s_.size()) return false;
      char e = s_[i_++];
      switch (e) {
        case '"': case '\\': case '/': if (out) out->push_back(e); break;
        case 'b': if (out) out->push_back('\b'); break;
        case 'f': if (out) out->push_back('\f'); break;
        case 'n': if (out) out->push_back('\n'); break;
        case 'r': if (out) out->push_back('\r'); break;
        case 't': if (out) out->push_back('\t'); break;
        case 'u': {
          uint32_t cp;
          if (!Hex4(&cp)) return false;
          if (cp >= 0xD800 && cp <= 0xDBFF) {  // a surrogate pair
            uint32_t lo;
            if (i_ + 1 >= s_.size() || s_[i_] != '\\' || s_[i_ + 1] != 'u') return false;
            i_ += 2;
            if (!Hex4(&lo) || lo < 0xDC00 || lo > 0xDFFF) return false;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return false;
          }
          if (out) AppendUtf8(cp, out);
          break;
        }
        default: return false;
      }
    }
    return false;
  }

  static bool Special(char ch) {
    const unsigned char c = static_cast<unsigned char>(ch);
    return c == '"' || c == '\\' || c < 0x20;
  }

  bool Hex4(uint32_t* cp) {
    if (i_ + 4 > s_.size()) return false;
    *cp = 0;
    for (int k = 0; k < 4; ++k) {
      char c = s_[i_++];
      *cp <<= 4;
      if (c >= '0' && c <= '9') *cp |= static_cast<uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f') *cp |= static_cast<uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') *cp |= static_cast<uint32_t>(c - 'A' + 10);
      else return false;
    }
    return true;
  }

  bool Number() {
    Space();
    size_t b = i_;
    if (i_ < s_.size() && s_[i_] == '-') ++i_;
    if (i_ >= s_.size()) return false;
    if (s_[i_] == '0') ++i_;
    else if (s_[i_] >= '1' && s_[i_] <= '9') while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) ++i_;
    else return false;
    if (i_ < s_.size() && s_[i_] == '.') {
      ++i_;
      size_t d = i_;
      while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) ++i_;
      if (i_ == d) return false;
    }
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      ++i_;
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
      size_t d = i_;
      while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) ++i_;
      if (i_ == d) return false;
    }
    return i_ > b;
  }

  bool Literal() {
    Space();
    for (std::string_view w : {"true", "false", "null"}) {
      if (s_.substr(i_, w.size()) == w) { i_ += w.size(); return true; }
    }
    return false;
  }

  // Any value; nested containers bounded so a hostile line cannot recurse deep.
  bool Value(JsonValue* v, int depth) {
    char c = Peek();
    size_t b = i_;
    bool ok;
    JsonValue::Kind kind = JsonValue::kOther;
    if (c == '"') {
      ok = String(v ? &v->string : nullptr);
      kind = JsonValue::kString;
    } else if (c == '{' || c == '[') {
      if (depth > 64) return false;
      ok = Container(depth + 1);
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      ok = Number();
      kind = JsonValue::kNumber;
    } else {
      ok = Literal();
      kind = JsonValue::kLiteral;
    }
    if (ok && v) {
      v->present = true;
      v->kind = kind;
      v->raw = s_.substr(b, i_ - b);
    }
    return ok;
  }

  bool Container(int depth) {
    char open = s_[i_++];
    char close = open == '{' ? '}' : ']';
    if (Eat(close)) return true;
    for (;;) {
      if (open == '{') {
        if (!String(nullptr) || !Eat(':')) return false;
      }
      if (!Value(nullptr, depth)) return false;
      if (Eat(close)) return true;
      if (!Eat(',')) return false;
    }
  }

  size_t pos() const { return i_; }

 private:
  std::string_view s_;
  size_t i_ = 0;
};

}  // namespace

bool ScanJsonRecord(std::string_view line, const std::vector<std::string>& keys, std::vector<JsonValue>* values) {
  values->assign(keys.size(), JsonValue());
  if (!ValidUtf8(line)) return false;
  Scanner sc(line);
  if (!sc.Eat('{')) return false;
  if (sc.Eat('}')) return sc.AtEnd();
  std::string key;
  for (;;) {
    key.clear();
    if (!sc.String(&key) || !sc.Eat(':')) return false;
    JsonValue* target = nullptr;
    for (size_t k = 0; k < keys.size(); ++k)
      if (keys[k] == key) target = &(*values)[k];
    if (target) *target = JsonValue();
    if (!sc.Value(target ? target : nullptr, 0)) return false;
    if (sc.Eat('}')) return sc.AtEnd();
    if (!sc.Eat(',')) return false;
  }
}

}  // namespace culpa
