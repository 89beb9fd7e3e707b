#include "engine/history/snapshot_store.h"

#include <algorithm>
#include <bit>

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
    m_total = 0;
}

const SnapshotStore::Snapshot* SnapshotStore::nearest(std::size_t entryCount) const
{
    auto it = std::upper_bound(m_snapshots.begin(), m_snapshots.end(), entryCount,
        [](std::size_t count, const Snapshot& s) { return count < s.entryCount; });
    return it == m_snapshots.begin() ? nullptr : &*(it - 1);
}

std::size_t SnapshotStore::costOver(const PlatformState* prev, const PlatformState& cur)
{
    const std::size_t count = cur.size();
    std::size_t bytes = sizeof(PlatformState) + count * sizeof(platform::CowBox<TenantState>) + MallocOverhead;
    // The tenant index is copied when a tenant was added since prev (8-byte
    // slots, at most half full).
    if (!prev || prev->size() != cur.size())
        bytes += std::bit_ceil(std::max<std::size_t>(16, count * 2)) * 8 + MallocOverhead;
    const std::size_t shared = prev ? prev->size() : 0;
    for (std::size_t i = 0; i < count; ++i) {
        const TenantState* t = &cur.at(i);
        // Tenants keep their creation order: position i is the same tenant.
        const TenantState* p = i < shared ? &prev->at(i) : nullptr;
        if (t == p)
            continue;
        bytes += TenantBlockBytes;
        if (!p || t->users.data() != p->users.data())
            bytes += arrayBytes(t->users);
        if (!p || t->usage.data() != p->usage.data())
            bytes += arrayBytes(t->usage);
        if (!p || t->sessions.data() != p->sessions.data())
            bytes += arrayBytes(t->sessions);
    }
    return bytes;
}

std::size_t SnapshotStore::costOf(std::size_t i) const
{
    const Snapshot& s = m_snapshots[i];
    return costOver(i == 0 ? nullptr : &m_snapshots[i - 1].state, s.state)
        + s.logLengths.capacity() * sizeof(std::uint32_t);
}

void SnapshotStore::take(std::size_t entryCount, const PlatformState& latest, const EntryIndex& index)
{
    Snapshot snapshot { entryCount, latest, {}, 0 };
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
    if (m_total > budgetFor(entryCount))
        thin(entryCount);
}

void SnapshotStore::thin(std::size_t entryCount)
{
    // Drop the snapshot whose neighbours are closest (the last one stays: it
    // bounds the fold to the newest entries) until under 80% of the budget.
    const std::size_t target = budgetFor(entryCount) / 5 * 4;
    while (m_total > target && m_snapshots.size() > 1) {
        std::size_t best = 0;
        std::size_t bestGap = SIZE_MAX;
        for (std::size_t i = 0; i + 1 < m_snapshots.size(); ++i) {
            const std::size_t before = i == 0 ? 0 : m_snapshots[i - 1].entryCount;
            const std::size_t gap = m_snapshots[i + 1].entryCount - before;
            if (gap < bestGap) {
                bestGap = gap;
                best = i;
            }
        }
        m_total -= m_snapshots[best].cost + m_snapshots[best + 1].cost;
        m_snapshots.erase(m_snapshots.begin() + std::ptrdiff_t(best));
        m_snapshots[best].cost = costOf(best);
        m_total += m_snapshots[best].cost;
    }
    // New snapshots as far apart as the kept ones are on average.
    m_interval = std::max(m_interval, entryCount / (m_snapshots.size() + 1));
    m_next = m_snapshots.empty() ? m_interval : m_snapshots.back().entryCount + m_interval;
}

} // namespace cd::history
