// Machine-written mail: bounces, auto-replies, bulk mail. Internal to the mail
// reader; the table is in automated.cc.
#ifndef CULPA_SRC_MAIL_AUTOMATED_H_
#define CULPA_SRC_MAIL_AUTOMATED_H_

#include <functional>
#include <string>

namespace culpa::mail {

// `header(name)` returns a header's decoded value ("" when absent);
// `content_type` is the top-level "type/subtype" in lower case and
// `report_type` its report-type parameter. Returns why the message is
// machine-written, or "" for a person's message.
std::string DetectAutomated(const std::function<std::string(const char*)>& header, const std::string& content_type,
                            const std::string& report_type);

}  // namespace culpa::mail

#endif  // CULPA_SRC_MAIL_AUTOMATED_H_
