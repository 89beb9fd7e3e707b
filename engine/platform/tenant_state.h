#pragma once

#include "engine/platform/cow_array.h"
#include "engine/platform/event.h"
#include "engine/platform/plans.h"
#include "engine/platform/str.h"

#include <cstdint>
#include <optional>
#include <string_view>

namespace cd::platform {

enum class TenantStatus : std::uint8_t { Active, Suspended, Cancelled };
std::string_view tenantStatusName(TenantStatus status); // "active" | "suspended" | "cancelled"

enum class UserStatus : std::uint8_t { Invited, Active };
std::string_view userStatusName(UserStatus status); // "invited" | "active"

struct TenantUser {
    Str userId;
    Str email;
    Role role = Role::User;
    UserStatus status = UserStatus::Invited;
    friend bool operator==(const TenantUser&, const TenantUser&) = default;
};

struct UsageEntry {
    Str feature;
    double value = 0;
    friend bool operator==(const UsageEntry&, const UsageEntry&) = default;
};

struct Session {
    Str sessionId;
    Str userId;
    std::int64_t connectedAt = 0;
    friend bool operator==(const Session&, const Session&) = default;
};

struct Billing {
    Str currentCycle; // null until a payment succeeds
    std::optional<std::int64_t> lastPayment; // wallMs of the last successful payment
    std::int64_t failedPayments = 0;
    friend bool operator==(const Billing&, const Billing&) = default;
};

// One tenant's state (platform.md "Tenant state"). Maps are arrays sorted by
// key id (Str::id, NOT text order: sort by text for output) and copy-on-write,
// so copying a tenant costs a few words and three reference increments.
// Limits are not stored: limits() derives them from the plan.
struct TenantState {
    Str tenantId;
    Str ownerId;
    Plan plan = Plan::Starter;
    TenantStatus status = TenantStatus::Active;
    Billing billing;
    CowArray<TenantUser> users; // by userId
    CowArray<UsageEntry> usage; // by feature
    CowArray<Session> sessions; // by sessionId

    const PlanInfo& limits() const { return planInfo(plan); }
    const TenantUser* findUser(Str userId) const;
    const Session* findSession(Str sessionId) const;
    // The usage of a feature, or nullopt when it never appeared.
    std::optional<double> usageOf(Str feature) const;

    friend bool operator==(const TenantState&, const TenantState&) = default;
};

// Position of key in an array sorted by key id: {index, found}.
template <typename T, typename K>
std::pair<std::size_t, bool> findSorted(const CowArray<T>& array, Str key, K T::*member)
{
    std::size_t lo = 0;
    std::size_t hi = array.size();
    const T* data = array.data();
    while (lo < hi) {
        const std::size_t mid = (lo + hi) / 2;
        if ((data[mid].*member).id < key.id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return { lo, lo < array.size() && data[lo].*member == key };
}

} // namespace cd::platform
