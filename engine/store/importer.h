#pragma once

#include "engine/store/journal_meta.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace cd::store {

struct ImportOptions {
    // Write the valid entries and log each rejected one to
    // OUTPUT.rejected.ndjson; else (strict) any invalid entry writes nothing.
    bool skipInvalid = false;
    // Replace an existing OUTPUT (and OUTPUT.rejected.ndjson).
    bool force = false;
    // How many error lines the summary keeps (the rest are counted).
    std::size_t maxListedErrors = 100;
    // Rows per transaction of the bulk insert.
    std::size_t chunkRows = 50000;
    // Called every few thousand entries with the fraction read; returning
    // false cancels the import (nothing is written).
    std::function<bool(double fraction)> progress;
};

enum class ImportStatus {
    Ok,
    OutputExists, // OUTPUT (or its rejected log) exists and no force: untouched
    BadInput, // unreadable, not a journal, a structure error, a newer format version
    InvalidEntries, // strict mode found invalid entries: nothing written
    WriteFailed, // the output could not be written
    Cancelled
};

struct ImportSummary {
    ImportStatus status = ImportStatus::Ok;
    std::optional<JournalFormat> format;
    std::uint64_t accepted = 0;
    // Invalid entries found (skip-invalid: each one is in rejectedPath).
    std::uint64_t rejected = 0;
    std::optional<std::int64_t> firstSequence; // of the accepted entries
    std::optional<std::int64_t> lastSequence;
    // Every error, the first maxListedErrors as lines naming file and place
    // ("FILE:LINE: reason", "FILE: entries[I]: reason", "FILE: sequence N:
    // reason"), and how many there were in all.
    std::vector<std::string> errors;
    std::uint64_t errorCount = 0;
    std::string journalId; // of the written journal
    std::string rejectedPath; // set when the rejected log was written
    // When not Ok: one line naming the file (and place when there is one).
    std::string message;

    bool ok() const { return status == ImportStatus::Ok; }
    // errors, then "... and N more" when some were not listed.
    std::vector<std::string> errorReport() const;
};

// Imports INPUT (any of the three formats, detected from content) into a new
// format-1 SQLite journal at OUTPUT (cli.md, "import"). OUTPUT is written to
// a temporary file beside it and renamed into place only on success.
//
// Validation: the entry codec, plus "sequence larger than the previous
// accepted entry's". Ids may repeat (verify reports that).
//
// Journal identity: from a SQLite source, its journal_id and creation time
// are kept (it is the same journal). From NDJSON or Phyxius, the id is
// "import-" + the 128-bit ContentHash (32 hex digits) of the input bytes, so
// re-importing the same file gives the same id; created_wall_ms is createdAt
// when a Phyxius export has one (created_mono_ms too), else the first
// accepted entry's wallMs (0 when none). The id names the source, not the
// output: caches keyed by it must also check count and last sequence.
ImportSummary importJournal(const std::string& input, const std::string& output, const ImportOptions& options = {});

} // namespace cd::store
