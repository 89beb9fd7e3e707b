#include "engine/platform/event.h"

#include <array>

namespace cd::platform {

namespace {
constexpr std::array<std::string_view, EventTypeCount> TypeNames = {
    "tenant.created",
    "user.invited",
    "user.activated",
    "billing.cycle.started",
    "billing.payment.succeeded",
    "billing.payment.failed",
    "feature.used",
    "limits.exceeded",
    "tenant.suspended",
    "tenant.reactivated",
    "plan.changed",
    "user.removed",
    "usage.reset",
    "session.connected",
    "session.disconnected",
    "session.expired",
};

constexpr std::array<std::string_view, EventFieldCount> FieldNames = {
    "tenantId",
    "userId",
    "email",
    "ownerId",
    "cycleId",
    "reason",
    "feature",
    "sessionId",
    "plan",
    "from",
    "to",
    "role",
    "amount",
    "usage",
    "limit",
};

using F = EventField;
constexpr F TenantCreatedFields[] = { F::TenantId, F::Plan, F::OwnerId };
constexpr F UserInvitedFields[] = { F::TenantId, F::UserId, F::Email, F::Role };
constexpr F TenantUserFields[] = { F::TenantId, F::UserId };
constexpr F CycleFields[] = { F::TenantId, F::CycleId, F::Amount };
constexpr F PaymentFailedFields[] = { F::TenantId, F::CycleId, F::Amount, F::Reason };
constexpr F FeatureUsedFields[] = { F::TenantId, F::UserId, F::Feature, F::Usage };
constexpr F LimitsExceededFields[] = { F::TenantId, F::Feature, F::Limit, F::Usage };
constexpr F SuspendedFields[] = { F::TenantId, F::Reason };
constexpr F TenantOnlyFields[] = { F::TenantId };
constexpr F PlanChangedFields[] = { F::TenantId, F::From, F::To };
constexpr F UsageResetFields[] = { F::TenantId, F::Feature, F::CycleId };
constexpr F SessionConnectedFields[] = { F::TenantId, F::UserId, F::SessionId };
constexpr F SessionFields[] = { F::TenantId, F::SessionId };

constexpr std::array<std::span<const EventField>, EventTypeCount> TypeFields = {
    TenantCreatedFields,
    UserInvitedFields,
    TenantUserFields,
    CycleFields,
    CycleFields,
    PaymentFailedFields,
    FeatureUsedFields,
    LimitsExceededFields,
    SuspendedFields,
    TenantOnlyFields,
    PlanChangedFields,
    TenantUserFields,
    UsageResetFields,
    SessionConnectedFields,
    SessionFields,
    SessionFields,
};
} // namespace

std::string_view eventTypeName(EventType type)
{
    return TypeNames[static_cast<std::size_t>(type)];
}

std::optional<EventType> eventTypeFromName(std::string_view name)
{
    for (std::size_t i = 0; i < TypeNames.size(); ++i) {
        if (TypeNames[i] == name)
            return static_cast<EventType>(i);
    }
    return std::nullopt;
}

std::string_view roleName(Role role)
{
    return role == Role::Admin ? "admin" : "user";
}

std::optional<Role> roleFromName(std::string_view name)
{
    if (name == "admin")
        return Role::Admin;
    if (name == "user")
        return Role::User;
    return std::nullopt;
}

std::string_view eventFieldName(EventField field)
{
    return FieldNames[static_cast<std::size_t>(field)];
}

std::optional<EventField> eventFieldFromName(std::string_view name)
{
    for (std::size_t i = 0; i < FieldNames.size(); ++i) {
        if (FieldNames[i] == name)
            return static_cast<EventField>(i);
    }
    return std::nullopt;
}

std::span<const EventField> eventFields(EventType type)
{
    return TypeFields[static_cast<std::size_t>(type)];
}

} // namespace cd::platform
