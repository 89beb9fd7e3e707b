// What the operations view reads from the live platform: the live sessions
// (connected, moved by heartbeats, gone on disconnect or expiry) and the
// restarts inside the supervisor's intensity window next to the total.
#include "live_fixture.h"

#include "engine/runtime/restart_policy.h"

using namespace cd;
using namespace cd::live;
using namespace cd::live::test;

namespace {

// "tenant/session/user connectedAt lastSeen", wall times relative to base.
QStringList dumpSessions(const std::vector<SessionListing>& sessions, std::int64_t base)
{
    QStringList out;
    for (const auto& s : sessions) {
        out << QStringLiteral("%1/%2/%3 %4 %5")
                   .arg(QString::fromStdString(s.tenantId), QString::fromStdString(s.sessionId),
                       QString::fromStdString(s.userId))
                   .arg(s.connectedAtWallMs - base)
                   .arg(s.lastSeenWallMs - base);
    }
    return out;
}

// Crashes the tenant's process on its next command and waits for the restart.
void crashAndRestart(LiveFixture& f, const std::string& tenant, std::int64_t backoffMs)
{
    QVERIFY(f.api->crashTenant(tenant));
    auto r = f.api->tenantState(tenant);
    f.clock.flush();
    QVERIFY(r.hasError());
    f.clock.runUntil(f.clock.now().monoMs + backoffMs);
}

} // namespace

class TestLiveOperations : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sessionsAreListedInAStableOrder();
    void heartbeatMovesLastSeen();
    void disconnectAndExpiryRemoveSessions();
    void restartsInWindow_data();
    void restartsInWindow();
    void restartPolicyCountsTheCurrentWindowOnly();
};

void TestLiveOperations::sessionsAreListedInAStableOrder()
{
    LiveFixture f;
    const std::int64_t base = f.clock.now().wallMs;
    QVERIFY(f.api->listSessions().empty());
    f.create("t-b");
    f.create("t-a");
    f.user("t-b", "u-1");
    f.user("t-a", "u-2");
    // Connected out of tenant order and at different times.
    QVERIFY(f.await(f.api->connectSession("t-a", "s-z", "u-2")).accepted);
    f.clock.advanceBy(1000);
    QVERIFY(f.await(f.api->connectSession("t-b", "s-9", "u-1")).accepted);
    f.clock.advanceBy(1000);
    QVERIFY(f.await(f.api->connectSession("t-a", "s-a", "u-2")).accepted);
    // A refused connection is not tracked.
    QVERIFY(!f.await(f.api->connectSession("t-a", "s-x", "nobody")).accepted);

    const QStringList expected { QStringLiteral("t-b/s-9/u-1 1000 1000"), QStringLiteral("t-a/s-z/u-2 0 0"),
        QStringLiteral("t-a/s-a/u-2 2000 2000") };
    QCOMPARE(dumpSessions(f.api->listSessions(), base), expected);
    // Stable: asking again gives the same order.
    QCOMPARE(dumpSessions(f.api->listSessions(), base), expected);
    QCOMPARE(f.api->counters().liveSessions, std::uint64_t(3));
}

void TestLiveOperations::heartbeatMovesLastSeen()
{
    LiveFixture f;
    const std::int64_t base = f.clock.now().wallMs;
    f.create("t-1");
    f.user("t-1", "u-1");
    QVERIFY(f.await(f.api->connectSession("t-1", "s-1", "u-1")).accepted);
    QVERIFY(f.await(f.api->connectSession("t-1", "s-2", "u-1")).accepted);
    f.clock.advanceBy(7 * MsPerMinute);
    QVERIFY(f.api->heartbeat("t-1", "s-2"));
    QVERIFY(!f.api->heartbeat("t-1", "s-unknown"));
    QVERIFY(!f.api->heartbeat("t-unknown", "s-1"));
    QCOMPARE(dumpSessions(f.api->listSessions(), base),
        (QStringList {
            QStringLiteral("t-1/s-1/u-1 0 0"), QStringLiteral("t-1/s-2/u-1 0 ") + QString::number(7 * MsPerMinute) }));
    // Heartbeats are not journaled.
    QCOMPARE(typesOf(f.rows()).back(), std::string("session.connected"));
}

void TestLiveOperations::disconnectAndExpiryRemoveSessions()
{
    LiveFixture f;
    const std::int64_t base = f.clock.now().wallMs;
    const std::int64_t baseMono = f.clock.now().monoMs;
    f.create("t-1");
    f.user("t-1", "u-1");
    for (const char* s : { "s-1", "s-2", "s-3" })
        QVERIFY(f.await(f.api->connectSession("t-1", s, "u-1")).accepted);
    QVERIFY(f.await(f.api->disconnectSession("t-1", "s-1")).accepted);
    QCOMPARE(dumpSessions(f.api->listSessions(), base),
        (QStringList { QStringLiteral("t-1/s-2/u-1 0 0"), QStringLiteral("t-1/s-3/u-1 0 0") }));

    // s-3 keeps sending heartbeats, s-2 goes silent: the session manager's
    // sweep (every 5 minutes) expires s-2 once it is 30 minutes old.
    for (int minute = 10; minute <= 30; minute += 10) {
        f.clock.runUntil(baseMono + minute * MsPerMinute - 1);
        QVERIFY(f.api->heartbeat("t-1", "s-3"));
    }
    QCOMPARE(f.api->listSessions().size(), std::size_t(2)); // the 25-minute sweep kept both
    f.clock.runUntil(baseMono + 30 * MsPerMinute);
    f.clock.runUntil(baseMono + 30 * MsPerMinute + 1); // the expiry's commit, then its reply
    QCOMPARE(f.api->counters().sessionsExpired, std::uint64_t(1));
    QCOMPARE(dumpSessions(f.api->listSessions(), base),
        (QStringList { QStringLiteral("t-1/s-3/u-1 0 ") + QString::number(30 * MsPerMinute - 1) }));
    QCOMPARE(typesOf(f.rows()).back(), std::string("session.expired"));
    // A sweep now finds nothing more to expire.
    QCOMPARE(f.await(f.api->sweepSessionsNow()).expired, std::int64_t(0));
    QCOMPARE(f.api->listSessions().size(), std::size_t(1));
}

void TestLiveOperations::restartsInWindow_data()
{
    QTest::addColumn<int>("crashes");
    QTest::addColumn<qint64>("waitAfterMs"); // after the last restart
    QTest::addColumn<qint64>("expectedInWindow");
    QTest::newRow("none") << 0 << qint64(0) << qint64(0);
    QTest::newRow("one") << 1 << qint64(0) << qint64(1);
    QTest::newRow("two") << 2 << qint64(0) << qint64(2);
    QTest::newRow("two, window not over") << 2 << qint64(60000 - 3000) << qint64(2);
    QTest::newRow("two, window over") << 2 << qint64(60000 - 3000 + 1) << qint64(0);
}

void TestLiveOperations::restartsInWindow()
{
    QFETCH(int, crashes);
    QFETCH(qint64, waitAfterMs);
    QFETCH(qint64, expectedInWindow);
    LiveFixture f;
    f.create("t-1");
    f.create("t-2");
    // Backoffs 1 s, 2 s: the window opened at the first crash.
    std::int64_t backoff = 1000;
    for (int i = 0; i < crashes; ++i, backoff *= 2)
        crashAndRestart(f, "t-1", backoff);
    f.clock.advanceBy(waitAfterMs);

    const auto tree = f.api->processTree();
    const auto* p = findProcess(tree, "tenant:t-1");
    QVERIFY(p);
    QCOMPARE(p->restarts, std::int64_t(crashes));
    QCOMPARE(p->restartsInWindow, std::int64_t(expectedInWindow));
    QCOMPARE(p->restartBudget, std::int64_t(5));
    QCOMPARE(p->restartWindowMs, std::int64_t(60000));
    const auto* other = findProcess(tree, "tenant:t-2");
    QCOMPARE(other->restartsInWindow, std::int64_t(0));
    const auto listing = f.api->listTenants();
    QCOMPARE(listing[0].restarts, std::int64_t(crashes));
    QCOMPARE(listing[0].restartsInWindow, std::int64_t(expectedInWindow));
}

void TestLiveOperations::restartPolicyCountsTheCurrentWindowOnly()
{
    rt::SupervisionStrategy s;
    s.type = rt::SupervisionType::OneForOne;
    s.maxRestarts = rt::MaxRestarts { 5, 60000 };
    rt::RestartPolicy policy(s);
    QCOMPARE(policy.restartsInWindow(0), std::int64_t(0));
    QVERIFY(policy.onFailure(1000).restart);
    QVERIFY(policy.onFailure(5000).restart);
    QCOMPARE(policy.restartsInWindow(5000), std::int64_t(2));
    QCOMPARE(policy.restartsInWindow(61000), std::int64_t(2)); // the window is inclusive
    QCOMPARE(policy.restartsInWindow(61001), std::int64_t(0));
    // A failure after the window opens a new one.
    QVERIFY(policy.onFailure(70000).restart);
    QCOMPARE(policy.restartsInWindow(70000), std::int64_t(1));
    // Give-up: the window is full.
    for (int i = 0; i < 4; ++i)
        QVERIFY(policy.onFailure(70001 + i).restart);
    QVERIFY(!policy.onFailure(70010).restart);
    QCOMPARE(policy.restartsInWindow(70010), std::int64_t(5));
    // Unbounded restarts have no window.
    rt::SupervisionStrategy unbounded;
    unbounded.type = rt::SupervisionType::OneForOne;
    rt::RestartPolicy forever(unbounded);
    QVERIFY(forever.onFailure(0).restart);
    QCOMPARE(forever.restartsInWindow(0), std::int64_t(0));
}

QTEST_GUILESS_MAIN(TestLiveOperations)
#include "tst_live_operations.moc"
