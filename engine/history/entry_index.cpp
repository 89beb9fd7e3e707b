#include "engine/history/entry_index.h"

#include <algorithm>

namespace cd::history {

void EntryIndex::add(std::int64_t sequence, std::int64_t wallMs, const platform::Event& event)
{
    const auto position = static_cast<std::uint32_t>(m_events.size());
    if (m_runs.empty() || m_runs.back().sequence + (position - m_runs.back().position) != sequence)
        m_runs.push_back(Run { position, sequence });

    if (!m_wallMax.empty() && wallMs < m_wallMax.back()) {
        m_late.push_back(LateEntry { position, wallMs });
        m_wallMax.push_back(m_wallMax.back());
    } else {
        m_wallMax.push_back(wallMs);
    }

    m_events.push_back(packEvent(event, m_extraNumbers));
    ++m_typeCounts[std::size_t(event.type)];

    const std::uint32_t id = event.tenantId.id;
    if (id >= m_tenantSlot.size())
        m_tenantSlot.resize(std::max<std::size_t>(id + 1, m_tenantSlot.size() * 3 / 2), 0);
    if (m_tenantSlot[id] == 0) {
        m_tenantPositions.emplace_back();
        m_tenantIds.push_back(event.tenantId);
        m_tenantSlot[id] = static_cast<std::uint32_t>(m_tenantPositions.size());
    }
    m_tenantPositions[m_tenantSlot[id] - 1].push_back(position);
}

void EntryIndex::clear()
{
    *this = EntryIndex();
}

std::int64_t EntryIndex::sequence(std::size_t position) const
{
    auto it = std::upper_bound(
        m_runs.begin(), m_runs.end(), position, [](std::size_t p, const Run& run) { return p < run.position; });
    --it;
    return it->sequence + std::int64_t(position - it->position);
}

std::int64_t EntryIndex::wallMs(std::size_t position) const
{
    if (!m_late.empty()) {
        auto it = std::lower_bound(m_late.begin(), m_late.end(), position,
            [](const LateEntry& late, std::size_t p) { return late.position < p; });
        if (it != m_late.end() && it->position == position)
            return it->wallMs;
    }
    return m_wallMax[position];
}

std::optional<std::size_t> EntryIndex::positionAtOrBefore(std::int64_t sequence) const
{
    if (m_runs.empty() || sequence < m_runs.front().sequence)
        return std::nullopt;
    // The last run starting at or before sequence; sequences grow with positions.
    auto it = std::upper_bound(
        m_runs.begin(), m_runs.end(), sequence, [](std::int64_t s, const Run& run) { return s < run.sequence; });
    --it;
    const std::size_t runEnd = (it + 1 == m_runs.end()) ? m_events.size() : std::size_t((it + 1)->position);
    const std::int64_t offset = sequence - it->sequence;
    const std::size_t runLength = runEnd - it->position;
    return it->position + std::size_t(std::min<std::int64_t>(offset, std::int64_t(runLength) - 1));
}

std::size_t EntryIndex::prefixUpToTime(std::int64_t wallMs) const
{
    // The running maximum never decreases: binary search it.
    std::size_t lo = 0;
    std::size_t hi = m_wallMax.size();
    while (lo < hi) {
        const std::size_t mid = lo + (hi - lo) / 2;
        if (m_wallMax[mid] <= wallMs)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

std::span<const std::uint32_t> EntryIndex::tenantPositions(platform::Str tenant) const
{
    if (tenant.id >= m_tenantSlot.size() || m_tenantSlot[tenant.id] == 0)
        return {};
    return m_tenantPositions[m_tenantSlot[tenant.id] - 1];
}

void EntryIndex::shrink()
{
    for (auto& positions : m_tenantPositions)
        positions.shrink_to_fit();
    m_late.shrink_to_fit();
    m_runs.shrink_to_fit();
}

std::size_t EntryIndex::memoryUsage() const
{
    std::size_t bytes = m_events.memoryUsage() + m_wallMax.memoryUsage();
    bytes += m_late.capacity() * sizeof(LateEntry) + m_runs.capacity() * sizeof(Run);
    bytes += m_extraNumbers.capacity() * sizeof(double) + m_tenantSlot.capacity() * sizeof(std::uint32_t);
    bytes += m_tenantIds.capacity() * sizeof(platform::Str);
    for (const auto& positions : m_tenantPositions)
        bytes += positions.capacity() * sizeof(std::uint32_t) + sizeof(positions);
    return bytes;
}

} // namespace cd::history
