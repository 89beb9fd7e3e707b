#include "engine/history/entry_index.h"

#include <algorithm>

namespace cd::history {

namespace {
// Grows a vector by a quarter instead of doubling: the tenant logs hold most
// of the index, and their slack counts in the peak memory.
template <typename T>
void pushGrowing(std::vector<T>& v, const T& value)
{
    if (v.size() == v.capacity())
        v.reserve(std::max<std::size_t>(8, v.size() + v.size() / 4));
    v.push_back(value);
}
} // namespace

void EntryIndex::add(std::int64_t sequence, std::int64_t wallMs, const platform::Event& event)
{
    const auto position = static_cast<std::uint32_t>(m_slotOf.size());
    if (m_runs.empty() || m_runs.back().sequence + (position - m_runs.back().position) != sequence)
        m_runs.push_back(Run { position, sequence });

    if (!m_wallMax.empty() && wallMs < m_wallMax.back()) {
        m_late.push_back(LateEntry { position, wallMs });
        m_wallMax.push_back(m_wallMax.back());
    } else {
        m_wallMax.push_back(wallMs);
    }
    ++m_typeCounts[std::size_t(event.type)];

    const std::uint32_t id = event.tenantId.id;
    if (id >= m_slotByStr.size())
        m_slotByStr.resize(std::max<std::size_t>(id + 1, m_slotByStr.size() * 3 / 2), 0);
    if (m_slotByStr[id] == 0) {
        m_logs.push_back(TenantLog { event.tenantId, {}, {} });
        m_slotByStr[id] = static_cast<std::uint32_t>(m_logs.size());
    }
    const std::uint32_t slot = m_slotByStr[id] - 1;
    TenantLog& log = m_logs[slot];
    const std::size_t rank = log.positions.size();
    if (rank % BlockEvents == 0) {
        log.blocks.push_back(static_cast<std::uint32_t>(m_arena.size() / BlockEvents));
        for (std::size_t i = 0; i < BlockEvents; ++i)
            m_arena.push_back(PackedEvent {});
    }
    m_arena[std::size_t(log.blocks.back()) * BlockEvents + rank % BlockEvents] = packEvent(event, m_extraNumbers);
    pushGrowing(log.positions, position);
    m_slotOf.push_back(slot);
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
    // A late entry repeats the running maximum before it: an entry that
    // raises it is not late, and needs no search of the late list.
    const std::int64_t running = m_wallMax[position];
    if (!m_late.empty() && position > 0 && running == m_wallMax[position - 1]) {
        auto it = std::lower_bound(m_late.begin(), m_late.end(), position,
            [](const LateEntry& late, std::size_t p) { return late.position < p; });
        if (it != m_late.end() && it->position == position)
            return it->wallMs;
    }
    return running;
}

const PackedEvent& EntryIndex::packed(std::size_t position) const
{
    const TenantLog& log = m_logs[m_slotOf[position]];
    const auto it = std::lower_bound(log.positions.begin(), log.positions.end(), std::uint32_t(position));
    return logEvent(log, std::size_t(it - log.positions.begin()));
}

std::optional<std::size_t> EntryIndex::positionAtOrBefore(std::int64_t sequence) const
{
    if (m_runs.empty() || sequence < m_runs.front().sequence)
        return std::nullopt;
    // The last run starting at or before sequence; sequences grow with positions.
    auto it = std::upper_bound(
        m_runs.begin(), m_runs.end(), sequence, [](std::int64_t s, const Run& run) { return s < run.sequence; });
    --it;
    const std::size_t runEnd = (it + 1 == m_runs.end()) ? size() : std::size_t((it + 1)->position);
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

const EntryIndex::TenantLog* EntryIndex::tenantLog(platform::Str tenant) const
{
    if (tenant.id >= m_slotByStr.size() || m_slotByStr[tenant.id] == 0)
        return nullptr;
    return &m_logs[m_slotByStr[tenant.id] - 1];
}

std::span<const std::uint32_t> EntryIndex::tenantPositions(platform::Str tenant) const
{
    const TenantLog* log = tenantLog(tenant);
    return log ? std::span<const std::uint32_t>(log->positions) : std::span<const std::uint32_t>();
}

bool EntryIndex::consistent(std::size_t stringCount) const
{
    const std::size_t n = size();
    if (m_wallMax.size() != n || (n > 0 && (m_runs.empty() || m_runs.front().position != 0)))
        return false;
    for (std::size_t i = 1; i < m_runs.size(); ++i)
        if (m_runs[i].position <= m_runs[i - 1].position || m_runs[i].position >= n)
            return false;
    // Late entries ascending, each repeating the running maximum before it
    // and dated below it (what wallMs relies on).
    for (std::size_t i = 0; i < m_late.size(); ++i) {
        const LateEntry& late = m_late[i];
        if (late.position >= n || late.position == 0 || (i > 0 && late.position <= m_late[i - 1].position)
            || m_wallMax[late.position] != m_wallMax[late.position - 1] || late.wallMs >= m_wallMax[late.position])
            return false;
    }
    // Every position is in the log slotOf names, at its turn: one pass over
    // the positions with a cursor per log (each log read in order; reading
    // slotOf at each log's positions instead is a cache miss per entry).
    std::vector<std::uint32_t> next(m_logs.size(), 0);
    for (std::size_t p = 0; p < n; ++p) {
        const std::uint32_t slot = m_slotOf[p];
        if (slot >= m_logs.size())
            return false;
        const auto& positions = m_logs[slot].positions;
        std::uint32_t& i = next[slot];
        if (i >= positions.size() || positions[i] != p)
            return false;
        ++i;
    }
    auto validStr = [stringCount](platform::Str s) { return s.id <= stringCount; };
    for (std::size_t slot = 0; slot < m_logs.size(); ++slot) {
        const TenantLog& log = m_logs[slot];
        if (next[slot] != log.positions.size() || !validStr(log.tenant)
            || log.blocks.size() * BlockEvents < log.positions.size())
            return false;
        for (std::size_t i = 0; i < log.positions.size(); ++i) {
            const PackedEvent& packed = logEvent(log, i);
            if (packed.type >= platform::EventTypeCount || packed.a > 2 || packed.b > 2
                || ((packed.flags & PackedEvent::OutOfLineLimit) && packed.s1 >= m_extraNumbers.size()))
                return false;
            // Its strings, without unpacking it (packEvent leaves unused
            // fields 0): s0 is always one, s1 too but for an inline limit.
            const bool s1IsString = packed.eventType() != platform::EventType::LimitsExceeded;
            if (packed.tenant != log.tenant.id || !validStr(platform::Str(packed.s0))
                || (s1IsString && !validStr(platform::Str(packed.s1))))
                return false;
        }
    }
    return true;
}

void EntryIndex::shrink()
{
    for (auto& log : m_logs) {
        log.positions.shrink_to_fit();
        log.blocks.shrink_to_fit();
    }
    m_late.shrink_to_fit();
    m_runs.shrink_to_fit();
}

std::size_t EntryIndex::memoryUsage() const
{
    std::size_t bytes = m_arena.memoryUsage() + m_slotOf.memoryUsage() + m_wallMax.memoryUsage();
    bytes += m_late.capacity() * sizeof(LateEntry) + m_runs.capacity() * sizeof(Run);
    bytes += m_extraNumbers.capacity() * sizeof(double) + m_slotByStr.capacity() * sizeof(std::uint32_t);
    bytes += m_logs.capacity() * sizeof(TenantLog);
    for (const auto& log : m_logs)
        bytes += (log.positions.capacity() + log.blocks.capacity()) * sizeof(std::uint32_t);
    return bytes;
}

} // namespace cd::history
