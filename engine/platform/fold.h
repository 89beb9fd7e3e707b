#pragma once

#include "engine/platform/event.h"
#include "engine/platform/platform_state.h"
#include "engine/platform/tenant_state.h"

#include <cstdint>

namespace cd::platform {

// THE fold of platform.md ("The fold"): the one rule set shared by the live
// tenant processes, time travel, the CLI and the tests. Events must come in
// sequence order; entryWallMs is the entry's timestamp.wallMs (used by
// billing.payment.succeeded and session.connected). The events' Strs must come
// from the pool the state's Strs come from.

// The tenant a tenant.created event creates: active, no users, billing
// {null, null, 0}, no usage, no sessions (limits follow from the plan).
TenantState makeTenant(const Event& created);

// Applies one event to the platform. Events of a tenant that does not exist
// are ignored, so is a second tenant.created. A tenant is cloned only when
// the event changes it and a copy of the state still shares it.
void apply(PlatformState& state, const Event& event, std::int64_t entryWallMs);

// Applies one event to a single, existing tenant (a tenant process's state).
// Ignored: tenant.created (the tenant exists already) and events of another
// tenant.
void applyToTenant(TenantState& tenant, const Event& event, std::int64_t entryWallMs);

// Whether applying event would change tenant (false for limits.exceeded,
// billing.cycle.started, an activation of an unknown user, ...).
bool changesTenant(const TenantState& tenant, const Event& event, std::int64_t entryWallMs);

} // namespace cd::platform
