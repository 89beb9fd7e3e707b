#include "engine/runtime/controlled_clock.h"
#include "engine/runtime/task.h"

#include <QTest>

#include <random>
#include <stdexcept>

using namespace cd::rt;

namespace {

constexpr std::int64_t T0 = 1'000'000'000'000;

// ctl(T0) with an emit that collects events (the controlled-clock.test.ts setup).
struct Fixture {
    explicit Fixture(std::int64_t t = T0)
        : clock(ex, t, [this](const ObsEvent& e) { events.push_back(e); })
    { }
    std::vector<const ObsEvent*> ofType(const std::string& prefix) const
    {
        std::vector<const ObsEvent*> out;
        for (const auto& e : events) {
            if (e.type.rfind(prefix, 0) == 0)
                out.push_back(&e);
        }
        return out;
    }
    Executor ex;
    std::vector<ObsEvent> events;
    ControlledClock clock;
};

Task<std::int64_t> sleeper(ControlledClock& clock, std::int64_t ms)
{
    co_await clock.sleep(ms);
    co_return clock.now().monoMs;
}

Task<std::vector<std::int64_t>> twoSleeps(ControlledClock& clock)
{
    std::vector<std::int64_t> seen;
    co_await clock.sleep(100);
    seen.push_back(clock.now().monoMs);
    co_await clock.sleep(50);
    seen.push_back(clock.now().monoMs);
    co_return seen;
}

} // namespace

class TestClockControlled : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void longSleepsResolveInOneAdvance(); // 1
    void sleepsFireInOrder(); // 2
    void intervalTicksOnGrid(); // 3
    void intervalCallbackMayAdvance(); // 5
    void intervalCancelledFromCallback(); // 6
    void monoNeverDecreases(); // 7
    void deadlineOvershootIsLate(); // 8
    void timeoutIsSleep(); // 9
    void cancelledIntervalStops(); // 10
    void nowStartsAtInitialTime(); // 11, 22, 25
    void advanceMovesWallAndMono(); // 12
    void sleepResolvesAtItsTime(); // 13
    void sleepEvents(); // 14
    void nonPositiveSleepIsSilent(); // 15
    void deadlineOkAndErr(); // 16, 17
    void intervalValuesAndEvents(); // 18, 19
    void intervalErrorKeepsRunning(); // 20
    void nonPositiveIntervalThrows_data(); // 21
    void nonPositiveIntervalThrows();
    void advanceEvent(); // 23
    void advanceIgnoresNonPositive(); // 24
    void advanceToNeverGoesBack(); // 26
    void tickSteps(); // 27, 28
    void pendingTimerCount(); // 29
    void mixedTimersResolve(); // 30
    void intervalAndSleepTogether(); // 31
    void continuationSeesFinalTime();
    void wallJumpEvent();
    void tiesFireInRegistrationOrder();
    void intervalStaysOnGridWhenCallbackJumpsAhead();
    void runUntilGivesEachContinuationItsTime();
    void runUntilIdleFinishesChains();
    void runUntilIdleStopsOnPerpetualInterval();
    void cancelledTimersLeaveCountRight();
};

void TestClockControlled::longSleepsResolveInOneAdvance()
{
    Fixture f(0);
    std::vector<std::string> labels;
    for (auto [ms, label] : std::vector<std::pair<std::int64_t, std::string>> {
             { 1000, "1s" }, { 3'600'000, "1h" }, { 43'200'000, "12h" }, { 86'400'000, "24h" } })
        f.clock.sleep(ms).then([&labels, label] { labels.push_back(label); });
    f.clock.advanceBy(86'400'000);
    f.clock.flush();
    QCOMPARE(labels, std::vector<std::string>({ "1s", "1h", "12h", "24h" }));
}

void TestClockControlled::sleepsFireInOrder()
{
    Executor ex;
    ControlledClock clock(ex, 0);
    std::vector<std::string> order;
    clock.sleep(300).then([&] { order.push_back("C"); });
    clock.sleep(100).then([&] { order.push_back("A"); });
    clock.sleep(200).then([&] { order.push_back("B"); });
    clock.sleep(400).then([&] { order.push_back("D"); });
    const std::vector<std::vector<std::string>> expected { { "A" }, { "A", "B" }, { "A", "B", "C" },
        { "A", "B", "C", "D" } };
    for (const auto& step : expected) {
        clock.tick();
        clock.flush();
        QCOMPARE(order, step);
    }
}

void TestClockControlled::intervalTicksOnGrid()
{
    Fixture f(0);
    std::vector<std::int64_t> at;
    auto handle = f.clock.interval(100, [&] { at.push_back(f.clock.now().monoMs); });
    f.clock.advanceBy(550);
    f.clock.flush();
    handle.cancel();
    QCOMPARE(at, std::vector<std::int64_t>({ 100, 200, 300, 400, 500 }));
    QCOMPARE(handle.ticks(), 5);
}

void TestClockControlled::intervalCallbackMayAdvance()
{
    Fixture f(0);
    std::vector<std::int64_t> at;
    auto handle = f.clock.interval(100, [&] {
        at.push_back(f.clock.now().monoMs);
        f.clock.advanceBy(10);
    });
    f.clock.advanceBy(350);
    handle.cancel();
    QCOMPARE(at, std::vector<std::int64_t>({ 100, 200, 300 }));
    QCOMPARE(f.clock.now().monoMs, 350);
}

void TestClockControlled::intervalCancelledFromCallback()
{
    Fixture f(0);
    std::vector<std::int64_t> at;
    Interval handle;
    handle = f.clock.interval(100, [&] {
        at.push_back(f.clock.now().monoMs);
        if (at.size() == 2)
            handle.cancel();
    });
    f.clock.advanceBy(300);
    QCOMPARE(at, std::vector<std::int64_t>({ 100, 200 }));
    QVERIFY(!handle.active());
    QCOMPARE(f.clock.pendingTimerCount(), 0u);
}

void TestClockControlled::monoNeverDecreases()
{
    Fixture f(1000);
    std::mt19937 rng(7);
    std::uniform_int_distribution<std::int64_t> step(0, 100);
    std::uniform_int_distribution<std::int64_t> wall(0, 1'000'000);
    std::int64_t last = f.clock.now().monoMs;
    for (int i = 0; i < 100; ++i) {
        f.clock.advanceBy(step(rng));
        f.clock.jumpWallTime(wall(rng));
        QVERIFY(f.clock.now().monoMs >= last);
        last = f.clock.now().monoMs;
    }
}

void TestClockControlled::deadlineOvershootIsLate()
{
    Fixture f(1000);
    std::int64_t recorded = -1;
    f.clock.deadline(1500).then([&] { recorded = f.clock.now().wallMs; });
    f.clock.advanceBy(600);
    f.clock.flush();
    QCOMPARE(recorded, 1600);
    const auto err = f.ofType("time:deadline:err");
    QCOMPARE(err.size(), 1u);
    QCOMPARE(err[0]->integer("driftMs"), 100);
    QCOMPARE(err[0]->integer("targetMs"), 1500);
    QCOMPARE(err[0]->integer("actualMs"), 1600);
}

void TestClockControlled::timeoutIsSleep()
{
    Fixture f(0);
    std::vector<std::string> results;
    f.clock.timeout(100).then([&] { results.push_back("timeout"); });
    f.clock.sleep(100).then([&] { results.push_back("sleep"); });
    f.clock.advanceBy(100);
    f.clock.flush();
    QCOMPARE(results, std::vector<std::string>({ "timeout", "sleep" }));
}

void TestClockControlled::cancelledIntervalStops()
{
    Fixture f(0);
    std::vector<std::int64_t> at;
    auto handle = f.clock.interval(50, [&] { at.push_back(f.clock.now().monoMs); });
    f.clock.advanceBy(100);
    QCOMPARE(at, std::vector<std::int64_t>({ 50, 100 }));
    handle.cancel();
    f.clock.advanceBy(100);
    QCOMPARE(at, std::vector<std::int64_t>({ 50, 100 }));
}

void TestClockControlled::nowStartsAtInitialTime()
{
    Fixture f;
    QCOMPARE(f.clock.now(), (Instant { T0, T0 })); // 11
    f.clock.advanceBy(500); // 22
    QCOMPARE(f.clock.now(), (Instant { T0 + 500, T0 + 500 }));
    Fixture g;
    g.clock.advanceTo(T0 + 500); // 25
    QCOMPARE(g.clock.now(), (Instant { T0 + 500, T0 + 500 }));
    QVERIFY(g.events.empty()); // advanceTo emits nothing
    Executor ex;
    ControlledClock zero(ex);
    QCOMPARE(zero.now(), (Instant { 0, 0 }));
}

void TestClockControlled::advanceMovesWallAndMono()
{
    Fixture f;
    f.clock.advanceBy(100);
    QCOMPARE(f.clock.now(), (Instant { T0 + 100, T0 + 100 }));
}

void TestClockControlled::sleepResolvesAtItsTime()
{
    Fixture f;
    auto s = f.clock.sleep(100);
    QVERIFY(!s.settled());
    f.clock.advanceBy(50);
    f.clock.flush();
    QVERIFY(!s.settled());
    f.clock.advanceBy(50);
    f.clock.flush();
    QVERIFY(s.settled());
}

void TestClockControlled::sleepEvents()
{
    Fixture f;
    f.clock.sleep(100);
    f.clock.advanceBy(100);
    f.clock.flush();
    const auto sleeps = f.ofType("time:sleep");
    QCOMPARE(sleeps.size(), 2u);
    QCOMPARE(sleeps[0]->type, std::string("time:sleep:start"));
    QCOMPARE(sleeps[0]->integer("durationMs"), 100);
    QCOMPARE(sleeps[0]->instant("at").monoMs, T0);
    QCOMPARE(sleeps[1]->type, std::string("time:sleep:end"));
    QCOMPARE(sleeps[1]->integer("durationMs"), 100);
    QCOMPARE(sleeps[1]->integer("actualMs"), 100);
}

void TestClockControlled::nonPositiveSleepIsSilent()
{
    Fixture f;
    auto a = f.clock.sleep(0);
    auto b = f.clock.sleep(-10);
    QVERIFY(a.settled() && b.settled());
    QVERIFY(f.events.empty());
    QCOMPARE(f.clock.pendingTimerCount(), 0u);
}

void TestClockControlled::deadlineOkAndErr()
{
    Fixture f;
    auto d = f.clock.deadline(T0 + 50);
    f.clock.advanceBy(50);
    f.clock.flush();
    QVERIFY(d.settled());
    QCOMPARE(f.ofType("time:deadline:ok").size(), 1u);
    QCOMPARE(f.ofType("time:deadline:start")[0]->integer("delayMs"), 50);

    Fixture g;
    g.clock.advanceBy(100);
    auto late = g.clock.deadline(g.clock.now().wallMs - 50);
    g.clock.flush();
    QVERIFY(late.settled());
    const auto err = g.ofType("time:deadline:err");
    QCOMPARE(err.size(), 1u);
    QCOMPARE(err[0]->integer("driftMs"), 50);
    QVERIFY(g.ofType("time:sleep").empty()); // no delay, no sleep
}

void TestClockControlled::intervalValuesAndEvents()
{
    Fixture f;
    std::vector<std::int64_t> at;
    auto handle = f.clock.interval(100, [&] { at.push_back(f.clock.now().monoMs); });
    f.clock.advanceBy(250);
    handle.cancel();
    QCOMPARE(at, std::vector<std::int64_t>({ T0 + 100, T0 + 200 }));
    QCOMPARE(f.ofType("time:interval:set").size(), 1u);
    const auto ticks = f.ofType("time:interval:tick");
    QCOMPARE(ticks.size(), 2u);
    QCOMPARE(ticks[1]->integer("tick"), 2);
    QCOMPARE(ticks[1]->integer("intervalMs"), 100);
    const auto cancels = f.ofType("time:interval:cancel");
    QCOMPARE(cancels.size(), 1u);
    QCOMPARE(cancels[0]->integer("ticks"), 2);
    handle.cancel(); // every call reports
    QCOMPARE(f.ofType("time:interval:cancel").size(), 2u);
}

void TestClockControlled::intervalErrorKeepsRunning()
{
    Fixture f;
    int calls = 0;
    auto handle = f.clock.interval(100, [&calls] {
        if (++calls == 2)
            throw std::runtime_error("second call fails");
    });
    f.clock.advanceBy(350);
    handle.cancel();
    QCOMPARE(calls, 3);
    const auto errors = f.ofType("time:interval:error");
    QCOMPARE(errors.size(), 1u);
    QCOMPARE(errors[0]->text("error"), std::string("second call fails"));
    QCOMPARE(errors[0]->integer("tick"), 2);
}

void TestClockControlled::nonPositiveIntervalThrows_data()
{
    QTest::addColumn<qint64>("ms");
    QTest::newRow("zero") << qint64(0);
    QTest::newRow("negative") << qint64(-10);
}

void TestClockControlled::nonPositiveIntervalThrows()
{
    QFETCH(qint64, ms);
    Fixture f;
    try {
        f.clock.interval(ms, [] {});
        QFAIL("expected std::invalid_argument");
    } catch (const std::invalid_argument& e) {
        QCOMPARE(std::string(e.what()), std::string("Interval must be positive"));
    }
    QCOMPARE(f.clock.pendingTimerCount(), 0u);
}

void TestClockControlled::advanceEvent()
{
    Fixture f;
    f.clock.advanceBy(100);
    QCOMPARE(f.events.size(), 1u);
    QCOMPARE(f.events[0].type, std::string("time:advance"));
    QCOMPARE(f.events[0].integer("byMs"), 100);
    QCOMPARE(f.events[0].integer("fromMono"), T0);
    QCOMPARE(f.events[0].integer("toMono"), T0 + 100);
}

void TestClockControlled::advanceIgnoresNonPositive()
{
    Fixture f;
    f.clock.advanceBy(0);
    f.clock.advanceBy(-10);
    QCOMPARE(f.clock.now(), (Instant { T0, T0 }));
    QVERIFY(f.events.empty());
}

void TestClockControlled::advanceToNeverGoesBack()
{
    Fixture f;
    f.clock.advanceTo(T0 + 100);
    f.clock.advanceTo(T0 + 50);
    QCOMPARE(f.clock.now(), (Instant { T0 + 100, T0 + 100 }));
}

void TestClockControlled::tickSteps()
{
    Fixture f;
    f.clock.tick(); // 28: no timers
    QCOMPARE(f.clock.now().monoMs, T0);
    f.clock.sleep(100);
    f.clock.sleep(200);
    f.clock.tick();
    QCOMPARE(f.clock.now().monoMs, T0 + 100);
    f.clock.tick();
    QCOMPARE(f.clock.now().monoMs, T0 + 200);
    QVERIFY(f.ofType("time:advance").empty()); // tick goes through advanceTo
}

void TestClockControlled::pendingTimerCount()
{
    Fixture f;
    QCOMPARE(f.clock.pendingTimerCount(), 0u);
    f.clock.sleep(100);
    QCOMPARE(f.clock.pendingTimerCount(), 1u);
    auto handle = f.clock.interval(50, [] {});
    QCOMPARE(f.clock.pendingTimerCount(), 2u);
    handle.cancel();
    QCOMPARE(f.clock.pendingTimerCount(), 1u);
}

void TestClockControlled::mixedTimersResolve()
{
    Fixture f;
    std::vector<std::string> results;
    f.clock.sleep(100).then([&] { results.push_back("sleep100"); });
    f.clock.sleep(150).then([&] { results.push_back("sleep150"); });
    f.clock.deadline(f.clock.now().wallMs + 75).then([&] { results.push_back("deadline"); });
    f.clock.advanceBy(200);
    f.clock.flush();
    QCOMPARE(results.size(), 3u);
    // Fire order: the deadline's sleep (75) first. Its continuation re-reads
    // the clock after the whole advance, so it reports err (drift 125).
    QCOMPARE(results, std::vector<std::string>({ "sleep100", "sleep150", "deadline" }));
    QCOMPARE(f.ofType("time:deadline:err").size(), 1u);
}

void TestClockControlled::intervalAndSleepTogether()
{
    Fixture f;
    std::vector<std::string> results;
    auto handle = f.clock.interval(50, [&] { results.push_back("interval"); });
    f.clock.sleep(125).then([&] { results.push_back("sleep"); });
    f.clock.advanceBy(175);
    f.clock.flush();
    handle.cancel();
    QCOMPARE(std::count(results.begin(), results.end(), "sleep"), 1);
    QCOMPARE(std::count(results.begin(), results.end(), "interval"), 3);
    QCOMPARE(results.size(), 4u);
}

void TestClockControlled::continuationSeesFinalTime()
{
    Executor ex;
    ControlledClock clock(ex, 0);
    auto f = start(ex, sleeper(clock, 100));
    clock.advanceBy(250);
    QVERIFY(!f.settled());
    clock.flush();
    QCOMPARE(f.value(), 250);
}

void TestClockControlled::wallJumpEvent()
{
    Fixture f;
    // README example 2: a deadline 5 s ahead, the wall clock jumps back 10 s,
    // then 5 s pass. The delay was fixed at the call, so the deadline fires
    // after 5 s and reports ok with drift -10000.
    f.clock.deadline(T0 + 5000);
    f.clock.jumpWallTime(T0 - 10'000);
    QCOMPARE(f.clock.now(), (Instant { T0 - 10'000, T0 }));
    const auto jumps = f.ofType("time:wall_jump");
    QCOMPARE(jumps.size(), 1u);
    QCOMPARE(jumps[0]->integer("fromWall"), T0);
    QCOMPARE(jumps[0]->integer("toWall"), T0 - 10'000);
    QCOMPARE(jumps[0]->integer("monoMs"), T0);
    f.clock.advanceBy(5000);
    f.clock.flush();
    const auto ok = f.ofType("time:deadline:ok");
    QCOMPARE(ok.size(), 1u);
    QCOMPARE(ok[0]->integer("driftMs"), -10'000);
    // A forward jump of +10 s instead gives err with drift +10000.
    Fixture g;
    g.clock.deadline(T0 + 5000);
    g.clock.jumpWallTime(T0 + 10'000);
    g.clock.advanceBy(5000);
    g.clock.flush();
    const auto err = g.ofType("time:deadline:err");
    QCOMPARE(err.size(), 1u);
    QCOMPARE(err[0]->integer("driftMs"), 10'000);
}

void TestClockControlled::tiesFireInRegistrationOrder()
{
    Fixture f(0);
    std::vector<std::string> order;
    f.clock.setTimer(100, [&order] { order.push_back("first"); });
    f.clock.sleep(100).then([&order] { order.push_back("sleep-continuation"); });
    f.clock.setTimer(100, [&order] { order.push_back("second"); });
    f.clock.setTimer(50, [&order] { order.push_back("earlier"); });
    f.clock.advanceBy(100);
    QCOMPARE(order, std::vector<std::string>({ "earlier", "first", "second" }));
    f.clock.flush();
    QCOMPARE(order.back(), std::string("sleep-continuation"));
}

void TestClockControlled::intervalStaysOnGridWhenCallbackJumpsAhead()
{
    Fixture f(0);
    std::vector<std::int64_t> at;
    auto handle = f.clock.interval(100, [&] {
        at.push_back(f.clock.now().monoMs);
        if (at.size() == 1)
            f.clock.advanceBy(250); // fires the 200 and 300 ticks re-entrantly
    });
    f.clock.advanceTo(600);
    handle.cancel();
    QCOMPARE(at, std::vector<std::int64_t>({ 100, 200, 300, 400, 500, 600 }));
    QCOMPARE(handle.ticks(), 6);
}

void TestClockControlled::runUntilGivesEachContinuationItsTime()
{
    Fixture f(0);
    auto a = start(f.ex, sleeper(f.clock, 300));
    auto b = start(f.ex, sleeper(f.clock, 100));
    auto c = start(f.ex, sleeper(f.clock, 200));
    auto chain = start(f.ex, twoSleeps(f.clock));
    f.clock.runUntil(1000);
    QCOMPARE(a.value(), 300);
    QCOMPARE(b.value(), 100);
    QCOMPARE(c.value(), 200);
    // The second sleep was registered at 100, by the first continuation.
    QCOMPARE(chain.value(), std::vector<std::int64_t>({ 100, 150 }));
    QCOMPARE(f.clock.now().monoMs, 1000);

    // advanceTo + flush, by contrast, runs continuations after the advance.
    Fixture g(0);
    auto late = start(g.ex, sleeper(g.clock, 100));
    auto lateChain = start(g.ex, twoSleeps(g.clock));
    g.clock.advanceTo(1000);
    g.clock.flush();
    QCOMPARE(late.value(), 1000);
    QVERIFY(!lateChain.settled()); // its second sleep is due at 1050
    QCOMPARE(g.clock.pendingTimerCount(), 1u);
    QVERIFY(g.clock.runUntilIdle()); // let the chain finish (no frame left behind)
    QCOMPARE(lateChain.value(), std::vector<std::int64_t>({ 1000, 1050 }));
}

void TestClockControlled::runUntilIdleFinishesChains()
{
    Fixture f(0);
    auto chain = start(f.ex, twoSleeps(f.clock));
    auto single = start(f.ex, sleeper(f.clock, 400));
    QVERIFY(f.clock.runUntilIdle());
    QCOMPARE(chain.value(), std::vector<std::int64_t>({ 100, 150 }));
    QCOMPARE(single.value(), 400);
    QCOMPARE(f.clock.now().monoMs, 400);
    QCOMPARE(f.clock.pendingTimerCount(), 0u);
    QVERIFY(f.ex.empty());
    QVERIFY(f.clock.runUntilIdle()); // nothing left: at once
    QCOMPARE(f.clock.now().monoMs, 400);
}

void TestClockControlled::runUntilIdleStopsOnPerpetualInterval()
{
    Fixture f(0);
    auto handle = f.clock.interval(10, [] {});
    QVERIFY(!f.clock.runUntilIdle(25));
    QCOMPARE(handle.ticks(), 25);
    QCOMPARE(f.clock.now().monoMs, 250);
    handle.cancel();
    QVERIFY(f.clock.runUntilIdle(25));
}

void TestClockControlled::cancelledTimersLeaveCountRight()
{
    Fixture f(0);
    int fired = 0;
    const TimerId a = f.clock.setTimer(100, [&fired] { ++fired; });
    const TimerId b = f.clock.setTimer(200, [&fired] { ++fired; });
    const TimerId c = f.clock.setTimer(300, [&fired] { ++fired; });
    QCOMPARE(f.clock.pendingTimerCount(), 3u);
    QVERIFY(f.clock.cancelTimer(b));
    QVERIFY(!f.clock.cancelTimer(b)); // already cancelled
    QVERIFY(!f.clock.cancelTimer(TimerId {})); // no timer
    QCOMPARE(f.clock.pendingTimerCount(), 2u);
    QCOMPARE(*f.clock.nextTimerMono(), 100);
    f.clock.advanceTo(150);
    QVERIFY(!f.clock.cancelTimer(a)); // already fired
    QCOMPARE(f.clock.pendingTimerCount(), 1u);
    auto handle = f.clock.interval(20, [] {});
    QCOMPARE(f.clock.pendingTimerCount(), 2u);
    f.clock.advanceTo(200); // ticks keep exactly one pending timer
    QCOMPARE(f.clock.pendingTimerCount(), 2u);
    handle.cancel();
    handle.cancel();
    QCOMPARE(f.clock.pendingTimerCount(), 1u);
    QVERIFY(f.clock.cancelTimer(c));
    QCOMPARE(f.clock.pendingTimerCount(), 0u);
    QVERIFY(!f.clock.nextTimerMono());
    f.clock.advanceTo(1000);
    QCOMPARE(fired, 1);
}

QTEST_GUILESS_MAIN(TestClockControlled)
#include "tst_clock_controlled.moc"
