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

// The compact in-memory index of a journal's valid entries, by position
// (0-based, in sequence order). Per entry it holds the packed event (24
// bytes), the running maximum of wall time (8 bytes) and the entry's place in
// its tenant's list (4 bytes); sequences and the rare entries whose wall time
// went backwards are kept as exceptions, so a gapless, time-ordered journal
// costs 36 bytes per entry.
//
// Not thread-safe: History guards it.
class EntryIndex {
public:
    // Appends an entry; precondition: sequence larger than the last one's.
    void add(std::int64_t sequence, std::int64_t wallMs, const platform::Event& event);
    void clear();

    std::size_t size() const { return m_events.size(); }
    bool empty() const { return m_events.empty(); }

    std::int64_t sequence(std::size_t position) const;
    std::int64_t wallMs(std::size_t position) const;
    const PackedEvent& packed(std::size_t position) const { return m_events[position]; }
    platform::Event event(std::size_t position) const { return unpackEvent(m_events[position], m_extraNumbers); }
    platform::EventType type(std::size_t position) const { return m_events[position].eventType(); }

    // The last position whose sequence is <= sequence; nullopt before the first.
    std::optional<std::size_t> positionAtOrBefore(std::int64_t sequence) const;
    // How many leading entries have a wall time <= wallMs when wall time
    // never went backwards; in general, the first position whose wall time is
    // above wallMs and above every earlier entry's (everything before it is <= wallMs).
    std::size_t prefixUpToTime(std::int64_t wallMs) const;

    // Entries whose wall time is below an earlier entry's, by position.
    struct LateEntry {
        std::uint32_t position;
        std::int64_t wallMs;
    };
    const std::vector<LateEntry>& lateEntries() const { return m_late; }
    bool wallTimeMonotonic() const { return m_late.empty(); }

    // The positions of a tenant's entries (every entry whose data.tenantId
    // is tenant, whether the fold used it or not), ascending.
    std::span<const std::uint32_t> tenantPositions(platform::Str tenant) const;
    // Tenant ids that have entries, in order of first appearance.
    const std::vector<platform::Str>& tenantIds() const { return m_tenantIds; }

    std::int64_t typeCount(platform::EventType type) const { return m_typeCounts[std::size_t(type)]; }

    // Releases spare capacity of the tenant lists (after a build).
    void shrink();
    std::size_t memoryUsage() const;

private:
    // A run of consecutive sequences starting at position.
    struct Run {
        std::uint32_t position;
        std::int64_t sequence;
    };

    ChunkedVector<PackedEvent> m_events;
    ChunkedVector<std::int64_t> m_wallMax;
    std::vector<LateEntry> m_late;
    std::vector<Run> m_runs;
    std::vector<double> m_extraNumbers;
    std::vector<std::uint32_t> m_tenantSlot; // by Str id: slot + 1, 0 = none
    std::vector<std::vector<std::uint32_t>> m_tenantPositions;
    std::vector<platform::Str> m_tenantIds;
    std::array<std::int64_t, platform::EventTypeCount> m_typeCounts {};

    friend class IndexCache;
};

} // namespace cd::history
