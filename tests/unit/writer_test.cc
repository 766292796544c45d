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
  for (const std::string& id : cases) {
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

}  // namespace
}  // namespace culpa
