// Machine-written mail: bounces, auto-replies, bulk mail. Internal to the mail
// reader; the table is in automated.cc.
#ifndef CULPA_SRC_MAIL_AUTOMATED_H_
#define CULPA_SRC_MAIL_AUTOMATED_H_

#include <functional>
#include <string>
#include <string_view>

namespace culpa::mail {

// `header(name)` returns a header's decoded value ("" when absent);
// `content_type` is the top-level "type/subtype" in lower case and
// `report_type` its report-type parameter. Returns why the message is
// machine-written, or "" for a person's message.
std::string DetectAutomated(const std::function<std::string(const char*)>& header, const std::string& content_type,
                            const std::string& report_type);

// For text with no headers (a JSONL or CSV export, a pasted body): the first
// lines of auto-replies and notifications. Returns the reason, or "".
std::string DetectAutomatedText(std::string_view text);

}  // namespace culpa::mail

#endif  // CULPA_SRC_MAIL_AUTOMATED_H_
