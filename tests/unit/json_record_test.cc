// The JSONL fast path must agree with nlohmann on every line it accepts, and
// hand every line it is unsure of to nlohmann.
#include "json_record.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <random>

namespace culpa {
namespace {

TEST(JsonRecord, ExtractsWantedFields) {
  std::vector<JsonValue> v;
  ASSERT_TRUE(ScanJsonRecord(R"( {"id": 7, "text": "a\n\"b\" \u00e9\ud83d\ude00", "x": {"y": [1, 2.5e3, null]}, "ok": true} )",
                             {"text", "id", "ok", "missing"}, &v));
  EXPECT_EQ(v[0].kind, JsonValue::kString);
  EXPECT_EQ(v[0].string, "a\n\"b\" \xC3\xA9\xF0\x9F\x98\x80");
  EXPECT_EQ(v[1].kind, JsonValue::kNumber);
  EXPECT_EQ(v[1].raw, "7");
  EXPECT_EQ(v[2].raw, "true");
  EXPECT_FALSE(v[3].present);
}

TEST(JsonRecord, RejectsWhatIsNotAPlainObject) {
  std::vector<JsonValue> v;
  for (const char* bad : {"", "[1]", "{", "{\"a\":}", "{\"a\":1,}", "{\"a\":01}", "{\"a\":\"\x01\"}",
                          "{\"a\":\"\\x\"}", "{\"a\":\"\xFF\"}", "{\"a\":1} x", "{\"a\":\"\\ud800\"}"})
    EXPECT_FALSE(ScanJsonRecord(bad, {"a"}, &v)) << bad;
  // Invalid UTF-8 anywhere in a line, also past long ASCII runs (checked
  // eight bytes at a time).
  for (const char* bytes : {"\xFF", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE2\x80", "\x80"})
    for (size_t pad = 0; pad <= 17; ++pad) {
      const std::string line = "{\"a\":\"" + std::string(pad, 'x') + bytes + "\"}";
      EXPECT_FALSE(ScanJsonRecord(line, {"a"}, &v)) << pad;
      EXPECT_TRUE(ScanJsonRecord("{\"a\":\"" + std::string(pad, 'x') + "\xE2\x80\x99\"}", {"a"}, &v)) << pad;
    }
}

// Random lines built from JSON-ish pieces: whenever the scanner accepts, nlohmann
// must accept too and see the same string value.
TEST(JsonRecord, AgreesWithNlohmann) {
  std::mt19937 rng(11);
  const char* pieces[] = {"{", "}", "[", "]", ",", ":", "\"text\"", "\"id\"", "\"a\\u00e9\"", "\"q\\\"\"", "1",
                          "-0.5e2", "true", "null", " ", "\"\\n\"", "\"\xC3\xA9\"", "01", "\"\\uD83D\\uDE00\""};
  int accepted = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string line = "{\"text\":";
    int n = rng() % 8;
    for (int i = 0; i < n; ++i) line += pieces[rng() % (sizeof pieces / sizeof *pieces)];
    std::vector<JsonValue> v;
    if (!ScanJsonRecord(line, {"text"}, &v)) continue;
    ++accepted;
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << line;
    ASSERT_TRUE(j.is_object()) << line;
    if (v[0].present && v[0].kind == JsonValue::kString) {
      ASSERT_TRUE(j.at("text").is_string()) << line;
      EXPECT_EQ(j.at("text").get<std::string>(), v[0].string) << line;
    }
  }
  EXPECT_GT(accepted, 50);
}

// Valid records (from nlohmann's own dump) must be accepted with the same text;
// a random one-byte mutation must never be accepted unless nlohmann agrees.
TEST(JsonRecord, AgreesOnValidAndMutatedRecords) {
  std::mt19937 rng(5);
  const std::string alphabet = "ab \"\\\n\t\x01\xC3\xA9\xE2\x80\x99{}[]:,0";
  for (int round = 0; round < 5000; ++round) {
    nlohmann::json j;
    std::string text;
    for (int i = 0, n = rng() % 12; i < n; ++i) text += alphabet[rng() % alphabet.size()];
    j["id"] = static_cast<int>(rng() % 1000);
    j["text"] = text;
    j["nested"] = {{"a", {1, 2, "x"}}, {"b", nullptr}};
    std::string line = j.dump(rng() % 2 ? -1 : 1, ' ', false, nlohmann::json::error_handler_t::replace);
    for (char& c : line) if (c == '\n') c = ' ';
    nlohmann::json back = nlohmann::json::parse(line, nullptr, false);
    std::vector<JsonValue> v;
    if (!back.is_discarded()) {
      ASSERT_TRUE(ScanJsonRecord(line, {"text", "id"}, &v)) << line;
      EXPECT_EQ(v[0].string, back["text"].get<std::string>());
    }
    std::string mutated = line;
    mutated[rng() % mutated.size()] = alphabet[rng() % alphabet.size()];
    if (ScanJsonRecord(mutated, {"text"}, &v)) {
      nlohmann::json m = nlohmann::json::parse(mutated, nullptr, false);
      ASSERT_FALSE(m.is_discarded()) << mutated;
      if (v[0].present && v[0].kind == JsonValue::kString && m.contains("text") && m["text"].is_string())
        EXPECT_EQ(v[0].string, m["text"].get<std::string>()) << mutated;
    }
  }
}

}  // namespace
}  // namespace culpa
