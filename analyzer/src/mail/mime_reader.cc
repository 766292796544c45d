// One raw message to a Message, through GMime 3. This is the only file that
// sees GMime types; GMime's failures become Error values here.
//
// What is the writer's text: the inline text/plain parts (or the text/html
// one, converted, when an alternative has no plain version), in order.
// Everything else is skipped and named in Message::notes, because a record
// that silently drops half a message cannot be trusted.
#include "culpa/mail.h"

#include <gmime/gmime.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <mutex>

#include "culpa/own_words.h"
#include "mail/automated.h"
#include "mail/html_text.h"

namespace culpa {
namespace {

void InitGMime() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

// Parser options shared by every parse: loose about RFC 2047 (real mail
// encodes words mid-token) and, for undeclared 8-bit text, UTF-8 first and
// then windows-1252 (a superset of Latin-1 that mail from Windows uses).
GMimeParserOptions* Options() {
  static GMimeParserOptions* opts = [] {
    InitGMime();
    GMimeParserOptions* o = g_mime_parser_options_new();
    g_mime_parser_options_set_rfc2047_compliance_mode(o, GMIME_RFC_COMPLIANCE_LOOSE);
    g_mime_parser_options_set_address_compliance_mode(o, GMIME_RFC_COMPLIANCE_LOOSE);
    g_mime_parser_options_set_parameter_compliance_mode(o, GMIME_RFC_COMPLIANCE_LOOSE);
    g_mime_parser_options_set_allow_addresses_without_domain(o, TRUE);
    const char* fallback[] = {"UTF-8", "windows-1252", nullptr};
    g_mime_parser_options_set_fallback_charsets(o, fallback);
    return o;
  }();
  return opts;
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string Trim(std::string s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

// Folded header values become one line.
std::string Unfold(std::string s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '\r' || c == '\n') {
      if (out.empty() || out.back() != ' ') out += ' ';
      continue;
    }
    if (c == '\t' && !out.empty() && out.back() == ' ') continue;
    out += c;
  }
  return Trim(out);
}

bool ValidUtf8(const char* s, size_t n) {
  size_t i = 0;
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) { ++i; continue; }
    int len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (len == 0 || (len == 2 && c < 0xC2) || i + len > n) return false;
    for (int k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += len;
  }
  return true;
}

// Bytes in `charset` to UTF-8. Unknown or lying charsets fall back to GMime's
// guess (UTF-8, then windows-1252), so text is never dropped.
std::string ToUtf8(const char* data, size_t n, const std::string& charset) {
  std::string cs = Lower(charset);
  if (cs.empty() || cs == "us-ascii" || cs == "ascii" || cs == "utf-8" || cs == "utf8") {
    if (ValidUtf8(data, n)) return std::string(data, n);
  } else {
    iconv_t cd = g_mime_iconv_open("UTF-8", charset.c_str());
    if (cd != reinterpret_cast<iconv_t>(-1)) {
      char* out = g_mime_iconv_strndup(cd, data, n);
      g_mime_iconv_close(cd);
      if (out) {
        std::string s(out);
        g_free(out);
        if (ValidUtf8(s.data(), s.size())) return s;
      }
    }
  }
  char* out = g_mime_utils_decode_8bit(Options(), data, n);
  std::string s = out ? out : "";
  g_free(out);
  return s;
}

// Line ends become "\n": the body is text, and the quote filter reads lines.
void NormalizeNewlines(std::string* s) {
  if (s->find('\r') == std::string::npos) return;
  std::string out;
  out.reserve(s->size());
  for (size_t i = 0; i < s->size(); ++i) {
    char c = (*s)[i];
    if (c == '\r') {
      out += '\n';
      if (i + 1 < s->size() && (*s)[i + 1] == '\n') ++i;
    } else {
      out += c;
    }
  }
  s->swap(out);
}

std::string Header(GMimeObject* obj, const char* name) {
  const char* v = g_mime_object_get_header(obj, name);
  return v ? Unfold(v) : std::string();
}

std::string TypeOf(GMimeObject* obj) {
  GMimeContentType* ct = g_mime_object_get_content_type(obj);
  if (!ct) return "text/plain";
  const char* t = g_mime_content_type_get_media_type(ct);
  const char* s = g_mime_content_type_get_media_subtype(ct);
  return Lower(std::string(t ? t : "text") + "/" + (s ? s : "plain"));
}

struct Walk {
  const MailOptions& opt;
  std::vector<std::string> bodies;
  std::vector<std::string> notes;
  std::string error;

  std::string PartName(GMimeObject* obj) {
    const char* fn = GMIME_IS_PART(obj) ? g_mime_part_get_filename(GMIME_PART(obj)) : nullptr;
    return fn ? std::string(fn) + " " : std::string();
  }

  void Skip(GMimeObject* obj, const char* what) {
    notes.push_back(std::string("skipped ") + what + " " + PartName(obj) + "(" + TypeOf(obj) + ")");
  }

  bool IsAttachment(GMimeObject* obj) {
    GMimeContentDisposition* d = g_mime_object_get_content_disposition(obj);
    return d && g_mime_content_disposition_is_attachment(d);
  }

  // The body text of a leaf part, decoded and in UTF-8.
  std::string Decode(GMimePart* part) {
    GMimeDataWrapper* w = g_mime_part_get_content(part);
    if (!w) return "";
    GMimeStream* mem = g_mime_stream_mem_new();
    g_mime_data_wrapper_write_to_stream(w, mem);
    GByteArray* ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
    const char* cs = g_mime_object_get_content_type_parameter(GMIME_OBJECT(part), "charset");
    std::string s = ToUtf8(reinterpret_cast<const char*>(ba->data), ba->len, cs ? Trim(cs) : "");
    g_object_unref(mem);
    NormalizeNewlines(&s);
    return s;
  }

  void Leaf(GMimeObject* obj) {
    std::string type = TypeOf(obj);
    if (IsAttachment(obj)) return Skip(obj, "attachment");
    if (type == "text/plain" || type == "text/html") {
      std::string text = Decode(GMIME_PART(obj));
      if (type == "text/html") {
        Result<std::string> plain = mail::HtmlToText(text, opt.max_html_depth);
        if (!plain.ok()) {
          error = plain.error().message;
          return;
        }
        text = std::move(plain.value());
      }
      bodies.push_back(std::move(text));
      return;
    }
    Skip(obj, type.rfind("text/", 0) == 0 ? "text part" : "attachment");
  }

  // Picks the one version of an alternative to read: plain text first, HTML
  // next, else the first nested multipart (e.g. related HTML with images).
  GMimeObject* Choose(GMimeMultipart* mp) {
    int n = g_mime_multipart_get_count(mp);
    for (const char* want : {"text/plain", "text/html"})
      for (int i = 0; i < n; ++i) {
        GMimeObject* c = g_mime_multipart_get_part(mp, i);
        if (GMIME_IS_PART(c) && TypeOf(c) == want && !IsAttachment(c)) return c;
      }
    for (int i = 0; i < n; ++i) {
      GMimeObject* c = g_mime_multipart_get_part(mp, i);
      if (GMIME_IS_MULTIPART(c)) return c;
    }
    return n > 0 ? g_mime_multipart_get_part(mp, 0) : nullptr;
  }

  // Recursive: CheckShape has bounded the depth.
  void Visit(GMimeObject* obj) {
    if (!error.empty()) return;
    if (GMIME_IS_MESSAGE_PART(obj)) return Skip(obj, "attached message");
    if (GMIME_IS_MESSAGE_PARTIAL(obj)) return Skip(obj, "message fragment");
    if (GMIME_IS_MULTIPART_ENCRYPTED(obj)) return Skip(obj, "encrypted part");
    if (GMIME_IS_MULTIPART(obj)) {
      GMimeMultipart* mp = GMIME_MULTIPART(obj);
      int n = g_mime_multipart_get_count(mp);
      std::string type = TypeOf(obj);
      if (n == 0) {
        // The boundary never occurs (broken or truncated mail): GMime leaves
        // the whole body in the prologue. Read it as plain text rather than
        // lose it, and say so.
        const char* pro = g_mime_multipart_get_prologue(mp);
        std::string text = pro ? ToUtf8(pro, std::strlen(pro), "") : "";
        NormalizeNewlines(&text);
        if (!Trim(text).empty()) {
          bodies.push_back(std::move(text));
          notes.push_back("no MIME parts found (boundary missing); read the body as plain text");
        }
        return;
      }
      if (type == "multipart/alternative") {
        if (GMimeObject* c = Choose(mp)) Visit(c);
        return;
      }
      // Only the first part is the writer's: the rest of a signed message is
      // its signature, of a related one its images, of a report the machine
      // readable report and the returned message.
      bool first_only = type == "multipart/signed" || type == "multipart/related" || type == "multipart/report";
      for (int i = 0; i < n; ++i) {
        GMimeObject* c = g_mime_multipart_get_part(mp, i);
        if (first_only && i > 0) {
          if (type != "multipart/signed") Skip(c, "part");
          continue;
        }
        Visit(c);
      }
      return;
    }
    if (GMIME_IS_PART(obj)) Leaf(obj);
  }
};

// Checks the shape of the part tree under `body` against the limits before
// anything is read from it: nesting deeper than max_mime_depth (the body is at
// depth 1) or more than max_mime_parts parts, counting every part, read or
// skipped (each skipped one costs a note in the record), an attached message
// as one. Returns the error, or "" when the tree is within both. An explicit
// stack, depth first, and it stops at the first limit crossed.
std::string CheckShape(GMimeObject* body, const MailOptions& opt) {
  int count = 0;
  std::vector<std::pair<GMimeObject*, int>> todo{{body, 1}};
  while (!todo.empty()) {
    auto [obj, depth] = todo.back();
    todo.pop_back();
    if (depth > opt.max_mime_depth)
      return "MIME parts nested deeper than " + std::to_string(opt.max_mime_depth) + " (raise --max-mime-depth)";
    if (++count > opt.max_mime_parts)
      return "more than " + std::to_string(opt.max_mime_parts) + " MIME parts (raise --max-mime-parts)";
    if (!GMIME_IS_MULTIPART(obj)) continue;  // a leaf, or an attached message
    GMimeMultipart* mp = GMIME_MULTIPART(obj);
    for (int i = g_mime_multipart_get_count(mp) - 1; i >= 0; --i)
      todo.emplace_back(g_mime_multipart_get_part(mp, i), depth + 1);
  }
  return "";
}

std::string IsoDate(GMimeMessage* msg) {
  GDateTime* dt = g_mime_message_get_date(msg);
  if (!dt) return "";
  gchar* s = g_date_time_format(dt, "%Y-%m-%dT%H:%M:%S%:z");
  std::string out = s ? s : "";
  g_free(s);
  if (out.size() > 6 && out.compare(out.size() - 6, 6, "+00:00") == 0) out.replace(out.size() - 6, 6, "Z");
  return out;
}

std::string MessageId(const std::string& raw) {
  std::string s = Trim(raw);
  if (s.size() >= 2 && s.front() == '<') {
    size_t e = s.find('>');
    if (e != std::string::npos) return s.substr(1, e - 1);
  }
  return s;
}

// Cheap sanity check before handing bytes to GMime: the Outlook .msg files
// and other binaries people save next to their mail are not mail.
bool LooksBinary(std::string_view raw) {
  if (raw.size() >= 4 && static_cast<unsigned char>(raw[0]) == 0xD0 && static_cast<unsigned char>(raw[1]) == 0xCF &&
      static_cast<unsigned char>(raw[2]) == 0x11 && static_cast<unsigned char>(raw[3]) == 0xE0)
    return true;
  // NUL bytes alone do not decide: bounces quote broken mail that has them.
  return raw.substr(0, 8192).find('\0') != std::string_view::npos && !LooksLikeMail(raw.substr(0, 65536));
}

// Mail saved on old Macs ends lines with CR only; GMime wants LF.
std::string FixCrOnly(std::string_view raw) {
  if (raw.find('\r') == std::string_view::npos) return std::string(raw);
  size_t lf = 0, lone_cr = 0;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\n') ++lf;
    else if (raw[i] == '\r' && (i + 1 >= raw.size() || raw[i + 1] != '\n')) ++lone_cr;
  }
  std::string s(raw);
  if (lone_cr > lf) NormalizeNewlines(&s);
  return s;
}

}  // namespace

bool LooksLikeMail(std::string_view head) {
  // Known header fields at the start, before the first blank line.
  static const char* kKnown[] = {"from", "to", "subject", "date", "message-id", "received", "return-path",
                                 "mime-version", "content-type", "delivered-to", "reply-to", "cc",
                                 "x-mailer", "in-reply-to", "references", "sender", "content-transfer-encoding",
                                 "x-original-to", "envelope-to", "dkim-signature", "arc-seal", "x-received",
                                 "authentication-results", "user-agent", "thread-topic", "x-sender"};
  int known = 0, lines = 0;
  size_t i = 0;
  // The first line may be an mbox "From " line (formail, procmail).
  if (head.substr(0, 5) == "From ") {
    size_t nl = head.find_first_of("\r\n");
    i = nl == std::string_view::npos ? head.size() : nl + 1;
    if (i < head.size() && head[i - 1] == '\r' && head[i] == '\n') ++i;
  }
  while (i < head.size() && lines < 200) {
    size_t e = head.find_first_of("\r\n", i);
    if (e == std::string_view::npos) e = head.size();
    std::string_view line = head.substr(i, e - i);
    if (line.empty()) break;  // end of the header block
    ++lines;
    if (line[0] == ' ' || line[0] == '\t') {
      if (lines == 1) return false;
    } else {
      size_t colon = line.find(':');
      if (colon == std::string_view::npos || colon == 0 || colon > 76) return false;
      for (size_t k = 0; k < colon; ++k) {
        unsigned char c = static_cast<unsigned char>(line[k]);
        if (c <= 32 || c >= 127) return false;
      }
      std::string name = Lower(std::string(line.substr(0, colon)));
      for (const char* k : kKnown)
        if (name == k) ++known;
      if (known >= 2) return true;
    }
    i = e + 1;
    if (e < head.size() && head[e] == '\r' && i < head.size() && head[i] == '\n') ++i;
  }
  return known >= 2;
}

Result<Message> ParseMail(std::string_view raw_in, const MailOptions& options) {
  if (raw_in.empty()) return Error{{}, "empty file, not a mail message"};
  if (LooksBinary(raw_in)) return Error{{}, "binary data, not a mail message (an Outlook .msg?)"};
  const std::string fixed = FixCrOnly(raw_in);
  std::string_view raw(fixed);
  // An mbox "From " line in front (procmail, formail, a one-message mbox).
  if (raw.substr(0, 5) == "From ") {
    size_t nl = raw.find('\n');
    raw.remove_prefix(nl == std::string_view::npos ? raw.size() : nl + 1);
  }
  size_t first_colon = raw.find(':'), first_nl = raw.find('\n');
  if (first_colon == std::string_view::npos || (first_nl != std::string_view::npos && first_colon > first_nl))
    return Error{{}, "no mail header fields, not a mail message"};

  InitGMime();
  GMimeStream* stream = g_mime_stream_mem_new_with_buffer(raw.data(), raw.size());
  GMimeParser* parser = g_mime_parser_new_with_stream(stream);
  g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
  g_mime_parser_set_respect_content_length(parser, FALSE);
  GMimeMessage* msg = g_mime_parser_construct_message(parser, Options());
  g_object_unref(parser);
  g_object_unref(stream);
  if (!msg) return Error{{}, "cannot parse as a mail message"};

  Message m;
  GMimeObject* top = GMIME_OBJECT(msg);
  if (const char* id = g_mime_message_get_message_id(msg)) m.meta.emplace_back("message_id", id);
  InternetAddressList* from = g_mime_message_get_from(msg);
  std::string from_name, from_addr;
  if (from && internet_address_list_length(from) > 0) {
    InternetAddress* a = internet_address_list_get_address(from, 0);
    if (const char* nm = internet_address_get_name(a)) from_name = Trim(nm);
    if (INTERNET_ADDRESS_IS_MAILBOX(a)) {
      if (const char* ad = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(a))) from_addr = ad;
    }
  }
  if (!from_name.empty()) m.meta.emplace_back("from_name", from_name);
  if (!from_addr.empty()) m.meta.emplace_back("from_address", from_addr);
  std::string date = IsoDate(msg);
  if (!date.empty()) m.meta.emplace_back("date", date);
  if (const char* subj = g_mime_message_get_subject(msg)) {
    std::string s = Unfold(subj);
    if (!s.empty()) m.meta.emplace_back("subject", s);
  }
  std::string irt = MessageId(Header(top, "In-Reply-To"));
  if (!irt.empty()) m.meta.emplace_back("in_reply_to", irt);
  for (const std::string& f : options.keep_fields) {
    const char* v = g_mime_object_get_header(top, f.c_str());
    if (!v) continue;
    char* dec = g_mime_utils_header_decode_text(Options(), v);
    std::string s = Unfold(dec ? dec : v);
    g_free(dec);
    // JSON text, as Message::fields wants it.
    std::string json = "\"";
    for (unsigned char c : s) {
      if (c == '"' || c == '\\') { json += '\\'; json += static_cast<char>(c); }
      else if (c < 0x20) { char buf[8]; snprintf(buf, sizeof buf, "\\u%04x", c); json += buf; }
      else json += static_cast<char>(c);
    }
    m.fields.emplace_back(f, json + "\"");
  }

  GMimeObject* body = g_mime_message_get_mime_part(msg);
  std::string type = body ? TypeOf(body) : "text/plain";
  const char* rt = body ? g_mime_object_get_content_type_parameter(body, "report-type") : nullptr;
  auto header = [&](const char* name) {
    std::string v = Header(top, name);
    if (v.empty() || std::strcmp(name, "Return-Path") == 0) return v;
    char* dec = g_mime_utils_header_decode_text(Options(), v.c_str());
    std::string s = dec ? dec : v;
    g_free(dec);
    return s;
  };
  m.automated = mail::DetectAutomated(header, type, rt ? rt : "");

  Walk walk{options, {}, {}, {}};
  if (body) walk.error = CheckShape(body, options);
  if (body && walk.error.empty()) walk.Visit(body);
  g_object_unref(msg);
  if (!walk.error.empty()) return Error{{}, walk.error};

  for (std::string& b : walk.bodies) {
    if (b.empty()) continue;
    if (!m.text.empty()) m.text += m.text.back() == '\n' ? "\n" : "\n\n";
    m.text += b;
  }
  m.notes = std::move(walk.notes);
  if (!options.keep_quoted) m.excluded = FindNotOwnWords(m.text);
  return m;
}

}  // namespace culpa
