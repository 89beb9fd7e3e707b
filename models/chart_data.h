#pragma once

#include <QPointF>
#include <QString>
#include <QVector>

#include <cstddef>
#include <cstdint>

namespace cd::models {

// Plain data behind the charts. Nothing here knows Qt Charts: ui/charts draws
// it, so a port to Qt Graphs stays there. x is always wall time in ms since
// the epoch (UTC) as a double, exact up to 2^53 ms.

// One usage feature of a tenant, as step functions given by their change
// points: a value holds from its point's x until the next point's x, the last
// one until the chart's endMs. Both steps start at the tenant's creation.
struct UsageFeatureSeries {
    QString feature; // "api_calls", "storage_mb", ... and "users" (member count)
    QVector<QPointF> usage; // feature.used adds, usage.reset zeroes; users: members invited and not removed
    QVector<QPointF> limit; // the plan's limit, changing with plan.changed; empty when no plan limits it
    QVector<QPointF> breaches; // limits.exceeded: (wall time, the usage it reported)
};

struct UsageChartData {
    QString tenant; // empty: none selected
    bool tenantInJournal = false; // some entry names it
    bool tenantCreated = false; // the journal creates it (the fold ignores a tenant's events before that)
    std::int64_t startMs = 0; // the tenant's first entry
    std::int64_t endMs = 0; // the journal's last wall time
    QVector<UsageFeatureSeries> features; // in order of first appearance
};

// Payments in [startMs, endMs): one billing cycle, or one time bucket.
struct PaymentBucket {
    std::int64_t startMs = 0;
    std::int64_t endMs = 0;
    QString cycleId; // per-cycle buckets only
    int succeeded = 0;
    int failed = 0;
    double succeededAmount = 0; // cents, as billing events carry them
    double failedAmount = 0;
};

struct PaymentsChartData {
    QString tenant; // empty: platform-wide
    bool perCycle = false; // a tenant's cycles; else time buckets of bucketMs
    std::int64_t bucketMs = 0;
    std::int64_t startMs = 0;
    std::int64_t endMs = 0;
    // Per cycle: every cycle of the tenant, by its first event (a cycle ends
    // where the next one starts, the last one at endMs). Per time: the
    // buckets holding a payment, ascending.
    QVector<PaymentBucket> buckets;
    int succeeded = 0; // totals
    int failed = 0;
};

struct EventRateChartData {
    QString tenant; // empty: platform-wide
    std::int64_t bucketMs = 0;
    std::int64_t startMs = 0;
    std::int64_t endMs = 0;
    // (bucket start, entries in [start, start + bucketMs)) for every bucket
    // from startMs to endMs, empty ones included. An entry counts at the
    // journal's running maximum wall time, so a late entry lands where the
    // journal had got to and the buckets always sum to the entries.
    QVector<QPointF> counts;
    std::int64_t total = 0;
    std::int64_t peak = 0; // largest bucket
};

// Everything the charts show for one journal state and tenant selection.
struct ChartSnapshot {
    enum class Source { NoJournal, Indexing, Failed, Ready };
    Source source = Source::NoJournal;
    QString tenant; // the selection the data was computed for
    std::size_t entries = 0; // index entries covered
    UsageChartData usage;
    PaymentsChartData payments;
    EventRateChartData rate;
};

} // namespace cd::models
