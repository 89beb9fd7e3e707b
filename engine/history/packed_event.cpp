#include "engine/history/packed_event.h"

#include <bit>
#include <cstring>

namespace cd::history {

using platform::Event;
using platform::EventType;
using platform::Str;

namespace {
// A limit that an int32 holds exactly (bit for bit, so -0.0 stays out of line).
bool fitsInline(double value, std::int32_t& out)
{
    if (!(value >= -2147483648.0 && value <= 2147483647.0))
        return false;
    out = static_cast<std::int32_t>(value);
    const double back = out;
    return std::memcmp(&back, &value, sizeof value) == 0;
}
} // namespace

PackedEvent packEvent(const Event& e, std::vector<double>& extraNumbers)
{
    PackedEvent p;
    p.type = static_cast<std::uint8_t>(e.type);
    p.tenant = e.tenantId.id;
    switch (e.type) {
    case EventType::TenantCreated:
        p.a = static_cast<std::uint8_t>(e.plan);
        p.s0 = e.ownerId.id;
        break;
    case EventType::UserInvited:
        p.a = static_cast<std::uint8_t>(e.role);
        p.s0 = e.userId.id;
        p.s1 = e.email.id;
        break;
    case EventType::UserActivated:
    case EventType::UserRemoved:
        p.s0 = e.userId.id;
        break;
    case EventType::BillingCycleStarted:
    case EventType::BillingPaymentSucceeded:
        p.s0 = e.cycleId.id;
        p.number = e.amount;
        break;
    case EventType::BillingPaymentFailed:
        p.s0 = e.cycleId.id;
        p.s1 = e.reason.id;
        p.number = e.amount;
        break;
    case EventType::FeatureUsed:
        p.s0 = e.userId.id;
        p.s1 = e.feature.id;
        p.number = e.usage;
        break;
    case EventType::LimitsExceeded: {
        p.s0 = e.feature.id;
        p.number = e.usage;
        std::int32_t inlineLimit = 0;
        if (fitsInline(e.limit, inlineLimit)) {
            p.s1 = std::bit_cast<std::uint32_t>(inlineLimit);
        } else {
            p.flags |= PackedEvent::OutOfLineLimit;
            p.s1 = static_cast<std::uint32_t>(extraNumbers.size());
            extraNumbers.push_back(e.limit);
        }
        break;
    }
    case EventType::TenantSuspended:
        p.s0 = e.reason.id;
        break;
    case EventType::TenantReactivated:
        break;
    case EventType::PlanChanged:
        p.a = static_cast<std::uint8_t>(e.from);
        p.b = static_cast<std::uint8_t>(e.to);
        break;
    case EventType::UsageReset:
        p.s0 = e.feature.id;
        p.s1 = e.cycleId.id;
        break;
    case EventType::SessionConnected:
        p.s0 = e.userId.id;
        p.s1 = e.sessionId.id;
        break;
    case EventType::SessionDisconnected:
    case EventType::SessionExpired:
        p.s0 = e.sessionId.id;
        break;
    }
    return p;
}

Event unpackEvent(const PackedEvent& p, const std::vector<double>& extraNumbers)
{
    Event e;
    e.type = p.eventType();
    e.tenantId = Str(p.tenant);
    switch (e.type) {
    case EventType::TenantCreated:
        e.plan = static_cast<platform::Plan>(p.a);
        e.ownerId = Str(p.s0);
        break;
    case EventType::UserInvited:
        e.role = static_cast<platform::Role>(p.a);
        e.userId = Str(p.s0);
        e.email = Str(p.s1);
        break;
    case EventType::UserActivated:
    case EventType::UserRemoved:
        e.userId = Str(p.s0);
        break;
    case EventType::BillingCycleStarted:
    case EventType::BillingPaymentSucceeded:
        e.cycleId = Str(p.s0);
        e.amount = p.number;
        break;
    case EventType::BillingPaymentFailed:
        e.cycleId = Str(p.s0);
        e.reason = Str(p.s1);
        e.amount = p.number;
        break;
    case EventType::FeatureUsed:
        e.userId = Str(p.s0);
        e.feature = Str(p.s1);
        e.usage = p.number;
        break;
    case EventType::LimitsExceeded:
        e.feature = Str(p.s0);
        e.usage = p.number;
        e.limit
            = (p.flags & PackedEvent::OutOfLineLimit) ? extraNumbers[p.s1] : double(std::bit_cast<std::int32_t>(p.s1));
        break;
    case EventType::TenantSuspended:
        e.reason = Str(p.s0);
        break;
    case EventType::TenantReactivated:
        break;
    case EventType::PlanChanged:
        e.from = static_cast<platform::Plan>(p.a);
        e.to = static_cast<platform::Plan>(p.b);
        break;
    case EventType::UsageReset:
        e.feature = Str(p.s0);
        e.cycleId = Str(p.s1);
        break;
    case EventType::SessionConnected:
        e.userId = Str(p.s0);
        e.sessionId = Str(p.s1);
        break;
    case EventType::SessionDisconnected:
    case EventType::SessionExpired:
        e.sessionId = Str(p.s0);
        break;
    }
    return e;
}

} // namespace cd::history
