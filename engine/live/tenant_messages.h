#pragma once

#include "engine/live/platform_types.h"

#include "engine/platform/event.h"
#include "engine/platform/plans.h"
#include "engine/runtime/ask.h"

#include <cstdint>
#include <string>
#include <variant>

namespace cd::live {

// What a tenant process handles. Every message carries the reply end of an
// ask; ids arrive as text and are interned by the process.
struct InviteUserMsg {
    std::string userId;
    std::string email;
    platform::Role role = platform::Role::User;
    rt::Reply<CommandResult> reply;
};
struct ActivateUserMsg {
    std::string userId;
    rt::Reply<CommandResult> reply;
};
struct RemoveUserMsg {
    std::string userId;
    rt::Reply<CommandResult> reply;
};
struct RecordUsageMsg {
    std::string userId;
    std::string feature;
    double amount = 0;
    rt::Reply<CommandResult> reply;
};
struct ChangePlanMsg {
    platform::Plan to = platform::Plan::Starter;
    rt::Reply<CommandResult> reply;
};
struct ReactivateMsg {
    rt::Reply<CommandResult> reply;
};
struct ConnectSessionMsg {
    std::string sessionId;
    std::string userId;
    rt::Reply<CommandResult> reply;
};
// Disconnect (by the user) or expiry (by the session manager's sweep).
struct EndSessionMsg {
    std::string sessionId;
    bool expired = false;
    rt::Reply<CommandResult> reply;
};
// Billing step 1: billing.cycle.started; the reply carries the amount to
// charge (the plan's price when the cycle started).
struct BillingStarted {
    CommandResult result;
    std::int64_t amountCents = 0;
};
struct StartBillingAsk {
    std::string cycleId;
    rt::Reply<BillingStarted> reply;
};
// Billing step 2: the gateway's final word.
struct SettleBillingMsg {
    std::string cycleId;
    std::int64_t amountCents = 0;
    bool approved = false;
    std::string reason;
    rt::Reply<CommandResult> reply;
};
struct GetStateMsg {
    rt::Reply<TenantSnapshot> reply;
};

using TenantMsg = std::variant<InviteUserMsg, ActivateUserMsg, RemoveUserMsg, RecordUsageMsg, ChangePlanMsg,
    ReactivateMsg, ConnectSessionMsg, EndSessionMsg, StartBillingAsk, SettleBillingMsg, GetStateMsg>;

} // namespace cd::live
