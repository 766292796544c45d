#include "culpa/writer.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>

namespace culpa {

const std::vector<std::string>& WriterFormats() {
  static const std::vector<std::string> kFormats = {"text", "jsonl", "csv"};
  return kFormats;
}

namespace {

using nlohmann::ordered_json;

// Strengths print with at most two decimals so output is stable across
// platforms' float formatting.
double Round2(double v) { return std::round(v * 100.0) / 100.0; }

std::string Slice(const std::string& text, const Span& s) {
  if (s.begin >= text.size()) return std::string();
  return text.substr(s.begin, std::min<size_t>(s.end, text.size()) - s.begin);
}

std::string Dump(const ordered_json& j) {
  return j.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

ordered_json Source(const Message& m) {
  ordered_json s;
  s["file"] = m.where.path;
  if (m.where.line > 0) s["line"] = m.where.line;
  // Container positions: mbox message number and byte offset, CSV row.
  if (m.where.index > 0) s["index"] = m.where.index;
  if (m.where.offset >= 0) s["offset"] = m.where.offset;
  if (m.where.row > 0) s["row"] = m.where.row;
  return s;
}

ordered_json Fields(const Message& m) {
  ordered_json f = ordered_json::object();
  for (const auto& [k, v] : m.fields) f[k] = ordered_json::parse(v, nullptr, false);
  return f;
}

class JsonlWriter : public Writer {
 public:
  explicit JsonlWriter(std::ostream* out) : out_(out) {}

  void Write(const Message& m, const Analysis& a) override {
    ordered_json j;
    j["schema"] = kSchemaVersion;
    j["id"] = m.id;
    j["label"] = LabelName(a.label);
    j["score"] = a.label == Label::kNone ? ordered_json(nullptr) : ordered_json(a.score);
    ordered_json comp = ordered_json::object();
    for (const Component& c : a.components) comp[c.category] = Round2(c.strength);
    j["components"] = comp;
    ordered_json matches = ordered_json::array();
    for (const Evidence& e : a.evidence) {
      ordered_json x;
      x["rule"] = e.rule;
      x["category"] = e.category;
      x["polarity"] = PolarityName(e.polarity);
      x["start"] = e.span.begin;
      x["end"] = e.span.end;
      x["text"] = Slice(m.text, e.span);
      x["strength"] = Round2(e.strength);
      x["counted"] = e.counted;
      if (!e.effects.empty()) x["effects"] = e.effects;
      if (!e.suggestion.empty() && e.polarity == Polarity::kDeflect) x["suggestion"] = e.suggestion;
      matches.push_back(std::move(x));
    }
    j["matches"] = std::move(matches);
    j["tokens"] = a.tokens;
    j["sentences"] = a.sentences;
    j["source"] = Source(m);
    Extras(m, &j);
    *out_ << Dump(j) << '\n';
  }

  // What a container reader learned beyond the text: metadata, what it did not
  // score and why.
  static void Extras(const Message& m, ordered_json* j) {
    if (!m.meta.empty()) {
      ordered_json meta = ordered_json::object();
      for (const auto& [k, v] : m.meta) meta[k] = v;
      (*j)["meta"] = std::move(meta);
    }
    if (!m.automated.empty()) (*j)["automated"] = m.automated;
    if (!m.excluded.empty()) {
      ordered_json ex = ordered_json::array();
      for (const Excluded& x : m.excluded) ex.push_back({{"start", x.begin}, {"end", x.end}, {"reason", x.reason}});
      (*j)["excluded"] = std::move(ex);
    }
    if (!m.notes.empty()) (*j)["notes"] = m.notes;
    if (!m.fields.empty()) (*j)["fields"] = Fields(m);
  }

  void WriteError(const Message& m, const Error& e) override {
    ordered_json j;
    j["schema"] = kSchemaVersion;
    j["id"] = m.id;
    j["error"] = e.ToString();
    j["source"] = Source(m);
    Extras(m, &j);
    *out_ << Dump(j) << '\n';
  }

 private:
  std::ostream* out_;
};

// RFC 4180 quoting; a field that a spreadsheet would run as a formula
// (=, +, -, @, tab, CR at the start) gets a leading apostrophe.
std::string CsvField(const std::string& s, bool text) {
  std::string v = s;
  if (text && !v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r'))
    v.insert(v.begin(), '\'');
  if (v.find_first_of(",\"\r\n") == std::string::npos && v == s) return v;
  std::string q = "\"";
  for (char c : v) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + "\"";
}

std::string Num2(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", Round2(v));
  std::string s = buf;
  while (s.size() > 1 && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

class CsvWriter : public Writer {
 public:
  CsvWriter(const Lexicon& lex, std::ostream* out) : lex_(lex), out_(out) {
    *out_ << "id,label,score";
    for (const Category& c : lex_.settings.categories)
      if (c.polarity != Polarity::kNeutral) *out_ << ',' << c.name;
    *out_ << ",top_rule,top_text,error\r\n";
  }

  void Write(const Message& m, const Analysis& a) override {
    *out_ << CsvField(m.id, true) << ',' << LabelName(a.label) << ',';
    if (a.label != Label::kNone) *out_ << a.score;
    for (const Category& c : lex_.settings.categories) {
      if (c.polarity == Polarity::kNeutral) continue;
      *out_ << ',';
      for (const Component& x : a.components)
        if (x.category == c.name) *out_ << Num2(x.strength);
    }
    const Evidence* top = nullptr;
    for (const Evidence& e : a.evidence)
      if (e.counted && (!top || e.strength > top->strength)) top = &e;
    *out_ << ',' << (top ? CsvField(top->rule, true) : "") << ','
          << (top ? CsvField(Slice(m.text, top->span), true) : "") << ",\r\n";
  }

  void WriteError(const Message& m, const Error& e) override {
    *out_ << CsvField(m.id, true) << ",,";
    for (const Category& c : lex_.settings.categories)
      if (c.polarity != Polarity::kNeutral) *out_ << ',';
    *out_ << ",,," << CsvField(e.ToString(), true) << "\r\n";  // top_rule, top_text, error
  }

 private:
  const Lexicon& lex_;
  std::ostream* out_;
};

// For people at a terminal: the verdict, then each piece of evidence in its
// context, with the rewrite suggested for deflecting phrases.
class TextWriter : public Writer {
 public:
  TextWriter(bool color, std::ostream* out) : color_(color), out_(out) {}

  void Write(const Message& m, const Analysis& a) override {
    *out_ << Paint(Bold(), Clean(m.id)) << "  " << Paint(LabelColor(a.label), LabelName(a.label));
    if (a.label != Label::kNone) *out_ << ' ' << a.score;
    *out_ << "  (" << a.reason << ")\n";
    for (const Evidence& e : a.evidence) {
      const char* sign = e.polarity == Polarity::kOwn ? "+" : e.polarity == Polarity::kDeflect ? "-" : "·";
      *out_ << "  " << (e.counted ? sign : " ") << ' ' << e.category << "  " << Context(m.text, e) << "\n"
            << "      " << e.rule << "  " << (e.counted ? Num2(e.strength) : std::string("not counted"));
      for (const std::string& fx : e.effects) *out_ << "  " << fx;
      *out_ << "\n";
      if (e.counted && e.polarity == Polarity::kDeflect && !e.suggestion.empty())
        *out_ << "      " << Paint("\x1b[36m", "try: " + e.suggestion) << "\n";
    }
    *out_ << "\n";
  }

  void WriteError(const Message& m, const Error& e) override {
    *out_ << Paint(Bold(), Clean(m.id)) << "  " << Paint("\x1b[31m", "error") << ": " << Clean(e.ToString()) << "\n\n";
  }

 private:
  static const char* Bold() { return "\x1b[1m"; }
  static const char* LabelColor(Label l) { return LabelAnsiColor(l); }

  std::string Paint(const char* code, const std::string& s) const {
    return color_ ? std::string(code) + s + "\x1b[0m" : s;
  }

  static std::string Clean(const std::string& s) { return TerminalSafe(s); }

  // Up to ~40 bytes either side of the span, cut at spaces, span marked.
  std::string Context(const std::string& text, const Evidence& e) const {
    size_t b = std::min<size_t>(e.span.begin, text.size()), end = std::min<size_t>(e.span.end, text.size());
    size_t from = b > 40 ? text.find(' ', b - 40) : 0;
    if (from == std::string::npos || from > b) from = b > 40 ? b - 40 : 0;
    size_t to = text.rfind(' ', end + 40);
    if (to == std::string::npos || to < end || end + 40 >= text.size()) to = std::min(text.size(), end + 40);
    while (from > 0 && from < text.size() && (static_cast<unsigned char>(text[from]) & 0xC0) == 0x80) --from;
    while (to < text.size() && (static_cast<unsigned char>(text[to]) & 0xC0) == 0x80) ++to;
    std::string hit = Clean(text.substr(b, end - b));
    std::string marked = color_ ? Paint(e.polarity == Polarity::kOwn ? "\x1b[1;32m" : e.polarity == Polarity::kDeflect
                                                                                  ? "\x1b[1;31m" : "\x1b[2m", hit)
                                : "[" + hit + "]";
    return std::string(from > 0 ? "…" : "") + Clean(text.substr(from, b - from)) + marked +
           Clean(text.substr(end, to - end)) + (to < text.size() ? "…" : "");
  }

  bool color_;
  std::ostream* out_;
};

}  // namespace

// C1 controls (U+0080-U+009F) go the way of C0 ones: a terminal that reads
// them takes U+009B as CSI and U+009D as OSC. Bytes that are not UTF-8 become
// U+FFFD, so a lone 0x9B cannot act as CSI on a terminal in an 8-bit mode.
std::string TerminalSafe(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  auto space = [&out] {
    if (out.empty() || out.back() != ' ') out += ' ';
  };
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c < 0x20 || c == 0x7F) space();
      else out += static_cast<char>(c);
      ++i;
      continue;
    }
    const size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    bool valid = len > 0 && c >= 0xC2 && c <= 0xF4 && i + len <= s.size();
    for (size_t k = 1; valid && k < len; ++k) valid = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    if (!valid) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else if (c == 0xC2 && static_cast<unsigned char>(s[i + 1]) < 0xA0) {
      space();
      i += 2;
    } else {
      out.append(s, i, len);
      i += len;
    }
  }
  return out;
}

const char* LabelAnsiColor(Label l) {
  switch (l) {
    case Label::kOwns: return "\x1b[1;32m";
    case Label::kPartial: return "\x1b[1;33m";
    case Label::kDeflects: return "\x1b[1;31m";
    case Label::kNone: return "\x1b[2m";
  }
  return "";
}

std::unique_ptr<Writer> MakeWriter(const WriterOptions& options, const Lexicon& lexicon, std::ostream* out) {
  if (options.format == "jsonl") return std::make_unique<JsonlWriter>(out);
  if (options.format == "csv") return std::make_unique<CsvWriter>(lexicon, out);
  if (options.format == "text") return std::make_unique<TextWriter>(options.color, out);
  return nullptr;
}

}  // namespace culpa
