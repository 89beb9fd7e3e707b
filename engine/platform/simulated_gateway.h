#pragma once

#include "engine/platform/payment_gateway.h"

#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <utility>

namespace cd::platform {

// A payment gateway driven by a seeded pseudo-random generator, so that a demo
// run is reproducible from its seed. Each charge draws one number in [0, 1):
// below transientErrorRate it is a transient error, below transientErrorRate +
// declineRate a decline, else an approval. Tenants in alwaysDecline are
// declined whatever the draw (their draw is still taken).
//
// The draw is not the next number of one shared stream: it is a hash of
// (seed, tenantId, cycleId, attempt), where attempt counts the charges of that
// tenant and cycle since its last final outcome. So the outcome of a tenant's
// charge does not depend on the order in which the billing service reaches the
// tenants, a retry after a transient error draws anew, and charging a cycle
// again after a final outcome gives the same answer. The generator is our own
// (FNV-1a + splitmix64), not std::uniform_*_distribution, whose output differs
// between standard libraries.
//
// Threads: charge() may be called from several threads (one mutex).
class SimulatedGateway final : public PaymentGateway {
public:
    SimulatedGateway(std::uint64_t seed, double declineRate,
        std::set<std::string, std::less<>> alwaysDeclineTenants = {}, double transientErrorRate = 0.0);

    ChargeOutcome charge(std::string_view tenantId, std::string_view cycleId, std::int64_t amountCents) override;

    // The draw in [0, 1) for one attempt: pure, exposed for tests and tools.
    double draw(std::string_view tenantId, std::string_view cycleId, std::uint32_t attempt) const;

    std::uint64_t seed() const { return m_seed; }
    double declineRate() const { return m_declineRate; }
    double transientErrorRate() const { return m_transientErrorRate; }

private:
    const std::uint64_t m_seed;
    const double m_declineRate;
    const double m_transientErrorRate;
    const std::set<std::string, std::less<>> m_alwaysDecline;

    std::mutex m_mutex;
    // Attempts of (tenant, cycle) still pending a final outcome.
    std::map<std::pair<std::string, std::string>, std::uint32_t, std::less<>> m_attempts;
};

} // namespace cd::platform
