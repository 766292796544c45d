// RE2 lives here and only here; its errors become culpa::Error values.
#include "culpa/matcher.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <atomic>
#include <thread>

namespace culpa {

struct Matcher::Impl {
  explicit Impl(const RE2::Options& o) : options(o) {}
  RE2::Options options;
  // The screen, split in shards compiled on separate threads: RE2 compiles a
  // set on one core, and compiling the bundled rules was most of start-up.
  // Each shard is one more pass over every text (two half-sets scan ~30%
  // slower than one whole set), so a long run Merge()s them into one.
  std::vector<std::unique_ptr<RE2::Set>> shards;
  std::vector<std::vector<uint32_t>> shard_patterns;  // shard-local index -> pattern
  std::vector<std::string> patterns;
  bool screened = false;  // the shards were built from screens, not `patterns`
  // Compiled on first use: most rules never hit in a given run, and compiling
  // all of them up front doubled start-up time.
  mutable std::vector<std::unique_ptr<RE2>> each;
  // Per pattern: the strings it is, when it is a plain word or phrase
  // (LiteralForms); found by search instead of by its own regex.
  std::vector<std::vector<std::string>> literal;
  // MergeInBackground's thread compiles `merged` from `patterns` and
  // `options` (neither changes after Compile) and then sets `merge_done`;
  // the matcher's own thread adopts the result at its next Screen.
  std::thread merger;
  std::atomic<bool> merge_done{false};
  std::unique_ptr<RE2::Set> merged;

  ~Impl() {
    if (merger.joinable()) merger.join();
  }
  void AdoptMerged();
};

Matcher::Matcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Matcher::Matcher(Matcher&&) noexcept = default;
Matcher& Matcher::operator=(Matcher&&) noexcept = default;
Matcher::~Matcher() = default;

size_t Matcher::size() const { return impl_->patterns.size(); }
bool Matcher::Plain(uint32_t pattern) const { return !impl_->literal[pattern].empty(); }

namespace {

// Pattern bytes per shard below which splitting is not worth it: every shard
// is one more pass over each text, so only a set whose compile time matters
// (the rules, ~160 KB of screens) is split; the scope cues (~5 KB) stay whole.
// Four shards, not one per core: RE2 compiles a set of ~130 patterns at
// ~58 us a pattern and one of ~250 at ~71 us (the bigger program no longer
// stays in cache), so four quarter-sets on two cores finish ~25% sooner
// than two halves. A long run merges them anyway (MergeInBackground).
constexpr size_t kMinShardBytes = 32 * 1024;
constexpr size_t kMaxShards = 4;

// RE2's \b: ASCII letters, digits and _ are word characters.
bool WordByte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// The forms of a pattern that is a plain word or phrase between word
// boundaries, "\b(?:can'?t)\b" -> {"can't", "cant"}, else none. Most scope
// words are such (the cue pass looks up a dozen of them in every window),
// and a search for a few bytes costs far less than a regex's pass over the
// text. Kept to forms whose hits can never overlap (no form's end can begin
// another), so every occurrence is one of the regex's leftmost-first hits.
std::vector<std::string> LiteralForms(const std::string& regex) {
  static const std::string kOpen = "\\b(?:", kClose = ")\\b";
  if (regex.size() <= kOpen.size() + kClose.size() || regex.compare(0, kOpen.size(), kOpen) != 0 ||
      regex.compare(regex.size() - kClose.size(), kClose.size(), kClose) != 0)
    return {};
  std::vector<std::string> forms(1);
  for (size_t i = kOpen.size(); i < regex.size() - kClose.size(); ++i) {
    const char c = regex[i];
    if (c == '\'' && i + 1 < regex.size() && regex[i + 1] == '?') {
      if (forms.size() >= 4) return {};
      const size_t n = forms.size();
      for (size_t k = 0; k < n; ++k) forms.push_back(forms[k] + '\'');  // with: RE2's greedy '? tries it first
      std::rotate(forms.begin(), forms.begin() + static_cast<long>(n), forms.end());
      ++i;
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ' ' || c == '-') {
      for (std::string& f : forms) f += c;
    } else {
      return {};
    }
  }
  for (const std::string& a : forms) {
    if (!WordByte(a.front()) || !WordByte(a.back())) return {};
    for (const std::string& b : forms)
      for (size_t s = 1; s < a.size(); ++s)  // a's tail is b's head: two hits could overlap
        if (a.compare(s, std::string::npos, b, 0, std::min(b.size(), a.size() - s)) == 0) return {};
  }
  return forms;
}

}  // namespace

Result<Matcher> Matcher::Compile(const std::vector<std::string>& patterns, const Options& options,
                                 const std::vector<std::string>* screens) {
  if (screens && screens->size() != patterns.size()) return Error{{}, "one screen per pattern expected"};
  const std::vector<std::string>& screen = screens ? *screens : patterns;
  RE2::Options o;
  o.set_case_sensitive(true);  // the text is case-folded and patterns lowercase: twice as fast to compile
  o.set_log_errors(false);
  o.set_max_mem(options.max_mem);
  auto impl = std::make_unique<Impl>(o);

  size_t bytes = 0;
  for (const std::string& p : screen) bytes += p.size();
  const size_t n = std::min(kMaxShards, std::max<size_t>(1, bytes / kMinShardBytes));
  // Longest pattern first onto the lightest shard: length tracks compile time
  // well enough to balance the threads. Deterministic for given patterns.
  std::vector<uint32_t> order(patterns.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t a, uint32_t b) { return screen[a].size() > screen[b].size(); });
  std::vector<size_t> load(n, 0);
  impl->shard_patterns.resize(n);
  for (uint32_t i : order) {
    size_t s = static_cast<size_t>(std::min_element(load.begin(), load.end()) - load.begin());
    load[s] += screen[i].size();
    impl->shard_patterns[s].push_back(i);
  }
  for (auto& members : impl->shard_patterns) std::sort(members.begin(), members.end());

  // Each shard is parsed (Add) and compiled by one of up to a thread per
  // core, each taking the next shard left; errors are collected per shard
  // and the first in pattern order reported.
  for (size_t s = 0; s < n; ++s) impl->shards.push_back(std::make_unique<RE2::Set>(o, RE2::UNANCHORED));
  std::vector<std::pair<size_t, std::string>> failed(n, {patterns.size(), std::string()});
  auto build_one = [&](size_t s) {
    for (uint32_t i : impl->shard_patterns[s]) {
      std::string err;
      if (impl->shards[s]->Add(screen[i], &err) < 0) {
        failed[s] = {i, "pattern " + std::to_string(i) + ": " + err};
        return;
      }
    }
    if (!impl->shards[s]->Compile())
      failed[s] = {patterns.size(), "the rule set does not fit in the regex memory budget (" +
                                        std::to_string(options.max_mem >> 20) + " MiB); raise settings.regex_memory_mb"};
  };
  std::atomic<size_t> next{0};
  auto build = [&] {
    for (size_t s; (s = next.fetch_add(1)) < n;) build_one(s);
  };
  const size_t workers = std::min<size_t>(n, std::max(1u, std::thread::hardware_concurrency()));
  std::vector<std::thread> threads;
  for (size_t t = 1; t < workers; ++t) threads.emplace_back(build);
  build();
  for (std::thread& t : threads) t.join();
  auto worst = std::min_element(failed.begin(), failed.end(), [](const auto& x, const auto& y) {
    return x.second.empty() != y.second.empty() ? !x.second.empty() : x.first < y.first;
  });
  if (!worst->second.empty()) return Error{{}, worst->second};
  impl->patterns = patterns;
  impl->screened = screens != nullptr && *screens != patterns;
  impl->each.resize(patterns.size());
  impl->literal.reserve(patterns.size());
  for (const std::string& p : patterns) impl->literal.push_back(LiteralForms(p));
  return Matcher(std::move(impl));
}

void Matcher::MergeInBackground() {
  Impl* im = impl_.get();
  if ((im->shards.size() <= 1 && !im->screened) || im->merger.joinable()) return;
  im->merger = std::thread([im] {
    auto whole = std::make_unique<RE2::Set>(im->options, RE2::UNANCHORED);
    bool ok = true;
    for (const std::string& p : im->patterns)
      if (whole->Add(p, nullptr) < 0) ok = false;  // cannot happen: each compiled in a shard
    // Over the memory budget: the shards stay.
    if (ok && whole->Compile()) im->merged = std::move(whole);
    im->merge_done.store(true, std::memory_order_release);
  });
}

void Matcher::Impl::AdoptMerged() {
  merger.join();
  if (!merged) return;
  std::vector<uint32_t> all(patterns.size());
  for (uint32_t i = 0; i < all.size(); ++i) all[i] = i;
  shards.clear();
  shards.push_back(std::move(merged));
  shard_patterns.assign(1, std::move(all));
  screened = false;
}

bool Matcher::Merge() {
  MergeInBackground();
  if (impl_->merger.joinable()) impl_->AdoptMerged();
  return impl_->shards.size() <= 1 && !impl_->screened;
}

void Matcher::MatchOne(uint32_t pattern, std::string_view text, std::vector<Hit>* hits) const {
  const std::vector<std::string>& forms = impl_->literal[pattern];
  if (!forms.empty()) {
    // Each form's occurrences between word boundaries, in text order: the
    // regex's hits (no two can overlap, LiteralForms).
    size_t pos = 0;
    while (pos < text.size()) {
      size_t best = std::string_view::npos, best_len = 0;
      for (const std::string& f : forms) {
        for (size_t at = text.find(f, pos); at != std::string_view::npos && at < best; at = text.find(f, at + 1)) {
          const size_t end = at + f.size();
          if ((at == 0 || !WordByte(text[at - 1])) && (end == text.size() || !WordByte(text[end]))) {
            best = at;
            best_len = f.size();
            break;
          }
        }
      }
      if (best == std::string_view::npos) break;
      hits->push_back({pattern, static_cast<uint32_t>(best), static_cast<uint32_t>(best + best_len)});
      pos = best + best_len;
    }
    return;
  }
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

Result<bool> Matcher::Screen(std::string_view text, std::vector<uint32_t>* candidates) const {
  Impl& im = *impl_;
  if (im.merger.joinable() && im.merge_done.load(std::memory_order_acquire)) im.AdoptMerged();
  const size_t first = candidates->size();
  std::vector<int> local;
  for (size_t s = 0; s < im.shards.size(); ++s) {
    RE2::Set::ErrorInfo info{};
    local.clear();
    if (!im.shards[s]->Match(re2::StringPiece(text.data(), text.size()), &local, &info)) {
      if (info.kind == RE2::Set::kNoError) continue;
      if (info.kind == RE2::Set::kOutOfMemory)
        return Error{{}, "regex engine ran out of memory on this message; raise settings.regex_memory_mb"};
      return Error{{}, "regex set match failed (internal error " + std::to_string(static_cast<int>(info.kind)) + ")"};
    }
    for (int l : local) candidates->push_back(im.shard_patterns[s][static_cast<size_t>(l)]);
  }
  std::sort(candidates->begin() + static_cast<long>(first), candidates->end());
  return candidates->size() > first;
}

Result<bool> Matcher::Locate(uint32_t pattern, std::string_view text, std::vector<Hit>* hits) const {
  const size_t first = hits->size();
  MatchOne(pattern, text, hits);
  // The set parsed this pattern, so only memory can stop it compiling alone:
  // say so rather than report "no match".
  if (impl_->each[pattern] && !impl_->each[pattern]->ok())
    return Error{{}, "pattern " + std::to_string(pattern) + " does not fit in the regex memory budget: " +
                         impl_->each[pattern]->error()};
  return hits->size() > first;
}

void SortHits(std::vector<Hit>::iterator begin, std::vector<Hit>::iterator end) {
  std::sort(begin, end, [](const Hit& a, const Hit& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.pattern < b.pattern;
  });
}

Result<bool> Matcher::Match(std::string_view text, std::vector<Hit>* hits) const {
  std::vector<uint32_t> which;
  Result<bool> screened = Screen(text, &which);
  if (!screened.ok() || !screened.value()) return screened;
  const size_t first = hits->size();
  for (uint32_t p : which) {
    Result<bool> r = Locate(p, text, hits);
    if (!r.ok()) return r;
  }
  SortHits(hits->begin() + static_cast<long>(first), hits->end());
  return true;
}

bool PatternMatches(const std::string& regex, std::string_view text) {
  RE2::Options o;
  o.set_case_sensitive(true);
  o.set_log_errors(false);
  RE2 re(regex, o);
  return re.ok() && RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), re);
}

bool PatternMatchesEmpty(const std::string& regex) {
  RE2::Options o;
  o.set_log_errors(false);
  RE2 re(regex, o);
  return re.ok() && RE2::FullMatch("", re);
}

}  // namespace culpa
