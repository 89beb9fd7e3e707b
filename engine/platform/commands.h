#pragma once

#include "engine/platform/event.h"
#include "engine/platform/plans.h"
#include "engine/platform/str.h"
#include "engine/platform/string_pool.h"
#include "engine/platform/tenant_state.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cd::platform {

// The outcome of one command (platform.md "Commands"): the events to append,
// all or none, and the reply. A refusal may still carry events: an invitation
// at the user limit and usage past a limit append limits.exceeded (and the
// usage itself), a failed payment appends billing.payment.failed, yet all
// reply failure. The caller applies exactly these events
// with the fold (applyToTenant), so the live state always equals the replay.
struct Decision {
    std::vector<Event> events;
    bool accepted = false;
    std::string refusal; // human text when !accepted, e.g. "user u-1 already exists"
    std::optional<double> usage; // record usage: the new total; limit refusals: the usage reported
    std::optional<double> limit; // the plan limit that applies, when there is one
};

// The gateway's final word on a charge, as the billing service hands it to
// settleBilling (after its own retries of transient errors).
struct PaymentResult {
    bool approved = false;
    std::string_view reason; // why it failed; ignored when approved
};

// The reason tenant.suspended carries after the third failed payment.
inline constexpr std::string_view PaymentFailuresReason = "Payment failures";
// Failed payments in a row that suspend a tenant.
inline constexpr std::int64_t MaxFailedPayments = 3;

// Every function is pure: it reads the tenant's current state and the
// command's inputs and returns the decision; nothing is applied. Strs must
// come from pool (which interns the constant strings events need, such as
// "users" and "api_calls"). Ids must be non-null: a null id is refused, since
// the event it would produce is invalid.

// tenant.created. Whether the tenant already exists is the platform's check
// (it owns the registry), not this one's.
Decision createTenant(Str tenantId, Plan plan, Str ownerId, StringPool& pool);

// user.invited; refused if the user exists or the tenant is not active; at or
// over the user limit: limits.exceeded {users, limit, users.size + 1}, refused.
Decision inviteUser(const TenantState& tenant, Str userId, Str email, Role role, StringPool& pool);
// user.activated, only for an existing user whose status is invited.
Decision activateUser(const TenantState& tenant, Str userId, StringPool& pool);
// user.removed; refused for an unknown user.
Decision removeUser(const TenantState& tenant, Str userId, StringPool& pool);

// feature.used; refused if the tenant is not active or the amount is negative
// (or not a finite number). When the plan limits the feature and the new total
// exceeds the limit, also limits.exceeded and a refusal with usage and limit:
// the usage still counts.
Decision recordUsage(const TenantState& tenant, Str userId, Str feature, double amount, StringPool& pool);

// plan.changed {from: current, to}; refused if the plan is unchanged.
Decision changePlan(const TenantState& tenant, Plan to, StringPool& pool);

// Billing, in two steps around the gateway call. startBilling: refused unless
// active; billing.cycle.started {cycleId, amount: the plan's price}. The
// cycleId comes from the caller (from the platform clock, never wall time).
Decision startBilling(const TenantState& tenant, Str cycleId, StringPool& pool);
// settleBilling: billing.payment.succeeded {cycleId, amountCents} and
// usage.reset {api_calls, cycleId}; or billing.payment.failed {cycleId,
// amountCents, reason}, plus tenant.suspended {"Payment failures"} when the
// failure brings failedPayments to 3 or more on a tenant not yet suspended.
// A failed payment replies failure (accepted false, "payment failed: ...")
// with its events still to append.
Decision settleBilling(
    const TenantState& tenant, Str cycleId, std::int64_t amountCents, PaymentResult result, StringPool& pool);

// tenant.reactivated; refused unless suspended.
Decision reactivateTenant(const TenantState& tenant, StringPool& pool);

// session.connected (the fold stamps connectedAt with the entry's wallMs).
Decision connectSession(const TenantState& tenant, Str sessionId, Str userId, StringPool& pool);
// session.disconnected; refused for an unknown session.
Decision disconnectSession(const TenantState& tenant, Str sessionId, StringPool& pool);
// session.expired (the session manager's sweep); refused for an unknown session.
Decision expireSession(const TenantState& tenant, Str sessionId, StringPool& pool);

} // namespace cd::platform
