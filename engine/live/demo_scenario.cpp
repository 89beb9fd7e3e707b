#include "engine/live/demo_scenario.h"

#include "engine/live/platform_api.h"
#include "engine/live/platform_core.h"

#include "engine/platform/json_writer.h"
#include "engine/platform/platform_state.h"
#include "engine/platform/state_json.h"
#include "engine/runtime/clock.h"

#include <cstdio>
#include <set>
#include <utility>
#include <vector>

namespace cd::live {

namespace {

constexpr std::int64_t TickMs = 10 * MsPerMinute;

struct Session {
    std::string id;
    std::int64_t endAtMono = -1; // disconnects then; -1: never (it goes stale)
    std::int64_t staleAtMono = -1; // stops heartbeating after this; -1: never
};

struct TenantModel {
    std::string id;
    std::string names; // prefix of its user and session ids ("0001", "0001-r42")
    bool adopt = false; // existed before this run: read its users first
    std::int64_t index = 0;
    std::uint64_t rng = 0;
    std::int64_t createAtMono = 0;
    bool created = false;
    bool creating = false;
    platform::Plan plan = platform::Plan::Starter;
    std::int64_t nextUser = 1;
    std::int64_t nextSession = 1;
    std::vector<std::string> invited; // awaiting activation
    std::vector<std::string> active;
    std::vector<Session> sessions; // heartbeating
    std::int64_t users() const { return static_cast<std::int64_t>(invited.size() + active.size()); }

    double unit() { return unitFrom(splitMix64(rng)); }
    std::uint64_t below(std::uint64_t n) { return n == 0 ? 0 : splitMix64(rng) % n; }
};

enum class Op { Create, Invite, Activate, Remove, Usage, Plan, Reactivate, Connect, Disconnect };

struct Pending {
    Op op;
    TenantModel* tenant;
    std::string arg;
    std::string arg2;
    rt::Future<CommandResult> reply;
};

void eraseValue(std::vector<std::string>& v, const std::string& value)
{
    for (auto it = v.begin(); it != v.end(); ++it) {
        if (*it == value) {
            v.erase(it);
            return;
        }
    }
}

} // namespace

std::string demoTenantId(std::int64_t index)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "t-%04lld", static_cast<long long>(index + 1));
    return buf;
}

bool demoAlwaysDeclines(const DemoOptions& options, std::int64_t index)
{
    return options.alwaysDeclineEvery > 0 && index % options.alwaysDeclineEvery == options.alwaysDeclineEvery / 2;
}

struct DemoScenario::Model {
    std::vector<TenantModel> tenants;
    std::vector<Pending> pending;
};

DemoScenario::DemoScenario(PlatformApi& api, rt::Clock& clock, DemoOptions options)
    : m_api(api)
    , m_clock(clock)
    , m_options(options)
    , m_model(std::make_unique<Model>())
{
    // On a continued journal the existing tenants keep their names and are
    // driven on; their new users and sessions carry "r<first new sequence>"
    // so they never reuse an id of the earlier run.
    std::set<std::string, std::less<>> existing;
    const auto resumed = m_api.resumedFrom();
    const std::string tag = resumed ? "-r" + std::to_string(resumed->lastSequence + 1) : std::string();
    for (const auto& row : m_api.listTenants()) {
        TenantModel t;
        t.id = row.tenantId;
        t.names = (t.id.size() > 2 ? t.id.substr(2) : t.id) + tag;
        t.adopt = true;
        t.created = true;
        t.index = static_cast<std::int64_t>(m_model->tenants.size());
        t.rng = (m_options.seed ^ 0xA5A5'0000'5A5AULL) * 0x9E3779B97F4A7C15ULL
            + static_cast<std::uint64_t>(resumed ? resumed->lastSequence + 1 : 0) * 0xD6E8FEB86659FD93ULL
            + static_cast<std::uint64_t>(t.index);
        t.plan = platform::planFromName(row.plan).value_or(platform::Plan::Starter);
        existing.insert(t.id);
        m_model->tenants.push_back(std::move(t));
    }
    const std::int64_t n = std::max<std::int64_t>(0, m_options.tenants);
    const std::int64_t spread
        = std::max<std::int64_t>(1, std::min(m_options.createSpreadDays, m_options.days)) * MsPerDay;
    const std::int64_t start = clock.now().monoMs;
    // New tenants get fresh names: the first demo ids no tenant has.
    std::int64_t nameIndex = 0;
    for (std::int64_t i = 0; i < n; ++i, ++nameIndex) {
        while (existing.count(demoTenantId(nameIndex)) != 0)
            ++nameIndex;
        TenantModel t;
        t.id = demoTenantId(nameIndex);
        t.names = t.id.substr(2);
        t.index = nameIndex;
        t.rng = m_options.seed * 0x9E3779B97F4A7C15ULL + static_cast<std::uint64_t>(nameIndex) * 0xD6E8FEB86659FD93ULL;
        t.createAtMono = start + spread * i / std::max<std::int64_t>(1, n);
        const double p = t.unit();
        t.plan = p < 0.6 ? platform::Plan::Starter : p < 0.9 ? platform::Plan::Pro : platform::Plan::Enterprise;
        m_model->tenants.push_back(std::move(t));
    }
}

DemoScenario::~DemoScenario() = default;

rt::Task<void> DemoScenario::adopt()
{
    for (auto& t : m_model->tenants) {
        if (!t.adopt)
            continue;
        t.adopt = false;
        try {
            const auto asked = m_api.tenantState(t.id);
            const TenantSnapshot snapshot = co_await asked;
            const auto& pool = m_api.pool();
            t.plan = snapshot.state.plan;
            for (const auto& u : snapshot.state.users) {
                auto& list = u.status == platform::UserStatus::Active ? t.active : t.invited;
                list.emplace_back(pool.view(u.userId));
            }
        } catch (...) {
            ++m_failed; // its process failed for good: driven without known users
        }
    }
}

rt::Task<void> DemoScenario::run()
{
    co_await adopt();
    const std::int64_t start = m_clock.now().monoMs;
    const std::int64_t end = start + m_options.days * MsPerDay;
    for (std::int64_t now = start; now < end; now += TickMs) {
        if (m_clock.now().monoMs < now) {
            const auto wait = m_clock.sleep(now - m_clock.now().monoMs);
            co_await wait;
        }
        heartbeats();
        // The hour of the day by the wall clock (a continued run may start
        // at any time of day).
        if ((now - start) % MsPerHour == 0)
            co_await hour((m_clock.now().wallMs / MsPerHour) % 24);
    }
    if (m_clock.now().monoMs < end) {
        const auto wait = m_clock.sleep(end - m_clock.now().monoMs);
        co_await wait;
    }
}

void DemoScenario::heartbeats()
{
    const std::int64_t now = m_clock.now().monoMs;
    for (auto& t : m_model->tenants) {
        for (std::size_t i = 0; i < t.sessions.size();) {
            Session& s = t.sessions[i];
            if (s.staleAtMono >= 0 && now > s.staleAtMono) {
                // Gone stale: no more heartbeats; the session manager expires it.
                t.sessions.erase(t.sessions.begin() + static_cast<std::ptrdiff_t>(i));
                continue;
            }
            if (s.endAtMono >= 0 && now >= s.endAtMono) {
                ++m_commands;
                m_model->pending.push_back({ Op::Disconnect, &t, s.id, {}, m_api.disconnectSession(t.id, s.id) });
                t.sessions.erase(t.sessions.begin() + static_cast<std::ptrdiff_t>(i));
                continue;
            }
            if (!m_api.heartbeat(t.id, s.id)) {
                // Expired meanwhile (a crash delayed its heartbeat past the timeout).
                t.sessions.erase(t.sessions.begin() + static_cast<std::ptrdiff_t>(i));
                continue;
            }
            ++i;
        }
    }
}

rt::Task<void> DemoScenario::hour(std::int64_t hourOfDay)
{
    const std::int64_t now = m_clock.now().monoMs;
    // Activity happens in the working day (8:00-19:59); the night is quiet
    // but for tenant creation and billing (the billing service, at 0:00).
    const bool working = hourOfDay >= 8 && hourOfDay < 20;
    std::vector<std::string> suspended;
    for (const auto& row : m_api.listTenants()) {
        if (row.status == "suspended")
            suspended.push_back(row.tenantId);
    }
    auto& pending = m_model->pending;
    auto issue
        = [this, &pending](Op op, TenantModel& t, std::string arg, std::string arg2, rt::Future<CommandResult> reply) {
              ++m_commands;
              pending.push_back({ op, &t, std::move(arg), std::move(arg2), std::move(reply) });
          };
    std::vector<std::pair<TenantModel*, rt::Future<CreateTenantResult>>> creations;
    for (auto& t : m_model->tenants) {
        if (!t.created) {
            if (!t.creating && now >= t.createAtMono) {
                t.creating = true;
                ++m_commands;
                creations.emplace_back(&t, m_api.createTenant(t.id, t.plan, "owner-" + t.id));
            }
            continue;
        }
        if (!working)
            continue;
        if (std::binary_search(suspended.begin(), suspended.end(), t.id)) {
            // The operator reactivates a suspended tenant after a few hours.
            if (t.unit() < 0.15)
                issue(Op::Reactivate, t, {}, {}, m_api.reactivateTenant(t.id));
            continue;
        }
        const std::int64_t limit = platform::planInfo(t.plan).users;
        for (const auto& u : t.invited) {
            if (t.unit() < 0.8)
                issue(Op::Activate, t, u, {}, m_api.activateUser(t.id, u));
        }
        const double inviteRate = t.users() < limit ? 0.06 : 0.01; // sometimes past the limit
        if (t.unit() < inviteRate) {
            std::string user = "u-" + t.names + "-" + std::to_string(t.nextUser++);
            std::string email = user + "@" + t.id + ".example.com";
            issue(Op::Invite, t, user, {}, m_api.inviteUser(t.id, user, email, platform::Role::User));
        }
        if (t.active.size() > 1 && t.unit() < 0.004) {
            const std::string user = t.active[1 + t.below(t.active.size() - 1)];
            issue(Op::Remove, t, user, {}, m_api.removeUser(t.id, user));
        }
        if (!t.active.empty()) {
            const std::int64_t calls = platform::planInfo(t.plan).apiCalls;
            const auto n = t.below(6);
            for (std::uint64_t k = 0; k < n; ++k) {
                const std::string& user = t.active[t.below(t.active.size())];
                const auto amount = static_cast<double>(1 + t.below(static_cast<std::uint64_t>(calls / 30)));
                issue(Op::Usage, t, {}, {}, m_api.recordUsage(t.id, user, "api_calls", amount));
            }
            if (t.unit() < 0.05) {
                const std::string& user = t.active[t.below(t.active.size())];
                const auto amount = static_cast<double>(1 + t.below(5));
                issue(Op::Usage, t, {}, {}, m_api.recordUsage(t.id, user, "storage_mb", amount));
            }
            if (hourOfDay < 19 && t.unit() < 0.3) {
                const std::string& user = t.active[t.below(t.active.size())];
                std::string sid = "s-" + t.names + "-" + std::to_string(t.nextSession++);
                // Sessions end on the hour, before 19:00; some go stale after
                // their heartbeat at :30 and the 30-minute sweep expires them
                // at the next hour.
                const auto hours = std::min<std::int64_t>(19 - hourOfDay, 1 + static_cast<std::int64_t>(t.below(4)));
                const bool stale = t.unit() < 0.3;
                const std::int64_t endAt = stale ? -1 : now + hours * MsPerHour;
                const std::int64_t staleAt = stale ? now + 30 * MsPerMinute : -1;
                issue(Op::Connect, t, sid, std::to_string(endAt) + "/" + std::to_string(staleAt),
                    m_api.connectSession(t.id, sid, user));
            }
        }
        if (t.unit() < 0.003) {
            const auto to
                = static_cast<platform::Plan>((static_cast<int>(t.plan) + 1 + static_cast<int>(t.below(2))) % 3);
            issue(Op::Plan, t, std::string(platform::planName(to)), {}, m_api.changePlan(t.id, to));
        }
    }

    for (auto& [t, future] : creations) {
        try {
            const CreateTenantResult r = co_await future;
            t->created = r.result.accepted;
        } catch (...) {
            ++m_failed;
        }
        if (t->created) {
            std::string owner = "owner-" + t->id;
            issue(Op::Invite, *t, owner, {},
                m_api.inviteUser(t->id, owner, owner + "@" + t->id + ".example.com", platform::Role::Admin));
        }
    }
    std::vector<Pending> batch;
    batch.swap(pending);
    for (auto& p : batch) {
        CommandResult r;
        try {
            r = co_await p.reply;
        } catch (...) {
            ++m_failed; // outcome unknown (the process crashed on it): not retried
            continue;
        }
        TenantModel& t = *p.tenant;
        switch (p.op) {
        case Op::Invite:
            if (r.accepted)
                t.invited.push_back(p.arg);
            break;
        case Op::Activate:
            if (r.accepted) {
                eraseValue(t.invited, p.arg);
                t.active.push_back(p.arg);
            }
            break;
        case Op::Remove:
            if (r.accepted)
                eraseValue(t.active, p.arg);
            break;
        case Op::Plan:
            if (r.accepted)
                t.plan = *platform::planFromName(p.arg);
            break;
        case Op::Connect: {
            const auto slash = p.arg2.find('/');
            if (r.accepted)
                t.sessions.push_back(
                    { p.arg, std::stoll(p.arg2.substr(0, slash)), std::stoll(p.arg2.substr(slash + 1)) });
            break;
        }
        case Op::Create:
        case Op::Usage:
        case Op::Reactivate:
        case Op::Disconnect:
            break;
        }
    }
}

rt::Task<std::string> DemoScenario::collectLiveState()
{
    for (int round = 0;; ++round) {
        const auto before = m_api.counters().entriesAppended;
        for (const auto& row : m_api.listTenants()) {
            if (row.processStatus == "failed")
                m_api.restartTenant(row.tenantId);
        }
        std::vector<rt::Future<TenantSnapshot>> asks;
        for (const auto& row : m_api.listTenants())
            asks.push_back(m_api.tenantState(row.tenantId));
        platform::PlatformState state;
        bool complete = true;
        for (auto& f : asks) {
            try {
                const TenantSnapshot s = co_await f;
                state.addTenant(s.state);
            } catch (...) {
                complete = false; // crashed on the question: ask again
            }
        }
        const auto flushed = m_api.flush();
        co_await flushed;
        const PlatformCounters c = m_api.counters();
        if (complete && c.entriesAppended == before && c.entriesCommitted == before) {
            std::string out;
            platform::JsonWriter writer(out);
            std::optional<std::int64_t> sequence;
            std::optional<std::int64_t> wallMs;
            if (c.lastSequence >= 0) {
                sequence = c.lastSequence;
                wallMs = c.lastWallMs;
            }
            platform::writePlatformStateJson(writer, state, m_api.pool(), sequence, wallMs);
            co_return out;
        }
        if (round >= 1000)
            throw std::runtime_error("live state: the platform did not settle");
        const auto wait = m_clock.sleep(1000);
        co_await wait;
    }
}

} // namespace cd::live
