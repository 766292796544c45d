// culpa/matcher.h — many patterns over one text, fast.
//
// One RE2::Set screens the whole text for all patterns at once (a single DFA
// pass); only the patterns that hit then run on their own to find spans. A text
// with no accountability language costs one pass however many rules there are.
// For a fast start the set may be compiled in shards on a thread per core, and
// from cheaper "screens" of the patterns; Merge() turns it into one set of the
// exact patterns once a run is long enough for scanning speed to matter.
//
//   auto m = culpa::Matcher::Compile({"\\bmy fault\\b", "\\bsorry\\b"}, {});
//   std::vector<culpa::Hit> hits;
//   if (!m.value().Match(text, &hits).ok()) ...   // out of memory is an error
//
// Patterns are RE2 syntax, matched case-sensitively: the analysis text is
// case-folded, and ExpandPattern lowercases rule patterns. Spans are
// non-overlapping per pattern, leftmost-first, never empty; different
// patterns may overlap. A Matcher is not thread-safe (it compiles each
// pattern's own regex on first use).
#ifndef CULPA_MATCHER_H_
#define CULPA_MATCHER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "culpa/result.h"

namespace culpa {

struct Hit {
  uint32_t pattern = 0;  // index into the patterns given to Compile
  uint32_t begin = 0;    // byte offsets into the matched text
  uint32_t end = 0;
};

class Matcher {
 public:
  struct Options {
    // RE2 memory budget for the set and for each pattern. RE2's default of
    // 8 MiB makes large sets fail to compile and its DFA fall back to slow paths.
    int64_t max_mem = int64_t{256} << 20;
  };

  // Compiles all patterns. On failure the error's message names the pattern
  // index ("pattern 12: missing )") or says the set exceeded its memory.
  //
  // With `screens` (one per pattern, each matching at least what its pattern
  // matches, and cheaper to compile), the screen set is built from them: a
  // screen hit only makes its pattern a candidate, which then runs exactly.
  // Merge() later builds the set from the exact patterns.
  static Result<Matcher> Compile(const std::vector<std::string>& patterns, const Options& options,
                                 const std::vector<std::string>* screens = nullptr);

  Matcher(Matcher&&) noexcept;
  Matcher& operator=(Matcher&&) noexcept;
  ~Matcher();

  // Appends every hit in `text`, ordered by (begin, pattern). Returns an Error
  // when RE2 runs out of memory: never treat that as "no match".
  Result<bool> Match(std::string_view text, std::vector<Hit>* hits) const;

  // Match in two steps, for a caller that runs many texts stage by stage.
  // Screen appends the patterns that hit somewhere in `text`, sorted; Locate
  // appends one pattern's hits in `text`, in order. Both return true when
  // they found something; Match(text) is Screen then Locate for each, sorted
  // with SortHits.
  Result<bool> Screen(std::string_view text, std::vector<uint32_t>* candidates) const;
  Result<bool> Locate(uint32_t pattern, std::string_view text, std::vector<Hit>* hits) const;

  // Recompiles a screen compiled in shards, or from screens (both for
  // start-up speed), as one set of the exact patterns, which scans faster:
  // worth its ~50 ms once a run has a lot of text to match. Hits are the same
  // either way. MergeInBackground compiles it on a thread of its own while
  // this matcher goes on with its shards, and the first Screen after it is
  // done switches over (the destructor waits for an unfinished one). Merge
  // waits for it; false (the screen kept) if it does not fit the memory budget.
  void MergeInBackground();
  bool Merge();

  // Spans of one pattern only (e.g. to test a rule against its examples).
  void MatchOne(uint32_t pattern, std::string_view text, std::vector<Hit>* hits) const;

  size_t size() const;

  // Whether `pattern` is a plain word or phrase between word boundaries
  // ("\\b(?:can'?t)\\b"), which Locate finds by search rather than by its
  // regex (same hits, a fraction of the cost).
  bool Plain(uint32_t pattern) const;

 private:
  struct Impl;
  explicit Matcher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Orders hits by (begin, pattern), the order Match returns.
void SortHits(std::vector<Hit>::iterator begin, std::vector<Hit>::iterator end);

// True when `regex` can match the empty string (a rule that would "hit"
// everywhere). False also when it does not compile.
bool PatternMatchesEmpty(const std::string& regex);

// True when `regex` (compiled as the Matcher compiles patterns) matches
// somewhere in `text`. False also when it does not compile.
bool PatternMatches(const std::string& regex, std::string_view text);

}  // namespace culpa

#endif  // CULPA_MATCHER_H_
