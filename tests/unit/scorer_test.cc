// Scope rules of the scorer, on a fixed small rule set (tests/data/small_rules.yml)
// and the bundled settings (lexicons/en/config.yml).
#include <gtest/gtest.h>

#include <algorithm>

#include "culpa/analyzer.h"

namespace culpa {
namespace {

class ScorerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    LoadResult r = LoadLexicons({CULPA_SOURCE_DIR "/lexicons/en/config.yml",
                                 CULPA_SOURCE_DIR "/tests/data/small_rules.yml",
                                 CULPA_SOURCE_DIR "/tests/data/limited_rules.yml"});
    for (const auto& d : r.diagnostics) ADD_FAILURE() << d.ToString();
    ASSERT_TRUE(r.ok());
    auto a = Analyzer::Create(r.lexicon);
    ASSERT_TRUE(a.ok());
    analyzer_ = new Analyzer(std::move(a.value()));
  }
  static void TearDownTestSuite() { delete analyzer_; }

  static Analysis Run(const std::string& text) {
    Result<Analysis> a = analyzer_->Analyze(text);
    EXPECT_TRUE(a.ok());
    return a.value();
  }
  static bool HasEffect(const Analysis& a, const std::string& rule, const std::string& effect) {
    for (const Evidence& e : a.evidence)
      if (e.rule == rule && std::find(e.effects.begin(), e.effects.end(), effect) != e.effects.end()) return true;
    return false;
  }
  static Analyzer* analyzer_;
};
Analyzer* ScorerTest::analyzer_ = nullptr;

// needs_problem: a plain act is an admission only with a problem word in its
// sentence or the next/previous one (factors.problem_reach = 1).
TEST_F(ScorerTest, PlainActCountsOnlyNearAProblem) {
  Analysis a = Run("I packed your parcel this morning. It should arrive Friday.");
  EXPECT_TRUE(HasEffect(a, "t.ack.packed", "no-problem"));
  Analysis b = Run("I packed your parcel this morning. Two labels were swapped, so you got the wrong order.");
  EXPECT_EQ(b.label, Label::kOwns);
  EXPECT_FALSE(HasEffect(b, "t.ack.packed", "no-problem"));
  Analysis far = Run("I packed your parcel. It left at nine. The van was blue. Then the labels were wrong.");
  EXPECT_TRUE(HasEffect(far, "t.ack.packed", "no-problem"));
}

// An act that does not count must not win an overlap against one that does.
TEST_F(ScorerTest, AnUncountedPlainActLosesNoOverlap) {
  Analysis a = Run("I packed it this morning.");
  EXPECT_TRUE(HasEffect(a, "t.ack.packed", "no-problem"));
  bool counted = false;
  for (const Evidence& e : a.evidence)
    if (e.rule == "t.ack.packed_it") counted = e.counted;
  EXPECT_TRUE(counted);
}

// A partial_only category ("limited") caps the label at partial, however much
// is owned beside it.
TEST_F(ScorerTest, OwningAPartIsPartial) {
  Analysis a = Run("That's on me, and I'll fix it.");
  EXPECT_EQ(a.label, Label::kOwns);
  Analysis b = Run("That's on me, and I'll take my share of the blame.");
  EXPECT_EQ(b.label, Label::kPartial);
  EXPECT_NE(b.reason.find("limited owns only a part"), std::string::npos) << b.reason;
}

// A question is no admission; a hedged statement that ends in '?' is a
// tentative one: counted, and weakened by its hedge.
TEST_F(ScorerTest, HedgedQuestionIsATentativeAdmission) {
  Analysis q = Run("Was that my doing?");
  EXPECT_TRUE(HasEffect(q, "t.ack.my_doing", "question"));
  EXPECT_EQ(q.label, Label::kNone);
  Analysis h = Run("Maybe that was my doing?");
  EXPECT_FALSE(HasEffect(h, "t.ack.my_doing", "question"));
  EXPECT_TRUE(HasEffect(h, "t.ack.my_doing", "hedged"));
  EXPECT_EQ(h.label, Label::kPartial);
}

// A negator does not reach past a clause opener ("because"): the vendor's
// lateness is still blamed, not denied.
// The scope starts after the last opener before the hit, or the one the hit
// itself starts with ("it didn't work | because I set it wrong").
TEST(NegationScope, StartsAfterTheLastOpener) {
  const std::vector<Span> openers = {{4, 11}, {30, 37}};
  EXPECT_EQ(NegationScopeBegin(openers, {0, 60}, 2), 0u);
  EXPECT_EQ(NegationScopeBegin(openers, {0, 60}, 20), 11u);
  EXPECT_EQ(NegationScopeBegin(openers, {0, 60}, 30), 37u);  // the hit starts with the opener
  EXPECT_EQ(NegationScopeBegin(openers, {40, 60}, 50), 40u);  // openers before the clause do not count
}

// "but not" listing what was left undone takes nothing back.
TEST_F(ScorerTest, ButNotListsAnOmission) {
  Analysis a = Run("I made a mistake on the first sheet but not on the second one, and the totals were wrong.");
  EXPECT_FALSE(HasEffect(a, "t.ack.made_mistake", "undercut"));
  EXPECT_EQ(a.label, Label::kOwns);
  Analysis b = Run("I made a mistake on the first sheet, but the second one was fine and nobody noticed.");
  EXPECT_TRUE(HasEffect(b, "t.ack.made_mistake", "undercut"));
}

TEST_F(ScorerTest, NegationStopsAtAClauseOpener) {
  Analysis a = Run("The report wasn't sent because the vendor was late.");
  EXPECT_FALSE(HasEffect(a, "t.deflect.vendor", "negated"));
  EXPECT_EQ(a.label, Label::kDeflects);
  Analysis b = Run("I don't think that's on me.");
  EXPECT_TRUE(HasEffect(b, "t.ack.on_me", "negated"));
}

// An act owned after an "if" clause is owned for those it concerns; regret
// after one is still the classic conditional apology.
TEST_F(ScorerTest, ConditionOfRelevanceKeepsAnAct) {
  Analysis a = Run("If your meeting vanished this morning, that's on me.");
  EXPECT_FALSE(HasEffect(a, "t.ack.on_me", "conditional"));
  EXPECT_EQ(a.label, Label::kOwns);
  Analysis b = Run("If anyone was upset, I'm sorry.");
  EXPECT_TRUE(HasEffect(b, "t.regret.sorry", "conditional"));
}

TEST_F(ScorerTest, PlainOwnership) {
  Analysis a = Run("I skipped the load test; that's on me, and I'll fix it.");
  EXPECT_EQ(a.label, Label::kOwns);
  EXPECT_GE(a.score, 70);
}

// An agentless phrase ("mistakes were made") deflects by hiding the agent;
// the writer naming themself beside it hides nothing. Further away, or only
// framing the phrase ("that's on me: mistakes were made" read as "I accept
// that mistakes were made"), it still deflects.
TEST_F(ScorerTest, AgentNamedBesideAnAgentlessPhrase) {
  Analysis a = Run("Mistakes were made. That's on me.");
  EXPECT_TRUE(HasEffect(a, "t.deflect.passive", "agent-named:t.ack.on_me"));
  EXPECT_EQ(a.label, Label::kOwns);
  Analysis b = Run("Mistakes were made. The team met on Monday. We talked for an hour. That's on me.");
  EXPECT_FALSE(HasEffect(b, "t.deflect.passive", "agent-named:t.ack.on_me"));
  EXPECT_NE(b.label, Label::kOwns);
  Analysis c = Run("That's on me mistakes were made.");
  EXPECT_FALSE(HasEffect(c, "t.deflect.passive", "agent-named:t.ack.on_me"));
  Analysis d = Run("Mistakes were made.");
  EXPECT_EQ(d.label, Label::kDeflects);
  Analysis e = Run("That's on me. Mistakes were made by the vendor.");
  EXPECT_FALSE(HasEffect(e, "t.deflect.passive", "agent-named:t.ack.on_me"));
  EXPECT_EQ(e.label, Label::kPartial);
}

TEST_F(ScorerTest, NegationFlipsOwnershipIntoDenial) {
  Analysis a = Run("I don't think that's on me.");
  EXPECT_EQ(a.label, Label::kDeflects);
  EXPECT_TRUE(HasEffect(a, "t.ack.on_me", "negated"));
  EXPECT_EQ(a.evidence[0].category, "denial");
}

TEST_F(ScorerTest, DoubleNegationStaysOwnership) {
  Analysis a = Run("I can't claim this wasn't my doing.");
  EXPECT_EQ(a.label, Label::kOwns);
}

TEST_F(ScorerTest, NegatedDenialIsAcknowledgment) {
  Analysis a = Run("I won't pretend it's not my fault.");
  EXPECT_EQ(a.evidence[0].category, "acknowledgment");
}

TEST_F(ScorerTest, QuestionIsNotAnAdmission) {
  Analysis a = Run("Have I made a mistake here?");
  EXPECT_EQ(a.label, Label::kNone);
  EXPECT_TRUE(HasEffect(a, "t.ack.made_mistake", "question"));
}

TEST_F(ScorerTest, ReportedSpeechIsNotTheWriters) {
  Analysis a = Run("He admitted that it's on me, apparently.");
  EXPECT_EQ(a.label, Label::kNone);
  EXPECT_TRUE(HasEffect(a, "t.ack.on_me", "reported"));
}

TEST_F(ScorerTest, QuotationIsNotTheWriters) {
  Analysis a = Run("The poster said \u201cThis one\u2019s on me\u201d in big letters.");
  EXPECT_EQ(a.label, Label::kNone);
}

TEST_F(ScorerTest, HedgeMakesItPartial) {
  Analysis a = Run("Maybe I made a mistake there.");
  EXPECT_EQ(a.label, Label::kPartial);
  EXPECT_TRUE(HasEffect(a, "t.ack.made_mistake", "hedged"));
}

TEST_F(ScorerTest, CollectiveIsPartial) {
  EXPECT_EQ(Run("We dropped the ball on this.").label, Label::kPartial);
}

TEST_F(ScorerTest, ConditionalBecomesDeflection) {
  Analysis a = Run("If I made a mistake, I apologise.");
  EXPECT_EQ(a.label, Label::kDeflects);
  EXPECT_TRUE(HasEffect(a, "t.ack.made_mistake", "conditional"));
}

TEST_F(ScorerTest, LongerOppositeHitWins) {
  Analysis a = Run("I'm sorry if anyone was upset.");
  EXPECT_EQ(a.label, Label::kDeflects);
  Analysis b = Run("It was not my fault.");
  EXPECT_EQ(b.label, Label::kDeflects);
  EXPECT_TRUE(HasEffect(b, "t.ack.my_doing", "overridden:t.deflect.not_my_fault") || b.evidence.size() == 1);
}

TEST_F(ScorerTest, TrapsMaskWhatTheyOverlap) {
  EXPECT_EQ(Run("Drinks are on me tonight!").label, Label::kNone);
  EXPECT_EQ(Run("So sorry to hear about your father.").label, Label::kNone);
}

TEST_F(ScorerTest, ButUndercutsWhatPrecedes) {
  Analysis a = Run("That's on me, but the vendor was late again.");
  EXPECT_TRUE(HasEffect(a, "t.ack.on_me", "undercut"));
  EXPECT_NE(a.label, Label::kOwns);
}

TEST_F(ScorerTest, AlthoughConcedesItsClause) {
  Analysis a = Run("Although the vendor was late, that's on me.");
  EXPECT_TRUE(HasEffect(a, "t.deflect.vendor", "undercut"));
  EXPECT_EQ(a.label, Label::kOwns);
}

TEST_F(ScorerTest, NoAccountabilityIsNone) {
  Analysis a = Run("The quarterly numbers are attached. See you Monday.");
  EXPECT_EQ(a.label, Label::kNone);
  EXPECT_EQ(a.score, -1);
}

TEST_F(ScorerTest, BandsOrderLabels) {
  int owns = Run("That's on me. I made a mistake.").score;
  int partial = Run("Sorry for the delay.").score;
  int deflects = Run("Mistakes were made.").score;
  EXPECT_GT(owns, partial);
  EXPECT_GT(partial, deflects);
}

TEST_F(ScorerTest, SpansPointIntoTheOriginal) {
  const std::string in = "FIRST LINE.\nTHAT\u2019S\nON ME.";
  Analysis a = Run(in);
  ASSERT_FALSE(a.evidence.empty());
  const Span s = a.evidence[0].span;
  EXPECT_EQ(in.substr(s.begin, s.end - s.begin), "THAT\u2019S\nON ME");
}

TEST_F(ScorerTest, AutomatedMessageIsNotScored) {
  Message m;
  m.text = "Sorry, we were unable to deliver your message. My fault.";
  m.automated = "delivery report";
  Result<Analysis> a = analyzer_->Analyze(m);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a.value().label, Label::kNone);
}

TEST_F(ScorerTest, ExcludedSpansAreNotScored) {
  Message m;
  m.text = "Thanks for the update.\n> That's on me.\n";
  m.excluded.push_back({23, 38, "quoted"});
  Result<Analysis> a = analyzer_->Analyze(m);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a.value().label, Label::kNone);
}

TEST_F(ScorerTest, Deterministic) {
  const std::string in = "I made a mistake, but mistakes were made by the vendor who was late. Sorry if.";
  Analysis a = Run(in), b = Run(in);
  EXPECT_EQ(a.score, b.score);
  EXPECT_EQ(a.reason, b.reason);
}

}  // namespace
}  // namespace culpa

namespace culpa {
namespace {

TEST_F(ScorerTest, BareButTakesBackAnApology) {
  Analysis a = Run("I'm sorry, but the terms you signed make this clear.");
  EXPECT_EQ(a.label, Label::kDeflects);
  bool contrast = false;
  for (const Evidence& e : a.evidence) contrast |= e.rule == "scope.contrast" && e.counted;
  EXPECT_TRUE(contrast);
  EXPECT_EQ(Run("I made a mistake, but the brief came in very late.").label, Label::kPartial);
  // Repair after the "but" is not a retraction.
  EXPECT_EQ(Run("I made a mistake, but I'll fix it today.").label, Label::kOwns);
}

TEST_F(ScorerTest, MidSentenceThoughWorksLikeBut) {
  Analysis a = Run("That's on me, though the brief was vague and came late.");
  EXPECT_EQ(a.label, Label::kPartial);
}

}  // namespace
}  // namespace culpa
