// The MIME reader: one raw RFC 5322 message through ParseMail (GMime, the
// HTML converter, the quote and signature finder, the automated-mail table).
#include "culpa/mail.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view raw = culpa::fuzz::AsView(data, size);
  culpa::LooksLikeMail(raw);
  culpa::MailOptions opt;
  opt.max_mime_depth = 8;  // low limits, so the fuzzer reaches them
  opt.max_mime_parts = 16;
  opt.max_html_depth = 64;
  opt.keep_fields = {"X-Mailer", "Subject"};
  culpa::Result<culpa::Message> m = culpa::ParseMail(raw, opt);
  if (!m.ok()) {
    FUZZ_CHECK(!m.error().message.empty());
    return 0;
  }
  uint32_t last = 0;
  for (const culpa::Excluded& x : m.value().excluded) {
    FUZZ_CHECK(x.begin >= last && x.begin <= x.end && x.end <= m.value().text.size());
    last = x.end;
  }
  return 0;
}
