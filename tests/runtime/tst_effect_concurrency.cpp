// all, race, fork/join. Library cases 12-19 (concurrency.structured,
// LEGACY), 85-90 (fork-join), 91-98 (race), plus the engine.md fixes: all
// fails fast and cancels its siblings, race losers are cancelled and their
// finalizers run before the race returns, interrupt waits on the clock.
#include "effect_test_support.h"

using namespace efftest;

namespace {
using Strings = std::vector<std::string>;

// Logs "<name>:<cause>" when the effect's region closes, then runs body.
Effect<std::string> withScopeLog(Log& log, std::string name, Effect<std::string> body)
{
    return effect([&log, name, body](EffectEnv env) -> Task<Result<std::string>> {
        env.scope.push([&log, name](ExitCause c) { log.push_back(name + ":" + exitCauseName(c)); });
        co_return co_await body.runIn(env);
    });
}
} // namespace

class TestEffectConcurrency : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void allRunsConcurrently(); // 12
    void allFailsFast(); // 13
    void raceReturnsTheFirst(); // 14
    void raceFailureWins(); // 15
    void nestedAllAndRace(); // 16
    void allSharesTheContext(); // 17
    void allUnderTimeout(); // 18
    void workflow(); // 19
    void forkThenJoin(); // 85
    void twoFibersRunConcurrently(); // 86
    void joinReportsTheFailure(); // 87
    void interruptWaitsOnTheClock(); // 88
    void interruptOfCooperativeFiberNeedsNoTime(); // 88 (fixed wait)
    void pollBeforeAndAfter(); // 89
    void timeoutCancelsForkedChildren(); // 90
    void raceImmediateWinner(); // 91, 96, 98
    void raceCancelsTheSlowLoser(); // 92
    void raceImmediateFailure(); // 93, 98
    void raceCancelsEveryLoser(); // 94
    void emptyRaceNeverEnds(); // 95
    void raceUnderTimeoutCancelsAll(); // 97
    void allCancelsSiblingsOnFirstFailure(); // engine.md fix
    void raceRunsLoserFinalizersFirst(); // engine.md fix
};

// 12. all of e1 (100), e2 (150), e3 (200): starts in order, values in order at 200.
void TestEffectConcurrency::allRunsConcurrently()
{
    Rig rig;
    Log log;
    auto f = rig.start(all(std::vector<Effect<std::string>> {
        step(log, "e1", 100, "result1"), step(log, "e2", 150, "result2"), step(log, "e3", 200, "result3") }));
    QCOMPARE(log, Log({ "e1-start", "e2-start", "e3-start" }));
    rig.advance(100);
    rig.advance(50);
    QVERIFY(!f.settled());
    rig.advance(50);
    QCOMPARE(f.value().value(), Strings({ "result1", "result2", "result3" }));
    QCOMPARE(rig.now(), std::int64_t(200));
    QCOMPARE(log, Log({ "e1-start", "e2-start", "e3-start", "e1-end", "e2-end", "e3-end" }));
}

// 13. all of success (300), failing (100 -> "planned failure"), slow (500):
// fails at 100 (fail-fast); the others never end (fixed: they are cancelled).
void TestEffectConcurrency::allFailsFast()
{
    Rig rig;
    Log log;
    auto failing = effect([&log](EffectEnv env) -> Task<Result<std::string>> {
        log.push_back("failing-start");
        co_await sleep(100).runIn(env);
        log.push_back("failing-end");
        co_return Err("planned failure");
    });
    auto f = rig.start(all(
        std::vector<Effect<std::string>> { step(log, "success", 300, "ok"), failing, step(log, "slow", 500, "slow") }));
    rig.advance(100);
    QCOMPARE(f.value().error(), EffectError::fail("planned failure"));
    QCOMPARE(log, Log({ "success-start", "failing-start", "slow-start", "failing-end" }));
    rig.advance(500);
    QCOMPARE(log.size(), std::size_t(4));
    QCOMPARE(rig.pending(), std::size_t(0));
}

// 14. race of fast (100), medium (200), slow (300): "fast-result" at 100.
void TestEffectConcurrency::raceReturnsTheFirst()
{
    Rig rig;
    Log log;
    auto f = rig.start(race(std::vector<Effect<std::string>> { step(log, "fast", 100, "fast-result"),
        step(log, "medium", 200, "medium-result"), step(log, "slow", 300, "slow-result") }));
    QCOMPARE(log, Log({ "fast-start", "medium-start", "slow-start" }));
    rig.advance(100);
    QCOMPARE(f.value(), Result<std::string>("fast-result"));
    QCOMPARE(log, Log({ "fast-start", "medium-start", "slow-start", "fast-end" }));
    QCOMPARE(rig.pending(), std::size_t(0));
}

// 15. race of failing (50 -> "first failure") and success (100): the failure wins.
void TestEffectConcurrency::raceFailureWins()
{
    Rig rig;
    Log log;
    auto failing = effect([&log](EffectEnv env) -> Task<Result<std::string>> {
        log.push_back("failing-start");
        co_await sleep(50).runIn(env);
        log.push_back("failing-end");
        co_return Err("first failure");
    });
    auto f = rig.start(race(std::vector<Effect<std::string>> { failing, step(log, "success", 100, "success") }));
    rig.advance(50);
    QCOMPARE(f.value().error(), EffectError::fail("first failure"));
    QCOMPARE(log, Log({ "failing-start", "success-start", "failing-end" }));
}

// 16. all(a, b, c), then race(100 "race-winner", 200 "race-loser"), then "nested-complete".
void TestEffectConcurrency::nestedAllAndRace()
{
    Rig rig;
    Strings seen;
    auto eff
        = all(std::vector<Effect<std::string>> { succeed("a"), succeed("b"), succeed("c") })
              .flatMap([&seen](const Strings& values) {
                  seen = values;
                  return race(std::vector<Effect<std::string>> { after(100, "race-winner"), after(200, "race-loser") });
              })
              .map([&seen](const std::string& winner) {
                  seen.push_back(winner);
                  return std::string("nested-complete");
              });
    auto f = rig.start(eff);
    rig.advance(100);
    QCOMPARE(f.value(), Result<std::string>("nested-complete"));
    QCOMPARE(seen, Strings({ "a", "b", "c", "race-winner" }));
}

// 17. Context userId/requestId reaches every op of an all (50/75/25).
void TestEffectConcurrency::allSharesTheContext()
{
    Rig rig;
    Log saw;
    auto op = [&saw](std::string name, std::int64_t ms) {
        return effect([&saw, name, ms](EffectEnv env) -> Task<Result<std::string>> {
            co_await sleep(ms).runIn(env);
            saw.push_back(env.context.value<std::string>("userId") + "/" + env.context.value<std::string>("requestId"));
            co_return name + "-result";
        });
    };
    auto eff = all(std::vector<Effect<std::string>> { op("op1", 50), op("op2", 75), op("op3", 25) })
                   .withContext("userId", "user-123")
                   .withContext("requestId", "req-456");
    auto f = rig.start(eff);
    rig.advance(75);
    QCOMPARE(f.value().value(), Strings({ "op1-result", "op2-result", "op3-result" }));
    QCOMPARE(saw, Log(3, "user-123/req-456"));
}

// 18. all of fast (100) and slow (500) under timeout 200: "timed out after 200ms".
void TestEffectConcurrency::allUnderTimeout()
{
    Rig rig;
    Log log;
    auto eff = all(std::vector<Effect<std::string>> { step(log, "fast", 100, "f"), step(log, "slow", 500, "s") });
    auto f = rig.start(eff.timeout(200));
    rig.advance(200);
    QCOMPARE(f.value().error().message(), std::string("Effect timed out after 200ms"));
    QCOMPARE(log, Log({ "fast-start", "slow-start", "fast-end" }));
    rig.advance(300);
    QCOMPARE(log.size(), std::size_t(3));
}

// 19. setup all(50 config, 30 auth) -> race(30 cache-hit, 100 db-query) ->
// all(3 succeeds) -> "workflow-success"; the log times are [0, 50, 80, 80].
void TestEffectConcurrency::workflow()
{
    Rig rig;
    std::vector<std::pair<std::int64_t, std::string>> log;
    auto stamp = [&log, &rig](const std::string& what) { log.emplace_back(rig.now(), what); };
    auto eff = effect([stamp](EffectEnv) -> Task<Result<Unit>> {
        stamp("workflow-start");
        co_return Unit {};
    })
                   .flatMap([](Unit) {
                       return all(
                           std::vector<Effect<std::string>> { after(50, "config-loaded"), after(30, "auth-verified") });
                   })
                   .flatMap([stamp](const Strings& setup) {
                       stamp("setup:" + setup[0] + "," + setup[1]);
                       return race(std::vector<Effect<std::string>> { after(30, "cache-hit"), after(100, "db-query") });
                   })
                   .flatMap([stamp](const std::string& data) {
                       stamp("data:" + data);
                       return all(std::vector<Effect<std::string>> { succeed("p1"), succeed("p2"), succeed("p3") });
                   })
                   .map([stamp](const Strings& processed) {
                       stamp("processed:" + std::to_string(processed.size()));
                       return std::string("workflow-success");
                   });
    auto f = rig.start(eff);
    rig.advance(50);
    rig.advance(30);
    QCOMPARE(f.value(), Result<std::string>("workflow-success"));
    const std::vector<std::pair<std::int64_t, std::string>> expected { { 0, "workflow-start" },
        { 50, "setup:config-loaded,auth-verified" }, { 80, "data:cache-hit" }, { 80, "processed:3" } };
    QVERIFY(log == expected);
}

// 85. succeed(42).fork() -> Ok(fiber) with an id; join -> Ok(42).
void TestEffectConcurrency::forkThenJoin()
{
    Rig rig;
    auto forked = rig.start(succeed(42).fork());
    QVERIFY(forked.value().ok());
    const Fiber<int> fiber = forked.value().value();
    QVERIFY(fiber.id() != 0);
    QCOMPARE(rig.start(fiber.join()).value(), Result<int>(42));
}

// 86. e1 (100) and e2 (200) forked in one region, then joined: both results,
// events [e1-start, e2-start, e1-end, e2-end]. (The library forked through two
// top-level runs; here the region that forks also joins, as fork requires.)
void TestEffectConcurrency::twoFibersRunConcurrently()
{
    Rig rig;
    Log log;
    auto e1 = step(log, "e1", 100, "result1");
    auto e2 = step(log, "e2", 200, "result2");
    auto eff = e1.fork().flatMap([e2](Fiber<std::string> f1) {
        return e2.fork().flatMap([f1](Fiber<std::string> f2) {
            return f1.join().flatMap([f2](const std::string& r1) {
                return f2.join().map([r1](const std::string& r2) { return r1 + "," + r2; });
            });
        });
    });
    auto f = rig.start(eff);
    QCOMPARE(log, Log({ "e1-start", "e2-start" }));
    rig.advance(100);
    rig.advance(100);
    QCOMPARE(f.value(), Result<std::string>("result1,result2"));
    QCOMPARE(log, Log({ "e1-start", "e2-start", "e1-end", "e2-end" }));
}

// 87. fail("test error").fork() -> Ok(fiber); join -> Err("test error").
void TestEffectConcurrency::joinReportsTheFailure()
{
    Rig rig;
    auto eff = fail<int>("test error").fork().flatMap([](Fiber<int> fiber) { return fiber.join(); });
    QCOMPARE(rig.start(eff).value().error(), EffectError::fail("test error"));
}

// 88. A fiber that ignores cancellation (raw sleep 1000) is told to stop at
// once (onCancel fires); interrupt() then waits for it at most 100 ms of
// clock time -- fixed: the library waited 100 ms of real time.
void TestEffectConcurrency::interruptWaitsOnTheClock()
{
    Rig rig;
    bool wasInterrupted = false;
    auto child = effect([&wasInterrupted](EffectEnv env) -> Task<Result<std::string>> {
        env.cancel.onCancel([&wasInterrupted]() { wasInterrupted = true; });
        co_await env.clock->sleep(1000);
        co_return std::string("late");
    });
    auto eff = child.fork().flatMap([](Fiber<std::string> fiber) { return fiber.interrupt(); });
    auto f = rig.start(eff);
    QVERIFY(wasInterrupted);
    QVERIFY(!f.settled());
    rig.advance(99);
    QVERIFY(!f.settled());
    rig.advance(1);
    QCOMPARE(f.value(), Result<Unit>(Unit {}));
    rig.advance(900);
    QCOMPARE(rig.pending(), std::size_t(0));
}

// 88 (fixed): a cooperative fiber ends as soon as it is interrupted, so the
// interrupt needs no clock time and leaves no grace timer behind.
void TestEffectConcurrency::interruptOfCooperativeFiberNeedsNoTime()
{
    Rig rig;
    Log log;
    auto eff = withScopeLog(log, "child", after(1000, "late")).fork().flatMap([&log](Fiber<std::string> fiber) {
        return fiber.interrupt().flatMap([&log, fiber](Unit) {
            log.push_back("interrupted");
            return fiber.join();
        });
    });
    auto f = rig.start(eff);
    QCOMPARE(f.value().error(), EffectError::interrupted());
    QCOMPARE(log, Log({ "child:interrupted", "interrupted" }));
    QCOMPARE(rig.pending(), std::size_t(0));
    QCOMPARE(rig.now(), std::int64_t(0));
}

// 89. poll: Ok(nothing) while sleeping 500, Ok(Ok("done")) after.
void TestEffectConcurrency::pollBeforeAndAfter()
{
    Rig rig;
    std::optional<Fiber<std::string>> fiber;
    auto region = after(500, "done").fork().flatMap([&fiber](Fiber<std::string> f) {
        fiber = f;
        return f.join();
    });
    auto regionRun = rig.start(region);
    QVERIFY(fiber.has_value());
    auto first = rig.start(fiber->poll());
    QVERIFY(first.value().ok());
    QVERIFY(!first.value().value().has_value());
    rig.advance(500);
    auto second = rig.start(fiber->poll());
    QVERIFY(second.value().value().has_value());
    QCOMPARE(*second.value().value(), Result<std::string>("done"));
    QCOMPARE(regionRun.value(), Result<std::string>("done"));
}

// 90. A parent forks a child (onCancel flag, raw sleep 1000), sleeps 200
// (raw), interrupts the child; timeout 300 fires first -> Err(Timeout), and
// the child was cancelled with the timed-out region.
void TestEffectConcurrency::timeoutCancelsForkedChildren()
{
    Rig rig;
    bool childWasCancelled = false;
    auto child = effect([&childWasCancelled](EffectEnv env) -> Task<Result<std::string>> {
        env.cancel.onCancel([&childWasCancelled]() { childWasCancelled = true; });
        co_await env.clock->sleep(1000);
        co_return std::string("child");
    });
    auto parent = child.fork().flatMap([](Fiber<std::string> fiber) {
        return effect([fiber](EffectEnv env) -> Task<Result<Unit>> {
            co_await env.clock->sleep(200);
            co_return co_await fiber.interrupt().runIn(env);
        });
    });
    auto f = rig.start(parent.timeout(300));
    rig.advance(300);
    QCOMPARE(f.value().error(), EffectError::timeout());
    QVERIFY(childWasCancelled);
    // The parent's interrupt ran in a cancelled region: its clock wait ended
    // at once, so only the child's own raw sleep is pending (no grace timer).
    QCOMPARE(rig.pending(), std::size_t(1));
    rig.advance(1000);
    QCOMPARE(rig.pending(), std::size_t(0));
}

// 91, 96, 98. An immediate winner: race(succeed "fast", slow) -> "fast";
// race(only one) -> it. Fixed: the slow one is not even started (no timer).
void TestEffectConcurrency::raceImmediateWinner()
{
    Rig rig;
    auto f = rig.start(race(std::vector<Effect<std::string>> { succeed("fast"), after(1000, "slow") }));
    QCOMPARE(f.value(), Result<std::string>("fast"));
    QCOMPARE(rig.pending(), std::size_t(0));
    auto single = rig.start(race(std::vector<Effect<std::string>> { succeed("only one") }));
    QCOMPARE(single.value(), Result<std::string>("only one"));
}

// 92. fast (100) vs slow (onCancel flag, raw sleep 1000): "fast" at 100 and
// the slow one was cancelled, without waiting for it to end.
void TestEffectConcurrency::raceCancelsTheSlowLoser()
{
    Rig rig;
    int cancelled = 0;
    auto f
        = rig.start(race(std::vector<Effect<std::string>> { after(100, "fast"), stubborn(1000, "slow", &cancelled) }));
    rig.advance(100);
    QCOMPARE(f.value(), Result<std::string>("fast"));
    QCOMPARE(cancelled, 1);
    rig.advance(900);
}

// 93, 98. race(fail "test error", slow) -> Err("test error").
void TestEffectConcurrency::raceImmediateFailure()
{
    Rig rig;
    auto f = rig.start(race(std::vector<Effect<std::string>> { fail<std::string>("test error"), after(1000, "slow") }));
    QCOMPARE(f.value().error(), EffectError::fail("test error"));
    QCOMPARE(rig.pending(), std::size_t(0));
}

// 94. Four effects (300/100/500/200) counting onCancel: "effect2" wins at
// 100; the three others are cancelled (the winner is not).
void TestEffectConcurrency::raceCancelsEveryLoser()
{
    Rig rig;
    int cancelled = 0;
    std::vector<Effect<std::string>> effects;
    const std::vector<std::int64_t> delays { 300, 100, 500, 200 };
    for (std::size_t i = 0; i < delays.size(); ++i) {
        const std::string name = "effect" + std::to_string(i + 1);
        const std::int64_t ms = delays[i];
        effects.push_back(effect([&cancelled, name, ms](EffectEnv env) -> Task<Result<std::string>> {
            env.cancel.onCancel([&cancelled]() { ++cancelled; });
            const Result<Unit> slept = co_await sleep(ms).runIn(env);
            if (!slept.ok())
                co_return slept.error();
            co_return name;
        }));
    }
    auto f = rig.start(race(effects));
    rig.advance(100);
    QCOMPARE(f.value(), Result<std::string>("effect2"));
    QCOMPARE(cancelled, 3);
    QCOMPARE(rig.pending(), std::size_t(0));
}

// 95. race({}) stays pending however long; it ends only when cancelled.
void TestEffectConcurrency::emptyRaceNeverEnds()
{
    Rig rig;
    const CancelToken stop(7);
    RunOptions options;
    options.cancel = stop;
    auto f = rig.start(race(std::vector<Effect<int>> {}), options);
    rig.advance(1000);
    QVERIFY(!f.settled());
    stop.cancel();
    rig.clock.flush();
    QCOMPARE(f.value().error(), EffectError::interrupted());
}

// 97. race of three (300/400/500, counting onCancel) under timeout 200 ->
// Err(Timeout); all three were cancelled.
void TestEffectConcurrency::raceUnderTimeoutCancelsAll()
{
    Rig rig;
    int cancelled = 0;
    auto f = rig.start(race(std::vector<Effect<std::string>> { stubborn(300, "a", &cancelled),
                                stubborn(400, "b", &cancelled), stubborn(500, "c", &cancelled) })
                           .timeout(200));
    rig.advance(200);
    QCOMPARE(f.value().error(), EffectError::timeout());
    QCOMPARE(cancelled, 3);
    rig.advance(300);
}

// engine.md: the first failure of all cancels the siblings and runs their
// finalizers before all returns; no timer is left.
void TestEffectConcurrency::allCancelsSiblingsOnFirstFailure()
{
    Rig rig;
    Log log;
    int cancelled = 0;
    auto eff = all(std::vector<Effect<std::string>> { withScopeLog(log, "a", after(500, "a")),
                       withScopeLog(log, "b", fail<std::string>("b failed")),
                       withScopeLog(log, "c", stubborn(800, "c", &cancelled)) })
                   .catchError([&log](const EffectError& e) {
                       log.push_back("all-returned:" + e.message());
                       return succeed(Strings {});
                   });
    auto f = rig.start(eff);
    QVERIFY(f.settled());
    QCOMPARE(log, Log({ "b:error", "a:interrupted", "all-returned:b failed" }));
    QCOMPARE(rig.pending(), std::size_t(0)); // a's sleep was cancelled; c was never started
    QCOMPARE(cancelled, 0);

    Log later;
    auto eff2 = all(std::vector<Effect<std::string>> { withScopeLog(later, "a", after(500, "a")),
                        withScopeLog(later, "b", stubborn(800, "b", &cancelled)),
                        withScopeLog(later, "c", failingStep(later, "c", 100, "c failed")) })
                    .catchError([&later](const EffectError& e) {
                        later.push_back("all-returned:" + e.message());
                        return succeed(Strings {});
                    });
    auto f2 = rig.start(eff2);
    rig.advance(100);
    QVERIFY(f2.settled());
    QCOMPARE(
        later, Log({ "c-start", "c-error", "c:error", "a:interrupted", "b:interrupted", "all-returned:c failed" }));
    QCOMPARE(cancelled, 1);
    QCOMPARE(rig.pending(), std::size_t(1)); // only b's own raw sleep, which ignores cancellation
    rig.advance(700);
    QCOMPARE(later.size(), std::size_t(6));
}

// engine.md: race losers (cooperative or not) are cancelled and their
// finalizers have run, with cause interrupted, before the race returns.
void TestEffectConcurrency::raceRunsLoserFinalizersFirst()
{
    Rig rig;
    Log log;
    auto eff
        = race(std::vector<Effect<std::string>> { withScopeLog(log, "slow1", after(1000, "slow1")),
                   withScopeLog(log, "slow2", stubborn(2000, "slow2")), withScopeLog(log, "fast", after(10, "fast")) })
              .map([&log](const std::string& winner) {
                  log.push_back("race-returned:" + winner);
                  return winner;
              });
    auto f = rig.start(eff);
    rig.advance(10);
    QCOMPARE(f.value(), Result<std::string>("fast"));
    QCOMPARE(log, Log({ "fast:ok", "slow1:interrupted", "slow2:interrupted", "race-returned:fast" }));
    rig.advance(2000);
    QCOMPARE(log.size(), std::size_t(4));
    QCOMPARE(rig.pending(), std::size_t(0));
}

QTEST_GUILESS_MAIN(TestEffectConcurrency)
#include "tst_effect_concurrency.moc"
