#pragma once

#include "engine/store/journal_meta.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace cd::store {

class EntrySource;

enum class ExportFormat { Ndjson, Phyxius };

struct ExportOptions {
    ExportFormat format = ExportFormat::Ndjson;
    // Entries whose data.tenantId is this.
    std::optional<std::string> tenantId;
    // Inclusive sequence bounds.
    std::optional<std::int64_t> fromSequence;
    std::optional<std::int64_t> toSequence;
    // Replace every e-mail address (see Redactor).
    bool redact = false;
    // HMAC key of the pseudonyms; empty: a random key per export.
    std::string redactionKey;
    bool force = false;
    // Called every few thousand entries with the fraction read; false cancels.
    std::function<bool(double fraction)> progress;
};

enum class ExportStatus {
    Ok,
    OutputExists, // untouched
    BadInput, // unreadable, not a journal, newer format version, structure error
    InvalidEntry, // the journal holds an invalid entry (reading commands exit 2)
    WriteFailed,
    Cancelled
};

struct ExportSummary {
    ExportStatus status = ExportStatus::Ok;
    std::optional<JournalFormat> sourceFormat;
    std::uint64_t exported = 0;
    std::optional<std::int64_t> firstSequence;
    std::optional<std::int64_t> lastSequence;
    std::size_t redactedAddresses = 0;
    // When not Ok: one line naming the file (and the place of an invalid entry).
    std::string message;
    bool ok() const { return status == ExportStatus::Ok; }
};

// Writes the entries of INPUT (any format) to OUTPUT in sequence order (file
// order for text sources, which validation keeps increasing):
// - NDJSON: one line per entry, as EntryCodec's encodeEntry writes it;
// - Phyxius: {"entries":[...],"nextSequence":N,"createdAt":{...}} with one
//   entry per line; nextSequence is one past the last exported entry (0 when
//   none is exported); createdAt is written when the source knows both of its
//   parts (a Phyxius export's createdAt, or a SQLite journal with a
//   created_mono_ms meta row).
// OUTPUT is written beside itself and renamed into place; an existing OUTPUT
// is refused unless force. An invalid entry stops the export (nothing written).
ExportSummary exportJournal(const std::string& input, const std::string& output, const ExportOptions& options);

// The same over an open source, to any sink (e.g. stdout). The source's own
// filters are not changed: open it with the options' range and tenant, or
// let this function filter (it applies options' filters again, cheaply).
// sink returns false on a write error.
ExportSummary exportEntries(
    EntrySource& source, const ExportOptions& options, const std::function<bool(std::string_view)>& sink);

} // namespace cd::store
