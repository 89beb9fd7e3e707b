#include "engine/platform/simulated_gateway.h"

#include <algorithm>
#include <cmath>

namespace cd::platform {

namespace {
// splitmix64's output function: a full-avalanche 64-bit mix.
std::uint64_t mix(std::uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

// FNV-1a: a string hash that is the same on every platform (std::hash is not).
std::uint64_t fnv1a(std::string_view text)
{
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (const char c : text) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ULL;
    }
    return h;
}

double clampRate(double rate)
{
    return std::isfinite(rate) ? std::clamp(rate, 0.0, 1.0) : 0.0;
}
} // namespace

SimulatedGateway::SimulatedGateway(std::uint64_t seed, double declineRate,
    std::set<std::string, std::less<>> alwaysDeclineTenants, double transientErrorRate)
    : m_seed(seed)
    , m_declineRate(clampRate(declineRate))
    , m_transientErrorRate(clampRate(transientErrorRate))
    , m_alwaysDecline(std::move(alwaysDeclineTenants))
{ }

double SimulatedGateway::draw(std::string_view tenantId, std::string_view cycleId, std::uint32_t attempt) const
{
    // Chained mixing, not a XOR of the parts, so (a, b) and (b, a) differ.
    std::uint64_t h = mix(m_seed);
    h = mix(h ^ fnv1a(tenantId));
    h = mix(h ^ fnv1a(cycleId));
    h = mix(h ^ attempt);
    // The top 53 bits as a double in [0, 1).
    return static_cast<double>(h >> 11) * 0x1.0p-53;
}

ChargeOutcome SimulatedGateway::charge(std::string_view tenantId, std::string_view cycleId, std::int64_t amountCents)
{
    const std::lock_guard<std::mutex> lock(m_mutex);
    auto key = std::make_pair(std::string(tenantId), std::string(cycleId));
    const auto it = m_attempts.find(key);
    const std::uint32_t attempt = it == m_attempts.end() ? 0 : it->second;
    const double u = draw(tenantId, cycleId, attempt);

    ChargeOutcome outcome;
    if (amountCents < 0)
        outcome = ChargeOutcome::declined("invalid amount");
    else if (m_alwaysDecline.contains(tenantId))
        outcome = ChargeOutcome::declined("card declined");
    else if (u < m_transientErrorRate)
        outcome = ChargeOutcome::transientError("gateway timeout");
    else if (u < m_transientErrorRate + m_declineRate)
        outcome = ChargeOutcome::declined("insufficient funds");
    else
        outcome = ChargeOutcome::approved();

    if (outcome.kind == ChargeOutcome::Kind::TransientError) {
        if (it == m_attempts.end())
            m_attempts.emplace(std::move(key), 1);
        else
            ++it->second;
    } else if (it != m_attempts.end()) {
        m_attempts.erase(it);
    }
    return outcome;
}

} // namespace cd::platform
