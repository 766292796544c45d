#include "culpa/reader.h"

#include <gtest/gtest.h>

#include <sstream>

namespace culpa {
namespace {

std::vector<ReadItem> ReadAll(const std::string& input, ReaderOptions opt = {}) {
  std::istringstream in(input);
  auto r = OpenReader("-", opt, &in);
  EXPECT_TRUE(r.ok());
  std::vector<ReadItem> items;
  ReadItem item;
  while (r.value()->Next(&item)) items.push_back(item);
  return items;
}

TEST(Reader, DetectsJsonlAndKeepsEveryRecord) {
  auto items = ReadAll("{\"id\":\"a\",\"text\":\"one\",\"team\":\"x\"}\n\n"
                       "not json\n"
                       "{\"text\":\"two\"}\r\n"
                       "{\"id\":7,\"body\":\"three\"}\n"
                       "[1,2]\n",
                       [] { ReaderOptions o; o.keep_fields = {"team"}; return o; }());
  ASSERT_EQ(items.size(), 5u);
  EXPECT_TRUE(items[0].ok);
  EXPECT_EQ(items[0].message.id, "a");
  EXPECT_EQ(items[0].message.fields.at(0).second, "\"x\"");
  EXPECT_FALSE(items[1].ok);
  EXPECT_EQ(items[1].error.ToString(), "<stdin>:3: invalid JSON");
  EXPECT_EQ(items[2].message.id, "<stdin>:4");
  EXPECT_EQ(items[2].message.text, "two");
  EXPECT_FALSE(items[3].ok);
  EXPECT_EQ(items[3].message.id, "7");
  EXPECT_NE(items[3].error.message.find("no \"text\" field"), std::string::npos);
  EXPECT_FALSE(items[4].ok);
}

// A kept field may be the text or id field itself; both the fast scanner
// (plain records) and the full parser (escapes it does not vouch for) keep it.
TEST(Reader, KeepsTheTextAndIdFieldsToo) {
  std::vector<ReadItem> items = ReadAll("{\"id\":\"a\",\"text\":\"my fault\",\"team\":1}\n"
                                        "{\"id\":\"b\",\"text\":\"x\\u00e9\",\"team\":2,\"team\":3}\n",
                                        [] { ReaderOptions o; o.format = "jsonl"; o.keep_fields = {"text", "team", "id"}; return o; }());
  ASSERT_EQ(items.size(), 2u);
  for (const ReadItem& it : items) {
    ASSERT_TRUE(it.ok) << it.error.ToString();
    ASSERT_EQ(it.message.fields.size(), 3u);
    EXPECT_EQ(it.message.fields[0].first, "text");
    EXPECT_EQ(it.message.fields[2].first, "id");
  }
  EXPECT_EQ(items[0].message.text, "my fault");
  EXPECT_EQ(items[0].message.fields[0].second, "\"my fault\"");
  EXPECT_EQ(items[0].message.fields[1].second, "1");
  EXPECT_EQ(items[0].message.fields[2].second, "\"a\"");
  EXPECT_EQ(items[1].message.fields[1].second, "3");  // the last of a repeated key, as nlohmann
}

TEST(Reader, PlainTextIsOneMessageByteForByte) {
  const std::string text = "Hi all,\r\n\r\nThat's on me.\nBye";
  auto items = ReadAll(text);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].message.text, text);
  EXPECT_EQ(items[0].message.id, "<stdin>");
}

// Machine notices in a message's opening, whatever their case; the check
// looks for a few words before it runs its regex, so each notice is here.
TEST(Reader, MarksMachineNoticesInTheText) {
  auto automated = [](const std::string& text) {
    auto items = ReadAll(text);
    EXPECT_EQ(items.size(), 1u);
    return items.empty() ? std::string("?") : items[0].message.automated;
  };
  for (const char* notice : {"THIS IS AN AUTOMATED MESSAGE. Sorry for the trouble.",
                             "Hello,\nThis is a system-generated notification: your ticket was closed.",
                             "Please do not reply to this email; we apologise for the delay.",
                             "This mailbox is no longer monitored.",
                             "We were unable to deliver your message to bob@example.com.",
                             "Delivery to the following recipients failed.",
                             "Your message could not be delivered to the recipient.",
                             "Mail Delivery Subsystem reports an error.",
                             "Undeliverable: quarterly report"})
    EXPECT_NE(automated(notice), "") << notice;
  EXPECT_EQ(automated("Automatic reply: I am away until Monday."), "auto-reply (\"automatic reply\" in the text)");
  for (const char* person : {"This is a mistake I made, and I will deliver the fix today.",
                             "Please reply to this email when you can.", "I delivered the wrong pallets; my fault."})
    EXPECT_EQ(automated(person), "") << person;
}

TEST(Reader, EmptyInputIsOneEmptyMessage) {
  auto items = ReadAll("");
  ASSERT_EQ(items.size(), 1u);
  EXPECT_TRUE(items[0].ok);
  EXPECT_EQ(items[0].message.text, "");
}

TEST(Reader, OversizedRecordsBecomeErrors) {
  ReaderOptions opt;
  opt.max_message_bytes = 32;
  auto items = ReadAll("{\"text\":\"" + std::string(100, 'x') + "\"}\n{\"text\":\"ok\"}\n", opt);
  ASSERT_EQ(items.size(), 2u);
  EXPECT_FALSE(items[0].ok);
  EXPECT_TRUE(items[1].ok);
  opt.format = "text";
  auto text = ReadAll(std::string(100, 'y'), opt);
  ASSERT_EQ(text.size(), 1u);
  EXPECT_FALSE(text[0].ok);
}

TEST(Reader, JsonlRecordLimitIsSeparateFromTheMessageLimit) {
  ReaderOptions opt;
  opt.max_message_bytes = 20;
  opt.max_record_bytes = 60;
  auto items = ReadAll("{\"id\":\"a\",\"text\":\"" + std::string(30, 'x') + "\"}\n"   // text over 20
                       "{\"id\":\"b\",\"text\":\"" + std::string(80, 'y') + "\"}\n"   // line over 60
                       "{\"id\":\"c\",\"text\":\"My fault.\"}\n", opt);
  ASSERT_EQ(items.size(), 3u);
  EXPECT_FALSE(items[0].ok);
  EXPECT_EQ(items[0].message.id, "a");
  EXPECT_NE(items[0].error.message.find("--max-message-bytes"), std::string::npos);
  EXPECT_FALSE(items[1].ok);
  EXPECT_EQ(items[1].error.where.line, 2);
  EXPECT_NE(items[1].error.message.find("--max-record-bytes"), std::string::npos);
  ASSERT_TRUE(items[2].ok);
  EXPECT_EQ(items[2].message.text, "My fault.");
}

TEST(Reader, MissingFileFails) {
  auto r = OpenReader("/nonexistent/file.jsonl", {}, nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().ToString().find("/nonexistent/file.jsonl: cannot open"), std::string::npos);
}

}  // namespace
}  // namespace culpa
