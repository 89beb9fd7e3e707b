#pragma once

#include "engine/live/platform_options.h"
#include "engine/live/platform_types.h"
#include "engine/live/service_messages.h"
#include "engine/live/session_table.h"
#include "engine/live/sqlite_journal_store.h"
#include "engine/live/tenant_messages.h"

#include "engine/platform/event.h"
#include "engine/platform/string_pool.h"
#include "engine/runtime/journal.h"
#include "engine/runtime/process.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace cd::platform {
class PaymentGateway;
}
namespace cd::store {
class SqliteJournalReader;
}

namespace cd::live {

// One tenant as the platform knows it (the registry).
struct TenantRecord {
    std::string tenantId;
    platform::Str id; // interned tenantId
    std::size_t index = 0; // creation order
    rt::ProcessRef<TenantMsg> ref;
    bool gaveUp = false; // the supervisor gave up on its process
    bool crashNext = false; // crashTenant(): throw on the next message
    std::string crashReason; // ... with this text
    std::int64_t earlierRestarts = 0; // restarts of processes replaced by restartTenant
    platform::TenantStatus status = platform::TenantStatus::Active; // as of its last handled message
    platform::Plan plan = platform::Plan::Starter;
    std::unique_ptr<SessionTable> sessions; // live sessions with lastSeen
    // open(): the tenant as the replay at open left it, handed to its
    // process's first init instead of a second replay (one fold per tenant).
    std::optional<platform::TenantState> openedState;
    std::int64_t openedLastSequence = -1;
};

// What the processes of one platform share: the engine, the journal (runtime
// journal over the SQLite store), the string pool, the registry and the
// counters. Everything lives on the engine thread; processes reach it through
// a plain pointer because the core outlives them (shutdown stops them first).
class PlatformCore {
public:
    PlatformCore(rt::Executor& executor, rt::Clock& clock, PlatformOptions options,
        std::shared_ptr<platform::PaymentGateway> gateway);
    ~PlatformCore();
    PlatformCore(const PlatformCore&) = delete;
    PlatformCore& operator=(const PlatformCore&) = delete;

    // Creates the SQLite journal (marked as the demo's) and starts the processes.
    bool start(std::string& error);
    // Continues an existing demo journal (PlatformApi::open): registers every
    // tenant from the replay of its events (sessions still connected are
    // tracked again with lastSeen = now), continues sequences and entry ids
    // after the last entry, then starts the processes (each tenant process
    // replays its tenant in its init, as after a restart).
    bool resume(std::string& error);

    rt::Executor& executor() const { return *m_executor; }
    rt::Clock& clock() const { return *m_clock; }
    const PlatformOptions& options() const { return m_options; }
    platform::StringPool& pool() { return m_pool; }
    platform::PaymentGateway& gateway() const { return *m_gateway; }
    rt::Journal<std::string>& journal() { return *m_journal; }
    SqliteJournalStore& store() { return *m_store; }
    rt::ProcessSystem& system() { return *m_system; }
    const std::string& journalId() const { return m_journalId; }
    const std::optional<ResumePoint>& resumedFrom() const { return m_resumedFrom; }

    // Appends a command's events as one batch; the future settles when they
    // are durable (fails when their commit failed). first/last: the
    // sequences they got.
    using AppendAck = rt::Future<std::vector<rt::JournalEntry<std::string>>>;
    AppendAck append(const std::vector<platform::Event>& events, std::int64_t& first, std::int64_t& last);

    // Closes the read connection, then commits and closes the writer (the
    // last connection checkpoints the WAL into the file).
    bool closeJournal(std::string& error);

    // Replays one tenant's events from the SQLite journal (every appended
    // batch must be committed first: see store().flushed()). The first call
    // for a tenant registered by resume() returns the state its replay at
    // open built (nothing of the tenant can be appended before its process
    // first ran).
    bool replayTenant(
        const std::string& tenantId, platform::TenantState& out, std::int64_t& lastSequence, std::string& error);

    // Registry.
    TenantRecord* find(const std::string& tenantId);
    const std::vector<std::unique_ptr<TenantRecord>>& tenants() const { return m_tenants; }
    TenantRecord& addTenant(const std::string& tenantId, platform::Plan plan);
    TenantRecord* findByProcessName(const std::string& name);
    std::string nextTenantId();

    // Fault injection: 0 no crash, 1 crash before appending, 2 after.
    int drawCrash();

    rt::ProcessRef<ManagerMsg>& manager() { return m_manager; }
    rt::ProcessRef<BillingMsg>& billing() { return m_billing; }
    rt::ProcessRef<SessionMsg>& sessions() { return m_sessions; }

    PlatformCounters counters; // the store's figures are filled by snapshotCounters
    PlatformCounters snapshotCounters() const;

private:
    rt::Executor* m_executor;
    rt::Clock* m_clock;
    PlatformOptions m_options;
    std::shared_ptr<platform::PaymentGateway> m_gateway;
    platform::StringPool m_pool;
    // Builds the runtime journal over m_store, the read connection and the
    // processes; nextSequence continues an existing journal.
    bool startRuntime(std::int64_t nextSequence, std::string& error);
    bool registerExisting(const std::vector<std::string>& tenantIds, std::string& error);
    bool spawnProcesses();

    std::string m_journalId;
    std::optional<ResumePoint> m_resumedFrom;
    bool m_journalNamed = false; // the runtime journal's first id call named it
    std::uint64_t m_idSeed = 0;
    std::uint64_t m_idCounter = 1; // of the last entry id made (entries start at 2)
    std::shared_ptr<SqliteJournalStore> m_store;
    std::unique_ptr<rt::Journal<std::string>> m_journal;
    std::unique_ptr<store::SqliteJournalReader> m_reader;
    std::unique_ptr<rt::ProcessSystem> m_system;
    std::vector<std::unique_ptr<TenantRecord>> m_tenants;
    std::unordered_map<std::string, TenantRecord*> m_byId;
    std::uint64_t m_crashState;
    std::uint64_t m_autoTenant = 0;
    rt::ProcessRef<ManagerMsg> m_manager;
    rt::ProcessRef<BillingMsg> m_billing;
    rt::ProcessRef<SessionMsg> m_sessions;
};

// splitmix64: the platform's own deterministic generator (same output on
// every standard library).
std::uint64_t splitMix64(std::uint64_t& state);
// A uniform double in [0, 1) from a 64-bit draw.
double unitFrom(std::uint64_t bits);

} // namespace cd::live
