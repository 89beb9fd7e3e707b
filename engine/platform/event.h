#pragma once

#include "engine/platform/plans.h"
#include "engine/platform/str.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace cd::platform {

// The sixteen event types of platform.md, in the order of its tables.
enum class EventType : std::uint8_t {
    TenantCreated,
    UserInvited,
    UserActivated,
    BillingCycleStarted,
    BillingPaymentSucceeded,
    BillingPaymentFailed,
    FeatureUsed,
    LimitsExceeded,
    TenantSuspended,
    TenantReactivated,
    PlanChanged,
    UserRemoved,
    UsageReset,
    SessionConnected,
    SessionDisconnected,
    SessionExpired,
};
inline constexpr int EventTypeCount = 16;

std::string_view eventTypeName(EventType type); // "tenant.created", ...
std::optional<EventType> eventTypeFromName(std::string_view name);

enum class Role : std::uint8_t { Admin, User };
std::string_view roleName(Role role); // "admin" | "user"
std::optional<Role> roleFromName(std::string_view name);

// The fields an event carries besides "type", named as in JSON.
enum class EventField : std::uint8_t {
    TenantId,
    UserId,
    Email,
    OwnerId,
    CycleId,
    Reason,
    Feature,
    SessionId,
    Plan,
    From,
    To,
    Role,
    Amount,
    Usage,
    Limit,
};
inline constexpr int EventFieldCount = 15;

std::string_view eventFieldName(EventField field); // "tenantId", ...
std::optional<EventField> eventFieldFromName(std::string_view name);
// The required fields of a type, in the order of platform.md's tables.
std::span<const EventField> eventFields(EventType type);

// One event, decoded. A transient form: strings are ids into the StringPool
// that decoded them; fields the type does not carry are null / zero.
struct Event {
    EventType type = EventType::TenantCreated;
    Plan plan = Plan::Starter; // tenant.created
    Plan from = Plan::Starter; // plan.changed
    Plan to = Plan::Starter; // plan.changed
    Role role = Role::User; // user.invited
    Str tenantId;
    Str userId;
    Str email;
    Str ownerId;
    Str cycleId;
    Str reason;
    Str feature;
    Str sessionId;
    double amount = 0; // billing.*
    double usage = 0; // feature.used, limits.exceeded
    double limit = 0; // limits.exceeded
};

} // namespace cd::platform
