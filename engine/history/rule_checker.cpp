#include "engine/history/rule_checker.h"

#include "engine/platform/fold.h"
#include "engine/platform/json_writer.h"
#include "engine/platform/string_pool.h"

namespace cd::history {

using platform::Event;
using platform::EventType;
using platform::TenantState;
using platform::TenantStatus;

namespace {
std::string num(double value)
{
    std::string out;
    platform::appendJsonNumber(out, value);
    return out;
}

std::uint64_t cycleKey(platform::Str tenant, platform::Str cycle)
{
    return (std::uint64_t(tenant.id) << 32) | cycle.id;
}

// Events the original platform accepted for suspended tenants and ours refuses.
bool refusedWhileSuspended(EventType type)
{
    switch (type) {
    case EventType::UserInvited:
    case EventType::UserActivated:
    case EventType::FeatureUsed:
    case EventType::LimitsExceeded:
    case EventType::BillingCycleStarted:
    case EventType::BillingPaymentSucceeded:
    case EventType::BillingPaymentFailed:
        return true;
    default:
        return false;
    }
}
} // namespace

RuleChecker::RuleChecker(const platform::StringPool& pool)
    : m_pool(pool)
{ }

std::string RuleChecker::text(platform::Str s) const
{
    return "'" + std::string(m_pool.view(s)) + "'";
}

void RuleChecker::negativeAmounts(const Event& e, std::int64_t sequence, std::vector<VerifyIssue>& out) const
{
    std::vector<std::string> negative;
    for (platform::EventField field : platform::eventFields(e.type)) {
        const double value = field == platform::EventField::Amount ? e.amount
            : field == platform::EventField::Usage                 ? e.usage
            : field == platform::EventField::Limit                 ? e.limit
                                                                   : 0;
        if (value < 0)
            negative.push_back(std::string(platform::eventFieldName(field)) + " " + num(value));
    }
    if (negative.empty())
        return;
    std::string list;
    for (const auto& n : negative)
        list += (list.empty() ? "" : ", ") + n;
    out.push_back({ sequence, "negative-amount",
        std::string(platform::eventTypeName(e.type)) + " for tenant " + text(e.tenantId) + " has a negative " + list });
}

void RuleChecker::beforeFold(const Event& e, const TenantState& t, std::int64_t sequence, std::vector<VerifyIssue>& out)
{
    const std::string type(platform::eventTypeName(e.type));
    const std::string tenant = text(e.tenantId);
    if (t.status == TenantStatus::Suspended && refusedWhileSuspended(e.type))
        out.push_back(
            { sequence, "activity-while-suspended", type + " for tenant " + tenant + ", which is suspended" });

    switch (e.type) {
    case EventType::TenantCreated:
        out.push_back({ sequence, "duplicate-tenant",
            "tenant.created for tenant " + tenant + ", which already exists (created at sequence "
                + std::to_string(m_created[e.tenantId.id]) + "); the fold ignores it" });
        break;
    case EventType::UserInvited:
        if (const auto* user = t.findUser(e.userId))
            out.push_back({ sequence, "duplicate-invite",
                "user.invited for user " + text(e.userId) + " of tenant " + tenant + ", who already exists (status "
                    + std::string(platform::userStatusName(user->status)) + "); the invitation replaces it" });
        break;
    case EventType::UserActivated:
    case EventType::UserRemoved: {
        const auto* user = t.findUser(e.userId);
        if (!user)
            out.push_back({ sequence, "unknown-user",
                type + " for user " + text(e.userId) + " of tenant " + tenant + ", who does not exist" });
        else if (e.type == EventType::UserActivated && user->status == platform::UserStatus::Active)
            out.push_back({ sequence, "user-not-invited",
                "user.activated for user " + text(e.userId) + " of tenant " + tenant + ", who is already active" });
        break;
    }
    case EventType::BillingCycleStarted: {
        const double price = double(t.limits().priceCents);
        if (e.amount != price)
            out.push_back({ sequence, "amount-mismatch",
                "billing.cycle.started for cycle " + text(e.cycleId) + " of tenant " + tenant + " with amount "
                    + num(e.amount) + ", but plan " + std::string(platform::planName(t.plan)) + " costs "
                    + num(price) });
        m_cycles[cycleKey(e.tenantId, e.cycleId)] = e.amount;
        break;
    }
    case EventType::BillingPaymentSucceeded:
    case EventType::BillingPaymentFailed: {
        const auto cycle = m_cycles.find(cycleKey(e.tenantId, e.cycleId));
        if (cycle == m_cycles.end())
            out.push_back({ sequence, "payment-without-cycle",
                type + " for cycle " + text(e.cycleId) + " of tenant " + tenant + ", which was never started" });
        else if (cycle->second != e.amount)
            out.push_back({ sequence, "amount-mismatch",
                type + " for cycle " + text(e.cycleId) + " of tenant " + tenant + " with amount " + num(e.amount)
                    + ", but the cycle started with " + num(cycle->second) });
        break;
    }
    case EventType::SessionDisconnected:
    case EventType::SessionExpired:
        if (!t.findSession(e.sessionId))
            out.push_back({ sequence, "unmatched-session",
                type + " for session " + text(e.sessionId) + " of tenant " + tenant + ", which is not connected" });
        break;
    default:
        break;
    }
}

void RuleChecker::check(const Event& e, std::int64_t sequence, std::int64_t wallMs, std::vector<VerifyIssue>& out)
{
    const TenantState* before = m_state.find(e.tenantId);
    if (!before && e.type != EventType::TenantCreated)
        out.push_back({ sequence, "unknown-tenant",
            std::string(platform::eventTypeName(e.type)) + " for tenant " + text(e.tenantId)
                + ", which does not exist (never created, or created before the journal starts); the fold ignores "
                  "it" });
    if (before)
        beforeFold(e, *before, sequence, out);
    // Read before folding: the fold writes an unshared tenant in place.
    const std::size_t usersBefore = before ? before->users.size() : 0;
    const std::int64_t limitBefore = before ? before->limits().users : 0;

    platform::apply(m_state, e, wallMs);

    if (!before && e.type == EventType::TenantCreated)
        m_created[e.tenantId.id] = sequence;
    if (const TenantState* after = before ? m_state.find(e.tenantId) : nullptr) {
        const std::size_t users = after->users.size();
        const std::int64_t limit = after->limits().users;
        // Only the event that pushed it over (an invite, a downgrade), not
        // every later event of a tenant that stays over.
        if (std::int64_t(users) > limit && (users > usersBefore || limit < limitBefore))
            out.push_back({ sequence, "over-user-limit",
                "tenant " + text(e.tenantId) + " has " + std::to_string(users) + " users after this "
                    + std::string(platform::eventTypeName(e.type)) + ", above the " + std::to_string(limit)
                    + " of plan " + std::string(platform::planName(after->plan)) });
    }
    negativeAmounts(e, sequence, out);
}

} // namespace cd::history
