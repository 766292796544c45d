// HTML mail bodies to plain text, through libxml2's forgiving HTML parser.
#ifndef CULPA_SRC_MAIL_HTML_TEXT_H_
#define CULPA_SRC_MAIL_HTML_TEXT_H_

#include <string>
#include <string_view>

namespace culpa::mail {

// `html` is UTF-8. Block elements become line breaks, entities are decoded,
// script/style/head and comments are dropped, and the contents of a
// <blockquote> come out as "> " lines so the quote filter finds them.
std::string HtmlToText(std::string_view html);

}  // namespace culpa::mail

#endif  // CULPA_SRC_MAIL_HTML_TEXT_H_
