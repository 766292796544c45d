// The mbox splitter: separators, escaping, Content-Length, limits.
#include "culpa/mbox.h"

#include <gtest/gtest.h>

#include <sstream>

namespace culpa {
namespace {

std::vector<MboxEntry> Split(const std::string& s, size_t limit = 1 << 20) {
  std::istringstream in(s);
  MboxSplitter split(&in, limit);
  std::vector<MboxEntry> out;
  MboxEntry e;
  while (split.Next(&e)) out.push_back(e);
  return out;
}

TEST(Mbox, Separators) {
  EXPECT_TRUE(IsMboxSeparator("From dana@example.org Tue Mar  3 09:00:00 2026"));
  EXPECT_TRUE(IsMboxSeparator("From MAILER-DAEMON Thu Sep 18 17:54:04 2008"));
  EXPECT_TRUE(IsMboxSeparator("From - Mon Jun  3 12:50:27 1996"));
  EXPECT_TRUE(IsMboxSeparator("From - "));
  EXPECT_TRUE(IsMboxSeparator("From -"));
  EXPECT_FALSE(IsMboxSeparator("From Russia with love"));
  EXPECT_FALSE(IsMboxSeparator("From - the team"));
  EXPECT_FALSE(IsMboxSeparator("From: dana@example.org"));
  EXPECT_FALSE(IsMboxSeparator("From 9:00 on we wait"));
  EXPECT_FALSE(IsMboxSeparator(">From x Tue Mar  3 09:00:00 2026"));
}

TEST(Mbox, SplitsAndUnescapesWithPositions) {
  const std::string a = "From a@x Tue Mar  3 09:00:00 2026\nSubject: one\n\nbody\n>From here\n>>From there\n\n";
  const std::string b = "From b@x Tue Mar  3 10:00:00 2026\r\nSubject: two\r\n\r\nFrom Russia with love\r\n";
  auto e = Split(a + b);
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].index, 1);
  EXPECT_EQ(e[0].offset, 0);
  EXPECT_EQ(e[0].line, 1);
  EXPECT_EQ(e[0].from_line, "From a@x Tue Mar  3 09:00:00 2026");
  EXPECT_EQ(e[0].raw, "Subject: one\n\nbody\nFrom here\n>From there\n\n");
  EXPECT_EQ(e[1].index, 2);
  EXPECT_EQ(e[1].offset, static_cast<long long>(a.size()));
  EXPECT_EQ(e[1].line, 8);
  EXPECT_EQ(e[1].raw, "Subject: two\r\n\r\nFrom Russia with love\r\n");
}

TEST(Mbox, NetscapeSeparatorsWithoutBlankLine) {
  auto e = Split("From - \nSubject: a\n\nx\nFrom - Mon Jun  3 12:50:27 1996\nSubject: b\n\ny\n");
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].raw, "Subject: a\n\nx\n");
  EXPECT_EQ(e[1].raw, "Subject: b\n\ny\n");
}

TEST(Mbox, ContentLengthKeepsSeparatorLikeLinesInTheBody) {
  const std::string body = "one\nFrom x@y Tue Mar  3 09:00:00 2026\ntwo\n";
  const std::string s = "From a@x Tue Mar  3 09:00:00 2026\nContent-Length: " + std::to_string(body.size()) +
                        "\n\n" + body + "From b@x Tue Mar  3 10:00:00 2026\nSubject: b\n\nz\n";
  auto e = Split(s);
  ASSERT_EQ(e.size(), 2u);
  EXPECT_NE(e[0].raw.find("two"), std::string::npos);
  EXPECT_EQ(e[1].raw, "Subject: b\n\nz\n");
}

TEST(Mbox, WrongContentLengthIsIgnored) {
  const std::string s = "From a@x Tue Mar  3 09:00:00 2026\nContent-Length: 3\n\nhello world\n\n"
                        "From b@x Tue Mar  3 10:00:00 2026\nSubject: b\n\nz\n";
  auto e = Split(s);
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].raw, "Content-Length: 3\n\nhello world\n\n");
}

TEST(Mbox, NotAnMboxIsOneMessage) {
  auto e = Split("Subject: x\n\nbody\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].from_line, "");
  EXPECT_EQ(e[0].raw, "Subject: x\n\nbody\n");
  EXPECT_TRUE(Split("").empty());
}

TEST(Mbox, OversizedMessageIsMarkedAndSkipped) {
  const std::string big(5000, 'x');
  auto e = Split("From a@x Tue Mar  3 09:00:00 2026\n\n" + big + "\n" + big + "\n"
                 "From b@x Tue Mar  3 10:00:00 2026\nSubject: b\n\nz\n", 1000);
  ASSERT_EQ(e.size(), 2u);
  EXPECT_TRUE(e[0].too_big);
  EXPECT_TRUE(e[0].raw.empty());
  EXPECT_FALSE(e[1].too_big);
  EXPECT_EQ(e[1].raw, "Subject: b\n\nz\n");
}

TEST(Mbox, CrOnlyLineEnds) {
  auto e = Split("From a@x Tue Mar  3 09:00:00 2026\rSubject: x\r\rbody\r\rFrom b@x Tue Mar  3 10:00:00 2026\r"
                 "Subject: y\r\rmore\r");
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].raw, "Subject: x\r\rbody\r\r");
  EXPECT_EQ(e[1].raw, "Subject: y\r\rmore\r");
  EXPECT_EQ(e[1].line, 6);
}

}  // namespace
}  // namespace culpa
