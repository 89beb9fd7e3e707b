#include "engine/history/range_fold.h"

#include "engine/history/entry_index.h"
#include "engine/platform/fold.h"

#include <algorithm>
#include <array>
#include <vector>

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

// Folds entries [first, last) of one tenant's log. THE fold clones a shared
// tenant only for an event that changes it; once the tenant is this state's
// own, the rest go to it directly (applyToTenant, the same rules) instead of
// looking it up again for every event.
void foldTenant(const EntryIndex& index, platform::PlatformState& state, const EntryIndex::TenantLog& log,
    std::size_t first, std::size_t last)
{
    for (std::size_t i = first; i < last; ++i) {
        const platform::PlatformState::Slot slot = state.slot(log.tenant);
        if (slot.tenant && !slot.shared) {
            platform::TenantState& tenant = state.writableAt(slot.index);
            for (; i < last; ++i) {
                const platform::Event event = index.unpack(index.logEvent(log, i));
                platform::applyToTenant(tenant, event, needsWallTime(event.type) ? index.wallMs(log.positions[i]) : 0);
            }
            return;
        }
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
    auto firstRank = [&logs, &logLengths, begin](std::size_t slot) -> std::size_t {
        if (!logLengths.empty())
            return slot < logLengths.size() ? logLengths[slot] : 0;
        if (begin == 0)
            return 0;
        const auto& positions = logs[slot].positions;
        return std::size_t(
            std::lower_bound(positions.begin(), positions.end(), std::uint32_t(begin)) - positions.begin());
    };
    // Folding a tenant first clones it and its touched maps out of the
    // snapshot, whose memory is cold: tenants wait in a small ring while
    // their memory is fetched, so those misses overlap. Stages, since each
    // needs what the one before fetched: the log's positions (scan), the
    // tenant and its event block (Far), the maps and the events (Near), the
    // wall times the events need (Wall). The ring, unlike a list of every
    // tenant, allocates nothing per query.
    constexpr std::size_t Ring = 16;
    constexpr std::size_t Near = 8; // items before the fold
    constexpr std::size_t Wall = 3;
    constexpr std::size_t ScanAhead = 8; // logs
    std::array<Work, Ring> ring {};
    std::size_t queued = 0;
    std::size_t folded = 0;
    std::vector<Work> created;
    auto prefetchFar = [](const Work& w) {
        __builtin_prefetch(w.tenant);
        __builtin_prefetch(w.log->blocks.data() + w.first / EntryIndex::BlockEvents);
    };
    auto prefetchNear = [&index](const Work& w) {
        __builtin_prefetch(w.tenant->users.data());
        __builtin_prefetch(w.tenant->usage.data());
        __builtin_prefetch(w.tenant->sessions.data());
        __builtin_prefetch(&index.logEvent(*w.log, w.first));
    };
    auto prefetchWall = [&index](const Work& w) {
        for (std::size_t i = w.first; i < w.last && i < w.first + 4; ++i)
            if (needsWallTime(index.logEvent(*w.log, i).eventType()))
                index.prefetchWallMs(w.log->positions[i]);
    };
    auto foldNext = [&]() {
        const Work& w = ring[folded % Ring];
        if (folded + Wall < queued)
            prefetchWall(ring[(folded + Wall) % Ring]);
        foldTenant(index, state, *w.log, w.first, w.last);
        ++folded;
    };
    for (std::size_t slot = 0; slot < logs.size(); ++slot) {
        if (slot + ScanAhead < logs.size()) {
            const auto& ahead = logs[slot + ScanAhead].positions;
            const std::size_t rank = logLengths.empty() ? 0 : firstRank(slot + ScanAhead);
            if (rank < ahead.size())
                __builtin_prefetch(ahead.data() + rank);
        }
        const EntryIndex::TenantLog& log = logs[slot];
        const std::size_t first = firstRank(slot);
        const std::size_t last = gallopTo(log.positions, first, end);
        if (first == last)
            continue;
        if (const platform::TenantState* tenant = state.find(log.tenant)) {
            ring[queued % Ring] = Work { &log, first, last, tenant, 0 };
            prefetchFar(ring[queued % Ring]);
            if (queued >= Ring - Near)
                prefetchNear(ring[(queued - (Ring - Near)) % Ring]);
            if (++queued - folded == Ring)
                foldNext();
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
    for (std::size_t k = queued > Ring - Near ? queued - (Ring - Near) : 0; k < queued; ++k)
        prefetchNear(ring[k % Ring]);
    while (folded < queued)
        foldNext();
    std::sort(created.begin(), created.end(), [](const Work& a, const Work& b) { return a.creation < b.creation; });
    for (const Work& w : created)
        foldTenant(index, state, *w.log, w.first, w.last);
}

} // namespace cd::history
