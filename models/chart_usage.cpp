#include "models/chart_usage.h"

#include "engine/platform/plans.h"
#include "engine/platform/string_pool.h"
#include "models/chart_time.h"

#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace cd::models {

namespace {

using platform::EventType;

// Builds the series while walking the tenant's log.
class UsageBuilder {
public:
    explicit UsageBuilder(UsageChartData& data)
        : m_data(data)
    { }

    void created(std::int64_t wallMs, platform::Plan plan)
    {
        m_createdMs = wallMs;
        m_plans.emplace_back(wallMs, plan);
    }
    void planChanged(std::int64_t wallMs, platform::Plan plan) { m_plans.emplace_back(wallMs, plan); }

    void add(std::string_view feature, std::int64_t wallMs, double delta)
    {
        Slot& s = slot(feature);
        s.value += delta;
        series(s).usage.append(QPointF(double(wallMs), s.value));
    }
    void reset(std::string_view feature, std::int64_t wallMs)
    {
        Slot& s = slot(feature);
        s.value = 0;
        series(s).usage.append(QPointF(double(wallMs), 0.0));
    }
    void breach(std::string_view feature, std::int64_t wallMs, double usage)
    {
        series(slot(feature)).breaches.append(QPointF(double(wallMs), usage));
    }

    // The limit steps of every feature, from the plan timeline.
    void finish()
    {
        for (auto& feature : m_data.features) {
            const QByteArray name = feature.feature.toUtf8();
            for (const auto& [wallMs, plan] : m_plans) {
                const auto limit = platform::planLimit(plan, std::string_view(name.constData(), size_t(name.size())));
                if (!limit)
                    continue;
                if (!feature.limit.isEmpty() && feature.limit.constLast().y() == double(*limit))
                    continue; // a plan change that keeps this limit
                feature.limit.append(QPointF(double(wallMs), double(*limit)));
            }
        }
    }

private:
    struct Slot {
        int series = 0;
        double value = 0;
    };

    Slot& slot(std::string_view feature)
    {
        auto it = m_slots.find(feature);
        if (it == m_slots.end()) {
            UsageFeatureSeries series;
            series.feature = QString::fromUtf8(feature.data(), qsizetype(feature.size()));
            // Zero since the tenant exists: a feature absent from usage has used nothing.
            series.usage.append(QPointF(double(m_createdMs), 0.0));
            m_data.features.append(std::move(series));
            it = m_slots.emplace(feature, Slot { int(m_data.features.size() - 1), 0.0 }).first;
        }
        return it->second;
    }
    UsageFeatureSeries& series(const Slot& s) { return m_data.features[s.series]; }

    UsageChartData& m_data;
    std::int64_t m_createdMs = 0;
    std::vector<std::pair<std::int64_t, platform::Plan>> m_plans;
    // Views into the pool, which outlives the computation.
    std::unordered_map<std::string_view, Slot> m_slots;
};

} // namespace

UsageChartData computeUsageChart(const history::History::View& view, std::string_view tenant)
{
    UsageChartData data;
    data.tenant = QString::fromUtf8(tenant.data(), qsizetype(tenant.size()));
    const history::EntryIndex& index = view.index();
    const platform::Str id = view.find(tenant);
    const history::EntryIndex::TenantLog* log = id ? index.tenantLog(id) : nullptr;
    if (!log || log->positions.empty())
        return data;
    const platform::StringPool& pool = view.pool();
    data.tenantInJournal = true;
    data.startMs = index.wallMs(log->positions.front());
    data.endMs = journalTimeSpan(index).endMs;

    UsageBuilder builder(data);
    std::unordered_set<std::uint32_t> members; // user Str ids
    for (std::size_t i = 0; i < log->positions.size(); ++i) {
        const history::PackedEvent& packed = index.logEvent(*log, i);
        const EventType type = packed.eventType();
        switch (type) {
        case EventType::TenantCreated:
        case EventType::PlanChanged:
        case EventType::FeatureUsed:
        case EventType::UsageReset:
        case EventType::LimitsExceeded:
        case EventType::UserInvited:
        case EventType::UserRemoved:
            break;
        default:
            continue; // nothing a usage chart shows: skip without unpacking
        }
        const platform::Event e = index.unpack(packed);
        const std::int64_t wallMs = index.wallMs(log->positions[i]);
        if (type == EventType::TenantCreated) {
            if (!data.tenantCreated) {
                data.tenantCreated = true;
                builder.created(wallMs, e.plan);
            }
            continue;
        }
        if (!data.tenantCreated)
            continue; // the fold ignores events of a tenant that does not exist yet
        switch (type) {
        case EventType::PlanChanged:
            builder.planChanged(wallMs, e.to);
            break;
        case EventType::FeatureUsed:
            // The "users" line is the member count the plans limit; the
            // platform never records usage under that name.
            if (pool.view(e.feature) != platform::LimitUsers)
                builder.add(pool.view(e.feature), wallMs, e.usage);
            break;
        case EventType::UsageReset:
            if (pool.view(e.feature) != platform::LimitUsers)
                builder.reset(pool.view(e.feature), wallMs);
            break;
        case EventType::LimitsExceeded:
            builder.breach(pool.view(e.feature), wallMs, e.usage);
            break;
        case EventType::UserInvited:
            if (members.insert(e.userId.id).second)
                builder.add(platform::LimitUsers, wallMs, 1);
            break;
        case EventType::UserRemoved:
            if (members.erase(e.userId.id) != 0)
                builder.add(platform::LimitUsers, wallMs, -1);
            break;
        default:
            break;
        }
    }
    builder.finish();
    return data;
}

} // namespace cd::models
