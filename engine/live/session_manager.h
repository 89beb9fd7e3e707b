#pragma once

#include "engine/live/service_messages.h"

#include "engine/runtime/future.h"
#include "engine/runtime/process_spec.h"

namespace cd::live {

class PlatformCore;

// "session-manager": every sweep interval (5 minutes) it expires the live
// sessions whose lastSeen is sessionTimeoutMs (30 minutes) old or more:
// session.expired through the tenant's process, then the session leaves the
// tenant's atom. A session whose expiry failed (the process crashed on it)
// stays and is tried again at the next sweep; if its expiry was appended
// after all, the retry is refused (unknown session) and nothing doubles.
struct SessionManagerState { };
rt::ProcessSpec<SessionMsg, SessionManagerState> makeSessionSpec(PlatformCore& core);

rt::Future<SweepSummary> startSweep(PlatformCore& core);

// Helpers for the API: track a connected session / forget one.
void trackSession(PlatformCore& core, const std::string& tenantId, std::string sessionId, std::string userId);
void forgetSession(PlatformCore& core, const std::string& tenantId, const std::string& sessionId);
bool touchSession(PlatformCore& core, const std::string& tenantId, const std::string& sessionId);

} // namespace cd::live
