#pragma once

#include "engine/history/entry_index.h"
#include "engine/history/packed_state.h"
#include "engine/platform/platform_state.h"

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace cd::history {

// Whole-platform snapshots, about one every `interval` entries, with bounded
// memory. A snapshot is the state packed (PackedState: a third of a live
// state's memory). Sharing tenants with the previous snapshot instead
// (copy-on-write copies) saved little: a snapshot interval changes nearly
// every tenant of a busy platform, and each changed tenant then cost its
// whole live size. When the estimated total exceeds the budget, snapshots are dropped where their
// neighbours are closest (so the spacing stays even) until the total is
// back under 80% of it, and the interval for new ones grows to the average
// spacing: memory stays bounded and uses most of the budget, while a state
// at any point stays a copy plus about `interval` folds.
//
// With each snapshot go the tenant logs' lengths at that point, so a fold
// from the snapshot finds each tenant's first entry without searching.
class SnapshotStore {
public:
    struct Options {
        std::uint32_t initialInterval = 16384;
        std::size_t budgetBytes = 96u << 20; // fixed part of the budget
        // Plus this much per indexed entry. 15, not the 20 of live-state
        // snapshots: their estimate ran above what they used (shared maps,
        // slack), a packed one is exact, and at 20 the CLI peaked at 885 MB
        // on 10M entries (issue 3: 850).
        std::size_t budgetBytesPerEntry = 15;
    };

    explicit SnapshotStore(Options options);

    // Called after each fold: takes a snapshot when the interval has passed
    // since the last one, then enforces the budget.
    void afterFold(std::size_t entryCount, const platform::PlatformState& latest, const EntryIndex& index)
    {
        if (entryCount >= m_next)
            take(entryCount, latest, index);
    }

    struct Snapshot {
        std::size_t entryCount = 0; // the state after this many entries
        PackedState state;
        // By tenant log slot: how many of its entries the snapshot holds
        // (slots past the end: none).
        std::vector<std::uint32_t> logLengths;
        std::size_t cost = 0; // estimated bytes on top of the previous snapshot
    };
    // The snapshot holding the most entries, but no more than entryCount
    // (nullptr: none).
    const Snapshot* nearest(std::size_t entryCount) const;

    // Restoring a saved history: takes a snapshot of latest (the state after
    // entryCount entries) now, spacing the next ones by interval.
    void restoreAt(
        std::size_t entryCount, std::size_t interval, const platform::PlatformState& latest, const EntryIndex& index)
    {
        m_interval = std::max<std::size_t>(1, interval);
        take(entryCount, latest, index);
    }
    // Thinning in two steps, so that a writer can work out the costly part
    // (the costs the kept snapshots then have) without its lock, while
    // readers read the store, and only install the result under it. Plain
    // take() (deferThinning off) does both at once.
    struct Thinning {
        std::vector<std::size_t> drop; // indexes into snapshots(), ascending
        std::vector<std::size_t> costs; // by index: the cost once the drops are done
        std::size_t total = 0;
        std::size_t interval = 0;
        std::size_t next = 0;
        bool empty() const { return drop.empty(); }
    };
    // While set, take() does not thin; thinningDue() tells when it should.
    void setDeferThinning(bool defer) { m_deferThinning = defer; }
    bool thinningDue() const { return m_thinDueAt != 0; }
    // Reads only (readers may read meanwhile). Empty when nothing is due.
    Thinning planThinning() const;
    // Installs a plan made since the last change (O(snapshots)).
    void applyThinning(Thinning plan);

    // The snapshots the budget let go of since the last call, for the caller
    // to free after it releases its lock: freeing tens of MB of tenants held
    // the index's write lock for up to 0.3 s at 10M entries (and readers,
    // the GUI thread among them, waited). The next snapshot taken frees what
    // nobody collected, so they never pile up.
    std::vector<Snapshot> takeDropped() { return std::exchange(m_dropped, {}); }
    // The entry count at which afterFold() takes the next snapshot.
    std::size_t nextDue() const { return m_next; }
    // Entries between snapshots (new snapshots are taken this far apart).
    std::size_t interval() const { return m_interval; }
    std::size_t count() const { return m_snapshots.size(); }
    const std::vector<Snapshot>& snapshots() const { return m_snapshots; }
    // Estimated bytes the snapshots keep alive beyond the latest state.
    std::size_t memoryEstimate() const { return m_total; }
    std::size_t budgetFor(std::size_t entryCount) const;
    void clear();

    // Estimated bytes a live state keeps alive.
    static std::size_t stateBytes(const platform::PlatformState& state);

private:
    void take(std::size_t entryCount, const platform::PlatformState& latest, const EntryIndex& index);
    std::size_t costOf(std::size_t i) const;
    // What a snapshot costs on top of prev (nullptr: the first).
    static std::size_t costOver(const Snapshot* prev, const Snapshot& snapshot);

    Options m_options;
    std::size_t m_interval;
    std::size_t m_next; // entry count at which the next snapshot is due
    std::vector<Snapshot> m_snapshots; // by entryCount
    std::vector<Snapshot> m_dropped; // thinned out, not freed yet (takeDropped)
    bool m_deferThinning = false;
    std::size_t m_thinDueAt = 0; // the entry count of the take() over budget; 0: none
    std::size_t m_total = 0;
};

} // namespace cd::history
