// The platform services on a controlled clock: billing every interval with
// the gateway behind timeout and retry (transient errors only), suspension at
// three failed payments, and session expiry at 30 minutes checked every 5.
#include "live_fixture.h"

using namespace cd;
using namespace cd::live;
using namespace cd::live::test;

namespace {
using Types = std::vector<std::string>;
using Outcome = platform::ChargeOutcome;

std::vector<JournalRow> rowsOfType(LiveFixture& f, const std::string& type)
{
    std::vector<JournalRow> out;
    for (auto& r : f.rows()) {
        if (r.data.find("\"type\":\"" + type + "\"") != std::string::npos)
            out.push_back(r);
    }
    return out;
}

constexpr std::int64_t Start = 1767225600000;
} // namespace

class TestLiveServices : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void billingRunsEveryInterval_data();
    void billingRunsEveryInterval();
    void transientErrorsAreRetriedWithBackoff();
    void declinesAreNotRetried();
    void retriesGiveUpAsAFailedPayment();
    void slowGatewayTimesOut();
    void threeFailuresSuspendAndSuspendedTenantsAreNotBilled();
    void oneTenantsFailureDoesNotStopTheOthers();
    void sessionExpiresAfter30MinutesAtASweep_data();
    void sessionExpiresAfter30MinutesAtASweep();
};

void TestLiveServices::billingRunsEveryInterval_data()
{
    QTest::addColumn<qint64>("interval");
    QTest::newRow("24 h default") << qint64(MsPerDay);
    QTest::newRow("configured 1 h") << qint64(MsPerHour);
}

void TestLiveServices::billingRunsEveryInterval()
{
    QFETCH(qint64, interval);
    PlatformOptions o;
    o.billingIntervalMs = interval;
    LiveFixture f(o);
    f.create("t-1", platform::Plan::Pro);
    f.clock.runUntil(interval - 1);
    QVERIFY(rowsOfType(f, "billing.cycle.started").empty());
    f.clock.runUntil(interval);
    f.clock.runUntil(interval + 1);
    auto started = rowsOfType(f, "billing.cycle.started");
    QCOMPARE(started.size(), std::size_t(1));
    QCOMPARE(started[0].wallMs, Start + interval);
    QVERIFY(started[0].data.find("\"amount\":9900") != std::string::npos);
    QCOMPARE(rowsOfType(f, "billing.payment.succeeded").size(), std::size_t(1));
    QCOMPARE(rowsOfType(f, "usage.reset").size(), std::size_t(1));
    f.clock.runUntil(2 * interval + 1);
    QCOMPARE(rowsOfType(f, "billing.cycle.started").size(), std::size_t(2));
    QCOMPARE(f.scripted->calls.size(), std::size_t(2));
    QVERIFY(f.tenantJson("t-1").find("\"lastPayment\":" + std::to_string(Start + 2 * interval)) != std::string::npos);
}

void TestLiveServices::transientErrorsAreRetriedWithBackoff()
{
    LiveFixture f; // retry base 1000 ms, x2
    f.create("t-1");
    f.scripted->script = { Outcome::transientError("gateway busy"), Outcome::transientError("gateway busy") };
    const auto t0 = f.clock.now().wallMs;
    const auto run = f.await(f.api->runBillingNow("t-1"));
    QCOMPARE(run.succeeded, 1);
    QCOMPARE(f.scripted->calls.size(), std::size_t(3));
    const auto paid = rowsOfType(f, "billing.payment.succeeded");
    QCOMPARE(paid.size(), std::size_t(1));
    QCOMPARE(paid[0].wallMs, t0 + 1000 + 2000);
}

void TestLiveServices::declinesAreNotRetried()
{
    LiveFixture f;
    f.create("t-1");
    f.scripted->script = { Outcome::declined("insufficient funds") };
    const auto run = f.await(f.api->runBillingNow("t-1"));
    QCOMPARE(run.failed, 1);
    QCOMPARE(f.scripted->calls.size(), std::size_t(1));
    const auto failed = rowsOfType(f, "billing.payment.failed");
    QCOMPARE(failed.size(), std::size_t(1));
    QVERIFY(failed[0].data.find("\"reason\":\"insufficient funds\"") != std::string::npos);
    QCOMPARE(failed[0].wallMs, rowsOfType(f, "billing.cycle.started")[0].wallMs);
}

void TestLiveServices::retriesGiveUpAsAFailedPayment()
{
    PlatformOptions o;
    o.gatewayMaxAttempts = 3;
    LiveFixture f(o);
    f.create("t-1");
    for (int i = 0; i < 5; ++i)
        f.scripted->script.push_back(Outcome::transientError("gateway down"));
    f.await(f.api->runBillingNow("t-1"));
    QCOMPARE(f.scripted->calls.size(), std::size_t(3));
    const auto failed = rowsOfType(f, "billing.payment.failed");
    QCOMPARE(failed.size(), std::size_t(1));
    QVERIFY(failed[0].data.find("gateway unavailable: gateway down") != std::string::npos);
}

void TestLiveServices::slowGatewayTimesOut()
{
    PlatformOptions o;
    o.gatewayTimeoutMs = 5000;
    o.gatewayMaxAttempts = 3;
    // The first attempt hangs past the timeout; the second answers at once.
    o.gatewayLatencyMs = [](std::string_view, int attempt) { return attempt == 1 ? std::int64_t(60000) : 0; };
    LiveFixture f(o);
    f.create("t-1");
    const auto t0 = f.clock.now().wallMs;
    const auto run = f.await(f.api->runBillingNow("t-1"));
    QCOMPARE(run.succeeded, 1);
    QCOMPARE(f.scripted->calls.size(), std::size_t(1)); // the timed-out attempt never reached it
    QCOMPARE(rowsOfType(f, "billing.payment.succeeded")[0].wallMs, t0 + 5000 + 1000);
    QCOMPARE(f.api->counters().gatewayAttempts, std::uint64_t(2));
}

void TestLiveServices::threeFailuresSuspendAndSuspendedTenantsAreNotBilled()
{
    LiveFixture f;
    f.create("t-1");
    for (int i = 0; i < 3; ++i)
        f.scripted->script.push_back(Outcome::declined("card declined"));
    BillingRunSummary last;
    for (int i = 0; i < 3; ++i)
        last = f.await(f.api->runBillingNow());
    QCOMPARE(last.suspended, 1);
    const auto suspended = rowsOfType(f, "tenant.suspended");
    QCOMPARE(suspended.size(), std::size_t(1));
    QVERIFY(suspended[0].data.find("\"reason\":\"Payment failures\"") != std::string::npos);
    const auto rows = f.rows().size();
    const auto next = f.await(f.api->runBillingNow());
    QCOMPARE(next.skipped, 1);
    QCOMPARE(f.rows().size(), rows);
    QCOMPARE(f.scripted->calls.size(), std::size_t(3));
}

void TestLiveServices::oneTenantsFailureDoesNotStopTheOthers()
{
    LiveFixture f;
    f.create("t-1");
    f.create("t-2");
    f.create("t-3");
    f.scripted->script = { Outcome::declined("no") }; // t-2 is charged first (t-1 crashes)
    QVERIFY(f.api->crashTenant("t-1"));
    const auto run = f.await(f.api->runBillingNow());
    QCOMPARE(run.tenants, 3);
    QCOMPARE(run.errors, 1);
    QCOMPARE(run.failed, 1);
    QCOMPARE(run.succeeded, 1);
    QCOMPARE(rowsOfType(f, "billing.cycle.started").size(), std::size_t(2));
}

void TestLiveServices::sessionExpiresAfter30MinutesAtASweep_data()
{
    QTest::addColumn<qint64>("connectAt");
    QTest::addColumn<qint64>("heartbeatAt"); // -1: none
    QTest::addColumn<qint64>("expiresAt");
    QTest::newRow("on the sweep grid") << qint64(0) << qint64(-1) << qint64(30);
    QTest::newRow("between sweeps: next sweep") << qint64(2) << qint64(-1) << qint64(35);
    QTest::newRow("heartbeat keeps it") << qint64(0) << qint64(12) << qint64(45);
}

void TestLiveServices::sessionExpiresAfter30MinutesAtASweep()
{
    QFETCH(qint64, connectAt);
    QFETCH(qint64, heartbeatAt);
    QFETCH(qint64, expiresAt);
    LiveFixture f;
    f.create("t-1");
    f.user("t-1", "u-1");
    f.clock.runUntil(connectAt * MsPerMinute);
    QVERIFY(f.await(f.api->connectSession("t-1", "s-1", "u-1")).accepted);
    if (heartbeatAt >= 0) {
        f.clock.runUntil(heartbeatAt * MsPerMinute);
        QVERIFY(f.api->heartbeat("t-1", "s-1"));
    }
    f.clock.runUntil(expiresAt * MsPerMinute - 1);
    QVERIFY(rowsOfType(f, "session.expired").empty());
    QCOMPARE(f.api->counters().liveSessions, std::uint64_t(1));
    f.clock.runUntil(expiresAt * MsPerMinute);
    f.clock.runUntil(expiresAt * MsPerMinute + 1);
    const auto expired = rowsOfType(f, "session.expired");
    QCOMPARE(expired.size(), std::size_t(1));
    QCOMPARE(expired[0].wallMs, Start + expiresAt * MsPerMinute);
    QCOMPARE(f.api->counters().liveSessions, std::uint64_t(0));
    QCOMPARE(f.api->counters().sessionsExpired, std::uint64_t(1));
    QVERIFY(f.tenantJson("t-1").find("\"sessions\":{}") != std::string::npos);
}

QTEST_GUILESS_MAIN(TestLiveServices)
#include "tst_live_services.moc"
