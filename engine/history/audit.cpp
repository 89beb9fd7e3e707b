#include "engine/history/audit.h"

#include "engine/history/entry_fetcher.h"
#include "engine/history/history.h"
#include "engine/platform/codec.h"

#include <algorithm>
#include <array>
#include <span>

namespace cd::history {

namespace {
// Entries fetched per read-back, to bound memory on a large tenant.
constexpr std::size_t ChunkSize = 4096;
} // namespace

std::vector<std::int64_t> auditSequences(const History& history, const AuditQuery& query)
{
    std::array<bool, platform::EventTypeCount> wanted {};
    wanted.fill(query.types.empty());
    for (platform::EventType type : query.types)
        wanted[std::size_t(type)] = true;

    std::vector<std::int64_t> sequences;
    const History::View view = history.view();
    const platform::Str tenant = view.find(query.tenantId);
    if (!tenant)
        return sequences;
    const EntryIndex& index = view.index();
    const EntryIndex::TenantLog* log = index.tenantLog(tenant);
    if (!log)
        return sequences;
    for (std::size_t i = 0; i < log->positions.size(); ++i) {
        const std::int64_t sequence = index.sequence(log->positions[i]);
        if (query.from && sequence < *query.from)
            continue;
        if (query.to && sequence > *query.to)
            break;
        if (wanted[std::size_t(index.logEvent(*log, i).eventType())])
            sequences.push_back(sequence);
    }
    return sequences;
}

bool writeAudit(const History& history, EntryFetcher& fetcher, const AuditQuery& query,
    const std::function<void(std::string_view line)>& write, std::string& error)
{
    const std::vector<std::int64_t> sequences = auditSequences(history, query);
    std::vector<platform::Entry> entries;
    std::string line;
    for (std::size_t i = 0; i < sequences.size(); i += ChunkSize) {
        entries.clear();
        const auto chunk = std::span(sequences).subspan(i, std::min(ChunkSize, sequences.size() - i));
        if (!fetcher.fetch(chunk, query.tenantId, entries, error))
            return false;
        for (const platform::Entry& entry : entries) {
            line.clear();
            platform::appendEntryJson(line, entry);
            line.push_back('\n');
            write(line);
        }
    }
    return true;
}

} // namespace cd::history
