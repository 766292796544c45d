// culpa/writer.h — output sinks. Writers print what they are given and nothing
// else; the CLI pushes one record per message, in input order.
//
// JSONL (schema 1, documented in docs/output.md) is the wire format:
//   {"schema":1,"id":"m1","label":"owns","score":88,"components":{...},
//    "matches":[{"rule":"ack.on_me","category":"acknowledgment","polarity":"own",
//                "start":27,"end":39,"text":"that's on me","strength":3,...}],
//    "tokens":12,"sentences":2,"source":{"file":"in.jsonl","line":3}}
// `start`/`end` are byte offsets into the message text as read.
//
// HTML is one self-contained page for people (inline CSS, no scripts, nothing
// fetched): a section per record with the text and its hits highlighted. The
// page head is written before the first record, the foot by Finish().
#ifndef CULPA_WRITER_H_
#define CULPA_WRITER_H_

#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "culpa/analysis.h"
#include "culpa/lexicon.h"
#include "culpa/reader.h"

namespace culpa {

constexpr int kSchemaVersion = 1;

class Writer {
 public:
  virtual ~Writer() = default;
  virtual void Write(const Message& message, const Analysis& analysis) = 0;
  // An input that could not be read or judged: still one record.
  virtual void WriteError(const Message& message, const Error& error) = 0;
  virtual void Finish() {}
};

struct WriterOptions {
  std::string format = "jsonl";  // text | jsonl | csv | html
  bool color = false;            // text only: ANSI colour instead of [brackets]
};

// `s` made safe for a terminal: control characters, C0 and C1 (ESC and so
// CSI/OSC sequences, U+009B, CR, tabs, newlines), become single spaces, and
// bytes that are not UTF-8 become U+FFFD.
std::string TerminalSafe(const std::string& s);

// `s` made safe as HTML element content and as a quoted attribute value:
// & < > " ' become character references, controls other than tab, LF and CR
// (C0, DEL, C1) and bytes that are not UTF-8 become U+FFFD.
//   HtmlEscape("<b title='x'>") == "&lt;b title=&#39;x&#39;&gt;"
std::string HtmlEscape(std::string_view s);

// The ANSI colour the text output uses for a label.
const char* LabelAnsiColor(Label label);

// The formats MakeWriter accepts.
const std::vector<std::string>& WriterFormats();

// `lexicon` gives the CSV component columns; it must outlive the writer.
// Returns nullptr for an unknown format.
std::unique_ptr<Writer> MakeWriter(const WriterOptions& options, const Lexicon& lexicon, std::ostream* out);

}  // namespace culpa

#endif  // CULPA_WRITER_H_
