#pragma once

#include "engine/runtime/observe.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cd::rt {

// The Phyxius journal export document, with each entry's data kept as raw
// JSON text (the journal's serializer turns it into T and back):
// {"entries":[{"id","sequence","timestamp":{"wallMs","monoMs"},"data"}...],
//  "nextSequence":N, "createdAt":{"wallMs","monoMs"}}
struct JournalExportEntry {
    std::string id;
    std::int64_t sequence = 0;
    Instant timestamp;
    std::string dataJson;
};

struct JournalExport {
    std::vector<JournalExportEntry> entries;
    std::optional<std::int64_t> nextSequence;
    std::optional<Instant> createdAt;
};

// Compact JSON, keys in the order above.
std::string writeJournalExport(const JournalExport& doc);
// Throws std::invalid_argument naming the place ("entries[3]: ...") for
// anything that is not the export shape: a non-object document, a missing or
// non-string id, a sequence that is not a non-negative integer larger than
// the previous one, non-integer timestamps, a missing data value.
JournalExport parseJournalExport(std::string_view json);

// A JSON string literal for text (quotes included), and back. jsonUnquote
// throws std::invalid_argument if jsonText is not exactly one JSON string.
std::string jsonQuote(std::string_view text);
std::string jsonUnquote(std::string_view jsonText);

} // namespace cd::rt
