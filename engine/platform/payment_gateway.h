#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace cd::platform {

// What a payment gateway answers to one charge. Declined is final (a card
// refused); TransientError is the gateway failing to decide (timeout, outage),
// which the billing service retries with backoff.
struct ChargeOutcome {
    enum class Kind : std::uint8_t { Approved, Declined, TransientError };
    Kind kind = Kind::Approved;
    std::string reason; // empty when approved

    static ChargeOutcome approved() { return { Kind::Approved, {} }; }
    static ChargeOutcome declined(std::string why) { return { Kind::Declined, std::move(why) }; }
    static ChargeOutcome transientError(std::string why) { return { Kind::TransientError, std::move(why) }; }
    friend bool operator==(const ChargeOutcome&, const ChargeOutcome&) = default;
};

std::string_view chargeOutcomeKindName(ChargeOutcome::Kind kind); // "approved" | "declined" | "transient-error"

// The payment gateway of platform.md "Platform services": an interface, so
// the platform runs against the simulated one in the demo and tests, and a
// real one could replace it. Synchronous: the caller decides where it blocks.
class PaymentGateway {
public:
    virtual ~PaymentGateway() = default;
    virtual ChargeOutcome charge(std::string_view tenantId, std::string_view cycleId, std::int64_t amountCents) = 0;
};

} // namespace cd::platform
