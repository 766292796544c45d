// CSV exports (RFC 4180): a header row names the columns; each later record
// is one message. Quoted fields may hold commas, doubled quotes and line
// breaks, so records are parsed byte by byte, never split on lines.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "mail/readers.h"

namespace culpa::mail {
namespace {

class CsvReader : public Reader {
 public:
  CsvReader(std::string name, std::istream* in, const ReaderOptions& opt)
      : name_(std::move(name)), sb_(in->rdbuf()), in_(in), opt_(opt) {}

  bool Next(ReadItem* item) override {
    if (done_) return false;
    if (!header_read_) {
      header_read_ = true;
      std::vector<std::string> header;
      bool ok = ReadRecord(&header);
      if (!header.empty() && header[0].compare(0, 3, "\xEF\xBB\xBF") == 0) header[0].erase(0, 3);
      if (!ok && header.empty()) return false;  // empty file: no messages
      if (!error_.empty()) return FailFile(item, error_);
      header_ = header;
      text_col_ = Column(opt_.text_column);
      id_col_ = Column(opt_.id_column);
      if (text_col_ < 0)
        return FailFile(item, "no column '" + opt_.text_column + "' in the header row (set --text-column)");
      for (const std::string& f : opt_.keep_fields) keep_.emplace_back(f, Column(f));
    }
    std::vector<std::string> rec;
    for (;;) {
      if (!ReadRecord(&rec)) {
        if (in_->bad() && !reported_) {
          reported_ = true;
          return FailFile(item, std::string("read error: ") + std::strerror(errno));
        }
        return false;
      }
      if (error_.empty() && rec.size() == 1 && rec[0].empty()) continue;  // blank line
      ++row_;
      const int line = rec_line_;
      *item = ReadItem();
      Message& m = item->message;
      m.where = {name_, line, 0};
      m.where.row = row_;
      m.id = name_ + ":" + std::to_string(line);
      if (!error_.empty()) {
        item->ok = false;
        item->error = {m.where, error_};
        error_.clear();
        return true;
      }
      if (id_col_ >= 0 && static_cast<size_t>(id_col_) < rec.size() && !rec[id_col_].empty()) m.id = rec[id_col_];
      if (static_cast<size_t>(text_col_) >= rec.size()) {
        item->ok = false;
        item->error = {m.where, "row has " + std::to_string(rec.size()) + " fields; the text column is number " +
                                    std::to_string(text_col_ + 1)};
        return true;
      }
      if (rec[text_col_].size() > opt_.max_message_bytes) {
        item->ok = false;
        item->error = {m.where, TooBigMessage(opt_.max_message_bytes)};
        return true;
      }
      m.text = std::move(rec[text_col_]);
      for (const auto& [f, col] : keep_)
        if (col >= 0 && static_cast<size_t>(col) < rec.size() && col != text_col_)
          m.fields.emplace_back(f, nlohmann::json(rec[col]).dump(-1, ' ', false,
                                                                  nlohmann::json::error_handler_t::replace));
      return true;
    }
  }

 private:
  // A header name, or a 1-based column number; -1 when there is none.
  int Column(const std::string& want) const {
    for (size_t i = 0; i < header_.size(); ++i)
      if (header_[i] == want) return static_cast<int>(i);
    auto lower = [](std::string s) {
      std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
      return s;
    };
    for (size_t i = 0; i < header_.size(); ++i)
      if (lower(header_[i]) == lower(want)) return static_cast<int>(i);
    if (!want.empty() && std::all_of(want.begin(), want.end(), ::isdigit)) {
      long n = std::strtol(want.c_str(), nullptr, 10);
      if (n >= 1 && n <= 100000) return static_cast<int>(n - 1);
    }
    return -1;
  }

  bool FailFile(ReadItem* item, std::string msg) {
    done_ = true;
    *item = ReadItem();
    item->ok = false;
    item->message.id = name_;
    item->message.where = {name_, 0, 0};
    item->error = {item->message.where, std::move(msg)};
    return true;
  }

  // One record into *rec; false at end of input. A record over
  // max_record_bytes or with an unterminated quote sets error_ (its bytes are dropped).
  bool ReadRecord(std::vector<std::string>* rec) {
    rec->clear();
    int c = sb_->sbumpc();
    if (c == EOF) return false;
    rec_line_ = ++line_;
    rec->emplace_back();
    size_t bytes = 0;
    bool quoted = false, was_quoted = false;
    for (; c != EOF; c = sb_->sbumpc()) {
      if (++bytes > opt_.max_record_bytes && error_.empty()) {
        error_ = TooLongRecord(opt_.max_record_bytes);
        // Nothing more of this record is kept: its fields go, and later
        // separators add none (a long run of commas would otherwise grow the
        // vector past any byte limit).
        rec->assign(1, std::string());
      }
      if (quoted) {
        if (c == '"') {
          if (sb_->sgetc() == '"') {
            sb_->sbumpc();
            Put(rec, '"');
          } else {
            quoted = false;
          }
        } else {
          if (c == '\n') ++line_;
          Put(rec, static_cast<char>(c));
        }
        continue;
      }
      if (c == '"' && rec->back().empty() && !was_quoted) {
        quoted = was_quoted = true;
      } else if (c == ',') {
        if (error_.empty()) rec->emplace_back();
        was_quoted = false;
      } else if (c == '\r') {
        if (sb_->sgetc() == '\n') sb_->sbumpc();
        return true;
      } else if (c == '\n') {
        return true;
      } else {
        Put(rec, static_cast<char>(c));
      }
    }
    if (quoted && error_.empty()) error_ = "unterminated quoted field (starts in this row)";
    return true;
  }

  void Put(std::vector<std::string>* rec, char c) {
    if (error_.empty()) rec->back().push_back(c);
  }

  std::string name_;
  std::streambuf* sb_;
  std::istream* in_;
  ReaderOptions opt_;
  std::vector<std::string> header_;
  std::vector<std::pair<std::string, int>> keep_;
  int text_col_ = -1, id_col_ = -1;
  int line_ = 0, rec_line_ = 0, row_ = 0;
  bool header_read_ = false, done_ = false, reported_ = false;
  std::string error_;
};

}  // namespace

std::unique_ptr<Reader> MakeCsvReader(std::string name, std::istream* in, const ReaderOptions& options) {
  return std::make_unique<CsvReader>(std::move(name), in, options);
}

}  // namespace culpa::mail
