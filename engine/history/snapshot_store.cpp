#include "engine/history/snapshot_store.h"

#include <algorithm>

namespace cd::history {

using platform::PlatformState;
using platform::TenantState;

namespace {
// Allocator bookkeeping per heap block (glibc: 16 bytes, rounded).
constexpr std::size_t MallocOverhead = 16;
// A CowBox node: the reference count and the tenant in one block.
constexpr std::size_t TenantBlockBytes = sizeof(TenantState) + 8 + MallocOverhead;

template <typename T>
std::size_t arrayBytes(const platform::CowArray<T>& array)
{
    // Header (refcount, size, capacity) + elements, with the growth slack.
    return array.empty() ? 0 : 16 + array.size() * sizeof(T) * 5 / 4 + MallocOverhead;
}
} // namespace

SnapshotStore::SnapshotStore(Options options)
    : m_options(options)
    , m_interval(std::max<std::size_t>(1, options.initialInterval))
    , m_next(m_interval)
{ }

std::size_t SnapshotStore::budgetFor(std::size_t entryCount) const
{
    return m_options.budgetBytes + m_options.budgetBytesPerEntry * entryCount;
}

void SnapshotStore::clear()
{
    m_interval = std::max<std::size_t>(1, m_options.initialInterval);
    m_next = m_interval;
    m_snapshots.clear();
    m_dropped.clear();
    m_thinDueAt = 0;
    m_total = 0;
}

const SnapshotStore::Snapshot* SnapshotStore::nearest(std::size_t entryCount) const
{
    auto it = std::upper_bound(m_snapshots.begin(), m_snapshots.end(), entryCount,
        [](std::size_t count, const Snapshot& s) { return count < s.entryCount; });
    return it == m_snapshots.begin() ? nullptr : &*(it - 1);
}

std::size_t SnapshotStore::stateBytes(const PlatformState& state)
{
    const std::size_t count = state.size();
    std::size_t bytes = sizeof(PlatformState) + count * sizeof(platform::CowBox<TenantState>) + MallocOverhead;
    bytes += state.tenantIndex()->memoryBytes() + MallocOverhead;
    for (std::size_t i = 0; i < count; ++i) {
        const TenantState& t = state.at(i);
        bytes += TenantBlockBytes + arrayBytes(t.users) + arrayBytes(t.usage) + arrayBytes(t.sessions);
    }
    return bytes;
}

std::size_t SnapshotStore::costOver(const Snapshot* prev, const Snapshot& snapshot)
{
    // The tenant index is shared until a tenant is created.
    const bool sharedIndex = prev && prev->state.sharesIndexWith(snapshot.state);
    return snapshot.state.memoryBytes() + (sharedIndex ? 0 : snapshot.state.indexBytes() + MallocOverhead)
        + snapshot.logLengths.capacity() * sizeof(std::uint32_t) + MallocOverhead;
}

std::size_t SnapshotStore::costOf(std::size_t i) const
{
    return costOver(i == 0 ? nullptr : &m_snapshots[i - 1], m_snapshots[i]);
}

void SnapshotStore::take(std::size_t entryCount, const PlatformState& latest, const EntryIndex& index)
{
    m_dropped.clear(); // nobody collected them
    Snapshot snapshot { entryCount, PackedState::pack(latest), {}, 0 };
    snapshot.logLengths.reserve(index.tenantLogs().size());
    // How many of each log's entries come before entryCount: all of them
    // while building, but a restored index (IndexCache) already holds the
    // entries after the snapshot too.
    for (const auto& log : index.tenantLogs()) {
        const auto& positions = log.positions;
        const std::size_t n = positions.empty() || positions.back() < entryCount
            ? positions.size()
            : std::size_t(
                std::lower_bound(positions.begin(), positions.end(), std::uint32_t(entryCount)) - positions.begin());
        snapshot.logLengths.push_back(static_cast<std::uint32_t>(n));
    }
    m_snapshots.push_back(std::move(snapshot));
    m_snapshots.back().cost = costOf(m_snapshots.size() - 1);
    m_total += m_snapshots.back().cost;
    m_next = entryCount + m_interval;
    if (m_total > budgetFor(entryCount)) {
        m_thinDueAt = entryCount;
        if (!m_deferThinning)
            applyThinning(planThinning());
    }
}

SnapshotStore::Thinning SnapshotStore::planThinning() const
{
    Thinning plan;
    if (m_thinDueAt == 0)
        return plan;
    // Drop the snapshot whose neighbours are closest (the last one stays: it
    // bounds the fold to the newest entries) until under 80% of the budget.
    // alive: the indexes kept so far; a drop changes its successor's cost.
    const std::size_t target = budgetFor(m_thinDueAt) / 5 * 4;
    std::vector<std::size_t> alive(m_snapshots.size());
    plan.costs.resize(m_snapshots.size());
    for (std::size_t i = 0; i < alive.size(); ++i) {
        alive[i] = i;
        plan.costs[i] = m_snapshots[i].cost;
    }
    plan.total = m_total;
    while (plan.total > target && alive.size() > 1) {
        std::size_t best = 0;
        std::size_t bestGap = SIZE_MAX;
        for (std::size_t k = 0; k + 1 < alive.size(); ++k) {
            const std::size_t before = k == 0 ? 0 : m_snapshots[alive[k - 1]].entryCount;
            const std::size_t gap = m_snapshots[alive[k + 1]].entryCount - before;
            if (gap < bestGap) {
                bestGap = gap;
                best = k;
            }
        }
        plan.total -= plan.costs[alive[best]] + plan.costs[alive[best + 1]];
        plan.drop.push_back(alive[best]);
        alive.erase(alive.begin() + std::ptrdiff_t(best));
        const Snapshot* prev = best == 0 ? nullptr : &m_snapshots[alive[best - 1]];
        plan.costs[alive[best]] = costOver(prev, m_snapshots[alive[best]]);
        plan.total += plan.costs[alive[best]];
    }
    std::sort(plan.drop.begin(), plan.drop.end());
    // New snapshots as far apart as the kept ones are on average.
    plan.interval = std::max(m_interval, m_thinDueAt / (alive.size() + 1));
    plan.next = alive.empty() ? plan.interval : m_snapshots[alive.back()].entryCount + plan.interval;
    return plan;
}

void SnapshotStore::applyThinning(Thinning plan)
{
    const bool due = m_thinDueAt != 0;
    m_thinDueAt = 0;
    if (!due || plan.costs.size() != m_snapshots.size())
        return; // nothing was due, or not made for these snapshots
    std::vector<Snapshot> kept;
    kept.reserve(m_snapshots.size() - plan.drop.size());
    auto drop = plan.drop.begin();
    for (std::size_t i = 0; i < m_snapshots.size(); ++i) {
        if (drop != plan.drop.end() && *drop == i) {
            m_dropped.push_back(std::move(m_snapshots[i]));
            ++drop;
            continue;
        }
        m_snapshots[i].cost = plan.costs[i];
        kept.push_back(std::move(m_snapshots[i]));
    }
    m_snapshots = std::move(kept);
    m_total = plan.total;
    m_interval = plan.interval;
    m_next = plan.next;
}

} // namespace cd::history
