// Slack workspace exports, unzipped: channels.json and users.json at the
// root, one folder per channel holding one <YYYY-MM-DD>.json array of
// messages per day. Each message a person wrote is one record; joins,
// leaves, topic changes and bot posts are not anyone's words and are only
// counted.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "mail/readers.h"

namespace culpa::mail {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Slack's markup: "<@U123>" mentions, "<#C1|general>" channels,
// "<https://x|label>" links, and &amp; &lt; &gt; escapes.
std::string PlainText(const std::string& s, const std::map<std::string, std::string>& users) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] == '<') {
      size_t e = s.find('>', i);
      if (e != std::string::npos) {
        std::string inner = s.substr(i + 1, e - i - 1);
        size_t bar = inner.find('|');
        std::string target = inner.substr(0, bar), label = bar == std::string::npos ? "" : inner.substr(bar + 1);
        if (!target.empty() && target[0] == '@') {
          auto u = users.find(target.substr(1));
          out += "@" + (!label.empty() ? label : u != users.end() ? u->second : target.substr(1));
        } else if (!target.empty() && target[0] == '#') {
          out += "#" + (label.empty() ? target.substr(1) : label);
        } else if (!target.empty() && target[0] == '!') {
          out += "@" + (label.empty() ? target.substr(1) : label);  // <!here>, <!channel>
        } else {
          out += label.empty() ? target : label;
        }
        i = e + 1;
        continue;
      }
    }
    if (s[i] == '&') {
      if (s.compare(i, 5, "&amp;") == 0) { out += '&'; i += 5; continue; }
      if (s.compare(i, 4, "&lt;") == 0) { out += '<'; i += 4; continue; }
      if (s.compare(i, 4, "&gt;") == 0) { out += '>'; i += 4; continue; }
    }
    out += s[i++];
  }
  return out;
}

std::string IsoFromTs(const std::string& ts) {
  char* end = nullptr;
  double v = std::strtod(ts.c_str(), &end);
  if (end == ts.c_str()) return "";
  std::time_t t = static_cast<std::time_t>(v);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Result<json> ReadJson(const fs::path& p, size_t limit) {
  std::error_code ec;
  auto size = fs::file_size(p, ec);
  if (ec) return Error{{p.string(), 0, 0}, "cannot read: " + ec.message()};
  if (size > limit) return Error{{p.string(), 0, 0}, "file larger than " + std::to_string(limit) + " bytes"};
  std::ifstream f(p, std::ios::binary);
  if (!f) return Error{{p.string(), 0, 0}, "cannot open"};
  std::stringstream ss;
  ss << f.rdbuf();
  json j = json::parse(ss.str(), nullptr, false);
  if (j.is_discarded()) return Error{{p.string(), 0, 0}, "invalid JSON"};
  return j;
}

// Subtypes that are events, not words. Gets wrong: "me_message" (/me) and
// "thread_broadcast" are kept, as a person wrote them; "bot_message" from an
// integration a person drives is skipped.
bool IsEvent(const json& m) {
  if (m.contains("bot_id") && !m.contains("user")) return true;
  auto st = m.find("subtype");
  if (st == m.end() || !st->is_string()) return false;
  const std::string s = st->get<std::string>();
  return s != "me_message" && s != "thread_broadcast" && s != "file_share";
}

class SlackReader : public Reader {
 public:
  SlackReader(std::vector<std::pair<std::string, fs::path>> days, std::map<std::string, std::string> users,
              const ReaderOptions& opt)
      : days_(std::move(days)), users_(std::move(users)), opt_(opt) {}

  bool Next(ReadItem* item) override {
    for (;;) {
      if (pos_ < messages_.size()) {
        const json& m = messages_[pos_++];
        ++index_;
        if (!m.is_object() || IsEvent(m)) {
          ++skipped_;
          continue;
        }
        *item = ReadItem();
        Message& msg = item->message;
        msg.where = {file_, 0, 0};
        msg.where.index = index_;
        msg.id = channel_ + "/" + day_ + "#" + std::to_string(index_);
        auto text = m.find("text");
        if (text == m.end() || !text->is_string()) {
          item->ok = false;
          item->error = {msg.where, "message has no text"};
          return true;
        }
        msg.text = PlainText(text->get<std::string>(), users_);
        msg.meta.emplace_back("channel", channel_);
        std::string uid = m.value("user", "");
        auto u = users_.find(uid);
        if (u != users_.end()) msg.meta.emplace_back("user", u->second);
        else if (m.contains("user_profile")) msg.meta.emplace_back("user", m["user_profile"].value("real_name", uid));
        if (!uid.empty()) msg.meta.emplace_back("user_id", uid);
        std::string ts = m.value("ts", "");
        std::string date = IsoFromTs(ts);
        if (!date.empty()) msg.meta.emplace_back("date", date);
        if (!ts.empty()) msg.meta.emplace_back("ts", ts);
        std::string thread = m.value("thread_ts", "");
        if (!thread.empty() && thread != ts) msg.meta.emplace_back("in_reply_to", thread);
        for (const std::string& f : opt_.keep_fields) {
          auto v = m.find(f);
          if (v != m.end()) msg.fields.emplace_back(f, v->dump(-1, ' ', false, json::error_handler_t::replace));
        }
        return true;
      }
      if (next_day_ >= days_.size()) return false;
      const auto& [channel, path] = days_[next_day_++];
      channel_ = channel;
      file_ = path.string();
      day_ = path.stem().string();
      messages_ = json::array();
      pos_ = 0;
      index_ = 0;
      // A day file is a whole JSON array; bound it like a message (times 16:
      // a busy channel's day is many messages).
      Result<json> j = ReadJson(path, opt_.max_message_bytes * 16);
      if (!j.ok() || !j.value().is_array()) {
        *item = ReadItem();
        item->ok = false;
        item->message.id = file_;
        item->message.where = {file_, 0, 0};
        item->error = j.ok() ? Error{item->message.where, "a Slack day file must hold a JSON array"} : j.error();
        return true;
      }
      messages_ = std::move(j.value());
    }
  }

  std::vector<std::string> Summary() const override {
    if (skipped_ == 0) return {};
    return {"skipped " + std::to_string(skipped_) + " Slack join/leave/bot events"};
  }

 private:
  std::vector<std::pair<std::string, fs::path>> days_;
  std::map<std::string, std::string> users_;
  ReaderOptions opt_;
  size_t next_day_ = 0;
  json messages_ = json::array();
  size_t pos_ = 0;
  int index_ = 0;
  long skipped_ = 0;
  std::string channel_, day_, file_;
};

}  // namespace

Result<std::unique_ptr<Reader>> OpenSlackExport(const std::string& path, const ReaderOptions& options) {
  const fs::path root(path);
  const size_t limit = std::max<size_t>(options.max_message_bytes * 16, size_t{64} << 20);
  std::map<std::string, std::string> users;
  Result<json> uj = ReadJson(root / "users.json", limit);
  if (!uj.ok()) return uj.error();
  if (uj.value().is_array()) {
    for (const json& u : uj.value()) {
      if (!u.is_object() || !u.contains("id") || !u["id"].is_string()) continue;
      std::string name;
      if (u.contains("profile") && u["profile"].is_object()) {
        const json& p = u["profile"];
        name = p.value("display_name", "");
        if (name.empty()) name = p.value("real_name", "");
      }
      if (name.empty()) name = u.value("real_name", "");
      if (name.empty()) name = u.value("name", "");
      users[u["id"].get<std::string>()] = name;
    }
  }
  // Channel folders: the names in channels.json (and groups/mpims/dms for
  // private ones), in file order; folders on disk that none names are read
  // too, after them, so nothing is lost.
  std::vector<std::string> channels;
  for (const char* list : {"channels.json", "groups.json", "mpims.json", "dms.json"}) {
    std::error_code ec;
    if (!fs::is_regular_file(root / list, ec)) continue;
    Result<json> cj = ReadJson(root / list, limit);
    if (!cj.ok()) return cj.error();
    if (!cj.value().is_array()) continue;
    for (const json& c : cj.value()) {
      std::string name = c.is_object() ? c.value("name", c.value("id", "")) : "";
      // A channel is a folder beside channels.json: a name that is not one
      // plain path part ("..", "a/b", "/") would read outside the export.
      if (name.empty() || name == "." || name == ".." || name.find_first_of("/\\") != std::string::npos ||
          name.find('\0') != std::string::npos)
        continue;
      if (std::find(channels.begin(), channels.end(), name) == channels.end())
        channels.push_back(name);
    }
  }
  std::vector<std::string> others;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(root, ec)) {
    if (!e.is_directory()) continue;
    std::string n = e.path().filename().string();
    if (std::find(channels.begin(), channels.end(), n) == channels.end()) others.push_back(n);
  }
  std::sort(others.begin(), others.end());
  channels.insert(channels.end(), others.begin(), others.end());
  std::vector<std::pair<std::string, fs::path>> days;
  for (const std::string& c : channels) {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(root / c, ec))
      if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (auto& f : files) days.emplace_back(c, std::move(f));
  }
  return std::unique_ptr<Reader>(std::make_unique<SlackReader>(std::move(days), std::move(users), options));
}

}  // namespace culpa::mail
