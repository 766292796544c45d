// Email, mbox and directory readers: containers around ParseMail.
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "culpa/mail.h"
#include "culpa/mbox.h"
#include "mail/readers.h"

namespace culpa::mail {

namespace fs = std::filesystem;

void FillMailItem(std::string_view raw, const ReaderOptions& options, std::string id, Location where,
                  ReadItem* item) {
  *item = ReadItem();
  MailOptions mo;
  mo.max_mime_depth = options.max_mime_depth;
  mo.max_mime_parts = options.max_mime_parts;
  mo.max_html_depth = options.max_html_depth;
  mo.keep_quoted = options.keep_quoted;
  mo.keep_fields = options.keep_fields;
  Result<Message> m = ParseMail(raw, mo);
  if (m.ok()) {
    item->message = std::move(m.value());
  } else {
    item->ok = false;
    item->error = {where, m.error().message};
  }
  item->message.id = std::move(id);
  item->message.where = std::move(where);
}

std::string TooBigMessage(size_t limit) {
  return "message larger than " + std::to_string(limit) + " bytes (raise --max-message-bytes)";
}

std::string TooLongRecord(size_t limit) {
  return "record longer than " + std::to_string(limit) + " bytes (raise --max-record-bytes)";
}

namespace {

class EmailReader : public Reader {
 public:
  EmailReader(std::string name, std::istream* in, const ReaderOptions& opt)
      : name_(std::move(name)), in_(in), opt_(opt) {}

  bool Next(ReadItem* item) override {
    if (done_) return false;
    done_ = true;
    std::string raw;
    char buf[65536];
    bool too_big = false;
    while (in_->read(buf, sizeof buf) || in_->gcount() > 0) {
      if (raw.size() + static_cast<size_t>(in_->gcount()) > opt_.max_message_bytes) {
        too_big = true;  // stop reading: the rest would only cost memory
        break;
      }
      raw.append(buf, static_cast<size_t>(in_->gcount()));
    }
    Location where{name_, 0, 0};
    if (in_->bad() || too_big) {
      *item = ReadItem();
      item->ok = false;
      item->error = {where, in_->bad() ? std::string("read error: ") + std::strerror(errno)
                                       : TooBigMessage(opt_.max_message_bytes)};
      item->message.id = name_;
      item->message.where = where;
      return true;
    }
    FillMailItem(raw, opt_, name_, where, item);
    return true;
  }

 private:
  std::string name_;
  std::istream* in_;
  ReaderOptions opt_;
  bool done_ = false;
};

class MboxReader : public Reader {
 public:
  MboxReader(std::string name, std::istream* in, const ReaderOptions& opt)
      : name_(std::move(name)), in_(in), opt_(opt), split_(in, opt.max_message_bytes) {}

  bool Next(ReadItem* item) override {
    MboxEntry e;
    if (!split_.Next(&e)) {
      if (in_->bad() && !reported_) {
        reported_ = true;
        *item = ReadItem();
        item->ok = false;
        item->message.id = name_;
        item->message.where = {name_, 0, 0};
        item->error = {item->message.where, std::string("read error: ") + std::strerror(errno)};
        return true;
      }
      return false;
    }
    Location where{name_, e.line, 0};
    where.index = e.index;
    where.offset = e.offset;
    std::string id = name_ + "#" + std::to_string(e.index);
    if (e.too_big) {
      *item = ReadItem();
      item->ok = false;
      item->error = {where, TooBigMessage(opt_.max_message_bytes)};
      item->message.id = id;
      item->message.where = where;
      return true;
    }
    FillMailItem(e.raw, opt_, id, where, item);
    return true;
  }

 private:
  std::string name_;
  std::istream* in_;
  ReaderOptions opt_;
  MboxSplitter split_;
  bool reported_ = false;
};

// Reads a list of files one after another, each through OpenReader.
class FilesReader : public Reader {
 public:
  FilesReader(std::vector<std::string> files, ReaderOptions opt) : files_(std::move(files)), opt_(std::move(opt)) {}

  bool Next(ReadItem* item) override {
    for (;;) {
      if (current_ && current_->Next(item)) return true;
      current_.reset();
      if (next_ >= files_.size()) return false;
      const std::string& f = files_[next_++];
      std::error_code ec;
      if (fs::file_size(f, ec) == 0 && !ec) {
        // An empty file in a mail folder is a lost message, not an empty one.
        Fail(item, f, "empty file");
        return true;
      }
      Result<std::unique_ptr<Reader>> r = OpenReader(f, opt_, nullptr);
      if (!r.ok()) {
        Fail(item, f, r.error().message);
        return true;
      }
      current_ = std::move(r.value());
    }
  }

 private:
  static void Fail(ReadItem* item, const std::string& f, std::string msg) {
    *item = ReadItem();
    item->ok = false;
    item->message.id = f;
    item->message.where = {f, 0, 0};
    item->error = {item->message.where, std::move(msg)};
  }

  std::vector<std::string> files_;
  ReaderOptions opt_;
  size_t next_ = 0;
  std::unique_ptr<Reader> current_;
};

bool IsMaildir(const fs::path& p) {
  std::error_code ec;
  return fs::is_directory(p / "cur", ec) || fs::is_directory(p / "new", ec);
}

}  // namespace

std::unique_ptr<Reader> MakeEmailReader(std::string name, std::istream* in, const ReaderOptions& options) {
  return std::make_unique<EmailReader>(std::move(name), in, options);
}

std::unique_ptr<Reader> MakeMboxReader(std::string name, std::istream* in, const ReaderOptions& options) {
  return std::make_unique<MboxReader>(std::move(name), in, options);
}

Result<std::unique_ptr<Reader>> OpenDirectory(const std::string& path, const ReaderOptions& options) {
  std::error_code ec;
  const fs::path root(path);
  std::string format = options.format;
  if (format == "auto") {
    if (fs::is_regular_file(root / "channels.json", ec) && fs::is_regular_file(root / "users.json", ec))
      format = "slack";
    else if (IsMaildir(root))
      format = "maildir";
  }
  if (format == "slack") return OpenSlackExport(path, options);
  ReaderOptions each = options;
  // Maildir: messages live in cur/ and new/ (tmp/ holds deliveries in
  // progress); Maildir++ subfolders (".Sent/cur") are included.
  const bool maildir = format == "maildir";
  if (maildir) each.format = "email";
  std::vector<std::string> files;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
  if (ec) return Error{{path, 0, 0}, "cannot read directory: " + ec.message()};
  for (; it != end; it.increment(ec)) {
    if (ec) break;
    std::error_code e2;
    if (!it->is_regular_file(e2)) continue;
    if (maildir) {
      std::string parent = it->path().parent_path().filename().string();
      if (parent != "cur" && parent != "new") continue;
    }
    files.push_back(it->path().string());
  }
  if (ec) return Error{{path, 0, 0}, "cannot read directory: " + ec.message()};
  // Name order, so the same tree gives the same records in the same order.
  std::sort(files.begin(), files.end());
  return std::unique_ptr<Reader>(std::make_unique<FilesReader>(std::move(files), each));
}

}  // namespace culpa::mail
