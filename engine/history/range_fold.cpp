#include "engine/history/range_fold.h"

#include "engine/history/entry_index.h"
#include "engine/platform/fold.h"

#include <algorithm>

namespace cd::history {

namespace {
// Grouping costs two binary searches per tenant: worth it once the range
// holds more entries than half the tenants.
constexpr std::size_t GroupingThresholdDivisor = 2;

// fold.h reads the entry's wall time only for billing.payment.succeeded and
// session.connected: the others skip looking it (and their position) up,
// which on a long range would be cache misses.
bool needsWallTime(platform::EventType type)
{
    return type == platform::EventType::BillingPaymentSucceeded || type == platform::EventType::SessionConnected;
}

void foldSequential(const EntryIndex& index, platform::PlatformState& state, std::size_t begin, std::size_t end)
{
    for (std::size_t i = begin; i < end; ++i) {
        const platform::Event event = index.event(i);
        platform::apply(state, event, needsWallTime(event.type) ? index.wallMs(i) : 0);
    }
}

// Folds entries [first, last) of one tenant's log.
void foldTenant(const EntryIndex& index, platform::PlatformState& state, const EntryIndex::TenantLog& log,
    std::size_t first, std::size_t last)
{
    for (std::size_t i = first; i < last; ++i) {
        const platform::Event event = index.unpack(index.logEvent(log, i));
        platform::apply(state, event, needsWallTime(event.type) ? index.wallMs(log.positions[i]) : 0);
    }
}

// The first rank at or after from whose position is at or after end:
// galloping, since a range holds few of one tenant's entries.
std::size_t gallopTo(const std::vector<std::uint32_t>& positions, std::size_t from, std::size_t end)
{
    std::size_t lo = from;
    std::size_t step = 1;
    while (lo + step <= positions.size() && positions[lo + step - 1] < end) {
        lo += step;
        step *= 2;
    }
    const std::size_t hi = std::min(positions.size(), lo + step);
    return std::size_t(std::lower_bound(positions.begin() + std::ptrdiff_t(lo), positions.begin() + std::ptrdiff_t(hi),
                           std::uint32_t(end))
        - positions.begin());
}
} // namespace

void foldIndexRange(const EntryIndex& index, platform::PlatformState& state, std::size_t begin, std::size_t end,
    std::span<const std::uint32_t> logLengths)
{
    if (end <= begin)
        return;
    const auto& logs = index.tenantLogs();
    if (end - begin < logs.size() / GroupingThresholdDivisor) {
        foldSequential(index, state, begin, end);
        return;
    }
    struct Work {
        const EntryIndex::TenantLog* log;
        std::size_t first;
        std::size_t last;
        const platform::TenantState* tenant; // nullptr: created in the range
        std::uint32_t creation; // for those: the position of their creation
    };
    std::vector<Work> existing;
    std::vector<Work> created;
    existing.reserve(logs.size());
    for (std::size_t slot = 0; slot < logs.size(); ++slot) {
        const EntryIndex::TenantLog& log = logs[slot];
        const auto& positions = log.positions;
        std::size_t first = 0;
        if (!logLengths.empty())
            first = slot < logLengths.size() ? logLengths[slot] : 0;
        else if (begin > 0)
            first = std::size_t(
                std::lower_bound(positions.begin(), positions.end(), std::uint32_t(begin)) - positions.begin());
        const std::size_t last = gallopTo(positions, first, end);
        if (first == last)
            continue;
        if (const platform::TenantState* tenant = state.find(log.tenant)) {
            existing.push_back({ &log, first, last, tenant, 0 });
            continue;
        }
        // Not there yet: only a creation in the range can bring it; what
        // comes before the creation changes nothing and is skipped.
        for (std::size_t i = first; i < last; ++i) {
            if (index.logEvent(log, i).eventType() == platform::EventType::TenantCreated) {
                created.push_back({ &log, i, last, nullptr, log.positions[i] });
                break;
            }
        }
    }
    // Folding a tenant first clones it and its touched maps out of the
    // snapshot, whose memory is cold: fetch tenants ahead so those misses
    // overlap. Two stages, since the second needs what the first fetched
    // (the maps hang off the tenant, the event block off the log).
    constexpr std::size_t Far = 16;
    constexpr std::size_t Near = 8;
    auto prefetchFar = [&existing](std::size_t i) {
        if (i >= existing.size())
            return;
        const Work& w = existing[i];
        __builtin_prefetch(w.tenant);
        __builtin_prefetch(w.log->blocks.data() + w.first / EntryIndex::BlockEvents);
    };
    auto prefetchNear = [&existing, &index](std::size_t i) {
        if (i >= existing.size())
            return;
        const Work& w = existing[i];
        __builtin_prefetch(w.tenant->users.data());
        __builtin_prefetch(w.tenant->usage.data());
        __builtin_prefetch(w.tenant->sessions.data());
        __builtin_prefetch(&index.logEvent(*w.log, w.first));
    };
    for (std::size_t i = 0; i < Far; ++i)
        prefetchFar(i);
    for (std::size_t i = 0; i < Near; ++i)
        prefetchNear(i);
    for (std::size_t i = 0; i < existing.size(); ++i) {
        prefetchFar(i + Far);
        prefetchNear(i + Near);
        foldTenant(index, state, *existing[i].log, existing[i].first, existing[i].last);
    }
    std::sort(created.begin(), created.end(), [](const Work& a, const Work& b) { return a.creation < b.creation; });
    for (const Work& w : created)
        foldTenant(index, state, *w.log, w.first, w.last);
}

} // namespace cd::history
