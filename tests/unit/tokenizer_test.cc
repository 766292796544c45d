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
  for (int round = 0; round < 3000; ++round) {
    std::string t;
    int len = 1 + rng() % 24;
    for (int i = 0; i < len; ++i) t += alphabet[rng() % alphabet.size()];
    size_t icu = tok.Analyze(t + " \xC3\xA9").word_count - 1;  // minus the "é" word
    ASSERT_EQ(CountWordsAsciiForTest(t), icu) << "text: [" << t << "]";
  }
  EXPECT_EQ(CountWordsAsciiForTest("can't 3.5 e.g. foo_bar a-b 1,000"), 7u);
}

}  // namespace
}  // namespace culpa
