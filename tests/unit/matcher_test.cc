#include "culpa/matcher.h"

#include <gtest/gtest.h>

namespace culpa {
namespace {

TEST(Matcher, FindsSpansOfEveryPatternThatHits) {
  auto m = Matcher::Compile({"\\bmy fault\\b", "\\bsorry\\b", "\\bnever here\\b"}, {});
  ASSERT_TRUE(m.ok()) << m.error().ToString();
  std::vector<Hit> hits;
  Result<bool> r = m.value().Match("sorry, my fault. sorry again", &hits);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(hits.size(), 3u);
  EXPECT_EQ(hits[0].pattern, 1u);
  EXPECT_EQ(hits[0].begin, 0u);
  EXPECT_EQ(hits[1].pattern, 0u);
  EXPECT_EQ(hits[1].begin, 7u);
  EXPECT_EQ(hits[1].end, 15u);
  EXPECT_EQ(hits[2].begin, 17u);
}

TEST(Matcher, NoHitIsNotAnError) {
  auto m = Matcher::Compile({"\\bfault\\b"}, {});
  ASSERT_TRUE(m.ok());
  std::vector<Hit> hits;
  Result<bool> r = m.value().Match("all good here", &hits);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r.value());
  EXPECT_TRUE(hits.empty());
}

TEST(Matcher, BadPatternNamesItsIndex) {
  auto m = Matcher::Compile({"ok", "(unclosed"}, {});
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.error().message.find("pattern 1"), std::string::npos);
}

// A tiny memory budget must surface as an error, never as "no match".
TEST(Matcher, OutOfMemoryIsAnError) {
  std::vector<std::string> patterns;
  for (int i = 0; i < 200; ++i)
    patterns.push_back("\\bw" + std::to_string(i) + "(?:[a-z]+ ){0,6}x" + std::to_string(i) + "[a-z]{2,9}\\b");
  Matcher::Options opts;
  opts.max_mem = 1 << 16;
  auto m = Matcher::Compile(patterns, opts);
  if (!m.ok()) {
    EXPECT_NE(m.error().message.find("memory"), std::string::npos) << m.error().message;
    return;
  }
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "w" + std::to_string(i % 200) + "abc def ghi x" + std::to_string(i % 200) + "zz ";
  std::vector<Hit> hits;
  Result<bool> r = m.value().Match(text, &hits);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("out of memory"), std::string::npos);
}

}  // namespace
}  // namespace culpa
