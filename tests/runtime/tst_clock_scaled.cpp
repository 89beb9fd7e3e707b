#include "engine/runtime/event_loop.h"
#include "engine/runtime/scaled_clock.h"
#include "engine/runtime/task.h"

#include <QTest>

#include <stdexcept>
#include <thread>

using namespace cd::rt;

namespace {

constexpr std::int64_t kMs = 1'000'000; // ns
constexpr std::int64_t kWall0 = 1'700'000'000'000;

// A ScaledClock whose "real" time is a number the test moves.
struct Fixture {
    explicit Fixture(double speed = 1.0)
        : clock(
            ex, [this] { return realNs; }, speed, Instant { kWall0, 0 },
            [this](const ObsEvent& e) { events.push_back(e); })
    { }
    std::int64_t realNs = 5 * kMs; // not 0: the clock is anchored at construction
    Executor ex;
    std::vector<ObsEvent> events;
    ScaledClock clock;
};

Task<std::vector<std::int64_t>> twoSleeps(Clock& clock)
{
    std::vector<std::int64_t> seen;
    co_await clock.sleep(100);
    seen.push_back(clock.now().monoMs);
    co_await clock.sleep(50);
    seen.push_back(clock.now().monoMs);
    co_return seen;
}

} // namespace

class TestClockScaled : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void runsAtSpeed_data();
    void runsAtSpeed();
    void wallMovesWithMono();
    void speedChangeIsContinuous();
    void slowingDownNeverGoesBack();
    void pausedStandsStill();
    void realDelayFollowsSpeed();
    void timersFireWhenRealTimeArrives();
    void lateIntervalSkipsMissedTicks();
    void fastestJumpsOnlyWhenIdle();
    void fastestLoopRunsSimulation();
    void fastestLoopStopsFromCallback();
    void pausedLoopEndsIdle();
    void crossThreadPostReachesLoop();
    void badSpeedIsRefused();
    void speedLabels();
};

void TestClockScaled::runsAtSpeed_data()
{
    QTest::addColumn<double>("speed");
    QTest::addColumn<qint64>("realMs");
    QTest::addColumn<qint64>("monoMs");
    QTest::newRow("x1") << 1.0 << qint64(1500) << qint64(1500);
    QTest::newRow("x60") << 60.0 << qint64(1000) << qint64(60'000);
    QTest::newRow("x3600") << 3600.0 << qint64(1000) << qint64(3'600'000);
    QTest::newRow("x0.5") << 0.5 << qint64(1001) << qint64(500); // floored
}

void TestClockScaled::runsAtSpeed()
{
    QFETCH(double, speed);
    QFETCH(qint64, realMs);
    QFETCH(qint64, monoMs);
    Fixture f(speed);
    QCOMPARE(f.clock.now().monoMs, 0);
    f.realNs += realMs * kMs;
    QCOMPARE(f.clock.now().monoMs, monoMs);
    QCOMPARE(f.clock.speed(), speed);
}

void TestClockScaled::wallMovesWithMono()
{
    Fixture f(60.0);
    QCOMPARE(f.clock.now(), (Instant { kWall0, 0 }));
    f.realNs += 2000 * kMs;
    QCOMPARE(f.clock.now(), (Instant { kWall0 + 120'000, 120'000 }));
}

void TestClockScaled::speedChangeIsContinuous()
{
    Fixture f(60.0);
    f.realNs += 1000 * kMs;
    const Instant before = f.clock.now();
    QCOMPARE(before.monoMs, 60'000);
    f.clock.setSpeed(3600.0);
    QCOMPARE(f.clock.now(), before); // no jump at the switch
    f.realNs += 1000 * kMs;
    QCOMPARE(f.clock.now().monoMs, 60'000 + 3'600'000);
    const auto speed = f.events.back();
    QCOMPARE(speed.type, std::string("time:speed"));
    QCOMPARE(speed.text("from"), std::string("x60"));
    QCOMPARE(speed.text("to"), std::string("x3600"));
    QCOMPARE(speed.instant("at"), before);
}

void TestClockScaled::slowingDownNeverGoesBack()
{
    Fixture f(3600.0);
    std::int64_t last = 0;
    for (double speed : { 1.0, 3600.0, 60.0, 0.0, 1.0, ScaledClock::kFastest, 60.0 }) {
        f.realNs += 333 * kMs + 7;
        const std::int64_t beforeSwitch = f.clock.now().monoMs;
        QVERIFY(beforeSwitch >= last);
        f.clock.setSpeed(speed);
        QCOMPARE(f.clock.now().monoMs, beforeSwitch);
        last = beforeSwitch;
    }
    // A real source that steps back is treated as standing still.
    const std::int64_t now = f.clock.now().monoMs;
    f.realNs -= 100 * kMs;
    QCOMPARE(f.clock.now().monoMs, now);
}

void TestClockScaled::pausedStandsStill()
{
    Fixture f(1.0);
    f.realNs += 100 * kMs;
    f.clock.setSpeed(0.0);
    QVERIFY(f.clock.paused());
    f.realNs += 10'000 * kMs;
    QCOMPARE(f.clock.now().monoMs, 100);
    f.clock.sleep(10);
    QVERIFY(!f.clock.realDelayUntil(110));
    QVERIFY(!f.clock.fireOneDue());
    f.clock.setSpeed(1.0);
    f.realNs += 10 * kMs;
    QVERIFY(f.clock.fireOneDue());
}

void TestClockScaled::realDelayFollowsSpeed()
{
    Fixture f(60.0);
    QCOMPARE(f.clock.realDelayUntil(60'000)->count(), 1000 * kMs);
    f.realNs += 500 * kMs; // virtual 30 000
    QCOMPARE(f.clock.realDelayUntil(60'000)->count(), 500 * kMs);
    f.clock.setSpeed(3600.0);
    // 30 000 virtual ms left at x3600: 8.333... real ms, rounded up.
    QCOMPARE(f.clock.realDelayUntil(60'000)->count(), std::int64_t(8'333'334));
    QCOMPARE(f.clock.realDelayUntil(10)->count(), 0); // already passed
    f.clock.setSpeed(ScaledClock::kFastest);
    QVERIFY(!f.clock.realDelayUntil(60'000));
}

void TestClockScaled::timersFireWhenRealTimeArrives()
{
    Fixture f(60.0);
    auto sleep = f.clock.sleep(60'000);
    f.realNs += 999 * kMs;
    QVERIFY(!f.clock.fireOneDue());
    QVERIFY(!sleep.settled());
    f.realNs += 1 * kMs;
    QVERIFY(f.clock.fireOneDue());
    QVERIFY(sleep.settled());
    QVERIFY(!f.clock.fireOneDue());
    const auto& end = f.events.back();
    QCOMPARE(end.type, std::string("time:sleep:end"));
    QCOMPARE(end.integer("actualMs"), 60'000);
}

void TestClockScaled::lateIntervalSkipsMissedTicks()
{
    // Ticks that come due while the interval's own callback runs are skipped.
    Fixture f(1.0);
    std::vector<std::int64_t> starts;
    auto handle = f.clock.interval(100, [&f, &starts] {
        starts.push_back(f.clock.now().monoMs);
        if (starts.size() == 1)
            f.realNs += 250 * kMs; // a slow first callback: busy until 350
    });
    f.realNs += 100 * kMs;
    QVERIFY(f.clock.fireOneDue());
    QCOMPARE(f.clock.now().monoMs, 350);
    QVERIFY(!f.clock.fireOneDue()); // 200 and 300 were skipped, not queued
    QCOMPARE(*f.clock.nextTimerMono(), 400);
    QCOMPARE(f.clock.pendingTimerCount(), 1u);
    f.realNs += 50 * kMs;
    QVERIFY(f.clock.fireOneDue());
    QCOMPARE(starts, std::vector<std::int64_t>({ 100, 400 }));
    QCOMPARE(handle.ticks(), 2); // only callbacks that ran count
    handle.cancel();

    // A tick made late by other work runs once, late, and keeps the grid.
    Fixture g(1.0);
    std::vector<std::int64_t> late;
    auto other = g.clock.interval(100, [&g, &late] { late.push_back(g.clock.now().monoMs); });
    g.clock.setTimer(90, [&g] { g.realNs += 250 * kMs; }); // busy from 90 to 340
    g.realNs += 90 * kMs;
    QVERIFY(g.clock.fireOneDue());
    QCOMPARE(g.clock.fireDueTimers(), 1u);
    QCOMPARE(late, std::vector<std::int64_t>({ 340 }));
    QCOMPARE(*g.clock.nextTimerMono(), 400);
    other.cancel();
}

void TestClockScaled::fastestJumpsOnlyWhenIdle()
{
    Fixture f(ScaledClock::kFastest);
    QVERIFY(f.clock.fastest());
    QVERIFY(!f.clock.skipIdleTime()); // no timer
    f.realNs += 5000 * kMs;
    QCOMPARE(f.clock.now().monoMs, 0); // real time does not move it
    f.clock.sleep(86'400'000);
    QVERIFY(f.clock.skipIdleTime());
    QCOMPARE(f.clock.now(), (Instant { kWall0 + 86'400'000, 86'400'000 }));
    QVERIFY(!f.clock.skipIdleTime()); // the timer is due now: nothing to skip
    QVERIFY(f.clock.fireOneDue());
}

void TestClockScaled::fastestLoopRunsSimulation()
{
    Fixture f(ScaledClock::kFastest);
    EventLoop loop(f.ex, f.clock);
    auto chain = start(f.ex, twoSleeps(f.clock));
    bool dayPassed = false;
    f.clock.sleep(86'400'000).then([&dayPassed] { dayPassed = true; });
    QVERIFY(loop.runUntilIdle());
    // Each continuation ran at its own timer's time, as with runUntil.
    QCOMPARE(chain.value(), std::vector<std::int64_t>({ 100, 150 }));
    QVERIFY(dayPassed);
    QCOMPARE(f.clock.now().monoMs, 86'400'000);
    QCOMPARE(f.clock.pendingTimerCount(), 0u);
}

void TestClockScaled::fastestLoopStopsFromCallback()
{
    Fixture f(ScaledClock::kFastest);
    EventLoop loop(f.ex, f.clock);
    std::vector<std::int64_t> at;
    auto handle = f.clock.interval(300'000, [&] {
        at.push_back(f.clock.now().monoMs);
        if (at.size() == 4)
            loop.stop();
    });
    loop.run();
    QCOMPARE(at, std::vector<std::int64_t>({ 300'000, 600'000, 900'000, 1'200'000 }));
    handle.cancel();
    // stop() before run(): the next run returns at once.
    loop.stop();
    QVERIFY(!loop.runUntilIdle());
}

void TestClockScaled::pausedLoopEndsIdle()
{
    Fixture f(0.0);
    EventLoop loop(f.ex, f.clock);
    bool ran = false;
    bool fired = false;
    f.ex.post([&ran] { ran = true; });
    f.clock.sleep(10).then([&fired] { fired = true; });
    QVERIFY(loop.runUntilIdle()); // the timer cannot be reached while paused
    QVERIFY(ran);
    QVERIFY(!fired);
    QCOMPARE(f.clock.pendingTimerCount(), 1u);
}

void TestClockScaled::crossThreadPostReachesLoop()
{
    Fixture f(ScaledClock::kFastest);
    EventLoop loop(f.ex, f.clock);
    std::vector<int> order;
    std::thread poster([&loop, &order] {
        for (int i = 0; i < 3; ++i)
            loop.postFromAnyThread([&order, i] { order.push_back(i); });
        loop.postFromAnyThread([&loop] { loop.stop(); });
    });
    loop.run(); // waits (no timers) until the posts arrive
    poster.join();
    QCOMPARE(order, std::vector<int>({ 0, 1, 2 }));
}

void TestClockScaled::badSpeedIsRefused()
{
    Fixture f(1.0);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, f.clock.setSpeed(-1.0));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, f.clock.setSpeed(std::nan("")));
    QCOMPARE(f.clock.speed(), 1.0);
    Executor ex;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, ScaledClock(ex, -2.0));
}

void TestClockScaled::speedLabels()
{
    QCOMPARE(ScaledClock::speedLabel(1.0), std::string("x1"));
    QCOMPARE(ScaledClock::speedLabel(3600.0), std::string("x3600"));
    QCOMPARE(ScaledClock::speedLabel(0.5), std::string("x0.5"));
    QCOMPARE(ScaledClock::speedLabel(0.0), std::string("paused"));
    QCOMPARE(ScaledClock::speedLabel(ScaledClock::kFastest), std::string("fastest"));
}

QTEST_GUILESS_MAIN(TestClockScaled)
#include "tst_clock_scaled.moc"
