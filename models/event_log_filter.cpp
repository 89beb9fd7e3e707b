#include "models/event_log_filter.h"

#include "engine/history/history.h"
#include "engine/platform/json_writer.h"
#include "engine/platform/string_pool.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace cd::models {

namespace {

// Positions handled per read-lock section.
constexpr std::size_t ChunkSize = 1 << 18;
constexpr std::uint32_t Unset = std::numeric_limits<std::uint32_t>::max();

bool containsFolded(std::string_view haystack, std::string_view needle)
{
    if (needle.empty())
        return true;
    return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(), [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
    }) != haystack.end();
}

// The text test, with every interned string judged once (by Str id) instead
// of once per entry.
class TextMatcher {
public:
    explicit TextMatcher(std::string needle)
        : m_needle(std::move(needle))
    {
        for (int t = 0; t < platform::EventTypeCount; ++t)
            m_types[std::size_t(t)]
                = containsFolded(platform::eventTypeName(static_cast<platform::EventType>(t)), m_needle);
        for (const auto& plan : platform::PlanTable)
            m_plans[std::size_t(plan.plan)] = containsFolded(plan.name, m_needle);
        m_roles[0] = containsFolded(platform::roleName(platform::Role::Admin), m_needle);
        m_roles[1] = containsFolded(platform::roleName(platform::Role::User), m_needle);
        m_numeric = m_needle.find_first_of("0123456789") != std::string::npos;
    }

    bool matches(const platform::Event& e, const platform::StringPool& pool)
    {
        using platform::EventType;
        if (m_types[std::size_t(e.type)])
            return true;
        for (platform::Str s :
            { e.tenantId, e.userId, e.email, e.ownerId, e.cycleId, e.reason, e.feature, e.sessionId })
            if (s && str(s, pool))
                return true;
        switch (e.type) {
        case EventType::TenantCreated:
            return m_plans[std::size_t(e.plan)];
        case EventType::PlanChanged:
            return m_plans[std::size_t(e.from)] || m_plans[std::size_t(e.to)];
        case EventType::UserInvited:
            return m_roles[std::size_t(e.role)];
        case EventType::BillingCycleStarted:
        case EventType::BillingPaymentSucceeded:
        case EventType::BillingPaymentFailed:
            return number(e.amount);
        case EventType::FeatureUsed:
            return number(e.usage);
        case EventType::LimitsExceeded:
            return number(e.usage) || number(e.limit);
        default:
            return false;
        }
    }

private:
    bool str(platform::Str s, const platform::StringPool& pool)
    {
        if (s.id >= m_strings.size())
            m_strings.resize(std::size_t(s.id) + 1024, Unknown);
        std::uint8_t& known = m_strings[s.id];
        if (known == Unknown)
            known = containsFolded(pool.view(s), m_needle) ? Yes : No;
        return known == Yes;
    }
    bool number(double value)
    {
        if (!m_numeric)
            return false;
        m_scratch.clear();
        platform::appendJsonNumber(m_scratch, value);
        return containsFolded(m_scratch, m_needle);
    }

    enum : std::uint8_t { Unknown, Yes, No };
    std::string m_needle;
    std::array<bool, platform::EventTypeCount> m_types {};
    std::array<bool, 3> m_plans {};
    std::array<bool, 2> m_roles {};
    bool m_numeric = false;
    std::vector<std::uint8_t> m_strings;
    std::string m_scratch;
};

} // namespace

std::vector<std::uint32_t> filterPositions(const history::History& history, const EventLogFilter& filter,
    std::size_t begin, std::size_t end, const std::atomic<bool>* cancel)
{
    std::vector<std::uint32_t> out;
    const std::string tenantText = filter.tenant.toStdString();
    std::optional<TextMatcher> matcher;
    if (!filter.text.isEmpty())
        matcher.emplace(filter.text.toStdString());
    auto keep = [&filter, &matcher](const history::EntryIndex& index, const history::PackedEvent& packed,
                    const platform::StringPool& pool) {
        if (filter.types != 0 && (filter.types & (1u << packed.type)) == 0)
            return false;
        return !matcher || matcher->matches(index.unpack(packed), pool);
    };

    if (!filter.tenant.isEmpty()) {
        // One tenant: walk its log only.
        std::size_t i = 0;
        bool started = false;
        while (true) {
            if (cancel && cancel->load(std::memory_order_relaxed))
                return out;
            const auto view = history.view();
            const auto* log = view.index().tenantLog(view.find(tenantText));
            if (!log)
                return out;
            if (!started) {
                i = std::size_t(
                    std::lower_bound(log->positions.begin(), log->positions.end(), begin) - log->positions.begin());
                started = true;
            }
            const std::size_t stop = std::min(log->positions.size(), i + ChunkSize);
            for (; i < stop && log->positions[i] < end; ++i)
                if (keep(view.index(), view.index().logEvent(*log, i), view.pool()))
                    out.push_back(log->positions[i]);
            if (i >= log->positions.size() || (i < log->positions.size() && log->positions[i] >= end))
                return out;
        }
    }

    // Every tenant, in position order: a cursor per tenant log turns the
    // tenant-major index back into sequence order without a sort.
    std::vector<std::uint32_t> next;
    for (std::size_t position = begin; position < end;) {
        if (cancel && cancel->load(std::memory_order_relaxed))
            return out;
        const auto view = history.view();
        const auto& index = view.index();
        const std::size_t stop = std::min({ end, index.size(), position + ChunkSize });
        if (position >= stop)
            break;
        next.resize(index.tenantLogs().size(), Unset);
        for (; position < stop; ++position) {
            const std::uint32_t slot = index.slotAt(position);
            const auto& log = index.tenantLogs()[slot];
            std::uint32_t& i = next[slot];
            if (i == Unset || i >= log.positions.size() || log.positions[i] != position)
                i = std::uint32_t(
                    std::lower_bound(log.positions.begin(), log.positions.end(), position) - log.positions.begin());
            if (keep(index, index.logEvent(log, i), view.pool()))
                out.push_back(std::uint32_t(position));
            ++i;
        }
    }
    return out;
}

} // namespace cd::models
