// Supervision and fault injection: a crashed tenant process restarts and
// rebuilds the same state from the journal; the restart budget (5 in 60 s)
// gives up and the platform reports it; crashes never lose or double an
// acknowledged event; and the demo is deterministic from its seed, with a
// live state equal to the replay of its journal.
#include "live_fixture.h"

#include "engine/live/demo_runner.h"
#include "engine/platform/json_writer.h"
#include "engine/platform/state_json.h"

#include <map>
#include <set>

using namespace cd;
using namespace cd::live;
using namespace cd::live::test;

class TestLiveSupervision : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void crashRestartsAndRebuildsTheSameState();
    void restartBudgetGivesUpAndIsReported();
    void crashesNeverLoseOrDoubleAcknowledgedEvents();
    void sameSeedWritesTheSameJournal();
    void demoLiveStateEqualsReplay();
};

void TestLiveSupervision::crashRestartsAndRebuildsTheSameState()
{
    LiveFixture f;
    f.create("t-1", platform::Plan::Pro);
    f.user("t-1", "u-1");
    f.await(f.api->recordUsage("t-1", "u-1", "api_calls", 42));
    f.await(f.api->connectSession("t-1", "s-1", "u-1"));
    const std::string before = f.tenantJson("t-1");

    QVERIFY(f.api->crashTenant("t-1"));
    auto crashed = f.api->recordUsage("t-1", "u-1", "api_calls", 1);
    f.clock.flush();
    QVERIFY(crashed.settled());
    QVERIFY(crashed.hasError()); // outcome reported as unknown; nothing was appended
    auto tree = f.api->processTree();
    const auto* p = findProcess(tree, "tenant:t-1");
    QVERIFY(p);
    QCOMPARE(p->status, rt::ProcessStatus::Failed);
    QVERIFY(p->restartPending);
    QVERIFY(p->lastError.find("injected crash") != std::string::npos);
    QCOMPARE(f.api->listTenants()[0].processStatus, std::string("restarting"));

    f.clock.runUntil(f.clock.now().monoMs + 1000); // backoff 1 s
    QCOMPARE(f.tenantJson("t-1"), before);
    tree = f.api->processTree();
    p = findProcess(tree, "tenant:t-1");
    QCOMPARE(p->status, rt::ProcessStatus::Running);
    QCOMPARE(p->restarts, std::int64_t(1));
    QCOMPARE(f.api->counters().restarts, std::uint64_t(1));
    // And it goes on from there.
    QVERIFY(f.await(f.api->recordUsage("t-1", "u-1", "api_calls", 8)).accepted);
    QVERIFY(f.tenantJson("t-1").find("\"api_calls\":50") != std::string::npos);
}

void TestLiveSupervision::restartBudgetGivesUpAndIsReported()
{
    LiveFixture f;
    f.create("t-1");
    f.create("t-2");
    f.user("t-1", "u-1");
    const std::string before = f.tenantJson("t-1");
    const std::int64_t delays[] = { 1000, 2000, 4000, 8000, 16000 };
    for (int i = 0; i < 5; ++i) {
        QVERIFY(f.api->crashTenant("t-1"));
        auto r = f.api->activateUser("t-1", "u-1");
        f.clock.flush();
        QVERIFY(r.hasError());
        f.clock.runUntil(f.clock.now().monoMs + delays[i]);
        QCOMPARE(f.api->listTenants()[0].processStatus, std::string("running"));
    }
    // The sixth failure within 60 s: the supervisor gives up.
    QVERIFY(f.api->crashTenant("t-1"));
    auto r = f.api->activateUser("t-1", "u-1");
    f.clock.flush();
    QVERIFY(r.hasError());
    f.clock.runUntil(f.clock.now().monoMs + 60000);
    QCOMPARE(f.api->listTenants()[0].processStatus, std::string("failed"));
    QCOMPARE(f.api->listTenants()[1].processStatus, std::string("running"));
    QCOMPARE(f.api->counters().tenantsFailed, std::uint64_t(1));
    const auto tree = f.api->processTree();
    const auto* p = findProcess(tree, "tenant:t-1");
    QCOMPARE(p->status, rt::ProcessStatus::Failed);
    QVERIFY(!p->restartPending);
    QCOMPARE(p->restarts, std::int64_t(5));
    QVERIFY(!f.api->crashTenant("t-1"));
    auto refused = f.api->inviteUser("t-1", "u-2", "e", platform::Role::User);
    f.clock.flush();
    QVERIFY(refused.hasError());
    // The operator starts it again; its state comes back from the journal.
    QVERIFY(f.api->restartTenant("t-1"));
    f.clock.runUntil(f.clock.now().monoMs + 1);
    QCOMPARE(f.api->listTenants()[0].processStatus, std::string("running"));
    QCOMPARE(f.tenantJson("t-1"), before);
}

void TestLiveSupervision::crashesNeverLoseOrDoubleAcknowledgedEvents()
{
    PlatformOptions o;
    o.crashRate = 0.3;
    o.seed = 11;
    LiveFixture f(o);
    const std::vector<std::string> tenants = { "t-1", "t-2", "t-3" };
    for (const auto& t : tenants) {
        // Creation goes through the manager (no crash injection there).
        f.create(t, platform::Plan::Enterprise);
    }
    std::map<std::int64_t, std::string> acknowledged; // sequence -> tenant
    int unknown = 0;
    for (int round = 0; round < 60; ++round) {
        std::vector<std::pair<std::string, rt::Future<CommandResult>>> replies;
        for (const auto& t : tenants)
            replies.emplace_back(t, f.api->recordUsage(t, "u-" + t, "api_calls", 1));
        for (auto& [t, r] : replies) {
            f.settle(r);
            if (r.hasError()) {
                ++unknown;
                continue;
            }
            QVERIFY(r.value().accepted);
            QVERIFY(acknowledged.emplace(r.value().firstSequence, t).second);
        }
        // One round a minute keeps each tenant inside its restart budget.
        f.clock.runUntil(f.clock.now().monoMs + 61000);
    }
    QVERIFY(unknown > 0);
    QVERIFY(f.api->counters().restarts > 0);
    QCOMPARE(f.api->counters().tenantsFailed, std::uint64_t(0));

    const auto rows = f.rows();
    std::set<std::string> ids;
    std::map<std::string, int> usedPerTenant;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        QCOMPARE(rows[i].sequence, static_cast<std::int64_t>(i)); // gapless
        QVERIFY(ids.insert(rows[i].id).second); // unique
        if (rows[i].data.find("feature.used") != std::string::npos) {
            const auto t = rows[i].data.substr(rows[i].data.find("\"tenantId\":\"") + 12, 3);
            ++usedPerTenant[t];
        }
    }
    // Every acknowledged event is there, once, for its tenant.
    for (const auto& [seq, tenant] : acknowledged) {
        QVERIFY(seq < static_cast<std::int64_t>(rows.size()));
        QVERIFY(rows[static_cast<std::size_t>(seq)].data.find("\"tenantId\":\"" + tenant + "\"") != std::string::npos);
        QVERIFY(rows[static_cast<std::size_t>(seq)].data.find("feature.used") != std::string::npos);
    }
    int used = 0;
    for (const auto& [t, n] : usedPerTenant)
        used += n;
    QVERIFY(used >= static_cast<int>(acknowledged.size()));
    QVERIFY(used <= static_cast<int>(acknowledged.size()) + unknown);
    // The live state (after all the restarts) is the journal's.
    platform::StringPool pool;
    const auto replayed = f.replay(pool);
    for (const auto& t : tenants) {
        TenantSnapshot s;
        for (int attempt = 0; attempt < 20; ++attempt) { // a state question may crash too: ask again
            try {
                s = f.await(f.api->tenantState(t));
                break;
            } catch (const std::exception&) {
                f.clock.runUntil(f.clock.now().monoMs + 61000);
            }
        }
        std::string expected;
        platform::JsonWriter w(expected);
        platform::writeTenantJson(w, *replayed.find(pool.find(t)), pool);
        QCOMPARE(s.json, expected);
        QVERIFY(s.json.find("\"api_calls\":" + std::to_string(usedPerTenant[t])) != std::string::npos);
    }
}

void TestLiveSupervision::sameSeedWritesTheSameJournal()
{
    QTemporaryDir dir;
    DemoOptions o;
    o.seed = 3;
    o.tenants = 6;
    o.days = 3;
    o.crashRate = 0.05;
    std::vector<std::vector<JournalRow>> runs;
    for (const char* name : { "a.sqlite", "b.sqlite" }) {
        DemoResult result;
        std::string error;
        const std::string path = dir.filePath(QString::fromLatin1(name)).toStdString();
        QVERIFY2(runDemo(o, path, false, result, error), error.c_str());
        QVERIFY(result.entries > 100);
        runs.push_back(readRows(path));
    }
    QCOMPARE(runs[0].size(), runs[1].size());
    for (std::size_t i = 0; i < runs[0].size(); ++i) {
        QCOMPARE(runs[0][i].id, runs[1][i].id);
        QCOMPARE(runs[0][i].wallMs, runs[1][i].wallMs);
        QCOMPARE(runs[0][i].data, runs[1][i].data);
    }
    o.seed = 4;
    DemoResult other;
    std::string error;
    const std::string path = dir.filePath(QStringLiteral("c.sqlite")).toStdString();
    QVERIFY(runDemo(o, path, false, other, error));
    const auto rows = readRows(path);
    QVERIFY(rows.size() != runs[0].size() || rows[0].id != runs[0][0].id);
}

void TestLiveSupervision::demoLiveStateEqualsReplay()
{
    QTemporaryDir dir;
    DemoOptions o;
    o.seed = 5;
    o.tenants = 8;
    o.days = 4;
    o.crashRate = 0.02;
    o.declineRate = 0.3;
    DemoResult result;
    std::string error;
    const std::string path = dir.filePath(QStringLiteral("demo.sqlite")).toStdString();
    QVERIFY2(runDemo(o, path, true, result, error), error.c_str());
    QVERIFY(result.restarts > 0);
    QCOMPARE(result.tenants, 8);
    QCOMPARE(result.liveStateJson, replayStateJson(path));
    QVERIFY(result.liveStateJson.find("\"suspended\"") != std::string::npos
        || result.liveStateJson.find("\"failedPayments\":1") != std::string::npos);
}

QTEST_GUILESS_MAIN(TestLiveSupervision)
#include "tst_live_supervision.moc"
