// Supervision made real (engine.md): one-for-one restarts with exponential
// backoff, a restart window, give-up, seeded jitter, init re-run and the
// queued messages kept. Replaces the reference's polling supervisor cases
// (26-40) with the intended behaviour.
#include "process_fixture.h"

#include <QTest>

using namespace cd::rt;
using namespace cd::rt::test;

namespace {
using Log = std::vector<std::string>;

SupervisionStrategy oneForOne(Backoff backoff, std::optional<MaxRestarts> max = std::nullopt)
{
    return SupervisionStrategy { SupervisionType::OneForOne, backoff, max };
}

// A counter whose truth is an external journal: init folds it, so a restart
// rebuilds the state. "add:N" journals N, "boom" throws, "get" replies.
struct Ledger {
    std::vector<int> journal;
    std::vector<std::int64_t> initTimes;
    Log handled;
};

ProcessSpec<Msg, int> ledgerSpec(Ledger& ledger, SupervisionStrategy supervision, bool coroutine = false)
{
    ProcessSpec<Msg, int> spec { .name = "ledger", .supervision = supervision };
    spec.init = [&ledger](Tools<Msg>& t) {
        ledger.initTimes.push_back(t.now().monoMs);
        int sum = 0;
        for (int v : ledger.journal)
            sum += v;
        return sum;
    };
    const auto step = [&ledger](int total, const Msg& m) {
        if (m.text == "boom")
            throw std::runtime_error("boom");
        ledger.handled.push_back(m.text);
        if (m.text.starts_with("add:")) {
            const int v = std::stoi(m.text.substr(4));
            ledger.journal.push_back(v);
            return total + v;
        }
        m.reply(std::to_string(total));
        return total;
    };
    if (coroutine) {
        spec.handle = [step](int total, Msg m, Tools<Msg>& t) -> Task<int> {
            co_await t.sleep(1);
            co_return step(total, m);
        };
    } else {
        spec.handle = [step](int total, Msg m, Tools<Msg>&) { return step(total, m); };
    }
    return spec;
}

std::vector<std::int64_t> delaysOf(const Engine& e)
{
    std::vector<std::int64_t> out;
    for (const auto& ev : e.ofType("supervisor:restart"))
        out.push_back(ev.integer("delayMs"));
    return out;
}

// Fails the ledger `times` times, each time right after it is running again.
void failRepeatedly(Engine& e, ProcessRef<Msg>& p, int times)
{
    for (int i = 0; i < times; ++i) {
        p.send(tell("boom"));
        e.settle();
        while (p.status() == ProcessStatus::Failed && p.info().restartPending)
            e.clock.runUntil(*e.clock.nextTimerMono());
    }
}
} // namespace

class TestSupervision : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void policyDecisions_data();
    void policyDecisions();
    void policyJitter();
    void backoffDelays_data();
    void backoffDelays();
    void restartAfterBackoff_data();
    void restartAfterBackoff();
    void giveUpAfterCountRestarts();
    void windowResetsOnlyWhenStrictlyLonger_data();
    void windowResetsOnlyWhenStrictlyLonger();
    void jitterIsSeededAndDeterministic();
    void parentIsToldOnGiveUp();
    void initFailureIsRestarted();
    void stopDuringBackoffStaysStopped();
};

void TestSupervision::policyDecisions_data()
{
    QTest::addColumn<Backoff>("backoff");
    QTest::addColumn<std::int64_t>("count"); // 0: no maxRestarts
    QTest::addColumn<std::int64_t>("within");
    QTest::addColumn<QList<qint64>>("times");
    QTest::addColumn<QStringList>("expected");
    const auto list = [](std::initializer_list<const char*> items) {
        QStringList out;
        for (const char* i : items)
            out << QString::fromLatin1(i);
        return out;
    };
    // The reference's verified sequences (section 4.2).
    QTest::newRow("3 within 1000") << Backoff { 100, 1000, 2.0, 0 } << std::int64_t(3) << std::int64_t(1000)
                                   << QList<qint64> { 0, 100, 200, 300, 400, 1500 }
                                   << list({ "restart 1 100", "restart 2 200", "restart 3 400", "giveup 3 300",
                                          "giveup 3 400", "restart 1 100" });
    QTest::newRow("2 within 100") << Backoff { 100, 1000, 2.0, 0 } << std::int64_t(2) << std::int64_t(100)
                                  << QList<qint64> { 0, 100, 100, 101 }
                                  << list({ "restart 1 100", "restart 2 200", "giveup 2 100", "restart 1 100" });
    QTest::newRow("max clamps") << Backoff { 100, 500, 10.0, 0 } << std::int64_t(0) << std::int64_t(0)
                                << QList<qint64> { 0, 1, 2, 3 }
                                << list({ "restart 1 100", "restart 2 500", "restart 3 500", "restart 4 500" });
}

void TestSupervision::policyDecisions()
{
    QFETCH(Backoff, backoff);
    QFETCH(std::int64_t, count);
    QFETCH(std::int64_t, within);
    QFETCH(QList<qint64>, times);
    QFETCH(QStringList, expected);
    std::optional<MaxRestarts> max;
    if (count > 0)
        max = MaxRestarts { count, within };
    RestartPolicy policy(oneForOne(backoff, max), 1);
    QStringList got;
    for (qint64 t : times) {
        const auto d = policy.onFailure(t);
        got << (d.restart ? QStringLiteral("restart %1 %2").arg(d.attempt).arg(d.delayMs)
                          : QStringLiteral("giveup %1 %2").arg(d.attempt).arg(d.withinMs));
    }
    QCOMPARE(got, expected);
    RestartPolicy none(SupervisionStrategy {}, 1);
    QVERIFY(!none.onFailure(0).restart);
}

void TestSupervision::policyJitter()
{
    const auto strategy = oneForOne(Backoff { 100, 1000, 2.0, 10.0 });
    const auto sample = [&strategy](std::uint64_t seed) {
        RestartPolicy policy(strategy, seed);
        std::vector<std::int64_t> out;
        for (int i = 0; i < 6; ++i)
            out.push_back(policy.onFailure(i).delayMs);
        return out;
    };
    const auto a = sample(42);
    QCOMPARE(sample(42), a);
    QVERIFY(sample(43) != a);
    const std::int64_t bases[] = { 100, 200, 400, 800, 1000, 1000 };
    bool anyJitter = false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        QVERIFY2(a[i] >= bases[i] * 9 / 10 && a[i] <= bases[i] * 11 / 10, std::to_string(a[i]).c_str());
        anyJitter = anyJitter || a[i] != bases[i];
    }
    QVERIFY(anyJitter);
}

void TestSupervision::backoffDelays_data()
{
    QTest::addColumn<Backoff>("backoff");
    QTest::addColumn<QList<qint64>>("delays");
    QTest::addColumn<QList<qint64>>("initTimes");
    QTest::newRow("x2 from 100") << Backoff { 100, 30000, 2.0, 0 } << QList<qint64> { 100, 200, 400 }
                                 << QList<qint64> { 0, 100, 300, 700 };
    QTest::newRow("max clamps") << Backoff { 100, 500, 10.0, 0 } << QList<qint64> { 100, 500, 500 }
                                << QList<qint64> { 0, 100, 600, 1100 };
}

void TestSupervision::backoffDelays()
{
    QFETCH(Backoff, backoff);
    QFETCH(QList<qint64>, delays);
    QFETCH(QList<qint64>, initTimes);
    Engine e;
    Ledger ledger;
    auto p = e.system.spawn(ledgerSpec(ledger, oneForOne(backoff, MaxRestarts { 10, 60000 })));
    failRepeatedly(e, p, 3);
    const auto got = delaysOf(e);
    QCOMPARE(QList<qint64>(got.begin(), got.end()), delays);
    QCOMPARE(QList<qint64>(ledger.initTimes.begin(), ledger.initTimes.end()), initTimes);
    const auto restarts = e.ofType("supervisor:restart");
    for (std::size_t i = 0; i < restarts.size(); ++i) {
        QCOMPARE(restarts[i].text("id"), p.id());
        QCOMPARE(restarts[i].integer("attempt"), std::int64_t(i + 1));
    }
    QCOMPARE(p.info().restarts, std::int64_t(3));
    QCOMPARE(p.status(), ProcessStatus::Running);
}

void TestSupervision::restartAfterBackoff_data()
{
    QTest::addColumn<bool>("coroutine");
    QTest::newRow("sync handler") << false;
    QTest::newRow("coroutine handler") << true;
}

void TestSupervision::restartAfterBackoff()
{
    QFETCH(bool, coroutine);
    Engine e;
    Ledger ledger;
    auto p = e.system.spawn(ledgerSpec(ledger, oneForOne(Backoff { 100, 1000, 2.0, 0 }), coroutine));
    p.send(tell("add:1"));
    p.send(tell("add:2"));
    auto lost = watch(p.ask<std::string>([](Reply<std::string> r) { return Msg { "boom", std::move(r) }; }));
    p.send(tell("add:3")); // queued behind the failing message
    auto total = watch(p.ask<std::string>([](Reply<std::string> r) { return Msg { "get", std::move(r) }; }));
    const std::int64_t failAt = coroutine ? 3 : 0;
    e.advance(failAt);
    QCOMPARE(p.status(), ProcessStatus::Failed);
    QVERIFY(p.info().restartPending);
    QCOMPARE(p.info().lastError, std::string("boom"));
    QCOMPARE(p.info().mailboxDepth, std::size_t(2));
    QVERIFY(lost.failedWith<ProcessError>()); // reported at once
    QCOMPARE(e.ofType("process:msg:error").size(), std::size_t(1));
    QVERIFY(p.send(tell("add:4"))); // accepted during the backoff
    e.advance(99);
    QCOMPARE(p.status(), ProcessStatus::Failed);
    QCOMPARE(ledger.initTimes.size(), std::size_t(1));
    e.advance(1);
    QCOMPARE(ledger.initTimes.size(), std::size_t(2)); // init ran again
    e.advance(10);
    QCOMPARE(p.status(), ProcessStatus::Running);
    // The state was rebuilt from the journal (1+2), then 3 was added; the
    // failing message was dropped, not retried.
    QCOMPARE(total.future.value(), std::string("6"));
    QCOMPARE(ledger.handled, Log({ "add:1", "add:2", "add:3", "get", "add:4" }));
    QCOMPARE(p.info().restarts, std::int64_t(1));
    QVERIFY(!p.info().restartPending);
    QCOMPARE(e.typesFor(p.id(), "process:start"), Log({ "process:start", "process:start" }));
}

void TestSupervision::giveUpAfterCountRestarts()
{
    Engine e;
    Ledger ledger;
    auto p = e.system.spawn(ledgerSpec(ledger, oneForOne(Backoff { 10, 1000, 2.0, 0 }, MaxRestarts { 2, 10000 })));
    failRepeatedly(e, p, 2);
    QCOMPARE(p.status(), ProcessStatus::Running);
    p.send(tell("boom"));
    p.send(tell("add:1"));
    auto pending = watch(p.ask<std::string>([](Reply<std::string> r) { return Msg { "get", std::move(r) }; }));
    e.settle();
    QCOMPARE(p.status(), ProcessStatus::Failed);
    QVERIFY(!p.info().restartPending);
    const auto giveups = e.ofType("supervisor:giveup");
    QCOMPARE(giveups.size(), std::size_t(1));
    QCOMPARE(giveups[0].integer("attempts"), std::int64_t(2));
    QCOMPARE(giveups[0].integer("withinMs"), e.now());
    QVERIFY(pending.failedWith<ProcessError>());
    QVERIFY(!p.send(tell("add:2")));
    e.advance(100'000);
    QCOMPARE(p.status(), ProcessStatus::Failed);
    QCOMPARE(ledger.initTimes.size(), std::size_t(3));
    QCOMPARE(e.rootFailures.size(), std::size_t(1));
    QCOMPARE(e.rootFailures[0].id, p.id());
    QCOMPARE(e.rootFailures[0].attempts, std::int64_t(2));
    QCOMPARE(e.rootFailures[0].error, std::string("boom"));
}

void TestSupervision::windowResetsOnlyWhenStrictlyLonger_data()
{
    QTest::addColumn<std::int64_t>("gap");
    QTest::addColumn<bool>("restarted");
    QTest::newRow("gap == within: same window, give up") << std::int64_t(500) << false;
    QTest::newRow("gap == within + 1: new window, restart") << std::int64_t(501) << true;
}

void TestSupervision::windowResetsOnlyWhenStrictlyLonger()
{
    QFETCH(std::int64_t, gap);
    QFETCH(bool, restarted);
    Engine e;
    Ledger ledger;
    auto p = e.system.spawn(ledgerSpec(ledger, oneForOne(Backoff { 10, 1000, 2.0, 0 }, MaxRestarts { 1, 500 })));
    p.send(tell("boom")); // t=0 opens the window
    e.advance(gap);
    QCOMPARE(p.status(), ProcessStatus::Running);
    p.send(tell("boom"));
    e.settle();
    QCOMPARE(p.info().restartPending, restarted);
    QCOMPARE(e.ofType("supervisor:giveup").size(), std::size_t(restarted ? 0 : 1));
    e.advance(10);
    QCOMPARE(p.status(), restarted ? ProcessStatus::Running : ProcessStatus::Failed);
}

void TestSupervision::jitterIsSeededAndDeterministic()
{
    const auto run = [](std::uint64_t seed) {
        Engine e(seed);
        Ledger ledger;
        auto p = e.system.spawn(ledgerSpec(ledger, oneForOne(Backoff { 1000, 30000, 2.0, 20.0 })));
        failRepeatedly(e, p, 4);
        return std::make_pair(delaysOf(e), ledger.initTimes);
    };
    const auto a = run(11);
    QCOMPARE(run(11), a);
    QVERIFY(run(12).first != a.first);
    const std::int64_t bases[] = { 1000, 2000, 4000, 8000 };
    for (std::size_t i = 0; i < 4; ++i) {
        QVERIFY(a.first[i] >= bases[i] * 8 / 10 && a.first[i] <= bases[i] * 12 / 10);
        QCOMPARE(a.second[i + 1] - a.second[i], a.first[i]); // the restart came exactly after the delay
    }
}

void TestSupervision::parentIsToldOnGiveUp()
{
    Engine e;
    Log parentSaw;
    ProcessRef<Msg> child;
    auto parent = e.system.spawn(ProcessSpec<Msg, int> {
        .name = "manager",
        .init =
            [&child](Tools<Msg>& t) {
                child = t.spawn(ProcessSpec<Msg, int> {
                    .name = "tenant",
                    .handle = [](int, Msg, Tools<Msg>&) -> int { throw std::runtime_error("corrupt"); },
                    .supervision = oneForOne(Backoff { 10, 100, 2.0, 0 }, MaxRestarts { 1, 1000 }),
                });
                return 0;
            },
        .handle =
            [&parentSaw](int n, Msg m, Tools<Msg>&) {
                parentSaw.push_back(m.text);
                return n + 1;
            },
        .onChildFailure = [](const ChildFailure& f) -> std::optional<Msg> {
            return tell("child " + f.name + " gave up after " + std::to_string(f.attempts) + ": " + f.error);
        },
    });
    QCOMPARE(child.info().depth, 1);
    QCOMPARE(child.info().parentId, parent.id());
    child.send(tell("x"));
    e.advance(10);
    QCOMPARE(child.status(), ProcessStatus::Running);
    child.send(tell("x"));
    e.settle();
    QCOMPARE(child.status(), ProcessStatus::Failed);
    QCOMPARE(parentSaw, Log({ "child tenant gave up after 1: corrupt" }));
    QVERIFY(e.rootFailures.empty());
    QCOMPARE(parent.status(), ProcessStatus::Running);
}

void TestSupervision::initFailureIsRestarted()
{
    Engine e;
    int attempts = 0;
    auto p = e.system.spawn(ProcessSpec<Msg, int> {
        .name = "replayer",
        .init =
            [&attempts](Tools<Msg>&) {
                if (++attempts == 1)
                    throw std::runtime_error("journal unavailable");
                return 7;
            },
        .handle =
            [](int n, Msg m, Tools<Msg>&) {
                m.reply(std::to_string(n));
                return n;
            },
        .supervision = oneForOne(Backoff { 50, 1000, 2.0, 0 }),
    });
    QCOMPARE(p.status(), ProcessStatus::Failed);
    QCOMPARE(p.info().lastError, std::string("journal unavailable"));
    auto answer = watch(p.ask<std::string>([](Reply<std::string> r) { return Msg { "get", std::move(r) }; }));
    e.advance(50);
    QCOMPARE(p.status(), ProcessStatus::Running);
    QCOMPARE(answer.future.value(), std::string("7"));
    QCOMPARE(attempts, 2);
}

void TestSupervision::stopDuringBackoffStaysStopped()
{
    Engine e;
    Ledger ledger;
    auto p = e.system.spawn(ledgerSpec(ledger, oneForOne(Backoff { 100, 1000, 2.0, 0 })));
    p.send(tell("boom"));
    e.settle();
    QVERIFY(p.info().restartPending);
    auto done = watch(p.stop());
    e.settle();
    QVERIFY(done.ok());
    QCOMPARE(e.clock.pendingTimerCount(), std::size_t(0));
    e.advance(1000);
    QCOMPARE(p.status(), ProcessStatus::Stopped);
    QCOMPARE(ledger.initTimes.size(), std::size_t(1));
}

QTEST_GUILESS_MAIN(TestSupervision)
#include "tst_supervision.moc"
