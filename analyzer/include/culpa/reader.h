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
// Formats today: text (the whole input is one message) and jsonl (one JSON
// object per line). Mail formats plug in behind the same interface.
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
};

struct ReaderOptions {
  std::string format = "auto";          // auto | text | jsonl
  std::string text_field = "text";      // JSONL
  std::string id_field = "id";          // JSONL; default id is "<file>:<line>"
  std::vector<std::string> keep_fields;
  size_t max_message_bytes = size_t{16} << 20;  // larger messages become error records
};

// The formats OpenReader accepts for ReaderOptions::format.
const std::vector<std::string>& ReaderFormats();

// Opens `path` ("-" reads `stdin_stream`). Fails when the file cannot be opened
// or the format is unknown; errors inside the input are items, not failures.
Result<std::unique_ptr<Reader>> OpenReader(const std::string& path, const ReaderOptions& options,
                                           std::istream* stdin_stream);

}  // namespace culpa

#endif  // CULPA_READER_H_
