// HTML mail bodies to plain text, through libxml2's forgiving HTML parser.
#ifndef CULPA_SRC_MAIL_HTML_TEXT_H_
#define CULPA_SRC_MAIL_HTML_TEXT_H_

#include <string>
#include <string_view>

#include "culpa/result.h"

namespace culpa::mail {

// `html` is UTF-8. Block elements become line breaks, entities are decoded,
// script/style/head and comments are dropped, and the contents of a
// <blockquote> come out as "> " lines so the quote filter finds them.
// Fails (with an empty location) when elements nest deeper than `max_depth`:
// libxml2 looks through its stack of open elements for every end tag, so an
// unbounded depth makes a hostile body cost hours; past the limit the parse
// stops at once.
Result<std::string> HtmlToText(std::string_view html, int max_depth);

}  // namespace culpa::mail

#endif  // CULPA_SRC_MAIL_HTML_TEXT_H_
