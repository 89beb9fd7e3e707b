// The process tree: root supervisor -> platform manager -> tenants ->
// sessions, as the platform builds it. Children are spawned through tools,
// visible in the snapshot with status, restarts, mailbox depth and last
// error, and stopped with their parent (the reference's cases 36-42).
#include "process_fixture.h"

#include <QTest>

using namespace cd::rt;
using namespace cd::rt::test;

namespace {
using Log = std::vector<std::string>;

// A tenant: replies its name to "get", throws on "boom", waits 100 ms on
// "slow"; its init waits initMs when positive.
ProcessSpec<Msg, std::string> tenant(const std::string& name, std::int64_t initMs = 0)
{
    ProcessSpec<Msg, std::string> spec {
        .name = name,
        .handle = [](std::string self, Msg m, Tools<Msg>& t) -> Task<std::string> {
            if (m.text == "boom")
                throw std::runtime_error("tenant " + self + " broke");
            if (m.text == "slow")
                co_await t.sleep(100);
            m.reply(self);
            co_return self;
        },
        .supervision = SupervisionStrategy { SupervisionType::OneForOne, Backoff { 100, 1000, 2.0, 0 }, {} },
    };
    if (initMs > 0) {
        spec.init = [name, initMs](Tools<Msg>& t) -> Task<std::string> {
            co_await t.sleep(initMs);
            co_return name;
        };
    } else {
        spec.init = [name](Tools<Msg>& t) {
            if (name == "tenant-a")
                t.spawn(
                    ProcessSpec<Msg, int> { .name = "session", .handle = [](int n, Msg, Tools<Msg>&) { return n; } });
            return name;
        };
    }
    return spec;
}

// The platform manager: its init spawns three tenants; "boom" makes it fail;
// "ask:<i>" asks tenant i for its name and replies with it; "slow:<i>" keeps
// tenant i busy for 100 ms.
ProcessSpec<Msg, std::vector<ProcessRef<Msg>>> manager(int* inits)
{
    using Tenants = std::vector<ProcessRef<Msg>>;
    return ProcessSpec<Msg, Tenants> {
        .name = "platform-manager",
        .init =
            [inits](Tools<Msg>& t) {
                ++*inits;
                return Tenants { t.spawn(tenant("tenant-a")), t.spawn(tenant("tenant-b")),
                    t.spawn(tenant("tenant-c", 50)) };
            },
        .handle = [](Tenants tenants, Msg m, Tools<Msg>&) -> Task<Tenants> {
            if (m.text == "boom")
                throw std::runtime_error("manager broke");
            if (m.text.starts_with("slow:"))
                tenants.at(static_cast<std::size_t>(std::stoi(m.text.substr(5)))).send(tell("slow"));
            if (m.text.starts_with("ask:")) {
                auto& target = tenants.at(static_cast<std::size_t>(std::stoi(m.text.substr(4))));
                m.reply(co_await target.ask<std::string>([](Reply<std::string> r) { return Msg { "get", r }; }));
            }
            co_return tenants;
        },
        .supervision = SupervisionStrategy { SupervisionType::OneForOne, Backoff { 1000, 30000, 2.0, 0 }, {} },
    };
}

QStringList rows(const std::vector<ProcessInfo>& snapshot)
{
    QStringList out;
    for (const auto& p : snapshot) {
        out << QString::fromStdString(std::string(static_cast<std::size_t>(p.depth) * 2, ' ') + p.name + " "
            + statusName(p.status) + " restarts=" + std::to_string(p.restarts)
            + " mailbox=" + std::to_string(p.mailboxDepth) + (p.lastError.empty() ? "" : " error=" + p.lastError));
    }
    return out;
}

QStringList strings(std::initializer_list<const char*> items)
{
    QStringList out;
    for (const char* i : items)
        out << QString::fromLatin1(i);
    return out;
}
} // namespace

class TestProcessTree : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void snapshotListsTheTree();
    void parentAsksChildWithoutBlocking();
    void stoppingParentStopsChildren();
    void parentFailureStopsChildrenAndRestartRespawnsThem();
    void shutdownStopsEverythingAndRefusesSpawns();
    void childStopErrorDoesNotBlockParentStop();
    void spawnIntoStoppingParentIsRefused();
    void refsOutliveTheSystem();
};

void TestProcessTree::snapshotListsTheTree()
{
    Engine e;
    int inits = 0;
    auto m = e.system.spawn(manager(&inits));
    auto billing = e.system.spawn(
        ProcessSpec<Msg, int> { .name = "billing-service", .handle = [](int n, Msg, Tools<Msg>&) { return n; } });
    const auto snap = e.system.snapshot();
    QCOMPARE(rows(snap),
        strings({ "platform-manager running restarts=0 mailbox=0", "  tenant-a running restarts=0 mailbox=0",
            "    session running restarts=0 mailbox=0", "  tenant-b running restarts=0 mailbox=0",
            "  tenant-c starting restarts=0 mailbox=0", "billing-service running restarts=0 mailbox=0" }));
    QCOMPARE(snap[0].parentId, std::string());
    QCOMPARE(snap[1].parentId, m.id());
    QCOMPARE(snap[2].parentId, snap[1].id);
    QCOMPARE(snap[5].parentId, std::string());
    QCOMPARE(e.system.find(snap[2].id)->depth, 2);
    QCOMPARE(m.info().depth, 0);

    // Depth, restarts and last error of a tenant that failed once.
    const std::string tenantB = snap[3].id;
    const std::string tenantC = snap[4].id;
    auto askB = watch(m.ask<std::string>([](Reply<std::string> r) { return Msg { "ask:1", r }; }));
    e.settle();
    QCOMPARE(askB.future.value(), std::string("tenant-b"));
    QCOMPARE(e.system.find(tenantC)->status, ProcessStatus::Starting);
    e.advance(50);
    QCOMPARE(e.system.find(tenantC)->status, ProcessStatus::Running);
    QVERIFY(!e.system.find("nobody#0"));
    QVERIFY(billing.valid());
}

void TestProcessTree::parentAsksChildWithoutBlocking()
{
    Engine e;
    int inits = 0;
    auto m = e.system.spawn(manager(&inits));
    e.advance(50); // tenant-c is running
    auto a = watch(m.ask<std::string>([](Reply<std::string> r) { return Msg { "ask:0", r }; }));
    auto c = watch(m.ask<std::string>([](Reply<std::string> r) { return Msg { "ask:2", r }; }));
    e.settle();
    QCOMPARE(a.future.value(), std::string("tenant-a"));
    QCOMPARE(c.future.value(), std::string("tenant-c"));
}

void TestProcessTree::stoppingParentStopsChildren()
{
    Engine e;
    int inits = 0;
    auto m = e.system.spawn(manager(&inits));
    e.advance(50);
    m.send(tell("slow:1")); // tenant-b is busy until t=150
    e.settle();
    e.events.clear();
    auto done = watch(m.stop());
    e.settle();
    // The manager waits for every child, and each child for its message in flight.
    QCOMPARE(m.status(), ProcessStatus::Stopping);
    e.advance(99);
    QVERIFY(!done.settled());
    e.advance(1);
    QVERIFY(done.ok());
    for (const auto& p : e.system.snapshot())
        QCOMPARE(p.status, ProcessStatus::Stopped);
    Log stops;
    for (const auto& ev : e.ofType("process:stop"))
        stops.push_back(e.system.find(ev.text("id"))->name + ":" + ev.text("reason"));
    // Children before their parent, the grandchild before its parent (so
    // tenant-a after the idle tenant-c), the busy tenant last among them.
    QCOMPARE(stops,
        Log({ "session:shutdown", "tenant-c:shutdown", "tenant-a:shutdown", "tenant-b:shutdown",
            "platform-manager:normal" }));
}

void TestProcessTree::parentFailureStopsChildrenAndRestartRespawnsThem()
{
    Engine e;
    int inits = 0;
    auto m = e.system.spawn(manager(&inits));
    e.advance(50);
    const auto firstTenants = e.system.snapshot();
    m.send(tell("boom"));
    e.settle();
    QCOMPARE(m.status(), ProcessStatus::Failed);
    QCOMPARE(rows(e.system.snapshot()),
        strings({ "platform-manager failed restarts=0 mailbox=0 error=manager broke",
            "  tenant-a stopped restarts=0 mailbox=0", "    session stopped restarts=0 mailbox=0",
            "  tenant-b stopped restarts=0 mailbox=0", "  tenant-c stopped restarts=0 mailbox=0" }));
    e.advance(1000);
    QCOMPARE(inits, 2);
    const auto after = e.system.snapshot();
    QCOMPARE(after.size(), std::size_t(9)); // four stopped from before, four new
    QCOMPARE(e.system.prune(), std::size_t(4));
    QCOMPARE(rows(e.system.snapshot()),
        strings({ "platform-manager running restarts=1 mailbox=0 error=manager broke",
            "  tenant-a running restarts=0 mailbox=0", "    session running restarts=0 mailbox=0",
            "  tenant-b running restarts=0 mailbox=0", "  tenant-c starting restarts=0 mailbox=0" }));
    QVERIFY(e.system.snapshot()[1].id != firstTenants[1].id);
    e.advance(50); // lets the new tenant-c finish its init
    QCOMPARE(e.system.snapshot()[4].status, ProcessStatus::Running);
}

void TestProcessTree::shutdownStopsEverythingAndRefusesSpawns()
{
    Engine e;
    int inits = 0;
    e.system.spawn(manager(&inits));
    e.system.spawn(tenant("standalone"));
    auto done = watch(e.system.shutdown());
    e.advance(100);
    QVERIFY(done.ok());
    for (const auto& p : e.system.snapshot())
        QCOMPARE(p.status, ProcessStatus::Stopped);
    auto again = watch(e.system.shutdown());
    e.settle();
    QVERIFY(again.ok());
    try {
        e.system.spawn(tenant("late"));
        QFAIL("spawn after shutdown must throw");
    } catch (const ProcessError& err) {
        QCOMPARE(std::string(err.what()), std::string("Cannot spawn process: supervisor is stopped"));
    }
    QCOMPARE(e.system.prune(), std::size_t(6));
    QVERIFY(e.system.snapshot().empty());
}

void TestProcessTree::childStopErrorDoesNotBlockParentStop()
{
    Engine e;
    auto parent = e.system.spawn(ProcessSpec<Msg, int> {
        .name = "parent",
        .init =
            [](Tools<Msg>& t) {
                auto faulty = tenant("faulty");
                faulty.onStop = [](std::string&, const std::string&) { throw std::runtime_error("Stop failed"); };
                t.spawn(std::move(faulty));
                t.spawn(tenant("fine"));
                return 0;
            },
        .handle = [](int n, Msg, Tools<Msg>&) { return n; },
    });
    auto done = watch(parent.stop());
    e.settle();
    QVERIFY(done.ok());
    QCOMPARE(rows(e.system.snapshot()),
        strings({ "parent stopped restarts=0 mailbox=0", "  faulty stopped restarts=0 mailbox=0 error=Stop failed",
            "  fine stopped restarts=0 mailbox=0" }));
    const auto fails = e.ofType("process:fail");
    QCOMPARE(fails.size(), std::size_t(1));
    QCOMPARE(fails[0].text("error"), std::string("Stop failed"));
}

void TestProcessTree::spawnIntoStoppingParentIsRefused()
{
    Engine e;
    Log trace;
    auto p = e.system.spawn(ProcessSpec<Msg, int> {
        .name = "spawner",
        .handle = [&trace](int n, Msg, Tools<Msg>& t) -> Task<int> {
            co_await t.sleep(10);
            try {
                t.spawn(tenant("orphan"));
                trace.push_back("spawned");
            } catch (const ProcessError& err) {
                trace.push_back(err.what());
            }
            co_return n;
        },
    });
    p.send(tell("go"));
    e.settle();
    auto done = watch(p.stop());
    e.advance(10);
    QVERIFY(done.ok());
    QCOMPARE(trace, Log({ "Cannot spawn process: parent " + p.id() + " is stopping" }));
    QCOMPARE(e.system.snapshot().size(), std::size_t(1));
}

void TestProcessTree::refsOutliveTheSystem()
{
    Executor ex;
    ControlledClock clock(ex, 0);
    ProcessRef<Msg> kept;
    {
        ProcessSystem system(ex, clock);
        int inits = 0;
        auto m = system.spawn(manager(&inits));
        m.send(tell("ask:0"));
        kept = m;
    }
    QCOMPARE(kept.status(), ProcessStatus::Stopped);
    QVERIFY(!kept.send(tell("x")));
    QVERIFY_THROWS_EXCEPTION(ProcessError, kept.stop());
    clock.runUntilIdle();
    QCOMPARE(clock.pendingTimerCount(), std::size_t(0));
}

QTEST_GUILESS_MAIN(TestProcessTree)
#include "tst_process_tree.moc"
