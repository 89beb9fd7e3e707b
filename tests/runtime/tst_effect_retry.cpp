// Effect::retry. Library cases 115-116 (retry.spec.ts), the verified delays
// of 5.2 (100, 200, 400 with the defaults; the maxDelay clamp), and the
// engine.md fix: retry waits run on the env clock and are cancellable. Also
// the payment-gateway shape: a timeout per attempt, retrying only transient errors.
#include "effect_test_support.h"

#include <stdexcept>

using namespace efftest;

namespace {
// A gateway-like error: only transient ones are worth retrying.
struct GatewayError {
    std::string reason;
    bool transient = false;
    friend bool operator==(const GatewayError&, const GatewayError&) = default;
};

// Fails (Err("failure-<n>")) until attempt `succeedOn`, then Ok("success").
// Records the clock time of every attempt.
Effect<std::string> flaky(std::vector<std::int64_t>& attemptTimes, int succeedOn)
{
    return effect([&attemptTimes, succeedOn](EffectEnv env) -> Task<Result<std::string>> {
        attemptTimes.push_back(env.now().monoMs);
        const int n = static_cast<int>(attemptTimes.size());
        if (n >= succeedOn)
            co_return std::string("success");
        co_return Err("failure-" + std::to_string(n));
    });
}

RetryPolicy policyOf(int maxAttempts, std::int64_t base, double factor)
{
    RetryPolicy p;
    p.maxAttempts = maxAttempts;
    p.baseDelayMs = base;
    p.backoffFactor = factor;
    return p;
}
} // namespace

class TestEffectRetry : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void retriesWithFixedDelay(); // 115
    void retriesWithBackoff(); // 116
    void delayFormula_data();
    void delayFormula(); // 5.2 verified delays
    void defaultBackoffRunsOnTheClock(); // 100, 200, 400
    void maxDelayClampsTheWaits(); // 100, 150, 150, 150
    void cancelDuringDelayInterrupts(); // engine.md fix
    void timeoutCancelsThePendingDelay(); // engine.md fix
    void retriesOnlyWhatRetryIfAccepts();
    void timeoutPerAttemptIsRetried();
    void defectsAndInterruptionsAreNotRetried();
    void zeroAttemptsIsADefect();
};

// 115. Two failures, then success; 3 attempts 100 ms apart (factor 1).
void TestEffectRetry::retriesWithFixedDelay()
{
    Rig rig;
    std::vector<std::int64_t> attempts;
    auto f = rig.start(flaky(attempts, 3).retry(policyOf(3, 100, 1)));
    QCOMPARE(attempts.size(), std::size_t(1));
    rig.advance(100);
    QCOMPARE(attempts.size(), std::size_t(2));
    rig.advance(100);
    QCOMPARE(f.value(), Result<std::string>("success"));
    QCOMPARE(attempts, std::vector<std::int64_t>({ 0, 100, 200 }));
}

// 116. Same with factor 2: waits 100, then 200.
void TestEffectRetry::retriesWithBackoff()
{
    Rig rig;
    std::vector<std::int64_t> attempts;
    auto f = rig.start(flaky(attempts, 3).retry(policyOf(3, 100, 2)));
    rig.advance(100);
    rig.advance(199);
    QVERIFY(!f.settled());
    QCOMPARE(attempts.size(), std::size_t(2));
    rig.advance(1);
    QCOMPARE(f.value(), Result<std::string>("success"));
    QCOMPARE(attempts, std::vector<std::int64_t>({ 0, 100, 300 }));
}

void TestEffectRetry::delayFormula_data()
{
    QTest::addColumn<int>("maxAttempts");
    QTest::addColumn<qint64>("base");
    QTest::addColumn<double>("factor");
    QTest::addColumn<qint64>("maxDelay"); // -1: default
    QTest::addColumn<QList<qint64>>("delays");
    QTest::newRow("defaults") << 4 << qint64(100) << 2.0 << qint64(-1) << QList<qint64> { 100, 200, 400 };
    QTest::newRow("clamped") << 5 << qint64(100) << 2.0 << qint64(150) << QList<qint64> { 100, 150, 150, 150 };
    QTest::newRow("factor 1") << 4 << qint64(1000) << 1.0 << qint64(-1) << QList<qint64> { 1000, 1000, 1000 };
    QTest::newRow("factor 3") << 4 << qint64(10) << 3.0 << qint64(-1) << QList<qint64> { 10, 30, 90 };
    QTest::newRow("huge factor") << 3 << qint64(1) << 1e30 << qint64(5000) << QList<qint64> { 1, 5000 };
}

// delay after n failures = min(base * factor^(n-1), maxDelay), maxDelay by
// default base * factor^(maxAttempts-1).
void TestEffectRetry::delayFormula()
{
    QFETCH(int, maxAttempts);
    QFETCH(qint64, base);
    QFETCH(double, factor);
    QFETCH(qint64, maxDelay);
    QFETCH(QList<qint64>, delays);
    RetryPolicy p = policyOf(maxAttempts, base, factor);
    if (maxDelay >= 0)
        p.maxDelayMs = maxDelay;
    QList<qint64> actual;
    for (int n = 1; n < maxAttempts; ++n)
        actual << p.delayAfter(n);
    QCOMPARE(actual, delays);
}

// Base 100 with the defaults and 4 failing attempts: attempts at 0, 100, 300,
// 700 on the clock; delay/attempt/exhausted events; the last error comes back.
void TestEffectRetry::defaultBackoffRunsOnTheClock()
{
    Rig rig;
    std::vector<std::int64_t> attempts;
    RetryPolicy policy;
    policy.maxAttempts = 4;
    policy.baseDelayMs = 100;
    auto f = rig.start(flaky(attempts, 99).retry(policy).withEmit(rig.sink()));
    for (const std::int64_t step : { 100, 200, 400 }) {
        QVERIFY(!f.settled());
        rig.advance(step);
    }
    QCOMPARE(f.value().error(), EffectError::fail("failure-4"));
    QCOMPARE(attempts, std::vector<std::int64_t>({ 0, 100, 300, 700 }));
    QCOMPARE(rig.ints("effect:retry:delay", "delayMs"), std::vector<std::int64_t>({ 100, 200, 400 }));
    QCOMPARE(rig.ints("effect:retry:delay", "attempt"), std::vector<std::int64_t>({ 1, 2, 3 }));
    QCOMPARE(rig.ints("effect:retry:attempt", "attempt"), std::vector<std::int64_t>({ 1, 2, 3, 4 }));
    QCOMPARE(rig.ints("effect:retry:attempt", "maxAttempts"), std::vector<std::int64_t>({ 4, 4, 4, 4 }));
    QCOMPARE(rig.ints("effect:retry:attempt", "timestamp"), std::vector<std::int64_t>({ 0, 100, 300, 700 }));
    QCOMPARE(rig.ints("effect:retry:exhausted", "attempts"), std::vector<std::int64_t>({ 4 }));
    QCOMPARE(rig.count("effect:retry:success"), std::size_t(0));
    QCOMPARE(rig.pending(), std::size_t(0));
}

// maxDelayMs 150 over 5 attempts: waits 100, 150, 150, 150; success on the last.
void TestEffectRetry::maxDelayClampsTheWaits()
{
    Rig rig;
    std::vector<std::int64_t> attempts;
    RetryPolicy policy = policyOf(5, 100, 2);
    policy.maxDelayMs = 150;
    auto f = rig.start(flaky(attempts, 5).retry(policy).withEmit(rig.sink()));
    for (const std::int64_t step : { 100, 150, 150, 150 })
        rig.advance(step);
    QCOMPARE(f.value(), Result<std::string>("success"));
    QCOMPARE(attempts, std::vector<std::int64_t>({ 0, 100, 250, 400, 550 }));
    QCOMPARE(rig.ints("effect:retry:success", "attempt"), std::vector<std::int64_t>({ 5 }));
}

// A cancel during a retry wait ends the retry at once with Err(Interrupted):
// no further attempt, no timer left, no time needed.
void TestEffectRetry::cancelDuringDelayInterrupts()
{
    Rig rig;
    std::vector<std::int64_t> attempts;
    const CancelToken stop(1);
    RunOptions options;
    options.cancel = stop;
    auto f = rig.start(flaky(attempts, 99).retry(policyOf(5, 1000, 2)), options);
    rig.advance(1000);
    QCOMPARE(attempts.size(), std::size_t(2));
    QCOMPARE(rig.pending(), std::size_t(1));
    stop.cancel();
    rig.clock.flush();
    QCOMPARE(f.value().error(), EffectError::interrupted());
    QCOMPARE(rig.pending(), std::size_t(0));
    rig.advance(10000);
    QCOMPARE(attempts.size(), std::size_t(2));
}

// retry(...).timeout(T): the timeout cancels the pending wait (the library
// slept in an uncancellable run and left the timer behind).
void TestEffectRetry::timeoutCancelsThePendingDelay()
{
    Rig rig;
    std::vector<std::int64_t> attempts;
    auto f = rig.start(flaky(attempts, 99).retry(policyOf(5, 400, 2)).timeout(1000));
    rig.advance(400);
    rig.advance(600);
    QCOMPARE(f.value().error(), EffectError::timeout());
    QCOMPARE(attempts, std::vector<std::int64_t>({ 0, 400 }));
    QCOMPARE(rig.pending(), std::size_t(0));
}

// retryIf: transient gateway errors are retried, declines are not.
void TestEffectRetry::retriesOnlyWhatRetryIfAccepts()
{
    Rig rig;
    RetryPolicy policy = policyOf(4, 100, 2);
    policy.retryIf = [](const EffectError& e) {
        const auto* g = e.as<GatewayError>();
        return g && g->transient;
    };
    int calls = 0;
    auto declined = effect([&calls](EffectEnv) -> Task<Result<std::string>> {
        ++calls;
        co_return Err(GatewayError { "card declined", false });
    });
    auto f = rig.start(declined.retry(policy));
    QCOMPARE(calls, 1);
    const GatewayError* error = f.value().error().as<GatewayError>();
    QVERIFY(error != nullptr);
    QVERIFY(*error == (GatewayError { "card declined", false }));
    QCOMPARE(rig.pending(), std::size_t(0));

    int transientCalls = 0;
    auto flakyGateway = effect([&transientCalls](EffectEnv) -> Task<Result<std::string>> {
        if (++transientCalls < 3)
            co_return Err(GatewayError { "503", true });
        co_return std::string("charged");
    });
    auto g = rig.start(flakyGateway.retry(policy));
    rig.advance(100);
    rig.advance(200);
    QCOMPARE(g.value(), Result<std::string>("charged"));
    QCOMPARE(transientCalls, 3);
}

// The gateway shape: each attempt has its own timeout; a hung attempt times
// out and is retried (Timeout is retryable), the next one succeeds.
void TestEffectRetry::timeoutPerAttemptIsRetried()
{
    Rig rig;
    int calls = 0;
    auto call = effect([&calls](EffectEnv env) -> Task<Result<std::string>> {
        const std::int64_t latency = ++calls == 1 ? 10000 : 20;
        const Result<Unit> slept = co_await sleep(latency).runIn(env);
        if (!slept.ok())
            co_return slept.error();
        co_return std::string("charged");
    });
    auto f = rig.start(call.timeout(50).retry(policyOf(3, 100, 2)));
    rig.advance(50); // first attempt times out
    rig.advance(100); // wait, then the second attempt starts
    QCOMPARE(calls, 2);
    rig.advance(20);
    QCOMPARE(f.value(), Result<std::string>("charged"));
    QCOMPARE(rig.now(), std::int64_t(170));
    QCOMPARE(rig.pending(), std::size_t(0));
}

// Thrown exceptions (Defects) and interruptions are never retried.
void TestEffectRetry::defectsAndInterruptionsAreNotRetried()
{
    Rig rig;
    int thrownCalls = 0;
    auto thrower = effect([&thrownCalls](EffectEnv) -> Task<Result<int>> {
        ++thrownCalls;
        throw std::runtime_error("bug");
        co_return 0;
    });
    auto f = rig.start(thrower.retry(policyOf(3, 100, 2)));
    QCOMPARE(thrownCalls, 1);
    QVERIFY(f.value().error().isDefect());

    int interruptedCalls = 0;
    auto interrupted = effect([&interruptedCalls](EffectEnv) -> Task<Result<int>> {
        ++interruptedCalls;
        co_return EffectError::interrupted();
    });
    auto g = rig.start(interrupted.retry(policyOf(3, 100, 2)));
    QCOMPARE(interruptedCalls, 1);
    QCOMPARE(g.value().error(), EffectError::interrupted());
    QCOMPARE(rig.pending(), std::size_t(0));
}

// maxAttempts 0 (the library returned Err(undefined)): a Defect, nothing runs.
void TestEffectRetry::zeroAttemptsIsADefect()
{
    Rig rig;
    int calls = 0;
    auto body = effect([&calls](EffectEnv) -> Task<Result<int>> {
        ++calls;
        co_return 1;
    });
    auto f = rig.start(body.retry(policyOf(0, 100, 2)));
    QCOMPARE(calls, 0);
    QVERIFY(f.value().error().isDefect());
}

QTEST_GUILESS_MAIN(TestEffectRetry)
#include "tst_effect_retry.moc"
