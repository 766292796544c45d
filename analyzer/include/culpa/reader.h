// culpa/reader.h — the seam every input format plugs into.
//
// A Reader turns one input (a file or stdin) into a stream of items: each is
// either a Message or an Error record for one message that could not be read,
// with its position, so nothing disappears silently. Readers stream: memory
// stays bounded by the largest single message, not the input.
//
//   culpa::ReaderOptions opt;                         // format "auto"
//   auto r = culpa::OpenReader("export.jsonl", opt);
//   culpa::ReadItem item;
//   while (r.value()->Next(&item)) { if (item.ok) ...; else ... item.error ... }
//
// Formats: text (the whole input is one message), jsonl (one JSON object per
// line), email (one RFC 5322 message), mbox, maildir, csv and slack (an
// unzipped Slack export); directories are read recursively.
#ifndef CULPA_READER_H_
#define CULPA_READER_H_

#include <cstddef>
#include <cstdint>
#include <istream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "culpa/result.h"

namespace culpa {

// A part of a message's text that is not the writer's own words (a quoted
// reply, a signature, a disclaimer, a forwarded message). It stays in `text`,
// so offsets keep pointing at the text as read, but it is not scored.
struct Excluded {
  uint32_t begin = 0;  // byte offsets into Message::text
  uint32_t end = 0;
  std::string reason;  // "quoted", "attribution", "forwarded", "signature", "disclaimer", ...
};

struct Message {
  std::string id;
  std::string text;   // the words to judge, as read (bytes; for mail: the decoded body)
  Location where;     // file and position (JSONL: line; mbox: "#index" and byte offset)
  // Input fields copied to the output (--keep-fields): name -> value as JSON text.
  std::vector<std::pair<std::string, std::string>> fields;
  // Mail and export metadata, printed under "meta" (message_id, from_name,
  // from_address, date, subject, in_reply_to, channel, user, ...): name -> string.
  std::vector<std::pair<std::string, std::string>> meta;
  std::vector<Excluded> excluded;  // sorted, non-overlapping
  // Machine-written mail (bounce, auto-reply, bulk): labelled `none`, not scored.
  std::string automated;           // the reason; empty for a person's message
  std::vector<std::string> notes;  // e.g. "skipped attachment report.pdf (application/pdf)"
};

struct ReadItem {
  bool ok = true;
  Message message;  // when ok; on error, message.id and message.where still say which
  Error error;      // when !ok
};

class Reader {
 public:
  virtual ~Reader() = default;
  // Fills *item with the next message or error record; false at end of input.
  virtual bool Next(ReadItem* item) = 0;
  // After the last item: what was read but deliberately not turned into
  // records ("skipped 12 join/leave/bot events"), for a summary line.
  virtual std::vector<std::string> Summary() const { return {}; }
};

struct ReaderOptions {
  // auto | text | jsonl | email | mbox | maildir | csv | slack. "auto" looks at
  // the name first (.jsonl, .csv, .eml, .mbox; a directory holding cur/ or new/
  // is a Maildir, one holding channels.json and users.json a Slack export, any
  // other directory is read recursively) and then at the content (a JSON first
  // line, an mbox "From " line, a block of mail header fields; anything else
  // is text).
  std::string format = "auto";
  std::string text_field = "text";      // JSONL
  std::string id_field = "id";          // JSONL; default id is "<file>:<line>"
  std::string text_column = "text";     // CSV: header name, or a 1-based number
  std::string id_column = "id";         // CSV; default id is "<file>:<row>"
  std::vector<std::string> keep_fields; // JSONL fields, CSV columns, mail headers
  // Larger messages become error records: a mail or mbox entry as raw bytes,
  // a text input, the text of a JSONL record or CSV row.
  size_t max_message_bytes = size_t{16} << 20;
  // A longer JSONL line or CSV record becomes an error record; only this many
  // bytes of it are held, the rest is skipped. A record is at least as long as
  // the text in it, so keep this >= max_message_bytes.
  size_t max_record_bytes = size_t{16} << 20;
  int max_mime_depth = 32;              // deeper MIME nesting becomes an error record
  int max_mime_parts = 1000;            // a mail with more MIME parts becomes an error record
  int max_html_depth = 512;             // an HTML body nested deeper becomes an error record
  // Mail: keep quoted replies, signatures and disclaimers in the scored text
  // (they are still found, but not reported as excluded).
  bool keep_quoted = false;
};

// The formats OpenReader accepts for ReaderOptions::format.
const std::vector<std::string>& ReaderFormats();

// Opens `path` ("-" reads `stdin_stream`). Fails when the file cannot be opened
// or the format is unknown; errors inside the input are items, not failures.
Result<std::unique_ptr<Reader>> OpenReader(const std::string& path, const ReaderOptions& options,
                                           std::istream* stdin_stream);

}  // namespace culpa

#endif  // CULPA_READER_H_
