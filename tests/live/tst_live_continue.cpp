// Continuing a demo journal (PlatformApi::open): the tenants come back from
// the replay of their events, sequences and ids go on without gaps or
// repeats, sessions left connected are tracked again and expire, the demo
// scenario drives the opened platform on; a journal the demo did not write,
// a missing file, a newer format version and a clock before the journal's
// end are refused with the file named and its bytes untouched.
#include "live_fixture.h"

#include "engine/history/verifier.h"
#include "engine/live/demo_journal.h"
#include "engine/live/demo_runner.h"
#include "engine/platform/json_writer.h"
#include "engine/platform/state_json.h"
#include "engine/store/entry_source.h"
#include "engine/store/sqlite_db.h"
#include "engine/store/sqlite_journal_writer.h"

#include <QDir>
#include <QFile>

#include <sqlite3.h>

#include <map>
#include <set>

using namespace cd;
using namespace cd::live;
using namespace cd::live::test;

namespace {

constexpr std::int64_t StartWall = 1767225600000;

// An engine of its own (executor + controlled clock) around one platform.
struct Engine {
    Engine(std::int64_t mono, std::int64_t wall)
        : clock(executor, mono)
    {
        clock.jumpWallTime(wall);
    }
    template <typename T>
    const rt::Future<T>& settle(const rt::Future<T>& f)
    {
        clock.flush();
        for (int i = 0; i < 100000 && !f.settled(); ++i) {
            clock.tick();
            clock.flush();
        }
        if (!f.settled())
            qFatal("future did not settle");
        return f;
    }
    template <typename T>
    T await(const rt::Future<T>& f)
    {
        return settle(f).value();
    }
    void close()
    {
        auto stopped = api->shutdown();
        settle(stopped);
        QVERIFY(!stopped.hasError());
        api.reset();
    }
    std::string liveState()
    {
        DemoOptions none;
        none.tenants = 0;
        DemoScenario probe(*api, clock, none);
        return await(rt::start(executor, probe.collectLiveState()));
    }

    rt::Executor executor;
    rt::ControlledClock clock;
    std::shared_ptr<ScriptedGateway> gateway = std::make_shared<ScriptedGateway>();
    std::unique_ptr<PlatformApi> api;
};

history::VerifyReport verifyFile(const std::string& path)
{
    std::string error;
    store::SourceOptions options;
    options.checkOrder = false;
    auto source = store::openEntrySource(path, options, error);
    if (!source)
        qFatal("%s", error.c_str());
    history::VerifyReport report;
    if (!history::verifyJournal(*source, report, error))
        qFatal("%s", error.c_str());
    return report;
}

QStringList issues(const history::VerifyReport& report)
{
    QStringList out;
    for (const auto& list : { report.errors, report.warnings }) {
        for (const auto& i : list)
            out << QStringLiteral("%1 %2: %3")
                       .arg(i.sequence.value_or(-1))
                       .arg(QString::fromStdString(i.code), QString::fromStdString(i.message));
    }
    return out;
}

// Sequences 0..n-1 without a gap, and no id twice.
void checkContiguousAndUnique(const std::vector<JournalRow>& rows)
{
    std::set<std::string> ids;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        QCOMPARE(rows[i].sequence, std::int64_t(i));
        QVERIFY2(ids.insert(rows[i].id).second, rows[i].id.c_str());
    }
}

// Every file of a directory with its bytes.
std::map<QString, QByteArray> snapshotDir(const QString& dir)
{
    std::map<QString, QByteArray> out;
    for (const QString& name : QDir(dir).entryList(QDir::Files | QDir::Hidden)) {
        QFile f(dir + u'/' + name);
        if (f.open(QIODevice::ReadOnly))
            out[name] = f.readAll();
    }
    return out;
}

// A demo journal with two tenants, a session left connected, a billing run.
struct Written {
    std::vector<JournalRow> rows;
    std::string t1Json;
    std::int64_t s1ConnectedWall = 0;
    std::int64_t lastMono = 0;
};

Written writeDemoJournal(const std::string& path, std::uint64_t seed)
{
    Written out;
    Engine e(0, StartWall);
    PlatformOptions o;
    o.journalPath = path;
    o.seed = seed;
    std::string error;
    e.api = PlatformApi::create(e.executor, e.clock, o, e.gateway, error);
    if (!e.api)
        qFatal("%s", error.c_str());
    e.await(e.api->createTenant("t-1", platform::Plan::Pro, "owner-1"));
    e.await(e.api->createTenant("t-2", platform::Plan::Starter, "owner-2"));
    e.await(e.api->inviteUser("t-1", "u-1", "u-1@x.test", platform::Role::User));
    e.await(e.api->activateUser("t-1", "u-1"));
    e.clock.advanceBy(90 * 1000);
    e.await(e.api->recordUsage("t-1", "u-1", "api_calls", 40));
    out.s1ConnectedWall = e.clock.now().wallMs;
    e.await(e.api->connectSession("t-1", "s-1", "u-1"));
    e.await(e.api->connectSession("t-1", "s-2", "u-1"));
    e.await(e.api->disconnectSession("t-1", "s-2"));
    e.await(e.api->inviteUser("t-2", "u-2", "u-2@x.test", platform::Role::User));
    e.await(e.api->runBillingNow(std::string("t-1")));
    out.t1Json = e.await(e.api->tenantState("t-1")).json;
    out.lastMono = e.clock.now().monoMs;
    e.close();
    out.rows = readRows(path);
    return out;
}

} // namespace

class TestLiveContinue : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void entryIdsInvert();
    void continuesAClosedJournal();
    void continuesAKilledDemosJournal();
    void demoScenarioContinues_data();
    void demoScenarioContinues();
    void refused_data();
    void refused();
};

void TestLiveContinue::entryIdsInvert()
{
    for (std::uint64_t seed : { 0ULL, 1ULL, 7ULL, 0xFFFFFFFFFFFFFFFFULL }) {
        for (std::uint64_t counter : { 2ULL, 3ULL, 1000ULL, 123456789ULL }) {
            const std::string id = demoEntryId(seed, counter);
            QCOMPARE(id.size(), std::size_t(18));
            QCOMPARE(demoEntryCounter(seed, id), std::optional<std::uint64_t>(counter));
        }
    }
    // Another seed's id does not come back as a small counter.
    const auto other = demoEntryCounter(8, demoEntryId(7, 5));
    QVERIFY(other && *other > (std::uint64_t { 1 } << 40));
    QVERIFY(!demoEntryCounter(7, "e-12"));
    QVERIFY(!demoEntryCounter(7, "x-0123456789abcdef"));
    QVERIFY(!demoEntryCounter(7, "e-0123456789abcdeg"));
}

void TestLiveContinue::continuesAClosedJournal()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("demo.sqlite")).toStdString();
    const Written before = writeDemoJournal(path, 7);
    QVERIFY(before.rows.size() > 10);
    const std::int64_t lastWall = before.rows.back().wallMs;

    ResumePoint point;
    std::string error;
    QVERIFY2(PlatformApi::resumePoint(path, point, error), error.c_str());
    QCOMPARE(point.lastSequence, before.rows.back().sequence);
    QCOMPARE(point.entries, std::int64_t(before.rows.size()));
    QCOMPARE(point.lastWallMs, lastWall);
    QCOMPARE(point.tenants, std::int64_t(2));

    // The caller's clock starts where the journal ended (here 5 s later).
    Engine e(point.lastMonoMs + 5000, lastWall + 5000);
    const std::int64_t openWall = e.clock.now().wallMs;
    PlatformOptions o;
    o.journalPath = path;
    o.seed = 99; // crash draws and jitter only: the ids keep the file's seed
    o.journalId = "ignored";
    e.api = PlatformApi::open(e.executor, e.clock, o, e.gateway, error);
    QVERIFY2(e.api, error.c_str());
    QVERIFY(e.api->resumedFrom());
    QCOMPARE(e.api->resumedFrom()->lastSequence, point.lastSequence);
    QCOMPARE(e.api->journalId(), point.journalId);

    // Every tenant is back, its process rebuilt from the journal.
    const auto tenants = e.api->listTenants();
    QCOMPARE(tenants.size(), std::size_t(2));
    QCOMPARE(tenants[0].tenantId, std::string("t-1"));
    QCOMPARE(tenants[0].plan, std::string("pro"));
    QCOMPARE(tenants[1].tenantId, std::string("t-2"));
    QCOMPARE(e.await(e.api->tenantState("t-1")).json, before.t1Json);
    // The session left connected is tracked again, last seen at the open.
    const auto sessions = e.api->listSessions();
    QCOMPARE(sessions.size(), std::size_t(1));
    QCOMPARE(sessions[0].sessionId, std::string("s-1"));
    QCOMPARE(sessions[0].userId, std::string("u-1"));
    QCOMPARE(sessions[0].connectedAtWallMs, before.s1ConnectedWall);
    QCOMPARE(sessions[0].lastSeenWallMs, openWall);

    // More commands, on old and new tenants.
    const auto usage = e.await(e.api->recordUsage("t-1", "u-1", "api_calls", 2));
    QVERIFY(usage.accepted);
    QCOMPARE(*usage.usage, 2.0); // the successful payment reset the usage
    QCOMPARE(usage.firstSequence, point.lastSequence + 1);
    QVERIFY(!e.await(e.api->createTenant("t-1", platform::Plan::Starter, "o")).result.accepted);
    const auto created = e.await(e.api->createTenant("", platform::Plan::Starter, "owner-3"));
    QVERIFY(created.result.accepted);
    QCOMPARE(created.tenantId, std::string("t-3"));
    QVERIFY(e.await(e.api->inviteUser("t-2", "u-3", "u-3@x.test", platform::Role::User)).accepted);
    QVERIFY(!e.await(e.api->connectSession("t-1", "s-1", "u-1")).accepted); // still connected
    // A restart after the open rebuilds the same state from the file.
    const std::string t2 = e.await(e.api->tenantState("t-2")).json;
    QVERIFY(e.api->crashTenant("t-2"));
    auto crashed = e.api->tenantState("t-2");
    e.clock.flush();
    QVERIFY(crashed.hasError());
    e.clock.runUntil(e.clock.now().monoMs + 1000);
    QCOMPARE(e.await(e.api->tenantState("t-2")).json, t2);
    // Without heartbeats s-1 expires 30 minutes after the open.
    e.clock.runUntil(point.lastMonoMs + 5000 + 30 * MsPerMinute + 1);
    e.settle(e.api->flush());
    QVERIFY(e.api->listSessions().empty());
    QCOMPARE(e.api->counters().sessionsExpired, std::uint64_t(1));

    const std::string live = e.liveState();
    e.close();

    const auto rows = readRows(path);
    QVERIFY(rows.size() > before.rows.size() + 3);
    checkContiguousAndUnique(rows);
    // The old entries are untouched; the new ones continue the id counter.
    for (std::size_t i = 0; i < before.rows.size(); ++i) {
        QCOMPARE(rows[i].id, before.rows[i].id);
        QCOMPARE(rows[i].data, before.rows[i].data);
    }
    for (std::size_t i = 0; i < rows.size(); ++i)
        QCOMPARE(rows[i].id, demoEntryId(7, i + 2));
    QVERIFY(rows[before.rows.size()].wallMs >= lastWall);
    QCOMPARE(typesOf(rows).back(), std::string("session.expired"));
    QCOMPARE(live, replayStateJson(path));
    const auto report = verifyFile(path);
    QCOMPARE(report.entries, std::int64_t(rows.size()));
    QCOMPARE(issues(report), QStringList());
}

void TestLiveContinue::continuesAKilledDemosJournal()
{
    // A demo killed while running leaves its journal with a -wal beside it:
    // copied here while the platform runs (between commits).
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("live.sqlite")).toStdString();
    const std::string copy = dir.filePath(QStringLiteral("killed.sqlite")).toStdString();
    std::string liveBefore;
    {
        Engine e(0, StartWall);
        PlatformOptions o;
        o.journalPath = path;
        o.seed = 3;
        std::string error;
        e.api = PlatformApi::create(e.executor, e.clock, o, e.gateway, error);
        QVERIFY(e.api);
        e.await(e.api->createTenant("t-1", platform::Plan::Pro, "owner-1"));
        e.await(e.api->inviteUser("t-1", "u-1", "u-1@x.test", platform::Role::User));
        e.await(e.api->activateUser("t-1", "u-1"));
        e.await(e.api->connectSession("t-1", "s-1", "u-1"));
        liveBefore = e.liveState();
        for (const char* suffix : { "", "-wal" })
            QVERIFY(QFile::copy(QString::fromStdString(path + suffix), QString::fromStdString(copy + suffix)));
        e.close();
    }
    QVERIFY(QFile::exists(QString::fromStdString(copy + "-wal")));
    ResumePoint point;
    std::string error;
    QVERIFY2(PlatformApi::resumePoint(copy, point, error), error.c_str());
    QCOMPARE(point.entries, std::int64_t(4));
    Engine e(point.lastMonoMs, point.lastWallMs);
    PlatformOptions o;
    o.journalPath = copy;
    e.api = PlatformApi::open(e.executor, e.clock, o, e.gateway, error);
    QVERIFY2(e.api, error.c_str());
    QCOMPARE(e.api->listSessions().size(), std::size_t(1));
    QVERIFY(e.await(e.api->recordUsage("t-1", "u-1", "storage_mb", 3)).accepted);
    const std::string live = e.liveState();
    e.close();
    const auto rows = readRows(copy);
    QCOMPARE(rows.size(), std::size_t(5));
    checkContiguousAndUnique(rows);
    QCOMPARE(live, replayStateJson(copy));
    QVERIFY(live != liveBefore);
    QCOMPARE(issues(verifyFile(copy)), QStringList());
}

void TestLiveContinue::demoScenarioContinues_data()
{
    QTest::addColumn<int>("tenants");
    QTest::addColumn<int>("days");
    QTest::addColumn<double>("declineRate");
    QTest::newRow("3 tenants, 2 + 2 days") << 3 << 2 << 0.05;
    QTest::newRow("12 tenants, 6 + 6 days, many declines") << 12 << 6 << 0.4;
}

void TestLiveContinue::demoScenarioContinues()
{
    QFETCH(int, tenants);
    QFETCH(int, days);
    QFETCH(double, declineRate);
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("demo.sqlite")).toStdString();
    DemoOptions o;
    o.seed = 11;
    o.tenants = tenants;
    o.days = days;
    o.declineRate = declineRate;
    o.crashRate = 0.02;
    DemoResult first;
    std::string error;
    QVERIFY2(runDemo(o, path, false, first, error), error.c_str());
    const auto before = readRows(path);
    QCOMPARE(first.entries, std::int64_t(before.size()));

    o.tenants = 2; // new ones
    DemoResult second;
    QVERIFY2(continueDemo(o, path, true, second, error), error.c_str());
    QCOMPARE(second.tenants, std::int64_t(tenants + 2));
    const auto rows = readRows(path);
    QCOMPARE(second.entries, std::int64_t(rows.size()));
    QVERIFY(rows.size() > before.size());
    checkContiguousAndUnique(rows);
    for (std::size_t i = 0; i < before.size(); ++i)
        QCOMPARE(rows[i].id, before[i].id);
    // The existing tenants keep their names and go on; the new ones get fresh names.
    std::set<std::string> createdAfter;
    std::set<std::string> activeAfter;
    for (std::size_t i = before.size(); i < rows.size(); ++i) {
        const auto& d = rows[i].data;
        const auto p = d.find("\"tenantId\":\"");
        const std::string tenant = d.substr(p + 12, d.find('"', p + 12) - p - 12);
        activeAfter.insert(tenant);
        if (d.find("\"type\":\"tenant.created\"") != std::string::npos)
            createdAfter.insert(tenant);
    }
    QCOMPARE(createdAfter, (std::set<std::string> { demoTenantId(tenants), demoTenantId(tenants + 1) }));
    for (int i = 0; i < tenants; ++i)
        QVERIFY2(activeAfter.count(demoTenantId(i)), demoTenantId(i).c_str());
    QVERIFY(rows[before.size()].wallMs >= before.back().wallMs);
    QCOMPARE(second.liveStateJson, replayStateJson(path));
    const auto report = verifyFile(path);
    QCOMPARE(issues(report), QStringList()); // no errors, no rule warnings
}

void TestLiveContinue::refused_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("expected"); // after "PATH: "
    QTest::newRow("not written by the demo") << QStringLiteral(
        "foreign") << QStringLiteral("not a journal written by the Chronodesk demo; it is opened read-only");
    QTest::newRow("mark removed") << QStringLiteral(
        "unmarked") << QStringLiteral("not a journal written by the Chronodesk demo; it is opened read-only");
    QTest::newRow("missing file") << QStringLiteral("missing") << QStringLiteral("no such journal");
    QTest::newRow("newer format version") << QStringLiteral("newer") << QStringLiteral("newer format version 2");
    QTest::newRow("not SQLite") << QStringLiteral("text") << QStringLiteral("");
    QTest::newRow("clock before the end") << QStringLiteral("clock") << QStringLiteral("the clock (wall");
}

void TestLiveContinue::refused()
{
    QFETCH(QString, kind);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("journal.sqlite")).toStdString();
    std::int64_t clockWall = StartWall + 10 * MsPerDay;
    if (kind == QLatin1String("foreign")) {
        // A journal received from elsewhere (here: written by the store directly).
        store::WriterOptions wo;
        wo.meta.journalId = "prod-export";
        wo.meta.createdWallMs = StartWall;
        std::string error;
        auto writer = store::SqliteJournalWriter::create(path, wo, error);
        QVERIFY(writer);
        QVERIFY(writer->append({ platform::Entry { "e-1", 0, StartWall, 0,
                                   R"({"type":"tenant.created","tenantId":"t-1","plan":"pro","ownerId":"o"})" } },
            error));
        QVERIFY(writer->close(error));
    } else if (kind == QLatin1String("unmarked") || kind == QLatin1String("newer") || kind == QLatin1String("clock")) {
        const Written w = writeDemoJournal(path, 5);
        clockWall = kind == QLatin1String("clock") ? w.rows.back().wallMs - 1 : clockWall;
        store::SqliteDb db;
        std::string error;
        QVERIFY(db.open(path, SQLITE_OPEN_READWRITE, error));
        if (kind == QLatin1String("unmarked"))
            QVERIFY(db.exec("DROP TABLE chronodesk_demo", error));
        if (kind == QLatin1String("newer"))
            QVERIFY(db.exec("UPDATE journal_meta SET value = '2' WHERE key = 'format_version'", error));
    } else if (kind == QLatin1String("text")) {
        QFile f(QString::fromStdString(path));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArrayLiteral("{\"entries\":[]}\n"));
    }
    const auto files = snapshotDir(dir.path());

    Engine e(0, clockWall);
    PlatformOptions o;
    o.journalPath = path;
    std::string error;
    auto api = PlatformApi::open(e.executor, e.clock, o, e.gateway, error);
    QVERIFY(!api);
    QVERIFY2(error.rfind(path + ": " + expected.toStdString(), 0) == 0, error.c_str());
    ResumePoint point;
    std::string error2;
    if (kind != QLatin1String("clock")) {
        QVERIFY(!PlatformApi::resumePoint(path, point, error2));
        QCOMPARE(error2, error);
    }
    // The file (and everything beside it) is untouched.
    const auto after = snapshotDir(dir.path());
    QCOMPARE(after.size(), files.size());
    for (const auto& [name, bytes] : files) {
        QVERIFY2(after.count(name), qPrintable(name));
        QVERIFY2(after.at(name) == bytes, qPrintable(name));
    }
}

QTEST_GUILESS_MAIN(TestLiveContinue)
#include "tst_live_continue.moc"
