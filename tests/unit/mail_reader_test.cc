// ParseMail and the container readers, on messages written here.
#include "culpa/mail.h"

#include <gtest/gtest.h>

#include <sstream>

#include "culpa/reader.h"
#include "mail_test_util.h"

namespace culpa {
namespace {

using testing::Meta;

Message Parse(const std::string& raw, MailOptions opt = {}) {
  Result<Message> m = ParseMail(raw, opt);
  EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().message);
  return m.ok() ? m.value() : Message();
}

std::vector<ReadItem> ReadStdin(const std::string& input, ReaderOptions opt = {}) {
  std::istringstream in(input);
  auto r = OpenReader("-", opt, &in);
  EXPECT_TRUE(r.ok());
  std::vector<ReadItem> items;
  ReadItem item;
  while (r.value()->Next(&item)) items.push_back(item);
  return items;
}

const char kHead[] = "From: Dana <dana@example.org>\nSubject: Re: x\nDate: Tue, 3 Mar 2026 09:15:00 +0100\n";

TEST(Mail, HeadersBecomeMeta) {
  Message m = Parse(
      "From: =?ISO-8859-1?Q?Jos=E9_Mu=F1oz?= <jose@example.org>\nSubject: =?UTF-8?B?UmU6IEZlaGxlcg==?=\n"
      "Date: Tue, 3 Mar 2026 08:00:00 +0000\nMessage-ID: <a@b>\nIn-Reply-To: <c@d>\n\nHi\n");
  EXPECT_EQ(Meta(m, "from_name"), "José Muñoz");
  EXPECT_EQ(Meta(m, "from_address"), "jose@example.org");
  EXPECT_EQ(Meta(m, "subject"), "Re: Fehler");
  EXPECT_EQ(Meta(m, "date"), "2026-03-03T08:00:00Z");
  EXPECT_EQ(Meta(m, "message_id"), "a@b");
  EXPECT_EQ(Meta(m, "in_reply_to"), "c@d");
  EXPECT_EQ(m.text, "Hi\n");
}

TEST(Mail, QuotedPrintableSoftBreaksInsideWords) {
  Message m = Parse(std::string(kHead) +
                    "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: quoted-printable\n\n"
                    "I take responsi=\nbility =E2=80=94 caf=C3=A9.\n");
  EXPECT_EQ(m.text, "I take responsibility — café.\n");
}

TEST(Mail, Charsets) {
  auto body = [](const std::string& cs, const std::string& bytes) {
    return Parse(std::string(kHead) + "Content-Type: text/plain; charset=" + cs +
                 "\nContent-Transfer-Encoding: 8bit\n\n" + bytes).text;
  };
  EXPECT_EQ(body("ISO-8859-1", "D\xe9sol\xe9\n"), "Désolé\n");
  EXPECT_EQ(body("windows-1252", "\x93quoted\x94\n"), "“quoted”\n");
  EXPECT_EQ(body("Shift_JIS", "\x8e\x84\n"), "私\n");
  EXPECT_EQ(body("EUC-KR", "\xc1\xa6\n"), "제\n");
  EXPECT_EQ(body("UTF-7", "Sorry +IBM- mine\n"), "Sorry – mine\n");
  // Undeclared: UTF-8 when it is valid, else windows-1252.
  EXPECT_EQ(Parse(std::string(kHead) + "\ncaf\xc3\xa9\n").text, "café\n");
  EXPECT_EQ(Parse(std::string(kHead) + "\ncaf\xe9\n").text, "café\n");
  // An unknown charset does not lose the text.
  EXPECT_EQ(body("x-unknown-thing", "plain words\n"), "plain words\n");
}

TEST(Mail, AlternativeTakesOneCopy) {
  Message m = Parse(std::string(kHead) +
                    "Content-Type: multipart/alternative; boundary=b\n\n--b\nContent-Type: text/plain\n\nPlain.\n"
                    "--b\nContent-Type: text/html\n\n<p>Html.</p>\n--b--\n");
  EXPECT_EQ(m.text, "Plain.");  // the line end before a boundary is the boundary's
  Message h = Parse(std::string(kHead) +
                    "Content-Type: multipart/alternative; boundary=b\n\n--b\nContent-Type: text/html\n\n"
                    "<p>My&nbsp;fault &amp; mine.</p><script>x()</script><style>p{}</style><!-- no -->"
                    "<div>Two<br>lines</div>\n--b--\n");
  EXPECT_EQ(h.text, "My fault & mine.\nTwo\nlines\n");
}

TEST(Mail, HtmlNestedDeepWithinTheLimitKeepsItsWords) {
  std::string html;
  for (int i = 0; i < 5000; ++i) html += "<div>";
  MailOptions deep;
  deep.max_html_depth = 5001;  // the <div>s and the <style> in the innermost one
  Message m = Parse(std::string(kHead) + "Content-Type: text/html\n\n" + html + "My fault.<style>x</style>\n", deep);
  EXPECT_EQ(m.text, "My fault.\n");
}

TEST(Mail, HtmlNestedPastTheLimitIsAnError) {
  auto nested = [](int depth) {
    std::string html;
    for (int i = 0; i < depth; ++i) html += "<div><span>";
    return std::string(kHead) + "Content-Type: text/html\n\n" + html + "My fault.\n";
  };
  MailOptions opt;
  opt.max_html_depth = 10;
  EXPECT_TRUE(ParseMail(nested(5), opt).ok());  // 10 elements deep: at the limit
  Result<Message> m = ParseMail(nested(6), opt);
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.error().message.find("--max-html-depth"), std::string::npos) << m.error().message;
  // The default holds for a body built to make libxml2 scan its element stack
  // for every stray end tag (quadratic without the limit).
  std::string stray = std::string(kHead) + "Content-Type: text/html\n\n";
  for (int i = 0; i < 100000; ++i) stray += "<b>";
  for (int i = 0; i < 100000; ++i) stray += "</i>";
  ASSERT_FALSE(ParseMail(stray, {}).ok());
}

TEST(Mail, TooManyPartsIsAnError) {
  auto parts = [](int n) {
    std::string raw = std::string(kHead) + "Content-Type: multipart/mixed; boundary=p\n\n";
    for (int i = 0; i < n; ++i) raw += "--p\nContent-Type: text/plain\n\nPart " + std::to_string(i) + ".\n";
    return raw + "--p--\n";
  };
  MailOptions opt;
  opt.max_mime_parts = 4;  // the multipart and three text parts
  Result<Message> ok = ParseMail(parts(3), opt);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok.value().text, "Part 0.\n\nPart 1.\n\nPart 2.");
  Result<Message> m = ParseMail(parts(4), opt);
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.error().message.find("--max-mime-parts"), std::string::npos) << m.error().message;
}

TEST(Mail, HtmlBlockquoteIsQuoted) {
  Message m = Parse(std::string(kHead) +
                    "Content-Type: text/html\n\n<p>Mine.</p><div>On Mon, Bob wrote:<blockquote>Yours."
                    "<blockquote>Deeper.</blockquote></blockquote></div>\n");
  EXPECT_EQ(m.text, "Mine.\nOn Mon, Bob wrote:\n> Yours.\n> > Deeper.\n");
  EXPECT_EQ(testing::Squeeze(testing::Kept(m)), "Mine.");
}

TEST(Mail, AttachmentsAndAttachedMessagesAreSkippedAndNoted) {
  Message m = Parse(std::string(kHead) +
                    "Content-Type: multipart/mixed; boundary=m\n\n--m\nContent-Type: text/plain\n\nMine.\n"
                    "--m\nContent-Type: application/pdf; name=r.pdf\nContent-Disposition: attachment; filename=r.pdf\n"
                    "Content-Transfer-Encoding: base64\n\nJVBERi0=\n"
                    "--m\nContent-Type: message/rfc822\n\nSubject: old\n\nSorry, my fault.\n--m--\n");
  EXPECT_EQ(m.text, "Mine.");
  ASSERT_EQ(m.notes.size(), 2u);
  EXPECT_EQ(m.notes[0], "skipped attachment r.pdf (application/pdf)");
  EXPECT_EQ(m.notes[1], "skipped attached message (message/rfc822)");
}

TEST(Mail, AutomatedMail) {
  Message bounce = Parse(
      "From: MAILER-DAEMON@x.org\nSubject: Undelivered\nContent-Type: multipart/report; "
      "report-type=delivery-status; boundary=r\n\n--r\nContent-Type: text/plain\n\nSorry, we were unable to deliver "
      "your message.\n--r\nContent-Type: message/delivery-status\n\nAction: failed\n--r--\n");
  EXPECT_EQ(bounce.automated, "delivery status report (multipart/report)");
  EXPECT_EQ(bounce.text, "Sorry, we were unable to deliver your message.");
  EXPECT_EQ(Parse("From: a@x.org\nAuto-Submitted: auto-replied\n\nOut of office.\n").automated,
            "Auto-Submitted: auto-replied");
  EXPECT_EQ(Parse("From: a@x.org\nSubject: Out of Office: back Monday\n\nSorry.\n").automated,
            "machine subject (Out of Office: back Monday)");
  EXPECT_EQ(Parse("From: news@x.org\nPrecedence: bulk\n\nWe apologise.\n").automated,
            "bulk mail (Precedence: bulk)");
  // A person posting to a list is a person.
  EXPECT_EQ(Parse("From: a@x.org\nPrecedence: list\nList-Id: <l.x.org>\n\nMy fault.\n").automated, "");
  EXPECT_EQ(Parse(std::string(kHead) + "\nMy fault.\n").automated, "");
}

TEST(Mail, KeepQuoted) {
  MailOptions opt;
  opt.keep_quoted = true;
  Message m = Parse(std::string(kHead) + "\nMine.\n> Yours.\n", opt);
  EXPECT_TRUE(m.excluded.empty());
  EXPECT_FALSE(Parse(std::string(kHead) + "\nMine.\n> Yours.\n").excluded.empty());
}

TEST(Mail, KeepFieldsCopiesHeaders) {
  MailOptions opt;
  opt.keep_fields = {"X-Team", "Subject"};
  Message m = Parse("From: a@x.org\nSubject: =?UTF-8?Q?caf=C3=A9?=\nX-Team: \"ops\"\n\nx\n", opt);
  ASSERT_EQ(m.fields.size(), 2u);
  EXPECT_EQ(m.fields[0].second, "\"\\\"ops\\\"\"");
  EXPECT_EQ(m.fields[1].second, "\"café\"");
}

TEST(Mail, BadInputIsAnError) {
  EXPECT_FALSE(ParseMail("", {}).ok());
  EXPECT_FALSE(ParseMail(std::string("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0", 10), {}).ok());
  EXPECT_FALSE(ParseMail("just some words\n", {}).ok());
  MailOptions shallow;
  shallow.max_mime_depth = 2;
  Result<Message> deep = ParseMail(
      "From: a@x.org\nContent-Type: multipart/mixed; boundary=a\n\n--a\nContent-Type: multipart/mixed; boundary=b\n\n"
      "--b\nContent-Type: multipart/mixed; boundary=c\n\n--c\nContent-Type: text/plain\n\nx\n--c--\n--b--\n--a--\n",
      shallow);
  ASSERT_FALSE(deep.ok());
  EXPECT_NE(deep.error().message.find("--max-mime-depth"), std::string::npos);
}

TEST(Mail, CrOnlyAndCrlfLineEnds) {
  std::string cr = std::string(kHead) + "\nMy error.\n\n-- \nDana\n";
  std::string crlf = cr;
  for (char& c : cr) if (c == '\n') c = '\r';
  Message a = Parse(cr);
  EXPECT_EQ(a.text, "My error.\n\n-- \nDana\n");
  EXPECT_EQ(Meta(a, "subject"), "Re: x");
  std::string t;
  for (char c : crlf) { if (c == '\n') t += '\r'; t += c; }
  EXPECT_EQ(Parse(t).text, "My error.\n\n-- \nDana\n");
}

TEST(Mail, DetectsMailAndMboxOnStdin) {
  auto items = ReadStdin(std::string(kHead) + "\nMine.\n");
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].message.text, "Mine.\n");
  EXPECT_EQ(Meta(items[0].message, "subject"), "Re: x");
  // procmail/formail hand over a message with its "From " line.
  items = ReadStdin("From dana@example.org Tue Mar  3 09:00:00 2026\n" + std::string(kHead) + "\nMine.\n\n"
                    "From sam@example.org Tue Mar  3 10:00:00 2026\n" + kHead + "\nYours.\n");
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[1].message.id, "<stdin>#2");
  EXPECT_EQ(items[1].message.where.index, 2);
  // Prose is still text.
  items = ReadStdin("Note: I was wrong.\nSorry: my fault.\n");
  ASSERT_EQ(items.size(), 1u);
  EXPECT_TRUE(items[0].message.meta.empty());
  EXPECT_EQ(items[0].message.text, "Note: I was wrong.\nSorry: my fault.\n");
}

TEST(Mail, ForcedFormats) {
  ReaderOptions opt;
  opt.format = "email";
  auto items = ReadStdin("not mail at all\n", opt);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_FALSE(items[0].ok);
  opt.format = "mbox";
  items = ReadStdin("From a@x Tue Mar  3 09:00:00 2026\nSubject: a\n\nx\n", opt);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_TRUE(items[0].ok);
  opt.format = "maildir";
  std::istringstream in("x");
  EXPECT_FALSE(OpenReader("-", opt, &in).ok());
}

TEST(Mail, OversizedMessageIsAnErrorRecord) {
  ReaderOptions opt;
  opt.max_message_bytes = 100;
  auto items = ReadStdin(std::string(kHead) + "\n" + std::string(500, 'x') + "\n", opt);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_FALSE(items[0].ok);
  EXPECT_NE(items[0].error.message.find("--max-message-bytes"), std::string::npos);
}

TEST(Csv, RecordAndMessageLimits) {
  ReaderOptions opt;
  opt.format = "csv";
  opt.max_message_bytes = 10;
  opt.max_record_bytes = 40;
  // Row 1 fits; row 2's text is over the message limit (its id is read);
  // row 3 is over the record limit, commas and all (nothing of it is kept);
  // row 4 is read again.
  auto items = ReadStdin("id,text\na,My fault.\nb,That was on me.\nc," + std::string(60, ',') + "\nd,Mine.\n", opt);
  ASSERT_EQ(items.size(), 4u);
  EXPECT_TRUE(items[0].ok);
  EXPECT_FALSE(items[1].ok);
  EXPECT_EQ(items[1].message.id, "b");
  EXPECT_NE(items[1].error.message.find("--max-message-bytes"), std::string::npos);
  EXPECT_FALSE(items[2].ok);
  EXPECT_EQ(items[2].message.id, "<stdin>:4");
  EXPECT_NE(items[2].error.message.find("--max-record-bytes"), std::string::npos);
  EXPECT_TRUE(items[3].ok);
  EXPECT_EQ(items[3].message.text, "Mine.");
}

TEST(Csv, ColumnsRowsAndQuotedNewlines) {
  ReaderOptions opt;
  opt.format = "csv";
  opt.keep_fields = {"who"};
  auto items = ReadStdin("\xEF\xBB\xBFid,who,text\r\na,dana,\"Sorry,\r\nmy \"\"fault\"\"\"\r\n\r\nb,sam,Mistakes were made\n"
                         "c,lee\n", opt);
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].message.id, "a");
  EXPECT_EQ(items[0].message.text, "Sorry,\r\nmy \"fault\"");
  EXPECT_EQ(items[0].message.where.row, 1);
  EXPECT_EQ(items[0].message.where.line, 2);
  EXPECT_EQ(items[0].message.fields.at(0).second, "\"dana\"");
  EXPECT_EQ(items[1].message.where.line, 5);
  EXPECT_EQ(items[1].message.where.row, 2);
  EXPECT_FALSE(items[2].ok);
  // By number, and a missing column is one error for the file.
  opt.text_column = "2";
  opt.id_column = "none";
  items = ReadStdin("x,y\n1,hello\n", opt);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].message.text, "hello");
  EXPECT_EQ(items[0].message.id, "<stdin>:2");
  opt.text_column = "body";
  items = ReadStdin("x,y\n1,hello\n", opt);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_FALSE(items[0].ok);
  EXPECT_NE(items[0].error.message.find("--text-column"), std::string::npos);
  opt.text_column = "text";
  items = ReadStdin("text\n\"never closed\n", opt);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_FALSE(items[0].ok);
}

const std::string kCorpus = CULPA_SOURCE_DIR "/corpora/mail/";

TEST(Containers, Maildir) {
  auto items = testing::ReadPath(kCorpus + "containers/Maildir");
  ASSERT_EQ(items.size(), 2u);  // tmp/ is not read
  EXPECT_NE(items[0].message.id.find("/cur/1772528400.M1P100.host:2,S"), std::string::npos);
  EXPECT_NE(items[1].message.id.find("/new/"), std::string::npos);
}

TEST(Containers, SlackExport) {
  auto r = OpenReader(kCorpus + "containers/slack_export", {}, nullptr);
  ASSERT_TRUE(r.ok());
  std::vector<ReadItem> items;
  ReadItem item;
  while (r.value()->Next(&item)) items.push_back(item);
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].message.text, "Sorry @Sam Ortiz, I merged the wrong branch. That's on me & I'll revert.");
  EXPECT_EQ(Meta(items[0].message, "user"), "dana");
  EXPECT_EQ(Meta(items[0].message, "channel"), "general");
  EXPECT_EQ(Meta(items[0].message, "date"), "2026-03-02T09:01:00Z");
  EXPECT_EQ(items[1].message.text, "Mistakes were made. See the PR.");
  EXPECT_EQ(Meta(items[1].message, "in_reply_to"), "1772442060.000200");
  EXPECT_EQ(Meta(items[2].message, "channel"), "incidents");
  EXPECT_EQ(r.value()->Summary(), std::vector<std::string>{"skipped 3 Slack join/leave/bot events"});
}

TEST(Containers, DirectoryIsRecursiveAndReportsBadFiles) {
  auto items = testing::ReadPath(kCorpus + "broken");
  ASSERT_EQ(items.size(), 3u);
  for (const ReadItem& i : items) EXPECT_FALSE(i.ok) << i.message.id;
}

}  // namespace
}  // namespace culpa
