// Cancellation, timeouts and deterministic sleeps. Library cases 4-11
// (cancellation.basic, LEGACY: effect(body).timeout(T).run() with the env
// clock), 117-127 (scope.test.ts: the legacy cancel scope, ported to
// CancelToken), 128-133 (sleep.deterministic), 134-137 (timeout.basic).
#include "effect_test_support.h"

#include <stdexcept>

using namespace efftest;

namespace {
// LEGACY pattern of cases 4-11: run() must reject with a "timed out" error.
bool rejectedWithTimeout(const Future<std::string>& f)
{
    if (!f.hasError())
        return false;
    try {
        (void)f.value();
    } catch (const EffectFailure& e) {
        return e.error().isTimeout() && std::string(e.what()).find("timed out") != std::string::npos;
    } catch (...) { }
    return false;
}

struct Measured {
    std::int64_t requested = 0;
    std::int64_t actual = 0;
    friend bool operator==(const Measured&, const Measured&) = default;
};
} // namespace

class TestEffectCancel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void timeoutStopsASleepingBody_data();
    void timeoutStopsASleepingBody(); // 4, 7
    void timeoutStopsNestedWork(); // 5
    void timeoutStopsBeforeTheNextStep(); // 6
    void fastBodyBeatsTheTimeout(); // 8
    void timeoutCoversTheWholeChain(); // 9
    void timeoutCoversARecovery(); // 10
    void timeoutSkipsTheRestOfTheChain(); // 11
    void tokenIds(); // 117-119, 127
    void tokenCancelFiresCallbacksOnce(); // 120-122, 124
    void tokenLateCallbackFiresImmediately(); // 123, 126
    void tokenSwallowsCallbackErrors(); // 125
    void tokenPropagatesDownOnly(); // 5.2 CancelToken rules
    void sleepCompletesWithoutRealTime(); // 128
    void sequentialSleepsSeeTheirTimes(); // 129
    void sleepsCompleteInTimeOrder(); // 130
    void timedOutSleepNeverCompletes(); // 131
    void measuredSleepsAreExact(); // 132
    void timeoutElapsesExactly(); // 133, 134
    void immediateSuccessBeatsTimeout(); // 135
    void timeoutCoversFlatMappedSleep(); // 136
    void timeoutClosesTheBodyScope(); // 137
    void timeoutThatLostLeavesNoTimer(); // engine.md fix
    void cancelledSleepIsInterrupted(); // engine.md fix
};

// 4, 7. body: started, sleep 1000, finished; timeout 500 (resp. 300): run()
// rejects "timed out" and the body never finishes. Fixed: the sleep is
// cancelled, so it does not finish later either and leaves no timer.
void TestEffectCancel::timeoutStopsASleepingBody_data()
{
    QTest::addColumn<qint64>("limit");
    QTest::newRow("case 4: timeout 500") << qint64(500);
    QTest::newRow("case 7: timeout 300") << qint64(300);
}

void TestEffectCancel::timeoutStopsASleepingBody()
{
    QFETCH(qint64, limit);
    {
        Rig rig;
        bool started = false;
        bool finished = false;
        auto body = effect([&started, &finished](EffectEnv env) -> Task<Result<std::string>> {
            started = true;
            const Result<Unit> slept = co_await sleep(1000).runIn(env);
            if (!slept.ok())
                co_return slept.error();
            finished = true;
            co_return std::string("done");
        });
        auto f = body.timeout(limit).run(rig.clock);
        rig.clock.flush();
        rig.advance(limit);
        QVERIFY(rejectedWithTimeout(f));
        QVERIFY(started);
        QVERIFY(!finished);
        rig.advance(1000);
        QVERIFY(!finished);
        QCOMPARE(rig.pending(), std::size_t(0));
    }
}

// 5. outer logs and runs inner in its env; inner logs and sleeps 800; timeout 400.
void TestEffectCancel::timeoutStopsNestedWork()
{
    Rig rig;
    Log order;
    auto inner = effect([&order](EffectEnv env) -> Task<Result<std::string>> {
        order.push_back("inner-start");
        const Result<Unit> slept = co_await sleep(800).runIn(env);
        if (!slept.ok())
            co_return slept.error();
        order.push_back("inner-end");
        co_return std::string("inner");
    });
    auto outer = effect([&order, inner](EffectEnv env) -> Task<Result<std::string>> {
        order.push_back("outer-start");
        co_return co_await inner.runIn(env);
    });
    auto f = outer.timeout(400).run(rig.clock);
    rig.clock.flush();
    rig.advance(400);
    QVERIFY(rejectedWithTimeout(f));
    QCOMPARE(order, Log({ "outer-start", "inner-start" }));
}

// 6. (step1; sleep 200; step2).map(step3) with timeout 100: only step1 ran.
void TestEffectCancel::timeoutStopsBeforeTheNextStep()
{
    Rig rig;
    Log steps;
    auto slow = effect([&steps](EffectEnv env) -> Task<Result<std::string>> {
        steps.push_back("step1");
        const Result<Unit> slept = co_await sleep(200).runIn(env);
        if (!slept.ok())
            co_return slept.error();
        steps.push_back("step2");
        co_return std::string("x");
    }).map([&steps](const std::string& v) {
        steps.push_back("step3");
        return v;
    });
    auto f = slow.timeout(100).run(rig.clock);
    rig.advance(100);
    rig.advance(200);
    QVERIFY(rejectedWithTimeout(f));
    QCOMPARE(steps, Log({ "step1" }));
}

// 8. sleep 50 -> "fast-result" under timeout 200: resolves at 50; a further
// adv(200) changes nothing (fixed: the timeout timer is already gone).
void TestEffectCancel::fastBodyBeatsTheTimeout()
{
    Rig rig;
    auto f = after(50, "fast-result").timeout(200).withEmit(rig.sink()).run(rig.clock);
    rig.advance(50);
    QCOMPARE(f.value(), std::string("fast-result"));
    QCOMPARE(rig.pending(), std::size_t(0));
    rig.advance(200);
    QCOMPARE(rig.count("effect:timeout:triggered"), std::size_t(0));
}

// 9. first (log; sleep 100; 42).flatMap(v -> log "second-"+v; sleep 300) with
// timeout 250; adv 100 then 150: timed out after [first, second-42].
void TestEffectCancel::timeoutCoversTheWholeChain()
{
    Rig rig;
    Log log;
    auto first = effect([&log](EffectEnv env) -> Task<Result<int>> {
        log.push_back("first");
        const Result<Unit> slept = co_await sleep(100).runIn(env);
        if (!slept.ok())
            co_return slept.error();
        co_return 42;
    });
    auto chain = first.flatMap([&log](int v) {
        log.push_back("second-" + std::to_string(v));
        return after(300, "second");
    });
    auto f = chain.timeout(250).run(rig.clock);
    rig.advance(100);
    rig.advance(150);
    QVERIFY(rejectedWithTimeout(f));
    QCOMPARE(log, Log({ "first", "second-42" }));
}

// 10. fail -> catchError into a recovery (log; sleep 500; log) with timeout 200.
void TestEffectCancel::timeoutCoversARecovery()
{
    Rig rig;
    Log log;
    auto recovery = effect([&log](EffectEnv env) -> Task<Result<std::string>> {
        log.push_back("recovery-start");
        const Result<Unit> slept = co_await sleep(500).runIn(env);
        if (!slept.ok())
            co_return slept.error();
        log.push_back("recovery-end");
        co_return std::string("recovered");
    });
    auto eff = fail<std::string>("boom").catchError([&log, recovery](const EffectError&) {
        log.push_back("error-caught");
        return recovery;
    });
    auto f = eff.timeout(200).run(rig.clock);
    rig.advance(200);
    rig.advance(500);
    QVERIFY(rejectedWithTimeout(f));
    QCOMPARE(log, Log({ "error-caught", "recovery-start" }));
}

// 11. effect1 (sleep 400).map(upper) with timeout 200: neither effect1 nor the
// map (effect2) completes.
void TestEffectCancel::timeoutSkipsTheRestOfTheChain()
{
    Rig rig;
    bool effect1Completed = false;
    bool effect2Completed = false;
    auto effect1 = sleep(400).map([&effect1Completed](Unit) {
        effect1Completed = true;
        return std::string("hello");
    });
    auto f = effect1
                 .map([&effect2Completed](const std::string& s) {
                     effect2Completed = true;
                     return s + "!";
                 })
                 .timeout(200)
                 .run(rig.clock);
    rig.advance(200);
    QVERIFY(rejectedWithTimeout(f));
    rig.advance(400);
    QVERIFY(!effect1Completed);
    QVERIFY(!effect2Completed);
}

// 117-119, 127. Ids are distinct; a child knows its parent; a root has none.
void TestEffectCancel::tokenIds()
{
    IdSource ids;
    const CancelToken a(ids.next());
    const CancelToken b(ids.next());
    QVERIFY(a.id() != b.id()); // 117
    const CancelToken child = a.child(ids.next());
    QCOMPARE(child.parentId(), std::optional<std::uint64_t>(a.id())); // 118, 127
    QVERIFY(!a.parentId().has_value()); // 119, 127
    Executor ex;
    const FinalizerScope scope(ex, ids.next());
    QCOMPARE(scope.child(ids.next()).parentId(), std::optional<std::uint64_t>(scope.id()));
}

// 120-122, 124. Not cancelled at first; cancel sets the flag and calls every
// callback exactly once, however often it is called.
void TestEffectCancel::tokenCancelFiresCallbacksOnce()
{
    const CancelToken token;
    QVERIFY(!token.isCancelled()); // 120
    int first = 0;
    int second = 0;
    token.onCancel([&first]() { ++first; });
    token.onCancel([&second]() { ++second; });
    token.cancel(); // 121, 122
    QVERIFY(token.isCancelled());
    token.cancel(); // 124
    token.cancel();
    QCOMPARE(first, 1);
    QCOMPARE(second, 1);
    QVERIFY(token.isCancelled());
}

// 123, 126. onCancel after cancel fires at once, exactly once; earlier
// callbacks were cleared and do not fire again.
void TestEffectCancel::tokenLateCallbackFiresImmediately()
{
    const CancelToken token;
    int early = 0;
    int late = 0;
    token.onCancel([&early]() { ++early; });
    token.cancel();
    token.onCancel([&late]() { ++late; });
    QCOMPARE(late, 1);
    token.cancel();
    QCOMPARE(early, 1);
    QCOMPARE(late, 1);
}

// 125. A throwing callback does not stop the others or escape cancel().
void TestEffectCancel::tokenSwallowsCallbackErrors()
{
    const CancelToken token;
    int calls = 0;
    token.onCancel([&calls]() {
        ++calls;
        throw std::runtime_error("callback error");
    });
    token.onCancel([&calls]() { ++calls; });
    token.cancel();
    QCOMPARE(calls, 2);
    QVERIFY(token.isCancelled());
}

// 5.2: parent -> child propagation, never child -> parent; a child of a
// cancelled parent starts cancelled; unsubscribe detaches a callback.
void TestEffectCancel::tokenPropagatesDownOnly()
{
    const CancelToken parent(1);
    const CancelToken child = parent.child(2);
    const CancelToken grandChild = child.child(3);
    int unsubscribed = 0;
    auto subscription = grandChild.onCancel([&unsubscribed]() { ++unsubscribed; });
    subscription.unsubscribe();
    child.cancel();
    QVERIFY(!parent.isCancelled());
    QVERIFY(grandChild.isCancelled());
    QCOMPARE(unsubscribed, 0);
    const CancelToken sibling = parent.child(4);
    parent.cancel();
    QVERIFY(sibling.isCancelled());
    QVERIFY(parent.child(5).isCancelled());
}

// 128. [PERF] sleep(1000) completes from adv(1000) alone: settled right after
// the advance, with no real time involved (no wall time is measured here).
void TestEffectCancel::sleepCompletesWithoutRealTime()
{
    Rig rig;
    auto f = rig.start(sleep(1000));
    rig.advance(1000);
    QVERIFY(f.settled());
    QVERIFY(f.value().ok());
    QCOMPARE(rig.now(), std::int64_t(1000));
}

// 129. mono at start, after 500 and after 300 more -> [0, 500, 800].
void TestEffectCancel::sequentialSleepsSeeTheirTimes()
{
    Rig rig;
    std::vector<std::int64_t> times;
    auto body = effect([&times](EffectEnv env) -> Task<Result<std::string>> {
        times.push_back(env.now().monoMs);
        co_await env.clock->sleep(500);
        times.push_back(env.now().monoMs);
        co_await env.clock->sleep(300);
        times.push_back(env.now().monoMs);
        co_return std::string("done");
    });
    auto f = rig.start(body);
    rig.advance(500);
    rig.advance(300);
    QCOMPARE(f.value(), Result<std::string>("done"));
    QCOMPARE(times, std::vector<std::int64_t>({ 0, 500, 800 }));
}

// 130. ctl(100): sleeps 200/100/300, each run on its own; adv 100 x3 -> [2, 1, 3].
void TestEffectCancel::sleepsCompleteInTimeOrder()
{
    Rig rig(100);
    std::vector<int> order;
    auto tagged
        = [&order](std::int64_t ms, int tag) { return sleep(ms).map([&order, tag](Unit) { order.push_back(tag); }); };
    auto f1 = tagged(200, 1).run(rig.clock);
    auto f2 = tagged(100, 2).run(rig.clock);
    auto f3 = tagged(300, 3).run(rig.clock);
    rig.advance(100);
    rig.advance(100);
    rig.advance(100);
    QVERIFY(f1.settled() && f2.settled() && f3.settled());
    QCOMPARE(order, std::vector<int>({ 2, 1, 3 }));
}

// 131. sleep 1000 (an interruption would map to "cancelled") under timeout 500:
// the run rejects, the caller maps that to "timed-out"; the sleep never completes.
void TestEffectCancel::timedOutSleepNeverCompletes()
{
    Rig rig;
    bool sleepCompleted = false;
    auto body = sleep(1000)
                    .map([&sleepCompleted](Unit) {
                        sleepCompleted = true;
                        return std::string("slept");
                    })
                    .catchError([](const EffectError& e) {
                        return e.isInterrupted() ? succeed("cancelled") : fail<std::string>(e);
                    });
    auto f = body.timeout(500).run(rig.clock);
    rig.advance(500);
    const std::string outcome = f.hasError() ? "timed-out" : f.value();
    QCOMPARE(outcome, std::string("timed-out"));
    rig.advance(500);
    QVERIFY(!sleepCompleted);
}

// 132. ctl(1000): sleeps of 100/50/200/25 each measure exactly their length.
void TestEffectCancel::measuredSleepsAreExact()
{
    Rig rig(1000);
    auto body = effect([](EffectEnv env) -> Task<Result<std::vector<Measured>>> {
        std::vector<Measured> out;
        const std::vector<std::int64_t> requested { 100, 50, 200, 25 };
        for (const std::int64_t ms : requested) {
            const std::int64_t before = env.now().monoMs;
            co_await env.clock->sleep(ms);
            out.push_back({ ms, env.now().monoMs - before });
        }
        co_return out;
    });
    auto f = rig.start(body);
    for (const std::int64_t ms : { 100, 50, 200, 25 })
        rig.advance(ms);
    QCOMPARE(f.value(),
        Result<std::vector<Measured>>(std::vector<Measured> { { 100, 100 }, { 50, 50 }, { 200, 200 }, { 25, 25 } }));
}

// 133, 134. sleep(1000).timeout(500): timers pending while running; Err(Timeout)
// after exactly 500; fixed: nothing is left pending afterwards.
void TestEffectCancel::timeoutElapsesExactly()
{
    Rig rig;
    const std::int64_t startMono = rig.now();
    auto f = rig.start(sleep(1000).timeout(500));
    QCOMPARE(rig.pending(), std::size_t(2));
    rig.advance(499);
    QVERIFY(!f.settled());
    rig.advance(1);
    QCOMPARE(f.value().error(), EffectError::timeout());
    QCOMPARE(rig.now() - startMono, std::int64_t(500));
    QCOMPARE(rig.pending(), std::size_t(0));
}

// 135. succeed("fast").timeout(1000) -> Ok("fast") with no advance and no timer.
void TestEffectCancel::immediateSuccessBeatsTimeout()
{
    Rig rig;
    auto f = rig.start(succeed("fast").timeout(1000));
    QCOMPARE(f.value(), Result<std::string>("fast"));
    QCOMPARE(rig.pending(), std::size_t(0));
}

// 136. succeed("start").flatMap(sleep 800).map("completed").timeout(500) -> Err(Timeout).
void TestEffectCancel::timeoutCoversFlatMappedSleep()
{
    Rig rig;
    auto eff = succeed("start")
                   .flatMap([](const std::string&) { return sleep(800); })
                   .map([](Unit) { return std::string("completed"); })
                   .timeout(500);
    auto f = rig.start(eff);
    rig.advance(500);
    QCOMPARE(f.value().error(), EffectError::timeout(500));
}

// 137. A body that pushes a finalizer and then ignores cancellation (raw
// clock sleep 1000): the timeout still answers at 500, after closing the
// body's scope with cause interrupted.
void TestEffectCancel::timeoutClosesTheBodyScope()
{
    Rig rig;
    Log finalizers;
    auto body = effect([&finalizers](EffectEnv env) -> Task<Result<std::string>> {
        env.scope.push([&finalizers](ExitCause c) { finalizers.push_back(exitCauseName(c)); });
        co_await env.clock->sleep(1000);
        co_return std::string("late");
    });
    auto f = rig.start(body.timeout(500));
    rig.advance(500);
    QCOMPARE(f.value().error(), EffectError::timeout());
    QCOMPARE(finalizers, Log({ "interrupted" }));
    rig.advance(500); // the stubborn body ends; its scope is not closed twice
    QCOMPARE(finalizers.size(), std::size_t(1));
}

// engine.md: a timeout that lost the race leaves no pending timer and never
// reports timeout:triggered later (the library's clock timer stayed behind).
void TestEffectCancel::timeoutThatLostLeavesNoTimer()
{
    Rig rig;
    auto f = rig.start(after(100, 1).timeout(1000).withEmit(rig.sink()));
    QCOMPARE(rig.pending(), std::size_t(2));
    rig.advance(100);
    QCOMPARE(f.value(), Result<int>(1));
    QCOMPARE(rig.pending(), std::size_t(0));
    rig.advance(1000);
    QCOMPARE(rig.count("effect:timeout:start"), std::size_t(1));
    QCOMPARE(rig.count("effect:timeout:triggered"), std::size_t(0));
}

// engine.md: a cancelled sleep ends with Err(Interrupted) (not Ok) at once,
// and removes its timer; the run reports Interrupted.
void TestEffectCancel::cancelledSleepIsInterrupted()
{
    Rig rig;
    const CancelToken external(99);
    RunOptions options;
    options.cancel = external;
    Result<Unit> seen = EffectError::fail("not run");
    auto body = effect([&seen](EffectEnv env) -> Task<Result<int>> {
        seen = co_await sleep(1000).runIn(env);
        co_return 1;
    });
    auto f = rig.start(body, options);
    rig.advance(100);
    QCOMPARE(rig.pending(), std::size_t(1));
    external.cancel();
    rig.clock.flush();
    QCOMPARE(seen.error(), EffectError::interrupted());
    QCOMPARE(f.value().error(), EffectError::interrupted());
    QCOMPARE(rig.pending(), std::size_t(0));
    QCOMPARE(rig.now(), std::int64_t(100));
}

QTEST_GUILESS_MAIN(TestEffectCancel)
#include "tst_effect_cancel.moc"
