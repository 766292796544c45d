// Analyzer::AnalyzeBatch runs each stage over the whole batch: whatever else
// is in a batch, every message must get exactly what Analyze gives it alone.
// And scope cues, looked for only near hits, must judge as if looked for
// everywhere.
#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "culpa/analyzer.h"

namespace culpa {
namespace {

void ExpectSame(const Analysis& a, const Analysis& b, const std::string& what) {
  EXPECT_EQ(a.label, b.label) << what;
  EXPECT_EQ(a.score, b.score) << what;
  EXPECT_EQ(a.reason, b.reason) << what;
  EXPECT_EQ(a.tokens, b.tokens) << what;
  EXPECT_EQ(a.sentences, b.sentences) << what;
  ASSERT_EQ(a.evidence.size(), b.evidence.size()) << what;
  for (size_t i = 0; i < a.evidence.size(); ++i) {
    const Evidence& x = a.evidence[i];
    const Evidence& y = b.evidence[i];
    EXPECT_EQ(x.rule, y.rule) << what;
    EXPECT_EQ(x.span.begin, y.span.begin) << what;
    EXPECT_EQ(x.span.end, y.span.end) << what;
    EXPECT_EQ(x.counted, y.counted) << what;
    EXPECT_EQ(x.strength, y.strength) << what;
    EXPECT_EQ(x.effects, y.effects) << what;
  }
}

TEST(AnalyzeBatch, SameAsOneAtATime) {
  LoadResult r = LoadLexicons({CULPA_SOURCE_DIR "/lexicons/en"});
  ASSERT_TRUE(r.ok());
  auto batch_analyzer = Analyzer::Create(r.lexicon);
  auto single_analyzer = Analyzer::Create(r.lexicon);
  ASSERT_TRUE(batch_analyzer.ok() && single_analyzer.ok());

  // Labelled messages of every kind, plus the odd ones: empty, automated,
  // with an excluded (quoted) part, invalid UTF-8, and one long enough to be
  // matched in windows.
  std::vector<Message> messages;
  for (const char* split : {"/corpora/labelled/dev.jsonl", "/corpora/labelled/dev16.jsonl"}) {
    std::ifstream in(std::string(CULPA_SOURCE_DIR) + split);
    std::string line;
    for (int i = 0; std::getline(in, line) && i < 150; ++i) {
      Message m;
      const size_t k = line.find("\"text\": \"");
      ASSERT_NE(k, std::string::npos);
      m.text = line.substr(k + 9, line.find("\", \"label\"") - k - 9);  // JSON-escaped is fine: any text will do
      messages.push_back(m);
    }
  }
  messages.push_back(Message());
  Message automated;
  automated.text = "I take full responsibility.";
  automated.automated = "auto-submitted";
  messages.push_back(automated);
  Message quoted;
  quoted.text = "That's on me, I'll fix it.\n> It was my fault, sorry.\n";
  quoted.excluded.push_back({27, static_cast<uint32_t>(quoted.text.size()), "quoted"});
  messages.push_back(quoted);
  Message bad_utf8;
  bad_utf8.text = "I broke the build \xFF\xFE and that's on me.";
  messages.push_back(bad_utf8);
  Message longest;
  std::mt19937 rng(3);
  while (longest.text.size() < 40000)
    longest.text += rng() % 3 == 0 ? "I missed the deadline, but the vendor was late. " : "The report is attached. ";
  messages.push_back(longest);

  std::vector<const Message*> batch;
  for (const Message& m : messages) batch.push_back(&m);
  std::vector<Result<Analysis>> got = batch_analyzer.value().AnalyzeBatch(batch);
  ASSERT_EQ(got.size(), messages.size());
  int scored = 0;
  for (size_t i = 0; i < messages.size(); ++i) {
    Result<Analysis> one = single_analyzer.value().Analyze(messages[i]);
    ASSERT_TRUE(got[i].ok() && one.ok()) << i;
    ExpectSame(got[i].value(), one.value(), "message " + std::to_string(i));
    // With a trace, scope cues are looked for in the whole text; without,
    // only in the sentences around hits (CueWindow): the same judgment.
    AnalysisTrace trace;
    Result<Analysis> traced = single_analyzer.value().Analyze(messages[i], &trace);
    ASSERT_TRUE(traced.ok());
    ExpectSame(traced.value(), one.value(), "traced message " + std::to_string(i));
    if (got[i].value().label != Label::kNone) ++scored;
  }
  EXPECT_GT(scored, 200);  // the comparison saw real evidence, not only `none`
  EXPECT_EQ(got[messages.size() - 4].value().reason, "automated: auto-submitted");
  EXPECT_TRUE(batch_analyzer.value().AnalyzeBatch({}).empty());
}

}  // namespace
}  // namespace culpa
