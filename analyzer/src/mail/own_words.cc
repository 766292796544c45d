// Finding what in a mail body is not the writer's own words.
//
// One pass over the lines of the body, in the spirit of notmuch's and
// mailgun/talon's filters: a few small tables of patterns, each matched
// against one line (or two, when a client wrapped it). Every table entry says
// what it gets wrong, because every one of them does get something wrong.
//
// Order of the checks on each line matters: a quoted line is quoted whatever
// it says; a forward or an Outlook header block ends the writer's words for
// good; an attribution ("On ... wrote:") ends them only when the quote that
// follows is not marked with ">" (with ">" the writer may answer in between,
// and those answers are kept); a signature runs until the next quote.
#include "culpa/own_words.h"

#include <re2/re2.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

namespace culpa {
namespace {

struct Pattern {
  const char* regex;
  const char* gets_wrong;  // documentation: the known false positives/negatives
};

// Attribution lines, matched against a line that ends with ":" (or two lines
// joined by a space, when a client wrapped a long one).
const Pattern kAttributionPatterns[] = {
    {R"((?i)^\s*On\b.{1,250}\b(wrote|writes|said)\s*:\s*$)",
     "prose that starts with 'On' and ends 'wrote:' (\"On reflection, here is what I wrote:\")"},
    {R"((?i)^\s*Le\b.{1,250}\ba\s+[ée]crit\s*:\s*$)", "French prose of the same shape"},
    {R"((?i)^\s*Am\b.{1,250}\bschrieb\b.{0,120}:\s*$)", "German prose of the same shape"},
    {R"((?i)^\s*El\b.{1,250}\bescribi[óo]\s*:\s*$)", "Spanish prose of the same shape"},
    {R"((?i)^\s*Il\b.{1,250}\bha scritto\s*:\s*$)", "Italian prose of the same shape"},
    {R"((?i)^\s*Op\b.{1,250}\bschreef\b.{0,120}:\s*$)", "Dutch prose of the same shape"},
    {R"((?i)^\s*(Den|På|Em)\b.{1,250}\b(skrev|escreveu)\b.{0,120}:\s*$)", "Nordic/Portuguese prose of the same shape"},
    {R"((?i)^\s*(W dniu|Dnia)\b.{1,250}napisa[łl]a?\s*:\s*$)", "Polish prose of the same shape"},
    {R"((?i)^.{1,250}(написал|написала|пишет)\s*:\s*$)", "any Russian line ending 'написал:'"},
    {R"((?i)^.{1,250}<[^<>\s]+@[^<>\s]+>\s*(wrote|a écrit|schrieb|escribió)\s*:\s*$)",
     "a line naming an address and 'wrote:' that is not followed by a quote"},
};

// A line ending with ":" directly followed (blank lines aside) by ">" lines is
// taken as an attribution in any language ("02.04.2012 14:20 пользователь ...
// написал:"). Gets wrong: the writer's own lead-in to a quote they chose
// ("You said:") is excluded with the quote; it scores nothing anyway.

// Separators after which the rest of the body is a quoted original.
const Pattern kOriginalMessage[] = {
    {R"((?i)^\s*-{2,}\s*(Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original|Messaggio originale|Oorspronkelijk bericht|Исходное сообщение)\s*-{2,}\s*$)",
     "nothing known; a writer who types this line by hand loses what follows"},
    {R"(^\s*_{10,}\s*$)", "only counted when a From: header block follows, so a drawn rule in prose is kept"},
};

// Forwarded messages: the rest of the body is someone else's words.
const Pattern kForwardPatterns[] = {
    {R"((?i)^\s*-{2,}\s*Forwarded message\s*-{2,}\s*$)", "Gmail; nothing known"},
    {R"((?i)^\s*-{2,}\s*Forwarded Message\s*-{2,}\s*$)", "Thunderbird/Yahoo; nothing known"},
    {R"((?i)^\s*Begin forwarded message\s*:\s*$)", "Apple Mail; nothing known"},
    {R"((?i)^\s*-{2,}\s*Forwarded by\b.*$)", "Lotus Notes; nothing known"},
    {R"((?i)^\s*-{2,}\s*(Weitergeleitete Nachricht|Message transféré|Mensaje reenviado)\s*-{2,}\s*$)",
     "localised forwards; only these three languages"},
};

// The first line of an Outlook-style header block ("From: x / Sent: y / To: z
// / Subject: w"). It counts only when at least two of kHeaderField follow
// within six lines. Gets wrong: a writer who pastes such a block themselves.
const char kHeaderFrom[] = R"((?i)^\s*\*?(From|De|Von|Van|Da|Från|Fra|От)\s?:\*?\s*\S)";
const char kHeaderField[] =
    R"((?i)^\s*\*?(Sent|Date|To|Cc|Subject|Envoyé|Gesendet|Datum|À|An|Objet|Betreff|Enviado|Para|Asunto|Fecha|Oggetto|Inviato|Onderwerp|Verzonden|Aan|Ämne|Skickat|Till|Отправлено|Кому|Тема)\s?:)";

// Mobile and client sign-offs, one line each, not ending like a sentence; the
// line and what follows (up to the next quote) are the signature. Gets wrong:
// a short unpunctuated line of prose starting "Sent from" ("Sent from the
// airport") and everything after it.
const Pattern kSignOff[] = {
    {R"((?i)^\s*(Sent|Envoyé|Gesendet|Enviado|Inviato|Verzonden|Skickat)\s+(from|with|via|von|depuis|desde|da|vanaf|med|mit)\s+.{1,80}$)",
     "a one-line sentence of prose starting 'Sent from'/'Sent with'"},
    {R"((?i)^\s*Get Outlook for \w+\s*$)", "nothing known"},
    {R"((?i)^\s*Sent from (my )?(iPhone|iPad|BlackBerry|Android|mobile|Samsung).*$)", "nothing known"},
};

// Signature delimiter: RFC 3676 "-- " (and "--" alone, which clients and
// people also use), checked by Scanner::IsSigDelimiter without a regex: a
// regex call per line cost more than the line. Gets wrong: "--" used as a
// rule between paragraphs.

// Disclaimers: a paragraph with at least three of these cues (or two when it
// starts with a notice heading). Gets wrong: a person writing about a
// confidential document sent to the wrong recipient in error would need three
// cues in one paragraph to be cut; that can happen.
const char kDisclaimerCues[] =
    R"((?i)(confidential|privileged|intended (solely |only )?for|intended recipient|addressee|in error|notify (the sender|us|me)|delete (it|this|the)|destroy|unauthori[sz]ed|prohibited|strictly|liab(le|ility)|disclaimer|virus|legally|copying|dissemination|distribution))";
const char kNoticeHeading[] =
    R"((?i)^\s*\**\s*(disclaimer|confidentiality( notice)?|legal notice|important notice|notice)\s*\**\s*:?)";

// A pattern with a bounded "any" (".{1,250}") compiles to thousands of
// instructions: the ten attribution patterns took ~6 ms, on every run that
// reads a message. On a line no longer in bytes than the smallest such bound
// no bound can bind, so the pattern with its bounds opened (".{1,}") gives
// the same answer; a longer line, rare in mail, gets the exact pattern,
// compiled when the first one comes.
class BoundedPattern {
 public:
  BoundedPattern(const char* regex, const RE2::Options& o) : exact_regex_(regex), options_(o) {
    // ".{1,250}" in the pattern's text: each one opened, the smallest bound kept.
    static const RE2 kBound(R"(\.\{(\d+),(\d+)\})");
    re2::StringPiece rest(regex);
    size_t bound = 0;
    while (RE2::FindAndConsume(&rest, kBound, static_cast<void*>(nullptr), &bound))
      open_up_to_ = std::min(open_up_to_, bound);
    std::string open(regex);
    RE2::GlobalReplace(&open, kBound, R"(.{\1,})");
    open_ = std::make_unique<RE2>(open, o);
  }
  bool PartialMatch(std::string_view line) const {
    if (line.size() <= open_up_to_) return RE2::PartialMatch(line, *open_);
    std::call_once(once_, [this] { exact_ = std::make_unique<RE2>(exact_regex_, options_); });
    return RE2::PartialMatch(line, *exact_);
  }

 private:
  const char* exact_regex_;
  RE2::Options options_;
  size_t open_up_to_ = std::string::npos;
  std::unique_ptr<RE2> open_;
  mutable std::once_flag once_;
  mutable std::unique_ptr<RE2> exact_;
};

struct Tables {
  std::vector<std::unique_ptr<BoundedPattern>> attribution;
  std::vector<std::unique_ptr<RE2>> original, forwarded, signoff;
  std::unique_ptr<RE2> header_from, header_field, cues, heading;

  Tables() {
    RE2::Options o;
    o.set_log_errors(false);
    for (const Pattern& p : kAttributionPatterns) attribution.push_back(std::make_unique<BoundedPattern>(p.regex, o));
    for (const Pattern& p : kOriginalMessage) original.push_back(std::make_unique<RE2>(p.regex, o));
    for (const Pattern& p : kForwardPatterns) forwarded.push_back(std::make_unique<RE2>(p.regex, o));
    for (const Pattern& p : kSignOff) signoff.push_back(std::make_unique<RE2>(p.regex, o));
    header_from = std::make_unique<RE2>(kHeaderFrom, o);
    header_field = std::make_unique<RE2>(kHeaderField, o);
    cues = std::make_unique<RE2>(kDisclaimerCues, o);
    heading = std::make_unique<RE2>(kNoticeHeading, o);
  }
};

const Tables& T() {
  static const Tables* t = new Tables();  // never destroyed: used from static destructors too
  return *t;
}

bool Any(const std::vector<std::unique_ptr<RE2>>& res, std::string_view s) {
  for (const auto& re : res)
    if (RE2::PartialMatch(s, *re)) return true;
  return false;
}
bool Any(const std::vector<std::unique_ptr<BoundedPattern>>& res, std::string_view s) {
  for (const auto& re : res)
    if (re->PartialMatch(s)) return true;
  return false;
}

struct Line {
  size_t begin, end;  // content, without the line end
  size_t next;        // start of the following line
};

enum Mark { kOwn, kQuoted, kAttribution, kForwarded, kSignature, kDisclaimer };

const char* Reason(Mark m) {
  switch (m) {
    case kQuoted: return "quoted";
    case kAttribution: return "attribution";
    case kForwarded: return "forwarded";
    case kSignature: return "signature";
    case kDisclaimer: return "disclaimer";
    case kOwn: break;
  }
  return "";
}

class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {
    size_t b = 0;
    while (b < text.size()) {
      size_t nl = text.find('\n', b);
      size_t e = nl == std::string_view::npos ? text.size() : nl;
      size_t next = nl == std::string_view::npos ? text.size() : nl + 1;
      if (e > b && text[e - 1] == '\r') --e;
      lines_.push_back({b, e, next});
      b = next;
    }
    marks_.assign(lines_.size(), kOwn);
  }

  std::vector<Excluded> Run() {
    const Tables& t = T();
    bool in_sig = false;
    const size_t n = lines_.size();
    for (size_t i = 0; i < n; ++i) {
      std::string_view s = Get(i);
      if (IsQuoted(i)) {
        marks_[i] = kQuoted;
        in_sig = false;  // a signature ends where the quote starts
        continue;
      }
      if (IsBlank(i)) {
        if (in_sig) marks_[i] = kSignature;
        continue;
      }
      if (MayBeSeparator(s) && Any(t.forwarded, s)) {
        MarkRest(i, kForwarded);
        break;
      }
      if (MayBeSeparator(s) && RE2::FullMatch(s, *t.original[0])) {
        marks_[i] = kAttribution;
        MarkRest(i + 1, kQuoted);
        break;
      }
      if (MayBeSeparator(s) && RE2::FullMatch(s, *t.original[1]) && NextNonBlank(i + 1) < n &&
          HeaderBlockAt(NextNonBlank(i + 1))) {
        marks_[i] = kAttribution;
        MarkHeaderBlock(NextNonBlank(i + 1));
        break;
      }
      if (HeaderBlockAt(i)) {
        MarkHeaderBlock(i);
        break;
      }
      size_t attribution_lines = AttributionAt(i);
      if (attribution_lines > 0) {
        for (size_t k = 0; k < attribution_lines; ++k) marks_[i + k] = kAttribution;
        i += attribution_lines - 1;
        in_sig = false;
        size_t after = NextNonBlank(i + 1);
        if (after < n && !IsQuoted(after)) {
          // The quote that follows is not marked: everything after is it.
          MarkRest(i + 1, kQuoted);
          break;
        }
        continue;
      }
      if (IsSigDelimiter(s)) {
        in_sig = true;
      } else if (!in_sig && s.size() < 120 && MayBeSignOff(s) && (s.find("Sent") != std::string_view::npos ||
                                               s.find("Get Outlook") != std::string_view::npos ||
                                               s.find("Envoy") != std::string_view::npos ||
                                               s.find("Gesendet") != std::string_view::npos ||
                                               s.find("Enviado") != std::string_view::npos ||
                                               s.find("Inviato") != std::string_view::npos ||
                                               s.find("Verzonden") != std::string_view::npos ||
                                               s.find("Skickat") != std::string_view::npos) &&
                 !EndsSentence(s) && Any(t.signoff, s)) {
        in_sig = true;
      }
      if (in_sig) marks_[i] = kSignature;
    }
    MarkDisclaimers();
    return Spans();
  }

 private:
  std::string_view Get(size_t i) const { return text_.substr(lines_[i].begin, lines_[i].end - lines_[i].begin); }

  // "--" alone, or with one blank after it (RFC 3676's "-- ").
  static bool IsSigDelimiter(std::string_view s) {
    if (s.size() < 2 || s.size() > 3 || s[0] != '-' || s[1] != '-') return false;
    return s.size() == 2 || s[2] == ' ' || s[2] == '\t' || s[2] == '\f' || s[2] == '\r';
  }

  bool IsBlank(size_t i) const {
    for (char c : Get(i))
      if (c != ' ' && c != '\t' && c != '\r' && c != '\f' && c != '\v') return false;
    return true;
  }

  // ">" after optional indentation. Gets wrong: a line the writer starts with
  // ">" ("> 50% of runs failed") is taken as quoted.
  bool IsQuoted(size_t i) const {
    std::string_view s = Get(i);
    size_t k = s.find_first_not_of(" \t");
    return k != std::string_view::npos && s[k] == '>';
  }

  // Cheap prefilter for the sign-off table: every pattern starts (after RE2's
  // \s) with "Sent", "Get", "Envoyé", "Gesendet", "Enviado", "Inviato",
  // "Verzonden" or "Skickat", in any case.
  static bool MayBeSignOff(std::string_view s) {
    size_t k = s.find_first_not_of(" \t\n\f\r");
    if (k == std::string_view::npos) return false;
    const char c = static_cast<char>(s[k] | 0x20);
    return c == 's' || c == 'g' || c == 'e' || c == 'i' || c == 'v';
  }

  // Cheap prefilter for the separator tables: they all start with "-", "_" or "B".
  static bool MayBeSeparator(std::string_view s) {
    size_t k = s.find_first_not_of(" \t");
    return k != std::string_view::npos && (s[k] == '-' || s[k] == '_' || s[k] == 'B' || s[k] == 'b');
  }

  size_t NextNonBlank(size_t i) const {
    while (i < lines_.size() && IsBlank(i)) ++i;
    return i;
  }

  // A sign-off is a label, not a sentence: "Sent from my phone, sorry for
  // the wrong total." is the writer talking.
  static bool EndsSentence(std::string_view s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return !s.empty() && (s.back() == '.' || s.back() == '!' || s.back() == '?' || s.back() == ',' || s.back() == ';');
  }

  static bool EndsWithColon(std::string_view s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return !s.empty() && s.back() == ':';
  }

  // Looks like the first half of a wrapped attribution: a date or time, an
  // opening "<", or one of the languages' leading words.
  static bool AttributionHead(std::string_view s) {
    static const RE2 kHead(R"((?i)(^\s*(On|Le|Am|El|Il|Op|Den|På|Em|W dniu|Dnia)\s)|\d{1,2}:\d{2}|\d{4}|<\s*$|,\s*$)");
    return RE2::PartialMatch(s, kHead);
  }

  // Number of lines (1 or 2) of an attribution starting at line i, or 0.
  size_t AttributionAt(size_t i) const {
    const Tables& t = T();
    std::string_view s = Get(i);
    if (s.size() > 400) return 0;
    if (EndsWithColon(s)) {
      size_t after = NextNonBlank(i + 1);
      if (after < lines_.size() && IsQuoted(after)) return 1;  // generic: "...:" then a quote
      // Without a marked quote after it, an attribution must look like one
      // (a date or an address), or it would take the writer's words with
      // it: "On Monday I wrote:" followed by the writer's own correction.
      if (HasDateOrAddress(s) && Any(t.attribution, s)) return 1;
      return 0;
    }
    // Wrapped over two lines: this one starts it, the next ends with ":".
    if (i + 1 >= lines_.size() || IsBlank(i + 1) || IsQuoted(i + 1)) return 0;
    std::string_view s2 = Get(i + 1);
    if (!EndsWithColon(s2) || s2.size() > 300 || !AttributionHead(s)) return 0;
    std::string joined = std::string(s) + " " + std::string(s2);
    size_t after = NextNonBlank(i + 2);
    if (after < lines_.size() && IsQuoted(after)) return 2;
    if (HasDateOrAddress(joined) && Any(t.attribution, joined)) return 2;
    return 0;
  }

  static bool HasDateOrAddress(std::string_view s) {
    for (char c : s)
      if (c == '@' || (c >= '0' && c <= '9')) return true;
    return false;
  }

  bool HeaderBlockAt(size_t i) const {
    const Tables& t = T();
    std::string_view s = Get(i);
    size_t colon = s.find(':');
    if (colon == std::string_view::npos || colon > 16) return false;
    if (!RE2::PartialMatch(s, *t.header_from)) return false;
    int fields = 0;
    for (size_t k = i + 1; k < lines_.size() && k <= i + 6; ++k)
      if (RE2::PartialMatch(Get(k), *t.header_field)) ++fields;
    return fields >= 2;
  }

  void MarkHeaderBlock(size_t i) {
    // The header lines are the attribution; the rest is the quoted original.
    size_t k = i;
    marks_[k++] = kAttribution;
    while (k < lines_.size() && !IsBlank(k) && k <= i + 8 &&
           (RE2::PartialMatch(Get(k), *T().header_field) || Get(k).find(':') == std::string_view::npos ||
            Get(k).find(':') > 16))
      marks_[k++] = kAttribution;
    MarkRest(k, kQuoted);
  }

  void MarkRest(size_t from, Mark m) {
    for (size_t k = from; k < lines_.size(); ++k) marks_[k] = m;
  }

  void MarkDisclaimers() {
    const Tables& t = T();
    size_t i = 0;
    // Own paragraphs, and signature paragraphs (a disclaimer under a
    // signature is reported as what it is).
    while (i < lines_.size()) {
      if ((marks_[i] != kOwn && marks_[i] != kSignature) || IsBlank(i)) { ++i; continue; }
      const Mark mark = marks_[i];
      size_t j = i;
      while (j < lines_.size() && marks_[j] == mark && !IsBlank(j)) ++j;
      std::string_view para = text_.substr(lines_[i].begin, lines_[j - 1].end - lines_[i].begin);
      int cues = 0;
      re2::StringPiece rest(para.data(), para.size());
      std::string seen;
      re2::StringPiece cue;
      while (cues < 3 && RE2::FindAndConsume(&rest, *t.cues, &cue)) {
        std::string c(cue);
        std::transform(c.begin(), c.end(), c.begin(), [](unsigned char ch) { return std::tolower(ch); });
        if (seen.find("|" + c + "|") == std::string::npos) {
          seen += "|" + c + "|";
          ++cues;
        }
      }
      if (cues >= 3 || (cues >= 2 && RE2::PartialMatch(Get(i), *t.heading)))
        for (size_t k = i; k < j; ++k) marks_[k] = kDisclaimer;
      i = j;
    }
  }

  std::vector<Excluded> Spans() const {
    std::vector<Excluded> out;
    for (size_t i = 0; i < lines_.size(); ++i) {
      if (marks_[i] == kOwn) continue;
      const char* r = Reason(marks_[i]);
      size_t b = lines_[i].begin, e = lines_[i].next;
      if (!out.empty() && out.back().reason == r) {
        // Join with the previous span when only blank lines lie between.
        bool blank_gap = true;
        for (size_t k = out.back().end; k < b; ++k)
          if (text_[k] != ' ' && text_[k] != '\t' && text_[k] != '\r' && text_[k] != '\n') blank_gap = false;
        if (blank_gap) {
          out.back().end = static_cast<uint32_t>(e);
          continue;
        }
      }
      out.push_back({static_cast<uint32_t>(b), static_cast<uint32_t>(e), r});
    }
    return out;
  }

  std::string_view text_;
  std::vector<Line> lines_;
  std::vector<Mark> marks_;
};

}  // namespace

std::vector<Excluded> FindNotOwnWords(std::string_view text) {
  if (text.size() > UINT32_MAX) return {};  // offsets are 32-bit; the size limit keeps us far below
  return Scanner(text).Run();
}

}  // namespace culpa
