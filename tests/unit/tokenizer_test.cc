#include "culpa/tokenizer.h"

#include <gtest/gtest.h>

#include <random>

namespace culpa {
namespace {

std::string Cut(const std::string& t, Span s) { return t.substr(s.begin, s.end - s.begin); }

TEST(Tokenizer, SplitsSentences) {
  Tokenizer tok;
  std::string t = "i missed the test. that's on me! will it happen again? no.";
  TextStructure st = tok.Analyze(t);
  ASSERT_EQ(st.sentences.size(), 4u);
  EXPECT_EQ(Cut(t, st.sentences[0]), "i missed the test.");
  EXPECT_EQ(Cut(t, st.sentences[2]), "will it happen again?");
  EXPECT_EQ(st.word_count, 12u);
}

TEST(Tokenizer, ParagraphBreakEndsSentence) {
  Tokenizer tok;
  std::string t = "regards\nthe team";
  EXPECT_EQ(tok.Analyze(t).sentences.size(), 2u);
}

TEST(Tokenizer, SplitsClausesAtPunctuationAndDashes) {
  Tokenizer tok;
  std::string t = "i'm sorry, but the vendor - not us - was late; well-known issue.";
  TextStructure st = tok.Analyze(t);
  std::vector<std::string> clauses;
  for (Span c : st.clauses) clauses.push_back(Cut(t, c));
  ASSERT_EQ(clauses.size(), 5u);
  EXPECT_EQ(clauses[0], "i'm sorry");
  EXPECT_EQ(clauses[1], " but the vendor ");
  EXPECT_EQ(clauses[4], " well-known issue.");  // a hyphen inside a word does not split
}

TEST(Tokenizer, EmptyText) {
  Tokenizer tok;
  TextStructure st = tok.Analyze("");
  EXPECT_TRUE(st.sentences.empty());
  EXPECT_EQ(st.word_count, 0u);
}

// AsciiSentences must find exactly ICU's boundaries: UAX #29's rules and ICU's
// abbreviation filter, on text dense in what decides them (terminators,
// closing quotes and brackets, spaces, line ends, digits, capitals after
// the sentence casing, ICU's listed abbreviations and its partial ones).
TEST(Tokenizer, AsciiSentenceBreaksAreIcus) {
  std::mt19937 rng(29);
  const std::vector<std::string> pieces = {
      "a", "b", "i", "x", "Q", "U", "7", "3.5", ".", ". ", "!", "? ", "?!", "...", "\"", "'", "(", ")", "[", "]",
      "{", "}", " ", "  ", "\t", "\n", "\r\n", "\r", ",", ";", ":", "-", " - ", "_", "#", "/", "mr.", "Mr.",
      "mrs.", "dr.", "e.g.", "E.g.", "i.e.", "I.e.", "u.s.", "U.S.", "U.S.A.", "U.S.C.", "ph.d.", "Ph.D.", "a.m.",
      "p.m.", "vs.", "etc.", "Etc.", "Lt.Cdr.", "S.p.A.", "Hon.B.A.", "jan.", "no.", "ok.", " the vendor",
      "that's on me", "sorry", "word", "Word", "x.y", "1.", "a.b.c.", "A", "AA", "B", "D", "M", "S", "P", "T",
      "Mrs", "Sep", "Sept", "Ph", "Lt", "Cdr", "Hon", "."};
  for (int round = 0; round < 100000; ++round) {
    std::string t;
    const int len = 1 + rng() % 14;
    for (int i = 0; i < len; ++i) t += pieces[rng() % pieces.size()];
    ASSERT_EQ(SentenceBreaksForTest(t, false), SentenceBreaksForTest(t, true)) << "text: [" << t << "]";
  }
  // Every printable ASCII byte and the controls, in short random strings.
  for (int round = 0; round < 50000; ++round) {
    std::string t;
    const int len = 1 + rng() % 10;
    for (int i = 0; i < len; ++i) t += static_cast<char>(rng() % 128);
    ASSERT_EQ(SentenceBreaksForTest(t, false), SentenceBreaksForTest(t, true)) << "text: [" << t << "]";
  }
  // The filter, spelled out on the sentence-cased text: "Mr." holds back the
  // break, "mr." is not listed, and "U.S." is a prefix of "U.S.A.", so it
  // does not hold back the break before "army".
  EXPECT_EQ(SentenceBreaksForTest("we left. mr. smith stayed.", false), (std::vector<uint32_t>{0, 9, 26}));
  EXPECT_EQ(SentenceBreaksForTest("we met mr. smith. he left.", false), (std::vector<uint32_t>{0, 11, 18, 26}));
  EXPECT_EQ(SentenceBreaksForTest("the u.s. army. ok", false), (std::vector<uint32_t>{0, 9, 15, 17}));
}

}  // namespace
}  // namespace culpa

namespace culpa {
namespace {

// The ASCII word counter must agree with ICU's word break iterator. ICU runs on
// any text with a non-ASCII byte, so append one to force the ICU path, then
// compare with the fast path on the same ASCII text.
TEST(Tokenizer, AsciiWordCountMatchesIcu) {
  Tokenizer tok;
  std::mt19937 rng(7);
  const std::string alphabet = "ab Z09.,;:'_-\"!?()\n /@#$%&*+=~\t";
  for (int round = 0; round < 20000; ++round) {
    std::string t;
    int len = 1 + rng() % 24;
    for (int i = 0; i < len; ++i) t += alphabet[rng() % alphabet.size()];
    size_t icu = tok.Analyze(t + " \xC3\xA9").word_count - 1;  // minus the "é" word
    ASSERT_EQ(CountWordsAsciiForTest(t), icu) << "text: [" << t << "]";
  }
  EXPECT_EQ(CountWordsAsciiForTest("can't 3.5 e.g. foo_bar a-b 1,000"), 7u);
  // Joins of letters and of digits, with and without underscores.
  for (const std::string joins : {"can't 3.5 e.g. a.b.c 1,000;2 x.1 1.x it's. 'quoted' end.",
                                  "can't 3.5 e.g. a.b.c 1,000;2 x.1 1.x it's. 'quoted' end. __ a_b _"}) {
    EXPECT_EQ(CountWordsAsciiForTest(joins), joins.size() < 60 ? 12u : 14u);
    EXPECT_EQ(CountWordsAsciiForTest(joins), tok.Analyze(joins + " \xC3\xA9").word_count - 1);
  }
}

// ASCII text is broken into sentences through UTF-16, any other through
// UTF-8: the boundaries must be the same. A trailing non-ASCII word forces
// the UTF-8 path; every boundary before it must agree.
TEST(Tokenizer, AsciiSentencesMatchUtf8Path) {
  Tokenizer tok;
  std::mt19937 rng(11);
  const std::vector<std::string> pieces = {"i missed it", "Mr.", "e.g.", "3.5", ". ", "! ", "? ", "\n", "\n\n",
                                           " the vendor", "that's on me", "\"", "(", ")", ", ", "dr. smith",
                                           "u.s. ", "sorry", " -- ", "etc.", "A", "ok"};
  for (int round = 0; round < 2000; ++round) {
    std::string t;
    int len = 1 + rng() % 12;
    for (int i = 0; i < len; ++i) t += pieces[rng() % pieces.size()];
    TextStructure ascii = tok.Analyze(t);
    TextStructure utf8 = tok.Analyze(t + "\n\xC3\xA9t\xC3\xA9");
    ASSERT_GE(utf8.sentences.size(), 1u);
    // Sentences that end before the added paragraph must be identical.
    std::vector<Span> a, b;
    for (const Span& s : ascii.sentences) if (s.end < t.size()) a.push_back(s);
    for (const Span& s : utf8.sentences) if (s.end < t.size()) b.push_back(s);
    ASSERT_EQ(a.size(), b.size()) << "text: [" << t << "]";
    for (size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].begin, b[i].begin) << "text: [" << t << "]";
      EXPECT_EQ(a[i].end, b[i].end) << "text: [" << t << "]";
    }
  }
}

}  // namespace
}  // namespace culpa
