#include "engine/live/platform_api.h"

#include "engine/live/billing_service.h"
#include "engine/live/demo_journal.h"
#include "engine/live/platform_core.h"
#include "engine/live/session_manager.h"

#include "engine/platform/payment_gateway.h"

#include <stdexcept>
#include <utility>

namespace cd::live {

namespace {

rt::Future<CommandResult> unknownTenant(rt::Executor& ex, const std::string& tenantId)
{
    CommandResult r;
    r.refusal = "tenant " + tenantId + " does not exist";
    return rt::Future<CommandResult>::ready(ex, std::move(r));
}

// Sends a command to the tenant's process as an ask without timeout: the
// handlers are synchronous, and a crash or a give-up rejects the ask at once.
template <typename Build>
rt::Future<CommandResult> askTenant(PlatformCore& core, const std::string& tenantId, Build build)
{
    TenantRecord* record = core.find(tenantId);
    if (!record || !record->ref.valid())
        return unknownTenant(core.executor(), tenantId);
    return record->ref.ask<CommandResult>(std::move(build), 0);
}

const char* processStatusOf(const TenantRecord& record)
{
    if (!record.ref.valid())
        return "starting";
    if (record.gaveUp)
        return "failed";
    const rt::ProcessStatus status = record.ref.status();
    if (status == rt::ProcessStatus::Failed)
        return "restarting";
    return rt::statusName(status);
}

} // namespace

std::unique_ptr<PlatformApi> PlatformApi::create(rt::Executor& executor, rt::Clock& clock, PlatformOptions options,
    std::shared_ptr<platform::PaymentGateway> gateway, std::string& error)
{
    auto core = std::make_unique<PlatformCore>(executor, clock, std::move(options), std::move(gateway));
    if (!core->start(error))
        return nullptr;
    return std::unique_ptr<PlatformApi>(new PlatformApi(std::move(core)));
}

std::unique_ptr<PlatformApi> PlatformApi::open(rt::Executor& executor, rt::Clock& clock, PlatformOptions options,
    std::shared_ptr<platform::PaymentGateway> gateway, std::string& error)
{
    auto core = std::make_unique<PlatformCore>(executor, clock, std::move(options), std::move(gateway));
    if (!core->resume(error))
        return nullptr;
    return std::unique_ptr<PlatformApi>(new PlatformApi(std::move(core)));
}

bool PlatformApi::resumePoint(const std::string& path, ResumePoint& out, std::string& error)
{
    DemoJournalEnd end;
    if (!readDemoJournalEnd(path, end, error))
        return false;
    out = end.point;
    return true;
}

PlatformApi::PlatformApi(std::unique_ptr<PlatformCore> core)
    : m_core(std::move(core))
{ }

PlatformApi::~PlatformApi() = default;

rt::Future<CreateTenantResult> PlatformApi::createTenant(std::string tenantId, platform::Plan plan, std::string ownerId)
{
    auto build = [&tenantId, plan, &ownerId](rt::Reply<CreateTenantResult> r) {
        return ManagerMsg { CreateTenantMsg { std::move(tenantId), plan, std::move(ownerId), std::move(r) } };
    };
    return m_core->manager().ask<CreateTenantResult>(build, 0);
}

rt::Future<CommandResult> PlatformApi::inviteUser(
    const std::string& tenantId, std::string userId, std::string email, platform::Role role)
{
    return askTenant(*m_core, tenantId, [&userId, &email, role](rt::Reply<CommandResult> r) {
        return TenantMsg { InviteUserMsg { std::move(userId), std::move(email), role, std::move(r) } };
    });
}

rt::Future<CommandResult> PlatformApi::activateUser(const std::string& tenantId, std::string userId)
{
    return askTenant(*m_core, tenantId, [&userId](rt::Reply<CommandResult> r) {
        return TenantMsg { ActivateUserMsg { std::move(userId), std::move(r) } };
    });
}

rt::Future<CommandResult> PlatformApi::removeUser(const std::string& tenantId, std::string userId)
{
    return askTenant(*m_core, tenantId, [&userId](rt::Reply<CommandResult> r) {
        return TenantMsg { RemoveUserMsg { std::move(userId), std::move(r) } };
    });
}

rt::Future<CommandResult> PlatformApi::recordUsage(
    const std::string& tenantId, std::string userId, std::string feature, double amount)
{
    return askTenant(*m_core, tenantId, [&userId, &feature, amount](rt::Reply<CommandResult> r) {
        return TenantMsg { RecordUsageMsg { std::move(userId), std::move(feature), amount, std::move(r) } };
    });
}

rt::Future<CommandResult> PlatformApi::changePlan(const std::string& tenantId, platform::Plan to)
{
    return askTenant(*m_core, tenantId, [to](rt::Reply<CommandResult> r) {
        return TenantMsg { ChangePlanMsg { to, std::move(r) } };
    });
}

rt::Future<CommandResult> PlatformApi::reactivateTenant(const std::string& tenantId)
{
    return askTenant(
        *m_core, tenantId, [](rt::Reply<CommandResult> r) { return TenantMsg { ReactivateMsg { std::move(r) } }; });
}

rt::Future<BillingRunSummary> PlatformApi::runBillingNow(std::optional<std::string> tenantId)
{
    auto build = [&tenantId](rt::Reply<BillingRunSummary> r) {
        return BillingMsg { RunBillingMsg { std::move(tenantId), std::move(r) } };
    };
    return m_core->billing().ask<BillingRunSummary>(build, 0);
}

rt::Future<CommandResult> PlatformApi::connectSession(
    const std::string& tenantId, std::string sessionId, std::string userId)
{
    const std::string sid = sessionId;
    const std::string uid = userId;
    auto asked = askTenant(*m_core, tenantId, [&sessionId, &userId](rt::Reply<CommandResult> r) {
        return TenantMsg { ConnectSessionMsg { std::move(sessionId), std::move(userId), std::move(r) } };
    });
    // Tracked live once durable; the caller's continuation runs after this one.
    rt::Promise<CommandResult> out(m_core->executor());
    PlatformCore* core = m_core.get();
    asked.then([asked, out, core, tenantId, sid, uid]() mutable {
        if (asked.hasError()) {
            out.reject(asked.error());
            return;
        }
        if (asked.value().accepted)
            trackSession(*core, tenantId, sid, uid);
        out.resolve(asked.value());
    });
    return out.future();
}

bool PlatformApi::heartbeat(const std::string& tenantId, const std::string& sessionId)
{
    return touchSession(*m_core, tenantId, sessionId);
}

rt::Future<CommandResult> PlatformApi::disconnectSession(const std::string& tenantId, std::string sessionId)
{
    const std::string sid = sessionId;
    auto asked = askTenant(*m_core, tenantId, [&sessionId](rt::Reply<CommandResult> r) {
        return TenantMsg { EndSessionMsg { std::move(sessionId), false, std::move(r) } };
    });
    rt::Promise<CommandResult> out(m_core->executor());
    PlatformCore* core = m_core.get();
    asked.then([asked, out, core, tenantId, sid]() mutable {
        if (asked.hasError()) {
            out.reject(asked.error());
            return;
        }
        forgetSession(*core, tenantId, sid);
        out.resolve(asked.value());
    });
    return out.future();
}

rt::Future<SweepSummary> PlatformApi::sweepSessionsNow()
{
    auto build = [](rt::Reply<SweepSummary> r) { return SessionMsg { SweepNowMsg { std::move(r) } }; };
    return m_core->sessions().ask<SweepSummary>(build, 0);
}

rt::Future<TenantSnapshot> PlatformApi::tenantState(const std::string& tenantId)
{
    TenantRecord* record = m_core->find(tenantId);
    if (!record || !record->ref.valid()) {
        return rt::Future<TenantSnapshot>::failed(m_core->executor(),
            std::make_exception_ptr(std::invalid_argument("tenant " + tenantId + " does not exist")));
    }
    auto build = [](rt::Reply<TenantSnapshot> r) { return TenantMsg { GetStateMsg { std::move(r) } }; };
    return record->ref.ask<TenantSnapshot>(build, 0);
}

std::vector<TenantListing> PlatformApi::listTenants() const
{
    std::vector<TenantListing> out;
    out.reserve(m_core->tenants().size());
    for (const auto& record : m_core->tenants()) {
        TenantListing row;
        row.tenantId = record->tenantId;
        row.processStatus = processStatusOf(*record);
        row.status = std::string(platform::tenantStatusName(record->status));
        row.plan = std::string(platform::planName(record->plan));
        row.restarts = record->earlierRestarts;
        if (record->ref.valid()) {
            const rt::ProcessInfo info = record->ref.info();
            row.processId = record->ref.id();
            row.restarts += info.restarts;
            row.restartsInWindow = info.restartsInWindow;
        }
        out.push_back(std::move(row));
    }
    return out;
}

std::vector<SessionListing> PlatformApi::listSessions() const
{
    std::vector<SessionListing> out;
    for (const auto& record : m_core->tenants()) {
        for (const auto& s : record->sessions->deref())
            out.push_back({ record->tenantId, s.sessionId, s.userId, s.connectedAtWallMs, s.lastSeenWallMs });
    }
    return out;
}

std::vector<rt::ProcessInfo> PlatformApi::processTree() const
{
    return m_core->system().snapshot();
}

PlatformCounters PlatformApi::counters() const
{
    return m_core->snapshotCounters();
}

bool PlatformApi::crashTenant(const std::string& tenantId, std::string reason)
{
    TenantRecord* record = m_core->find(tenantId);
    if (!record || record->gaveUp || !record->ref.valid())
        return false;
    record->crashNext = true;
    record->crashReason = std::move(reason);
    return true;
}

bool PlatformApi::restartTenant(const std::string& tenantId)
{
    TenantRecord* record = m_core->find(tenantId);
    if (!record || !record->gaveUp)
        return false;
    auto build = [&tenantId](rt::Reply<bool> r) { return ManagerMsg { RestartTenantMsg { tenantId, std::move(r) } }; };
    (void)m_core->manager().ask<bool>(build, 0);
    return true;
}

std::uint64_t PlatformApi::subscribeCommitted(CommittedFn fn)
{
    return m_core->store().subscribe(std::move(fn));
}

void PlatformApi::unsubscribeCommitted(std::uint64_t token)
{
    m_core->store().unsubscribe(token);
}

rt::Future<void> PlatformApi::flush()
{
    return m_core->store().flushed();
}

rt::Future<void> PlatformApi::shutdown()
{
    rt::Promise<void> done(m_core->executor());
    auto stopped = m_core->system().shutdown("platform shutdown");
    PlatformCore* core = m_core.get();
    stopped.then([done, core]() mutable {
        std::string error;
        if (core->closeJournal(error))
            done.resolve();
        else
            done.reject(std::make_exception_ptr(std::runtime_error(error)));
    });
    return done.future();
}

const std::optional<ResumePoint>& PlatformApi::resumedFrom() const
{
    return m_core->resumedFrom();
}

const std::string& PlatformApi::journalPath() const
{
    return m_core->options().journalPath;
}

const std::string& PlatformApi::journalId() const
{
    return m_core->journalId();
}

const PlatformOptions& PlatformApi::options() const
{
    return m_core->options();
}

const platform::StringPool& PlatformApi::pool() const
{
    return m_core->pool();
}

} // namespace cd::live
