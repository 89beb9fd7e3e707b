#pragma once

#include "engine/live/platform_options.h"
#include "engine/live/platform_types.h"

#include "engine/platform/entry.h"
#include "engine/platform/plans.h"
#include "engine/runtime/future.h"
#include "engine/runtime/process_types.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace cd::rt {
class Clock;
class Executor;
} // namespace cd::rt

namespace cd::platform {
class PaymentGateway;
class StringPool;
} // namespace cd::platform

namespace cd::live {

class PlatformCore;

// The running platform (platform.md "Commands" and "Platform services") on the
// engine runtime: a root supervisor (the ProcessSystem) with a platform
// manager owning one supervised process per tenant, a billing service and a
// session manager; every command decides its events from the tenant's current
// state, appends them as one atomic batch to the SQLite journal, applies them
// with the shared fold, and replies once the batch is durable.
//
// This is the one API that the CLI (`demo`) and the GUI's EngineHost drive.
//
// Threads: everything runs on the engine thread, the one that drains the
// executor. Calls must be made there; every command returns a Future that
// settles on that executor (co_await it in a Task, or then()). A Future fails
// (ProcessError) only when the command's outcome is unknown: the tenant process
// crashed on it or has failed for good; a refused command is a successful
// Future with accepted == false. Synchronous accessors (processTree, counters,
// listTenants) read the engine's current state and are just as thread-bound.
class PlatformApi {
public:
    // Creates the journal at options.journalPath (a new file) and starts the
    // processes. Returns nullptr with error naming the file when the journal
    // cannot be created. clock and executor must outlive the platform.
    static std::unique_ptr<PlatformApi> create(rt::Executor& executor, rt::Clock& clock, PlatformOptions options,
        std::shared_ptr<platform::PaymentGateway> gateway, std::string& error);
    // Continues an existing journal that Chronodesk's demo wrote (marked at
    // creation; see PlatformCore::resume): every tenant is rebuilt by its
    // process replaying its events, sequences and entry ids continue after
    // the last entry, and sessions left connected are tracked again with
    // lastSeen = now (the sweep expires them unless they send heartbeats).
    // The clock must not be earlier than the last entry's wall time (start it
    // at resumePoint()'s wallMs or later). Refused, with error naming the file
    // and the file untouched: a missing file, a journal not written by the
    // demo (evidence is read-only), a newer format version, a clock before
    // the journal's end. options.journalId is ignored (the file's is kept);
    // options.seed drives crash draws and restart jitter, the ids keep the
    // file's own id seed.
    static std::unique_ptr<PlatformApi> open(rt::Executor& executor, rt::Clock& clock, PlatformOptions options,
        std::shared_ptr<platform::PaymentGateway> gateway, std::string& error);
    // Where a demo journal ends, without opening it for writing: for a caller
    // that must start its clock there. Same refusals as open().
    static bool resumePoint(const std::string& path, ResumePoint& out, std::string& error);
    ~PlatformApi();
    PlatformApi(const PlatformApi&) = delete;
    PlatformApi& operator=(const PlatformApi&) = delete;

    // --- Tenant commands ---------------------------------------------------
    // tenant.created. tenantId empty: the platform names it "t-<n>". Refused
    // when the id exists. The tenant's process is started.
    rt::Future<CreateTenantResult> createTenant(std::string tenantId, platform::Plan plan, std::string ownerId);
    rt::Future<CommandResult> inviteUser(
        const std::string& tenantId, std::string userId, std::string email, platform::Role role);
    rt::Future<CommandResult> activateUser(const std::string& tenantId, std::string userId);
    rt::Future<CommandResult> removeUser(const std::string& tenantId, std::string userId);
    rt::Future<CommandResult> recordUsage(
        const std::string& tenantId, std::string userId, std::string feature, double amount);
    rt::Future<CommandResult> changePlan(const std::string& tenantId, platform::Plan to);
    // Operator action: tenant.reactivated, refused unless suspended.
    rt::Future<CommandResult> reactivateTenant(const std::string& tenantId);

    // --- Services ------------------------------------------------------------
    // Bills every tenant now (or just one), as the billing service does every
    // interval; settles when every charge has been settled.
    rt::Future<BillingRunSummary> runBillingNow(std::optional<std::string> tenantId = std::nullopt);
    // session.connected; the session is then tracked live (lastSeen = now).
    rt::Future<CommandResult> connectSession(const std::string& tenantId, std::string sessionId, std::string userId);
    // Updates lastSeen (not journaled). False for an unknown session.
    bool heartbeat(const std::string& tenantId, const std::string& sessionId);
    rt::Future<CommandResult> disconnectSession(const std::string& tenantId, std::string sessionId);
    // Runs the session manager's sweep now (it also runs every sweep interval).
    rt::Future<SweepSummary> sweepSessionsNow();

    // --- Reading -------------------------------------------------------------
    // The tenant process's live state (asked from the process itself).
    rt::Future<TenantSnapshot> tenantState(const std::string& tenantId);
    // Every tenant known to the platform, in creation order.
    std::vector<TenantListing> listTenants() const;
    // Every process, depth first (platform-manager, its tenants, billing-service,
    // session-manager): name, status, restarts, mailbox depth, last error.
    std::vector<rt::ProcessInfo> processTree() const;
    PlatformCounters counters() const;
    // Every live session the session manager tracks (tenants in creation
    // order, then sessions in the order they were tracked).
    std::vector<SessionListing> listSessions() const;

    // --- Fault injection and operations -----------------------------------------
    // Makes the tenant's process throw on its next message (it is handled
    // before anything queued after this call). False for an unknown tenant or
    // one that failed for good.
    bool crashTenant(const std::string& tenantId, std::string reason = "injected crash");
    // Operator: starts a new process for a tenant whose supervisor gave up.
    bool restartTenant(const std::string& tenantId);

    // Calls fn (engine thread) with every batch of entries once it is durable,
    // in sequence order. Returns a token for unsubscribeCommitted.
    using CommittedFn = std::function<void(std::span<const platform::Entry> entries)>;
    std::uint64_t subscribeCommitted(CommittedFn fn);
    void unsubscribeCommitted(std::uint64_t token);

    // Settles once everything appended so far is durable.
    rt::Future<void> flush();
    // Stops every process, commits what is pending and closes the journal.
    rt::Future<void> shutdown();

    // Where the journal ended when open() continued it; nullopt after create().
    const std::optional<ResumePoint>& resumedFrom() const;
    const std::string& journalPath() const;
    const std::string& journalId() const;
    const PlatformOptions& options() const;
    // The pool the Strs of TenantSnapshot::state come from.
    const platform::StringPool& pool() const;

private:
    explicit PlatformApi(std::unique_ptr<PlatformCore> core);
    std::unique_ptr<PlatformCore> m_core;
};

} // namespace cd::live
