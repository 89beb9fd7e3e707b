#include "models/chart_payments.h"

#include "engine/platform/string_pool.h"
#include "models/chart_time.h"

#include <algorithm>
#include <unordered_map>

namespace cd::models {

namespace {

using platform::EventType;

constexpr std::size_t CancelCheckEvents = 4096;

bool isPayment(EventType type)
{
    return type == EventType::BillingPaymentSucceeded || type == EventType::BillingPaymentFailed;
}

void count(PaymentBucket& bucket, EventType type, double amount)
{
    if (type == EventType::BillingPaymentSucceeded) {
        ++bucket.succeeded;
        bucket.succeededAmount += amount;
    } else {
        ++bucket.failed;
        bucket.failedAmount += amount;
    }
}

void addTotals(PaymentsChartData& data)
{
    for (const auto& bucket : data.buckets) {
        data.succeeded += bucket.succeeded;
        data.failed += bucket.failed;
    }
}

} // namespace

PaymentsChartData computeTenantPayments(const history::History::View& view, std::string_view tenant)
{
    PaymentsChartData data;
    data.tenant = QString::fromUtf8(tenant.data(), qsizetype(tenant.size()));
    data.perCycle = true;
    const history::EntryIndex& index = view.index();
    const platform::Str id = view.find(tenant);
    const history::EntryIndex::TenantLog* log = id ? index.tenantLog(id) : nullptr;
    if (!log || log->positions.empty())
        return data;
    data.startMs = index.wallMs(log->positions.front());
    data.endMs = journalTimeSpan(index).endMs;

    bool created = false;
    std::unordered_map<std::uint32_t, int> bucketOfCycle; // cycle Str id -> bucket
    for (std::size_t i = 0; i < log->positions.size(); ++i) {
        const history::PackedEvent& packed = index.logEvent(*log, i);
        const EventType type = packed.eventType();
        if (type == EventType::TenantCreated) {
            created = true;
            continue;
        }
        if (!created || (type != EventType::BillingCycleStarted && !isPayment(type)))
            continue;
        const platform::Event e = index.unpack(packed);
        auto [it, added] = bucketOfCycle.emplace(e.cycleId.id, int(data.buckets.size()));
        if (added) {
            PaymentBucket bucket;
            bucket.startMs = index.wallMs(log->positions[i]);
            const std::string_view cycle = view.pool().view(e.cycleId);
            bucket.cycleId = QString::fromUtf8(cycle.data(), qsizetype(cycle.size()));
            data.buckets.append(bucket);
        }
        if (isPayment(type))
            count(data.buckets[it->second], type, e.amount);
    }
    // A cycle lasts until the next one starts; the last one until the end.
    for (qsizetype b = 0; b < data.buckets.size(); ++b) {
        const std::int64_t next = b + 1 < data.buckets.size() ? data.buckets[b + 1].startMs : data.endMs;
        data.buckets[b].endMs = std::max(next, data.buckets[b].startMs);
    }
    addTotals(data);
    return data;
}

PaymentsChartData computePlatformPayments(const history::History::View& view, const std::atomic<bool>* cancel)
{
    PaymentsChartData data;
    const history::EntryIndex& index = view.index();
    if (index.empty())
        return data;
    const TimeSpan span = journalTimeSpan(index);
    data.startMs = span.startMs;
    data.endMs = span.endMs;
    data.bucketMs = std::min(DayMs, niceBucketMs((span.endMs - span.startMs) / 24));

    std::unordered_map<std::int64_t, PaymentBucket> buckets; // by bucket number
    std::size_t sinceCheck = 0;
    for (const auto& log : index.tenantLogs()) {
        bool created = false;
        for (std::size_t i = 0; i < log.positions.size(); ++i) {
            if (++sinceCheck == CancelCheckEvents) {
                sinceCheck = 0;
                if (cancel && cancel->load(std::memory_order_relaxed))
                    return data;
            }
            const history::PackedEvent& packed = index.logEvent(log, i);
            const EventType type = packed.eventType();
            if (type == EventType::TenantCreated)
                created = true;
            if (!created || !isPayment(type))
                continue;
            const std::int64_t number = floorDiv(index.wallMs(log.positions[i]), data.bucketMs);
            PaymentBucket& bucket = buckets[number];
            bucket.startMs = number * data.bucketMs;
            bucket.endMs = bucket.startMs + data.bucketMs;
            count(bucket, type, index.unpack(packed).amount);
        }
    }
    data.buckets.reserve(qsizetype(buckets.size()));
    for (const auto& entry : buckets)
        data.buckets.append(entry.second);
    std::sort(data.buckets.begin(), data.buckets.end(),
        [](const PaymentBucket& a, const PaymentBucket& b) { return a.startMs < b.startMs; });
    addTotals(data);
    return data;
}

} // namespace cd::models
