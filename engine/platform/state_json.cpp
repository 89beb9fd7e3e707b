#include "engine/platform/state_json.h"

#include "engine/platform/json_writer.h"
#include "engine/platform/platform_state.h"
#include "engine/platform/string_pool.h"
#include "engine/platform/tenant_state.h"

#include <algorithm>
#include <vector>

namespace cd::platform {

namespace {
// Indices of array's elements in byte order of their key text.
template <typename T, typename K>
std::vector<std::uint32_t> byteOrder(const CowArray<T>& array, K T::*member, const StringPool& pool)
{
    std::vector<std::uint32_t> order(array.size());
    for (std::uint32_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::sort(order.begin(), order.end(), [&array, member, &pool](std::uint32_t a, std::uint32_t b) {
        return pool.view(array[a].*member) < pool.view(array[b].*member);
    });
    return order;
}

void writeOptionalInt(JsonWriter& w, std::optional<std::int64_t> v)
{
    if (v)
        w.integer(*v);
    else
        w.null();
}
} // namespace

void writeTenantJson(JsonWriter& w, const TenantState& t, const StringPool& pool)
{
    w.beginObject();
    w.key("tenantId");
    w.string(pool.view(t.tenantId));
    w.key("plan");
    w.string(planName(t.plan));
    w.key("ownerId");
    w.string(pool.view(t.ownerId));
    w.key("status");
    w.string(tenantStatusName(t.status));

    w.key("users");
    w.beginObject();
    for (std::uint32_t i : byteOrder(t.users, &TenantUser::userId, pool)) {
        const TenantUser& u = t.users[i];
        w.key(pool.view(u.userId));
        w.beginObject();
        w.key("email");
        w.string(pool.view(u.email));
        w.key("role");
        w.string(roleName(u.role));
        w.key("status");
        w.string(userStatusName(u.status));
        w.endObject();
    }
    w.endObject();

    w.key("billing");
    w.beginObject();
    w.key("currentCycle");
    if (t.billing.currentCycle)
        w.string(pool.view(t.billing.currentCycle));
    else
        w.null();
    w.key("lastPayment");
    writeOptionalInt(w, t.billing.lastPayment);
    w.key("failedPayments");
    w.integer(t.billing.failedPayments);
    w.endObject();

    w.key("usage");
    w.beginObject();
    for (std::uint32_t i : byteOrder(t.usage, &UsageEntry::feature, pool)) {
        w.key(pool.view(t.usage[i].feature));
        w.number(t.usage[i].value);
    }
    w.endObject();

    const PlanInfo& limits = t.limits();
    w.key("limits");
    w.beginObject();
    w.key(LimitUsers);
    w.integer(limits.users);
    w.key(LimitApiCalls);
    w.integer(limits.apiCalls);
    w.key(LimitStorageMb);
    w.integer(limits.storageMb);
    w.endObject();

    w.key("sessions");
    w.beginObject();
    for (std::uint32_t i : byteOrder(t.sessions, &Session::sessionId, pool)) {
        const Session& s = t.sessions[i];
        w.key(pool.view(s.sessionId));
        w.beginObject();
        w.key("userId");
        w.string(pool.view(s.userId));
        w.key("connectedAt");
        w.integer(s.connectedAt);
        w.endObject();
    }
    w.endObject();
    w.endObject();
}

void writePlatformStateJson(JsonWriter& w, const PlatformState& state, const StringPool& pool,
    std::optional<std::int64_t> sequence, std::optional<std::int64_t> wallMs)
{
    w.beginObject();
    w.key("sequence");
    writeOptionalInt(w, sequence);
    w.key("wallMs");
    writeOptionalInt(w, wallMs);
    w.key("tenants");
    w.beginObject();
    for (const TenantState* t : state.sortedByTenantId(pool)) {
        w.key(pool.view(t->tenantId));
        writeTenantJson(w, *t, pool);
    }
    w.endObject();
    w.endObject();
}

void writeSingleTenantStateJson(JsonWriter& w, const TenantState* tenant, const StringPool& pool,
    std::optional<std::int64_t> sequence, std::optional<std::int64_t> wallMs)
{
    w.beginObject();
    w.key("sequence");
    writeOptionalInt(w, sequence);
    w.key("wallMs");
    writeOptionalInt(w, wallMs);
    w.key("tenant");
    if (tenant)
        writeTenantJson(w, *tenant, pool);
    else
        w.null();
    w.endObject();
}

} // namespace cd::platform
