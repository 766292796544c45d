// UTF-8 sequence checks for the writers, which must never pass invalid bytes
// on (a terminal or a browser may read them as something else), and for the
// JSONL reader, which must not take them in. Internal.
#ifndef CULPA_SRC_UTF8_H_
#define CULPA_SRC_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace culpa {

// The length (1-4) of the well-formed UTF-8 sequence starting at s[i], or 0
// when the bytes there are not one: stray continuation bytes, overlong forms,
// surrogates (U+D800-U+DFFF) and code points past U+10FFFF are all rejected,
// as RFC 3629 and the HTML and JSON decoders of browsers do.
inline size_t Utf8SequenceLength(std::string_view s, size_t i) {
  const auto at = [&s](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = at(i);
  if (c < 0x80) return 1;
  const size_t len = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
  if (len == 0 || i + len > s.size()) return 0;
  // The second byte's range is narrower after E0, ED, F0 and F4.
  const unsigned char lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
  const unsigned char hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
  if (at(i + 1) < lo || at(i + 1) > hi) return 0;
  for (size_t k = 2; k < len; ++k)
    if ((at(i + k) & 0xC0) != 0x80) return 0;
  return len;
}

// True when all of `s` is well-formed UTF-8 in the sense above. ASCII is
// skipped eight bytes at a time: most text is ASCII.
inline bool ValidUtf8(std::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    if (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      if ((w & 0x8080808080808080ULL) == 0) {
        i += 8;
        continue;
      }
    }
    const size_t len = Utf8SequenceLength(s, i);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

}  // namespace culpa

#endif  // CULPA_SRC_UTF8_H_
