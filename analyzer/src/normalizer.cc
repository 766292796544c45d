// The normaliser: the only place that knows about Unicode typography. ICU does
// NFKC + case folding; everything mail-specific is a small table below.
#include "culpa/normalizer.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>

namespace culpa {
namespace {

// What a code point turns into before NFKC case folding.
enum class Kind { kOther, kSpace, kNewline, kParagraph, kApostrophe, kQuote, kDash, kHyphen };

Kind Classify(UChar32 c) {
  switch (c) {
    case '\n': case 0x0B: case 0x0C: case 0x85: case 0x2028:
      return Kind::kNewline;
    case 0x2029:
      return Kind::kParagraph;
    case 0x2019: case 0x2018: case 0x02BC: case 0xFF07: case 0x2032: case 0x00B4: case '`':
    case 0x201B:
      return Kind::kApostrophe;
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033: case 0x00AB: case 0x00BB:
    case 0xFF02:
      return Kind::kQuote;
    case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2E3A: case 0x2E3B:
      return Kind::kDash;
    case 0x2010: case 0x2011: case 0x2212: case 0xFE63: case 0xFF0D:
      return Kind::kHyphen;
    default:
      break;
  }
  if (c == '\r' || c == '\t' || c == ' ') return Kind::kSpace;
  if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0)) return Kind::kSpace;  // controls
  if (c >= 0x80 && u_isUWhiteSpace(c)) return Kind::kSpace;
  return Kind::kOther;
}

}  // namespace

// Accumulates output and its source pieces; merges adjacent identity pieces so
// plain ASCII text costs one piece per whitespace run, not one per byte.
class NormalizedTextBuilder {
 public:
  explicit NormalizedTextBuilder(NormalizedText* t) : t_(t) {}

  void Identity(std::string_view src, uint32_t src_begin) {
    auto& p = t_->pieces_;
    uint32_t out = static_cast<uint32_t>(t_->text_.size());
    if (p.empty() || !p.back().identity || p.back().src_end != src_begin ||
        p.back().out_begin + (p.back().src_end - p.back().src_begin) != out) {
      p.push_back({out, src_begin, src_begin, true});
    }
    p.back().src_end += static_cast<uint32_t>(src.size());
    t_->text_.append(src.data(), src.size());
  }

  void Mapped(std::string_view out_bytes, uint32_t src_begin, uint32_t src_end) {
    if (out_bytes.empty()) return;
    t_->pieces_.push_back({static_cast<uint32_t>(t_->text_.size()), src_begin, src_end, false});
    t_->text_.append(out_bytes.data(), out_bytes.size());
  }

  bool empty() const { return t_->text_.empty(); }
  char back() const { return t_->text_.back(); }

 private:
  NormalizedText* t_;
};

const NormalizedText::Piece& NormalizedText::PieceAt(uint32_t out_pos) const {
  auto it = std::upper_bound(pieces_.begin(), pieces_.end(), out_pos,
                             [](uint32_t pos, const Piece& p) { return pos < p.out_begin; });
  return *(it - 1);
}

Span NormalizedText::ToOriginal(uint32_t begin, uint32_t end) const {
  if (pieces_.empty()) return {0, 0};
  if (begin >= end) {
    if (begin >= text_.size()) return {original_size_, original_size_};
    const Piece& p = PieceAt(begin);
    uint32_t at = p.identity ? p.src_begin + (begin - p.out_begin) : p.src_begin;
    return {at, at};
  }
  const Piece& first = PieceAt(begin);
  const Piece& last = PieceAt(end - 1);
  uint32_t b = first.identity ? first.src_begin + (begin - first.out_begin) : first.src_begin;
  uint32_t e = last.identity ? last.src_begin + (end - 1 - last.out_begin) + 1 : last.src_end;
  return {b, e};
}

NormalizedText Normalize(std::string_view in) { return Normalize(in, {}); }

NormalizedText Normalize(std::string_view in, const std::vector<Span>& masked) {
  static const icu::Normalizer2* nfkc_cf = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(status);
    return U_SUCCESS(status) ? n : nullptr;
  }();

  NormalizedText t;
  t.original_size_ = static_cast<uint32_t>(in.size());
  t.text_.reserve(in.size());
  NormalizedTextBuilder out(&t);

  const char* s = in.data();
  const int32_t n = static_cast<int32_t>(in.size());
  // A pending whitespace run: emitted as one space or "\n" before the next
  // visible character, never at the start or end of the text.
  bool ws = false;
  int newlines = 0;
  uint32_t ws_begin = 0, ws_end = 0;
  auto add_ws = [&](uint32_t b, uint32_t e, int nl) {
    if (!ws) { ws = true; newlines = 0; ws_begin = b; }
    ws_end = e;
    newlines += nl;
  };
  auto flush_ws = [&](int32_t next) {
    if (!ws) return;
    ws = false;
    if (out.empty()) return;
    bool bullet = false;
    if (newlines == 1 && next + 1 < n) {
      unsigned char c = static_cast<unsigned char>(s[next]);
      bullet = (c == '-' || c == '*') && s[next + 1] == ' ';
      if (!bullet && c == 0xE2 && next + 3 < n)  // U+2022 BULLET
        bullet = static_cast<unsigned char>(s[next + 1]) == 0x80 &&
                 static_cast<unsigned char>(s[next + 2]) == 0xA2;
    }
    out.Mapped(newlines >= 2 || bullet ? "\n" : " ", ws_begin, ws_end);
  };

  int32_t i = 0;
  std::string scratch;
  size_t next_mask = 0;
  while (i < n) {
    while (next_mask < masked.size() && masked[next_mask].end <= static_cast<uint32_t>(i)) ++next_mask;
    if (next_mask < masked.size() && masked[next_mask].begin <= static_cast<uint32_t>(i)) {
      int32_t end = static_cast<int32_t>(std::min<uint32_t>(masked[next_mask].end, static_cast<uint32_t>(n)));
      add_ws(static_cast<uint32_t>(i), static_cast<uint32_t>(end), 2);
      i = end;
      continue;
    }
    const int32_t mask_at = next_mask < masked.size() ? static_cast<int32_t>(masked[next_mask].begin) : n;
    unsigned char b = static_cast<unsigned char>(s[i]);
    // Fast path: printable ASCII, with the single spaces between words kept in
    // the run so a line of plain text stays one identity piece.
    if (b >= 0x21 && b < 0x7F && b != '`') {
      flush_ws(i);
      auto printable = [](unsigned char c) { return c >= 0x21 && c < 0x7F && c != '`'; };
      int32_t j = i;
      while (j < mask_at) {
        unsigned char c = static_cast<unsigned char>(s[j]);
        if (printable(c)) { ++j; continue; }
        if (c == ' ' && j + 1 < mask_at && printable(static_cast<unsigned char>(s[j + 1]))) { j += 2; continue; }
        break;
      }
      const size_t from = t.text_.size();
      out.Identity(std::string_view(s + i, static_cast<size_t>(j - i)), static_cast<uint32_t>(i));
      for (size_t k = from; k < t.text_.size(); ++k) {
        char& c = t.text_[k];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      }
      i = j;
      continue;
    }
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c == '\r') {  // CRLF is one line break; a lone CR (old Mac mail) is one too
      if (i < n && s[i] == '\n') ++i;
      add_ws(start, i, 1);
      continue;
    }
    if (c < 0) {  // invalid UTF-8: U+FFFD, one per maximal invalid subsequence
      flush_ws(start);
      out.Mapped("\xEF\xBF\xBD", start, i);
      continue;
    }
    switch (Classify(c)) {
      case Kind::kSpace: add_ws(start, i, 0); continue;
      case Kind::kNewline: add_ws(start, i, 1); continue;
      case Kind::kParagraph: add_ws(start, i, 2); continue;
      case Kind::kApostrophe: flush_ws(start); out.Mapped("'", start, i); continue;
      case Kind::kQuote: flush_ws(start); out.Mapped("\"", start, i); continue;
      case Kind::kHyphen: flush_ws(start); out.Mapped("-", start, i); continue;
      case Kind::kDash:
        // A dash separates clauses: give it spaces so "sorry—but" reads "sorry - but".
        if (!ws) add_ws(start, start, 0);
        flush_ws(start);
        out.Mapped("-", start, i);
        add_ws(i, i, 0);
        continue;
      case Kind::kOther:
        break;
    }
    flush_ws(start);
    // Take the code point with any combining marks that follow, so NFKC can
    // compose them ("e" + U+0301 -> "é").
    int32_t end = i;
    while (end < n) {
      int32_t k = end;
      UChar32 m;
      U8_NEXT(s, k, n, m);
      if (m < 0 || u_getCombiningClass(m) == 0) break;
      end = k;
    }
    std::string_view src(s + start, end - start);
    if (nfkc_cf != nullptr) {
      UErrorCode status = U_ZERO_ERROR;
      icu::UnicodeString folded =
          nfkc_cf->normalize(icu::UnicodeString::fromUTF8(icu::StringPiece(src.data(), src.size())), status);
      if (U_SUCCESS(status)) {
        scratch.clear();
        folded.toUTF8String(scratch);
        if (scratch == src) out.Identity(src, start);
        else out.Mapped(scratch, start, end);  // may be empty: default ignorables vanish
        i = end;
        continue;
      }
    }
    out.Identity(src, start);
    i = end;
  }
  return t;
}

}  // namespace culpa
