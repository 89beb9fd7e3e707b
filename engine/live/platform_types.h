#pragma once

#include "engine/platform/tenant_state.h"

#include <cstdint>
#include <optional>
#include <string>

namespace cd::live {

// The reply to a tenant command. A refusal may still have appended events
// (limits.exceeded, a failed payment): appended counts them, and they are
// durable when the reply arrives, like an acceptance's.
struct CommandResult {
    bool accepted = false;
    std::string refusal; // human text when !accepted
    std::optional<double> usage; // record usage: the new total; limit refusals: the usage reported
    std::optional<double> limit; // the plan limit that applies, when there is one
    std::int64_t appended = 0; // entries this command appended
    std::int64_t firstSequence = -1; // of those entries; -1 when none
    std::int64_t lastSequence = -1;
};

struct CreateTenantResult {
    CommandResult result;
    std::string tenantId;
};

// One billing run (the service's, or runBillingNow).
struct BillingRunSummary {
    std::int64_t tenants = 0; // tenants considered
    std::int64_t billed = 0; // cycles started
    std::int64_t succeeded = 0;
    std::int64_t failed = 0; // payments failed (declines, exhausted retries, timeouts)
    std::int64_t suspended = 0; // tenants suspended by this run
    std::int64_t skipped = 0; // not active (suspended tenants are not billed)
    std::int64_t errors = 0; // the tenant process failed on the command (outcome unknown)
};

struct SweepSummary {
    std::int64_t checked = 0; // live sessions looked at
    std::int64_t expired = 0; // session.expired appended
};

// A tenant's live state as its process holds it. state's Strs come from
// PlatformApi::pool(); json is the cli.md <tenant> object.
struct TenantSnapshot {
    platform::TenantState state;
    std::string json;
    std::int64_t lastSequence = -1; // the tenant's last applied entry
};

// One row of listTenants().
struct TenantListing {
    std::string tenantId;
    std::string processId; // empty before the process exists
    // "running", "starting", "restarting" (failed, restart pending), "failed"
    // (the supervisor gave up) or "stopped".
    std::string processStatus;
    std::string status; // "active" | "suspended", as of the last reply seen
    std::string plan;
    std::int64_t restarts = 0;
    // Restarts inside the supervisor's current intensity window (of
    // restartBudget allowed in restartWindowMs): "2 of 5 in 60 s".
    std::int64_t restartsInWindow = 0;
};

// One live session (listSessions), as the session manager tracks it.
struct SessionListing {
    std::string tenantId;
    std::string sessionId;
    std::string userId;
    std::int64_t connectedAtWallMs = 0;
    std::int64_t lastSeenWallMs = 0; // moved by heartbeats
};

// The end of an existing demo journal (PlatformApi::resumePoint).
struct ResumePoint {
    std::string journalId;
    std::int64_t entries = 0;
    std::int64_t lastSequence = -1; // -1: no entry yet
    std::int64_t lastWallMs = 0; // the journal's creation time when empty
    std::int64_t lastMonoMs = 0;
    std::int64_t tenants = 0;
};

// For an operations view. Latencies are measured in real time (they describe
// the machine, never decide anything).
struct PlatformCounters {
    std::uint64_t messagesHandled = 0; // tenant messages handled (crashes excluded)
    std::uint64_t commandsAccepted = 0;
    std::uint64_t commandsRefused = 0;
    std::uint64_t entriesAppended = 0;
    std::uint64_t entriesCommitted = 0;
    std::uint64_t commits = 0; // SQLite transactions (group commits)
    std::int64_t lastSequence = -1; // of the last committed entry; -1 before any
    std::int64_t lastWallMs = 0; // its timestamp.wallMs
    std::uint64_t lastCommitEntries = 0;
    std::int64_t lastCommitLatencyUs = 0;
    std::int64_t maxCommitLatencyUs = 0;
    std::uint64_t crashesInjected = 0;
    std::uint64_t restarts = 0; // tenant process restarts
    std::uint64_t tenants = 0;
    std::uint64_t tenantsFailed = 0; // supervisor gave up
    std::uint64_t billingRuns = 0;
    std::uint64_t paymentsSucceeded = 0;
    std::uint64_t paymentsFailed = 0;
    std::uint64_t gatewayAttempts = 0;
    std::uint64_t liveSessions = 0;
    std::uint64_t sessionsExpired = 0;
};

} // namespace cd::live
