#pragma once

#include "engine/history/chunked_vector.h"
#include "engine/history/packed_event.h"
#include "engine/platform/event.h"
#include "engine/platform/str.h"

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace cd::history {

// The compact in-memory index of a journal's valid entries. A position is an
// entry's 0-based rank in sequence order. Events are stored tenant-major: each
// tenant (data.tenantId) has a log of its packed events (24 bytes each) with
// their positions (4 bytes), so folding a tenant reads its events
// contiguously, the way time travel folds them. By position there is the
// tenant's slot (4 bytes) and the running maximum of wall time (8 bytes).
// Sequences and the rare entries whose wall time went backwards are kept as
// exceptions: a gapless, time-ordered journal costs about 40 bytes per entry.
//
// Not thread-safe: History guards it.
class EntryIndex {
public:
    // One tenant's entries, in sequence order: the i-th is at positions[i]
    // and its event is event(log, i). Events live in blocks of BlockEvents
    // in one arena, so a growing log never reallocates (or fragments) them.
    struct TenantLog {
        platform::Str tenant;
        std::vector<std::uint32_t> positions;
        std::vector<std::uint32_t> blocks; // arena block numbers
    };
    static constexpr std::size_t BlockEvents = 32;

    // Appends an entry; precondition: sequence larger than the last one's.
    void add(std::int64_t sequence, std::int64_t wallMs, const platform::Event& event);
    void clear();

    std::size_t size() const { return m_slotOf.size(); }
    bool empty() const { return m_slotOf.empty(); }

    std::int64_t sequence(std::size_t position) const;
    std::int64_t wallMs(std::size_t position) const;
    // The largest wall time up to position: the entry's own unless it is late.
    std::int64_t runningMaxWallMs(std::size_t position) const { return m_wallMax[position]; }
    // Brings wallMs(position) toward the cache (a fold will read it soon).
    void prefetchWallMs(std::size_t position) const { __builtin_prefetch(&m_wallMax[position]); }
    // By position (a binary search in the tenant's log).
    const PackedEvent& packed(std::size_t position) const;
    platform::Event event(std::size_t position) const { return unpack(packed(position)); }
    platform::EventType type(std::size_t position) const { return packed(position).eventType(); }
    platform::Event unpack(const PackedEvent& packed) const { return unpackEvent(packed, m_extraNumbers); }
    // The i-th event of a tenant's log.
    const PackedEvent& logEvent(const TenantLog& log, std::size_t i) const
    {
        return m_arena[std::size_t(log.blocks[i / BlockEvents]) * BlockEvents + i % BlockEvents];
    }

    // The last position whose sequence is <= sequence; nullopt before the first.
    std::optional<std::size_t> positionAtOrBefore(std::int64_t sequence) const;
    // The first position whose wall time is above wallMs and above every
    // earlier entry's: every entry before it is at or before wallMs (when wall
    // time never goes backwards, exactly the entries up to wallMs).
    std::size_t prefixUpToTime(std::int64_t wallMs) const;

    // Entries whose wall time is below an earlier entry's, by position.
    struct LateEntry {
        std::uint32_t position;
        std::int64_t wallMs;
    };
    const std::vector<LateEntry>& lateEntries() const { return m_late; }
    bool wallTimeMonotonic() const { return m_late.empty(); }

    // The log of a tenant (every entry whose data.tenantId is tenant, whether
    // the fold used it or not), or nullptr when no entry names it.
    const TenantLog* tenantLog(platform::Str tenant) const;
    std::span<const std::uint32_t> tenantPositions(platform::Str tenant) const;
    // Every tenant log, in order of the tenant's first entry.
    const std::vector<TenantLog>& tenantLogs() const { return m_logs; }

    std::int64_t typeCount(platform::EventType type) const { return m_typeCounts[std::size_t(type)]; }

    // The tenant log slot of the entry at position.
    std::uint32_t slotAt(std::size_t position) const { return m_slotOf[position]; }

    // Whether the index holds together (after loading it from a file): every
    // position in exactly the log slotAt() names, in order; runs, late
    // entries and packed fields in range; strings below stringCount + 1.
    bool consistent(std::size_t stringCount) const;

    // Releases spare capacity of the tenant logs (after a build).
    void shrink();
    std::size_t memoryUsage() const;

private:
    // A run of consecutive sequences starting at position.
    struct Run {
        std::uint32_t position;
        std::int64_t sequence;
    };

    static_assert(ChunkedVector<PackedEvent>::BlockSize % BlockEvents == 0);
    ChunkedVector<PackedEvent> m_arena; // the tenant logs' event blocks
    ChunkedVector<std::uint32_t> m_slotOf; // by position: index into m_logs
    ChunkedVector<std::int64_t> m_wallMax; // by position
    std::vector<LateEntry> m_late;
    std::vector<Run> m_runs;
    std::vector<double> m_extraNumbers;
    std::vector<std::uint32_t> m_slotByStr; // by tenant Str id: slot + 1, 0 = none
    std::vector<TenantLog> m_logs;
    std::array<std::int64_t, platform::EventTypeCount> m_typeCounts {};

    friend class IndexCache;
};

} // namespace cd::history
