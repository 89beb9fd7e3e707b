#include "engine/history/explain.h"

#include "engine/history/entry_fetcher.h"
#include "engine/history/history.h"
#include "engine/platform/codec.h"
#include "engine/platform/fold.h"
#include "engine/platform/json_writer.h"
#include "engine/platform/string_pool.h"

#include <algorithm>
#include <map>

namespace cd::history {

using platform::EventType;
using platform::TenantStatus;

namespace {
std::string number(double value)
{
    std::string out;
    platform::appendJsonNumber(out, value);
    return out;
}

std::string plural(std::size_t n, std::string_view one, std::string_view many)
{
    return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

// What the tenant's own entries say, walked oldest first up to the point.
struct Walk {
    std::optional<std::uint32_t> creation; // the tenant.created the fold used
    std::optional<std::uint32_t> laterCreation; // first creation after the point
    std::optional<std::uint32_t> reactivation; // the latest one that made it active
    std::optional<std::uint32_t> suspension; // the one that made it suspended (since the last reactivation)
    std::optional<std::uint32_t> lastSuccess;
    std::vector<std::uint32_t> failures; // since the last successful payment
    std::map<std::string, std::vector<std::uint32_t>> exceeded; // feature -> since its latest reset
    std::map<std::string, bool> everReset;
    std::size_t entries = 0; // of the tenant up to the point
};

Walk walk(const History::View& view, platform::Str tenant, std::size_t count, platform::PlatformState& state)
{
    Walk w;
    const EntryIndex& index = view.index();
    const platform::StringPool& pool = view.pool();
    const EntryIndex::TenantLog* log = index.tenantLog(tenant);
    const std::size_t logSize = log ? log->positions.size() : 0;
    for (std::size_t i = 0; i < logSize; ++i) {
        const std::uint32_t position = log->positions[i];
        if (position >= count) {
            if (!w.creation && !w.laterCreation && index.logEvent(*log, i).eventType() == EventType::TenantCreated)
                w.laterCreation = position;
            continue;
        }
        ++w.entries;
        const platform::Event e = index.unpack(index.logEvent(*log, i));
        // Read before folding: the fold writes an unshared tenant in place.
        const platform::TenantState* existing = state.find(tenant);
        const bool existed = existing != nullptr;
        const TenantStatus before = existed ? existing->status : TenantStatus::Active;
        // The tenant's entries alone fold to the tenant's state: the fold
        // never lets one tenant's event touch another.
        platform::apply(state, e, index.wallMs(position));
        const platform::TenantState* after = state.find(tenant);
        if (!after)
            continue; // before its creation: the fold ignores it
        switch (e.type) {
        case EventType::TenantCreated:
            if (!existed)
                w.creation = position;
            break;
        case EventType::TenantSuspended:
            if (before != TenantStatus::Suspended)
                w.suspension = position;
            break;
        case EventType::TenantReactivated:
            if (before != TenantStatus::Active) {
                w.reactivation = position;
                w.suspension.reset();
            }
            break;
        case EventType::BillingPaymentSucceeded:
            w.lastSuccess = position;
            w.failures.clear();
            break;
        case EventType::BillingPaymentFailed:
            w.failures.push_back(position);
            break;
        case EventType::UsageReset:
            w.exceeded[std::string(pool.view(e.feature))].clear();
            w.everReset[std::string(pool.view(e.feature))] = true;
            break;
        case EventType::LimitsExceeded:
            w.exceeded[std::string(pool.view(e.feature))].push_back(position);
            break;
        default:
            break;
        }
    }
    return w;
}

std::string missingSummary(const History::View& view, std::string_view id, std::int64_t at, const Walk& w)
{
    const EntryIndex& index = view.index();
    std::string s = std::string(id) + " does not exist at sequence " + std::to_string(at);
    if (w.laterCreation)
        return s + ": it is created later, at sequence " + std::to_string(index.sequence(*w.laterCreation)) + ".";
    if (w.entries == 0)
        return s + ": no entry up to there names it.";
    const std::int64_t first = index.sequence(0);
    if (first > 0)
        return s + ": the journal starts at sequence " + std::to_string(first)
            + " (its history is truncated), so its creation is missing and the fold ignores its "
            + plural(w.entries, "entry", "entries") + ".";
    return s + ": " + plural(w.entries, "entry names", "entries name") + " it, but it was never created.";
}

std::string statusSummary(const History::View& view, std::string_view id, TenantStatus status, const Walk& w)
{
    const EntryIndex& index = view.index();
    const platform::StringPool& pool = view.pool();
    auto seq = [&index](std::uint32_t position) { return std::to_string(index.sequence(position)); };
    std::string s = std::string(id);
    std::string failures;
    for (std::uint32_t position : w.failures)
        failures += (failures.empty() ? "" : ", ") + std::string(pool.view(index.event(position).cycleId));
    const std::string since = w.lastSuccess ? "since its last successful payment" : "since it was created";
    if (status == TenantStatus::Suspended && w.suspension) {
        s += " is suspended since sequence " + seq(*w.suspension);
        const std::string_view reason = pool.view(index.event(*w.suspension).reason);
        if (!reason.empty())
            s += " (reason: " + std::string(reason) + ")";
        if (!w.failures.empty())
            s += " after " + plural(w.failures.size(), "failed payment", "failed payments") + " (" + failures + ") "
                + since;
        s += ".";
    } else if (status == TenantStatus::Active) {
        s += w.reactivation ? " is active since its reactivation at sequence " + seq(*w.reactivation)
                            : " is active since its creation at sequence " + seq(*w.creation);
        s += ".";
        if (!w.failures.empty())
            s += " It has " + plural(w.failures.size(), "failed payment", "failed payments") + " (" + failures + ") "
                + since + ".";
    } else {
        s += " is " + std::string(platform::tenantStatusName(status)) + ".";
    }
    for (const auto& [feature, positions] : w.exceeded) {
        if (positions.empty())
            continue;
        const platform::Event last = index.event(positions.back());
        s += " Its " + feature + " limit was exceeded " + plural(positions.size(), "time", "times")
            + (w.everReset.count(feature) ? " since its last reset" : "") + " (latest at sequence "
            + seq(positions.back()) + ": " + number(last.usage) + " over a limit of " + number(last.limit) + ").";
    }
    return s;
}
} // namespace

Explanation explain(const History& history, std::string_view tenantId, std::optional<std::int64_t> at)
{
    Explanation result;
    result.tenantId = std::string(tenantId);
    const History::View view = history.view();
    const EntryIndex& index = view.index();
    result.at = at;
    if (!result.at && !index.empty())
        result.at = index.sequence(index.size() - 1);
    const auto position = result.at ? index.positionAtOrBefore(*result.at) : std::nullopt;
    const std::size_t count = position ? *position + 1 : 0;

    const platform::Str tenant = view.find(tenantId);
    platform::PlatformState state;
    const Walk w = tenant ? walk(view, tenant, count, state) : Walk {};
    const platform::TenantState* t = tenant ? state.find(tenant) : nullptr;
    if (!t || !w.creation) {
        result.summary = missingSummary(view, tenantId, result.at.value_or(-1), w);
        return result;
    }
    result.status = t->status;
    result.summary = statusSummary(view, tenantId, t->status, w);

    std::vector<std::uint32_t> because;
    if (t->status == TenantStatus::Suspended) {
        if (w.suspension)
            because.push_back(*w.suspension);
        because.insert(because.end(), w.failures.begin(), w.failures.end());
    } else {
        because.push_back(w.reactivation ? *w.reactivation : *w.creation);
    }
    for (const auto& [feature, positions] : w.exceeded)
        because.insert(because.end(), positions.begin(), positions.end());
    std::sort(because.begin(), because.end());
    because.erase(std::unique(because.begin(), because.end()), because.end());
    for (std::uint32_t p : because)
        result.because.push_back(index.sequence(p));
    return result;
}

std::string explanationJson(const Explanation& e, std::span<const platform::Entry> entries)
{
    std::string out;
    platform::JsonWriter w(out);
    w.beginObject();
    w.key("tenantId");
    w.string(e.tenantId);
    w.key("at");
    if (e.at)
        w.integer(*e.at);
    else
        w.null();
    w.key("status");
    if (e.status)
        w.string(platform::tenantStatusName(*e.status));
    else
        w.null();
    w.key("summary");
    w.string(e.summary);
    w.key("because");
    w.beginArray();
    std::string entryJson;
    for (const platform::Entry& entry : entries) {
        entryJson.clear();
        platform::appendEntryJson(entryJson, entry);
        w.raw(entryJson);
    }
    w.endArray();
    w.endObject();
    return out;
}

bool explanationJson(const Explanation& explanation, EntryFetcher& fetcher, std::string& out, std::string& error)
{
    std::vector<platform::Entry> entries;
    if (!fetcher.fetch(explanation.because, explanation.tenantId, entries, error))
        return false;
    out = explanationJson(explanation, entries);
    return true;
}

} // namespace cd::history
