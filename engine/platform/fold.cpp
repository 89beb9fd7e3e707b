#include "engine/platform/fold.h"

namespace cd::platform {

namespace {
// Applies an event known to concern tenant (not tenant.created).
void mutate(TenantState& t, const Event& e, std::int64_t wallMs)
{
    switch (e.type) {
    case EventType::TenantCreated:
    case EventType::LimitsExceeded:
    case EventType::BillingCycleStarted:
        return;
    case EventType::UserInvited: {
        const TenantUser user { e.userId, e.email, e.role, UserStatus::Invited };
        const auto [i, found] = findSorted(t.users, e.userId, &TenantUser::userId);
        if (found)
            t.users.mutableAt(i) = user;
        else
            t.users.insert(i, user);
        return;
    }
    case EventType::UserActivated: {
        const auto [i, found] = findSorted(t.users, e.userId, &TenantUser::userId);
        if (found && t.users[i].status != UserStatus::Active)
            t.users.mutableAt(i).status = UserStatus::Active;
        return;
    }
    case EventType::UserRemoved: {
        const auto [i, found] = findSorted(t.users, e.userId, &TenantUser::userId);
        if (found)
            t.users.erase(i);
        return;
    }
    case EventType::FeatureUsed: {
        const auto [i, found] = findSorted(t.usage, e.feature, &UsageEntry::feature);
        if (found)
            t.usage.mutableAt(i).value += e.usage;
        else
            t.usage.insert(i, UsageEntry { e.feature, 0.0 + e.usage });
        return;
    }
    case EventType::UsageReset: {
        const auto [i, found] = findSorted(t.usage, e.feature, &UsageEntry::feature);
        if (!found)
            t.usage.insert(i, UsageEntry { e.feature, 0.0 });
        else if (t.usage[i].value != 0)
            t.usage.mutableAt(i).value = 0;
        return;
    }
    case EventType::BillingPaymentSucceeded:
        t.billing.currentCycle = e.cycleId;
        t.billing.failedPayments = 0;
        t.billing.lastPayment = wallMs;
        return;
    case EventType::BillingPaymentFailed:
        t.billing.failedPayments += 1;
        return;
    case EventType::TenantSuspended:
        t.status = TenantStatus::Suspended;
        return;
    case EventType::TenantReactivated:
        t.status = TenantStatus::Active;
        return;
    case EventType::PlanChanged:
        t.plan = e.to;
        return;
    case EventType::SessionConnected: {
        const Session session { e.sessionId, e.userId, wallMs };
        const auto [i, found] = findSorted(t.sessions, e.sessionId, &Session::sessionId);
        if (found)
            t.sessions.mutableAt(i) = session;
        else
            t.sessions.insert(i, session);
        return;
    }
    case EventType::SessionDisconnected:
    case EventType::SessionExpired: {
        const auto [i, found] = findSorted(t.sessions, e.sessionId, &Session::sessionId);
        if (found)
            t.sessions.erase(i);
        return;
    }
    }
}
} // namespace

bool changesTenant(const TenantState& t, const Event& e, std::int64_t wallMs)
{
    if (e.tenantId != t.tenantId)
        return false;
    switch (e.type) {
    case EventType::TenantCreated:
    case EventType::LimitsExceeded:
    case EventType::BillingCycleStarted:
        return false;
    case EventType::UserInvited: {
        const TenantUser* u = t.findUser(e.userId);
        return !u || !(*u == TenantUser { e.userId, e.email, e.role, UserStatus::Invited });
    }
    case EventType::UserActivated: {
        const TenantUser* u = t.findUser(e.userId);
        return u && u->status != UserStatus::Active;
    }
    case EventType::UserRemoved:
        return t.findUser(e.userId) != nullptr;
    case EventType::FeatureUsed: {
        const std::optional<double> v = t.usageOf(e.feature);
        return !v || *v + e.usage != *v;
    }
    case EventType::UsageReset: {
        const std::optional<double> v = t.usageOf(e.feature);
        return !v || *v != 0;
    }
    case EventType::BillingPaymentSucceeded:
        return t.billing.currentCycle != e.cycleId || t.billing.failedPayments != 0 || t.billing.lastPayment != wallMs;
    case EventType::BillingPaymentFailed:
        return true;
    case EventType::TenantSuspended:
        return t.status != TenantStatus::Suspended;
    case EventType::TenantReactivated:
        return t.status != TenantStatus::Active;
    case EventType::PlanChanged:
        return t.plan != e.to;
    case EventType::SessionConnected: {
        const Session* s = t.findSession(e.sessionId);
        return !s || !(*s == Session { e.sessionId, e.userId, wallMs });
    }
    case EventType::SessionDisconnected:
    case EventType::SessionExpired:
        return t.findSession(e.sessionId) != nullptr;
    }
    return false;
}

TenantState makeTenant(const Event& created)
{
    TenantState t;
    t.tenantId = created.tenantId;
    t.ownerId = created.ownerId;
    t.plan = created.plan;
    t.status = TenantStatus::Active;
    return t;
}

void apply(PlatformState& state, const Event& event, std::int64_t entryWallMs)
{
    if (event.type == EventType::TenantCreated) {
        if (!state.find(event.tenantId))
            state.addTenant(makeTenant(event));
        return;
    }
    const PlatformState::Slot slot = state.slot(event.tenantId);
    if (!slot.tenant)
        return;
    // A shared tenant is cloned only for an event that changes it; an
    // unshared one is written in place (mutate leaves no-op events alone).
    if (slot.shared && !changesTenant(*slot.tenant, event, entryWallMs))
        return;
    mutate(state.writableAt(slot.index), event, entryWallMs);
}

void applyToTenant(TenantState& tenant, const Event& event, std::int64_t entryWallMs)
{
    if (event.tenantId != tenant.tenantId)
        return;
    mutate(tenant, event, entryWallMs);
}

} // namespace cd::platform
