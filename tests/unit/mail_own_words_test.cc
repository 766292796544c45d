// The quote, attribution, forward, signature and disclaimer tables, one
// client or case per test.
#include "culpa/own_words.h"

#include <gtest/gtest.h>

#include "mail_test_util.h"

namespace culpa {
namespace {

using testing::Squeeze;

// The text that stays, whitespace squeezed.
std::string Own(const std::string& text) {
  Message m;
  m.text = text;
  m.excluded = FindNotOwnWords(text);
  return Squeeze(testing::Kept(m));
}

std::vector<std::string> Reasons(const std::string& text) {
  std::vector<std::string> r;
  for (const Excluded& x : FindNotOwnWords(text)) r.push_back(x.reason);
  return r;
}

TEST(OwnWords, PlainTextIsAllOwn) {
  EXPECT_TRUE(FindNotOwnWords("I broke it. Sorry.\nI'll fix it.\n").empty());
  EXPECT_TRUE(FindNotOwnWords("").empty());
}

TEST(OwnWords, GmailAttributionAndQuote) {
  const std::string t = "Sorry, my fault.\n\nOn Mon, 2 Apr 2012, Bob <b@x.org> wrote:\n> It broke.\n";
  auto x = FindNotOwnWords(t);
  ASSERT_EQ(x.size(), 2u);
  EXPECT_EQ(x[0].reason, "attribution");
  EXPECT_EQ(t.substr(x[0].begin, x[0].end - x[0].begin), "On Mon, 2 Apr 2012, Bob <b@x.org> wrote:\n");
  EXPECT_EQ(x[1].reason, "quoted");
  EXPECT_EQ(t.substr(x[1].begin, x[1].end - x[1].begin), "> It broke.\n");
  EXPECT_EQ(Own(t), "Sorry, my fault.");
}

TEST(OwnWords, AttributionWrappedOverTwoLines) {
  EXPECT_EQ(Own("Mine.\n\nOn Mon, Apr 2, 2012 at 6:26 PM, Megan One <\nxxx@gmail.com> wrote:\n\n> Hi\n"), "Mine.");
  EXPECT_EQ(Own("Mine.\n02.04.2012 14:20 пользователь \"bob\" <\nbob@x.org> написал:\n\n> Hi\n"), "Mine.");
}

TEST(OwnWords, OtherLanguages) {
  EXPECT_EQ(Own("Pardon.\nLe 2 avr. 2012 à 14:20, Bob a écrit :\n> Salut\n"), "Pardon.");
  EXPECT_EQ(Own("Sorry.\nAm 02.04.2012 um 14:20 schrieb Bob <b@x.org>:\n> Hallo\n"), "Sorry.");
  EXPECT_EQ(Own("Perdón.\nEl lun., 2 abr. 2012 a las 14:20, Bob escribió:\n> Hola\n"), "Perdón.");
}

TEST(OwnWords, AnyColonLineBeforeAQuoteIsAnAttribution) {
  EXPECT_EQ(Reasons("Ok.\nBob on the 2nd:\n> Hi\n"), (std::vector<std::string>{"attribution", "quoted"}));
}

TEST(OwnWords, AttributionWithoutMarkedQuoteEndsOwnWords) {
  // Some clients quote without ">": everything after the attribution goes.
  EXPECT_EQ(Own("Mine.\n\nOn Mon, 2 Apr 2012, Bob wrote:\nIt broke because of you.\n"), "Mine.");
}

// The attribution patterns bound the words between "On" and "wrote" (250
// characters, 120 after "schrieb"); short lines are matched with the bounds
// opened, longer ones with the exact pattern, and the two must agree.
TEST(OwnWords, AttributionBoundsHoldOnLongLines) {
  const std::string middle(230, 'x');
  EXPECT_EQ(Own("Mine.\n\nOn Mon, 2 Apr 2012, " + middle + " wrote:\nIt broke.\n"), "Mine.");
  const std::string too_long(260, 'x');
  const std::string kept = "On Mon, 2 Apr 2012, " + too_long + " wrote:";
  EXPECT_EQ(Own("Mine.\n\n" + kept + "\nIt broke.\n"), "Mine. " + kept + " It broke.");
  // Within 120 after "schrieb" and beyond it, on lines of 150 and 290 bytes.
  EXPECT_EQ(Own("Mine.\n\nAm 2. April 2012 schrieb Bob " + std::string(100, 'y') + ":\nEs ging kaputt.\n"), "Mine.");
  const std::string german = "Am 2. April 2012 schrieb Bob " + std::string(130, 'y') + ":";
  EXPECT_EQ(Own("Mine.\n\n" + german + "\nEs ging kaputt.\n"), "Mine. " + german + " Es ging kaputt.");
}

TEST(OwnWords, ProseThatLooksLikeAnAttributionIsKept) {
  EXPECT_EQ(Own("On Monday, I wrote:\nthe wrong total. Sorry.\n"), "On Monday, I wrote: the wrong total. Sorry.");
  EXPECT_EQ(Own("Sent from the airport, sorry for the wrong total.\nMy fault.\n"),
            "Sent from the airport, sorry for the wrong total. My fault.");
}

TEST(OwnWords, InlineAnswersAreKept) {
  EXPECT_EQ(Own("On Mon, Bob wrote:\n> Did it run?\n\nNo, my fault.\n\n> Tonight?\n\nYes.\n"), "No, my fault. Yes.");
}

TEST(OwnWords, OutlookHeaderBlock) {
  const std::string t =
      "My error.\n\nFrom: Bob [mailto:b@x.org]\nSent: Monday, April 2, 2012 4:22 PM\nTo: Dan\nSubject: Loop\n\n"
      "Your fault entirely.\n";
  EXPECT_EQ(Own(t), "My error.");
  EXPECT_EQ(Reasons(t), (std::vector<std::string>{"attribution", "quoted"}));
  // Bold headers from HTML, and a lone "From:" line in prose is not a block.
  EXPECT_EQ(Own("Mine.\n*From:* Bob\n*Sent:* today\n*To:* me\nIt was you.\n"), "Mine.");
  EXPECT_EQ(Own("From: the start I knew it was my fault.\nSorry.\n"), "From: the start I knew it was my fault. Sorry.");
}

TEST(OwnWords, OriginalMessageSeparators) {
  EXPECT_EQ(Own("Mine.\n-----Original Message-----\nFrom: Bob\nYours.\n"), "Mine.");
  EXPECT_EQ(Own("Mine.\n----- Original Message -----\nYours.\n"), "Mine.");
  EXPECT_EQ(Own("Mine.\n________________________________\nFrom: Bob <b@x.org>\nSent: today\nTo: me\n\nYours.\n"),
            "Mine.");
  // A drawn rule without a header block under it is prose.
  EXPECT_EQ(Own("Mine.\n______________\nStill mine.\n"), "Mine. ______________ Still mine.");
}

TEST(OwnWords, Forwards) {
  EXPECT_EQ(Reasons("FYI\n---------- Forwarded message ---------\nFrom: x\n\nSorry, our fault.\n"),
            (std::vector<std::string>{"forwarded"}));
  EXPECT_EQ(Own("FYI\nBegin forwarded message:\n\nSorry.\n"), "FYI");
  EXPECT_EQ(Own("See.\n---------------------- Forwarded by Dana/Sales on 03/02/2026 ---------------------------\nOur fault.\n"),
            "See.");
  EXPECT_EQ(Own("See.\n-------- Forwarded Message --------\nOur fault.\n"), "See.");
}

TEST(OwnWords, Signatures) {
  EXPECT_EQ(Own("My fault.\n\n-- \nDana\nFinance\n"), "My fault.");
  EXPECT_EQ(Own("My fault.\n--\nDana\n"), "My fault.");
  EXPECT_EQ(Own("Sorry.\n\nSent from my iPhone\n"), "Sorry.");
  EXPECT_EQ(Own("Sorry.\nSent with Sparrow (http://www.sparrowmailapp.com/?sig)\n"), "Sorry.");
  EXPECT_EQ(Own("Sorry.\n\nGet Outlook for Android\n"), "Sorry.");
  // The signature ends where a quote starts.
  EXPECT_EQ(Reasons("Hi\n-- \nDana\n\nOn Tue, Bob wrote:\n> x\n"),
            (std::vector<std::string>{"signature", "attribution", "quoted"}));
}

TEST(OwnWords, Disclaimers) {
  const std::string d =
      "Sorry, wrong file.\n\nThis e-mail is confidential and intended solely for the addressee. If you received it "
      "in error, notify the sender. We accept no liability for errors.\n";
  EXPECT_EQ(Own(d), "Sorry, wrong file.");
  EXPECT_EQ(Reasons(d), (std::vector<std::string>{"disclaimer"}));
  // One or two cues in a person's own sentence do not make a disclaimer.
  EXPECT_EQ(Own("I sent the confidential report to the wrong person in error. My fault.\n"),
            "I sent the confidential report to the wrong person in error. My fault.");
}

TEST(OwnWords, QuotedLinesWhateverTheySay) {
  EXPECT_EQ(Own("Mine.\n> Sorry, mine too.\n>> and mine\n"), "Mine.");
}

TEST(OwnWords, CrlfLineEnds) {
  EXPECT_EQ(Own("Mine.\r\n\r\nOn Mon, Bob wrote:\r\n> x\r\n"), "Mine.");
}

}  // namespace
}  // namespace culpa
