// The mail and export readers behind OpenReader (reader.cc). Internal.
#ifndef CULPA_SRC_MAIL_READERS_H_
#define CULPA_SRC_MAIL_READERS_H_

#include <istream>
#include <memory>
#include <string>

#include "culpa/reader.h"

namespace culpa::mail {

// One RFC 5322 message: the whole input, up to options.max_message_bytes.
std::unique_ptr<Reader> MakeEmailReader(std::string name, std::istream* in, const ReaderOptions& options);

// An mbox, split incrementally.
std::unique_ptr<Reader> MakeMboxReader(std::string name, std::istream* in, const ReaderOptions& options);

// RFC 4180 CSV with a header row.
std::unique_ptr<Reader> MakeCsvReader(std::string name, std::istream* in, const ReaderOptions& options);

// A directory: a Maildir (cur/ and new/), a Slack export (channels.json and
// users.json), or any other directory read recursively, in name order.
// options.format says which, or "auto".
Result<std::unique_ptr<Reader>> OpenDirectory(const std::string& path, const ReaderOptions& options);

// A Slack export directory.
Result<std::unique_ptr<Reader>> OpenSlackExport(const std::string& path, const ReaderOptions& options);

// The error messages for the two size limits, naming the flag to raise.
std::string TooBigMessage(size_t limit);  // --max-message-bytes
std::string TooLongRecord(size_t limit);  // --max-record-bytes

// Messages copied from `raw` into a MailOptions-parsed Message, with the
// reader's id and location; a failure becomes an error item.
void FillMailItem(std::string_view raw, const ReaderOptions& options, std::string id, Location where,
                  ReadItem* item);

}  // namespace culpa::mail

#endif  // CULPA_SRC_MAIL_READERS_H_
