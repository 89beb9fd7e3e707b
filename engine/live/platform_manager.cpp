#include "engine/live/platform_manager.h"

#include "engine/live/platform_core.h"
#include "engine/live/tenant_process.h"

#include "engine/platform/commands.h"

#include <utility>

namespace cd::live {

namespace {

void createTenant(PlatformCore& core, CreateTenantMsg& m, rt::Tools<ManagerMsg>& tools)
{
    CreateTenantResult out;
    out.tenantId = m.tenantId.empty() ? core.nextTenantId() : m.tenantId;
    if (core.find(out.tenantId)) {
        out.result.refusal = "tenant " + out.tenantId + " already exists";
        ++core.counters.commandsRefused;
        m.reply(std::move(out));
        return;
    }
    auto& pool = core.pool();
    const platform::Decision d
        = platform::createTenant(pool.intern(out.tenantId), m.plan, pool.intern(m.ownerId), pool);
    out.result.accepted = d.accepted;
    out.result.refusal = d.refusal;
    if (!d.accepted) {
        ++core.counters.commandsRefused;
        m.reply(std::move(out));
        return;
    }
    out.result.appended = static_cast<std::int64_t>(d.events.size());
    auto durable = core.append(d.events, out.result.firstSequence, out.result.lastSequence);
    TenantRecord& record = core.addTenant(out.tenantId, m.plan);
    // Its init waits for this entry to be durable, then replays it.
    record.ref = spawnTenant(tools, core, record);
    ++core.counters.commandsAccepted;
    durable.then([durable, reply = std::move(m.reply), out = std::move(out)]() mutable {
        if (durable.hasError())
            reply.fail(std::runtime_error("journal write failed"));
        else
            reply(std::move(out));
    });
}

} // namespace

rt::ProcessSpec<ManagerMsg, ManagerState> makeManagerSpec(PlatformCore& core)
{
    PlatformCore* c = &core;
    rt::ProcessSpec<ManagerMsg, ManagerState> spec;
    spec.name = "platform-manager";
    spec.init = [c](rt::Tools<ManagerMsg>& tools) {
        // After a restart of the manager its children are gone: start them again.
        for (const auto& record : c->tenants()) {
            if (!record->gaveUp)
                record->ref = spawnTenant(tools, *c, *record);
        }
        return ManagerState {};
    };
    spec.handle = [c](ManagerState&& state, ManagerMsg&& msg, rt::Tools<ManagerMsg>& tools) {
        if (auto* create = std::get_if<CreateTenantMsg>(&msg)) {
            createTenant(*c, *create, tools);
        } else if (auto* gaveUp = std::get_if<TenantGaveUpMsg>(&msg)) {
            if (TenantRecord* record = c->findByProcessName(gaveUp->processName))
                record->gaveUp = true;
        } else if (auto* restart = std::get_if<RestartTenantMsg>(&msg)) {
            TenantRecord* record = c->find(restart->tenantId);
            if (!record || !record->gaveUp) {
                restart->reply(false);
            } else {
                record->earlierRestarts += record->ref.info().restarts;
                record->gaveUp = false;
                record->ref = spawnTenant(tools, *c, *record);
                restart->reply(true);
            }
        }
        return std::move(state);
    };
    spec.onChildFailure = [](const rt::ChildFailure& failure) -> std::optional<ManagerMsg> {
        return ManagerMsg { TenantGaveUpMsg { failure.name, failure.error } };
    };
    spec.supervision.type = rt::SupervisionType::OneForOne;
    spec.supervision.backoff = rt::Backoff { 1000, 30000, 2.0, 0.0 };
    spec.maxInbox = 1 << 16;
    return spec;
}

} // namespace cd::live
