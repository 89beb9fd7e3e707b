// The tell fast path: a synchronous handler costs no heap allocation per
// message once mailbox and run queue have grown to their working size
// (counted with a replaced global operator new, main thread only).
#include "engine/runtime/controlled_clock.h"
#include "engine/runtime/process.h"

#include <QTest>

#include <cstdlib>
#include <new>

namespace {
thread_local bool t_counting = false;
thread_local std::size_t t_allocations = 0;
} // namespace

void* operator new(std::size_t size)
{
    if (t_counting)
        ++t_allocations;
    if (void* p = std::malloc(size ? size : 1))
        return p;
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept
{
    std::free(p);
}
void operator delete(void* p, std::size_t) noexcept
{
    std::free(p);
}

using namespace cd::rt;

namespace {
struct Tick {
    int value = 0;
};

// Allocations made by fn on this thread.
template <typename F>
std::size_t allocationsIn(F&& fn)
{
    t_allocations = 0;
    t_counting = true;
    fn();
    t_counting = false;
    return t_allocations;
}

ProcessSpec<Tick, long> summer()
{
    return ProcessSpec<Tick, long> {
        .name = "sum",
        .handle = [](long sum, Tick t, Tools<Tick>&) { return sum + t.value; },
        .maxInbox = 1'000'000,
    };
}
} // namespace

class TestProcessFastpath : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void counterSeesAllocations();
    void tellAllocatesNothing();
    void pingPongAllocatesNothing();
    void tellThroughput();
};

void TestProcessFastpath::counterSeesAllocations()
{
    // The counter itself works: a coroutine handler needs a frame per message.
    Executor ex;
    ControlledClock clock(ex, 0);
    ProcessSystem system(ex, clock);
    auto p = system.spawn(ProcessSpec<Tick, long> {
        .name = "coro",
        .handle = [](long sum, Tick t, Tools<Tick>&) -> Task<long> { co_return sum + t.value; },
    });
    p.send(Tick { 1 });
    ex.drain();
    const auto n = allocationsIn([&] {
        for (int i = 0; i < 10; ++i)
            p.send(Tick { 1 });
        ex.drain();
    });
    QVERIFY(n >= 10);
    QCOMPARE(p.info().handled, std::uint64_t(11));
}

void TestProcessFastpath::tellAllocatesNothing()
{
    Executor ex;
    ControlledClock clock(ex, 0);
    ProcessSystem system(ex, clock);
    auto p = system.spawn(summer());
    constexpr int kBurst = 10'000;
    const auto burst = [&] {
        for (int i = 0; i < kBurst; ++i)
            p.send(Tick { 1 });
        ex.drain();
    };
    burst(); // grows the mailbox and the run queue
    QCOMPARE(allocationsIn(burst), std::size_t(0));
    QCOMPARE(p.info().handled, std::uint64_t(2 * kBurst));
    QCOMPARE(p.info().mailboxDepth, std::size_t(0));
}

void TestProcessFastpath::pingPongAllocatesNothing()
{
    Executor ex;
    ControlledClock clock(ex, 0);
    ProcessSystem system(ex, clock);
    ProcessRef<Tick> ping;
    ProcessRef<Tick> pong;
    const auto bouncer = [](ProcessRef<Tick>* other) {
        return ProcessSpec<Tick, long> {
            .name = "bouncer",
            .handle =
                [other](long n, Tick t, Tools<Tick>&) {
                    if (t.value > 0)
                        other->send(Tick { t.value - 1 });
                    return n + 1;
                },
        };
    };
    ping = system.spawn(bouncer(&pong));
    pong = system.spawn(bouncer(&ping));
    ping.send(Tick { 1000 });
    ex.drain();
    const auto n = allocationsIn([&] {
        ping.send(Tick { 100'000 });
        ex.drain();
    });
    QCOMPARE(n, std::size_t(0));
    QCOMPARE(ping.info().handled + pong.info().handled, std::uint64_t(1001 + 100'001));
}

void TestProcessFastpath::tellThroughput()
{
    // Reported, not asserted: wall time never decides an outcome. Bursts of
    // 1000 keep the mailbox at a realistic depth (a million-deep mailbox
    // would mostly measure page faults).
    Executor ex;
    ControlledClock clock(ex, 0);
    ProcessSystem system(ex, clock);
    auto p = system.spawn(summer());
    constexpr int kBursts = 1000;
    constexpr int kBurst = 1000;
    std::uint64_t expected = 0;
    QBENCHMARK
    {
        for (int b = 0; b < kBursts; ++b) {
            for (int i = 0; i < kBurst; ++i)
                p.send(Tick { 1 });
            ex.drain();
        }
        expected += kBursts * kBurst;
    }
    QCOMPARE(p.info().handled, expected);
}

QTEST_GUILESS_MAIN(TestProcessFastpath)
#include "tst_process_fastpath.moc"
