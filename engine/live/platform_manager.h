#pragma once

#include "engine/live/service_messages.h"

#include "engine/runtime/process_spec.h"

namespace cd::live {

class PlatformCore;

// "platform-manager": creates tenants (tenant.created, durable before the
// reply) and owns their processes as supervised children. When a tenant's
// supervisor gives up, the manager marks the tenant failed in the registry;
// restartTenant starts a fresh process for it. If the manager itself
// restarts, its init starts a process for every tenant of the registry.
struct ManagerState { };
rt::ProcessSpec<ManagerMsg, ManagerState> makeManagerSpec(PlatformCore& core);

} // namespace cd::live
