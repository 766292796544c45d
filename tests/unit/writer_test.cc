#include "culpa/writer.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>

namespace culpa {
namespace {

Analysis OneHit(Span span, Polarity pol) {
  Analysis a;
  a.label = pol == Polarity::kOwn ? Label::kOwns : Label::kDeflects;
  a.score = 80;
  Evidence e;
  e.rule = "r.x";
  e.category = "acknowledgment";
  e.polarity = pol;
  e.span = span;
  e.strength = 3;
  e.counted = true;
  e.suggestion = "Say who.";
  a.evidence.push_back(e);
  a.components.push_back({"acknowledgment", pol, 3});
  return a;
}

// The JSONL writer emits JSON by hand for speed; every string must come out
// as nlohmann's dump (ensure_ascii off, invalid UTF-8 replaced) would write it.
TEST(Writer, JsonlStringsAreWrittenAsNlohmannWould) {
  const std::vector<std::string> cases = {
      "plain", "caf\xc3\xa9 \xe2\x80\x99 \xf0\x9f\x98\x80", "quote \" back\\slash", "tab\tnl\ncr\r",
      std::string("nul\0x", 5), "\x01\x1f\x7f", "bad \xff byte", "cut \xe2\x80", "overlong \xc0\xaf",
      "surrogate \xed\xa0\x80", "too big \xf4\x90\x80\x80", "lone \x80 continuation", "</script>"};
  // Plain ASCII is checked eight bytes at a time: put each case at every
  // offset within a word.
  std::vector<std::string> all;
  for (const std::string& c : cases)
    for (size_t pad = 0; pad <= 9; ++pad) all.push_back(std::string(pad, 'p') + c + std::string(9 - pad, 's'));
  for (const std::string& id : all) {
    Lexicon lex;
    std::ostringstream out;
    auto w = MakeWriter({"jsonl", false}, lex, &out);
    Message m;
    m.id = id;
    m.text = id;
    m.where = {"f.jsonl", 1, 0};
    w->Write(m, OneHit({0, static_cast<uint32_t>(id.size())}, Polarity::kOwn));
    const std::string want =
        nlohmann::ordered_json(id).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    EXPECT_NE(out.str().find("\"id\":" + want + ","), std::string::npos) << out.str();
    EXPECT_NE(out.str().find("\"text\":" + want + ","), std::string::npos) << out.str();
    EXPECT_NO_THROW(nlohmann::json::parse(out.str()));
  }
}

TEST(Writer, JsonlTextIsTheExactSlice) {
  Lexicon lex;
  std::ostringstream out;
  auto w = MakeWriter({"jsonl", false}, lex, &out);
  Message m;
  m.id = "m1";
  m.text = "Ok. THAT\u2019S on me.";
  m.where = {"in.jsonl", 3, 0};
  w->Write(m, OneHit({4, 19}, Polarity::kOwn));
  auto j = nlohmann::json::parse(out.str());
  EXPECT_EQ(j["schema"], 1);
  EXPECT_EQ(j["label"], "owns");
  EXPECT_EQ(j["matches"][0]["text"], m.text.substr(4, 15));
  EXPECT_EQ(j["source"]["line"], 3);
}

TEST(Writer, JsonlErrorRecord) {
  Lexicon lex;
  std::ostringstream out;
  auto w = MakeWriter({"jsonl", false}, lex, &out);
  Message m;
  m.id = "x:2";
  m.where = {"x", 2, 0};
  w->WriteError(m, Error{{"x", 2, 0}, "invalid JSON"});
  EXPECT_EQ(out.str(), "{\"schema\":1,\"id\":\"x:2\",\"error\":\"x:2: invalid JSON\",\"source\":{\"file\":\"x\",\"line\":2}}\n");
}

TEST(Writer, CsvNeutralisesFormulasAndQuotes) {
  Lexicon lex;
  lex.settings.categories.push_back({"acknowledgment", Polarity::kOwn, 8, "", true, {}});
  std::ostringstream out;
  auto w = MakeWriter({"csv", false}, lex, &out);
  Message m;
  m.id = "=HYPERLINK(\"evil\")";
  m.text = "a, \"b\"";
  w->Write(m, OneHit({0, 6}, Polarity::kOwn));
  EXPECT_EQ(out.str(),
            "id,label,score,acknowledgment,top_rule,top_text,error\r\n"
            "\"'=HYPERLINK(\"\"evil\"\")\",owns,80,3,r.x,\"a, \"\"b\"\"\",\r\n");
}

TEST(Writer, CsvErrorRowHasEveryColumn) {
  Lexicon lex;
  lex.settings.categories.push_back({"acknowledgment", Polarity::kOwn, 8, "", true, {}});
  std::ostringstream out;
  auto w = MakeWriter({"csv", false}, lex, &out);
  Message m;
  m.id = "-x";
  w->WriteError(m, Error{{"in.jsonl", 2, 0}, "invalid JSON"});
  EXPECT_EQ(out.str(),
            "id,label,score,acknowledgment,top_rule,top_text,error\r\n"
            "\"'-x\",,,,,,in.jsonl:2: invalid JSON\r\n");
}

TEST(Writer, TextStripsTerminalEscapes) {
  Lexicon lex;
  std::ostringstream out;
  auto w = MakeWriter({"text", false}, lex, &out);
  Message m;
  m.id = "evil\x1b]0;title\x07";
  m.text = "\x1b[2Jmy fault";
  w->Write(m, OneHit({4, 12}, Polarity::kOwn));
  EXPECT_EQ(out.str().find('\x1b'), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("[my fault]"), std::string::npos);
}

// C1 controls: U+009B is CSI to terminals that read C1, as UTF-8 or as a raw byte.
TEST(Writer, TerminalSafeStripsC1AndInvalidBytes) {
  EXPECT_EQ(TerminalSafe("a\xC2\x9B" "2J b\xC2\x9D" "0;t\x07"), "a 2J b 0;t ");
  EXPECT_EQ(TerminalSafe("x\x9B" "31m"), "x\xEF\xBF\xBD" "31m");
  EXPECT_EQ(TerminalSafe("caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x8E\x89"), "caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x8E\x89");
  EXPECT_EQ(TerminalSafe("\xE2\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(HtmlEscape, EscapesMarkupInContentAndAttributes) {
  EXPECT_EQ(HtmlEscape("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
  EXPECT_EQ(HtmlEscape("\"><img src=x onerror=alert(1)>"), "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
  EXPECT_EQ(HtmlEscape("it's & that's"), "it&#39;s &amp; that&#39;s");
  EXPECT_EQ(HtmlEscape("&amp;"), "&amp;amp;");  // escaped again: it is data, not markup
  EXPECT_EQ(HtmlEscape(""), "");
}

TEST(HtmlEscape, KeepsUtf8AndLineEndsReplacesControlsAndBadBytes) {
  EXPECT_EQ(HtmlEscape("caf\xC3\xA9 \xE2\x80\x99 \xF0\x9F\x8E\x89\ta\nb\r"), "caf\xC3\xA9 \xE2\x80\x99 \xF0\x9F\x8E\x89\ta\nb\r");
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(HtmlEscape(std::string("a\0b", 3)), "a" + fffd + "b");
  EXPECT_EQ(HtmlEscape("\x1b[31m\x7f"), fffd + "[31m" + fffd);
  EXPECT_EQ(HtmlEscape("\xC2\x9B" "2J"), fffd + "2J");        // C1 CSI
  EXPECT_EQ(HtmlEscape("\xFF<"), fffd + "&lt;");              // not UTF-8
  EXPECT_EQ(HtmlEscape("\xED\xA0\x80"), fffd + fffd + fffd);  // a surrogate
  EXPECT_EQ(HtmlEscape("\xC0\xBC"), fffd + fffd);             // overlong '<'
  EXPECT_EQ(HtmlEscape("\xE2\x80"), fffd + fffd);             // cut short
}

std::string HtmlOf(const Message& m, const Analysis& a) {
  Lexicon lex;
  std::ostringstream out;
  auto w = MakeWriter({"html", false}, lex, &out);
  w->Write(m, a);
  w->Finish();
  return out.str();
}

TEST(Writer, HtmlMarksHitsAtByteOffsetsInMultibyteText) {
  Message m;
  m.id = "m1";
  m.text = "Caf\xC3\xA9 \xE2\x80\x94 that\xE2\x80\x99s on me \xF0\x9F\x98\x9E, and the vendor was late.";
  const uint32_t own = static_cast<uint32_t>(m.text.find("that"));
  const uint32_t own_end = static_cast<uint32_t>(m.text.find(" \xF0"));
  const uint32_t dfl = static_cast<uint32_t>(m.text.find("the vendor"));
  Analysis a = OneHit({own, own_end}, Polarity::kOwn);
  Evidence d = OneHit({dfl, static_cast<uint32_t>(m.text.size() - 1)}, Polarity::kDeflect).evidence[0];
  d.rule = "r.vendor";
  a.evidence.push_back(d);
  std::string html = HtmlOf(m, a);
  EXPECT_NE(html.find("<mark class=\"own\" title=\"r.x\">that\xE2\x80\x99s on me</mark> \xF0\x9F\x98\x9E, and "
                      "<mark class=\"deflect\" title=\"r.vendor\">the vendor was late</mark>.</div>"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("try: Say who."), std::string::npos);
}

TEST(Writer, HtmlOverlappingHitsNeverNestAndOffsetsInsideACharacterSnapBack) {
  Message m;
  m.id = "m2";
  m.text = "We dropped the ball \xE2\x80\x94 mine.";
  Analysis a = OneHit({0, 10}, Polarity::kOwn);  // "We dropped"
  Evidence wide = a.evidence[0];
  wide.rule = "r.wide";
  wide.span = {3, 19};  // "dropped the ball"
  a.evidence.push_back(wide);
  Evidence odd = a.evidence[0];
  odd.rule = "r.odd";
  odd.span = {21, 23};  // starts inside the em dash (bytes 20-22)
  a.evidence.push_back(odd);
  Evidence none = odd;
  none.rule = "r.none";
  none.span = {21, 22};  // inside it altogether: nothing to mark
  a.evidence.push_back(none);
  std::string html = HtmlOf(m, a);
  EXPECT_NE(html.find("<mark class=\"own\" title=\"r.x\">We </mark><mark class=\"own\" title=\"r.x r.wide\">dropped"
                      "</mark><mark class=\"own\" title=\"r.wide\"> the ball</mark> "
                      "<mark class=\"own\" title=\"r.odd\">\xE2\x80\x94</mark> mine.</div>"),
            std::string::npos)
      << html;
  EXPECT_EQ(html.find("r.none\">"), std::string::npos);
  EXPECT_EQ(html.find("\xEF\xBF\xBD"), std::string::npos);  // no character was cut in two
}

TEST(Writer, HtmlStreamsHeadFirstFootLastAndEscapesEveryField) {
  Lexicon lex;
  std::ostringstream out;
  auto w = MakeWriter({"html", false}, lex, &out);
  EXPECT_EQ(out.str(), "");  // nothing until there is a record (or Finish)
  Message m;
  m.id = "<script>alert(1)</script>";
  m.text = "it's <b>mine</b>";
  m.meta = {{"from_name", "\"><img src=x onerror=alert(1)>"}, {"subject", "'quoted'"}};
  m.where = {"in<1>.jsonl", 2, 0};
  Analysis a = OneHit({0, 4}, Polarity::kDeflect);
  a.evidence[0].rule = "r.\"x\"";
  a.evidence[0].suggestion = "<i>Say</i> who";
  w->Write(m, a);
  const std::string first = out.str();
  EXPECT_EQ(first.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(first.find("</html>"), std::string::npos);
  w->WriteError(m, Error{{"in<1>.jsonl", 3, 0}, "invalid JSON"});
  w->Finish();
  const std::string html = out.str();
  EXPECT_NE(html.find("</body>\n</html>\n"), std::string::npos);
  EXPECT_NE(html.find("<footer>2 records, owns 0, partial 0, deflects 1, none 0, error 1</footer>"), std::string::npos);
  for (const char* raw : {"<script", "<img", "<b>", "<i>", "'quoted'", "r.\"x\"", "in<1>"})
    EXPECT_EQ(html.find(raw), std::string::npos) << raw;
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("<dd>&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</dd>"), std::string::npos);
  EXPECT_NE(html.find("title=\"r.&quot;x&quot;\""), std::string::npos);
  EXPECT_NE(html.find("<p class=\"error\">in&lt;1&gt;.jsonl:3: invalid JSON</p>"), std::string::npos);
}

TEST(Writer, HtmlEmptyRunIsAWholePage) {
  Lexicon lex;
  std::ostringstream out;
  MakeWriter({"html", false}, lex, &out)->Finish();
  EXPECT_EQ(out.str().rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(out.str().find("<footer>0 records,"), std::string::npos);
}

}  // namespace
}  // namespace culpa
