#include "engine/runtime/controlled_clock.h"
#include "engine/runtime/task.h"

#include <QTest>

using namespace cd::rt;

class TestClockControlled : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sleepsFireInOrder();
    void continuationSeesFinalTime();
};

void TestClockControlled::sleepsFireInOrder()
{
    Executor ex;
    ControlledClock clock(ex, 0);
    std::vector<std::string> order;
    clock.sleep(300).then([&] { order.push_back("C"); });
    clock.sleep(100).then([&] { order.push_back("A"); });
    clock.sleep(200).then([&] { order.push_back("B"); });
    clock.tick();
    clock.flush();
    QCOMPARE(order, std::vector<std::string>({ "A" }));
    clock.tick();
    clock.flush();
    clock.tick();
    clock.flush();
    QCOMPARE(order, std::vector<std::string>({ "A", "B", "C" }));
}

namespace {
Task<std::int64_t> sleeper(ControlledClock& clock)
{
    co_await clock.sleep(100);
    co_return clock.now().monoMs;
}
} // namespace

void TestClockControlled::continuationSeesFinalTime()
{
    Executor ex;
    ControlledClock clock(ex, 0);
    auto f = start(ex, sleeper(clock));
    clock.advanceBy(250);
    QVERIFY(!f.settled());
    clock.flush();
    QCOMPARE(f.value(), 250);
}

QTEST_GUILESS_MAIN(TestClockControlled)
#include "tst_clock_controlled.moc"
