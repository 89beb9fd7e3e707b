#pragma once

#include "engine/live/platform_types.h"

#include "engine/platform/plans.h"
#include "engine/runtime/ask.h"

#include <optional>
#include <string>
#include <variant>

namespace cd::live {

// Platform manager: creates tenants (it owns their processes) and learns when
// a tenant's supervisor gives up.
struct CreateTenantMsg {
    std::string tenantId;
    platform::Plan plan = platform::Plan::Starter;
    std::string ownerId;
    rt::Reply<CreateTenantResult> reply;
};
struct TenantGaveUpMsg {
    std::string processName;
    std::string error;
};
struct RestartTenantMsg {
    std::string tenantId;
    rt::Reply<bool> reply;
};
using ManagerMsg = std::variant<CreateTenantMsg, TenantGaveUpMsg, RestartTenantMsg>;

// Billing service: its own timer tick, or a run on demand.
struct BillingTickMsg { };
struct RunBillingMsg {
    std::optional<std::string> tenantId;
    rt::Reply<BillingRunSummary> reply;
};
using BillingMsg = std::variant<BillingTickMsg, RunBillingMsg>;

// Session manager: its sweep tick, or a sweep on demand.
struct SweepTickMsg { };
struct SweepNowMsg {
    rt::Reply<SweepSummary> reply;
};
using SessionMsg = std::variant<SweepTickMsg, SweepNowMsg>;

} // namespace cd::live
