// HTML to text. The tree walk is iterative: the depth limit is the user's to
// raise, and a recursive walk of a tree thousands deep would overflow the
// stack. The depth is capped here, not by libxml2: XML_PARSE_HUGE (needed for
// text nodes over 10 MB) lifts libxml2's own cap of 256.
#include "mail/html_text.h"

#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/tree.h>

#include <strings.h>

#include <cstring>
#include <mutex>

namespace culpa::mail {
namespace {

void Silent(void*, const char*, ...) {}

bool Is(const xmlNode* n, const char* name) {
  return n->name && strcasecmp(reinterpret_cast<const char*>(n->name), name) == 0;
}

bool IsSkipped(const xmlNode* n) {
  for (const char* s : {"script", "style", "head", "title", "noscript", "template", "object", "iframe", "svg"})
    if (Is(n, s)) return true;
  return false;
}

bool IsBlock(const xmlNode* n) {
  for (const char* s : {"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table",
                        "ul", "ol", "hr", "section", "article", "header", "footer", "dd", "dt", "dl", "address",
                        "center", "form", "fieldset", "nav", "aside", "main", "figure", "figcaption", "body",
                        "html", "tbody", "thead", "tfoot"})
    if (Is(n, s)) return true;
  return false;
}

class Builder {
 public:
  void Text(const char* s, bool pre) {
    for (const char* p = s; *p; ++p) {
      char c = *p;
      // A no-break space is a space here ("--&nbsp;" is a signature line).
      if (static_cast<unsigned char>(c) == 0xC2 && static_cast<unsigned char>(p[1]) == 0xA0) {
        c = ' ';
        ++p;
      }
      if (c == '\r') continue;
      if (c == '\n' && pre) { Newline(); continue; }
      if (c == ' ' || c == '\t' || c == '\n' || c == '\f') {
        if (pre) { Put(' '); continue; }
        space_ = true;
        continue;
      }
      if (space_ && !at_line_start_) Put(' ');
      space_ = false;
      Put(c);
    }
  }

  void Newline() {
    if (at_line_start_ && !out_.empty() && !prefixed_) {
      // Allow one blank line, not more.
      if (newlines_ >= 2) return;
    }
    out_ += '\n';
    ++newlines_;
    at_line_start_ = true;
    prefixed_ = false;
    space_ = false;
  }

  // Ends the current line if anything is on it.
  void Break() {
    if (!at_line_start_) Newline();
    space_ = false;
  }

  int quote_depth = 0;

  std::string Finish() {
    while (!out_.empty() && (out_.back() == '\n' || out_.back() == ' ')) out_.pop_back();
    size_t b = out_.find_first_not_of("\n ");
    if (b == std::string::npos) return "";
    out_.erase(0, b);
    out_ += '\n';
    return std::move(out_);
  }

 private:
  void Put(char c) {
    if (at_line_start_) {
      for (int i = 0; i < quote_depth; ++i) out_ += "> ";
      prefixed_ = quote_depth > 0;
      at_line_start_ = false;
      newlines_ = 0;
    }
    out_ += c;
  }

  std::string out_;
  bool at_line_start_ = true;
  bool prefixed_ = false;
  bool space_ = false;
  int newlines_ = 2;
};

// Used when libxml2 returns no document, or no text, for a body that is not
// empty: tags dropped, the common entities decoded, so no words are lost.
std::string StripTags(std::string_view html) {
  std::string out;
  bool in_tag = false;
  for (size_t i = 0; i < html.size(); ++i) {
    char c = html[i];
    if (in_tag) {
      if (c == '>') in_tag = false;
      continue;
    }
    if (c == '<') {
      in_tag = true;
      for (const char* skip : {"script", "style"}) {
        const size_t n = std::strlen(skip);
        if (html.size() - i - 1 < n || strncasecmp(html.data() + i + 1, skip, n) != 0) continue;
        size_t end = html.find(std::string("</") + skip, i);
        // Jump to the closing tag, which is then skipped as a tag.
        i = end == std::string_view::npos ? html.size() : end;
        break;
      }
      continue;
    }
    if (c == '&') {
      static const std::pair<const char*, const char*> kEntities[] = {
          {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&nbsp;", " "}};
      bool done = false;
      for (const auto& [e, r] : kEntities) {
        size_t n = std::strlen(e);
        if (html.compare(i, n, e) == 0) {
          out += r;
          i += n - 1;
          done = true;
          break;
        }
      }
      if (done) continue;
    }
    out += c;
  }
  size_t b = out.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = out.find_last_not_of(" \t\r\n");
  return out.substr(b, e - b + 1) + "\n";
}

// Watches the depth of the tree libxml2 builds. libxml2 scans its whole
// stack of open elements for every end tag it cannot match, so a body of
// 10,000 open <div>s followed by stray end tags is quadratic; stopping the
// parser once the tree is deeper than the limit keeps the cost linear.
struct DepthGuard {
  startElementSAXFunc start = nullptr;  // libxml2's own tree builder
  int max_depth = 0;
  bool exceeded = false;

  static void Start(void* ctx, const xmlChar* name, const xmlChar** atts) {
    auto* ctxt = static_cast<htmlParserCtxtPtr>(ctx);
    auto* self = static_cast<DepthGuard*>(ctxt->_private);
    self->start(ctx, name, atts);
    // nodeNr: elements open in the tree, the one just started included.
    if (ctxt->nodeNr > self->max_depth && !self->exceeded) {
      self->exceeded = true;
      xmlStopParser(ctxt);
    }
  }
};

}  // namespace

Result<std::string> HtmlToText(std::string_view html, int max_depth) {
  static std::once_flag once;
  std::call_once(once, [] {
    xmlInitParser();
    xmlSetGenericErrorFunc(nullptr, Silent);
  });
  if (html.empty()) return std::string();
  htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
  if (!ctxt) return Error{{}, "out of memory reading an HTML body"};
  DepthGuard guard;
  guard.start = ctxt->sax->startElement;  // the context's own copy of the handlers
  guard.max_depth = max_depth;
  ctxt->_private = &guard;
  ctxt->sax->startElement = DepthGuard::Start;
  htmlDocPtr doc = htmlCtxtReadMemory(ctxt, html.data(), static_cast<int>(html.size()), nullptr, "UTF-8",
                                      HTML_PARSE_RECOVER | XML_PARSE_HUGE | HTML_PARSE_NOERROR |
                                          HTML_PARSE_NOWARNING | HTML_PARSE_NONET | HTML_PARSE_NOIMPLIED);
  htmlFreeParserCtxt(ctxt);
  if (guard.exceeded) {
    if (doc) xmlFreeDoc(doc);
    return Error{{}, "HTML elements nested deeper than " + std::to_string(max_depth) + " (raise --max-html-depth)"};
  }
  if (!doc) return StripTags(html);
  Builder b;
  int pre = 0;
  auto open = [&](xmlNode* n) {
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
      if (n->content) b.Text(reinterpret_cast<const char*>(n->content), pre > 0);
      return false;
    }
    if (n->type != XML_ELEMENT_NODE || IsSkipped(n)) return false;  // comments, PIs, scripts
    if (Is(n, "br")) b.Newline();
    else if (IsBlock(n)) b.Break();
    if (Is(n, "blockquote")) ++b.quote_depth;
    if (Is(n, "pre")) ++pre;
    if (Is(n, "td") || Is(n, "th")) b.Text(" ", false);
    return n->children != nullptr;
  };
  auto close = [&](xmlNode* n) {
    if (n->type != XML_ELEMENT_NODE || IsSkipped(n)) return;
    if (IsBlock(n)) b.Break();
    if (Is(n, "blockquote")) --b.quote_depth;
    if (Is(n, "pre")) --pre;
  };
  xmlNode* n = doc->children;
  while (n) {
    if (open(n)) {
      n = n->children;
      continue;
    }
    // Nothing below n left to visit: close it and its finished ancestors.
    while (n) {
      close(n);
      if (n->next) {
        n = n->next;
        break;
      }
      n = n->parent;
      if (!n || n->type != XML_ELEMENT_NODE) n = nullptr;
    }
  }
  xmlFreeDoc(doc);
  std::string text = b.Finish();
  if (text.empty()) return StripTags(html);
  return text;
}

}  // namespace culpa::mail
