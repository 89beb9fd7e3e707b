// Composition and error propagation. Library cases 56-64 (effect.test.ts,
// LEGACY) and 65-75 (errors.propagation.spec.ts, LEGACY), re-expressed in v0:
// Err results instead of thrown errors (a thrown exception stays a Defect),
// the env clock instead of withContext("clock").
#include "effect_test_support.h"

#include <stdexcept>

using namespace efftest;

namespace {
// The error of case 74: a user error type with a code.
struct CustomError : std::runtime_error {
    CustomError(const std::string& message, int c)
        : std::runtime_error(message)
        , code(c)
    { }
    int code;
    std::string name = "CustomError";
};

struct Trace {
    std::string type;
    std::string userId;
    std::string error;
    friend bool operator==(const Trace&, const Trace&) = default;
};
} // namespace

class TestEffectCompose : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void allCollectsValuesInOrder(); // 56
    void allRejectsWithTheFailure(); // 57
    void raceTakesTheFastest(); // 58
    void contextFlowsThroughAChain(); // 59
    void pipelineRecoversAndContinues(); // 60
    void withContextExtendsTheRunContext(); // 61
    void manualAcquireUseRelease(); // 62
    void nestedWithContextLevels(); // 63
    void allBranchesKeepTheirOwnContext(); // 64
    void errorAfterSleepRejects(); // 65
    void throwingMapRejects(); // 66
    void throwingFlatMapRejects(); // 67
    void catchRecoversFromAFailedBody(); // 68
    void failingRecoveryIsCaughtAgain(); // 69
    void allStopsAtTheFirstFailure(); // 70
    void raceFailureWinsAndStopsTheOther(); // 71
    void recoveryKeepsTheContext(); // 72
    void timeoutIsCaughtOutside(); // 73
    void customErrorTypeSurvives(); // 74
    void deepNestingPropagates(); // 75
};

// 56. all of 1, 2, 3 -> [1, 2, 3].
void TestEffectCompose::allCollectsValuesInOrder()
{
    Rig rig;
    auto f = all(std::vector<Effect<int>> { succeed(1), succeed(2), succeed(3) }).run(rig.clock);
    rig.clock.flush();
    QCOMPARE(f.value(), std::vector<int>({ 1, 2, 3 }));
}

// 57. all with a failing member: run() rejects with that error.
void TestEffectCompose::allRejectsWithTheFailure()
{
    Rig rig;
    auto failure = std::make_exception_ptr(std::runtime_error("test error"));
    auto f = all(std::vector<Effect<int>> { succeed(1), fail<int>(failure), succeed(3) }).run(rig.clock);
    rig.clock.flush();
    try {
        (void)f.value();
        QFAIL("run() should have thrown");
    } catch (const std::runtime_error& e) {
        QCOMPARE(std::string(e.what()), std::string("test error"));
    }
}

// 58. race(slow 100, fast 10) -> "fast" (clock sleeps instead of real timers).
void TestEffectCompose::raceTakesTheFastest()
{
    Rig rig;
    auto f = rig.start(race(std::vector<Effect<std::string>> { after(100, "slow"), after(10, "fast") }));
    rig.advance(10);
    QCOMPARE(f.value(), Result<std::string>("fast"));
    QCOMPARE(rig.pending(), std::size_t(0));
}

// 59. base=10 from the context -> +5 -> flatMap *2 -> +1 -> catchError (unused) -> 31.
void TestEffectCompose::contextFlowsThroughAChain()
{
    Rig rig;
    auto eff = effect([](EffectEnv env) -> Task<Result<int>> {
        co_return env.context.value<int>("base");
    }).map([](int v) {
          return v + 5;
      }).flatMap([](int v) {
            return succeed(v * 2);
        }).map([](int v) {
              return v + 1;
          }).catchError([](const EffectError&) { return succeed(-1); });
    RunOptions options;
    options.context = EffectContext().with("base", 10);
    QCOMPARE(rig.start(eff, options).value(), Result<int>(31));
}

// 60. 10 -> flatMap fails "too small" (x < 20) -> catchError -> 100 -> +1 =
// 101; the last step marker is 4. (LEGACY threw; v0 returns Err.)
void TestEffectCompose::pipelineRecoversAndContinues()
{
    Rig rig;
    std::vector<int> steps;
    auto eff = effect([&steps](EffectEnv) -> Task<Result<int>> {
        steps.push_back(1);
        co_return 10;
    })
                   .flatMap([&steps](int x) {
                       steps.push_back(2);
                       return x < 20 ? fail<int>("too small") : succeed(x);
                   })
                   .catchError([&steps](const EffectError& e) {
                       steps.push_back(3);
                       return e.message() == "too small" ? succeed(100) : fail<int>(e);
                   })
                   .map([&steps](int v) {
                       steps.push_back(4);
                       return v + 1;
                   });
    QCOMPARE(rig.start(eff).value(), Result<int>(101));
    QCOMPARE(steps, std::vector<int>({ 1, 2, 3, 4 }));
}

// 61. withContext("added") on top of a run context {base}: both visible.
void TestEffectCompose::withContextExtendsTheRunContext()
{
    Rig rig;
    auto eff = effect([](EffectEnv env) -> Task<Result<std::string>> {
        co_return env.context.value<std::string>("base") + "+" + env.context.value<std::string>("added");
    }).withContext("added", "addedValue");
    RunOptions options;
    options.context = EffectContext().with("base", "baseValue");
    QCOMPARE(rig.start(eff, options).value(), Result<std::string>("baseValue+addedValue"));
}

// 62. acquire -> use -> release written with flatMap/map -> "result:db".
void TestEffectCompose::manualAcquireUseRelease()
{
    Rig rig;
    Log log;
    auto eff = effect([&log](EffectEnv) -> Task<Result<std::string>> {
        log.push_back("acquire:db");
        co_return std::string("db");
    }).flatMap([&log](const std::string& r) {
        log.push_back("use:" + r);
        return succeed("result:" + r).map([&log, r](const std::string& v) {
            log.push_back("release:" + r);
            return v;
        });
    });
    QCOMPARE(rig.start(eff).value(), Result<std::string>("result:db"));
    QCOMPARE(log, Log({ "acquire:db", "use:db", "release:db" }));
}

// 63. withContext level1, then flatMap into an effect with withContext level2 -> "value1-value2".
void TestEffectCompose::nestedWithContextLevels()
{
    Rig rig;
    auto eff
        = effect([](EffectEnv env) -> Task<Result<std::string>> { co_return env.context.value<std::string>("level1"); })
              .withContext("level1", "value1")
              .flatMap([](const std::string& v1) {
                  return effect([v1](EffectEnv env) -> Task<Result<std::string>> {
                      co_return v1 + "-" + env.context.value<std::string>("level2");
                  }).withContext("level2", "value2");
              });
    QCOMPARE(rig.start(eff).value(), Result<std::string>("value1-value2"));
}

// 64. all of eff1.withContext(local1) and eff2.withContext(local2) under a
// run context {shared: global}: eff1 reads "global"; eff2 sees shared and
// local2 but not local1.
void TestEffectCompose::allBranchesKeepTheirOwnContext()
{
    Rig rig;
    auto eff1 = effect([](EffectEnv env) -> Task<Result<std::string>> {
        co_return env.context.value<std::string>("shared");
    }).withContext("local1", "one");
    auto eff2 = effect([](EffectEnv env) -> Task<Result<std::string>> {
        co_return env.context.value<std::string>("shared") + "|" + env.context.value<std::string>("local2") + "|"
            + (env.context.contains("local1") ? "leak" : "no-local1");
    }).withContext("local2", "two");
    RunOptions options;
    options.context = EffectContext().with("shared", "global");
    auto f = rig.start(all(std::vector<Effect<std::string>> { eff1, eff2 }), options);
    QCOMPARE(
        f.value(), Result<std::vector<std::string>>(std::vector<std::string> { "global", "global|two|no-local1" }));
}

// 65. sleep 50, then throw "inner error"; adv 50 -> run() rejects with it.
void TestEffectCompose::errorAfterSleepRejects()
{
    Rig rig;
    auto eff = effect([](EffectEnv env) -> Task<Result<int>> {
        co_await env.clock->sleep(50);
        throw std::runtime_error("inner error");
    });
    auto f = eff.run(rig.clock);
    rig.advance(50);
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, f.value());
    QCOMPARE(detail::describeException(f.error()), std::string("inner error"));
}

// 66. succeed("initial-value").map(throws "map error") -> rejects "map error".
void TestEffectCompose::throwingMapRejects()
{
    Rig rig;
    auto eff = succeed("initial-value").map([](const std::string&) -> std::string {
        throw std::runtime_error("map error");
    });
    auto f = rig.start(eff);
    QVERIFY(f.value().error().isDefect());
    QCOMPARE(f.value().error().message(), std::string("map error"));
}

// 67. flatMap into an effect that sleeps 30, logs, throws "flatMap error".
void TestEffectCompose::throwingFlatMapRejects()
{
    Rig rig;
    Log log;
    auto eff = succeed("first").flatMap([&log](const std::string&) {
        log.push_back("flatMap-start");
        return effect([&log](EffectEnv env) -> Task<Result<std::string>> {
            co_await sleep(30).runIn(env);
            log.push_back("flatMap-operation");
            throw std::runtime_error("flatMap error");
        });
    });
    auto f = rig.start(eff);
    rig.advance(30);
    QCOMPARE(f.value().error().message(), std::string("flatMap error"));
    QCOMPARE(log, Log({ "flatMap-start", "flatMap-operation" }));
}

// 68. The body fails after 40 ("original error"); catchError recovers with
// "recovered-from-original error".
void TestEffectCompose::catchRecoversFromAFailedBody()
{
    Rig rig;
    Log log;
    auto eff = effect([&log](EffectEnv env) -> Task<Result<std::string>> {
        log.push_back("original-operation");
        co_await sleep(40).runIn(env);
        co_return Err("original error");
    }).catchError([&log](const EffectError& e) {
        log.push_back("error-caught");
        return succeed("recovered-from-" + e.message());
    });
    auto f = rig.start(eff);
    rig.advance(40);
    QCOMPARE(f.value(), Result<std::string>("recovered-from-original error"));
    QCOMPARE(log, Log({ "original-operation", "error-caught" }));
}

// 69. fail("first error") -> recovery sleeps 20 and fails "recovery error" ->
// the second catchError makes "final-recovery-recovery error".
void TestEffectCompose::failingRecoveryIsCaughtAgain()
{
    Rig rig;
    Log log;
    auto eff = fail<std::string>("first error")
                   .catchError([&log](const EffectError&) {
                       log.push_back("first-catch");
                       return effect([&log](EffectEnv env) -> Task<Result<std::string>> {
                           co_await sleep(20).runIn(env);
                           log.push_back("recovery-operation");
                           co_return Err("recovery error");
                       });
                   })
                   .catchError([&log](const EffectError& e) {
                       log.push_back("second-catch");
                       return succeed("final-recovery-" + e.message());
                   });
    auto f = rig.start(eff);
    rig.advance(20);
    QCOMPARE(f.value(), Result<std::string>("final-recovery-recovery error"));
    QCOMPARE(log, Log({ "first-catch", "recovery-operation", "second-catch" }));
}

// 70. all of e1 (60), e2 (30 -> "effect2 failed"), e3 (90): fails at 30.
// Fixed (engine.md: all fails fast and cancels its siblings): e1 and e3 never finish.
void TestEffectCompose::allStopsAtTheFirstFailure()
{
    Rig rig;
    Log log;
    auto f = rig.start(all(std::vector<Effect<std::string>> { step(log, "e1", 60, "result1"),
        failingStep(log, "e2", 30, "effect2 failed"), step(log, "e3", 90, "result3") }));
    rig.advance(30);
    QCOMPARE(f.value().error(), EffectError::fail("effect2 failed"));
    QCOMPARE(log, Log({ "e1-start", "e2-start", "e3-start", "e2-error" }));
    rig.advance(100);
    QCOMPARE(log.size(), std::size_t(4));
    QCOMPARE(rig.pending(), std::size_t(0));
}

// 71. race of e1 (100) and e2 (50 -> "effect2 race error"): the failure wins
// at 50. The library's loser finished inside its 100 ms real-time interrupt
// wait; fixed: e1 is cancelled and never ends.
void TestEffectCompose::raceFailureWinsAndStopsTheOther()
{
    Rig rig;
    Log log;
    auto f = rig.start(race(std::vector<Effect<std::string>> {
        step(log, "e1", 100, "result1"), failingStep(log, "e2", 50, "effect2 race error") }));
    rig.advance(50);
    QCOMPARE(errorText(f.value()), std::string("effect2 race error"));
    QCOMPARE(log, Log({ "e1-start", "e2-start", "e2-error" }));
    rig.advance(100);
    QCOMPARE(log.size(), std::size_t(3));
}

// 72. With userId "user-456": the operation records it, sleeps 25, fails;
// the recovery sees the same userId and the message.
void TestEffectCompose::recoveryKeepsTheContext()
{
    Rig rig;
    std::vector<Trace> trace;
    auto op = effect([&trace](EffectEnv env) -> Task<Result<std::string>> {
        trace.push_back({ "operation", env.context.value<std::string>("userId"), "" });
        co_await sleep(25).runIn(env);
        co_return Err("operation failed");
    });
    auto eff = op.catchError([&trace](const EffectError& e) {
                     return effect([&trace, e](EffectEnv env) -> Task<Result<std::string>> {
                         trace.push_back({ "recovery", env.context.value<std::string>("userId"), e.message() });
                         co_return std::string("recovered");
                     });
                 }).withContext("userId", "user-456");
    auto f = rig.start(eff);
    rig.advance(25);
    QCOMPARE(f.value(), Result<std::string>("recovered"));
    QCOMPARE(
        trace, std::vector<Trace>({ { "operation", "user-456", "" }, { "recovery", "user-456", "operation failed" } }));
}

// 73. A body with its own failure handling around sleep 200, .timeout(100),
// then an outer catchError: only the outer handler fires, with a timeout
// "timed out after 100ms". The body's handler only handles failures (Fail):
// the interruption it now receives (the sleep is cancelled) is not one.
void TestEffectCompose::timeoutIsCaughtOutside()
{
    Rig rig;
    Log details;
    auto body = effect([&details](EffectEnv env) -> Task<Result<std::string>> {
        const Result<Unit> slept = co_await sleep(200).runIn(env);
        if (!slept.ok() && slept.error().isFail())
            details.push_back("inner-catch");
        if (!slept.ok())
            co_return slept.error();
        co_return std::string("completed");
    });
    auto eff = body.timeout(100)
                   .catchError([&details](const EffectError& e) {
                       details.push_back(
                           std::string("timeout-handled:") + (e.isTimeout() ? "true" : "false") + ":" + e.message());
                       return succeed("timeout-recovery");
                   })
                   .withContext("requestId", "req-789");
    auto f = rig.start(eff);
    rig.advance(100);
    QCOMPARE(f.value(), Result<std::string>("timeout-recovery"));
    QCOMPARE(details, Log({ "timeout-handled:true:Effect timed out after 100ms" }));
}

// 74. A CustomError (code 404) after 15 ms skips the map and arrives intact,
// both as an Err value and, when thrown, as the rethrown exception of run().
void TestEffectCompose::customErrorTypeSurvives()
{
    Rig rig;
    bool mapped = false;
    auto asValue = effect([](EffectEnv env) -> Task<Result<int>> {
        co_await sleep(15).runIn(env);
        co_return Err(CustomError("custom error message", 404));
    }).map([&mapped](int v) {
        mapped = true;
        return v;
    });
    auto thrown = effect([](EffectEnv env) -> Task<Result<int>> {
        co_await sleep(15).runIn(env);
        throw CustomError("custom error message", 404);
    }).map([&mapped](int v) {
        mapped = true;
        return v;
    });
    auto valueRun = rig.start(asValue);
    auto thrownRun = thrown.run(rig.clock);
    rig.advance(15);
    QVERIFY(!mapped);
    const CustomError* e = valueRun.value().error().as<CustomError>();
    QVERIFY(e != nullptr);
    QCOMPARE(e->code, 404);
    QCOMPARE(std::string(e->what()), std::string("custom error message"));
    QCOMPARE(e->name, std::string("CustomError"));
    try {
        (void)thrownRun.value();
        QFAIL("run() should have thrown");
    } catch (const CustomError& ce) {
        QCOMPARE(ce.code, 404);
        QCOMPARE(std::string(ce.what()), std::string("custom error message"));
    }
}

// 75. Four nested levels (each runs the next in its env); the innermost
// sleeps 10 and throws "deep error", which reaches the top.
void TestEffectCompose::deepNestingPropagates()
{
    Rig rig;
    Log callStack;
    auto level4 = effect([&callStack](EffectEnv env) -> Task<Result<int>> {
        callStack.push_back("level4-start");
        co_await sleep(10).runIn(env);
        throw std::runtime_error("deep error");
    });
    auto nest = [&callStack](std::string name, Effect<int> inner) {
        return effect([&callStack, name, inner](EffectEnv env) -> Task<Result<int>> {
            callStack.push_back(name + "-start");
            co_return co_await inner.runIn(env);
        });
    };
    auto level1 = nest("level1", nest("level2", nest("level3", level4)));
    auto f = level1.run(rig.clock);
    rig.advance(10);
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, f.value());
    QCOMPARE(detail::describeException(f.error()), std::string("deep error"));
    QCOMPARE(callStack, Log({ "level1-start", "level2-start", "level3-start", "level4-start" }));
}

QTEST_GUILESS_MAIN(TestEffectCompose)
#include "tst_effect_compose.moc"
