#include "engine/history/diff.h"

#include "engine/history/history.h"
#include "engine/history/state_output.h"
#include "engine/platform/json_writer.h"
#include "engine/platform/string_pool.h"

#include <algorithm>

namespace cd::history {

using platform::EventType;
using platform::JsonValue;
using platform::TenantState;

namespace {
std::string pointer(const std::vector<std::string>& keys)
{
    std::string path;
    for (const auto& key : keys)
        platform::appendJsonPointerSegment(path, key); // adds the '/'
    return path;
}

void addChange(std::vector<DiffChange>& out, std::string_view tenantId, const std::vector<std::string>& keys,
    JsonValue before, JsonValue after)
{
    out.push_back(DiffChange { std::string(tenantId), keys, pointer(keys), std::move(before), std::move(after), {} });
}

// The tenant paths an event writes (keys; empty = the whole tenant); none
// for the events the fold does not use.
std::vector<std::vector<std::string>> writtenPaths(const platform::Event& e, const platform::StringPool& pool)
{
    auto text = [&pool](platform::Str s) { return std::string(pool.view(s)); };
    switch (e.type) {
    case EventType::TenantCreated:
        return { {} };
    case EventType::UserInvited:
    case EventType::UserActivated:
    case EventType::UserRemoved:
        return { { "users", text(e.userId) } };
    case EventType::FeatureUsed:
    case EventType::UsageReset:
        return { { "usage", text(e.feature) } };
    case EventType::BillingPaymentSucceeded:
        return { { "billing" } };
    case EventType::BillingPaymentFailed:
        return { { "billing", "failedPayments" } };
    case EventType::TenantSuspended:
    case EventType::TenantReactivated:
        return { { "status" } };
    case EventType::PlanChanged:
        return { { "plan" }, { "limits" } };
    case EventType::SessionConnected:
    case EventType::SessionDisconnected:
    case EventType::SessionExpired:
        return { { "sessions", text(e.sessionId) } };
    case EventType::BillingCycleStarted:
    case EventType::LimitsExceeded:
        break;
    }
    return {};
}

// One path is a prefix of the other (key by key).
bool related(const std::vector<std::string>& a, const std::vector<std::string>& b)
{
    const std::size_t n = std::min(a.size(), b.size());
    return std::equal(a.begin(), a.begin() + std::ptrdiff_t(n), b.begin());
}

// Links each change of one tenant to the entries in [begin, end) that wrote its path.
void addCauses(
    const History::View& view, platform::Str tenant, std::size_t begin, std::size_t end, std::span<DiffChange> changes)
{
    const EntryIndex::TenantLog* log = view.index().tenantLog(tenant);
    if (!log)
        return;
    const auto& positions = log->positions;
    auto first = std::lower_bound(positions.begin(), positions.end(), begin);
    for (auto it = first; it != positions.end() && *it < end; ++it) {
        const std::size_t i = std::size_t(it - positions.begin());
        const auto paths = writtenPaths(view.index().unpack(view.index().logEvent(*log, i)), view.pool());
        if (paths.empty())
            continue;
        const std::int64_t sequence = view.index().sequence(*it);
        for (DiffChange& change : changes) {
            if (std::any_of(paths.begin(), paths.end(),
                    [&change](const std::vector<std::string>& p) { return related(p, change.keys); }))
                change.causes.push_back(sequence);
        }
    }
}
} // namespace

void diffJsonValues(const JsonValue& before, const JsonValue& after, std::string_view tenantId,
    std::vector<std::string>& prefix, std::vector<DiffChange>& out)
{
    if (!before.isObject() || !after.isObject()) {
        if (!(before == after))
            addChange(out, tenantId, prefix, before, after);
        return;
    }
    // Members are sorted by key: walk both sides together.
    const auto& a = before.asObject();
    const auto& b = after.asObject();
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < a.size() || j < b.size()) {
        const bool takeA = j == b.size() || (i < a.size() && a[i].key < b[j].key);
        const bool takeB = i == a.size() || (j < b.size() && b[j].key < a[i].key);
        if (takeA) {
            prefix.push_back(a[i].key);
            addChange(out, tenantId, prefix, a[i].value, JsonValue());
            ++i;
        } else if (takeB) {
            prefix.push_back(b[j].key);
            addChange(out, tenantId, prefix, JsonValue(), b[j].value);
            ++j;
        } else {
            prefix.push_back(a[i].key);
            diffJsonValues(a[i].value, b[j].value, tenantId, prefix, out);
            ++i;
            ++j;
        }
        prefix.pop_back();
    }
}

DiffResult diffStates(
    const History& history, std::int64_t from, std::int64_t to, std::optional<std::string_view> tenantId)
{
    DiffResult result;
    result.from = from;
    result.to = to;
    const History::View view = history.view();
    const platform::StringPool& pool = view.pool();
    const StatePoint a = view.stateAt(from);
    const auto toPosition = view.index().positionAtOrBefore(to);
    const std::size_t toCount = toPosition ? *toPosition + 1 : 0;
    StatePoint b;
    if (toCount >= a.entryCount && toCount - a.entryCount <= view.snapshotInterval()) {
        // Close enough to fold forward from a: the tenants the range leaves
        // alone stay shared and compare by pointer.
        b.state = a.state;
        b.entryCount = toCount;
        view.foldRange(b.state, a.entryCount, toCount);
    } else {
        b = view.stateAtCount(toCount);
    }
    const std::size_t begin = std::min(a.entryCount, b.entryCount);
    const std::size_t end = std::max(a.entryCount, b.entryCount);

    // Tenants of either side (tenants are never removed, but stay general).
    std::vector<platform::Str> ids;
    for (const platform::PlatformState* side : { &a.state, static_cast<const platform::PlatformState*>(&b.state) })
        for (std::size_t i = 0; i < side->size(); ++i)
            if (!tenantId || pool.view(side->at(i).tenantId) == *tenantId)
                ids.push_back(side->at(i).tenantId);
    std::sort(ids.begin(), ids.end(),
        [&pool](platform::Str x, platform::Str y) { return x.id != y.id && pool.view(x) < pool.view(y); });
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());

    std::vector<std::string> prefix;
    for (platform::Str id : ids) {
        const TenantState* before = a.state.find(id);
        const TenantState* after = b.state.find(id);
        if (before == after || (before && after && *before == *after))
            continue;
        const std::size_t first = result.changes.size();
        const std::string_view text = pool.view(id);
        if (!before || !after) {
            addChange(result.changes, text, {}, before ? platform::tenantToJsonValue(*before, pool) : JsonValue(),
                after ? platform::tenantToJsonValue(*after, pool) : JsonValue());
        } else {
            diffJsonValues(platform::tenantToJsonValue(*before, pool), platform::tenantToJsonValue(*after, pool), text,
                prefix, result.changes);
        }
        addCauses(view, id, begin, end, std::span(result.changes).subspan(first));
    }
    // Tenants come in byte order and each tenant's walk in key order; sort
    // anyway so the order never depends on the walk.
    std::stable_sort(result.changes.begin(), result.changes.end(), [](const DiffChange& x, const DiffChange& y) {
        if (x.tenantId != y.tenantId)
            return x.tenantId < y.tenantId;
        return x.keys < y.keys;
    });
    return result;
}

std::string diffJson(const DiffResult& diff)
{
    std::string out;
    platform::JsonWriter w(out);
    w.beginObject();
    w.key("from");
    w.integer(diff.from);
    w.key("to");
    w.integer(diff.to);
    w.key("changes");
    w.beginArray();
    for (const DiffChange& change : diff.changes) {
        w.beginObject();
        w.key("tenantId");
        w.string(change.tenantId);
        w.key("path");
        w.string(change.path);
        w.key("before");
        change.before.write(w);
        w.key("after");
        change.after.write(w);
        w.endObject();
    }
    w.endArray();
    w.endObject();
    return out;
}

} // namespace cd::history
