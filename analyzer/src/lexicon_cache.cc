// The lexicon cache: a finished LoadResult stored as bytes, so that a run
// whose lexicon files have not changed skips yaml-cpp (see lexicon.h).
//
// A cache file is "culpa-lexicon-cache 1\n", the key in hex, a checksum of the
// rest, then the fields below in order: integers and doubles as their bytes,
// strings and lists with a 64-bit length first. It is read back only by the build that wrote it (the
// key covers the executable), so byte order and struct layout need no
// portability; the reader still checks every length, because a file on disk
// can be truncated or damaged, and any doubt means a normal load.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <type_traits>
#include <vector>

#include "culpa/lexicon.h"
#include "lexicon_files.h"

namespace culpa {

namespace fs = std::filesystem;

namespace {

constexpr char kMagic[] = "culpa-lexicon-cache 1\n";
constexpr size_t kKeep = 8;  // cache files kept per directory, newest first

// Every field of every struct a LoadResult holds, once, for both directions.
template <class A> void Visit(A& a, Location& l) { a(l.path, l.line, l.column, l.index, l.offset, l.row); }
template <class A> void Visit(A& a, Band& b) { a(b.low, b.high); }
template <class A> void Visit(A& a, Category& c) {
  a(c.name, c.polarity, c.cap, c.flip_to, c.acknowledgment, c.supporting, c.partial_only, c.agentless, c.where);
}
template <class A> void Visit(A& a, ScopeWords& s) {
  a(s.negators, s.hedges, s.conditionals, s.reporting, s.contrast_after, s.contrast_before, s.problems,
    s.clause_openers, s.agent_markers, s.omissions);
}
template <class A> void Visit(A& a, ModelSettings& m) { a(m.threshold, m.threshold_without_cue, m.threshold_weak_cue, m.owns, m.partial, m.deflects, m.blend, m.relabel); }
template <class A> void Visit(A& a, Settings& s) {
  a(s.macros, s.screens, s.categories, s.scope, s.hedged, s.collective, s.undercut, s.contrast, s.problem_reach,
    s.owns_min_acknowledgment,
    s.owns_max_deflection, s.partial_min_share, s.partial_min_owned, s.score_scale, s.owns, s.partial, s.deflects,
    s.regex_memory_mb, s.apology_words, s.model);
}
template <class A> void Visit(A& a, WordModel& m) {
  a(m.file, m.bias[0], m.bias[1], m.bias[2], m.bias[3], m.features, m.weights, m.about);
}
template <class A> void Visit(A& a, Rule& r) {
  a(r.id, r.category, r.polarity, r.weight, r.collective, r.pattern, r.regex, r.screen, r.suggest, r.needs_problem,
    r.match_examples,
    r.no_match_examples, r.where, r.pattern_where, r.match_where, r.no_match_where, r.origin, r.replaced);
}
template <class A> void Visit(A& a, DisabledRule& d) { a(d.id, d.where, d.rule_where, d.origin); }
template <class A> void Visit(A& a, Diagnostic& d) { a(d.severity, d.where, d.message, d.rule_id); }
template <class A> void Visit(A& a, Lexicon& l) { a(l.settings, l.rules, l.files, l.disabled, l.model); }
template <class A> void Visit(A& a, LoadResult& r) { a(r.lexicon, r.diagnostics); }

// The compiler counts what Visit must cover: when one of these fails, a field
// was added or removed, and Visit above must follow (then update the size).
#if defined(__x86_64__) && defined(__GLIBCXX__) && !defined(_GLIBCXX_DEBUG)
static_assert(sizeof(Location) == 64, "Location changed: update Visit in lexicon_cache.cc");
static_assert(sizeof(Category) == 152, "Category changed: update Visit in lexicon_cache.cc");
static_assert(sizeof(Rule) == 504, "Rule changed: update Visit in lexicon_cache.cc");
static_assert(sizeof(ModelSettings) == 64, "ModelSettings changed: update Visit in lexicon_cache.cc");
static_assert(sizeof(WordModel) == 144, "WordModel changed: update Visit in lexicon_cache.cc");
static_assert(sizeof(Settings) == 560, "Settings changed: update Visit in lexicon_cache.cc");
static_assert(sizeof(DisabledRule) == 192, "DisabledRule changed: update Visit in lexicon_cache.cc");
static_assert(sizeof(Diagnostic) == 136, "Diagnostic changed: update Visit in lexicon_cache.cc");
static_assert(sizeof(Lexicon) == 776, "Lexicon changed: update Visit in lexicon_cache.cc");
#endif

class Writer {
 public:
  template <class... T> void operator()(T&... v) { (Put(v), ...); }
  std::string bytes;

 private:
  void Raw(const void* p, size_t n) { bytes.append(static_cast<const char*>(p), n); }
  void Put(std::string& s) {
    Size(s.size());
    bytes += s;
  }
  void Size(uint64_t n) { Raw(&n, sizeof n); }
  template <class T> void Put(std::vector<T>& v) {
    Size(v.size());
    for (T& x : v) Put(x);
  }
  // The word model's weights: tens of thousands of floats, in one piece.
  void Put(std::vector<float>& v) {
    Size(v.size());
    if (!v.empty()) Raw(v.data(), v.size() * sizeof(float));  // no model: data() may be null
  }
  void Put(std::map<std::string, std::string>& m) {
    Size(m.size());
    for (auto& kv : m) {
      std::string k = kv.first;
      Put(k);
      Put(kv.second);
    }
  }
  template <class T> void Put(T& v) {
    if constexpr (std::is_arithmetic_v<T> || std::is_enum_v<T>) Raw(&v, sizeof v);
    else Visit(*this, v);
  }
};

class Reader {
 public:
  Reader(const char* p, const char* end) : p_(p), end_(end) {}
  template <class... T> void operator()(T&... v) { (Get(v), ...); }
  bool ok() const { return ok_ && p_ == end_; }

 private:
  bool Raw(void* out, size_t n) {
    if (!ok_ || static_cast<size_t>(end_ - p_) < n) return ok_ = false;
    std::memcpy(out, p_, n);
    p_ += n;
    return true;
  }
  // A length can be no more than the bytes left: a damaged length fails here
  // rather than reserving gigabytes.
  bool Size(uint64_t* n) { return Raw(n, sizeof *n) && (*n <= static_cast<uint64_t>(end_ - p_) || (ok_ = false)); }
  void Get(std::string& s) {
    uint64_t n;
    if (!Size(&n)) return;
    s.assign(p_, n);
    p_ += n;
  }
  template <class T> void Get(std::vector<T>& v) {
    uint64_t n;
    if (!Size(&n)) return;
    v.resize(n);
    for (T& x : v) Get(x);
  }
  void Get(std::vector<float>& v) {
    uint64_t n;
    if (!Size(&n) || n > static_cast<uint64_t>(end_ - p_) / sizeof(float)) {
      ok_ = false;
      return;
    }
    v.resize(n);
    if (n > 0) Raw(v.data(), n * sizeof(float));
  }
  void Get(std::map<std::string, std::string>& m) {
    uint64_t n;
    if (!Size(&n)) return;
    for (uint64_t i = 0; i < n && ok_; ++i) {
      std::string k, v;
      Get(k);
      Get(v);
      m[k] = v;
    }
  }
  void Get(bool& b) {
    char c = 0;
    if (Raw(&c, 1) && c != 0 && c != 1) ok_ = false;
    b = c == 1;
  }
  template <class T> void Get(T& v) {
    if constexpr (std::is_enum_v<T>) {
      std::underlying_type_t<T> u{};
      if (Raw(&u, sizeof u) && (u < 0 || u > 2)) ok_ = false;  // Polarity and Severity have three values
      v = static_cast<T>(u);
    } else if constexpr (std::is_arithmetic_v<T>) {
      Raw(&v, sizeof v);
    } else {
      Visit(*this, v);
    }
  }

  const char* p_;
  const char* end_;
  bool ok_ = true;
};

// Two FNV-style lanes for 128 bits: the key is a checksum
// against accidents (an edited file), not a defence against an attacker who
// can already write the user's cache directory.
struct Key {
  uint64_t a = 0xcbf29ce484222325ull, b = 0x84222325cbf29ce4ull;
  // A word at a time (the lexicon files are read on every run to key them),
  // the tail a byte at a time.
  void Add(const void* data, size_t n) {
    const unsigned char* p = static_cast<const unsigned char*>(data);
    for (; n >= 8; p += 8, n -= 8) {
      uint64_t w;
      std::memcpy(&w, p, 8);
      a = (a ^ w) * 0x100000001b3ull;
      a ^= a >> 32;
      b = (b ^ w) * 0xff51afd7ed558ccdull;
      b ^= b >> 29;
    }
    for (; n > 0; ++p, --n) {
      a = (a ^ *p) * 0x100000001b3ull;
      b = (b ^ *p) * 0x100000001b3ull;
      b ^= b >> 29;
    }
  }
  void Add(const std::string& s) {
    uint64_t n = s.size();
    Add(&n, sizeof n);
    Add(s.data(), s.size());
  }
  std::string Hex() const {
    static const char kDigits[] = "0123456789abcdef";
    std::string out;
    for (uint64_t v : {a, b})
      for (int shift = 60; shift >= 0; shift -= 4) out += kDigits[(v >> shift) & 0xf];
    return out;
  }
};

// A checksum of the stored fields: a flipped byte inside a stored string
// would otherwise read back as a plausible, wrong lexicon.
uint64_t Checksum(const char* p, size_t n) {
  Key k;
  k.Add(p, n);
  return k.a ^ k.b;
}


// This build of culpa: a cache written by another build may have been laid
// out differently, or loaded the same files differently.
bool AddBuild(Key* key) {
  struct stat st;
  if (::stat("/proc/self/exe", &st) != 0) return false;
  key->Add(&st.st_size, sizeof st.st_size);
  key->Add(&st.st_mtim, sizeof st.st_mtim);
  key->Add(&st.st_ino, sizeof st.st_ino);
  return true;
}

void Prune(const fs::path& dir) {
  std::error_code ec;
  std::vector<std::pair<fs::file_time_type, fs::path>> found;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind("lexicon-", 0) == 0 && e.path().extension() == ".bin")
      found.emplace_back(fs::last_write_time(e.path(), ec), e.path());
  }
  if (found.size() <= kKeep) return;
  std::sort(found.begin(), found.end(), [](const auto& x, const auto& y) { return x.first > y.first; });
  for (size_t i = kKeep; i < found.size(); ++i) fs::remove(found[i].second, ec);
}

}  // namespace

LoadResult LoadLexiconLayers(const std::vector<LexiconLayer>& layers, const std::string& cache_dir) {
  if (cache_dir.empty()) return LoadLexiconLayers(layers);
  std::vector<Diagnostic> problems;
  const std::vector<LexiconFile> files = FindLexiconFiles(layers, &problems);
  Key key;
  if (!problems.empty() || !AddBuild(&key)) return LoadLexiconLayers(layers);
  key.Add(kMagic);
  for (const LexiconLayer& l : layers) {
    key.Add(l.path);
    key.Add(l.origin);
  }
  for (const LexiconFile& f : files) {
    std::string bytes;
    if (!ReadAll(f.path, &bytes)) return LoadLexiconLayers(layers);
    key.Add(f.path);
    key.Add(&f.layer, sizeof f.layer);
    key.Add(bytes);
  }
  const std::string hex = key.Hex();
  const fs::path path = fs::path(cache_dir) / ("lexicon-" + hex + ".bin");

  std::string stored;
  const std::string header = std::string(kMagic) + hex;
  uint64_t sum = 0;
  if (ReadAll(path.string(), &stored) && stored.size() >= header.size() + sizeof sum &&
      stored.compare(0, header.size(), header) == 0) {
    const char* fields = stored.data() + header.size() + sizeof sum;
    const size_t n = stored.size() - header.size() - sizeof sum;
    std::memcpy(&sum, stored.data() + header.size(), sizeof sum);
    if (sum == Checksum(fields, n)) {
      LoadResult cached;
      Reader in(fields, fields + n);
      in(cached);
      if (in.ok()) return cached;
    }
  }

  LoadResult fresh = LoadLexiconLayers(layers);
  if (!fresh.ok()) return fresh;  // errors: the user is editing; never store
  LoadResult copy = fresh;
  Writer out;
  out(copy);
  std::error_code ec;
  fs::create_directories(cache_dir, ec);
  // Write aside, then rename: a concurrent culpa reads the old file or the
  // new one, never half of one.
  const fs::path tmp = fs::path(cache_dir) / ("lexicon-" + hex + "." + std::to_string(::getpid()) + ".tmp");
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    sum = Checksum(out.bytes.data(), out.bytes.size());
    f << header;
    f.write(reinterpret_cast<const char*>(&sum), sizeof sum);
    f << out.bytes;
    if (!f.flush()) {
      f.close();
      fs::remove(tmp, ec);
      return fresh;
    }
  }
  fs::rename(tmp, path, ec);
  if (ec) fs::remove(tmp, ec);
  else Prune(cache_dir);
  return fresh;
}

}  // namespace culpa
