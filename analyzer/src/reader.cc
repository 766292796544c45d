// Text and JSONL readers. Format detection peeks at the first line without
// consuming it, so stdin works as well as files.
#include "culpa/reader.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

namespace culpa {

const std::vector<std::string>& ReaderFormats() {
  static const std::vector<std::string> kFormats = {"auto", "text", "jsonl"};
  return kFormats;
}

namespace {

bool EndsWith(const std::string& s, const char* suffix) {
  size_t n = std::strlen(suffix);
  return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

// Reads lines with a byte limit: an over-long line is reported, not buffered.
class LineSource {
 public:
  explicit LineSource(std::istream* in) : in_(in) {}

  // False at end of input. *too_long is set when the line exceeded `limit`
  // (its content is then truncated and the rest skipped).
  bool Next(std::string* line, size_t limit, bool* too_long) {
    line->clear();
    raw_.clear();
    *too_long = false;
    if (has_pending_) {
      line->swap(pending_);
      raw_ = pending_raw_;
      *too_long = pending_too_long_;
      has_pending_ = false;
      ++line_no_;
      return true;
    }
    int c;
    bool any = false;
    std::streambuf* sb = in_->rdbuf();
    while ((c = sb->sbumpc()) != EOF) {
      any = true;
      if (raw_.size() <= limit) raw_.push_back(static_cast<char>(c));
      if (c == '\n') break;
      if (line->size() < limit) line->push_back(static_cast<char>(c));
      else *too_long = true;
    }
    if (!any) return false;
    if (!line->empty() && line->back() == '\r') line->pop_back();
    ++line_no_;
    return true;
  }

  // Puts a line back so the next call returns it again.
  void Unread(std::string line, bool too_long) {
    pending_ = std::move(line);
    pending_raw_ = raw_;
    pending_too_long_ = too_long;
    has_pending_ = true;
    --line_no_;
  }

  int line_no() const { return line_no_; }
  // The bytes the last Next() consumed, line ending included.
  const std::string& raw() const { return raw_; }

 private:
  std::istream* in_;
  std::string raw_, pending_, pending_raw_;
  bool has_pending_ = false;
  bool pending_too_long_ = false;
  int line_no_ = 0;
};

class TextReader : public Reader {
 public:
  TextReader(std::string name, std::istream* in, std::string first, bool have_first, size_t limit)
      : name_(std::move(name)), in_(in), first_(std::move(first)), have_first_(have_first), limit_(limit) {}

  bool Next(ReadItem* item) override {
    if (done_) return false;
    done_ = true;
    *item = ReadItem();
    item->message.id = name_;
    item->message.where = {name_, 0, 0};
    std::string& text = item->message.text;
    if (have_first_) text = first_;
    char buf[65536];
    bool too_big = false;
    while (in_->read(buf, sizeof buf) || in_->gcount() > 0) {
      if (text.size() + static_cast<size_t>(in_->gcount()) > limit_) { too_big = true; break; }
      text.append(buf, static_cast<size_t>(in_->gcount()));
    }
    if (in_->bad()) {
      item->ok = false;
      item->error = {{name_, 0, 0}, std::string("read error: ") + std::strerror(errno)};
    } else if (too_big) {
      item->ok = false;
      item->error = {{name_, 0, 0}, "message larger than " + std::to_string(limit_) +
                                        " bytes (raise --max-message-bytes)"};
      text.clear();
    }
    return true;
  }

 private:
  std::string name_;
  std::istream* in_;
  std::string first_;
  bool have_first_;
  size_t limit_;
  bool done_ = false;
};

class JsonlReader : public Reader {
 public:
  JsonlReader(std::string name, std::istream* in, const ReaderOptions& opt, std::unique_ptr<LineSource> src)
      : name_(std::move(name)), in_(in), opt_(opt), src_(std::move(src)) {}

  bool Next(ReadItem* item) override {
    std::string line;
    bool too_long = false;
    while (src_->Next(&line, opt_.max_message_bytes, &too_long)) {
      const int ln = src_->line_no();
      if (!too_long && std::all_of(line.begin(), line.end(), [](char c) { return c == ' ' || c == '\t'; }))
        continue;  // blank lines are not records
      *item = ReadItem();
      Message& m = item->message;
      m.where = {name_, ln, 0};
      m.id = name_ + ":" + std::to_string(ln);
      if (too_long) return Fail(item, "record longer than " + std::to_string(opt_.max_message_bytes) +
                                          " bytes (raise --max-message-bytes)");
      nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
      if (j.is_discarded()) return Fail(item, "invalid JSON");
      if (!j.is_object()) return Fail(item, "a JSONL record must be a JSON object");
      auto id = j.find(opt_.id_field);
      if (id != j.end()) {
        if (id->is_string()) m.id = id->get<std::string>();
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
      return true;
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
  bool Fail(ReadItem* item, std::string msg) {
    item->ok = false;
    item->error = {item->message.where, std::move(msg)};
    return true;
  }

  std::string name_;
  std::istream* in_;
  ReaderOptions opt_;
  std::unique_ptr<LineSource> src_;
  bool reported_ = false;
};

// Wraps an ifstream so the Reader owns the file.
template <typename R>
class Owning : public Reader {
 public:
  Owning(std::unique_ptr<std::ifstream> file, std::unique_ptr<Reader> inner)
      : file_(std::move(file)), inner_(std::move(inner)) {}
  bool Next(ReadItem* item) override { return inner_->Next(item); }

 private:
  std::unique_ptr<std::ifstream> file_;
  std::unique_ptr<Reader> inner_;
};

bool LooksLikeJsonl(const std::string& first_line) {
  size_t i = first_line.find_first_not_of(" \t\xEF\xBB\xBF");
  if (i == std::string::npos || first_line[i] != '{') return false;
  return nlohmann::json::accept(first_line.substr(i));
}

}  // namespace

Result<std::unique_ptr<Reader>> OpenReader(const std::string& path, const ReaderOptions& options,
                                           std::istream* stdin_stream) {
  const auto& formats = ReaderFormats();
  if (std::find(formats.begin(), formats.end(), options.format) == formats.end())
    return Error{{}, "unknown input format '" + options.format + "'"};

  const bool is_stdin = path == "-";
  const std::string name = is_stdin ? "<stdin>" : path;
  std::unique_ptr<std::ifstream> file;
  std::istream* in = stdin_stream;
  if (!is_stdin) {
    file = std::make_unique<std::ifstream>(path, std::ios::binary);
    if (!*file) return Error{{path, 0, 0}, std::string("cannot open: ") + std::strerror(errno)};
    in = file.get();
  }

  std::string format = options.format;
  auto lines = std::make_unique<LineSource>(in);
  std::string first;
  bool have_first = false;
  if (format == "auto") {
    if (EndsWith(path, ".jsonl") || EndsWith(path, ".ndjson")) {
      format = "jsonl";
    } else {
      bool too_long = false;
      have_first = lines->Next(&first, options.max_message_bytes, &too_long);
      // An over-long first line cannot be parsed; a leading '{' is enough then.
      format = have_first && (too_long ? first.find_first_not_of(" \t") == first.find('{') && !first.empty()
                                       : LooksLikeJsonl(first))
                   ? "jsonl" : "text";
      if (format == "jsonl") {
        lines->Unread(std::move(first), too_long);
        have_first = false;
      } else {
        first = lines->raw();  // the text reader wants the bytes exactly as read
      }
    }
  }

  std::unique_ptr<Reader> reader;
  if (format == "jsonl") {
    reader = std::make_unique<JsonlReader>(name, in, options, std::move(lines));
  } else {
    reader = std::make_unique<TextReader>(name, in, std::move(first), have_first, options.max_message_bytes);
  }
  if (file) reader = std::make_unique<Owning<Reader>>(std::move(file), std::move(reader));
  return reader;
}

}  // namespace culpa
