// The only suite that uses real time (SystemClock + EventLoop). Its checks are
// about ordering and counts, with generous bounds, never tight timings.

#include "engine/runtime/event_loop.h"
#include "engine/runtime/system_clock.h"

#include <QTest>

#include <chrono>
#include <stdexcept>
#include <thread>

using namespace cd::rt;
using namespace std::chrono_literals;

namespace {

constexpr std::int64_t kGenerousMs = 2000; // upper bound for "elapsed" checks

std::int64_t wallNowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

double elapsedMs(std::chrono::steady_clock::time_point since)
{
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - since).count();
}

struct Fixture {
    Fixture()
        : clock(ex, [this](const ObsEvent& e) { events.push_back(e); })
        , loop(ex, clock)
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
    // Runs the loop for ms of real time.
    void runFor(std::int64_t ms)
    {
        clock.sleep(ms).then([this] { loop.stop(); });
        loop.run();
    }
    // Real milliseconds until the future settles (through the loop).
    double timeToSettle(Future<void> future)
    {
        const auto t0 = std::chrono::steady_clock::now();
        double elapsed = -1;
        future.then([&elapsed, t0, this] {
            elapsed = elapsedMs(t0);
            loop.stop();
        });
        loop.run();
        return elapsed;
    }
    Executor ex;
    std::vector<ObsEvent> events;
    SystemClock clock;
    EventLoop loop;
};

} // namespace

class TestClockSystem : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void nowIsRealTime(); // 32
    void nowIsNonDecreasing(); // 33
    void sleepWaits(); // 34
    void sleepEvents(); // 35
    void nonPositiveSleep(); // 36
    void deadlineWaits(); // 37
    void deadlineEvents(); // 38
    void pastDeadlineIsErr(); // 39
    void intervalCount(); // 40
    void intervalEvents(); // 41
    void intervalErrorKeepsRunning(); // 42
    void nonPositiveIntervalThrows(); // 43
    void timeoutWaits(); // 44
    void slowIntervalDoesNotOverlap(); // A4
    void crossThreadPostAndStop();
    void runUntilIdleReturnsAfterLastTimer();
};

void TestClockSystem::nowIsRealTime()
{
    Fixture f;
    const std::int64_t before = wallNowMs();
    const Instant now = f.clock.now();
    const std::int64_t after = wallNowMs();
    QVERIFY(before <= now.wallMs && now.wallMs <= after);
    // Whole milliseconds from construction: 0 at first, > 0 once time passed
    // (the library's fractional performance.now() is > 0 at once).
    QVERIFY(now.monoMs >= 0 && now.monoMs < kGenerousMs);
    f.runFor(2);
    QVERIFY(f.clock.now().monoMs > 0);
}

void TestClockSystem::nowIsNonDecreasing()
{
    Fixture f;
    Instant last = f.clock.now();
    for (int i = 0; i < 1000; ++i) {
        const Instant next = f.clock.now();
        QVERIFY(next.monoMs >= last.monoMs);
        QVERIFY(next.wallMs >= last.wallMs - 1000); // the wall may be stepped by NTP, mono never
        last = next;
    }
}

void TestClockSystem::sleepWaits()
{
    Fixture f;
    const double elapsed = f.timeToSettle(f.clock.sleep(50));
    QVERIFY2(elapsed >= 45 && elapsed < kGenerousMs, QByteArray::number(elapsed).constData());
}

void TestClockSystem::sleepEvents()
{
    Fixture f;
    f.timeToSettle(f.clock.sleep(10));
    QCOMPARE(f.events.size(), 2u);
    QCOMPARE(f.events[0].type, std::string("time:sleep:start"));
    QCOMPARE(f.events[0].integer("durationMs"), 10);
    QCOMPARE(f.events[1].type, std::string("time:sleep:end"));
    QCOMPARE(f.events[1].integer("durationMs"), 10);
    QVERIFY(f.events[1].integer("actualMs") >= 10);
}

void TestClockSystem::nonPositiveSleep()
{
    Fixture f;
    const auto t0 = std::chrono::steady_clock::now();
    auto a = f.clock.sleep(0);
    auto b = f.clock.sleep(-10);
    QVERIFY(a.settled() && b.settled());
    QVERIFY(elapsedMs(t0) < kGenerousMs);
    QVERIFY(f.events.empty());
    QCOMPARE(f.clock.pendingTimerCount(), 0u);
}

void TestClockSystem::deadlineWaits()
{
    Fixture f;
    const double elapsed = f.timeToSettle(f.clock.deadline(f.clock.now().wallMs + 50));
    QVERIFY2(elapsed >= 45 && elapsed < kGenerousMs, QByteArray::number(elapsed).constData());
}

void TestClockSystem::deadlineEvents()
{
    Fixture f;
    f.timeToSettle(f.clock.deadline(f.clock.now().wallMs + 10));
    QCOMPARE(f.ofType("time:deadline:start").size(), 1u);
    QCOMPARE(f.ofType("time:deadline:ok").size() + f.ofType("time:deadline:err").size(), 1u);
}

void TestClockSystem::pastDeadlineIsErr()
{
    Fixture f;
    f.timeToSettle(f.clock.deadline(f.clock.now().wallMs - 1000));
    const auto err = f.ofType("time:deadline:err");
    QCOMPARE(err.size(), 1u);
    QVERIFY(err[0]->integer("driftMs") >= 1000);
}

void TestClockSystem::intervalCount()
{
    Fixture f;
    int calls = 0;
    auto handle = f.clock.interval(20, [&calls] { ++calls; });
    f.runFor(65);
    handle.cancel();
    // Grid points 20, 40, 60; a busy machine may skip some, never add any.
    QVERIFY2(calls >= 1 && calls <= 4, QByteArray::number(calls).constData());
    QCOMPARE(handle.ticks(), calls);
}

void TestClockSystem::intervalEvents()
{
    Fixture f;
    auto handle = f.clock.interval(20, [] {});
    f.runFor(45);
    handle.cancel();
    QCOMPARE(f.ofType("time:interval:set").size(), 1u);
    QVERIFY(!f.ofType("time:interval:tick").empty());
    QCOMPARE(f.ofType("time:interval:cancel").size(), 1u);
}

void TestClockSystem::intervalErrorKeepsRunning()
{
    Fixture f;
    int calls = 0;
    Interval handle;
    handle = f.clock.interval(20, [&] {
        ++calls;
        if (calls == 2)
            throw std::runtime_error("second call fails");
        if (calls == 3) {
            handle.cancel();
            f.loop.stop();
        }
    });
    f.clock.sleep(5000).then([&f] { f.loop.stop(); }); // safety net only
    f.loop.run();
    QCOMPARE(calls, 3);
    const auto errors = f.ofType("time:interval:error");
    QCOMPARE(errors.size(), 1u);
    QCOMPARE(errors[0]->integer("tick"), 2);
    QCOMPARE(errors[0]->text("error"), std::string("second call fails"));
}

void TestClockSystem::nonPositiveIntervalThrows()
{
    Fixture f;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, f.clock.interval(0, [] {}));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, f.clock.interval(-10, [] {}));
}

void TestClockSystem::timeoutWaits()
{
    Fixture f;
    const double elapsed = f.timeToSettle(f.clock.timeout(50));
    QVERIFY2(elapsed >= 45 && elapsed < kGenerousMs, QByteArray::number(elapsed).constData());
}

void TestClockSystem::slowIntervalDoesNotOverlap()
{
    // A4: interval(50) whose callback takes 60 ms. Ticks that come due while
    // it runs are skipped, not queued: successive starts are at least 100 ms
    // apart (the next grid point after the end), so at most 3 fit in 300 ms,
    // where queued ticks would run back to back about 5 times.
    Fixture f;
    bool inFlight = false;
    bool overlapped = false;
    int calls = 0;
    auto handle = f.clock.interval(50, [&] {
        overlapped = overlapped || inFlight;
        inFlight = true;
        ++calls;
        std::this_thread::sleep_for(60ms);
        inFlight = false;
    });
    f.runFor(300);
    handle.cancel();
    QVERIFY(!overlapped);
    QVERIFY2(calls >= 1 && calls <= 3, QByteArray::number(calls).constData());
    QCOMPARE(handle.ticks(), calls);
}

void TestClockSystem::crossThreadPostAndStop()
{
    Fixture f;
    std::thread::id ranOn;
    std::thread other([&f, &ranOn] {
        std::this_thread::sleep_for(20ms);
        f.loop.postFromAnyThread([&ranOn] { ranOn = std::this_thread::get_id(); });
        f.loop.stop();
    });
    f.loop.run(); // no timers: only the other thread can end this
    other.join();
    f.loop.runUntilIdle(); // the post may have been absorbed after the stop
    QCOMPARE(ranOn, std::this_thread::get_id());
}

void TestClockSystem::runUntilIdleReturnsAfterLastTimer()
{
    Fixture f;
    std::vector<std::string> order;
    f.clock.sleep(30).then([&order] { order.push_back("30"); });
    f.clock.sleep(10).then([&order] { order.push_back("10"); });
    f.ex.post([&order] { order.push_back("ready"); });
    QVERIFY(f.loop.runUntilIdle());
    QCOMPARE(order, std::vector<std::string>({ "ready", "10", "30" }));
    QCOMPARE(f.clock.pendingTimerCount(), 0u);
}

QTEST_GUILESS_MAIN(TestClockSystem)
#include "tst_clock_system.moc"
