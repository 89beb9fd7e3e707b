// Finalizers and leaks. Library cases 31-35 (deferral-leak) and 76-84
// (finalizers.cleanup, LEGACY: the bodies used JS try/finally; in v0 terms a
// try/finally is a bracket whose release runs when the body ends, see
// withFinally), plus FinalizerScope's own rules (5.2).
#include "effect_test_support.h"

#include <stdexcept>

using namespace efftest;

class TestEffectFinalizers : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void timedOutSleepLeavesNoTimer(); // 31
    void raceRunsLoserFinalizers(); // 32
    void timedOutAllRunsEveryFinalizer(); // 33
    void timedOutRetryRunsFinalizers(); // 34
    void finalizerRunsWhenTheBodyEnds(); // 35
    void finallyOnSuccess(); // 76
    void finallyOnError(); // 77
    void nestedFinally(); // 78
    void failingFinallyIsReportedNotThrown(); // 79
    void finallyBeforeMap(); // 80
    void finallyPerChainedStep(); // 81
    void finallyAroundRecovery(); // 82
    void finallyOnTimeout(); // 83
    void finallyPerRun(); // 84
    void scopeRunsLifoAndSwallowsErrors(); // 5.2 order check
    void scopeCloseIsIdempotent(); // 5.2
    void failingFinalizerIsReported(); // effect:finalizer:error
};

// 31. sleep(10000).timeout(100): Err(Timeout) at 100. The library left the
// sleep's timer behind (pending <= 1); fixed: nothing is pending.
void TestEffectFinalizers::timedOutSleepLeavesNoTimer()
{
    Rig rig;
    auto f = rig.start(sleep(10000).timeout(100));
    QVERIFY(rig.pending() > 0);
    rig.advance(100);
    QCOMPARE(f.value().error(), EffectError::timeout());
    QCOMPARE(rig.pending(), std::size_t(0));
}

// 32. race of slow1 (finalizer, raw sleep 1000), slow2 (finalizer, raw sleep
// 2000) and an immediate "fast": Ok("fast") at once, no clock time and no
// real-time wait (the library waited ~100 ms); fixed: both losers' finalizers
// have run (interrupted) when the race returns.
void TestEffectFinalizers::raceRunsLoserFinalizers()
{
    Rig rig;
    Log log;
    auto slow = [&log](std::string name, std::int64_t ms) {
        return effect([&log, name, ms](EffectEnv env) -> Task<Result<std::string>> {
            env.scope.push([&log, name](ExitCause c) { log.push_back(name + ":" + exitCauseName(c)); });
            co_await env.clock->sleep(ms);
            co_return name;
        });
    };
    auto f = rig.start(
        race(std::vector<Effect<std::string>> { slow("slow1", 1000), slow("slow2", 2000), succeed("fast") }));
    QCOMPARE(f.value(), Result<std::string>("fast"));
    QCOMPARE(rig.now(), std::int64_t(0));
    QCOMPARE(log, Log({ "slow1:interrupted", "slow2:interrupted" }));
    rig.advance(2000);
    QCOMPARE(log.size(), std::size_t(2));
}

// 33. all of three (finalizer + sleep 500/600/700) under timeout 300:
// Err(Timeout). The library's cleanup check was vacuous; fixed: all three
// finalizers ran (interrupted) and no timer is left.
void TestEffectFinalizers::timedOutAllRunsEveryFinalizer()
{
    Rig rig;
    int cleanups = 0;
    auto member = [&cleanups](std::int64_t ms) {
        return effect([&cleanups, ms](EffectEnv env) -> Task<Result<int>> {
            env.scope.push([&cleanups](ExitCause c) { cleanups += c == ExitCause::Interrupted ? 1 : 100; });
            const Result<Unit> slept = co_await sleep(ms).runIn(env);
            if (!slept.ok())
                co_return slept.error();
            co_return static_cast<int>(ms);
        });
    };
    auto f = rig.start(all(std::vector<Effect<int>> { member(500), member(600), member(700) }).timeout(300));
    rig.advance(300);
    QCOMPARE(f.value().error(), EffectError::timeout());
    QCOMPARE(cleanups, 3);
    QCOMPARE(rig.pending(), std::size_t(0));
}

// 34. A body that pushes a finalizer and fails, retried 5 times 1000 ms apart
// (factor 1), under timeout 1500: Err(Timeout); the finalizers ran; fixed:
// the pending retry delay is cancelled.
void TestEffectFinalizers::timedOutRetryRunsFinalizers()
{
    Rig rig;
    int attempts = 0;
    int finalized = 0;
    auto body = effect([&attempts, &finalized](EffectEnv env) -> Task<Result<int>> {
        ++attempts;
        env.scope.push([&finalized]() { ++finalized; });
        co_return Err("always fails");
    });
    RetryPolicy policy;
    policy.maxAttempts = 5;
    policy.baseDelayMs = 1000;
    policy.backoffFactor = 1;
    auto f = rig.start(body.retry(policy).timeout(1500));
    rig.advance(1000);
    QCOMPARE(attempts, 2);
    rig.advance(500);
    QCOMPARE(f.value().error(), EffectError::timeout());
    QCOMPARE(attempts, 2);
    QCOMPARE(finalized, 2);
    QCOMPARE(rig.pending(), std::size_t(0));
    rig.advance(5000);
    QCOMPARE(attempts, 2);
}

// 35. A body that pushes a finalizer then waits 100 (raw): acquired, not yet
// released; at 100 Ok("completed") and released.
void TestEffectFinalizers::finalizerRunsWhenTheBodyEnds()
{
    Rig rig;
    bool acquired = false;
    bool released = false;
    auto body = effect([&acquired, &released](EffectEnv env) -> Task<Result<std::string>> {
        acquired = true;
        env.scope.push([&released]() { released = true; });
        co_await env.clock->sleep(100);
        co_return std::string("completed");
    });
    auto f = rig.start(body);
    QVERIFY(acquired && !released);
    rig.advance(100);
    QCOMPARE(f.value(), Result<std::string>("completed"));
    QVERIFY(released);
}

// 76. try{sleep 100; "success"} finally -> "success"; [main-finalizer].
void TestEffectFinalizers::finallyOnSuccess()
{
    Rig rig;
    Log log;
    auto f = rig.start(withFinally(log, "main-finalizer", after(100, "success")));
    rig.advance(100);
    QCOMPARE(f.value(), Result<std::string>("success"));
    QCOMPARE(log, Log({ "main-finalizer:ok" }));
}

// 77. sleep 50, then the body fails -> Err; the finalizer ran (cause error).
void TestEffectFinalizers::finallyOnError()
{
    Rig rig;
    Log log;
    auto body = sleep(50).flatMap([](Unit) { return fail<std::string>("intentional error"); });
    auto f = rig.start(withFinally(log, "error-finalizer", body));
    rig.advance(50);
    QCOMPARE(f.value().error(), EffectError::fail("intentional error"));
    QCOMPARE(log, Log({ "error-finalizer:error" }));
}

// 78. Nested try/finally around sleep 30 -> "nested-success", inner finalizer first.
void TestEffectFinalizers::nestedFinally()
{
    Rig rig;
    Log log;
    auto inner = withFinally(log, "inner-finalizer", sleep(30).map([&log](Unit) {
        log.push_back("inner-operation");
        return std::string("nested-success");
    }));
    auto outer = effect([&log](EffectEnv) -> Task<Result<Unit>> {
        log.push_back("outer-start");
        co_return Unit {};
    }).flatMap([inner](Unit) { return inner; });
    auto f = rig.start(withFinally(log, "outer-finalizer", outer));
    rig.advance(30);
    QCOMPARE(f.value(), Result<std::string>("nested-success"));
    QCOMPARE(log, Log({ "outer-start", "inner-operation", "inner-finalizer:ok", "outer-finalizer:ok" }));
}

// 79. The inner finally throws "finalizer error". LEGACY: it overrode the
// result and was rethrown. Fixed (engine.md: a failing release is reported,
// never thrown over the result): the result stays Ok, the failure is
// reported as effect:release:error, and the outer finally still runs.
void TestEffectFinalizers::failingFinallyIsReportedNotThrown()
{
    Rig rig;
    Log log;
    auto inner = acquireUseRelease(
        succeed(),
        [&log](Unit) {
            log.push_back("operation-start");
            return succeed("operation-result");
        },
        [&log](Unit, ExitCause) -> Effect<Unit> {
            log.push_back("inner-finalizer");
            throw std::runtime_error("finalizer error");
        });
    auto f = rig.start(withFinally(log, "outer-finalizer", inner), RunOptions { {}, rig.sink(), {}, {} });
    QCOMPARE(f.value(), Result<std::string>("operation-result"));
    QCOMPARE(log, Log({ "operation-start", "inner-finalizer", "outer-finalizer:ok" }));
    QCOMPARE(rig.count("effect:release:error"), std::size_t(1));
    for (const auto& e : rig.events) {
        if (e.type == "effect:release:error")
            QCOMPARE(e.text("error"), std::string("finalizer error"));
    }
}

// 80. body (sleep 60 -> 42, with finally).map(*2) -> 84; the finally runs before the map.
void TestEffectFinalizers::finallyBeforeMap()
{
    Rig rig;
    Log log;
    auto body = withFinally(log, "original-finalizer", sleep(60).map([&log](Unit) {
        log.push_back("original-operation");
        return 42;
    }));
    auto f = rig.start(body.map([&log](int v) {
        log.push_back("map-operation");
        return v * 2;
    }));
    rig.advance(60);
    QCOMPARE(f.value(), Result<int>(84));
    QCOMPARE(log, Log({ "original-operation", "original-finalizer:ok", "map-operation" }));
}

// 81. first (sleep 30, finally).flatMap(second: sleep 40, finally).
void TestEffectFinalizers::finallyPerChainedStep()
{
    Rig rig;
    Log log;
    auto first = withFinally(log, "first-finalizer", sleep(30).map([&log](Unit) {
        log.push_back("first-operation");
        return std::string("first-result");
    }));
    auto chained = first.flatMap([&log](const std::string& v) {
        return withFinally(log, "second-finalizer", sleep(40).map([&log, v](Unit) {
            log.push_back("second-operation");
            return v + "-chained";
        }));
    });
    auto f = rig.start(chained);
    rig.advance(30);
    QVERIFY(!f.settled());
    rig.advance(40);
    QCOMPARE(f.value(), Result<std::string>("first-result-chained"));
    QCOMPARE(log, Log({ "first-operation", "first-finalizer:ok", "second-operation", "second-finalizer:ok" }));
}

// 82. A body failing after 20 (finally) -> catchError into a recovery (sleep 30, finally) -> "recovered".
void TestEffectFinalizers::finallyAroundRecovery()
{
    Rig rig;
    Log log;
    auto failing = withFinally(log, "original-finalizer", sleep(20).flatMap([&log](Unit) {
        log.push_back("operation-before-error");
        return fail<std::string>("boom");
    }));
    auto eff = failing.catchError([&log](const EffectError&) {
        log.push_back("recovery-start");
        return withFinally(log, "recovery-finalizer", sleep(30).map([&log](Unit) {
            log.push_back("recovery-operation");
            return std::string("recovered");
        }));
    });
    auto f = rig.start(eff);
    rig.advance(20);
    rig.advance(30);
    QCOMPARE(f.value(), Result<std::string>("recovered"));
    QCOMPARE(log,
        Log({ "operation-before-error", "original-finalizer:error", "recovery-start", "recovery-operation",
            "recovery-finalizer:ok" }));
}

// 83. sleep 300 (finally) under timeout 150: "timed out after 150ms", not
// completed. LEGACY: the body's finally had not run (the body was never
// interrupted). Fixed: the body is interrupted, so its finally runs, with
// cause interrupted, before the timeout answers.
void TestEffectFinalizers::finallyOnTimeout()
{
    Rig rig;
    Log log;
    bool completed = false;
    auto body = effect([&log, &completed](EffectEnv env) -> Task<Result<std::string>> {
        log.push_back("operation-start");
        const Result<Unit> slept = co_await sleep(300).runIn(env);
        if (!slept.ok())
            co_return slept.error();
        completed = true;
        co_return std::string("done");
    });
    auto f = rig.start(withFinally(log, "operation-finalizer", body).timeout(150));
    rig.advance(150);
    QCOMPARE(f.value().error().message(), std::string("Effect timed out after 150ms"));
    QVERIFY(!completed);
    QCOMPARE(log, Log({ "operation-start", "operation-finalizer:interrupted" }));
    rig.advance(300);
    QCOMPARE(log.size(), std::size_t(2));
}

// 84. Three bracketed operations (50/80/30), each run with its own advance.
void TestEffectFinalizers::finallyPerRun()
{
    Rig rig;
    Log log;
    const std::vector<std::int64_t> delays { 50, 80, 30 };
    for (std::size_t i = 0; i < delays.size(); ++i) {
        const std::string n = std::to_string(i + 1);
        auto op = withFinally(log, "finalizer" + n, sleep(delays[i]).map([&log, n](Unit) {
            log.push_back("operation" + n);
            return "result" + n;
        }));
        auto f = rig.start(op);
        rig.advance(delays[i]);
        QCOMPARE(f.value(), Result<std::string>("result" + n));
    }
    QCOMPARE(log, Log({ "operation1", "finalizer1:ok", "operation2", "finalizer2:ok", "operation3", "finalizer3:ok" }));
}

// 5.2: push f1, f2 (async, throws), f3 -> close runs f3, f2, f1 (LIFO),
// awaiting f2 and carrying on past its error.
void TestEffectFinalizers::scopeRunsLifoAndSwallowsErrors()
{
    Rig rig;
    Log order;
    int reported = 0;
    const FinalizerScope scope(rig.ex, 1, [&reported](std::exception_ptr, ExitCause) { ++reported; });
    scope.push([&order]() { order.push_back("f1"); });
    scope.push([&order, &rig](ExitCause) -> Task<void> {
        co_await rig.clock.sleep(10);
        order.push_back("f2");
        throw std::runtime_error("f2 failed");
    });
    scope.push([&order](ExitCause c) { order.push_back(std::string("f3:") + exitCauseName(c)); });
    auto closed = scope.close(ExitCause::Ok);
    QCOMPARE(order, Log({ "f3:ok" }));
    rig.advance(10);
    QVERIFY(closed.settled());
    QCOMPARE(order, Log({ "f3:ok", "f2", "f1" }));
    QCOMPARE(reported, 1);
    QVERIFY_THROWS_EXCEPTION(std::logic_error, scope.push([]() {}));
}

// 5.2: close is idempotent (the same future; finalizers run once) and a
// removed finalizer does not run.
void TestEffectFinalizers::scopeCloseIsIdempotent()
{
    Executor ex;
    int runs = 0;
    int removedRuns = 0;
    const FinalizerScope scope(ex);
    scope.push([&runs]() { ++runs; });
    const auto key = scope.push([&removedRuns]() { ++removedRuns; });
    QVERIFY(scope.remove(key));
    QCOMPARE(scope.size(), std::size_t(1));
    auto first = scope.close(ExitCause::Error);
    auto second = scope.close(ExitCause::Ok);
    ex.drain();
    QVERIFY(first.settled() && second.settled());
    QCOMPARE(runs, 1);
    QCOMPARE(removedRuns, 0);
    QVERIFY(scope.isClosed());
}

// A finalizer that throws during a run is reported as effect:finalizer:error
// and neither changes the result nor stops the other finalizers.
void TestEffectFinalizers::failingFinalizerIsReported()
{
    Rig rig;
    bool otherRan = false;
    auto body = effect([&otherRan](EffectEnv env) -> Task<Result<int>> {
        env.scope.push([&otherRan]() { otherRan = true; });
        env.scope.push([]() { throw std::runtime_error("cleanup broke"); });
        co_return 5;
    });
    RunOptions options;
    options.emit = rig.sink();
    auto f = rig.start(body, options);
    QCOMPARE(f.value(), Result<int>(5));
    QVERIFY(otherRan);
    QCOMPARE(rig.count("effect:finalizer:error"), std::size_t(1));
    QCOMPARE(rig.events.back().text("error"), std::string("cleanup broke"));
    QCOMPARE(rig.events.back().text("cause"), std::string("ok"));
}

QTEST_GUILESS_MAIN(TestEffectFinalizers)
#include "tst_effect_finalizers.moc"
