// onInterrupt and acquireUseRelease. Library cases 99-107
// (resource-management) and 108-114 (resources.lifecycle, LEGACY: its
// acquireResource helper is a bracket), plus the engine.md rules: release
// exactly once, LIFO, with cause ok/error/interrupted; a failing release is
// reported, never thrown over the result.
#include "effect_test_support.h"

#include <algorithm>
#include <stdexcept>

using namespace efftest;

namespace {
// Logs "cleanup<n>" when run.
Effect<Unit> cleanupLog(Log& log, std::string name)
{
    return effect([&log, name](EffectEnv) -> Task<Result<Unit>> {
        log.push_back(name);
        co_return Unit {};
    });
}

// Case 103-107's bracket: acquire logs "acquire" and yields "resource",
// release logs "release-<r>-<cause>".
template <typename Use>
auto loggedBracket(Log& log, Use use)
{
    auto acquire = effect([&log](EffectEnv) -> Task<Result<std::string>> {
        log.push_back("acquire");
        co_return std::string("resource");
    });
    return acquireUseRelease(acquire, use, [&log](const std::string& r, ExitCause c) {
        log.push_back("release-" + r + "-" + exitCauseName(c));
        return succeed();
    });
}

// The LEGACY acquireResource(r, op) of cases 108-114 as a bracket.
struct Tracked {
    bool acquired = false;
    bool released = false;
};
template <typename A>
Effect<A> acquireResource(Tracked& r, Effect<A> op)
{
    auto acquire = effect([&r](EffectEnv) -> Task<Result<Unit>> {
        r.acquired = true;
        co_return Unit {};
    });
    return acquireUseRelease(
        acquire, [op](Unit) { return op; },
        [&r](Unit) {
            r.released = true;
            return succeed();
        });
}
} // namespace

class TestEffectResources : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void onInterruptRunsOnTimeout(); // 99
    void onInterruptSkippedOnSuccess(); // 100
    void onInterruptSkippedOnFailure(); // 101
    void stackedOnInterruptHandlers(); // 102
    void bracketSuccess(); // 103
    void bracketUseFails(); // 104
    void bracketAcquireFails(); // 105
    void bracketInterruptedByTimeout(); // 106
    void nestedBracketsReleaseLifo(); // 107
    void resourceHeldWhileInUse(); // 108
    void resourceReleasedOnFailure(); // 109
    void resourceUnderTimeout(); // 110
    void resourcesInSequence(); // 111
    void sequenceStopsAtFailure(); // 112
    void resourcesOneRunEach(); // 113
    void resourceWithContext(); // 114
    void releaseOnceWithEachCause_data();
    void releaseOnceWithEachCause(); // engine.md fix
    void failingReleaseIsReported_data();
    void failingReleaseIsReported(); // engine.md fix
};

// 99. sleep(1000).onInterrupt(cleanup).timeout(500) -> Err(Timeout); cleanup ran.
void TestEffectResources::onInterruptRunsOnTimeout()
{
    Rig rig;
    Log log;
    auto f = rig.start(sleep(1000).onInterrupt([&log]() { return cleanupLog(log, "cleanup"); }).timeout(500));
    rig.advance(500);
    QCOMPARE(f.value().error(), EffectError::timeout());
    QCOMPARE(log, Log({ "cleanup" }));
}

// 100. succeed("completed").onInterrupt(cleanup) -> Ok; no cleanup.
void TestEffectResources::onInterruptSkippedOnSuccess()
{
    Rig rig;
    Log log;
    auto f = rig.start(succeed("completed").onInterrupt([&log]() { return cleanupLog(log, "cleanup"); }));
    QCOMPARE(f.value(), Result<std::string>("completed"));
    QVERIFY(log.empty());
}

// 101. fail("test error").onInterrupt(cleanup) -> Err; no cleanup.
void TestEffectResources::onInterruptSkippedOnFailure()
{
    Rig rig;
    Log log;
    auto f = rig.start(fail<int>("test error").onInterrupt([&log]() { return cleanupLog(log, "cleanup"); }));
    QCOMPARE(f.value().error(), EffectError::fail("test error"));
    QVERIFY(log.empty());
}

// 102. Two stacked handlers under timeout 500: both run.
void TestEffectResources::stackedOnInterruptHandlers()
{
    Rig rig;
    Log log;
    auto eff = sleep(1000)
                   .onInterrupt([&log]() { return cleanupLog(log, "cleanup1"); })
                   .onInterrupt([&log]() { return cleanupLog(log, "cleanup2"); })
                   .timeout(500);
    auto f = rig.start(eff);
    rig.advance(500);
    QCOMPARE(f.value().error(), EffectError::timeout());
    std::sort(log.begin(), log.end());
    QCOMPARE(log, Log({ "cleanup1", "cleanup2" }));
}

// 103. acquire, use, release(ok) -> Ok("result").
void TestEffectResources::bracketSuccess()
{
    Rig rig;
    Log log;
    auto f = rig.start(loggedBracket(log, [&log](const std::string& r) {
        log.push_back("use-" + r);
        return succeed("result");
    }));
    QCOMPARE(f.value(), Result<std::string>("result"));
    QCOMPARE(log, Log({ "acquire", "use-resource", "release-resource-ok" }));
}

// 104. use returns Err("use-failed") -> Err; release with cause error.
void TestEffectResources::bracketUseFails()
{
    Rig rig;
    Log log;
    auto f = rig.start(loggedBracket(log, [&log](const std::string& r) {
        log.push_back("use-" + r);
        return fail<std::string>("use-failed");
    }));
    QCOMPARE(f.value().error(), EffectError::fail("use-failed"));
    QCOMPARE(log, Log({ "acquire", "use-resource", "release-resource-error" }));
}

// 105. acquire fails -> Err("acquire-failed"); neither use nor release runs.
void TestEffectResources::bracketAcquireFails()
{
    Rig rig;
    Log log;
    auto acquire = effect([&log](EffectEnv) -> Task<Result<std::string>> {
        log.push_back("acquire-failed");
        co_return Err("acquire-failed");
    });
    auto eff = acquireUseRelease(
        acquire,
        [&log](const std::string& r) {
            log.push_back("use-" + r);
            return succeed("result");
        },
        [&log](const std::string& r) {
            log.push_back("release-" + r);
            return succeed();
        });
    QCOMPARE(rig.start(eff).value().error(), EffectError::fail("acquire-failed"));
    QCOMPARE(log, Log({ "acquire-failed" }));
}

// 106. use waits 1000 without cooperating (raw sleep) under timeout 500:
// Err(Timeout) at 500 and release(interrupted) already ran; when use finally
// ends, nothing is released a second time.
void TestEffectResources::bracketInterruptedByTimeout()
{
    Rig rig;
    Log log;
    auto eff = loggedBracket(log, [&log](const std::string& r) {
        return effect([&log, r](EffectEnv env) -> Task<Result<std::string>> {
            log.push_back("use-" + r + "-start");
            co_await env.clock->sleep(1000);
            log.push_back("use-" + r + "-end");
            co_return std::string("result");
        });
    });
    auto f = rig.start(eff.timeout(500));
    rig.advance(500);
    QCOMPARE(f.value().error(), EffectError::timeout());
    QCOMPARE(log, Log({ "acquire", "use-resource-start", "release-resource-interrupted" }));
    rig.advance(500);
    QCOMPARE(log, Log({ "acquire", "use-resource-start", "release-resource-interrupted", "use-resource-end" }));
}

// 107. Nested brackets release inner first.
void TestEffectResources::nestedBracketsReleaseLifo()
{
    Rig rig;
    Log log;
    auto bracket = [&log](std::string name, auto use) {
        auto acquire = effect([&log, name](EffectEnv) -> Task<Result<std::string>> {
            log.push_back("acquire-" + name);
            co_return name;
        });
        return acquireUseRelease(acquire, use, [&log](const std::string& r, ExitCause c) {
            log.push_back("release-" + r + "-" + exitCauseName(c));
            return succeed();
        });
    };
    auto eff = bracket("outer", [&log, bracket](const std::string& outer) {
        return bracket("inner", [&log, outer](const std::string& inner) {
            log.push_back("use-" + outer + "-" + inner);
            return succeed("nested-result");
        });
    });
    QCOMPARE(rig.start(eff).value(), Result<std::string>("nested-result"));
    QCOMPARE(log, Log({ "acquire-outer", "acquire-inner", "use-outer-inner", "release-inner-ok", "release-outer-ok" }));
}

// 108. op sleeps 100: held (acquired, not released) meanwhile, released after.
void TestEffectResources::resourceHeldWhileInUse()
{
    Rig rig;
    Tracked r;
    auto f = rig.start(acquireResource(r, after(100, "operation-complete")));
    QVERIFY(r.acquired && !r.released);
    rig.advance(100);
    QCOMPARE(f.value(), Result<std::string>("operation-complete"));
    QVERIFY(r.released);
}

// 109. op sleeps 50 and fails -> Err; released.
void TestEffectResources::resourceReleasedOnFailure()
{
    Rig rig;
    Tracked r;
    auto op = sleep(50).flatMap([](Unit) { return fail<std::string>("operation failed"); });
    auto f = rig.start(acquireResource(r, op));
    rig.advance(50);
    QCOMPARE(f.value().error(), EffectError::fail("operation failed"));
    QVERIFY(r.released);
}

// 110. op sleeps 500 under timeout 200: "timed out after 200ms", op not
// completed; fixed: the resource is released right away (interrupted).
void TestEffectResources::resourceUnderTimeout()
{
    Rig rig;
    Tracked r;
    bool completed = false;
    auto op = sleep(500).map([&completed](Unit) {
        completed = true;
        return 1;
    });
    auto f = rig.start(acquireResource(r, op).timeout(200));
    rig.advance(200);
    QCOMPARE(f.value().error().message(), std::string("Effect timed out after 200ms"));
    QVERIFY(!completed);
    QVERIFY(r.released);
}

// 111. r1 (50), r2 (30), r3 (40) one after another: each released before the
// next is acquired.
void TestEffectResources::resourcesInSequence()
{
    Rig rig;
    Tracked r1, r2, r3;
    auto eff = acquireResource(r1, after(50, "result-1")).flatMap([&r2, &r3](const std::string& v1) {
        return acquireResource(r2, after(30, "result-2")).flatMap([&r3, v1](const std::string& v2) {
            return acquireResource(r3, after(40, "result-3")).map([v1, v2](const std::string& v3) {
                return std::vector<std::string> { v1, v2, v3 };
            });
        });
    });
    auto f = rig.start(eff);
    rig.advance(50);
    QVERIFY(r1.released && r2.acquired && !r2.released);
    rig.advance(30);
    QVERIFY(r2.released && r3.acquired && !r3.released);
    rig.advance(40);
    QCOMPARE(f.value().value(), std::vector<std::string>({ "result-1", "result-2", "result-3" }));
    QVERIFY(r3.released);
}

// 112. r2 fails after 30: Err; r1 and r2 acquired and released; r3 untouched.
void TestEffectResources::sequenceStopsAtFailure()
{
    Rig rig;
    Tracked r1, r2, r3;
    auto eff = acquireResource(r1, after(50, "result-1")).flatMap([&r2, &r3](const std::string&) {
        auto failing = sleep(30).flatMap([](Unit) { return fail<std::string>("resource-2 failed"); });
        return acquireResource(r2, failing).flatMap([&r3](const std::string&) {
            return acquireResource(r3, after(40, "result-3"));
        });
    });
    auto f = rig.start(eff);
    rig.advance(50);
    rig.advance(30);
    QCOMPARE(f.value().error(), EffectError::fail("resource-2 failed"));
    QVERIFY(r1.acquired && r1.released && r2.acquired && r2.released);
    QVERIFY(!r3.acquired && !r3.released);
}

// 113. Three resources (100/150/80), each in its own run with its own advance.
void TestEffectResources::resourcesOneRunEach()
{
    Rig rig;
    std::vector<Tracked> tracked(3);
    const std::vector<std::int64_t> delays { 100, 150, 80 };
    for (std::size_t i = 0; i < delays.size(); ++i) {
        const std::string expected = "concurrent-result-" + std::to_string(i + 1);
        auto f = rig.start(acquireResource(tracked[i], after(delays[i], expected)));
        rig.advance(delays[i]);
        QCOMPARE(f.value(), Result<std::string>(expected));
    }
    for (const Tracked& t : tracked)
        QVERIFY(t.acquired && t.released);
}

// 114. userId/sessionId reach the acquire, the operation and its end.
void TestEffectResources::resourceWithContext()
{
    Rig rig;
    Tracked r;
    Log trace;
    auto ids = [](const EffectEnv& env) {
        return env.context.value<std::string>("userId") + "/" + env.context.value<std::string>("sessionId");
    };
    auto before = effect([&trace, ids](EffectEnv env) -> Task<Result<Unit>> {
        trace.push_back("before-acquire:" + ids(env));
        co_return Unit {};
    });
    auto op = effect([&trace, ids](EffectEnv env) -> Task<Result<std::string>> {
        trace.push_back("resource-operation:" + ids(env));
        co_await sleep(60).runIn(env);
        trace.push_back("operation-complete:" + ids(env));
        co_return std::string("context-result");
    });
    auto eff = before.flatMap([&r, op](Unit) { return acquireResource(r, op); })
                   .withContext("userId", "user-789")
                   .withContext("sessionId", "session-123");
    auto f = rig.start(eff);
    rig.advance(60);
    QCOMPARE(f.value(), Result<std::string>("context-result"));
    QCOMPARE(trace,
        Log({ "before-acquire:user-789/session-123", "resource-operation:user-789/session-123",
            "operation-complete:user-789/session-123" }));
    QVERIFY(r.acquired && r.released);
}

void TestEffectResources::releaseOnceWithEachCause_data()
{
    QTest::addColumn<QString>("ending");
    QTest::addColumn<QString>("cause");
    QTest::newRow("use succeeds") << QStringLiteral("ok") << QStringLiteral("ok");
    QTest::newRow("use fails") << QStringLiteral("fail") << QStringLiteral("error");
    QTest::newRow("timeout") << QStringLiteral("timeout") << QStringLiteral("interrupted");
    QTest::newRow("race lost") << QStringLiteral("race") << QStringLiteral("interrupted");
    QTest::newRow("fiber interrupted") << QStringLiteral("interrupt") << QStringLiteral("interrupted");
}

// engine.md: whichever way use ends, release runs exactly once, with the
// matching cause, and before the surrounding effect returns.
void TestEffectResources::releaseOnceWithEachCause()
{
    QFETCH(QString, ending);
    QFETCH(QString, cause);
    Rig rig;
    Log log;
    const std::string how = ending.toStdString();
    auto bracket = acquireUseRelease(
        succeed(std::string("conn")),
        [how](const std::string&) { return how == "fail" ? fail<int>("use failed") : after(100, 1); },
        [&log](const std::string& r, ExitCause c) {
            log.push_back("release-" + r + "-" + exitCauseName(c));
            return succeed();
        });
    Effect<int> outer = bracket;
    if (how == "timeout")
        outer = bracket.timeout(50);
    else if (how == "race")
        outer = race(std::vector<Effect<int>> { bracket, after(50, 2) });
    else if (how == "interrupt")
        outer = bracket.fork().flatMap([](Fiber<int> f) { return f.interrupt().map([](Unit) { return 3; }); });
    auto watched = outer
                       .catchError([&log](const EffectError&) {
                           log.push_back("returned");
                           return succeed(0);
                       })
                       .map([&log](int v) {
                           if (v != 0)
                               log.push_back("returned");
                           return v;
                       });
    auto f = rig.start(watched);
    rig.advance(50);
    rig.advance(50);
    rig.advance(100);
    QVERIFY(f.settled());
    QCOMPARE(log, Log({ "release-conn-" + cause.toStdString(), "returned" }));
    QCOMPARE(rig.pending(), std::size_t(0));
}

void TestEffectResources::failingReleaseIsReported_data()
{
    QTest::addColumn<bool>("throws");
    QTest::addColumn<bool>("useFails");
    QTest::newRow("release returns Err, use ok") << false << false;
    QTest::newRow("release throws, use ok") << true << false;
    QTest::newRow("release returns Err, use fails") << false << true;
}

// engine.md: a failing release never replaces use's result; it is reported
// as effect:release:error {error, cause}.
void TestEffectResources::failingReleaseIsReported()
{
    QFETCH(bool, throws);
    QFETCH(bool, useFails);
    Rig rig;
    auto bracket = acquireUseRelease(
        succeed(1), [useFails](int) { return useFails ? fail<std::string>("use failed") : succeed("used"); },
        [throws](int, ExitCause) -> Effect<Unit> {
            if (throws)
                throw std::runtime_error("release broke");
            return fail<Unit>("release broke");
        },
        rig.sink());
    auto f = rig.start(bracket);
    if (useFails)
        QCOMPARE(f.value().error(), EffectError::fail("use failed"));
    else
        QCOMPARE(f.value(), Result<std::string>("used"));
    QCOMPARE(rig.count("effect:release:error"), std::size_t(1));
    for (const auto& e : rig.events) {
        if (e.type != "effect:release:error")
            continue;
        QCOMPARE(e.text("error"), std::string("release broke"));
        QCOMPARE(e.text("cause"), std::string(useFails ? "error" : "ok"));
    }
}

QTEST_GUILESS_MAIN(TestEffectResources)
#include "tst_effect_resources.moc"
