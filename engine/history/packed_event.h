#pragma once

#include "engine/platform/event.h"

#include <cstdint>
#include <vector>

namespace cd::history {

// One event in 24 bytes, so a 10-million-entry index replays with no JSON
// parsing and no disk. No event type carries more than two strings besides
// its tenant, two enums and one number, except limits.exceeded, which has two
// numbers: its limit is kept inline when it is an int32 (every limit our
// platform writes) and otherwise in a side table of doubles (OutOfLineLimit).
//
//   type                      a      b    s0         s1          number
//   tenant.created            plan   -    ownerId    -           -
//   user.invited              role   -    userId     email       -
//   user.activated/removed    -      -    userId     -           -
//   billing.cycle.started     -      -    cycleId    -           amount
//   billing.payment.succeeded -      -    cycleId    -           amount
//   billing.payment.failed    -      -    cycleId    reason      amount
//   feature.used              -      -    userId     feature     usage
//   limits.exceeded           -      -    feature    limit       usage
//   tenant.suspended          -      -    reason     -           -
//   plan.changed              from   to   -          -           -
//   usage.reset               -      -    feature    cycleId     -
//   session.connected         -      -    userId     sessionId   -
//   session.disconnected/exp. -      -    sessionId  -           -
struct PackedEvent {
    std::uint8_t type = 0;
    std::uint8_t a = 0;
    std::uint8_t b = 0;
    std::uint8_t flags = 0;
    std::uint32_t tenant = 0;
    std::uint32_t s0 = 0;
    std::uint32_t s1 = 0;
    double number = 0;

    static constexpr std::uint8_t OutOfLineLimit = 1;

    platform::EventType eventType() const { return static_cast<platform::EventType>(type); }
    platform::Str tenantId() const { return platform::Str(tenant); }
};
static_assert(sizeof(PackedEvent) == 24);

// Packs an event; a limit that is not an int32 goes to extraNumbers.
PackedEvent packEvent(const platform::Event& event, std::vector<double>& extraNumbers);

// The event again, field for field as packEvent received it.
platform::Event unpackEvent(const PackedEvent& packed, const std::vector<double>& extraNumbers);

} // namespace cd::history
