// culpa/own_words.h — which parts of a mail body are the writer's own words.
//
// A reply carries other people's words (the quoted message, its attribution
// line, a forwarded message) and boilerplate (signatures, mobile sign-offs,
// legal disclaimers that talk about "errors" and "liability"). None of it says
// anything about how the writer takes responsibility, so it is found here and
// reported as Excluded spans, which the analyzer masks.
//
//   std::vector<culpa::Excluded> x = culpa::FindNotOwnWords(
//       "Sorry, my fault.\n\nOn Mon, 2 Apr 2012, Bob <b@x.org> wrote:\n> It broke.\n");
//   // x: {18,59,"attribution"}, {59,71,"quoted"}
//
// The patterns are small tables in src/mail/own_words.cc; each entry says what
// it gets wrong. They work on plain text; HTML bodies are converted first
// (blockquotes become "> " lines).
#ifndef CULPA_OWN_WORDS_H_
#define CULPA_OWN_WORDS_H_

#include <string_view>
#include <vector>

#include "culpa/reader.h"

namespace culpa {

// Spans of `text` (a decoded body, "\n" line ends; "\r\n" also works) that are
// not the writer's words, sorted and non-overlapping. Reasons: "quoted",
// "attribution", "forwarded", "signature", "disclaimer".
std::vector<Excluded> FindNotOwnWords(std::string_view text);

}  // namespace culpa

#endif  // CULPA_OWN_WORDS_H_
