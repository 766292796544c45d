#include "culpa/matcher.h"

#include <gtest/gtest.h>

#include <random>

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

// Large sets are compiled in shards on separate threads: every pattern is
// still found, hits come back ordered by (begin, pattern), and the first bad
// pattern in input order is the one named, whichever shard it landed in.
TEST(Matcher, ShardedSetFindsEveryPatternInOrder) {
  std::vector<std::string> patterns;
  std::string text;
  for (int i = 0; i < 300; ++i) {
    // Long enough (an optional tail that never matches) for the set to be
    // split in shards: ~80 KB of patterns.
    patterns.push_back("\\bw" + std::to_string(i) + std::string(static_cast<size_t>(i % 7), 'x') + "(?:" +
                       std::string(250, 'q') + ")?\\b");
    text = "w" + std::to_string(i) + std::string(static_cast<size_t>(i % 7), 'x') + " " + text;
  }
  patterns.push_back("\\bw0\\b");  // same span as pattern 0: ties order by pattern
  auto m = Matcher::Compile(patterns, {});
  ASSERT_TRUE(m.ok()) << m.error().message;
  std::vector<Hit> hits;
  ASSERT_TRUE(m.value().Match(text, &hits).ok());
  ASSERT_EQ(hits.size(), 301u);
  for (size_t i = 1; i < hits.size(); ++i) {
    EXPECT_TRUE(hits[i - 1].begin < hits[i].begin ||
                (hits[i - 1].begin == hits[i].begin && hits[i - 1].pattern < hits[i].pattern));
  }
  EXPECT_EQ(hits.front().pattern, 299u);  // written last, so first in the text

  // Merged into one set (as a long run does), the hits are the same.
  std::vector<Hit> before = hits;
  ASSERT_TRUE(m.value().Merge());
  hits.clear();
  ASSERT_TRUE(m.value().Match(text, &hits).ok());
  ASSERT_EQ(hits.size(), before.size());
  for (size_t i = 0; i < hits.size(); ++i) {
    EXPECT_EQ(hits[i].pattern, before[i].pattern);
    EXPECT_EQ(hits[i].begin, before[i].begin);
    EXPECT_EQ(hits[i].end, before[i].end);
  }

  std::vector<std::string> bad = patterns;
  bad[250] = "(unclosed";
  bad[40] = "[unclosed";
  auto b = Matcher::Compile(bad, {});
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error().message.rfind("pattern 40:", 0), 0u) << b.error().message;
}

// A merge in the background: the matcher screens with its shards until the
// merged set is ready, then with the set; the candidates never change, and a
// matcher destroyed mid-merge waits for it.
TEST(Matcher, MergesInTheBackground) {
  std::vector<std::string> patterns, screens;
  for (int i = 0; i < 400; ++i) {
    patterns.push_back("\\bword" + std::to_string(i) + " (?:[a-z]+ ){0,3}done\\b");
    screens.push_back("\\bword" + std::to_string(i) + " (?:[a-z]+ )*done\\b");
  }
  const std::string text = "word7 is done. word12 a b c d done. word399 done.";
  const std::vector<uint32_t> want = {7, 399};  // word12's gap is too long
  auto m = Matcher::Compile(patterns, {}, &screens);
  ASSERT_TRUE(m.ok()) << m.error().message;
  m.value().MergeInBackground();
  m.value().MergeInBackground();  // a second call does nothing
  for (int round = 0; round < 200; ++round) {  // spans the switch-over
    std::vector<Hit> hits;
    ASSERT_TRUE(m.value().Match(text, &hits).ok());
    std::vector<uint32_t> got;
    for (const Hit& h : hits) got.push_back(h.pattern);
    ASSERT_EQ(got, want) << "round " << round;
  }
  ASSERT_TRUE(m.value().Merge());  // waits for it, if it is still running
  std::vector<uint32_t> candidates;
  ASSERT_TRUE(m.value().Screen(text, &candidates).ok());
  EXPECT_EQ(candidates, want);  // the exact set: word12 is no candidate now

  auto abandoned = Matcher::Compile(patterns, {}, &screens);
  ASSERT_TRUE(abandoned.ok());
  abandoned.value().MergeInBackground();
}  // destroyed while merging: joins

// Screens (supersets of their patterns) pick the candidates; the exact
// patterns decide the hits, before and after Merge().
TEST(Matcher, ScreensOnlyPickCandidates) {
  const std::vector<std::string> patterns = {"\\bi broke it\\b", "\\bmy fault\\b"};
  const std::vector<std::string> screens = {"\\bi (?:[a-z]+ )*it\\b", "\\bmy fault\\b"};
  auto m = Matcher::Compile(patterns, {}, &screens);
  ASSERT_TRUE(m.ok()) << m.error().message;
  const std::string text = "i lost it. i broke it. my fault.";
  for (int round = 0; round < 2; ++round) {
    std::vector<Hit> hits;
    ASSERT_TRUE(m.value().Match(text, &hits).ok());
    ASSERT_EQ(hits.size(), 2u) << "round " << round;
    EXPECT_EQ(text.substr(hits[0].begin, hits[0].end - hits[0].begin), "i broke it");
    EXPECT_EQ(hits[1].pattern, 1u);
    ASSERT_TRUE(m.value().Merge());
  }
  // The same in two steps: the screen's candidate, then the exact pattern.
  auto two = Matcher::Compile(patterns, {}, &screens);
  ASSERT_TRUE(two.ok());
  std::vector<uint32_t> candidates;
  ASSERT_TRUE(two.value().Screen(text, &candidates).value());
  EXPECT_EQ(candidates, (std::vector<uint32_t>{0, 1}));
  std::vector<Hit> spans;
  ASSERT_TRUE(two.value().Locate(0, text, &spans).value());
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_EQ(spans[0].begin, 11u);
  EXPECT_FALSE(two.value().Locate(0, "i lost it", &spans).value());
  candidates.clear();
  EXPECT_FALSE(two.value().Screen("nothing here", &candidates).value());
  EXPECT_TRUE(candidates.empty());

  const std::vector<std::string> wrong_count = {"x"};
  EXPECT_FALSE(Matcher::Compile(patterns, {}, &wrong_count).ok());
}

// A tiny memory budget must surface as an error, never as "no match".
// Plain words and phrases between word boundaries are found by search, not
// by their regex; the hits must be the regex's. The same patterns with a
// group inside are not plain and go to RE2: the two matchers must agree.
TEST(Matcher, PlainWordsAreFoundAsTheirRegexWouldFindThem) {
  const std::vector<std::string> words = {"not", "no", "no one", "can'?t", "so", "a-b", "x2", "it'?s'?"};
  std::vector<std::string> plain, regex;
  for (const std::string& w : words) {
    plain.push_back("\\b(?:" + w + ")\\b");
    regex.push_back("\\b(?:(?:" + w + "))\\b");
  }
  plain.push_back("\\b(?:so so)\\b");  // can overlap itself ("so so so"): left to RE2 either way
  regex.push_back("\\b(?:(?:so so))\\b");
  auto a = Matcher::Compile(plain, {});
  auto b = Matcher::Compile(regex, {});
  ASSERT_TRUE(a.ok() && b.ok());
  for (uint32_t i = 0; i < plain.size(); ++i) {
    // Not plain: it'?s'? (it ends in an optional ') and so so (it can overlap itself).
    EXPECT_EQ(a.value().Plain(i), i < 7) << plain[i];
    EXPECT_FALSE(b.value().Plain(i)) << regex[i];
  }
  const std::vector<std::string> pieces = {"not", "no", "one", "cant", "can't", "so", "a-b", "x2", "its", "it's",
                                           "it''s", "knot", "nothing", "_no", "no_", "é", " ", " ", ".", "-", "'"};
  std::mt19937 rng(5);
  for (int round = 0; round < 5000; ++round) {
    std::string t;
    for (int i = 0, n = 1 + static_cast<int>(rng() % 12); i < n; ++i) t += pieces[rng() % pieces.size()];
    std::vector<Hit> x, y;
    ASSERT_TRUE(a.value().Match(t, &x).ok());
    ASSERT_TRUE(b.value().Match(t, &y).ok());
    ASSERT_EQ(x.size(), y.size()) << "[" << t << "]";
    for (size_t i = 0; i < x.size(); ++i) {
      EXPECT_EQ(x[i].pattern, y[i].pattern) << "[" << t << "]";
      EXPECT_EQ(x[i].begin, y[i].begin) << "[" << t << "]";
      EXPECT_EQ(x[i].end, y[i].end) << "[" << t << "]";
    }
  }
}

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
