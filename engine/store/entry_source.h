#pragma once

#include "engine/platform/entry.h"
#include "engine/store/journal_meta.h"
#include "engine/store/sqlite_journal_reader.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace cd::store {

struct SourceOptions {
    // Inclusive sequence bounds and a tenant (data.tenantId): entries outside
    // are not returned (a SQLite source does not even read them). Invalid
    // entries are always returned: their sequence or tenant is not known.
    std::optional<std::int64_t> fromSequence;
    std::optional<std::int64_t> toSequence;
    std::optional<std::string> tenantId;
    // An entry whose sequence is not larger than the previous valid one's is
    // returned as invalid. verify turns this off to report the code itself.
    bool checkOrder = true;
    // Text formats: hash every byte read (contentHash(), after the end).
    bool hashContent = false;
    ReaderOptions reader;
};

// One entry read from a source, valid or not.
struct SourceItem {
    bool valid = false;
    platform::Entry entry; // when valid
    // Where it is: the 1-based line (NDJSON), the 0-based index in "entries"
    // (Phyxius) or the sequence (SQLite).
    std::int64_t place = 0;
    std::string reason; // when invalid, without file or place
    std::string raw; // when invalid: the original text
    bool rawIsUtf8 = true;
};

// What a source says about its journal besides the entries.
struct SourceMeta {
    std::optional<std::string> journalId; // SQLite
    std::optional<std::int64_t> createdWallMs; // SQLite; Phyxius createdAt
    std::optional<std::int64_t> createdMonoMs; // Phyxius createdAt; SQLite when stored
    std::optional<std::int64_t> nextSequence; // Phyxius
};

// A stream of entries from any of the three formats, in file order
// (sequence order for SQLite), read incrementally: a text file is never
// loaded whole. One source per thread.
class EntrySource {
public:
    enum class Status { Item, End, Failed };

    virtual ~EntrySource();
    EntrySource(const EntrySource&) = delete;
    EntrySource& operator=(const EntrySource&) = delete;

    // Item: item holds the next entry (valid or invalid). Failed: the file
    // cannot be read further (error()).
    Status next(SourceItem& item);

    JournalFormat format() const { return m_format; }
    const std::string& path() const { return m_path; }
    // After Failed: one line naming the file (and the place when known).
    const std::string& error() const { return m_error; }
    // "FILE:LINE: reason", "FILE: entries[I]: reason" or "FILE: sequence N: reason".
    std::string describe(const SourceItem& item) const;
    // "line", "index" or "sequence": the key of rejected-entry records.
    std::string_view placeKey() const;
    // Complete after End for a Phyxius export (its keys may follow "entries").
    virtual SourceMeta meta() const { return {}; }
    // Fraction of the input read so far, 0..1, for progress reports.
    virtual double progress() const { return 0.0; }
    // ContentHash hex (32 digits) of the bytes read, with hashContent, after
    // End; else empty.
    virtual std::string contentHash() { return {}; }

protected:
    EntrySource(JournalFormat format, std::string path, SourceOptions options);
    virtual Status readNext(SourceItem& item) = 0;
    // Fills item.raw/rawIsUtf8 for the item just read (when it is rejected
    // after reading, for its order).
    virtual void fillRaw(SourceItem& item) = 0;
    // True when the source applies the range/tenant filters itself.
    virtual bool filtersApplied() const { return false; }
    // True when meta() may only be complete at the end of the file, so the
    // rest must be read even past the end of the requested range.
    virtual bool metaAtEnd() const { return false; }

    std::string m_error;
    SourceOptions m_options;

private:
    JournalFormat m_format;
    std::string m_path;
    std::optional<std::int64_t> m_lastSequence;
    std::string m_tenantScratch;
    bool m_pastRange = false;
};

// Detects the format and opens the matching source. error names the file.
std::unique_ptr<EntrySource> openEntrySource(const std::string& path, const SourceOptions& options, std::string& error);

// Integer rules of journal-format.md (no fraction or exponent, within
// +-2^53): parses a JSON number literal.
bool parseJsonInteger(std::string_view literal, std::int64_t& value);

} // namespace cd::store
