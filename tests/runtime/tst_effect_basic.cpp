// Effect basics: running, laziness, Result/error mapping, run() vs runPromise,
// events, context. Library cases 1-3 (basic.architecture), 20-27 (context),
// 28-30 (deferral-leak), 36-55 (effect.test.ts, LEGACY, re-expressed in v0).
#include "effect_test_support.h"

#include <map>
#include <memory>
#include <stdexcept>

using namespace efftest;

namespace {
struct Pair {
    std::int64_t a = 0;
    std::int64_t b = 0;
    friend bool operator==(const Pair&, const Pair&) = default;
};
} // namespace

class TestEffectBasic : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void succeedRunsToOk(); // 1
    void failRunsToErr(); // 2
    void bodySeesEnvClock(); // 3
    void contextBasics(); // 20-23
    void contextWithIsImmutable(); // 24-26
    void contextSharesObjectsByIdentity(); // 27
    void nothingRunsBeforeTheRun(); // 28
    void sleepRegistersItsTimerOnlyWhenRun(); // 29
    void chainIsLazyAndCleansItsTimers(); // 30
    void runReturnsTheValue(); // 36, 39, 52
    void runEmitsStartAndSuccess(); // 37
    void withEmitRoutesNestedEvents(); // 5.2 emit inheritance
    void thrownErrorRejectsRunAndEmitsError(); // 38
    void runPassesTheContext(); // 40, 41
    void withContextAddsAValue(); // 42
    void mapChains(); // 43, 44
    void flatMapChains(); // 45, 46
    void catchErrorRecovers(); // 47, 48
    void timeoutLetsFastWorkThrough(); // 49
    void timeoutRejectsSlowWorkWithItsLimit(); // 50, 51
    void runRethrowsTheSameErrorObject(); // 53
    void fromFutureResolves(); // 54
    void fromFutureRejects(); // 55
};

// 1. succeed(42) -> Ok(42).
void TestEffectBasic::succeedRunsToOk()
{
    Rig rig;
    auto f = rig.start(succeed(42));
    QVERIFY(f.settled());
    QCOMPARE(f.value(), Result<int>(42));
}

// 2. fail("test error") -> Err("test error"), a user error distinct from the runtime tags.
void TestEffectBasic::failRunsToErr()
{
    Rig rig;
    auto f = rig.start(fail<int>("test error"));
    QVERIFY(f.settled());
    QVERIFY(f.value().isErr());
    QCOMPARE(f.value().error(), EffectError::fail("test error"));
    QVERIFY(f.value().error().isFail());
    QVERIFY(!f.value().error().isTimeout() && !f.value().error().isInterrupted());
    QCOMPARE(*f.value().error().as<std::string>(), std::string("test error"));
}

// 3. The body reads the env clock: ctl(1000) -> Ok(1000).
void TestEffectBasic::bodySeesEnvClock()
{
    Rig rig(1000);
    auto eff = effect([](EffectEnv env) -> Task<Result<std::int64_t>> { co_return env.now().wallMs; });
    QCOMPARE(rig.start(eff).value(), Result<std::int64_t>(1000));
}

// 20-23. Empty context; a context built from a map; get of existing/missing
// keys; typed values (a wrong type reads as missing).
void TestEffectBasic::contextBasics()
{
    const EffectContext empty; // 20
    QCOMPARE(empty.size(), std::size_t(0));

    const EffectContext ctx(EffectContext::Map { { "key", std::string("value") } }); // 21
    QCOMPARE(ctx.size(), std::size_t(1));
    QCOMPARE(*ctx.get<std::string>("key"), std::string("value"));

    QVERIFY(ctx.get<std::string>("missing") == nullptr); // 22
    QVERIFY(!ctx.contains("missing"));

    const EffectContext typed = EffectContext().with("n", 42).with("s", "hello"); // 23
    QCOMPARE(*typed.get<int>("n"), 42);
    QCOMPARE(*typed.get<std::string>("s"), std::string("hello"));
    QVERIFY(typed.get<std::string>("n") == nullptr);
    QCOMPARE(typed.value<int>("absent", 7), 7);
}

// 24-26. with() returns a new context; later values override; the original is unchanged.
void TestEffectBasic::contextWithIsImmutable()
{
    const EffectContext base = EffectContext().with("key1", "value1");
    const EffectContext extended = base.with("key2", "value2"); // 24
    QVERIFY(!base.contains("key2"));
    QVERIFY(extended.contains("key1") && extended.contains("key2"));

    const EffectContext twice = EffectContext().with("key", "original").with("key", "updated"); // 25
    QCOMPARE(*twice.get<std::string>("key"), std::string("updated"));

    const EffectContext original = EffectContext().with("key", "value"); // 26
    const EffectContext modified = original.with("key", "new value");
    QCOMPARE(*original.get<std::string>("key"), std::string("value"));
    QCOMPARE(*modified.get<std::string>("key"), std::string("new value"));
}

// 27. Objects and arrays come back by identity (shared_ptr values), also through copies.
void TestEffectBasic::contextSharesObjectsByIdentity()
{
    auto object = std::make_shared<std::map<std::string, int>>(std::map<std::string, int> { { "nested", 1 } });
    auto array = std::make_shared<std::vector<int>>(std::vector<int> { 1, 2, 3 });
    const EffectContext ctx = EffectContext().with("obj", object).with("arr", array);
    const EffectContext later = ctx.with("other", 1);
    using ObjectPtr = std::shared_ptr<std::map<std::string, int>>;
    using ArrayPtr = std::shared_ptr<std::vector<int>>;
    QCOMPARE(ctx.get<ObjectPtr>("obj")->get(), object.get());
    QCOMPARE(later.get<ArrayPtr>("arr")->get(), array.get());
    object->at("nested") = 2;
    QCOMPARE((*later.get<ObjectPtr>("obj"))->at("nested"), 2);
}

// 28. Building an effect runs nothing, even while time passes; running it does.
void TestEffectBasic::nothingRunsBeforeTheRun()
{
    Rig rig;
    bool executed = false;
    auto eff = effect([&executed](EffectEnv) -> Task<Result<std::string>> {
        executed = true;
        co_return std::string("executed");
    });
    rig.advance(10);
    QVERIFY(!executed);
    QCOMPARE(rig.start(eff).value(), Result<std::string>("executed"));
    QVERIFY(executed);
}

// 29. sleep(1000): no timer until the run, one timer during it, none after.
void TestEffectBasic::sleepRegistersItsTimerOnlyWhenRun()
{
    Rig rig;
    auto eff = sleep(1000);
    QCOMPARE(rig.pending(), std::size_t(0));
    auto f = rig.start(eff);
    QCOMPARE(rig.pending(), std::size_t(1));
    QVERIFY(!f.settled());
    rig.advance(1000);
    QVERIFY(f.settled() && f.value().ok());
    QCOMPARE(rig.pending(), std::size_t(0));
}

// 30. step1.flatMap(sleep 100 -> step2).map(+"-final"): lazy, one timer while waiting, none after.
void TestEffectBasic::chainIsLazyAndCleansItsTimers()
{
    Rig rig;
    bool step1 = false;
    bool step2 = false;
    auto eff = effect([&step1](EffectEnv) -> Task<Result<std::string>> {
        step1 = true;
        co_return std::string("step1");
    })
                   .flatMap([&step2](const std::string&) {
                       return sleep(100).map([&step2](Unit) {
                           step2 = true;
                           return std::string("step2");
                       });
                   })
                   .map([](const std::string& v) { return v + "-final"; });
    QVERIFY(!step1 && !step2);
    QCOMPARE(rig.pending(), std::size_t(0));
    auto f = rig.start(eff);
    QVERIFY(step1 && !step2);
    QCOMPARE(rig.pending(), std::size_t(1));
    rig.advance(100);
    QCOMPARE(f.value(), Result<std::string>("step2-final"));
    QVERIFY(step2);
    QCOMPARE(rig.pending(), std::size_t(0));
}

// 36, 39, 52. run() gives the plain value (with or without an emit sink).
void TestEffectBasic::runReturnsTheValue()
{
    Rig rig;
    auto body = effect([](EffectEnv) -> Task<Result<int>> { co_return 42; });
    auto plain = body.run(rig.clock); // 36, 39: no sink anywhere
    auto viaSucceed = succeed(42).run(rig.clock); // 52
    rig.clock.flush();
    QCOMPARE(plain.value(), 42);
    QCOMPARE(viaSucceed.value(), 42);
    QVERIFY(rig.events.empty());
}

// 37. A run emits exactly one effect:start and one effect:success, stamped by the env clock.
void TestEffectBasic::runEmitsStartAndSuccess()
{
    Rig rig(5000);
    auto eff = succeed(42).withEmit(rig.sink());
    QCOMPARE(rig.start(eff).value(), Result<int>(42));
    QCOMPARE(rig.count("effect:start"), std::size_t(1));
    QCOMPARE(rig.count("effect:success"), std::size_t(1));
    QCOMPARE(rig.count("effect:error"), std::size_t(0));
    QCOMPARE(rig.ints("effect:start", "timestamp"), std::vector<std::int64_t>({ 5000 }));
    QCOMPARE(rig.ints("effect:start", "effectId"), rig.ints("effect:success", "effectId"));
}

// 5.2: emit is inherited by derived effects; a nested effect built with its
// own sink reports there, everything else goes to the run's sink.
void TestEffectBasic::withEmitRoutesNestedEvents()
{
    Rig rig;
    std::vector<ObsEvent> nested;
    EmitFn nestedSink = [&nested](const ObsEvent& e) { nested.push_back(e); };
    auto inner = after(100, 1).timeout(10).withEmit(nestedSink);
    auto eff = succeed(0).flatMap([inner](int) { return inner; }).catchError([](const EffectError&) {
        return after(5, 2).timeout(50);
    });
    RunOptions options;
    options.emit = rig.sink();
    auto f = rig.start(eff, options);
    rig.advance(10);
    rig.advance(5);
    QCOMPARE(f.value(), Result<int>(2));
    QCOMPARE(nested.size(), std::size_t(2));
    QCOMPARE(nested[0].type, std::string("effect:timeout:start"));
    QCOMPARE(nested[1].type, std::string("effect:timeout:triggered"));
    QCOMPARE(nested[1].integer("timestamp"), std::int64_t(10));
    QCOMPARE(rig.count("effect:start"), std::size_t(1));
    QCOMPARE(rig.count("effect:timeout:start"), std::size_t(1)); // the recovery's timeout
    QCOMPARE(rig.count("effect:timeout:triggered"), std::size_t(0));
    QCOMPARE(rig.count("effect:success"), std::size_t(1));
}

// 38. A body that throws: run() rejects with the exception, one effect:error.
void TestEffectBasic::thrownErrorRejectsRunAndEmitsError()
{
    Rig rig;
    auto eff = effect([](EffectEnv) -> Task<Result<int>> {
        throw std::runtime_error("test error");
        co_return 0;
    }).withEmit(rig.sink());
    auto f = eff.run(rig.clock);
    rig.clock.flush();
    QVERIFY(f.hasError());
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, f.value());
    QCOMPARE(rig.count("effect:error"), std::size_t(1));
    QCOMPARE(rig.count("effect:success"), std::size_t(0));
    QCOMPARE(rig.events.back().text("error"), std::string("test error"));
}

// 40, 41. The run's context reaches the body; without one it is empty.
void TestEffectBasic::runPassesTheContext()
{
    Rig rig;
    auto read = effect([](EffectEnv env) -> Task<Result<std::string>> {
        co_return env.context.value<std::string>("test", "<missing>");
    });
    auto size = effect([](EffectEnv env) -> Task<Result<std::size_t>> { co_return env.context.size(); });
    RunOptions options;
    options.context = EffectContext().with("test", "value");
    QCOMPARE(rig.start(read, options).value(), Result<std::string>("value")); // 40
    QCOMPARE(rig.start(size).value(), Result<std::size_t>(0)); // 41
}

// 42. withContext("key","value") is real: the body sees key and a size of 1.
void TestEffectBasic::withContextAddsAValue()
{
    Rig rig;
    auto eff = effect([](EffectEnv env) -> Task<Result<Pair>> {
        co_return Pair { env.context.value<std::string>("key") == "value" ? 1 : 0,
            static_cast<std::int64_t>(env.context.size()) };
    }).withContext("key", "value");
    QCOMPARE(rig.start(eff).value(), Result<Pair>(Pair { 1, 1 }));
}

// 43, 44. map twice: 42*2 = 84; (10 + 5) * 2 = 30.
void TestEffectBasic::mapChains()
{
    Rig rig;
    auto doubled = succeed(42).map([](int v) { return v * 2; });
    auto chained = succeed(10).map([](int v) { return v + 5; }).map([](int v) { return v * 2; });
    QCOMPARE(rig.start(doubled).value(), Result<int>(84));
    QCOMPARE(rig.start(chained).value(), Result<int>(30));
}

// 45, 46. flatMap: 42 -> 84; 10 * context multiplier 3 -> 30.
void TestEffectBasic::flatMapChains()
{
    Rig rig;
    auto doubled = succeed(42).flatMap([](int n) { return succeed(n * 2); });
    auto scaled = succeed(10).flatMap([](int n) {
        return effect([n](EffectEnv env) -> Task<Result<int>> { co_return n* env.context.value<int>("multiplier"); });
    });
    RunOptions options;
    options.context = EffectContext().with("multiplier", 3);
    QCOMPARE(rig.start(doubled).value(), Result<int>(84));
    QCOMPARE(rig.start(scaled, options).value(), Result<int>(30));
}

// 47, 48. LEGACY catch caught thrown errors; v0 catchError handles Err
// results: the failure reaches the handler, which recovers. A thrown
// exception is a Defect that catchError leaves alone (v0 semantics).
void TestEffectBasic::catchErrorRecovers()
{
    Rig rig;
    auto recovered = fail<int>("test error").catchError([](const EffectError&) { return succeed(42); }); // 47
    QCOMPARE(rig.start(recovered).value(), Result<int>(42));

    std::string seen; // 48
    auto inspected = fail<std::string>("test error").catchError([&seen](const EffectError& e) {
        seen = e.message();
        return succeed("recovered");
    });
    QCOMPARE(rig.start(inspected).value(), Result<std::string>("recovered"));
    QCOMPARE(seen, std::string("test error"));

    bool handlerRan = false;
    auto thrown = effect([](EffectEnv) -> Task<Result<int>> {
        throw std::runtime_error("boom");
        co_return 0;
    }).catchError([&handlerRan](const EffectError&) {
        handlerRan = true;
        return succeed(0);
    });
    auto f = rig.start(thrown);
    QVERIFY(!handlerRan);
    QVERIFY(f.value().error().isDefect());
    QCOMPARE(f.value().error().message(), std::string("boom"));
}

// 49. timeout(100) around 10 ms of work -> 42, and the timeout timer is gone.
void TestEffectBasic::timeoutLetsFastWorkThrough()
{
    Rig rig;
    auto f = after(10, 42).timeout(100).run(rig.clock);
    rig.advance(10);
    QCOMPARE(f.value(), 42);
    QCOMPARE(rig.pending(), std::size_t(0));
}

// 50, 51. timeout(10) around 100 ms of work: run() rejects with "Effect timed
// out after 10ms"; exactly one timeout:start and one timeout:triggered.
void TestEffectBasic::timeoutRejectsSlowWorkWithItsLimit()
{
    Rig rig;
    auto f = after(100, 42).timeout(10).withEmit(rig.sink()).run(rig.clock);
    rig.advance(10);
    QVERIFY(f.hasError());
    try {
        (void)f.value();
        QFAIL("run() should have thrown");
    } catch (const EffectFailure& e) {
        QCOMPARE(std::string(e.what()), std::string("Effect timed out after 10ms"));
        QVERIFY(e.error().isTimeout());
        QCOMPARE(e.error().timeoutMs(), std::int64_t(10));
    }
    rig.advance(100);
    QCOMPARE(rig.count("effect:timeout:start"), std::size_t(1));
    QCOMPARE(rig.count("effect:timeout:triggered"), std::size_t(1));
    QCOMPARE(rig.ints("effect:timeout:triggered", "timeoutMs"), std::vector<std::int64_t>({ 10 }));
}

// 53. fail(error).run() rejects with the very same error object.
void TestEffectBasic::runRethrowsTheSameErrorObject()
{
    Rig rig;
    const auto original = std::make_exception_ptr(std::runtime_error("test error"));
    const std::exception* originalAddress = nullptr;
    try {
        std::rethrow_exception(original);
    } catch (const std::exception& e) {
        originalAddress = &e;
    }
    auto f = fail<int>(original).run(rig.clock);
    rig.clock.flush();
    try {
        (void)f.value();
        QFAIL("run() should have thrown");
    } catch (const std::runtime_error& e) {
        QCOMPARE(static_cast<const std::exception*>(&e), originalAddress);
    }
}

// 54. fromFuture of a resolved future -> 42; of one resolved later -> its value.
void TestEffectBasic::fromFutureResolves()
{
    Rig rig;
    auto ready = fromFuture(Future<int>::ready(rig.ex, 42)).run(rig.clock);
    Promise<int> later(rig.ex);
    auto pendingRun = fromFuture(later.future()).run(rig.clock);
    rig.clock.flush();
    QCOMPARE(ready.value(), 42);
    QVERIFY(!pendingRun.settled());
    later.resolve(7);
    rig.clock.flush();
    QCOMPARE(pendingRun.value(), 7);
}

// 55. fromFuture of a failed future: run() rethrows its exception.
void TestEffectBasic::fromFutureRejects()
{
    Rig rig;
    auto failed = Future<int>::failed(rig.ex, std::make_exception_ptr(std::runtime_error("test error")));
    auto f = fromFuture(failed).run(rig.clock);
    auto r = fromFuture(failed).runPromise(rig.clock);
    rig.clock.flush();
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, f.value());
    QVERIFY(r.value().error().isFail());
    QCOMPARE(r.value().error().message(), std::string("test error"));
}

QTEST_GUILESS_MAIN(TestEffectBasic)
#include "tst_effect_basic.moc"
