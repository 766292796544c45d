// Text and JSONL readers, and OpenReader, which picks a reader for each
// input. Format detection peeks at the start of the input without losing it
// (the peeked bytes are served again), so stdin works as well as files.
#include "culpa/reader.h"

#include "culpa/own_words.h"
#include "json_record.h"
#include "mail/automated.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "culpa/mail.h"
#include "culpa/mbox.h"
#include <vector>

#include "mail/readers.h"

namespace culpa {

const std::vector<std::string>& ReaderFormats() {
  static const std::vector<std::string> kFormats = {"auto", "text", "jsonl", "email", "mbox",
                                                    "maildir", "csv", "slack"};
  return kFormats;
}

namespace {

bool EndsWith(const std::string& s, const char* suffix) {
  size_t n = std::strlen(suffix);
  return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

// Up to `max` bytes of `sb` into `buf`: what has arrived, waiting only when
// nothing has (so a pipe written a line at a time is read as it comes, not
// once 64 KiB have piled up). 0 at the end of input.
size_t ReadArrived(std::streambuf* sb, char* buf, size_t max) {
  if (!sb || sb->sgetc() == std::char_traits<char>::eof()) return 0;
  const std::streamsize avail = std::max<std::streamsize>(1, sb->in_avail());
  const std::streamsize n = sb->sgetn(buf, std::min<std::streamsize>(avail, static_cast<std::streamsize>(max)));
  return n > 0 ? static_cast<size_t>(n) : 0;
}

// Reads lines with a byte limit, through its own buffer (memchr for the line
// end: the per-character streambuf loop cost a fifth of the run). An over-long
// line is reported, not buffered.
class LineSource {
 public:
  explicit LineSource(std::istream* in) : in_(in), buf_(kChunk) {}

  // False at end of input. *too_long is set when the line exceeded `limit`
  // (its content is then truncated and the rest skipped).
  bool Next(std::string* line, size_t limit, bool* too_long) {
    line->clear();
    *too_long = false;
    if (has_pending_) {
      line->swap(pending_);
      *too_long = pending_too_long_;
      has_pending_ = false;
      ++line_no_;
      return true;
    }
    bool any = false;
    for (;;) {
      if (pos_ == end_ && !Fill()) break;
      any = true;
      const char* b = buf_.data() + pos_;
      const char* nl = static_cast<const char*>(std::memchr(b, '\n', end_ - pos_));
      const size_t n = nl ? static_cast<size_t>(nl - b) : end_ - pos_;
      const size_t room = line->size() < limit ? limit - line->size() : 0;
      if (n > room) *too_long = true;
      line->append(b, std::min(n, room));
      pos_ += n + (nl ? 1 : 0);
      if (nl) break;
    }
    if (!any) return false;
    if (!line->empty() && line->back() == '\r') line->pop_back();
    ++line_no_;
    return true;
  }

  // Puts a line back so the next call returns it again.
  void Unread(std::string line, bool too_long) {
    pending_ = std::move(line);
    pending_too_long_ = too_long;
    has_pending_ = true;
    --line_no_;
  }

  // Appends to *out what was read from the stream but not yet returned.
  void TakeBuffered(std::string* out) {
    out->append(buf_.data() + pos_, end_ - pos_);
    pos_ = end_;
  }

  int line_no() const { return line_no_; }

 private:
  static constexpr size_t kChunk = 1 << 16;
  bool Fill() {
    pos_ = 0;
    end_ = ReadArrived(in_->rdbuf(), buf_.data(), kChunk);
    return end_ > 0;
  }

  std::istream* in_;
  std::vector<char> buf_;
  size_t pos_ = 0, end_ = 0;
  std::string pending_;
  bool has_pending_ = false;
  bool pending_too_long_ = false;
  int line_no_ = 0;
};

class TextReader : public Reader {
 public:
  TextReader(std::string name, std::istream* in, std::unique_ptr<LineSource> lines, std::string first,
             bool have_first, size_t limit)
      : name_(std::move(name)), in_(in), lines_(std::move(lines)), first_(std::move(first)),
        have_first_(have_first), limit_(limit) {}

  bool Next(ReadItem* item) override {
    if (done_) return false;
    done_ = true;
    *item = ReadItem();
    item->message.id = name_;
    item->message.where = {name_, 0, 0};
    std::string& text = item->message.text;
    if (have_first_) text = first_;
    lines_->TakeBuffered(&text);  // bytes format detection read ahead
    char buf[65536];
    bool too_big = text.size() > limit_;
    while (!too_big && (in_->read(buf, sizeof buf) || in_->gcount() > 0)) {
      if (text.size() + static_cast<size_t>(in_->gcount()) > limit_) { too_big = true; break; }
      text.append(buf, static_cast<size_t>(in_->gcount()));
    }
    if (in_->bad()) {
      item->ok = false;
      item->error = {{name_, 0, 0}, std::string("read error: ") + std::strerror(errno)};
    } else if (too_big) {
      item->ok = false;
      item->error = {{name_, 0, 0}, mail::TooBigMessage(limit_)};
      text.clear();
    }
    return true;
  }

 private:
  std::string name_;
  std::istream* in_;
  std::unique_ptr<LineSource> lines_;
  std::string first_;
  bool have_first_;
  size_t limit_;
  bool done_ = false;
};

class JsonlReader : public Reader {
 public:
  JsonlReader(std::string name, std::istream* in, const ReaderOptions& opt, std::unique_ptr<LineSource> src)
      : name_(std::move(name)), in_(in), opt_(opt), src_(std::move(src)) {
    // One scan slot per distinct key: a kept field may be the text or the id
    // field itself (--keep-fields text copies the text into the output).
    keys_ = {opt_.text_field, opt_.id_field};
    for (const std::string& f : opt_.keep_fields) {
      const size_t at = std::find(keys_.begin(), keys_.end(), f) - keys_.begin();
      if (at == keys_.size()) keys_.push_back(f);
      keep_slot_.push_back(at);
    }
  }

  bool Next(ReadItem* item) override {
    std::string line;
    bool too_long = false;
    while (src_->Next(&line, opt_.max_record_bytes, &too_long)) {
      const int ln = src_->line_no();
      if (!too_long && std::all_of(line.begin(), line.end(), [](char c) { return c == ' ' || c == '\t'; }))
        continue;  // blank lines are not records
      *item = ReadItem();
      Message& m = item->message;
      m.where = {name_, ln, 0};
      m.id = name_ + ":" + std::to_string(ln);
      if (too_long) return Fail(item, mail::TooLongRecord(opt_.max_record_bytes));
      if (ScanJsonRecord(line, keys_, &values_)) return FromScan(item) && CheckSize(item);
      nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
      if (j.is_discarded()) return Fail(item, "invalid JSON");
      if (!j.is_object()) return Fail(item, "a JSONL record must be a JSON object");
      auto id = j.find(opt_.id_field);
      if (id != j.end()) {
        // An empty id names nothing: the record keeps its "<file>:<line>" id.
        if (id->is_string() && !id->get_ref<const std::string&>().empty()) m.id = id->get<std::string>();
        else if (id->is_number()) m.id = id->dump();
      }
      auto text = j.find(opt_.text_field);
      if (text == j.end()) return Fail(item, "no \"" + opt_.text_field + "\" field (set --text-field)");
      if (!text->is_string()) return Fail(item, "\"" + opt_.text_field + "\" is not a string");
      m.text = text->get<std::string>();
      for (const std::string& f : opt_.keep_fields) {
        auto v = j.find(f);
        if (v != j.end())
          m.fields.emplace_back(f, v->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
      }
      return CheckSize(item);
    }
    if (in_->bad() && !reported_) {
      reported_ = true;
      *item = ReadItem();
      item->message.id = name_;
      item->message.where = {name_, src_->line_no(), 0};
      return Fail(item, std::string("read error: ") + std::strerror(errno));
    }
    return false;
  }

 private:
  // The fast path's record, with the same results as the DOM path below it.
  bool FromScan(ReadItem* item) {
    Message& m = item->message;
    const JsonValue& text = values_[0];
    const JsonValue& id = values_[1];
    if (id.present && id.kind == JsonValue::kString && !id.string.empty()) m.id = id.string;  // "" names nothing
    else if (id.present && id.kind == JsonValue::kNumber) m.id = Dump(id);
    if (!text.present) return Fail(item, "no \"" + opt_.text_field + "\" field (set --text-field)");
    if (text.kind != JsonValue::kString) return Fail(item, "\"" + opt_.text_field + "\" is not a string");
    m.text = text.string;
    for (size_t k = 0; k < opt_.keep_fields.size(); ++k) {
      const JsonValue& v = values_[keep_slot_[k]];
      if (v.present) m.fields.emplace_back(opt_.keep_fields[k], Dump(v));
    }
    return true;
  }

  // The message limit holds for the text inside a record too (a record under
  // --max-record-bytes can carry more text than --max-message-bytes allows).
  bool CheckSize(ReadItem* item) {
    if (!item->ok || item->message.text.size() <= opt_.max_message_bytes) return true;
    item->message.text.clear();
    item->message.fields.clear();
    return Fail(item, mail::TooBigMessage(opt_.max_message_bytes));
  }

  // As nlohmann would print the value (so kept fields look the same either way).
  static std::string Dump(const JsonValue& v) {
    nlohmann::json j = v.kind == JsonValue::kString ? nlohmann::json(v.string)
                                                    : nlohmann::json::parse(v.raw, nullptr, false);
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }

  bool Fail(ReadItem* item, std::string msg) {
    item->ok = false;
    item->error = {item->message.where, std::move(msg)};
    return true;
  }

  std::string name_;
  std::istream* in_;
  ReaderOptions opt_;
  std::unique_ptr<LineSource> src_;
  std::vector<std::string> keys_;  // distinct keys: text field, id field, then other kept fields
  std::vector<size_t> keep_slot_;  // per kept field, its index in keys_
  std::vector<JsonValue> values_;
  bool reported_ = false;
};

// Serves `head` (bytes already read while detecting the format) and then
// the rest of `rest`, so the reader chosen sees the input from its start.
class PrefixBuf : public std::streambuf {
 public:
  PrefixBuf(std::string head, std::streambuf* rest) : head_(std::move(head)), rest_(rest) {
    setg(head_.data(), head_.data(), head_.data() + head_.size());
  }

 protected:
  // Only what has arrived (ReadArrived), so a pipe streams.
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    const size_t n = ReadArrived(rest_, buf_, sizeof buf_);
    if (n == 0) return traits_type::eof();
    setg(buf_, buf_, buf_ + n);
    return traits_type::to_int_type(*gptr());
  }

  // Large reads skip the extra copy once the head is served.
  std::streamsize xsgetn(char* s, std::streamsize n) override {
    std::streamsize got = 0;
    while (got < n) {
      if (gptr() < egptr()) {
        std::streamsize k = std::min<std::streamsize>(egptr() - gptr(), n - got);
        std::memcpy(s + got, gptr(), static_cast<size_t>(k));
        gbump(static_cast<int>(k));
        got += k;
        continue;
      }
      std::streamsize r = rest_ ? rest_->sgetn(s + got, n - got) : 0;
      if (r <= 0) break;
      got += r;
    }
    return got;
  }

 private:
  std::string head_;
  std::streambuf* rest_;
  char buf_[65536];
};

// Owns what a reader reads from (the file, the prefix buffer); the reader
// goes first.
class Owning : public Reader {
 public:
  Owning(std::unique_ptr<std::ifstream> file, std::unique_ptr<PrefixBuf> buf, std::unique_ptr<std::istream> in)
      : file_(std::move(file)), buf_(std::move(buf)), in_(std::move(in)) {}
  void Set(std::unique_ptr<Reader> inner) { inner_ = std::move(inner); }
  bool Next(ReadItem* item) override { return inner_->Next(item); }
  std::vector<std::string> Summary() const override { return inner_->Summary(); }

 private:
  std::unique_ptr<std::ifstream> file_;
  std::unique_ptr<PrefixBuf> buf_;
  std::unique_ptr<std::istream> in_;
  std::unique_ptr<Reader> inner_;
};

bool LooksLikeJsonl(const std::string& first_line) {
  size_t i = first_line.find_first_not_of(" \t\xEF\xBB\xBF");
  if (i == std::string::npos || first_line[i] != '{') return false;
  return nlohmann::json::accept(first_line.substr(i));
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// The format a file's name gives, or "" when it says nothing.
std::string FormatByName(const std::string& path) {
  std::string p = Lower(path);
  if (EndsWith(p, ".jsonl") || EndsWith(p, ".ndjson")) return "jsonl";
  if (EndsWith(p, ".csv")) return "csv";
  if (EndsWith(p, ".eml") || EndsWith(p, ".msg")) return "email";
  if (EndsWith(p, ".mbox") || EndsWith(p, ".mbx")) return "mbox";
  return "";
}

// The format the first bytes suggest; `first_line` is without its line end.
std::string FormatByContent(const std::string& first_line, const std::string& head) {
  std::string_view line(first_line);
  if (line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
  if (IsMboxSeparator(line)) return "mbox";
  if (LooksLikeMail(head)) return "email";
  // Binary data is not text to judge: the mail reader reports it.
  if (head.substr(0, 8192).find('\0') != std::string::npos) return "email";
  return "text";
}

// Messages with no mail structure (text, JSONL, CSV) still hold quoted
// replies, signatures and auto-replies when they are exported mail: apply the
// same tables the mail reader uses, unless --keep-quoted.
class OwnWordsReader : public Reader {
 public:
  OwnWordsReader(std::unique_ptr<Reader> inner, bool keep_quoted)
      : inner_(std::move(inner)), keep_quoted_(keep_quoted) {}
  bool Next(ReadItem* item) override {
    if (!inner_->Next(item)) return false;
    if (item->ok) {
      Message& m = item->message;
      if (!keep_quoted_ && m.excluded.empty()) m.excluded = FindNotOwnWords(m.text);
      if (m.automated.empty()) m.automated = mail::DetectAutomatedText(m.text);
    }
    return true;
  }
  std::vector<std::string> Summary() const override { return inner_->Summary(); }

 private:
  std::unique_ptr<Reader> inner_;
  bool keep_quoted_;
};

}  // namespace

Result<std::unique_ptr<Reader>> OpenReader(const std::string& path, const ReaderOptions& options,
                                           std::istream* stdin_stream) {
  const auto& formats = ReaderFormats();
  if (std::find(formats.begin(), formats.end(), options.format) == formats.end())
    return Error{{}, "unknown input format '" + options.format + "'"};

  const bool is_stdin = path == "-";
  const std::string name = is_stdin ? "<stdin>" : path;
  std::error_code ec;
  if (!is_stdin && std::filesystem::is_directory(path, ec)) return mail::OpenDirectory(path, options);
  if (options.format == "maildir" || options.format == "slack")
    return Error{{name, 0, 0}, "--input-format " + options.format + " needs a directory"};
  std::unique_ptr<std::ifstream> file;
  std::istream* in = stdin_stream;
  if (!is_stdin) {
    file = std::make_unique<std::ifstream>(path, std::ios::binary);
    if (!*file) return Error{{path, 0, 0}, std::string("cannot open: ") + std::strerror(errno)};
    in = file.get();
  }
  if (!in) return Error{{name, 0, 0}, "no input stream"};

  std::string format = options.format;
  if (format == "auto" && !is_stdin) format = FormatByName(path);
  if (format.empty()) format = "auto";

  // Peek: the first line decides JSONL (read no further, so a JSONL pipe
  // streams); otherwise up to 64 KiB more are read to recognise mail.
  std::string head;
  if (format == "auto") {
    std::streambuf* sb = in->rdbuf();
    int c;
    while (head.size() < (size_t{1} << 20) && (c = sb->sbumpc()) != EOF) {
      head.push_back(static_cast<char>(c));
      if (c == '\n') break;
    }
    std::string first = head;
    while (!first.empty() && (first.back() == '\n' || first.back() == '\r')) first.pop_back();
    if (LooksLikeJsonl(first)) {
      format = "jsonl";
    } else {
      char buf[65536];
      std::streamsize n = sb->sgetn(buf, sizeof buf);
      if (n > 0) head.append(buf, static_cast<size_t>(n));
      // Old Mac files end lines with CR only.
      size_t cr = first.find('\r');
      if (cr != std::string::npos) first.resize(cr);
      format = FormatByContent(first, head);
    }
  }

  auto buf = std::make_unique<PrefixBuf>(std::move(head), in->rdbuf());
  auto stream = std::make_unique<std::istream>(buf.get());
  std::istream* s = stream.get();
  auto owner = std::make_unique<Owning>(std::move(file), std::move(buf), std::move(stream));
  std::unique_ptr<Reader> reader;
  if (format == "jsonl") {
    reader = std::make_unique<JsonlReader>(name, s, options, std::make_unique<LineSource>(s));
  } else if (format == "email") {
    reader = mail::MakeEmailReader(name, s, options);
  } else if (format == "mbox") {
    reader = mail::MakeMboxReader(name, s, options);
  } else if (format == "csv") {
    reader = mail::MakeCsvReader(name, s, options);
  } else {
    reader = std::make_unique<TextReader>(name, s, std::make_unique<LineSource>(s), std::string(), false,
                                          options.max_message_bytes);
  }
  if (format == "jsonl" || format == "csv" || format == "text")
    reader = std::make_unique<OwnWordsReader>(std::move(reader), options.keep_quoted);
  owner->Set(std::move(reader));
  return std::unique_ptr<Reader>(std::move(owner));
}

}  // namespace culpa
