// culpa/mbox.h — splitting an mbox file into messages, incrementally.
//
// An mbox is messages one after another, each starting with a "From " line.
// The splitter reads one message at a time, so a mailbox of any size costs the
// memory of its largest message (bounded by `max_message_bytes`).
//
//   std::ifstream f("inbox.mbox", std::ios::binary);
//   culpa::MboxSplitter split(&f, 16 << 20);
//   culpa::MboxEntry e;
//   while (split.Next(&e)) { if (!e.too_big) ParseMail(e.raw, ...); }
//
// It handles mboxo and mboxrd (">From " lines lose one ">"), Netscape's
// "From - " separators, "From " lines inside bodies that are not separators
// (a separator must carry a time of day and a year, or be Netscape's
// "From -"), and Content-Length headers (trusted only when the count lands on
// the next separator or the end of the file).
#ifndef CULPA_MBOX_H_
#define CULPA_MBOX_H_

#include <cstddef>
#include <istream>
#include <string>
#include <string_view>

namespace culpa {

struct MboxEntry {
  std::string raw;         // the message without its "From " line, unescaped
  std::string from_line;   // the separator line, without its line end
  int index = 0;           // 1-based
  long long offset = 0;    // byte offset of the "From " line
  int line = 0;            // 1-based line number of the "From " line
  bool too_big = false;    // larger than the limit: `raw` is empty
};

class MboxSplitter {
 public:
  MboxSplitter(std::istream* in, size_t max_message_bytes);

  // Fills *entry with the next message; false at end of input. Bytes before
  // the first "From " line (a file that is not an mbox) are returned as one
  // message with an empty from_line.
  bool Next(MboxEntry* entry);

 private:
  bool ReadLine(std::string* line);  // with its line end; false at EOF
  // Puts back bytes just read (`lines` lines, `consumed` bytes).
  void Unread(const std::string& bytes, long long consumed, int lines);
  bool TakeCounted(long long length, MboxEntry* entry, size_t* size);

  std::istream* in_;
  size_t limit_;
  std::string pending_;     // bytes read from `in_` and not yet consumed, from pending_pos_
  size_t pending_pos_ = 0;
  long long pos_ = 0;       // offset of the next unconsumed byte
  int line_no_ = 0;
  int index_ = 0;
  bool overlong_ = false;   // the last line read was cut at the size limit
  char eol_ = '\n';         // '\r' for a file with CR-only line ends
  bool first_fill_ = true;
};

// True when `line` (without its line end) is an mbox separator: "From "
// followed by an address or "-" and a date with a time of day.
bool IsMboxSeparator(std::string_view line);

}  // namespace culpa

#endif  // CULPA_MBOX_H_
