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
    , m_interval(std::bit_ceil(std::max<std::uint32_t>(1, options.initialInterval)))
{ }

std::size_t SnapshotStore::budgetFor(std::size_t entryCount) const
{
    return m_options.budgetBytes + m_options.budgetBytesPerEntry * entryCount;
}

void SnapshotStore::clear()
{
    m_interval = std::bit_ceil(std::max<std::uint32_t>(1, m_options.initialInterval));
    m_snapshots.clear();
    m_costs.clear();
    m_total = 0;
}

const PlatformState* SnapshotStore::nearest(std::size_t entryCount, std::size_t& covered) const
{
    const std::size_t i = std::min(entryCount / m_interval, m_snapshots.size());
    covered = i * m_interval;
    return i == 0 ? nullptr : &m_snapshots[i - 1];
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

void SnapshotStore::take(std::size_t entryCount, const PlatformState& latest)
{
    const PlatformState* prev = m_snapshots.empty() ? nullptr : &m_snapshots.back();
    const std::size_t cost = costOver(prev, latest);
    m_snapshots.push_back(latest);
    m_costs.push_back(cost);
    m_total += cost;
    while (m_total > budgetFor(entryCount) && m_snapshots.size() > 1)
        thin();
}

void SnapshotStore::thin()
{
    // Keep snapshots 1, 3, 5, ... (the states after 2K, 4K, 6K, ... entries).
    std::vector<PlatformState> kept;
    kept.reserve(m_snapshots.size() / 2);
    for (std::size_t i = 1; i < m_snapshots.size(); i += 2)
        kept.push_back(std::move(m_snapshots[i]));
    m_snapshots = std::move(kept);
    m_interval *= 2;
    m_costs.assign(m_snapshots.size(), 0);
    m_total = 0;
    for (std::size_t i = 0; i < m_snapshots.size(); ++i) {
        m_costs[i] = costOver(i == 0 ? nullptr : &m_snapshots[i - 1], m_snapshots[i]);
        m_total += m_costs[i];
    }
}

} // namespace cd::history
