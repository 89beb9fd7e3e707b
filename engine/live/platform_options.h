#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace cd::live {

inline constexpr std::int64_t MsPerMinute = 60'000;
inline constexpr std::int64_t MsPerHour = 60 * MsPerMinute;
inline constexpr std::int64_t MsPerDay = 24 * MsPerHour;

struct PlatformOptions {
    // A new SQLite journal (format 1); refused when it exists.
    std::string journalPath;
    // Seeds entry ids, the journal id, restart jitter and crash draws.
    std::uint64_t seed = 1;
    // Empty: "live-<16 hex digits from the seed>".
    std::string journalId;
    // false: synchronous=NORMAL (survives a process crash, not power loss).
    bool syncFull = true;

    // Billing service: every interval, first run one interval after start.
    std::int64_t billingIntervalMs = MsPerDay;
    // Gateway call: one attempt times out after gatewayTimeoutMs; transient
    // errors and timeouts are retried (declines never) up to gatewayMaxAttempts
    // with backoff gatewayRetryBaseMs x2^(n-1) capped at gatewayRetryMaxMs.
    std::int64_t gatewayTimeoutMs = 5000;
    int gatewayMaxAttempts = 4;
    std::int64_t gatewayRetryBaseMs = 1000;
    std::int64_t gatewayRetryMaxMs = 8000;
    // Simulated network time of one gateway attempt (on the platform clock).
    // Empty: 0 ms.
    std::function<std::int64_t(std::string_view tenantId, int attempt)> gatewayLatencyMs;

    // Session manager: sweep every sessionSweepMs; expire sessions whose
    // lastSeen is sessionTimeoutMs old or more.
    std::int64_t sessionSweepMs = 5 * MsPerMinute;
    std::int64_t sessionTimeoutMs = 30 * MsPerMinute;

    // Tenant supervision (platform.md): one-for-one, backoff 1 s -> 30 s x2,
    // at most 5 restarts in 60 s.
    std::int64_t restartInitialMs = 1000;
    std::int64_t restartMaxMs = 30000;
    std::int64_t maxRestarts = 5;
    std::int64_t restartWindowMs = 60000;

    // Fault injection: each message a tenant process handles throws with this
    // probability (seeded draws). Half of the crashes hit before the command
    // appends anything, half after its batch was appended but before the reply.
    double crashRate = 0.0;

    // Entries kept in memory by the runtime journal (newest first dropped
    // last); the SQLite journal holds everything.
    std::size_t memoryTailEntries = 4096;
};

} // namespace cd::live
