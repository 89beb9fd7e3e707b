#include "engine/history/packed_state.h"
#include "engine/history/snapshot_store.h"
#include "engine/platform/node_arena.h"

#include <QTest>

#include <cmath>
#include <limits>

using namespace cd::history;
using cd::platform::PlatformState;
using cd::platform::Str;
using cd::platform::TenantState;

// PackedState: the snapshots' form of a state. The history suites check
// that states through snapshots equal a plain replay on generated journals;
// these check the values those journals never hold.
class TestPackedState : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void emptyStateRoundTrips();
    void everyFieldRoundTrips();
    void usageValuesKeepTheirBits();
    void unpackedTenantsAreOwnAndTheIndexShared();
    void packedIsAFractionOfTheLiveState();
    void arenaTenantsOutliveTheirState();
    void arenaBlocksGoWithTheirLastNode();
};

namespace {
TenantState tenant(std::uint32_t id)
{
    TenantState t;
    t.tenantId = Str(id);
    t.ownerId = Str(id + 1);
    return t;
}

void addUsage(TenantState& t, std::uint32_t feature, double value)
{
    t.usage.insert(t.usage.size(), { Str(feature), value });
}

// A state with n tenants that have users, usage and sessions.
PlatformState busyState(std::uint32_t n)
{
    PlatformState state;
    for (std::uint32_t i = 0; i < n; ++i) {
        TenantState t = tenant(1000 + i * 100);
        for (std::uint32_t u = 0; u < 6; ++u)
            t.users.insert(u, { Str(50 + u), Str(70 + u), cd::platform::Role::User, cd::platform::UserStatus::Active });
        for (std::uint32_t f = 0; f < 3; ++f)
            addUsage(t, 10 + f, double(i * 7 + f));
        for (std::uint32_t s = 0; s < 7; ++s)
            t.sessions.insert(s, { Str(90 + s), Str(50 + s % 6), 1'764'000'000'000 + std::int64_t(s) * 1000 });
        state.addTenant(t);
    }
    return state;
}
} // namespace

void TestPackedState::emptyStateRoundTrips()
{
    const PlatformState empty;
    const PackedState packed = PackedState::pack(empty);
    QCOMPARE(packed.tenantCount(), std::size_t(0));
    const PlatformState back = packed.unpack();
    QCOMPARE(back.size(), std::size_t(0));
    QVERIFY(back == empty);
}

void TestPackedState::everyFieldRoundTrips()
{
    PlatformState state;
    TenantState plain = tenant(1);
    state.addTenant(plain);
    TenantState full = tenant(4'000'000'000u); // ids past 2^31 (five varint bytes)
    full.plan = cd::platform::Plan::Enterprise;
    full.status = cd::platform::TenantStatus::Cancelled;
    full.billing.currentCycle = Str(77);
    full.billing.lastPayment = -5; // before the epoch
    full.billing.failedPayments = std::numeric_limits<std::int64_t>::max();
    full.users.insert(0, { Str(3), Str(0), cd::platform::Role::Admin, cd::platform::UserStatus::Invited });
    full.users.insert(1, { Str(9), Str(10), cd::platform::Role::User, cd::platform::UserStatus::Active });
    addUsage(full, 5, 12);
    full.sessions.insert(0, { Str(11), Str(3), std::numeric_limits<std::int64_t>::min() });
    full.sessions.insert(1, { Str(12), Str(9), 1'764'000'000'123 });
    state.addTenant(full);
    TenantState suspended = tenant(2);
    suspended.plan = cd::platform::Plan::Pro;
    suspended.status = cd::platform::TenantStatus::Suspended;
    suspended.billing.lastPayment = 0;
    suspended.billing.failedPayments = -1;
    // More elements than one varint byte counts.
    for (std::uint32_t u = 0; u < 300; ++u)
        suspended.users.insert(
            u, { Str(100 + u), Str(1000 + u), cd::platform::Role::User, cd::platform::UserStatus::Active });
    state.addTenant(suspended);

    const PlatformState back = PackedState::pack(state).unpack();
    QCOMPARE(back.size(), state.size());
    for (std::size_t i = 0; i < state.size(); ++i) {
        QVERIFY2(back.at(i) == state.at(i), qPrintable(QStringLiteral("tenant %1 differs").arg(i)));
        QVERIFY(back.find(state.at(i).tenantId) == &back.at(i));
    }
    QCOMPARE(back.at(1).billing.lastPayment, std::optional<std::int64_t>(-5));
    QVERIFY(!back.at(0).billing.lastPayment);
    QCOMPARE(back.at(2).billing.lastPayment, std::optional<std::int64_t>(0));
    QCOMPARE(back.at(2).users.size(), std::size_t(300));
}

void TestPackedState::usageValuesKeepTheirBits()
{
    const double values[] = { 0.0, -0.0, 1.5, -3, 0.1, 1e300, -1e-300, 9007199254740992.0, 9007199254740994.0,
        -9007199254740992.0, 18446744073709551616.0, std::numeric_limits<double>::infinity(),
        -std::numeric_limits<double>::infinity(), std::numeric_limits<double>::denorm_min(), 123456789012.0 };
    PlatformState state;
    TenantState t = tenant(1);
    std::uint32_t feature = 1;
    for (double v : values)
        addUsage(t, feature++, v);
    state.addTenant(t);
    const PlatformState back = PackedState::pack(state).unpack();
    const auto& usage = back.at(0).usage;
    QCOMPARE(usage.size(), std::size(values));
    for (std::size_t i = 0; i < usage.size(); ++i) {
        QCOMPARE(usage[i].feature, Str(std::uint32_t(i + 1)));
        QVERIFY2(std::bit_cast<std::uint64_t>(usage[i].value) == std::bit_cast<std::uint64_t>(values[i]),
            qPrintable(QStringLiteral("value %1 came back as %2").arg(values[i]).arg(usage[i].value)));
    }
}

void TestPackedState::unpackedTenantsAreOwnAndTheIndexShared()
{
    const PlatformState state = busyState(20);
    const PackedState packed = PackedState::pack(state);
    PlatformState back = packed.unpack();
    QVERIFY(back == state);
    QVERIFY(back.tenantIndex().get() == state.tenantIndex().get());
    for (std::size_t i = 0; i < back.size(); ++i) {
        QVERIFY(&back.at(i) != &state.at(i));
        QVERIFY(!back.slot(back.at(i).tenantId).shared); // the fold writes in place
    }
    // Writing to the unpacked state leaves the packed one as it was.
    addUsage(back.writableAt(3), 99, 1);
    QVERIFY(!(back == state));
    QVERIFY(packed.unpack() == state);
    // A tenant created later changes the index of that state only.
    back.addTenant(tenant(5));
    QVERIFY(back.tenantIndex().get() != state.tenantIndex().get());
    QVERIFY(packed.unpack().find(Str(5)) == nullptr);
}

void TestPackedState::packedIsAFractionOfTheLiveState()
{
    // The point of packing: snapshots for a third of the memory, so three
    // times as many of them. Small states stay off mapped pages too.
    for (std::uint32_t n : { 5u, 2000u }) {
        const PlatformState state = busyState(n);
        const PackedState packed = PackedState::pack(state);
        const std::size_t live = SnapshotStore::stateBytes(state);
        QVERIFY2(packed.memoryBytes() * 2 < live,
            qPrintable(
                QStringLiteral("%1 tenants: packed %2 B, live %3 B").arg(n).arg(packed.memoryBytes()).arg(live)));
    }
}

void TestPackedState::arenaTenantsOutliveTheirState()
{
    // Large enough for the arena (a state of this size unpacks into blocks).
    const PlatformState state = busyState(3000);
    const PackedState packed = PackedState::pack(state);
    std::shared_ptr<const TenantState> kept;
    PlatformState stepped;
    {
        PlatformState back = packed.unpack();
        QVERIFY(back == state);
        kept = back.share(state.at(1234).tenantId);
        // The state the cursor steps to next shares most tenants with it.
        stepped = back;
        // Writes: in place (arena node), and growing an array past its
        // capacity (its arena node released, a heap one taken).
        addUsage(stepped.writableAt(7), 99, 1);
        TenantState& grown = stepped.writableAt(8);
        for (std::uint32_t u = 0; u < 20; ++u)
            grown.users.insert(grown.users.size(),
                { Str(500 + u), Str(600 + u), cd::platform::Role::User, cd::platform::UserStatus::Invited });
    } // back goes
    QVERIFY(kept);
    QVERIFY(*kept == state.at(1234));
    QCOMPARE(stepped.size(), state.size());
    QCOMPARE(stepped.at(7).usage.size(), state.at(7).usage.size() + 1);
    QCOMPARE(stepped.at(8).users.size(), state.at(8).users.size() + 20);
    for (std::size_t i = 0; i < state.size(); ++i)
        if (i != 7 && i != 8)
            QVERIFY(stepped.at(i) == state.at(i));
    stepped = PlatformState();
    QVERIFY(*kept == state.at(1234)); // still there with every other node gone
}

void TestPackedState::arenaBlocksGoWithTheirLastNode()
{
    using cd::platform::NodeArena;
    const std::size_t before = NodeArena::blocksInUse();
    const PackedState packed = PackedState::pack(busyState(20000));
    std::shared_ptr<const TenantState> kept;
    {
        const PlatformState back = packed.unpack();
        QVERIFY(NodeArena::blocksInUse() > before + 1); // several blocks
        kept = back.share(back.at(10).tenantId);
    }
    // Only the kept tenant's block (or the block of its arrays) stays.
    const std::size_t left = NodeArena::blocksInUse() - before;
    QVERIFY2(left >= 1 && left <= 2, qPrintable(QString::number(left)));
    kept.reset();
    QCOMPARE(NodeArena::blocksInUse(), before);
}

QTEST_GUILESS_MAIN(TestPackedState)
#include "tst_packed_state.moc"
