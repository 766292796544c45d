// Mail nobody on this project wrote: ../shared/fixtures/mail (see its
// README). Every file is read: no crash, no hang, at least one record or
// error record per file (exactly one for a single message), bounces marked
// automated, and for talon's client replies the kept text matches talon's
// expected reply text.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "culpa/reader.h"
#include "mail_test_util.h"

namespace culpa {
namespace {

namespace fs = std::filesystem;

const std::string kFixtures = CULPA_SOURCE_DIR "/../shared/fixtures/mail";

std::vector<std::string> Files(const std::string& under) {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(under))
    if (e.is_regular_file()) out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

bool IsMboxFile(const std::string& f) {
  return f.find("/mbox/") != std::string::npos || f.find("/mailbox/mbox-") != std::string::npos;
}

TEST(MailFixtures, EveryFileGivesRecordsQuickly) {
  if (!fs::is_directory(kFixtures)) GTEST_SKIP() << "no " << kFixtures;
  int files = 0, records = 0, errors = 0;
  for (const std::string& f : Files(kFixtures)) {
    const std::string name = fs::path(f).filename().string();
    if (name == "LICENSE" || name == "README.md" || name.find("_reply_text") != std::string::npos) continue;
    ++files;
    const auto t0 = std::chrono::steady_clock::now();
    std::vector<ReadItem> items = testing::ReadPath(f);
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_LT(secs, 5.0) << f;
    if (IsMboxFile(f)) {
      EXPECT_GE(items.size(), 1u) << f;
    } else {
      EXPECT_EQ(items.size(), 1u) << f;
    }
    for (const ReadItem& i : items) {
      ++records;
      if (!i.ok) {
        ++errors;
        EXPECT_FALSE(i.error.message.empty()) << f;
        EXPECT_EQ(i.error.where.path, f);
      }
      EXPECT_FALSE(i.message.where.path.empty()) << f;
    }
  }
  EXPECT_GT(files, 1000);
  // A handful are not mail (the Outlook .msg) or are broken on purpose.
  EXPECT_LT(errors, 10) << records << " records";
}

TEST(MailFixtures, MboxFilesSplitIntoTheirMessages) {
  if (!fs::is_directory(kFixtures)) GTEST_SKIP();
  // Counted by hand from the files: separators that are really separators.
  EXPECT_EQ(testing::ReadPath(kFixtures + "/sisimai-set-of-emails/mailbox/mbox-0").size(), 37u);
  EXPECT_EQ(testing::ReadPath(kFixtures + "/mimekit/mbox/unmunged.mbox.txt").size(), 2u);
  EXPECT_EQ(testing::ReadPath(kFixtures + "/mimekit/mbox/simple.mbox.txt").size(), 3u);
}

TEST(MailFixtures, BouncesAreAutomated) {
  if (!fs::is_directory(kFixtures)) GTEST_SKIP();
  const std::string root = kFixtures + "/sisimai-set-of-emails";
  int bounces = 0, missed = 0;
  for (const std::string& f : Files(root)) {
    if (f.find("/maildir/") == std::string::npos && f.find("/mailbox/mbox-") == std::string::npos) continue;
    // maildir/not/ holds what sisimai cannot parse as a bounce: two people's
    // messages, and a postmaster notice (Auto-Submitted) that is still a
    // machine's.
    const bool not_bounce = f.find("/maildir/not/is-not-bounce") != std::string::npos;
    for (const ReadItem& i : testing::ReadPath(f)) {
      if (!i.ok) continue;
      if (not_bounce) {
        EXPECT_EQ(i.message.automated, "") << f;
        continue;
      }
      ++bounces;
      if (i.message.automated.empty()) {
        ++missed;
        ADD_FAILURE() << "bounce not marked automated: " << f << " " << i.message.id;
      }
    }
  }
  EXPECT_GT(bounces, 800);
  EXPECT_EQ(missed, 0);
  for (const char* f : {"/mimekit/messages/bounce.txt", "/mimekit/messages/delivery-status.txt",
                        "/nodemailer-mailparser/delivery-status.eml"}) {
    auto items = testing::ReadPath(kFixtures + f);
    ASSERT_EQ(items.size(), 1u);
    EXPECT_NE(items[0].message.automated, "") << f;
  }
}

std::string Slurp(const std::string& f) {
  std::ifstream in(f, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(MailFixtures, TalonClientRepliesKeepOnlyTheReply) {
  const std::string dir = kFixtures + "/talon-client-replies";
  if (!fs::is_directory(dir)) GTEST_SKIP();
  int checked = 0;
  for (const std::string& f : Files(dir)) {
    if (fs::path(f).extension() != ".eml") continue;
    auto items = testing::ReadPath(f);
    ASSERT_EQ(items.size(), 1u) << f;
    ASSERT_TRUE(items[0].ok) << f;
    const Message& m = items[0].message;
    // talon's expected reply text keeps signatures; compare without quotes.
    const std::string reply = testing::Squeeze(testing::Kept(m, {"quoted", "attribution", "forwarded"}));
    const std::string stem = fs::path(f).stem().string();
    const std::string expected_file = dir + "/" + stem + "_reply_text";
    if (fs::exists(expected_file)) {
      EXPECT_EQ(reply, testing::Squeeze(Slurp(expected_file))) << f;
      ++checked;
    }
    // Every client's reply here is one word: the quoted "Hi"/"Test" is gone.
    const std::string own = testing::Squeeze(testing::Kept(m));
    if (stem == "outlook") {
      EXPECT_EQ(own, "Hello") << f;
    } else {
      EXPECT_EQ(own, "Hello") << f << "\n" << m.text;
    }
  }
  EXPECT_EQ(checked, 2);
}

}  // namespace
}  // namespace culpa
