#include "culpa/normalizer.h"

#include <gtest/gtest.h>

#include <random>

namespace culpa {
namespace {

std::string Orig(const std::string& in, const NormalizedText& n, size_t b, size_t e) {
  Span s = n.ToOriginal(static_cast<uint32_t>(b), static_cast<uint32_t>(e));
  return in.substr(s.begin, s.end - s.begin);
}

TEST(Normalizer, LowercasesAscii) {
  EXPECT_EQ(Normalize("THAT'S ON ME").text(), "that's on me");
}

TEST(Normalizer, FlattensTypography) {
  EXPECT_EQ(Normalize("I\xE2\x80\x99m sorry").text(), "i'm sorry");                 // U+2019
  EXPECT_EQ(Normalize("\xE2\x80\x9CHi\xE2\x80\x9D").text(), "\"hi\"");             // curly quotes
  EXPECT_EQ(Normalize("sorry\xE2\x80\x94" "but").text(), "sorry - but");               // em dash
  EXPECT_EQ(Normalize("sorry \xE2\x80\x93 but").text(), "sorry - but");             // en dash
  EXPECT_EQ(Normalize("on\xC2\xA0me").text(), "on me");                             // NBSP
  EXPECT_EQ(Normalize("my \xEF\xBC\x87" "fault").text(), "my 'fault");                  // U+FF07
}

TEST(Normalizer, JoinsWrappedLinesButKeepsParagraphs) {
  EXPECT_EQ(Normalize("that's\r\non me").text(), "that's on me");
  EXPECT_EQ(Normalize("one.\n\ntwo").text(), "one.\ntwo");
  EXPECT_EQ(Normalize("items:\n- a\n- b").text(), "items:\n- a\n- b");
  EXPECT_EQ(Normalize("  lead and trail  \n").text(), "lead and trail");
  EXPECT_EQ(Normalize("old\rmac").text(), "old mac");
}

TEST(Normalizer, CaseFoldsUnicode) {
  EXPECT_EQ(Normalize("\xC3\x89RREUR").text(), "\xC3\xA9rreur");  // ÉRREUR
  EXPECT_EQ(Normalize("STRA\xC3\x9F" "E").text(), "strasse");      // ß folds to ss
}

TEST(Normalizer, OffsetsPointAtOriginalBytes) {
  const std::string in = "I\xE2\x80\x99M SORRY \xE2\x80\x94 that\xE2\x80\x99s\non me";
  NormalizedText n = Normalize(in);
  const std::string& t = n.text();
  size_t p = t.find("that's on me");
  ASSERT_NE(p, std::string::npos);
  EXPECT_EQ(Orig(in, n, p, p + 12), "that\xE2\x80\x99s\non me");
  size_t q = t.find("i'm");
  EXPECT_EQ(Orig(in, n, q, q + 3), "I\xE2\x80\x99M");
}

TEST(Normalizer, InvalidUtf8IsReplacedAndOffsetsStayRight) {
  const std::string in = std::string("bad \xFF\xFE byte, my fault");
  NormalizedText n = Normalize(in);
  EXPECT_NE(n.text().find("\xEF\xBF\xBD"), std::string::npos);
  size_t p = n.text().find("my fault");
  ASSERT_NE(p, std::string::npos);
  EXPECT_EQ(Orig(in, n, p, p + 8), "my fault");
}

TEST(Normalizer, MaskedRangesBecomeParagraphBreaks) {
  const std::string in = "I missed it.\n> quoted my fault\nThanks";
  std::vector<Span> mask = {{13, 31}};
  NormalizedText n = Normalize(in, mask);
  EXPECT_EQ(n.text(), "i missed it.\nthanks");
  size_t p = n.text().find("thanks");
  EXPECT_EQ(Orig(in, n, p, p + 6), "Thanks");
}

// Property: every span of the analysis text maps back inside the original,
// ordered, and a word of ASCII letters maps back to the same letters.
TEST(Normalizer, RandomInputsKeepMapInvariants) {
  std::mt19937 rng(42);
  const char* pieces[] = {"a", "B", " ", "\n", "\r\n", "\xE2\x80\x99", "\xE2\x80\x94", "\xC3\x89", "\xFF", "\xC3",
                          "\xC2\xA0", "e\xCC\x81", "\x00", "\x1B[31m", "word"};
  for (int round = 0; round < 500; ++round) {
    std::string in;
    int len = rng() % 40;
    for (int i = 0; i < len; ++i) {
      const char* p = pieces[rng() % (sizeof pieces / sizeof *pieces)];
      in += p[0] == '\0' ? std::string(1, '\0') : std::string(p);
    }
    NormalizedText n = Normalize(in);
    const std::string& t = n.text();
    for (size_t b = 0; b <= t.size(); ++b) {
      for (size_t e = b; e <= t.size(); ++e) {
        Span s = n.ToOriginal(static_cast<uint32_t>(b), static_cast<uint32_t>(e));
        ASSERT_LE(s.begin, s.end);
        ASSERT_LE(s.end, in.size());
      }
    }
    for (size_t p = t.find("word"); p != std::string::npos; p = t.find("word", p + 1))
      EXPECT_EQ(Orig(in, n, p, p + 4), "word");
  }
}

}  // namespace
}  // namespace culpa
