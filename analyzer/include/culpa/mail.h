// culpa/mail.h — one raw RFC 5322 message to a Message.
//
//   culpa::MailOptions opt;
//   culpa::Result<culpa::Message> m = culpa::ParseMail(raw_bytes, opt);
//   // m.value().text: the decoded body (UTF-8); .meta: message_id, from_name,
//   // from_address, date (ISO 8601), subject, in_reply_to; .excluded: quoted
//   // replies, signatures...; .automated: why it is machine-written; .notes:
//   // attachments and parts that were skipped.
//
// The body is the text/plain part (or the HTML one converted to text when it
// is the only one; never both copies). Attachments, attached messages and the
// machine parts of reports are skipped and named in notes. MIME is parsed by
// GMime; nothing of GMime shows here.
#ifndef CULPA_MAIL_H_
#define CULPA_MAIL_H_

#include <string>
#include <string_view>
#include <vector>

#include "culpa/reader.h"
#include "culpa/result.h"

namespace culpa {

struct MailOptions {
  int max_mime_depth = 32;   // deeper nesting fails the message
  // More MIME parts than this (every part of the body: multiparts and what is
  // inside them; an attached message counts as one) fails the message.
  int max_mime_parts = 1000;
  int max_html_depth = 512;  // an HTML body with elements nested deeper fails the message
  bool keep_quoted = false;  // do not report quotes, signatures... as excluded
  std::vector<std::string> keep_fields;  // header names copied to Message::fields
};

// Fails (with an empty location; the caller knows where the bytes came from)
// when the bytes are not a mail message (binary data, no header fields), nest
// MIME parts deeper than max_mime_depth, hold more than max_mime_parts parts,
// or an HTML body read as the text nests deeper than max_html_depth.
Result<Message> ParseMail(std::string_view raw, const MailOptions& options);

// True when `head` (the first bytes of an input) starts with a block of mail
// header fields (at least two well-known ones, e.g. From and Subject).
bool LooksLikeMail(std::string_view head);

}  // namespace culpa

#endif  // CULPA_MAIL_H_
