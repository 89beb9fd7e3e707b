#pragma once

// Shared set-up for the live platform tests: an engine on a ControlledClock,
// a platform writing a journal in a temporary directory, and helpers that
// drive the clock until a future settles and read the journal back.
#include "engine/live/platform_api.h"
#include "engine/platform/fold.h"
#include "engine/platform/json_writer.h"
#include "engine/platform/payment_gateway.h"
#include "engine/platform/platform_state.h"
#include "engine/platform/state_json.h"
#include "engine/platform/string_pool.h"
#include "engine/runtime/controlled_clock.h"
#include "engine/runtime/executor.h"
#include "engine/store/sqlite_journal_cursor.h"
#include "engine/store/sqlite_journal_reader.h"

#include <QTemporaryDir>
#include <QTest>

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cd::live::test {

// A gateway that answers from a script (then approves), counting calls.
class ScriptedGateway final : public platform::PaymentGateway {
public:
    std::deque<platform::ChargeOutcome> script;
    std::vector<std::string> calls; // "tenant/cycle"
    platform::ChargeOutcome charge(std::string_view tenantId, std::string_view cycleId, std::int64_t) override
    {
        calls.push_back(std::string(tenantId) + "/" + std::string(cycleId));
        if (script.empty())
            return platform::ChargeOutcome::approved();
        auto next = script.front();
        script.pop_front();
        return next;
    }
};

struct JournalRow {
    std::int64_t sequence = 0;
    std::string id;
    std::int64_t wallMs = 0;
    std::string data;
};

// Every committed row of the journal at path, in sequence order, read with
// a separate connection.
inline std::vector<JournalRow> readRows(const std::string& path)
{
    std::vector<JournalRow> out;
    std::string error;
    store::ReaderOptions ro;
    ro.immutableWhenPossible = false; // the platform may still be writing it
    auto reader = store::SqliteJournalReader::open(path, error, ro);
    if (!reader)
        qFatal("%s", error.c_str());
    auto cursor = reader->scan({}, error, true);
    platform::Entry e;
    std::string reason;
    while (cursor->next(e, reason) == store::SqliteJournalCursor::Status::Entry)
        out.push_back({ e.sequence, e.id, e.wallMs, e.data });
    return out;
}

class LiveFixture {
public:
    explicit LiveFixture(PlatformOptions options = {}, std::shared_ptr<platform::PaymentGateway> gateway = nullptr)
        : clock(executor, 0)
    {
        clock.jumpWallTime(1767225600000);
        if (!gateway)
            gateway = scripted = std::make_shared<ScriptedGateway>();
        options.journalPath = path();
        std::string error;
        api = PlatformApi::create(executor, clock, options, gateway, error);
        if (!api)
            qFatal("cannot create platform: %s", error.c_str());
    }

    std::string path() const { return dir.filePath(QStringLiteral("journal.sqlite")).toStdString(); }

    // Runs ready work, then steps timer by timer (bounded) until f settles.
    template <typename T>
    const rt::Future<T>& settle(const rt::Future<T>& f, int maxTimers = 100000)
    {
        clock.flush();
        for (int i = 0; i < maxTimers && !f.settled(); ++i) {
            clock.tick();
            clock.flush();
        }
        return f;
    }
    template <typename T>
    T await(const rt::Future<T>& f)
    {
        settle(f);
        if (!f.settled())
            qFatal("future did not settle");
        return f.value();
    }

    std::string create(const std::string& id, platform::Plan plan = platform::Plan::Starter)
    {
        return await(api->createTenant(id, plan, "owner-" + id)).tenantId;
    }
    // An active user.
    void user(const std::string& tenant, const std::string& userId)
    {
        await(api->inviteUser(tenant, userId, userId + "@x.test", platform::Role::User));
        await(api->activateUser(tenant, userId));
    }

    // Every committed row, read back with a separate connection.
    std::vector<JournalRow> rows() { return readRows(path()); }

    // The fold of the whole journal (as `state` computes it).
    platform::PlatformState replay(platform::StringPool& pool)
    {
        platform::PlatformState state;
        std::string error;
        store::ReaderOptions ro;
        ro.immutableWhenPossible = false;
        auto reader = store::SqliteJournalReader::open(path(), error, ro);
        auto cursor = reader->scan({}, error, true);
        platform::Entry e;
        platform::Event ev;
        std::string reason;
        while (cursor->next(e, reason, &ev, &pool) == store::SqliteJournalCursor::Status::Entry)
            platform::apply(state, ev, e.wallMs);
        return state;
    }

    std::string tenantJson(const std::string& tenant) { return await(api->tenantState(tenant)).json; }

    QTemporaryDir dir;
    rt::Executor executor;
    rt::ControlledClock clock;
    std::shared_ptr<ScriptedGateway> scripted;
    std::unique_ptr<PlatformApi> api;
};

// The type names of rows, in order.
inline std::vector<std::string> typesOf(const std::vector<JournalRow>& rows)
{
    std::vector<std::string> out;
    for (const auto& r : rows) {
        const auto p = r.data.find("\"type\":\"");
        const auto q = r.data.find('"', p + 8);
        out.push_back(r.data.substr(p + 8, q - p - 8));
    }
    return out;
}

// The process called name in a process tree, or nullptr.
inline const rt::ProcessInfo* findProcess(const std::vector<rt::ProcessInfo>& tree, const std::string& name)
{
    for (const auto& p : tree) {
        if (p.name == name)
            return &p;
    }
    return nullptr;
}

// The platform state JSON of a full replay of the journal at path.
inline std::string replayStateJson(const std::string& path)
{
    platform::StringPool pool;
    platform::PlatformState state;
    std::string error;
    auto reader = store::SqliteJournalReader::open(path, error);
    auto cursor = reader->scan({}, error, true);
    platform::Entry e;
    platform::Event ev;
    std::string reason;
    std::optional<std::int64_t> seq;
    std::optional<std::int64_t> wall;
    while (cursor->next(e, reason, &ev, &pool) == store::SqliteJournalCursor::Status::Entry) {
        platform::apply(state, ev, e.wallMs);
        seq = e.sequence;
        wall = e.wallMs;
    }
    std::string out;
    platform::JsonWriter w(out);
    platform::writePlatformStateJson(w, state, pool, seq, wall);
    return out;
}

} // namespace cd::live::test
