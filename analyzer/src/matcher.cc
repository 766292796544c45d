// RE2 lives here and only here; its errors become culpa::Error values.
#include "culpa/matcher.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>

namespace culpa {

struct Matcher::Impl {
  explicit Impl(const RE2::Options& o) : options(o), set(o, RE2::UNANCHORED) {}
  RE2::Options options;
  RE2::Set set;
  std::vector<std::string> patterns;
  // Compiled on first use: most rules never hit in a given run, and compiling
  // all of them up front doubled start-up time.
  mutable std::vector<std::unique_ptr<RE2>> each;
};

Matcher::Matcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Matcher::Matcher(Matcher&&) noexcept = default;
Matcher& Matcher::operator=(Matcher&&) noexcept = default;
Matcher::~Matcher() = default;

size_t Matcher::size() const { return impl_->patterns.size(); }

Result<Matcher> Matcher::Compile(const std::vector<std::string>& patterns, const Options& options) {
  RE2::Options o;
  o.set_case_sensitive(true);  // the text is case-folded and patterns lowercase: twice as fast to compile
  o.set_log_errors(false);
  o.set_max_mem(options.max_mem);
  auto impl = std::make_unique<Impl>(o);
  for (size_t i = 0; i < patterns.size(); ++i) {
    std::string err;
    if (impl->set.Add(patterns[i], &err) < 0) {
      Error e;
      e.message = "pattern " + std::to_string(i) + ": " + err;
      return e;
    }
  }
  impl->patterns = patterns;
  impl->each.resize(patterns.size());
  if (!impl->set.Compile()) {
    Error e;
    e.message = "the rule set does not fit in the regex memory budget (" + std::to_string(options.max_mem >> 20) +
                " MiB); raise settings.regex_memory_mb";
    return e;
  }
  return Matcher(std::move(impl));
}

void Matcher::MatchOne(uint32_t pattern, std::string_view text, std::vector<Hit>* hits) const {
  std::unique_ptr<RE2>& slot = impl_->each[pattern];
  if (!slot) slot = std::make_unique<RE2>(impl_->patterns[pattern], impl_->options);
  const RE2& re = *slot;
  re2::StringPiece input(text.data(), text.size());
  re2::StringPiece m;
  size_t pos = 0;
  while (pos <= text.size() && re.Match(input, pos, text.size(), RE2::UNANCHORED, &m, 1)) {
    uint32_t b = static_cast<uint32_t>(m.data() - text.data());
    uint32_t e = b + static_cast<uint32_t>(m.size());
    if (e > b) hits->push_back({pattern, b, e});  // an empty hit is no evidence
    pos = e > b ? e : e + 1;                       // and must still advance
  }
}

Result<bool> Matcher::Match(std::string_view text, std::vector<Hit>* hits) const {
  std::vector<int> which;
  RE2::Set::ErrorInfo info{};
  if (!impl_->set.Match(re2::StringPiece(text.data(), text.size()), &which, &info)) {
    if (info.kind == RE2::Set::kNoError) return false;
    if (info.kind == RE2::Set::kOutOfMemory)
      return Error{{}, "regex engine ran out of memory on this message; raise settings.regex_memory_mb"};
    return Error{{}, "regex set match failed (internal error " + std::to_string(static_cast<int>(info.kind)) + ")"};
  }
  size_t first = hits->size();
  std::sort(which.begin(), which.end());
  for (int p : which) {
    MatchOne(static_cast<uint32_t>(p), text, hits);
    // The set parsed this pattern, so only memory can stop it compiling alone:
    // say so rather than report "no match".
    if (!impl_->each[p]->ok())
      return Error{{}, "pattern " + std::to_string(p) + " does not fit in the regex memory budget: " +
                           impl_->each[p]->error()};
  }
  std::sort(hits->begin() + static_cast<long>(first), hits->end(), [](const Hit& a, const Hit& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.pattern < b.pattern;
  });
  return true;
}

bool PatternMatchesEmpty(const std::string& regex) {
  RE2::Options o;
  o.set_log_errors(false);
  RE2 re(regex, o);
  return re.ok() && RE2::FullMatch("", re);
}

}  // namespace culpa
