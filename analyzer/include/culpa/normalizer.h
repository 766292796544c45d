// culpa/normalizer.h — the analysis text and its map back to the original bytes.
//
// Rules are written against a predictable text: case-folded, NFKC, with the
// typography that mail clients and word processors introduce flattened:
//
//   ’ ‘ ʼ ＇ ′ ´ `   -> '          “ ” „ ″ « »   -> "
//   ‒ – — ―         -> " - "      ‐ ‑ − (hyphens, minus) -> -
//   NBSP, thin spaces, tabs, a single line break    -> one space
//   a blank line (two or more line breaks), or a line break before a
//   bullet ("- ", "* ", "• ")                        -> "\n" (paragraph break)
//   other control characters (NUL, ESC, ...)         -> one space
//
// so "that’s\non me" (wrapped by a mail client at 72 columns) reads "that's on me".
// Invalid UTF-8 becomes U+FFFD in the analysis text, never an error.
//
// Every byte of the analysis text knows the byte range of the original it came
// from, so spans found on the analysis text are reported on the text as read.
#ifndef CULPA_NORMALIZER_H_
#define CULPA_NORMALIZER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace culpa {

// A half-open byte range [begin, end).
struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;
};

class NormalizedText {
 public:
  // The analysis text: valid UTF-8, case-folded.
  const std::string& text() const { return text_; }

  // Maps [begin, end) of text() to the smallest byte range of the original that
  // produced it. Requires begin <= end <= text().size(). An empty range maps to
  // an empty range at the corresponding original position.
  Span ToOriginal(uint32_t begin, uint32_t end) const;

 private:
  friend NormalizedText Normalize(std::string_view original, const std::vector<Span>& masked);
  friend class NormalizedTextBuilder;

  // A piece of the analysis text and where it came from. In an identity piece
  // byte k of the output is byte k of the source range (ASCII and unchanged
  // UTF-8); otherwise the whole output piece stands for the whole source range.
  struct Piece {
    uint32_t out_begin;
    uint32_t src_begin;
    uint32_t src_end;
    bool identity;
  };
  const Piece& PieceAt(uint32_t out_pos) const;

  std::string text_;
  std::vector<Piece> pieces_;  // sorted by out_begin, covering text_
  uint32_t original_size_ = 0;
};

// Builds the analysis text for `original` (any bytes; UTF-8 expected).
// Inputs of 4 GiB or more are not supported (offsets are 32-bit); callers bound
// message size well below that.
NormalizedText Normalize(std::string_view original);

// As above, but the byte ranges in `masked` (sorted, non-overlapping) read as
// paragraph breaks: text that is present but not the writer's (quoted replies,
// signatures) is kept out of the analysis while offsets stay on the original.
NormalizedText Normalize(std::string_view original, const std::vector<Span>& masked);

}  // namespace culpa

#endif  // CULPA_NORMALIZER_H_
