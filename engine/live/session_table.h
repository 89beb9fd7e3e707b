#pragma once

#include "engine/runtime/atom.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cd::live {

// A live session as the session manager tracks it: lastSeen moves with
// heartbeats, which are not journaled.
struct LiveSession {
    std::string sessionId;
    std::string userId;
    std::int64_t lastSeenMono = 0; // decides expiry
    std::int64_t connectedAtWallMs = 0; // for display (listSessions)
    std::int64_t lastSeenWallMs = 0;
    friend bool operator==(const LiveSession&, const LiveSession&) = default;
};

// One tenant's live sessions, in an atom (one per tenant, so a heartbeat
// copies a handful of sessions, not the platform's).
using SessionList = std::vector<LiveSession>;
using SessionTable = rt::Atom<SessionList>;

} // namespace cd::live
