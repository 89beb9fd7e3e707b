// Process lifecycle, serial handling, mailbox policies and stop semantics:
// the reference's process cases 1-25 and 41-43 re-expressed for the typed API,
// plus engine.md's fixes (sends while starting are queued, stopping while
// starting stays stopped).
#include "process_fixture.h"

#include <QTest>

using namespace cd::rt;
using namespace cd::rt::test;

namespace {
using Log = std::vector<std::string>;

ProcessSpec<Msg, Log> recorder(std::string name, Log* seen)
{
    return ProcessSpec<Msg, Log> {
        .name = std::move(name),
        .init = [](Tools<Msg>&) { return Log {}; },
        .handle =
            [seen](Log log, Msg m, Tools<Msg>&) {
                if (seen)
                    seen->push_back(m.text);
                log.push_back(m.text);
                return log;
            },
    };
}

// init waits initMs on the clock before the process runs.
ProcessSpec<Msg, Log> slowStarter(std::int64_t initMs, Log* seen)
{
    auto spec = recorder("slow", seen);
    spec.init = [initMs](Tools<Msg>& t) -> Task<Log> {
        co_await t.sleep(initMs);
        co_return Log { "init" };
    };
    return spec;
}
} // namespace

class TestProcess : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void spawnAssignsDistinctIds();
    void syncInitRunsAtSpawn();
    void asyncInitStartsThenRuns();
    void initFailureFails_data();
    void initFailureFails();
    void handlerReceivesMessage();
    void messagesAreHandledSeriallyInOrder();
    void sendWhileStartingIsQueued();
    void failureWithoutSupervisionStaysFailed();
    void lifecycleEventsInOrder();
    void msgTypeNames();
    void mailboxFull_data();
    void mailboxFull();
    void stopCallsOnStopWithStateAndReason();
    void stopErrorIsReportedNotThrown();
    void stopIsIdempotent();
    void stopWaitsForMessageInFlight();
    void stopWhileStartingStaysStopped();
    void stopFromFailed();
    void statusTransitions();
    void worksWithoutEmit();
    void manyProcesses();
};

void TestProcess::spawnAssignsDistinctIds()
{
    Engine e;
    Log seen;
    auto a = e.system.spawn(recorder("worker", &seen));
    auto b = e.system.spawn(recorder("worker", &seen));
    QVERIFY(!a.id().empty());
    QVERIFY(a.id() != b.id());
    QCOMPARE(a.name(), std::string("worker"));
    QCOMPARE(a.info().id, a.id());
    QVERIFY(a == a);
    QVERIFY(!(a == b));
    ProcessRef<Msg> none;
    QVERIFY(!none.valid());
    QVERIFY(!none.send(tell("x")));
}

void TestProcess::syncInitRunsAtSpawn()
{
    Engine e;
    int inits = 0;
    auto spec = recorder("p", nullptr);
    spec.init = [&inits](Tools<Msg>&) {
        ++inits;
        return Log {};
    };
    auto p = e.system.spawn(std::move(spec));
    QCOMPARE(inits, 1);
    QCOMPARE(p.status(), ProcessStatus::Running);
    QCOMPARE(e.ofType("process:start").size(), std::size_t(1));
    QCOMPARE(e.ofType("process:ready").size(), std::size_t(1));
    QCOMPARE(e.ofType("process:start")[0].text("name"), std::string("p"));
}

void TestProcess::asyncInitStartsThenRuns()
{
    Engine e;
    e.advance(1000);
    Log seen;
    auto p = e.system.spawn(slowStarter(50, &seen));
    QCOMPARE(p.status(), ProcessStatus::Starting);
    QCOMPARE(p.info().startedAtWallMs, std::int64_t(0));
    e.advance(49);
    QCOMPARE(p.status(), ProcessStatus::Starting);
    QVERIFY(e.ofType("process:ready").empty());
    e.advance(1);
    QCOMPARE(p.status(), ProcessStatus::Running);
    QCOMPARE(p.info().startedAtWallMs, std::int64_t(1050));
    QCOMPARE(e.ofType("process:ready").at(0).integer("startedAt"), std::int64_t(1050));
    QCOMPARE(p.info().restarts, std::int64_t(0));
    QVERIFY(p.info().lastError.empty());
}

void TestProcess::initFailureFails_data()
{
    QTest::addColumn<bool>("async");
    QTest::newRow("sync init") << false;
    QTest::newRow("coroutine init") << true;
}

void TestProcess::initFailureFails()
{
    QFETCH(bool, async);
    Engine e;
    auto spec = recorder("p", nullptr);
    if (async) {
        spec.init = [](Tools<Msg>& t) -> Task<Log> {
            co_await t.sleep(5);
            throw std::runtime_error("Init failed");
        };
    } else {
        spec.init = [](Tools<Msg>&) -> Log { throw std::runtime_error("Init failed"); };
    }
    auto p = e.system.spawn(std::move(spec));
    e.advance(5);
    QCOMPARE(p.status(), ProcessStatus::Failed);
    QCOMPARE(p.info().lastError, std::string("Init failed"));
    QCOMPARE(e.ofType("process:fail").at(0).text("error"), std::string("Init failed"));
    QVERIFY(e.ofType("process:ready").empty());
    QVERIFY(!p.send(tell("late")));
    // No supervision: the root is told it failed for good.
    QCOMPARE(e.rootFailures.size(), std::size_t(1));
    QCOMPARE(e.rootFailures[0].id, p.id());
}

void TestProcess::handlerReceivesMessage()
{
    Engine e;
    Log seen;
    auto p = e.system.spawn(recorder("p", &seen));
    QVERIFY(p.send(tell("hello")));
    QVERIFY(seen.empty()); // handled on the executor, not inside send
    e.settle();
    QCOMPARE(seen, Log({ "hello" }));
    QCOMPARE(p.info().handled, std::uint64_t(1));
}

void TestProcess::messagesAreHandledSeriallyInOrder()
{
    Engine e;
    Log trace;
    int inFlight = 0;
    int maxInFlight = 0;
    auto p = e.system.spawn(ProcessSpec<Msg, int> {
        .name = "serial",
        .handle = [&](int n, Msg m, Tools<Msg>& t) -> Task<int> {
            ++inFlight;
            maxInFlight = std::max(maxInFlight, inFlight);
            trace.push_back(m.text + ">" + std::to_string(t.now().monoMs));
            co_await t.sleep(10);
            trace.push_back(m.text + "<" + std::to_string(t.now().monoMs));
            --inFlight;
            co_return n + 1;
        },
    });
    for (const char* m : { "msg1", "msg2", "msg3" })
        QVERIFY(p.send(tell(m)));
    e.advance(50);
    QCOMPARE(trace, Log({ "msg1>0", "msg1<10", "msg2>10", "msg2<20", "msg3>20", "msg3<30" }));
    QCOMPARE(maxInFlight, 1);
}

void TestProcess::sendWhileStartingIsQueued()
{
    Engine e;
    Log seen;
    auto p = e.system.spawn(slowStarter(50, &seen));
    QVERIFY(p.send(tell("early1")));
    QVERIFY(p.send(tell("early2")));
    QCOMPARE(p.info().mailboxDepth, std::size_t(2));
    e.advance(49);
    QVERIFY(seen.empty());
    e.advance(1);
    QCOMPARE(seen, Log({ "early1", "early2" }));
}

void TestProcess::failureWithoutSupervisionStaysFailed()
{
    Engine e;
    Log seen;
    auto spec = recorder("fragile", &seen);
    spec.handle = [&seen](Log log, Msg m, Tools<Msg>&) -> Log {
        if (m.text == "boom")
            throw std::runtime_error("Processing failed");
        seen.push_back(m.text);
        return log;
    };
    auto p = e.system.spawn(std::move(spec));
    p.send(tell("boom"));
    p.send(tell("after"));
    e.advance(10'000);
    QCOMPARE(p.status(), ProcessStatus::Failed);
    QCOMPARE(p.info().lastError, std::string("Processing failed"));
    QCOMPARE(p.info().restartPending, false);
    QVERIFY(seen.empty());
    QVERIFY(!p.send(tell("later")));
    QCOMPARE(e.ofType("process:msg:error").at(0).text("error"), std::string("Processing failed"));
    QVERIFY(e.ofType("supervisor:restart").empty());
    QVERIFY(e.ofType("supervisor:giveup").empty()); // nothing supervised it
}

void TestProcess::lifecycleEventsInOrder()
{
    Engine e;
    auto p = e.system.spawn(ProcessSpec<Msg, int> {
        .name = "ev",
        .handle = [](int n, Msg, Tools<Msg>& t) -> Task<int> {
            co_await t.sleep(25);
            co_return n + 1;
        },
    });
    p.send(tell("one"));
    e.advance(30);
    auto stopped = watch(p.stop());
    e.settle();
    QVERIFY(stopped.ok());
    const Log expected { "process:start", "process:ready", "process:mailbox:enqueue", "process:msg:start",
        "process:msg:end", "process:stop" };
    QCOMPARE(e.typesFor(p.id(), "process:"), expected);
    const auto end = e.ofType("process:msg:end").at(0);
    QCOMPARE(end.integer("durationMs"), std::int64_t(25));
    QCOMPARE(end.integer("seq"), std::int64_t(1));
    QCOMPARE(e.ofType("process:mailbox:enqueue").at(0).integer("size"), std::int64_t(1));
    QCOMPARE(e.ofType("process:msg:start").at(0).instant("at").monoMs, std::int64_t(0));
    QCOMPARE(e.ofType("process:stop").at(0).text("reason"), std::string("normal"));
}

void TestProcess::msgTypeNames()
{
    struct Deposit {
        int amount;
    };
    struct Withdraw {
        int amount;
    };
    using Bank = std::variant<Deposit, Withdraw>;
    Engine e;
    auto p = e.system.spawn(ProcessSpec<Bank, int> {
        .name = "bank",
        .handle = [](int balance, Bank m,
                      Tools<Bank>&) { return std::visit([balance](auto op) { return balance + op.amount; }, m); },
    });
    p.send(Deposit { 5 });
    p.send(Withdraw { 2 });
    auto q = e.system.spawn(ProcessSpec<Msg, int> {
        .name = "named",
        .handle = [](int n, Msg, Tools<Msg>&) { return n; },
        .msgType = [](const Msg& m) { return "cmd:" + m.text; },
    });
    q.send(tell("go"));
    e.settle();
    const auto starts = e.ofType("process:msg:start");
    QCOMPARE(starts.size(), std::size_t(3));
    QCOMPARE(starts[0].text("msgType"), std::string("Deposit"));
    QCOMPARE(starts[1].text("msgType"), std::string("Withdraw"));
    QCOMPARE(starts[2].text("msgType"), std::string("cmd:go"));
}

void TestProcess::mailboxFull_data()
{
    QTest::addColumn<int>("policy");
    QTest::addColumn<QList<bool>>("accepted");
    QTest::addColumn<QStringList>("handled");
    QTest::newRow("reject") << int(MailboxPolicy::Reject) << QList<bool> { true, true, true, false, false }
                            << QStringList { QStringLiteral("m1"), QStringLiteral("m2"), QStringLiteral("m3") };
    QTest::newRow("drop-oldest") << int(MailboxPolicy::DropOldest) << QList<bool> { true, true, true, true, true }
                                 << QStringList { QStringLiteral("m3"), QStringLiteral("m4"), QStringLiteral("m5") };
}

void TestProcess::mailboxFull()
{
    QFETCH(int, policy);
    QFETCH(QList<bool>, accepted);
    QFETCH(QStringList, handled);
    Engine e;
    Log seen;
    auto spec = slowStarter(10, &seen); // queues while starting
    spec.maxInbox = 3;
    spec.mailboxPolicy = static_cast<MailboxPolicy>(policy);
    auto p = e.system.spawn(std::move(spec));
    QList<bool> results;
    for (int i = 1; i <= 5; ++i)
        results << p.send(tell("m" + std::to_string(i)));
    QCOMPARE(results, accepted);
    QCOMPARE(p.info().mailboxDepth, std::size_t(3));
    const auto full = e.ofType("process:mailbox:full");
    QCOMPARE(full.size(), std::size_t(2));
    QCOMPARE(full[0].text("policy"), std::string(policyName(static_cast<MailboxPolicy>(policy))));
    QCOMPARE(full[0].integer("size"), std::int64_t(3));
    e.advance(10);
    QStringList got;
    for (const auto& s : seen)
        got << QString::fromStdString(s);
    QCOMPARE(got, handled);
}

void TestProcess::stopCallsOnStopWithStateAndReason()
{
    Engine e;
    Log seen;
    Log stoppedWith;
    auto spec = recorder("p", &seen);
    spec.onStop = [&stoppedWith](Log& state, const std::string& reason) {
        stoppedWith = state;
        stoppedWith.push_back(reason);
    };
    auto p = e.system.spawn(std::move(spec));
    p.send(tell("a"));
    p.send(tell("b"));
    e.settle();
    auto done = watch(p.stop("shutdown"));
    QCOMPARE(p.status(), ProcessStatus::Stopped);
    e.settle();
    QVERIFY(done.ok());
    QCOMPARE(stoppedWith, Log({ "a", "b", "shutdown" }));
    QVERIFY(!p.send(tell("c")));
}

void TestProcess::stopErrorIsReportedNotThrown()
{
    Engine e;
    auto spec = recorder("p", nullptr);
    spec.onStop = [](Log&, const std::string&) { throw std::runtime_error("Terminate failed"); };
    auto p = e.system.spawn(std::move(spec));
    auto done = watch(p.stop());
    e.settle();
    QVERIFY(done.ok());
    QCOMPARE(p.status(), ProcessStatus::Stopped);
    QCOMPARE(p.info().lastError, std::string("Terminate failed"));
    QCOMPARE(e.ofType("process:fail").at(0).text("error"), std::string("Terminate failed"));
    QCOMPARE(e.ofType("process:stop").size(), std::size_t(1));
}

void TestProcess::stopIsIdempotent()
{
    Engine e;
    int onStops = 0;
    auto spec = recorder("p", nullptr);
    spec.onStop = [&onStops](Log&, const std::string&) { ++onStops; };
    auto p = e.system.spawn(std::move(spec));
    auto first = watch(p.stop());
    auto second = watch(p.stop());
    e.settle();
    QVERIFY(first.ok());
    QVERIFY(second.ok());
    QCOMPARE(onStops, 1);
    QCOMPARE(e.ofType("process:stop").size(), std::size_t(1));
}

void TestProcess::stopWaitsForMessageInFlight()
{
    Engine e;
    Log stoppedWith;
    Log handled;
    auto p = e.system.spawn(ProcessSpec<Msg, Log> {
        .name = "busy",
        .handle = [&handled](Log log, Msg m, Tools<Msg>& t) -> Task<Log> {
            co_await t.sleep(100);
            handled.push_back(m.text);
            log.push_back(m.text);
            co_return log;
        },
        .onStop = [&stoppedWith](Log& state, const std::string&) { stoppedWith = state; },
    });
    p.send(tell("first"));
    p.send(tell("queued"));
    e.advance(10);
    auto done = watch(p.stop());
    QCOMPARE(p.status(), ProcessStatus::Stopping);
    QVERIFY(!p.send(tell("refused")));
    e.advance(89);
    QVERIFY(!done.settled());
    QVERIFY(stoppedWith.empty());
    e.advance(1);
    QVERIFY(done.ok());
    QCOMPARE(p.status(), ProcessStatus::Stopped);
    QCOMPARE(stoppedWith, Log({ "first" })); // onStop saw the in-flight message's state
    e.advance(1000);
    QCOMPARE(handled, Log({ "first" })); // the queued one was abandoned
}

void TestProcess::stopWhileStartingStaysStopped()
{
    Engine e;
    Log seen;
    Log stoppedWith;
    auto spec = slowStarter(50, &seen);
    spec.onStop = [&stoppedWith](Log& state, const std::string&) { stoppedWith = state; };
    auto p = e.system.spawn(std::move(spec));
    p.send(tell("queued"));
    auto done = watch(p.stop());
    QCOMPARE(p.status(), ProcessStatus::Stopping);
    e.advance(50);
    QVERIFY(done.ok());
    QCOMPARE(p.status(), ProcessStatus::Stopped);
    e.advance(100);
    QCOMPARE(p.status(), ProcessStatus::Stopped);
    QVERIFY(seen.empty());
    QCOMPARE(stoppedWith, Log({ "init" }));
    QVERIFY(e.ofType("process:ready").empty());
}

void TestProcess::stopFromFailed()
{
    Engine e;
    auto spec = recorder("p", nullptr);
    spec.handle = [](Log, Msg, Tools<Msg>&) -> Log { throw std::runtime_error("bad"); };
    int onStops = 0;
    spec.onStop = [&onStops](Log&, const std::string&) { ++onStops; };
    auto p = e.system.spawn(std::move(spec));
    p.send(tell("x"));
    e.settle();
    QCOMPARE(p.status(), ProcessStatus::Failed);
    auto done = watch(p.stop());
    e.settle();
    QVERIFY(done.ok());
    QCOMPARE(p.status(), ProcessStatus::Stopped);
    QCOMPARE(onStops, 0); // the failure dropped the state
}

void TestProcess::statusTransitions()
{
    Engine e;
    Log statuses;
    ProcessRef<Msg> p;
    const auto record = [&statuses, &p] {
        const auto info = p.info();
        const std::string s = statusName(info.status);
        if (statuses.empty() || statuses.back() != s)
            statuses.push_back(s);
    };
    auto spec = slowStarter(10, nullptr);
    spec.handle = [](Log log, Msg m, Tools<Msg>&) -> Log {
        if (m.text == "boom")
            throw std::runtime_error("boom");
        return log;
    };
    spec.supervision = SupervisionStrategy { SupervisionType::OneForOne, Backoff { 20, 100, 2.0, 0 }, {} };
    p = e.system.spawn(std::move(spec));
    for (int t = 0; t < 100; ++t) {
        record();
        if (t == 15)
            p.send(tell("boom"));
        if (t == 60)
            p.stop();
        e.advance(1);
        e.settle();
    }
    // starting -> running -> failed (backoff) -> starting (init again) ->
    // running -> stopped (idle, it stops at once; stopping is seen in
    // stopWaitsForMessageInFlight).
    QCOMPARE(statuses, Log({ "starting", "running", "failed", "starting", "running", "stopped" }));
}

void TestProcess::worksWithoutEmit()
{
    Executor ex;
    ControlledClock clock(ex, 0);
    ProcessSystem system(ex, clock);
    Log seen;
    auto p = system.spawn(recorder("quiet", &seen));
    QCOMPARE(p.status(), ProcessStatus::Running);
    p.send(tell("x"));
    clock.flush();
    auto done = p.stop();
    clock.flush();
    QVERIFY(done.settled());
    QCOMPARE(p.status(), ProcessStatus::Stopped);
    QCOMPARE(seen, Log({ "x" }));
}

void TestProcess::manyProcesses()
{
    Engine e;
    constexpr int kCount = 1000;
    std::vector<int> counts(kCount, 0);
    std::vector<ProcessRef<Msg>> refs;
    for (int i = 0; i < kCount; ++i) {
        refs.push_back(e.system.spawn(ProcessSpec<Msg, int> {
            .name = "n" + std::to_string(i),
            .handle =
                [&counts, i](int n, Msg, Tools<Msg>&) {
                    ++counts[static_cast<std::size_t>(i)];
                    return n + 1;
                },
        }));
    }
    for (int i = 0; i < kCount; ++i) {
        for (int k = 0; k <= i % 5; ++k)
            QVERIFY(refs[static_cast<std::size_t>(i)].send(tell("m")));
    }
    e.settle();
    for (int i = 0; i < kCount; ++i)
        QCOMPARE(counts[static_cast<std::size_t>(i)], i % 5 + 1);
    QCOMPARE(e.system.snapshot().size(), std::size_t(kCount));
    auto done = watch(e.system.shutdown());
    e.settle();
    QVERIFY(done.ok());
    for (const auto& info : e.system.snapshot())
        QCOMPARE(info.status, ProcessStatus::Stopped);
}

QTEST_GUILESS_MAIN(TestProcess)
#include "tst_process.moc"
