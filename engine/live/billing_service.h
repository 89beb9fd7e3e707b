#pragma once

#include "engine/live/service_messages.h"

#include "engine/runtime/future.h"
#include "engine/runtime/process_spec.h"

#include <optional>
#include <string>

namespace cd::live {

class PlatformCore;

// A transient gateway failure, as an Effect error (the only kind retried,
// with attempts that time out).
struct TransientGatewayError {
    std::string reason;
    friend bool operator==(const TransientGatewayError&, const TransientGatewayError&) = default;
};

// "billing-service": bills every tenant once per billing interval, through
// a timer on the platform clock that it sets again at every tick. Tenants are
// billed concurrently and independently: a failure for one tenant (gateway,
// crashed process) does not stop the others. Per tenant: billing.cycle.started
// (refused unless active, so suspended tenants are not billed), the gateway
// call as an Effect (timeout per attempt, retry with backoff for transient
// errors and timeouts only, declines never), then the settlement.
struct BillingState { };
rt::ProcessSpec<BillingMsg, BillingState> makeBillingSpec(PlatformCore& core);

// One billing run over every tenant (or one); settles when all are settled.
rt::Future<BillingRunSummary> startBillingRun(PlatformCore& core, std::optional<std::string> tenantId);

} // namespace cd::live
