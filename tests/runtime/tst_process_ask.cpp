// Ask/reply and scheduled messages: engine.md's fixes over the library (ask
// timer cancelled by the reply, immediate ProcessError when the handler fails,
// schedule through a real clock timer) and asks between processes that wait
// without blocking the engine, including the mutual ask that must time out.
#include "process_fixture.h"

#include <QTest>

using namespace cd::rt;
using namespace cd::rt::test;

namespace {
using Log = std::vector<std::string>;

Msg question(const std::string& text, Reply<std::string> reply)
{
    return Msg { text, std::move(reply) };
}

// Replies "echo:<text>" to "echo", ignores "silent", throws on "boom".
ProcessSpec<Msg, int> echo(bool coroutine)
{
    ProcessSpec<Msg, int> spec { .name = "echo" };
    if (coroutine) {
        spec.handle = [](int n, Msg m, Tools<Msg>& t) -> Task<int> {
            co_await t.sleep(10);
            if (m.text == "boom")
                throw std::runtime_error("Processing failed");
            if (m.text != "silent")
                m.reply("echo:" + m.text);
            co_return n + 1;
        };
    } else {
        spec.handle = [](int n, Msg m, Tools<Msg>&) {
            if (m.text == "boom")
                throw std::runtime_error("Processing failed");
            if (m.text != "silent")
                m.reply("echo:" + m.text);
            return n + 1;
        };
    }
    return spec;
}

auto asking(const std::string& text)
{
    return [text](Reply<std::string> r) { return question(text, std::move(r)); };
}
} // namespace

class TestProcessAsk : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void askGetsReplyAndCancelsTimer_data();
    void askGetsReplyAndCancelsTimer();
    void askTimesOutAtExactlyN_data();
    void askTimesOutAtExactlyN();
    void askRejectedAtOnceWhenHandlerFails_data();
    void askRejectedAtOnceWhenHandlerFails();
    void askRefusedWhenItCannotBeSent();
    void askDroppedByDropOldestIsRejected();
    void stopRejectsPendingAsks();
    void onlyTheFirstReplyCounts();
    void handlerAwaitsAskWithoutBlockingOthers();
    void mutualAskTimesOutInsteadOfHanging_data();
    void mutualAskTimesOutInsteadOfHanging();
    void scheduleFiresWithoutTraffic();
    void scheduleCanRecur();
    void cancelSchedule();
    void schedulesDieWithStop();
};

void TestProcessAsk::askGetsReplyAndCancelsTimer_data()
{
    QTest::addColumn<bool>("coroutine");
    QTest::newRow("sync handler") << false;
    QTest::newRow("coroutine handler") << true;
}

void TestProcessAsk::askGetsReplyAndCancelsTimer()
{
    QFETCH(bool, coroutine);
    Engine e;
    auto p = e.system.spawn(echo(coroutine));
    const auto baseline = e.clock.pendingTimerCount();
    auto answer = watch(p.ask<std::string>(asking("hi"), 1000));
    QCOMPARE(e.clock.pendingTimerCount(), baseline + 1);
    e.advance(coroutine ? 10 : 0);
    e.settle();
    QVERIFY(answer.ok());
    QCOMPARE(answer.future.value(), std::string("echo:hi"));
    QCOMPARE(e.clock.pendingTimerCount(), baseline);
}

void TestProcessAsk::askTimesOutAtExactlyN_data()
{
    QTest::addColumn<std::int64_t>("timeoutMs"); // 0: the default
    QTest::addColumn<std::int64_t>("expectedMs");
    QTest::newRow("1000 ms") << std::int64_t(1000) << std::int64_t(1000);
    QTest::newRow("250 ms") << std::int64_t(250) << std::int64_t(250);
    QTest::newRow("default") << std::int64_t(0) << std::int64_t(5000);
}

void TestProcessAsk::askTimesOutAtExactlyN()
{
    QFETCH(std::int64_t, timeoutMs);
    QFETCH(std::int64_t, expectedMs);
    Engine e;
    auto p = e.system.spawn(echo(false));
    const auto baseline = e.clock.pendingTimerCount();
    auto answer
        = watch(timeoutMs ? p.ask<std::string>(asking("silent"), timeoutMs) : p.ask<std::string>(asking("silent")));
    e.advance(expectedMs - 1);
    QVERIFY(!answer.settled());
    e.advance(1);
    QVERIFY(answer.failedWith<TimeoutError>());
    QCOMPARE(answer.error(), "Ask timeout after " + std::to_string(expectedMs) + "ms");
    QCOMPARE(e.clock.pendingTimerCount(), baseline);
    QCOMPARE(p.status(), ProcessStatus::Running);
}

void TestProcessAsk::askRejectedAtOnceWhenHandlerFails_data()
{
    QTest::addColumn<bool>("coroutine");
    QTest::newRow("sync handler") << false;
    QTest::newRow("coroutine handler") << true;
}

void TestProcessAsk::askRejectedAtOnceWhenHandlerFails()
{
    QFETCH(bool, coroutine);
    Engine e;
    auto p = e.system.spawn(echo(coroutine));
    const auto baseline = e.clock.pendingTimerCount();
    auto answer = watch(p.ask<std::string>(asking("boom"), 5000));
    const std::int64_t failsAt = coroutine ? 10 : 0;
    e.advance(failsAt);
    e.settle();
    QVERIFY(answer.failedWith<ProcessError>());
    QCOMPARE(answer.error(), std::string("Processing failed"));
    QCOMPARE(e.now(), failsAt);
    try {
        std::rethrow_exception(answer.future.error());
    } catch (const ProcessError& err) {
        QCOMPARE(err.processId(), p.id());
    }
    QCOMPARE(e.clock.pendingTimerCount(), baseline);
}

void TestProcessAsk::askRefusedWhenItCannotBeSent()
{
    Engine e;
    auto spec = echo(true);
    spec.maxInbox = 1;
    auto p = e.system.spawn(std::move(spec));
    QVERIFY(p.send(tell("silent")));
    e.settle(); // in flight now
    QVERIFY(p.send(tell("silent"))); // fills the mailbox
    const auto baseline = e.clock.pendingTimerCount();
    auto full = watch(p.ask<std::string>(asking("x"), 1000));
    e.settle();
    QVERIFY(full.failedWith<ProcessError>());
    QCOMPARE(full.error(), std::string("Failed to send ask message"));
    QCOMPARE(e.clock.pendingTimerCount(), baseline);

    auto stopped = watch(p.stop());
    e.advance(10);
    QVERIFY(stopped.ok());
    auto late = watch(p.ask<std::string>(asking("x"), 1000));
    e.settle();
    QVERIFY(late.failedWith<ProcessError>());
    QCOMPARE(late.error(), std::string("Failed to send ask message"));
    QCOMPARE(e.clock.pendingTimerCount(), std::size_t(0));
}

void TestProcessAsk::askDroppedByDropOldestIsRejected()
{
    Engine e;
    auto spec = echo(true);
    spec.maxInbox = 1;
    spec.mailboxPolicy = MailboxPolicy::DropOldest;
    auto p = e.system.spawn(std::move(spec));
    p.send(tell("silent")); // in flight
    e.settle();
    auto dropped = watch(p.ask<std::string>(asking("first"), 1000));
    auto kept = watch(p.ask<std::string>(asking("second"), 1000));
    e.settle();
    QVERIFY(dropped.failedWith<ProcessError>());
    QCOMPARE(dropped.error(), std::string("Message dropped: mailbox full"));
    QVERIFY(!kept.settled());
    e.advance(20);
    QCOMPARE(kept.future.value(), std::string("echo:second"));
}

void TestProcessAsk::stopRejectsPendingAsks()
{
    Engine e;
    auto p = e.system.spawn(echo(false));
    auto unanswered = watch(p.ask<std::string>(asking("silent"), 1000));
    e.settle();
    QVERIFY(!unanswered.settled());
    auto done = watch(p.stop());
    e.settle();
    QVERIFY(done.ok());
    QVERIFY(unanswered.failedWith<ProcessError>());
    QCOMPARE(unanswered.error(), std::string("Process stopping"));
    QCOMPARE(e.clock.pendingTimerCount(), std::size_t(0));
}

void TestProcessAsk::onlyTheFirstReplyCounts()
{
    Engine e;
    std::vector<bool> results;
    auto p = e.system.spawn(ProcessSpec<Msg, int> {
        .name = "twice",
        .handle =
            [&results](int n, Msg m, Tools<Msg>&) {
                results.push_back(m.reply("one"));
                results.push_back(m.reply("two"));
                return n;
            },
    });
    auto answer = watch(p.ask<std::string>(asking("x"), 1000));
    e.settle();
    QCOMPARE(answer.future.value(), std::string("one"));
    QCOMPARE(results, std::vector<bool>({ true, false }));
    QVERIFY(!Reply<std::string>()("nobody")); // a plain tell carries an empty reply
}

void TestProcessAsk::handlerAwaitsAskWithoutBlockingOthers()
{
    Engine e;
    Log trace;
    auto slow = e.system.spawn(ProcessSpec<Msg, int> {
        .name = "slow",
        .handle = [](int n, Msg m, Tools<Msg>& t) -> Task<int> {
            co_await t.sleep(100);
            m.reply("slow:" + m.text);
            co_return n;
        },
    });
    auto asker = e.system.spawn(ProcessSpec<Msg, int> {
        .name = "asker",
        .handle = [&trace, &slow](int n, Msg m, Tools<Msg>& t) -> Task<int> {
            if (m.text == "go") {
                const std::string answer = co_await slow.ask<std::string>(asking("q"), 1000);
                trace.push_back("asker got " + answer + "@" + std::to_string(t.now().monoMs));
            } else {
                trace.push_back("asker " + m.text + "@" + std::to_string(t.now().monoMs));
            }
            co_return n;
        },
    });
    auto other = e.system.spawn(ProcessSpec<Msg, int> {
        .name = "other",
        .handle =
            [&trace](int n, Msg m, Tools<Msg>& t) {
                trace.push_back("other " + m.text + "@" + std::to_string(t.now().monoMs));
                return n;
            },
    });
    asker.send(tell("go"));
    asker.send(tell("next"));
    e.settle();
    other.send(tell("a"));
    e.advance(50);
    other.send(tell("b"));
    e.settle();
    // The asker is suspended on its ask: other processes keep running, the
    // asker's own next message waits.
    QCOMPARE(trace, Log({ "other a@0", "other b@50" }));
    QCOMPARE(asker.info().mailboxDepth, std::size_t(1));
    e.advance(50);
    QCOMPARE(trace, Log({ "other a@0", "other b@50", "asker got slow:q@100", "asker next@100" }));
}

void TestProcessAsk::mutualAskTimesOutInsteadOfHanging_data()
{
    QTest::addColumn<bool>("stepwise");
    QTest::addColumn<QStringList>("expected");
    // runUntil drains after each timer: a's timer (set first) breaks the
    // cycle, and a, freed, answers b before b's timer (same instant) fires.
    QTest::newRow("timer by timer") << true
                                    << QStringList { QStringLiteral("a Ask timeout after 1000ms@1000"),
                                           QStringLiteral("a answers back"), QStringLiteral("b got a reply") };
    // advanceBy fires both timers before any continuation runs.
    QTest::newRow("all due timers at once")
        << false
        << QStringList { QStringLiteral("a Ask timeout after 1000ms@1000"),
               QStringLiteral("b Ask timeout after 1000ms@1000"), QStringLiteral("a answers back too late") };
}

void TestProcessAsk::mutualAskTimesOutInsteadOfHanging()
{
    QFETCH(bool, stepwise);
    QFETCH(QStringList, expected);
    Engine e;
    Log trace;
    ProcessRef<Msg> a;
    ProcessRef<Msg> b;
    // a asks b while handling "go"; b asks a back while handling that
    // question; each waits for the other, busy, so neither can answer.
    const auto peer = [&trace](ProcessRef<Msg>* other, std::string me) {
        return [&trace, other, me](int n, Msg m, Tools<Msg>& t) -> Task<int> {
            if (m.text == "go" || m.text == "question") {
                try {
                    co_await other->ask<std::string>(asking(m.text == "go" ? "question" : "back"), 1000);
                    trace.push_back(me + " got a reply");
                } catch (const TimeoutError& err) {
                    trace.push_back(me + " " + err.what() + "@" + std::to_string(t.now().monoMs));
                }
            } else {
                trace.push_back(me + " answers " + m.text + (m.reply(me + ":" + m.text) ? "" : " too late"));
            }
            co_return n + 1;
        };
    };
    a = e.system.spawn(ProcessSpec<Msg, int> { .name = "a", .handle = peer(&b, "a") });
    b = e.system.spawn(ProcessSpec<Msg, int> { .name = "b", .handle = peer(&a, "b") });
    a.send(tell("go"));
    e.advance(999);
    QVERIFY(trace.empty());
    if (stepwise) {
        e.advance(1);
    } else {
        e.clock.advanceBy(1);
        e.settle();
    }
    QStringList got;
    for (const auto& line : trace)
        got << QString::fromStdString(line);
    QCOMPARE(got, expected);
    QCOMPARE(e.clock.pendingTimerCount(), std::size_t(0));
    // Both recovered and answer again.
    QCOMPARE(a.status(), ProcessStatus::Running);
    QCOMPARE(b.status(), ProcessStatus::Running);
    auto ping = watch(b.ask<std::string>(asking("ping"), 5000));
    e.settle();
    QCOMPARE(ping.future.value(), std::string("b:ping"));
}

void TestProcessAsk::scheduleFiresWithoutTraffic()
{
    Engine e;
    Log seen;
    auto p = e.system.spawn(ProcessSpec<Msg, int> {
        .name = "timer",
        .init =
            [](Tools<Msg>& t) {
                t.schedule(100, tell("tick"));
                return 0;
            },
        .handle =
            [&seen](int n, Msg m, Tools<Msg>& t) {
                seen.push_back(m.text + "@" + std::to_string(t.now().monoMs));
                return n;
            },
    });
    QCOMPARE(e.clock.pendingTimerCount(), std::size_t(1));
    e.advance(99);
    QVERIFY(seen.empty());
    e.advance(1);
    QCOMPARE(seen, Log({ "tick@100" }));
    QCOMPARE(e.clock.pendingTimerCount(), std::size_t(0));
}

void TestProcessAsk::scheduleCanRecur()
{
    Engine e;
    Log seen;
    auto p = e.system.spawn(ProcessSpec<Msg, int> {
        .name = "billing",
        .init =
            [](Tools<Msg>& t) {
                t.schedule(100, tell("run"));
                return 0;
            },
        .handle =
            [&seen](int runs, Msg m, Tools<Msg>& t) {
                seen.push_back(m.text + "@" + std::to_string(t.now().monoMs));
                t.schedule(100, tell("run"));
                return runs + 1;
            },
    });
    e.advance(350);
    QCOMPARE(seen, Log({ "run@100", "run@200", "run@300" }));
}

void TestProcessAsk::cancelSchedule()
{
    Engine e;
    Log seen;
    ScheduleId id;
    auto p = e.system.spawn(ProcessSpec<Msg, int> {
        .name = "p",
        .init =
            [&id](Tools<Msg>& t) {
                id = t.schedule(100, tell("never"));
                t.schedule(0, tell("now"));
                return 0;
            },
        .handle =
            [&seen, &id](int n, Msg m, Tools<Msg>& t) {
                seen.push_back(m.text);
                if (m.text == "now") {
                    seen.push_back(t.cancelSchedule(id) ? "cancelled" : "not cancelled");
                    seen.push_back(t.cancelSchedule(id) ? "cancelled" : "not cancelled");
                }
                return n;
            },
    });
    QVERIFY(static_cast<bool>(id));
    e.advance(200);
    QCOMPARE(seen, Log({ "now", "cancelled", "not cancelled" }));
    QCOMPARE(e.clock.pendingTimerCount(), std::size_t(0));
}

void TestProcessAsk::schedulesDieWithStop()
{
    Engine e;
    Log seen;
    auto p = e.system.spawn(ProcessSpec<Msg, int> {
        .name = "p",
        .init =
            [](Tools<Msg>& t) {
                t.schedule(100, tell("a"));
                t.schedule(200, tell("b"));
                return 0;
            },
        .handle =
            [&seen](int n, Msg m, Tools<Msg>&) {
                seen.push_back(m.text);
                return n;
            },
    });
    QCOMPARE(e.clock.pendingTimerCount(), std::size_t(2));
    auto done = watch(p.stop());
    e.settle();
    QVERIFY(done.ok());
    QCOMPARE(e.clock.pendingTimerCount(), std::size_t(0));
    e.advance(300);
    QVERIFY(seen.empty());
}

QTEST_GUILESS_MAIN(TestProcessAsk)
#include "tst_process_ask.moc"
