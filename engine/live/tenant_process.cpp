// GCC 12 reports a false -Wmaybe-uninitialized inside the runtime's
// ProcessImpl<TenantMsg, TenantActor> (std::optional<TenantActor> moved
// around a coroutine handler path that is never taken for this synchronous
// handler); the instantiation lives in this file only (spawnTenant).
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include "engine/live/tenant_process.h"

#include "engine/live/platform_core.h"

#include "engine/platform/commands.h"
#include "engine/platform/fold.h"
#include "engine/platform/json_writer.h"
#include "engine/platform/state_json.h"
#include "engine/runtime/process.h"
#include "engine/runtime/task.h"

#include <type_traits>
#include <utility>

namespace cd::live {

namespace {

using platform::Decision;
using platform::Str;

rt::Task<TenantActor> initTenant(PlatformCore* core, std::string tenantId)
{
    // Batches appended by an earlier incarnation may still wait for their
    // group commit: the replay must see them.
    co_await core->store().flushed();
    TenantActor actor;
    std::string error;
    if (!core->replayTenant(tenantId, actor.tenant, actor.lastSequence, error))
        throw std::runtime_error(error);
    co_return actor;
}

CommandResult resultOf(const Decision& d)
{
    CommandResult r;
    r.accepted = d.accepted;
    r.refusal = d.refusal;
    r.usage = d.usage;
    r.limit = d.limit;
    r.appended = static_cast<std::int64_t>(d.events.size());
    return r;
}

Decision refuse(std::string why)
{
    Decision d;
    d.refusal = std::move(why);
    return d;
}

// Sends value through reply once ack (the batch) is durable; a batch that
// failed to commit fails the ask.
template <typename A, typename R, typename V>
void replyWhenDurable(const rt::Future<A>& ack, rt::Reply<R> reply, V value)
{
    if (ack.settled() && !ack.hasError()) {
        reply(std::move(value));
        return;
    }
    ack.then([ack, reply = std::move(reply), value = std::move(value)]() mutable {
        if (ack.hasError())
            reply.fail(std::runtime_error("journal write failed"));
        else
            reply(std::move(value));
    });
}

class Handler {
public:
    Handler(PlatformCore& core, const TenantRecord& record, const TenantActor& actor)
        : m_record(record)
        , m_pool(core.pool())
        , m_tenant(actor.tenant)
    { }

    Decision operator()(InviteUserMsg& m)
    {
        return platform::inviteUser(m_tenant, m_pool.intern(m.userId), m_pool.intern(m.email), m.role, m_pool);
    }
    Decision operator()(ActivateUserMsg& m)
    {
        // Beyond commands.h: a suspended tenant's activations would be
        // activity-while-suspended (verify); refuse them like invites.
        if (m_tenant.status != platform::TenantStatus::Active)
            return refuse("tenant " + m_record.tenantId + " is not active");
        return platform::activateUser(m_tenant, m_pool.intern(m.userId), m_pool);
    }
    Decision operator()(RemoveUserMsg& m) { return platform::removeUser(m_tenant, m_pool.intern(m.userId), m_pool); }
    Decision operator()(RecordUsageMsg& m)
    {
        return platform::recordUsage(m_tenant, m_pool.intern(m.userId), m_pool.intern(m.feature), m.amount, m_pool);
    }
    Decision operator()(ChangePlanMsg& m)
    {
        // Beyond commands.h: a downgrade below the tenant's user count would
        // leave it over its user limit (verify's over-user-limit).
        const auto users = static_cast<std::int64_t>(m_tenant.users.size());
        if (users > platform::planInfo(m.to).users) {
            return refuse(std::to_string(users) + " users exceed the " + std::string(platform::planName(m.to))
                + " plan's limit of " + std::to_string(platform::planInfo(m.to).users));
        }
        return platform::changePlan(m_tenant, m.to, m_pool);
    }
    Decision operator()(ReactivateMsg&) { return platform::reactivateTenant(m_tenant, m_pool); }
    Decision operator()(ConnectSessionMsg& m)
    {
        const Str session = m_pool.intern(m.sessionId);
        const Str user = m_pool.intern(m.userId);
        if (m_tenant.findSession(session))
            return refuse("session " + m.sessionId + " is already connected");
        if (!m_tenant.findUser(user))
            return refuse("user " + m.userId + " does not exist");
        return platform::connectSession(m_tenant, session, user, m_pool);
    }
    Decision operator()(EndSessionMsg& m)
    {
        const Str session = m_pool.intern(m.sessionId);
        return m.expired ? platform::expireSession(m_tenant, session, m_pool)
                         : platform::disconnectSession(m_tenant, session, m_pool);
    }
    Decision operator()(StartBillingAsk& m)
    {
        return platform::startBilling(m_tenant, m_pool.intern(m.cycleId), m_pool);
    }
    Decision operator()(SettleBillingMsg& m)
    {
        const platform::PaymentResult result { m.approved, m.reason };
        return platform::settleBilling(m_tenant, m_pool.intern(m.cycleId), m.amountCents, result, m_pool);
    }
    Decision operator()(GetStateMsg&) { return Decision { {}, true, {}, {}, {} }; }

private:
    const TenantRecord& m_record;
    platform::StringPool& m_pool;
    const platform::TenantState& m_tenant;
};

TenantSnapshot snapshotOf(PlatformCore& core, const TenantActor& actor)
{
    TenantSnapshot s;
    s.state = actor.tenant;
    s.lastSequence = actor.lastSequence;
    platform::JsonWriter writer(s.json);
    platform::writeTenantJson(writer, actor.tenant, core.pool());
    return s;
}

// Replies to msg once durable has settled (the command's batch, or the
// batches before a refusal).
template <typename A>
void reply(
    PlatformCore& core, TenantMsg& msg, const rt::Future<A>& durable, CommandResult result, const TenantActor& actor)
{
    if (auto* get = std::get_if<GetStateMsg>(&msg)) {
        replyWhenDurable(durable, get->reply, snapshotOf(core, actor));
        return;
    }
    if (result.accepted)
        ++core.counters.commandsAccepted;
    else
        ++core.counters.commandsRefused;
    if (auto* start = std::get_if<StartBillingAsk>(&msg)) {
        const std::int64_t amount = platform::planInfo(actor.tenant.plan).priceCents;
        replyWhenDurable(durable, start->reply, BillingStarted { std::move(result), amount });
        return;
    }
    std::visit(
        [&durable, &result](auto& m) {
            if constexpr (std::is_same_v<decltype(m.reply), rt::Reply<CommandResult>>)
                replyWhenDurable(durable, m.reply, std::move(result));
        },
        msg);
}

TenantActor handleTenant(PlatformCore& core, TenantRecord& record, TenantActor&& actor, TenantMsg&& msg)
{
    if (record.crashNext) {
        record.crashNext = false;
        ++core.counters.crashesInjected;
        throw InjectedCrash(record.crashReason);
    }
    const int crash = core.drawCrash();
    if (crash == 1)
        throw InjectedCrash("injected crash before append");

    Decision decision = std::visit(Handler(core, record, actor), msg);
    CommandResult result = resultOf(decision);
    PlatformCore::AppendAck appended;
    rt::Future<void> flushed;
    if (!decision.events.empty()) {
        appended = core.append(decision.events, result.firstSequence, result.lastSequence);
        // The entries carry the clock's time of the append: the fold uses the same.
        const std::int64_t wallMs = core.clock().now().wallMs;
        for (const auto& e : decision.events)
            platform::applyToTenant(actor.tenant, e, wallMs);
        actor.lastSequence = result.lastSequence;
    } else {
        // A refusal may rest on events still waiting for their commit.
        flushed = core.store().flushed();
    }
    if (crash == 2)
        throw InjectedCrash("injected crash after append");

    record.status = actor.tenant.status;
    record.plan = actor.tenant.plan;
    ++core.counters.messagesHandled;
    if (appended.valid())
        reply(core, msg, appended, std::move(result), actor);
    else
        reply(core, msg, flushed, std::move(result), actor);
    return std::move(actor);
}

} // namespace

rt::ProcessSpec<TenantMsg, TenantActor> makeTenantSpec(PlatformCore& core, TenantRecord& record)
{
    const auto& o = core.options();
    rt::ProcessSpec<TenantMsg, TenantActor> spec;
    spec.name = "tenant:" + record.tenantId;
    PlatformCore* c = &core;
    TenantRecord* r = &record;
    spec.init = [c, r](rt::Tools<TenantMsg>&) { return initTenant(c, r->tenantId); };
    spec.handle = [c, r](TenantActor&& actor, TenantMsg&& msg, rt::Tools<TenantMsg>&) {
        return handleTenant(*c, *r, std::move(actor), std::move(msg));
    };
    spec.maxInbox = 1 << 16;
    spec.supervision.type = rt::SupervisionType::OneForOne;
    spec.supervision.backoff = rt::Backoff { o.restartInitialMs, o.restartMaxMs, 2.0, 0.0 };
    spec.supervision.maxRestarts = rt::MaxRestarts { o.maxRestarts, o.restartWindowMs };
    spec.msgType = [](const TenantMsg& m) -> std::string {
        static constexpr const char* names[]
            = { "invite-user", "activate-user", "remove-user", "record-usage", "change-plan", "reactivate",
                  "connect-session", "end-session", "start-billing", "settle-billing", "get-state" };
        return names[m.index()];
    };
    return spec;
}

rt::ProcessRef<TenantMsg> spawnTenant(rt::Tools<ManagerMsg>& manager, PlatformCore& core, TenantRecord& record)
{
    return manager.spawn(makeTenantSpec(core, record));
}

} // namespace cd::live
