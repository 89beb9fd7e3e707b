#include "engine/platform/tenant_state.h"

namespace cd::platform {

std::string_view tenantStatusName(TenantStatus status)
{
    switch (status) {
    case TenantStatus::Active:
        return "active";
    case TenantStatus::Suspended:
        return "suspended";
    case TenantStatus::Cancelled:
        return "cancelled";
    }
    return "active";
}

std::string_view userStatusName(UserStatus status)
{
    return status == UserStatus::Active ? "active" : "invited";
}

const TenantUser* TenantState::findUser(Str userId) const
{
    const auto [i, found] = findSorted(users, userId, &TenantUser::userId);
    return found ? &users[i] : nullptr;
}

const Session* TenantState::findSession(Str sessionId) const
{
    const auto [i, found] = findSorted(sessions, sessionId, &Session::sessionId);
    return found ? &sessions[i] : nullptr;
}

std::optional<double> TenantState::usageOf(Str feature) const
{
    const auto [i, found] = findSorted(usage, feature, &UsageEntry::feature);
    if (!found)
        return std::nullopt;
    return usage[i].value;
}

} // namespace cd::platform
