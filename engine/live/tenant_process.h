#pragma once

#include "engine/live/service_messages.h"
#include "engine/live/tenant_messages.h"

#include "engine/platform/tenant_state.h"
#include "engine/runtime/process_ref.h"
#include "engine/runtime/process_spec.h"
#include "engine/runtime/tools.h"

#include <cstdint>
#include <stdexcept>
#include <string>

namespace cd::live {

class PlatformCore;
struct TenantRecord;

// A tenant process's state: the tenant as the fold of its journaled events.
struct TenantActor {
    platform::TenantState tenant;
    std::int64_t lastSequence = -1;
};

// Thrown by fault injection (crashTenant, crashRate).
class InjectedCrash : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The process of one tenant: "tenant:<tenantId>", supervised one-for-one
// with the platform's backoff and restart budget. Its init waits until every
// appended batch is durable, then replays the tenant's events from the SQLite
// journal, so a restarted process never starts from a stale copy. Each
// command: decide (commands.h) -> append one atomic batch -> apply the same
// events with the fold -> reply once the batch is durable. Handlers are
// synchronous: the process goes on with its next command while the batch
// waits for its group commit, so one commit serves many commands.
rt::ProcessSpec<TenantMsg, TenantActor> makeTenantSpec(PlatformCore& core, TenantRecord& record);

// Starts the tenant's process as a child of the caller (the platform manager).
rt::ProcessRef<TenantMsg> spawnTenant(rt::Tools<ManagerMsg>& manager, PlatformCore& core, TenantRecord& record);

} // namespace cd::live
