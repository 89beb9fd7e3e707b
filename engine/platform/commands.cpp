#include "engine/platform/commands.h"

#include "engine/platform/fold.h"

#include <charconv>
#include <cmath>

namespace cd::platform {

namespace {
Decision refuse(std::string text)
{
    Decision d;
    d.accepted = false;
    d.refusal = std::move(text);
    return d;
}

Decision accept(std::vector<Event> events)
{
    Decision d;
    d.accepted = true;
    d.events = std::move(events);
    return d;
}

// An event of tenant's type and tenant id; the caller fills in the rest.
Event eventOf(const TenantState& tenant, EventType type)
{
    Event e;
    e.type = type;
    e.tenantId = tenant.tenantId;
    return e;
}

// Shortest round-trip text of a number, so replies read "1001", not "1001.000000".
std::string number(double value)
{
    char buf[32];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
    return ec == std::errc() ? std::string(buf, end) : std::string("?");
}

std::string text(const StringPool& pool, Str s)
{
    return std::string(pool.view(s));
}

bool isNullId(const StringPool& pool, Str s)
{
    return s.isNull() || pool.view(s).empty();
}

std::string notActive(const StringPool& pool, const TenantState& tenant)
{
    return "tenant " + text(pool, tenant.tenantId) + " is " + std::string(tenantStatusName(tenant.status));
}
} // namespace

Decision createTenant(Str tenantId, Plan plan, Str ownerId, StringPool& pool)
{
    if (isNullId(pool, tenantId))
        return refuse("tenant id is empty");
    if (isNullId(pool, ownerId))
        return refuse("owner id is empty");
    Event e;
    e.type = EventType::TenantCreated;
    e.tenantId = tenantId;
    e.plan = plan;
    e.ownerId = ownerId;
    return accept({ e });
}

Decision inviteUser(const TenantState& tenant, Str userId, Str email, Role role, StringPool& pool)
{
    if (isNullId(pool, userId))
        return refuse("user id is empty");
    if (tenant.findUser(userId))
        return refuse("user " + text(pool, userId) + " already exists");
    if (tenant.status != TenantStatus::Active)
        return refuse(notActive(pool, tenant));
    const auto limit = static_cast<double>(tenant.limits().users);
    const auto size = static_cast<double>(tenant.users.size());
    if (size >= limit) {
        Event e = eventOf(tenant, EventType::LimitsExceeded);
        e.feature = pool.intern(LimitUsers);
        e.limit = limit;
        e.usage = size + 1;
        Decision d = refuse("user limit of " + number(limit) + " reached");
        d.events.push_back(e);
        d.usage = e.usage;
        d.limit = limit;
        return d;
    }
    Event e = eventOf(tenant, EventType::UserInvited);
    e.userId = userId;
    e.email = email.isNull() ? pool.intern("") : email;
    e.role = role;
    return accept({ e });
}

Decision activateUser(const TenantState& tenant, Str userId, StringPool& pool)
{
    const TenantUser* user = tenant.findUser(userId);
    if (!user)
        return refuse("user " + text(pool, userId) + " does not exist");
    if (user->status != UserStatus::Invited)
        return refuse("user " + text(pool, userId) + " is already active");
    Event e = eventOf(tenant, EventType::UserActivated);
    e.userId = userId;
    return accept({ e });
}

Decision removeUser(const TenantState& tenant, Str userId, StringPool& pool)
{
    if (!tenant.findUser(userId))
        return refuse("user " + text(pool, userId) + " does not exist");
    Event e = eventOf(tenant, EventType::UserRemoved);
    e.userId = userId;
    return accept({ e });
}

Decision recordUsage(const TenantState& tenant, Str userId, Str feature, double amount, StringPool& pool)
{
    if (tenant.status != TenantStatus::Active)
        return refuse(notActive(pool, tenant));
    // !(amount >= 0) also catches NaN, which a plain < 0 would let through.
    if (!(amount >= 0) || !std::isfinite(amount))
        return refuse("usage amount " + number(amount) + " is not a non-negative number");
    if (isNullId(pool, userId))
        return refuse("user id is empty");
    if (isNullId(pool, feature))
        return refuse("feature is empty");

    Event used = eventOf(tenant, EventType::FeatureUsed);
    used.userId = userId;
    used.feature = feature;
    used.usage = amount;
    const double total = tenant.usageOf(feature).value_or(0.0) + amount;
    const std::optional<std::int64_t> limit = planLimit(tenant.plan, pool.view(feature));

    Decision d = accept({ used });
    d.usage = total;
    if (limit)
        d.limit = static_cast<double>(*limit);
    if (limit && total > static_cast<double>(*limit)) {
        Event exceeded = eventOf(tenant, EventType::LimitsExceeded);
        exceeded.feature = feature;
        exceeded.limit = static_cast<double>(*limit);
        exceeded.usage = total;
        d.events.push_back(exceeded);
        d.accepted = false;
        d.refusal = text(pool, feature) + " usage " + number(total) + " exceeds the limit of " + number(*d.limit);
    }
    return d;
}

Decision changePlan(const TenantState& tenant, Plan to, StringPool& /*pool*/)
{
    if (tenant.plan == to)
        return refuse("plan is already " + std::string(planName(to)));
    Event e = eventOf(tenant, EventType::PlanChanged);
    e.from = tenant.plan;
    e.to = to;
    return accept({ e });
}

Decision startBilling(const TenantState& tenant, Str cycleId, StringPool& pool)
{
    if (tenant.status != TenantStatus::Active)
        return refuse(notActive(pool, tenant));
    if (isNullId(pool, cycleId))
        return refuse("cycle id is empty");
    Event e = eventOf(tenant, EventType::BillingCycleStarted);
    e.cycleId = cycleId;
    e.amount = static_cast<double>(tenant.limits().priceCents);
    return accept({ e });
}

Decision settleBilling(
    const TenantState& tenant, Str cycleId, std::int64_t amountCents, PaymentResult result, StringPool& pool)
{
    if (isNullId(pool, cycleId))
        return refuse("cycle id is empty");
    if (amountCents < 0)
        return refuse("amount " + std::to_string(amountCents) + " is negative");
    const auto amount = static_cast<double>(amountCents);
    if (result.approved) {
        Event paid = eventOf(tenant, EventType::BillingPaymentSucceeded);
        paid.cycleId = cycleId;
        paid.amount = amount;
        Event reset = eventOf(tenant, EventType::UsageReset);
        reset.feature = pool.intern(LimitApiCalls);
        reset.cycleId = cycleId;
        return accept({ paid, reset });
    }
    Event failed = eventOf(tenant, EventType::BillingPaymentFailed);
    failed.cycleId = cycleId;
    failed.amount = amount;
    failed.reason = pool.intern(result.reason);
    Decision d = refuse("payment failed: " + std::string(result.reason));
    d.events.push_back(failed);
    // The count comes from the fold itself, so the rule cannot drift from
    // what replay computes.
    TenantState after = tenant;
    applyToTenant(after, failed, 0);
    if (after.billing.failedPayments >= MaxFailedPayments && after.status != TenantStatus::Suspended) {
        Event suspended = eventOf(tenant, EventType::TenantSuspended);
        suspended.reason = pool.intern(PaymentFailuresReason);
        d.events.push_back(suspended);
    }
    return d;
}

Decision reactivateTenant(const TenantState& tenant, StringPool& pool)
{
    if (tenant.status != TenantStatus::Suspended)
        return refuse("tenant " + text(pool, tenant.tenantId) + " is not suspended");
    return accept({ eventOf(tenant, EventType::TenantReactivated) });
}

Decision connectSession(const TenantState& tenant, Str sessionId, Str userId, StringPool& pool)
{
    if (isNullId(pool, sessionId))
        return refuse("session id is empty");
    if (isNullId(pool, userId))
        return refuse("user id is empty");
    Event e = eventOf(tenant, EventType::SessionConnected);
    e.sessionId = sessionId;
    e.userId = userId;
    return accept({ e });
}

Decision disconnectSession(const TenantState& tenant, Str sessionId, StringPool& pool)
{
    if (!tenant.findSession(sessionId))
        return refuse("session " + text(pool, sessionId) + " does not exist");
    Event e = eventOf(tenant, EventType::SessionDisconnected);
    e.sessionId = sessionId;
    return accept({ e });
}

Decision expireSession(const TenantState& tenant, Str sessionId, StringPool& pool)
{
    if (!tenant.findSession(sessionId))
        return refuse("session " + text(pool, sessionId) + " does not exist");
    Event e = eventOf(tenant, EventType::SessionExpired);
    e.sessionId = sessionId;
    return accept({ e });
}

} // namespace cd::platform
