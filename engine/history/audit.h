#pragma once

#include "engine/platform/event.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cd::history {

class EntryFetcher;
class History;

// cli.md `audit`: a tenant's entries, optionally within a sequence range
// (inclusive) and of some types.
struct AuditQuery {
    std::string tenantId;
    std::optional<std::int64_t> from;
    std::optional<std::int64_t> to;
    std::vector<platform::EventType> types; // empty: every type
};

// The sequences of the entries the query selects, ascending (from the index).
std::vector<std::int64_t> auditSequences(const History& history, const AuditQuery& query);

// Writes the selected entries as NDJSON (one entry object per line, "\n"
// included, data text as stored), fetching them in chunks. False with error
// when the journal cannot be read back.
bool writeAudit(const History& history, EntryFetcher& fetcher, const AuditQuery& query,
    const std::function<void(std::string_view line)>& write, std::string& error);

} // namespace cd::history
