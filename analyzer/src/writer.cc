#include "culpa/writer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <cmath>
#include <cstdio>

#include "utf8.h"

namespace culpa {

const std::vector<std::string>& WriterFormats() {
  static const std::vector<std::string> kFormats = {"text", "jsonl", "csv", "html"};
  return kFormats;
}

namespace {

using nlohmann::ordered_json;

// Strengths print with at most two decimals so output is stable across
// platforms' float formatting.
double Round2(double v) { return std::round(v * 100.0) / 100.0; }

std::string_view SliceView(const std::string& text, const Span& s) {
  if (s.begin >= text.size()) return std::string_view();
  return std::string_view(text).substr(s.begin, std::min<size_t>(s.end, text.size()) - s.begin);
}

std::string Slice(const std::string& text, const Span& s) {
  if (s.begin >= text.size()) return std::string();
  return text.substr(s.begin, std::min<size_t>(s.end, text.size()) - s.begin);
}

std::string Dump(const ordered_json& j) {
  return j.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

// Valid UTF-8 with nothing JSON must escape: written as is, which is exactly
// what nlohmann writes for it (ensure_ascii off).
bool PlainJsonString(std::string_view s) {
  constexpr uint64_t k01 = 0x0101010101010101ULL, k80 = 0x8080808080808080ULL;
  // Has a zero byte / a byte below 0x20 (exact while no byte is >= 0x80).
  auto zero = [](uint64_t x) { return ((x - k01) & ~x & k80) != 0; };
  for (size_t i = 0; i < s.size();) {
    if (i + 8 <= s.size()) {  // eight plain ASCII bytes at a time
      uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      if ((w & k80) == 0 && ((w - 0x20 * k01) & ~w & k80) == 0 && !zero(w ^ ('"' * k01)) && !zero(w ^ ('\\' * k01))) {
        i += 8;
        continue;
      }
    }
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == '"' || c == '\\') return false;
    const size_t len = Utf8SequenceLength(s, i);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

// A JSON object written straight into a string, in the same bytes nlohmann's
// dump() gives for the same ordered_json (the golden tests hold it to that):
// building an ordered_json per record was a tenth of scoring time. Strings
// that need escaping or repair, and doubles, go through nlohmann itself.
class JsonOut {
 public:
  explicit JsonOut(std::string* out) : out_(out) {}
  JsonOut& Open() { return Raw('{'), first_ = true, *this; }
  JsonOut& OpenArray() { return Raw('['), first_ = true, *this; }
  JsonOut& Close() { return Raw('}'), first_ = false, *this; }
  JsonOut& CloseArray() { return Raw(']'), first_ = false, *this; }
  // The next member: a key in an object, or just a separator in an array.
  JsonOut& Key(std::string_view k) {
    Next();
    String(k);
    Raw(':');
    return *this;
  }
  JsonOut& Item() { return Next(), *this; }
  JsonOut& String(std::string_view s) {
    if (PlainJsonString(s)) {
      Raw('"');
      out_->append(s);
      Raw('"');
    } else {
      out_->append(Dump(ordered_json(std::string(s))));
    }
    return *this;
  }
  JsonOut& Int(long long v) { return out_->append(std::to_string(v)), *this; }
  JsonOut& Double(double v) { return out_->append(Dump(ordered_json(v))), *this; }
  JsonOut& Bool(bool v) { return out_->append(v ? "true" : "false"), *this; }
  JsonOut& Null() { return out_->append("null"), *this; }
  JsonOut& Json(const ordered_json& j) { return out_->append(Dump(j)), *this; }

 private:
  void Raw(char c) { out_->push_back(c); }
  void Next() {
    if (!first_) Raw(',');
    first_ = false;
  }
  std::string* out_;
  bool first_ = true;
};

void WriteSource(JsonOut& o, const Message& m) {
  o.Open().Key("file").String(m.where.path);
  if (m.where.line > 0) o.Key("line").Int(m.where.line);
  // Container positions: mbox message number and byte offset, CSV row.
  if (m.where.index > 0) o.Key("index").Int(m.where.index);
  if (m.where.offset >= 0) o.Key("offset").Int(m.where.offset);
  if (m.where.row > 0) o.Key("row").Int(m.where.row);
  o.Close();
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
    line_.clear();
    JsonOut o(&line_);
    o.Open().Key("schema").Int(kSchemaVersion).Key("id").String(m.id).Key("label").String(LabelName(a.label));
    o.Key("score");
    if (a.label == Label::kNone) o.Null();
    else o.Int(a.score);
    o.Key("components").Open();
    // Components are distinct categories, so no key repeats (ordered_json
    // would have kept the last of a repeated key).
    for (const Component& c : a.components) o.Key(c.category).Double(Round2(c.strength));
    o.Close().Key("matches").OpenArray();
    for (const Evidence& e : a.evidence) {
      o.Item().Open().Key("rule").String(e.rule).Key("category").String(e.category);
      o.Key("polarity").String(PolarityName(e.polarity)).Key("start").Int(e.span.begin).Key("end").Int(e.span.end);
      o.Key("text").String(SliceView(m.text, e.span)).Key("strength").Double(Round2(e.strength));
      o.Key("counted").Bool(e.counted);
      if (!e.effects.empty()) {
        o.Key("effects").OpenArray();
        for (const std::string& fx : e.effects) o.Item().String(fx);
        o.CloseArray();
      }
      if (!e.suggestion.empty() && e.polarity == Polarity::kDeflect) o.Key("suggestion").String(e.suggestion);
      o.Close();
    }
    o.CloseArray().Key("tokens").Int(static_cast<long long>(a.tokens));
    o.Key("sentences").Int(static_cast<long long>(a.sentences));
    if (!a.model.empty()) {
      o.Key("model").Open();
      for (size_t c = 0; c < a.model.size(); ++c) o.Key(kModelLabelNames[c]).Double(Round2(a.model[c]));
      o.Close();
    }
    if (a.rules_label != Label::kNone) o.Key("rules_label").String(LabelName(a.rules_label));
    End(o, m);
  }

  void WriteError(const Message& m, const Error& e) override {
    line_.clear();
    JsonOut o(&line_);
    o.Open().Key("schema").Int(kSchemaVersion).Key("id").String(m.id).Key("error").String(e.ToString());
    End(o, m);
  }

 private:
  // Every record ends alike: where it came from, what the reader learned, and
  // the line written in one go.
  void End(JsonOut& o, const Message& m) {
    o.Key("source");
    WriteSource(o, m);
    ordered_json extras = ordered_json::object();
    Extras(m, &extras);
    for (const auto& kv : extras.items()) o.Key(kv.key()).Json(kv.value());
    o.Close();
    line_.push_back('\n');
    out_->write(line_.data(), static_cast<std::streamsize>(line_.size()));
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

  std::ostream* out_;
  std::string line_;  // one record, reused
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

// For people in a browser: one self-contained page. Everything taken from a
// message (text, ids, header values, file names) and from the lexicon (rule
// ids, suggestions) goes through HtmlEscape, in content and in attributes
// alike; every attribute value is double-quoted. The Content-Security-Policy
// forbids scripts and fetching anything, in case an escape is ever missed.
class HtmlWriter : public Writer {
 public:
  explicit HtmlWriter(std::ostream* out) : out_(out) {}

  void Write(const Message& m, const Analysis& a) override {
    Begin();
    ++counts_[static_cast<int>(a.label)];
    *out_ << "<section class=\"msg " << LabelName(a.label) << "\" id=\"m" << ++n_ << "\">\n<h2>"
          << "<span class=\"id\">" << HtmlEscape(m.id) << "</span> <span class=\"label\">" << LabelName(a.label)
          << "</span>";
    if (a.label != Label::kNone) *out_ << " <span class=\"score\">" << a.score << "</span>";
    *out_ << "</h2>\n";
    Head(m);
    *out_ << "<p class=\"reason\">" << HtmlEscape(a.reason) << "</p>\n";
    if (!m.automated.empty()) *out_ << "<p class=\"automated\">automated: " << HtmlEscape(m.automated) << "</p>\n";
    *out_ << "<div class=\"text\">";
    Highlighted(m, a.evidence);
    *out_ << "</div>\n";
    if (!a.evidence.empty()) {
      *out_ << "<ol class=\"hits\">\n";
      for (const Evidence& e : a.evidence) Hit(m, e);
      *out_ << "</ol>\n";
    }
    Tail(m);
    *out_ << "</section>\n";
  }

  void WriteError(const Message& m, const Error& e) override {
    Begin();
    ++errors_;
    *out_ << "<section class=\"msg error\" id=\"m" << ++n_ << "\">\n<h2><span class=\"id\">" << HtmlEscape(m.id)
          << "</span> <span class=\"label\">error</span></h2>\n";
    Head(m);
    *out_ << "<p class=\"error\">" << HtmlEscape(e.ToString()) << "</p>\n";
    Tail(m);
    *out_ << "</section>\n";
  }

  void Finish() override {
    Begin();
    *out_ << "<footer>" << n_ << (n_ == 1 ? " record" : " records");
    for (Label l : {Label::kOwns, Label::kPartial, Label::kDeflects, Label::kNone})
      *out_ << ", " << LabelName(l) << ' ' << counts_[static_cast<int>(l)];
    *out_ << ", error " << errors_ << "</footer>\n</body>\n</html>\n";
  }

 private:
  // Written before the first record rather than on construction, so a run
  // that prints no records through the writer (--explain) prints no page.
  void Begin() {
    if (begun_) return;
    begun_ = true;
    *out_ << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
             "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
             "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
             "<title>culpa</title>\n<style>\n"
             "body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;color:#222}\n"
             "section{border-left:6px solid #bbb;padding:.2rem 1rem;margin:1.2rem 0}\n"
             "section.owns{border-color:#2a8a3e}section.partial{border-color:#c99a06}\n"
             "section.deflects{border-color:#c0392b}section.error{border-color:#7b1fa2;background:#faf4fc}\n"
             "h2{font-size:1rem;margin:.4rem 0}.label{text-transform:uppercase;font-size:.8rem;padding:0 .4rem;"
             "border-radius:3px;background:#eee}.score{font-weight:bold}\n"
             ".text{white-space:pre-wrap;overflow-wrap:anywhere;background:#f7f7f7;padding:.6rem;border-radius:4px}\n"
             "mark{padding:0 1px;border-radius:2px}mark.own{background:#c8efcf}mark.deflect{background:#f8c9c4}\n"
             "mark.neutral,mark.uncounted{background:#e4e4e4}.excluded{color:#888}\n"
             "dl.head{display:grid;grid-template-columns:max-content auto;gap:0 .8rem;margin:.3rem 0}dt{color:#666}"
             "dd{margin:0;overflow-wrap:anywhere}\n"
             ".reason,.source,.notes,footer{color:#555;font-size:.9rem}.error{color:#7b1fa2;font-weight:bold}\n"
             "ol.hits li.uncounted{color:#888}.try{color:#0b6e99}code{font-size:.9em}\n"
             "</style>\n</head>\n<body>\n<h1>culpa</h1>\n";
  }

  // The mail or export metadata (from, subject, date first) and the position.
  void Head(const Message& m) {
    auto meta = [&m](const char* key) -> std::string {
      for (const auto& [k, v] : m.meta)
        if (k == key) return v;
      return "";
    };
    std::string from = meta("from_name"), addr = meta("from_address");
    if (!addr.empty()) from += from.empty() ? addr : " <" + addr + ">";
    std::vector<std::pair<std::string, std::string>> rows;
    if (!from.empty()) rows.emplace_back("From", from);
    for (const char* k : {"subject", "date"})
      if (!meta(k).empty()) rows.emplace_back(k == std::string("subject") ? "Subject" : "Date", meta(k));
    for (const auto& [k, v] : m.meta)
      if (k != "from_name" && k != "from_address" && k != "subject" && k != "date") rows.emplace_back(k, v);
    if (!rows.empty()) {
      *out_ << "<dl class=\"head\">";
      for (const auto& [k, v] : rows) *out_ << "<dt>" << HtmlEscape(k) << "</dt><dd>" << HtmlEscape(v) << "</dd>";
      *out_ << "</dl>\n";
    }
    *out_ << "<p class=\"source\">" << HtmlEscape(m.where.ToString()) << "</p>\n";
  }

  // What a reader skipped, and the fields kept from the input.
  void Tail(const Message& m) {
    if (!m.notes.empty()) {
      *out_ << "<ul class=\"notes\">";
      for (const std::string& n : m.notes) *out_ << "<li>" << HtmlEscape(n) << "</li>";
      *out_ << "</ul>\n";
    }
    if (!m.fields.empty()) {
      *out_ << "<dl class=\"head\">";
      for (const auto& [k, v] : m.fields)
        *out_ << "<dt>" << HtmlEscape(k) << "</dt><dd><code>" << HtmlEscape(v) << "</code></dd>";
      *out_ << "</dl>\n";
    }
  }

  void Hit(const Message& m, const Evidence& e) {
    const char* pol = PolarityName(e.polarity);
    *out_ << "<li class=\"" << pol << (e.counted ? "" : " uncounted") << "\"><code>" << HtmlEscape(e.rule)
          << "</code> " << HtmlEscape(e.category) << ' '
          << (e.counted ? Num2(e.strength) : std::string("not counted"));
    for (const std::string& fx : e.effects) *out_ << ' ' << HtmlEscape(fx);
    const size_t b = CharStart(m.text, e.span.begin), end = std::max(b, CharStart(m.text, e.span.end));
    *out_ << ": <q>" << HtmlEscape(std::string_view(m.text).substr(b, end - b)) << "</q>";
    if (e.counted && e.polarity == Polarity::kDeflect && !e.suggestion.empty())
      *out_ << "<br><span class=\"try\">try: " << HtmlEscape(e.suggestion) << "</span>";
    *out_ << "</li>\n";
  }

  // A byte offset moved back to the start of the character it falls in (at
  // most three bytes, so invalid text cannot make it wander), so no
  // highlight splits a character.
  static size_t CharStart(const std::string& text, size_t pos) {
    pos = std::min(pos, text.size());
    for (int k = 0; k < 3 && pos > 0 && pos < text.size() &&
                    (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80; ++k)
      --pos;
    return pos;
  }

  // The text cut at every hit's and every excluded part's start and end; each
  // piece is escaped and wrapped in what covers it, so marks never overlap or
  // nest. Hits are in text order; a piece covered by several names them all.
  void Highlighted(const Message& m, const std::vector<Evidence>& hits) {
    const std::string& text = m.text;
    std::vector<size_t> cuts{0, text.size()};
    for (const Evidence& e : hits) {
      cuts.push_back(CharStart(text, e.span.begin));
      cuts.push_back(CharStart(text, e.span.end));
    }
    for (const Excluded& x : m.excluded) {
      cuts.push_back(CharStart(text, x.begin));
      cuts.push_back(CharStart(text, x.end));
    }
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    std::vector<size_t> order(hits.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) {
      return CharStart(text, hits[x].span.begin) < CharStart(text, hits[y].span.begin);
    });
    std::vector<size_t> active;  // hits covering the current piece, in text order
    size_t next = 0, ex = 0;
    for (size_t c = 0; c + 1 < cuts.size(); ++c) {
      const size_t from = cuts[c], to = cuts[c + 1];
      active.erase(std::remove_if(active.begin(), active.end(),
                                  [&](size_t h) { return CharStart(text, hits[h].span.end) <= from; }),
                   active.end());
      for (; next < order.size() && CharStart(text, hits[order[next]].span.begin) <= from; ++next)
        if (CharStart(text, hits[order[next]].span.end) > from) active.push_back(order[next]);
      while (ex < m.excluded.size() && CharStart(text, m.excluded[ex].end) <= from) ++ex;
      const bool excluded = ex < m.excluded.size() && CharStart(text, m.excluded[ex].begin) <= from;
      if (excluded) *out_ << "<span class=\"excluded\" title=\"" << HtmlEscape(m.excluded[ex].reason) << "\">";
      if (!active.empty()) {
        // The colour of the first counted hit; grey when none counted.
        const Evidence* lead = nullptr;
        std::string rules;
        for (size_t h : active) {
          if (!lead && hits[h].counted) lead = &hits[h];
          rules += (rules.empty() ? "" : " ") + hits[h].rule;
        }
        *out_ << "<mark class=\"" << (lead ? PolarityName(lead->polarity) : "uncounted") << "\" title=\""
              << HtmlEscape(rules) << "\">";
      }
      *out_ << HtmlEscape(std::string_view(text).substr(from, to - from));
      if (!active.empty()) *out_ << "</mark>";
      if (excluded) *out_ << "</span>";
    }
  }

  std::ostream* out_;
  bool begun_ = false;
  long n_ = 0, errors_ = 0;
  long counts_[4] = {0, 0, 0, 0};  // by Label
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
    const size_t len = Utf8SequenceLength(s, i);
    if (len == 0) {
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

std::string HtmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '&': out += "&amp;"; ++i; continue;
      case '<': out += "&lt;"; ++i; continue;
      case '>': out += "&gt;"; ++i; continue;
      case '"': out += "&quot;"; ++i; continue;
      case '\'': out += "&#39;"; ++i; continue;
      default: break;
    }
    const size_t len = Utf8SequenceLength(s, i);
    // Controls are parse errors in HTML (NUL among them); C1 ones arrive as
    // two bytes, C2 80-9F.
    const bool control = len == 1 ? (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F
                                  : len == 2 && c == 0xC2 && static_cast<unsigned char>(s[i + 1]) < 0xA0;
    if (len == 0 || control) {
      out += "\xEF\xBF\xBD";
      i += len == 0 ? 1 : len;
    } else {
      out.append(s.data() + i, len);
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
  if (options.format == "html") return std::make_unique<HtmlWriter>(out);
  return nullptr;
}

}  // namespace culpa
