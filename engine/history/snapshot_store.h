#pragma once

#include "engine/platform/platform_state.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace cd::history {

// Whole-platform snapshots every `interval` entries, with bounded memory.
// A snapshot is a PlatformState copy: it shares every tenant that did not
// change since the previous one (copy-on-write), so it costs one pointer per
// tenant plus the tenants (and their maps) that changed. When the estimated
// total exceeds the budget, the interval doubles and every other snapshot is
// dropped, so memory stays bounded while state-at-a-point stays a copy plus
// at most `interval` folds.
//
// Snapshot i (0-based) is the state after the first (i + 1) * interval entries.
class SnapshotStore {
public:
    struct Options {
        std::uint32_t initialInterval = 16384; // a power of two
        std::size_t budgetBytes = 64u << 20; // fixed part of the budget
        std::size_t budgetBytesPerEntry = 8; // plus this much per indexed entry
    };

    explicit SnapshotStore(Options options);

    // Called after each fold: takes a snapshot when entryCount is a multiple
    // of the interval, then enforces the budget.
    void afterFold(std::size_t entryCount, const platform::PlatformState& latest)
    {
        if ((entryCount & (std::size_t(m_interval) - 1)) == 0)
            take(entryCount, latest);
    }

    // The snapshot holding the most entries, but no more than entryCount:
    // sets covered to the number of entries it holds (0 and nullptr: none).
    const platform::PlatformState* nearest(std::size_t entryCount, std::size_t& covered) const;

    std::uint32_t interval() const { return m_interval; }
    std::size_t count() const { return m_snapshots.size(); }
    // Estimated bytes the snapshots keep alive beyond the latest state.
    std::size_t memoryEstimate() const { return m_total; }
    std::size_t budgetFor(std::size_t entryCount) const;
    void clear();

    // Estimated bytes that cur keeps alive on top of prev (nullptr: nothing shared).
    static std::size_t costOver(const platform::PlatformState* prev, const platform::PlatformState& cur);

private:
    void take(std::size_t entryCount, const platform::PlatformState& latest);
    void thin();

    Options m_options;
    std::uint32_t m_interval;
    std::vector<platform::PlatformState> m_snapshots;
    std::vector<std::size_t> m_costs;
    std::size_t m_total = 0;
};

} // namespace cd::history
