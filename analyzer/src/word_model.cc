#include "culpa/word_model.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <cmath>
#include <cstdio>
#include <random>
#include <unordered_map>

namespace culpa {

const char* const kModelLabelNames[kModelLabels] = {"owns", "partial", "deflects", "none"};

namespace {

constexpr char kHeader[] = "feature\towns\tpartial\tdeflects\tnone";
constexpr char kBias[] = "<bias>";

// 1: a word byte; 2: ends a sentence; 0: neither.
struct ByteClass {
  uint8_t c[256] = {};
  constexpr ByteClass() {
    for (int b = 'a'; b <= 'z'; ++b) c[b] = 1;
    for (int b = 'A'; b <= 'Z'; ++b) c[b] = 1;
    for (int b = '0'; b <= '9'; ++b) c[b] = 1;
    for (int b = 0x80; b < 256; ++b) c[b] = 1;
    for (unsigned char b : {'.', '!', '?', ';', ':', '\n'}) c[b] = 2;
  }
};
constexpr ByteClass kClass;

// The analysis text is case-folded, so a word is hashed as its bytes: eight
// at a time (most words are one step), then mixed (murmur3's finaliser).
uint64_t Mix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return h;
}

// A word's hash: its bytes eight at a time (most words take one step), the
// rest and the length (in the top byte, which a partial chunk leaves free)
// folded in last, then mixed. ForEachWord computes the same while it reads.
uint64_t Step(uint64_t h, uint64_t chunk) {
  h = (h ^ chunk) * 0x9E3779B97F4A7C15ull;
  return (h << 31) | (h >> 33);
}

uint64_t Finish(uint64_t h, uint64_t chunk, size_t length) { return Mix(h ^ chunk ^ (uint64_t(length) << 56)); }

uint64_t WordHash(std::string_view w) {
  uint64_t h = 0, chunk = 0;
  for (size_t i = 0; i < w.size(); ++i) {
    chunk |= uint64_t(static_cast<unsigned char>(w[i])) << (8 * (i & 7));
    if ((i & 7) == 7) h = Step(h, chunk), chunk = 0;
  }
  return Finish(h, chunk, w.size());
}

// Both words are mixed already: one multiply and a fold spread a pair's
// hash over the low bits (the table index) and the high ones (the tag).
uint64_t Pair(uint64_t a, uint64_t b) {
  uint64_t h = (a * 0x9E3779B97F4A7C15ull) ^ b;
  h ^= h >> 29;
  return h ? h : 1;
}

uint64_t Single(uint64_t a) { return a ? a : 1; }

const uint64_t kStart = WordHash("<s>");

// Calls f(hash, begin, end, sentence_start) for each word of `text`.
template <typename F>
void ForEachWord(std::string_view text, F&& f) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  bool sentence_start = true;
  size_t i = 0;
  while (i < n) {
    const uint8_t k = kClass.c[s[i]];
    if (k != 1) {
      if (k == 2) sentence_start = true;
      ++i;
      continue;
    }
    // A word: word bytes, with an apostrophe inside ("don't", "team's"),
    // hashed as it is read (WordHash, in one pass).
    const size_t b = i;
    uint64_t h = 0, chunk = 0;
    unsigned at = 0;  // bytes in `chunk`
    do {
      chunk |= uint64_t(s[i]) << (8 * at);
      if (++at == 8) h = Step(h, chunk), chunk = 0, at = 0;
    } while (++i < n && (kClass.c[s[i]] == 1 || (s[i] == '\'' && i + 1 < n && kClass.c[s[i + 1]] == 1)));
    f(Finish(h, chunk, i - b), static_cast<uint32_t>(b), static_cast<uint32_t>(i), sentence_start);
    sentence_start = false;
  }
}

}  // namespace

void WordFeatures(std::string_view text, std::vector<WordFeature>* out) {
  uint64_t prev = 0;
  uint32_t prev_begin = 0;
  ForEachWord(text, [&](uint64_t h, uint32_t b, uint32_t e, bool start) {
    out->push_back({Single(h), b, e, b, false});
    if (start) out->push_back({Pair(kStart, h), b, e, b, true});
    else out->push_back({Pair(prev, h), prev_begin, e, b, false});
    prev = h;
    prev_begin = b;
  });
}

std::string FeatureName(std::string_view text, const WordFeature& f) {
  if (f.start) return "<s> " + std::string(text.substr(f.begin, f.end - f.begin));
  if (f.first == f.begin) return std::string(text.substr(f.begin, f.end - f.begin));
  // The first word ends at the first byte that is not part of a word.
  size_t e = f.begin;
  while (e < f.first && (kClass.c[static_cast<unsigned char>(text[e])] == 1 || text[e] == '\'')) ++e;
  while (e > f.begin && text[e - 1] == '\'') --e;
  return std::string(text.substr(f.begin, e - f.begin)) + " " + std::string(text.substr(f.first, f.end - f.first));
}

uint64_t FeatureHash(std::string_view name) {
  const size_t space = name.find(' ');
  if (space == std::string_view::npos) return Single(WordHash(name));
  return Pair(WordHash(name.substr(0, space)), WordHash(name.substr(space + 1)));
}

ModelLoad ReadWordModel(const std::string& path, std::string_view bytes) {
  ModelLoad out;
  out.model.file = path;
  auto error = [&](int line, int col, std::string msg) {
    out.errors.emplace_back(Location{path, line, col}, std::move(msg));
  };
  std::unordered_map<uint64_t, int> lines;  // feature hash -> line that defined it
  bool header = false, bias = false;
  size_t pos = 0;
  int line = 0;
  while (pos < bytes.size() && out.errors.size() < 20) {
    size_t end = bytes.find('\n', pos);
    if (end == std::string_view::npos) end = bytes.size();
    std::string_view l = bytes.substr(pos, end - pos);
    pos = end + 1;
    ++line;
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    if (l.empty()) continue;
    if (l[0] == '#') {
      if (!header) {
        std::string_view c = l.substr(1);
        while (!c.empty() && c.back() == '\r') c.remove_suffix(1);  // kept text reads back the same
        if (!c.empty() && c[0] == ' ') c.remove_prefix(1);
        out.model.about.append(c).push_back('\n');
      }
      continue;
    }
    if (!header) {
      if (l != kHeader) {
        error(line, 1, std::string("expected the header line \"") + kHeader + "\" (tab-separated)");
        return out;
      }
      header = true;
      continue;
    }
    const size_t tab = l.find('\t');
    if (tab == std::string_view::npos || tab == 0) {
      error(line, 1, "expected a feature, a tab and four weights");
      continue;
    }
    const std::string_view name = l.substr(0, tab);
    float w[kModelLabels];
    size_t at = tab + 1;
    bool ok = true;
    for (int c = 0; c < kModelLabels && ok; ++c) {
      size_t next = l.find('\t', at);
      if (next == std::string_view::npos) next = l.size();
      const std::string_view field = l.substr(at, next - at);
      auto [p, ec] = std::from_chars(field.data(), field.data() + field.size(), w[c]);
      if (ec != std::errc() || p != field.data() + field.size() || !std::isfinite(w[c])) {
        error(line, static_cast<int>(at + 1), "weight for '" + std::string(kModelLabelNames[c]) +
                                                  "' must be a number, not \"" + std::string(field) + "\"");
        ok = false;
      } else if (c < kModelLabels - 1 && next >= l.size()) {
        error(line, static_cast<int>(l.size() + 1), "expected four weights (owns, partial, deflects, none)");
        ok = false;
      } else if (c == kModelLabels - 1 && next < l.size()) {
        error(line, static_cast<int>(next + 1), "more than four weights");
        ok = false;
      }
      at = next + 1;
    }
    if (!ok) continue;
    if (name == kBias) {
      if (bias) error(line, 1, "a second <bias> line");
      for (int c = 0; c < kModelLabels; ++c) out.model.bias[c] = w[c];
      bias = true;
      continue;
    }
    const bool bad_name = name.front() == ' ' || name.back() == ' ' ||
                          std::count(name.begin(), name.end(), ' ') > 1 ||
                          (name.find("<s>") != std::string_view::npos && name.rfind("<s> ", 0) != 0);
    if (bad_name) {
      error(line, 1, "a feature is one word, two words separated by one space, or \"<s> word\"");
      continue;
    }
    auto [it, fresh] = lines.emplace(FeatureHash(name), line);
    if (!fresh) {
      error(line, 1, "feature \"" + std::string(name) + "\" repeats line " + std::to_string(it->second));
      continue;
    }
    out.model.features.emplace_back(name);
    out.model.weights.insert(out.model.weights.end(), w, w + kModelLabels);
  }
  // The scorer looks a pair up only after finding both its words; a model
  // from `culpa lexicon train` always has them (a pair is in no more
  // messages than either of its words).
  for (size_t f = 0; f < out.model.features.size() && out.errors.size() < 20; ++f) {
    const std::string& name = out.model.features[f];
    const size_t space = name.find(' ');
    if (space == std::string::npos) continue;
    for (std::string_view w : {std::string_view(name).substr(0, space), std::string_view(name).substr(space + 1)})
      if (w != "<s>" && !lines.count(FeatureHash(w)))
        error(lines[FeatureHash(name)], 1,
              "feature \"" + name + "\" needs \"" + std::string(w) + "\" as a feature too (retrain the model)");
  }
  if (!header && out.errors.empty()) error(line ? line : 1, 1, std::string("no header line \"") + kHeader + "\"");
  else if (!bias && out.errors.empty()) error(line ? line : 1, 1, "no <bias> line");
  return out;
}

namespace {

void AppendWeights(std::string* out, const double* w) {
  // Room for the largest float in full ("\t-340282346638528859811704183484516925440.0000").
  char buf[64];
  for (int c = 0; c < kModelLabels; ++c) {
    // Four decimals: the model's precision is far coarser, and the file diffs well.
    double v = std::round(w[c] * 10000.0) / 10000.0;
    if (v == 0) v = 0;  // no "-0"
    std::snprintf(buf, sizeof buf, "\t%.4f", v);
    *out += buf;
  }
  out->push_back('\n');
}

}  // namespace

std::string WriteWordModel(const WordModel& model) {
  std::string out;
  size_t start = 0;
  while (start < model.about.size()) {
    size_t end = model.about.find('\n', start);
    if (end == std::string::npos) end = model.about.size();
    out += end > start ? "# " : "#";
    out.append(model.about, start, end - start);
    out.push_back('\n');
    start = end + 1;
  }
  out += kHeader;
  out.push_back('\n');
  out += kBias;
  AppendWeights(&out, model.bias.data());
  for (size_t f = 0; f < model.features.size(); ++f) {
    out += model.features[f];
    double w[kModelLabels];
    for (int c = 0; c < kModelLabels; ++c) w[c] = model.weights[f * kModelLabels + c];
    AppendWeights(&out, w);
  }
  return out;
}

namespace {

void Softmax(const double* z, double* p) {
  const double m = *std::max_element(z, z + kModelLabels);
  double s = 0;
  for (int c = 0; c < kModelLabels; ++c) s += p[c] = std::exp(z[c] - m);
  for (int c = 0; c < kModelLabels; ++c) p[c] /= s;
}

}  // namespace

WordModel TrainWordModel(const std::vector<TrainingExample>& examples, const TrainOptions& opt) {
  // Name every feature each message has, once; keep those in enough messages.
  std::vector<std::vector<std::string>> names(examples.size());
  std::unordered_map<std::string, int> count;
  std::vector<WordFeature> found;
  for (size_t i = 0; i < examples.size(); ++i) {
    found.clear();
    WordFeatures(examples[i].text, &found);
    for (const WordFeature& f : found) names[i].push_back(FeatureName(examples[i].text, f));
    std::sort(names[i].begin(), names[i].end());
    names[i].erase(std::unique(names[i].begin(), names[i].end()), names[i].end());
    for (const std::string& n : names[i]) ++count[n];
  }
  WordModel model;
  for (const auto& [name, n] : count)
    if (n >= opt.min_count) model.features.push_back(name);
  std::sort(model.features.begin(), model.features.end());
  std::unordered_map<std::string, uint32_t> index;
  for (uint32_t f = 0; f < model.features.size(); ++f) index.emplace(model.features[f], f);
  std::vector<std::vector<uint32_t>> x(examples.size());
  for (size_t i = 0; i < examples.size(); ++i)
    for (const std::string& n : names[i]) {
      auto it = index.find(n);
      if (it != index.end()) x[i].push_back(it->second);
    }

  std::vector<double> w(model.features.size() * kModelLabels, 0.0);
  double b[kModelLabels] = {};
  std::vector<size_t> order(examples.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::mt19937 rng(opt.seed);
  for (int epoch = 0; epoch < opt.epochs; ++epoch) {
    // Fisher-Yates with our own draws: std::shuffle's use of the engine is
    // the library's choice, and the model must not depend on it.
    for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng() % i]);
    const double eta = opt.rate / (1 + epoch);
    for (size_t i : order) {
      double z[kModelLabels], p[kModelLabels];
      for (int c = 0; c < kModelLabels; ++c) z[c] = b[c];
      for (uint32_t f : x[i])
        for (int c = 0; c < kModelLabels; ++c) z[c] += w[f * kModelLabels + c];
      Softmax(z, p);
      for (int c = 0; c < kModelLabels; ++c) {
        const double g = p[c] - (c == examples[i].label ? 1.0 : 0.0);
        b[c] -= eta * g;
        for (uint32_t f : x[i]) {
          double& wf = w[f * kModelLabels + c];
          wf -= eta * (g + opt.l2 * wf);
        }
      }
    }
  }
  for (int c = 0; c < kModelLabels; ++c) model.bias[c] = b[c];
  model.weights.assign(w.begin(), w.end());
  return model;
}

WordScorer::WordScorer(const WordModel& model) : names_(model.features), bias_(model.bias) {
  // At most ~60% full, for short probes. A slot holds all a hit needs (one
  // cache line): the bundled ~10,000-feature model takes 16,384 slots.
  size_t cap = 16;
  while (cap * 3 < model.features.size() * 5) cap <<= 1;
  slots_.assign(cap, Slot{});
  tags_.assign(cap, 0);
  mask_ = cap - 1;
  for (uint32_t f = 0; f < model.features.size(); ++f) {
    const uint64_t h = FeatureHash(model.features[f]);
    uint64_t i = h & mask_;
    while (tags_[i] != 0 && slots_[i].key != h) i = (i + 1) & mask_;
    tags_[i] = Tag(h);
    Slot& s = slots_[i];  // the loader refuses repeated features
    s.key = h;
    s.feature = f;
    for (int c = 0; c < kModelLabels; ++c) s.weight[c] = model.weights[static_cast<size_t>(f) * kModelLabels + c];
  }
  weights_ = model.weights;
}

WordScorer::Verdict WordScorer::Score(std::string_view text, bool contributions) {
  Verdict v;
  if (++message_ == 0) {  // wrapped: forget every stamp
    for (Slot& s : slots_) s.seen = 0;
    message_ = 1;
  }
  double z[kModelLabels];
  for (int c = 0; c < kModelLabels; ++c) z[c] = bias_[c];
  auto count = [&](Slot* s, uint32_t begin, uint32_t end) {
    if (s->seen == message_) return;
    s->seen = message_;
    for (int c = 0; c < kModelLabels; ++c) z[c] += s->weight[c];
    if (contributions) v.present.push_back({begin, end, s->feature});
  };
  // A pair is looked up only when both its words are features: a pair in
  // fewer messages than its words is never kept without them (ReadWordModel
  // checks), and most words of routine mail are not features.
  uint64_t prev = 0;
  bool prev_known = false;
  uint32_t prev_begin = 0;
  ForEachWord(text, [&](uint64_t h, uint32_t b, uint32_t e, bool start) {
    Slot* word = Find(Single(h));
    if (word) {
      count(word, b, e);
      Slot* pair = start ? Find(Pair(kStart, h)) : prev_known ? Find(Pair(prev, h)) : nullptr;
      if (pair) count(pair, start ? b : prev_begin, e);
    }
    prev = h;
    prev_known = word != nullptr;
    prev_begin = b;
  });
  Softmax(z, v.probability.data());
  return v;
}

}  // namespace culpa
