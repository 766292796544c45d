// Incremental mbox splitting. The file is read in 64 KiB chunks and one
// message is held at a time, so a 10 GB mailbox costs what its largest
// message costs (and no more than the size limit: past it the bytes are
// skipped, not kept).
#include "culpa/mbox.h"

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace culpa {
namespace {

std::string_view Content(const std::string& line) {
  std::string_view s(line);
  if (!s.empty() && s.back() == '\n') s.remove_suffix(1);
  if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
  return s;
}

bool IsBlank(std::string_view s) { return s.find_first_not_of(" \t") == std::string_view::npos; }

// ">From ", ">>From ": mboxrd (and mboxo) escaping. One ">" goes. In mboxo a
// body line that really started with ">From " cannot be told apart; it loses
// its ">" too.
bool IsEscapedFrom(std::string_view s) {
  size_t k = 0;
  while (k < s.size() && s[k] == '>') ++k;
  return k > 0 && s.substr(k, 5) == "From ";
}

}  // namespace

bool IsMboxSeparator(std::string_view line) {
  if (line.substr(0, 5) != "From " && line != "From") return false;
  std::string_view rest = line.size() > 5 ? line.substr(5) : std::string_view();
  // Netscape and Thunderbird: "From - " with or without a date.
  size_t k = rest.find_first_not_of(" \t");
  if (k == std::string_view::npos) return false;
  const bool netscape = rest[k] == '-' && (k + 1 == rest.size() || rest[k + 1] == ' ' || rest[k + 1] == '\t');
  if (netscape && rest.find_first_not_of(" \t", k + 1) == std::string_view::npos) return true;
  // "From sender date" (and "From - date"): a time of day and a four-digit
  // year, so that body text such as "From Russia with love" or "From - the
  // team" is not a separator.
  bool time = false, year = false;
  for (size_t i = 0; i + 1 < rest.size(); ++i) {
    if (!time && i + 3 < rest.size() + 0 && std::isdigit(static_cast<unsigned char>(rest[i])) && rest[i + 1] == ':' &&
        i + 2 < rest.size() && std::isdigit(static_cast<unsigned char>(rest[i + 2])))
      time = true;
    if (!time && std::isdigit(static_cast<unsigned char>(rest[i])) && i + 2 < rest.size() && rest[i + 1] != ':' &&
        std::isdigit(static_cast<unsigned char>(rest[i + 1])) && rest[i + 2] == ':')
      time = true;
    if (i + 3 < rest.size() && std::isdigit(static_cast<unsigned char>(rest[i])) &&
        std::isdigit(static_cast<unsigned char>(rest[i + 1])) && std::isdigit(static_cast<unsigned char>(rest[i + 2])) &&
        std::isdigit(static_cast<unsigned char>(rest[i + 3])) &&
        (i == 0 || !std::isdigit(static_cast<unsigned char>(rest[i - 1]))) &&
        (i + 4 == rest.size() || !std::isdigit(static_cast<unsigned char>(rest[i + 4]))))
      year = true;
  }
  return time && year;
}

MboxSplitter::MboxSplitter(std::istream* in, size_t max_message_bytes) : in_(in), limit_(max_message_bytes) {}

bool MboxSplitter::ReadLine(std::string* line) {
  line->clear();
  bool overlong = false;
  for (;;) {
    size_t nl = pending_.find(eol_, pending_pos_);
    size_t take = (nl == std::string::npos ? pending_.size() : nl + 1) - pending_pos_;
    // A "line" longer than the message limit is not kept whole: only its
    // start, which is all the caller needs to see that the message is too big.
    if (line->size() + take > limit_ + 2) {
      size_t room = line->size() < limit_ + 2 ? limit_ + 2 - line->size() : 0;
      line->append(pending_, pending_pos_, room);
      overlong = true;
    } else {
      line->append(pending_, pending_pos_, take);
    }
    pos_ += static_cast<long long>(take);
    pending_pos_ += take;
    if (nl != std::string::npos) break;
    pending_.clear();
    pending_pos_ = 0;
    char buf[65536];
    in_->read(buf, sizeof buf);
    std::streamsize got = in_->gcount();
    if (got <= 0) break;
    pending_.assign(buf, static_cast<size_t>(got));
    if (first_fill_) {
      // Mailboxes saved on old Macs end lines with CR alone.
      first_fill_ = false;
      if (pending_.find('\n') == std::string::npos && pending_.find('\r') != std::string::npos) eol_ = '\r';
    }
  }
  if (line->empty() && !overlong) return false;
  ++line_no_;
  overlong_ = overlong;
  return true;
}

void MboxSplitter::Unread(const std::string& bytes, long long consumed, int lines) {
  if (pending_pos_ >= bytes.size() && pending_.compare(pending_pos_ - bytes.size(), bytes.size(), bytes) == 0) {
    pending_pos_ -= bytes.size();
  } else {
    pending_ = bytes + pending_.substr(pending_pos_);
    pending_pos_ = 0;
  }
  pos_ -= consumed;
  line_no_ -= lines;
}

bool MboxSplitter::Next(MboxEntry* e) {
  *e = MboxEntry();
  std::string line;
  const long long start = pos_;
  const int start_line = line_no_ + 1;
  if (!ReadLine(&line)) return false;
  e->index = ++index_;
  e->offset = start;
  e->line = start_line;
  size_t size = 0;
  auto append = [&](std::string_view bytes) {
    if (e->too_big) return;
    size += bytes.size();
    if (size > limit_) {
      e->too_big = true;
      std::string().swap(e->raw);
      return;
    }
    e->raw.append(bytes);
  };
  // Appends a body or header line, unescaping ">From ".
  auto add = [&](const std::string& l) {
    std::string_view c = Content(l);
    if (IsEscapedFrom(c)) append(std::string_view(l).substr(1));
    else append(l);
  };

  std::string_view first = Content(line);
  if (index_ == 1 && first.substr(0, 3) == "\xEF\xBB\xBF") first.remove_prefix(3);  // a BOM
  if (first.substr(0, 5) == "From " || first == "From -" || first == "From") {
    e->from_line = std::string(first);
  } else {
    add(line);
  }
  // Past the limit the message is only skipped: drop what was kept.
  auto too_big = [&] {
    e->too_big = true;
    std::string().swap(e->raw);
  };
  if (overlong_) too_big();

  bool in_headers = true;
  long long content_length = -1;
  while (ReadLine(&line)) {
    std::string_view c = Content(line);
    if (overlong_) too_big();
    if (in_headers) {
      if (IsBlank(c)) {
        in_headers = false;
        add(line);
        if (content_length >= 0 && TakeCounted(content_length, e, &size)) return true;
        continue;
      }
      if (c.size() > 15 && strncasecmp(c.data(), "Content-Length:", 15) == 0)
        content_length = std::strtoll(std::string(c.substr(15)).c_str(), nullptr, 10);
    }
    if (IsMboxSeparator(c)) {
      // No blank line is required before it: Netscape wrote "From - "
      // straight after the previous body. The date check keeps prose out.
      Unread(line, static_cast<long long>(line.size()), 1);
      return true;
    }
    add(line);
  }
  return true;
}

// With a Content-Length header, the body is that many bytes, if the count
// lands on the end of the file or on a separator; then "From " lines inside
// it are body text even when they look like separators. When the count is
// wrong (it often is after a mail program edited the file), the lines are
// read the ordinary way. Returns true when the message is complete.
bool MboxSplitter::TakeCounted(long long length, MboxEntry* e, size_t* size) {
  std::vector<std::string> lines;
  long long got = 0;
  std::string line;
  while (got < length && ReadLine(&line)) {
    got += static_cast<long long>(line.size());
    lines.push_back(line);
    if (got > static_cast<long long>(limit_)) break;
  }
  bool trusted = false;
  std::string peek;
  bool have_peek = false;
  if (got == length) {
    have_peek = ReadLine(&peek);
    if (!have_peek) {
      trusted = true;
    } else {
      std::string_view c = Content(peek);
      trusted = IsMboxSeparator(c) || IsBlank(c);
    }
  }
  if (trusted) {
    for (const std::string& l : lines) {
      *size += l.size();
      if (*size > limit_) e->too_big = true;
      if (!e->too_big) e->raw += l;
    }
    if (e->too_big) e->raw.clear();
    if (have_peek) Unread(peek, static_cast<long long>(peek.size()), 1);
    // A blank line after the counted body belongs to the separator: the
    // ordinary loop reads on from it.
    return have_peek ? !IsBlank(Content(peek)) : true;
  }
  // Not trusted: put everything back and let the ordinary loop read it.
  std::string back;
  long long bytes = 0;
  for (const std::string& l : lines) back += l;
  if (have_peek) back += peek;
  bytes = static_cast<long long>(back.size());
  Unread(back, bytes, static_cast<int>(lines.size()) + (have_peek ? 1 : 0));
  return false;
}

}  // namespace culpa
