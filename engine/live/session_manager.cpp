#include "engine/live/session_manager.h"

#include "engine/live/platform_core.h"

#include "engine/runtime/task.h"

#include <utility>
#include <vector>

namespace cd::live {

namespace {

struct Expiry {
    std::string tenantId;
    std::string sessionId;
    rt::Future<CommandResult> reply;
};

rt::Task<SweepSummary> sweep(PlatformCore* core)
{
    const std::int64_t now = core->clock().now().monoMs;
    const std::int64_t timeout = core->options().sessionTimeoutMs;
    SweepSummary summary;
    std::vector<Expiry> expiries;
    for (const auto& record : core->tenants()) {
        for (const auto& session : record->sessions->deref()) {
            ++summary.checked;
            if (now - session.lastSeenMono < timeout || record->gaveUp)
                continue;
            const std::string sid = session.sessionId;
            const auto build = [sid](rt::Reply<CommandResult> r) {
                return TenantMsg { EndSessionMsg { sid, true, std::move(r) } };
            };
            expiries.push_back({ record->tenantId, sid, record->ref.ask<CommandResult>(build, 0) });
        }
    }
    for (auto& e : expiries) {
        try {
            const CommandResult r = co_await e.reply;
            if (r.accepted) {
                ++summary.expired;
                ++core->counters.sessionsExpired;
            }
            forgetSession(*core, e.tenantId, e.sessionId);
        } catch (...) {
            // Outcome unknown: keep it; the next sweep settles it.
        }
    }
    co_return summary;
}

} // namespace

rt::Future<SweepSummary> startSweep(PlatformCore& core)
{
    return rt::start(core.executor(), sweep(&core));
}

void trackSession(PlatformCore& core, const std::string& tenantId, std::string sessionId, std::string userId)
{
    TenantRecord* record = core.find(tenantId);
    if (!record)
        return;
    const rt::Instant now = core.clock().now();
    record->sessions->swap([&sessionId, &userId, now](const SessionList& list) {
        SessionList next = list;
        next.push_back(LiveSession { std::move(sessionId), std::move(userId), now.monoMs, now.wallMs, now.wallMs });
        return next;
    });
}

void forgetSession(PlatformCore& core, const std::string& tenantId, const std::string& sessionId)
{
    TenantRecord* record = core.find(tenantId);
    if (!record)
        return;
    record->sessions->swap([&sessionId](const SessionList& list) {
        SessionList next;
        next.reserve(list.size());
        for (const auto& s : list) {
            if (s.sessionId != sessionId)
                next.push_back(s);
        }
        return next;
    });
}

bool touchSession(PlatformCore& core, const std::string& tenantId, const std::string& sessionId)
{
    TenantRecord* record = core.find(tenantId);
    if (!record)
        return false;
    bool found = false;
    const rt::Instant now = core.clock().now();
    record->sessions->swap([&sessionId, &found, now](const SessionList& list) {
        SessionList next = list;
        for (auto& s : next) {
            if (s.sessionId == sessionId) {
                s.lastSeenMono = now.monoMs;
                s.lastSeenWallMs = now.wallMs;
                found = true;
            }
        }
        return next;
    });
    return found;
}

rt::ProcessSpec<SessionMsg, SessionManagerState> makeSessionSpec(PlatformCore& core)
{
    PlatformCore* c = &core;
    rt::ProcessSpec<SessionMsg, SessionManagerState> spec;
    spec.name = "session-manager";
    spec.init = [c](rt::Tools<SessionMsg>& tools) {
        tools.schedule(c->options().sessionSweepMs, SessionMsg { SweepTickMsg {} });
        return SessionManagerState {};
    };
    spec.handle = [c](SessionManagerState&& state, SessionMsg&& msg, rt::Tools<SessionMsg>& tools) {
        if (std::holds_alternative<SweepTickMsg>(msg)) {
            tools.schedule(c->options().sessionSweepMs, SessionMsg { SweepTickMsg {} });
            startSweep(*c);
        } else if (auto* now = std::get_if<SweepNowMsg>(&msg)) {
            auto done = startSweep(*c);
            done.then([done, reply = std::move(now->reply)] { reply(done.value()); });
        }
        return std::move(state);
    };
    spec.supervision.type = rt::SupervisionType::OneForOne;
    spec.supervision.backoff = rt::Backoff { 1000, 30000, 2.0, 0.0 };
    return spec;
}

} // namespace cd::live
