// culpa/result.h — errors as values.
//
// Every fallible library call returns Result<T>: either a value or an Error that
// says *where* the problem is in the user's input, so a caller can print it as
// `path:line:col: message` and carry on with the next input.
//
//   culpa::Result<culpa::Lexicon> lex = culpa::LoadLexicons(paths);
//   if (!lex.ok()) { std::cerr << lex.error().ToString() << "\n"; return 2; }
//
// The library never throws across its public API and never prints.
#ifndef CULPA_RESULT_H_
#define CULPA_RESULT_H_

#include <string>
#include <utility>
#include <variant>

namespace culpa {

// A point in a user's file. `line` and `column` are 1-based; 0 means "unknown"
// and is left out when printed.
struct Location {
  std::string path;  // file path or "<stdin>"
  int line = 0;
  int column = 0;
  // Positions inside containers; 0 / -1 when they do not apply.
  int index = 0;         // 1-based message number in an mbox or a Slack day file
  long long offset = -1; // byte offset of the message in its file (mbox)
  int row = 0;           // 1-based CSV record number, header row not counted

  // "path", "path:line", "path:line:col", or for a container "path#index"
  // (mbox, Slack) and "path:line" (CSV: the line where the row starts).
  std::string ToString() const;
};

struct Error {
  Error() = default;
  Error(Location w, std::string m) : where(std::move(w)), message(std::move(m)) {}

  Location where;
  std::string message;

  // "path:line:col: message" (or just "message" when where.path is empty).
  std::string ToString() const;
};

template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}          // NOLINT: implicit on purpose
  Result(Error error) : v_(std::move(error)) {}      // NOLINT: implicit on purpose

  bool ok() const { return v_.index() == 0; }
  // Must only be called when ok().
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  // Must only be called when !ok().
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

}  // namespace culpa

#endif  // CULPA_RESULT_H_
