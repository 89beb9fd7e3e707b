#pragma once

#include <QString>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace cd::history {
class History;
}

namespace cd::models {

// Which entries the event log shows. Empty parts do not filter.
struct EventLogFilter {
    // Bit (1 << EventType) per type shown; 0 shows every type.
    std::uint32_t types = 0;
    // A tenant id, exactly.
    QString tenant;
    // Case-insensitive substring of the tenant id, the type name, any string
    // of the event (user, email, cycle, reason, feature, session, owner),
    // a plan or role name, or a number of the event written as in JSON.
    QString text;

    bool isEmpty() const { return types == 0 && tenant.isEmpty() && text.isEmpty(); }
    friend bool operator==(const EventLogFilter&, const EventLogFilter&) = default;
};

// The positions in [begin, end) of the entries the filter keeps, ascending,
// from the index alone (no file access). Holds the history's read lock a
// chunk at a time, so appends and other readers interleave. Returns early
// (with what it found so far) when cancel becomes true. Runs on any thread.
std::vector<std::uint32_t> filterPositions(const history::History& history, const EventLogFilter& filter,
    std::size_t begin, std::size_t end, const std::atomic<bool>* cancel = nullptr);

} // namespace cd::models
