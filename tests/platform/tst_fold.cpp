#include "engine/platform/codec.h"
#include "engine/platform/event.h"
#include "engine/platform/fold.h"
#include "engine/platform/json_writer.h"
#include "engine/platform/platform_state.h"
#include "engine/platform/state_json.h"
#include "engine/platform/string_pool.h"

#include <QTest>

#include <thread>

using namespace cd::platform;

namespace {
// Builds events from their journal JSON (the form the spec states them in)
// and folds them into one platform state.
class Journal {
public:
    Event event(std::string_view dataJson)
    {
        Event e;
        std::string error;
        if (!m_codec.decodeData(dataJson, error, &e, &pool))
            QTest::qFail(("test event rejected: " + error).c_str(), __FILE__, __LINE__);
        return e;
    }
    void fold(std::string_view dataJson, std::int64_t wallMs = 0) { apply(state, event(dataJson), wallMs); }
    const TenantState* tenant(std::string_view id) const { return state.find(pool.find(id)); }
    // The tenant, which the test expects to exist (fails the test when absent).
    const TenantState& t(std::string_view id) const
    {
        if (const TenantState* found = tenant(id))
            return *found;
        QTest::qFail("tenant expected to exist", __FILE__, __LINE__);
        return m_missing;
    }
    std::string tenantJson(std::string_view id) const { return tenantJsonOf(state, id); }
    std::string tenantJsonOf(const PlatformState& s, std::string_view id) const
    {
        const TenantState* t = s.find(pool.find(id));
        if (!t)
            return "null";
        std::string out;
        JsonWriter w(out);
        writeTenantJson(w, *t, pool);
        return out;
    }
    Str id(std::string_view text) { return pool.intern(text); }

    StringPool pool;
    PlatformState state;

private:
    EntryCodec m_codec;
    TenantState m_missing;
};

constexpr std::string_view Created = R"({"type":"tenant.created","tenantId":"t-1","plan":"pro","ownerId":"o-1"})";
constexpr std::string_view InviteAlice
    = R"({"type":"user.invited","tenantId":"t-1","userId":"u-1","email":"alice@example.com","role":"admin"})";
} // namespace

class TestFold : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void eventsBeforeTenantCreatedAreIgnored();
    void tenantCreatedStartsEmpty();
    void duplicateTenantCreatedIsIgnored();
    void inviteAddsInvitedUser();
    void inviteReplacesExistingUser();
    void activation();
    void removalDeletesOnlyTheUser();
    void usageAddsAsDouble();
    void usageReset();
    void noOpEventsChangeNothing_data();
    void noOpEventsChangeNothing();
    void paymentSucceeded();
    void paymentFailedAndSuspension();
    void reactivationKeepsFailedPayments();
    void planChangeChangesLimits();
    void sessions();
    void copiedStateIsUnaffectedByLaterFolds();
    void applyToTenantMatchesApply();
    void snapshotReadWhileFolding();
};

void TestFold::eventsBeforeTenantCreatedAreIgnored()
{
    Journal j;
    j.fold(InviteAlice);
    j.fold(R"({"type":"feature.used","tenantId":"t-1","userId":"u-1","feature":"api_calls","usage":5})");
    j.fold(R"({"type":"tenant.suspended","tenantId":"t-1","reason":"x"})");
    QCOMPARE(j.state.size(), std::size_t(0));
    j.fold(Created);
    QVERIFY(j.t("t-1").users.empty());
    QVERIFY(j.t("t-1").usage.empty());
    QCOMPARE(j.t("t-1").status, TenantStatus::Active);
    // An event of another, unknown tenant is ignored too.
    j.fold(R"({"type":"tenant.suspended","tenantId":"t-2","reason":"x"})");
    QCOMPARE(j.state.size(), std::size_t(1));
    QVERIFY(!j.tenant("t-2"));
}

void TestFold::tenantCreatedStartsEmpty()
{
    Journal j;
    j.fold(Created, 1000);
    const TenantState& t = j.t("t-1");
    QCOMPARE(j.pool.view(t.ownerId), std::string_view("o-1"));
    QCOMPARE(t.plan, Plan::Pro);
    QCOMPARE(t.limits().users, 25);
    QCOMPARE(j.tenantJson("t-1"),
        std::string(R"({"tenantId":"t-1","plan":"pro","ownerId":"o-1","status":"active","users":{},)"
                    R"("billing":{"currentCycle":null,"lastPayment":null,"failedPayments":0},"usage":{},)"
                    R"("limits":{"users":25,"api_calls":10000,"storage_mb":1000},"sessions":{}})"));
}

void TestFold::duplicateTenantCreatedIsIgnored()
{
    Journal j;
    j.fold(Created);
    j.fold(InviteAlice);
    const std::string before = j.tenantJson("t-1");
    j.fold(R"({"type":"tenant.created","tenantId":"t-1","plan":"starter","ownerId":"o-2"})");
    QCOMPARE(j.tenantJson("t-1"), before);
    QCOMPARE(j.state.size(), std::size_t(1));
}

void TestFold::inviteAddsInvitedUser()
{
    Journal j;
    j.fold(Created);
    j.fold(InviteAlice);
    const TenantUser* u = j.t("t-1").findUser(j.id("u-1"));
    QVERIFY(u);
    QCOMPARE(j.pool.view(u->email), std::string_view("alice@example.com"));
    QCOMPARE(u->role, Role::Admin);
    QCOMPARE(u->status, UserStatus::Invited);
}

void TestFold::inviteReplacesExistingUser()
{
    Journal j;
    j.fold(Created);
    j.fold(InviteAlice);
    j.fold(R"({"type":"user.activated","tenantId":"t-1","userId":"u-1"})");
    j.fold(R"({"type":"user.invited","tenantId":"t-1","userId":"u-1","email":"","role":"user"})");
    const TenantUser* u = j.t("t-1").findUser(j.id("u-1"));
    QVERIFY(u);
    QCOMPARE(j.t("t-1").users.size(), std::size_t(1));
    QCOMPARE(j.pool.view(u->email), std::string_view(""));
    QCOMPARE(u->role, Role::User);
    QCOMPARE(u->status, UserStatus::Invited);
}

void TestFold::activation()
{
    Journal j;
    j.fold(Created);
    j.fold(InviteAlice);
    j.fold(R"({"type":"user.activated","tenantId":"t-1","userId":"u-1"})");
    const TenantUser* u = j.t("t-1").findUser(j.id("u-1"));
    QVERIFY(u);
    QCOMPARE(u->status, UserStatus::Active);
    j.fold(R"({"type":"user.activated","tenantId":"t-1","userId":"u-9"})");
    QVERIFY(!j.t("t-1").findUser(j.id("u-9")));
    QCOMPARE(j.t("t-1").users.size(), std::size_t(1));
}

void TestFold::removalDeletesOnlyTheUser()
{
    Journal j;
    j.fold(Created);
    j.fold(InviteAlice);
    j.fold(R"({"type":"user.invited","tenantId":"t-1","userId":"u-2","email":"b@x","role":"user"})");
    j.fold(R"({"type":"session.connected","tenantId":"t-1","userId":"u-1","sessionId":"s-1"})", 50);
    j.fold(R"({"type":"feature.used","tenantId":"t-1","userId":"u-1","feature":"api_calls","usage":3})");
    j.fold(R"({"type":"user.removed","tenantId":"t-1","userId":"u-1"})");
    const TenantState& t = j.t("t-1");
    QVERIFY(!t.findUser(j.id("u-1")));
    QVERIFY(t.findUser(j.id("u-2")));
    QVERIFY(t.findSession(j.id("s-1"))); // nothing else: the session stays
    QCOMPARE(t.usageOf(j.id("api_calls")), std::optional<double>(3));
    j.fold(R"({"type":"user.removed","tenantId":"t-1","userId":"u-404"})");
    QCOMPARE(j.t("t-1").users.size(), std::size_t(1));
}

void TestFold::usageAddsAsDouble()
{
    Journal j;
    j.fold(Created);
    j.fold(R"({"type":"feature.used","tenantId":"t-1","userId":"u","feature":"api_calls","usage":0.1})");
    j.fold(R"({"type":"feature.used","tenantId":"t-1","userId":"u","feature":"api_calls","usage":0.2})");
    j.fold(R"({"type":"feature.used","tenantId":"t-1","userId":"u","feature":"storage_mb","usage":-60})");
    j.fold(R"({"type":"feature.used","tenantId":"t-1","userId":"u","feature":"storage_mb","usage":0.25})");
    j.fold(R"({"type":"feature.used","tenantId":"t-1","userId":"u","feature":"exports","usage":0})");
    const TenantState& t = j.t("t-1");
    const double a = 0.1;
    const double b = 0.2;
    QCOMPARE(*t.usageOf(j.id("api_calls")), a + b); // exactly the double sum, 0.30000000000000004
    QCOMPARE(*t.usageOf(j.id("storage_mb")), -59.75);
    QCOMPARE(t.usageOf(j.id("exports")), std::optional<double>(0)); // a feature that appeared is listed
    QVERIFY(!t.usageOf(j.id("never")));
}

void TestFold::usageReset()
{
    Journal j;
    j.fold(Created);
    j.fold(R"({"type":"feature.used","tenantId":"t-1","userId":"u","feature":"api_calls","usage":150})");
    j.fold(R"({"type":"feature.used","tenantId":"t-1","userId":"u","feature":"storage_mb","usage":7})");
    j.fold(R"({"type":"usage.reset","tenantId":"t-1","feature":"api_calls","cycleId":"c-1"})");
    j.fold(R"({"type":"usage.reset","tenantId":"t-1","feature":"seats","cycleId":"c-1"})");
    const TenantState& t = j.t("t-1");
    QCOMPARE(t.usageOf(j.id("api_calls")), std::optional<double>(0));
    QCOMPARE(t.usageOf(j.id("storage_mb")), std::optional<double>(7));
    QCOMPARE(t.usageOf(j.id("seats")), std::optional<double>(0));
}

void TestFold::noOpEventsChangeNothing_data()
{
    QTest::addColumn<QByteArray>("event");
    QTest::newRow("limits.exceeded") << QByteArray(
        R"({"type":"limits.exceeded","tenantId":"t-1","feature":"api_calls","limit":10000,"usage":10001})");
    QTest::newRow("billing.cycle.started")
        << QByteArray(R"({"type":"billing.cycle.started","tenantId":"t-1","cycleId":"c-9","amount":9900})");
    QTest::newRow("activate unknown user")
        << QByteArray(R"({"type":"user.activated","tenantId":"t-1","userId":"nobody"})");
    QTest::newRow("remove unknown user") << QByteArray(R"({"type":"user.removed","tenantId":"t-1","userId":"nobody"})");
    QTest::newRow("disconnect unknown session")
        << QByteArray(R"({"type":"session.disconnected","tenantId":"t-1","sessionId":"nope"})");
    QTest::newRow("expire unknown session")
        << QByteArray(R"({"type":"session.expired","tenantId":"t-1","sessionId":"nope"})");
    QTest::newRow("duplicate tenant.created")
        << QByteArray(R"({"type":"tenant.created","tenantId":"t-1","plan":"starter","ownerId":"o-2"})");
    QTest::newRow("reactivate active tenant") << QByteArray(R"({"type":"tenant.reactivated","tenantId":"t-1"})");
}

void TestFold::noOpEventsChangeNothing()
{
    QFETCH(QByteArray, event);
    Journal j;
    j.fold(Created);
    j.fold(InviteAlice);
    j.fold(R"({"type":"feature.used","tenantId":"t-1","userId":"u","feature":"api_calls","usage":12})");
    const PlatformState snapshot = j.state;
    const std::string before = j.tenantJson("t-1");
    j.fold(std::string_view(event.constData(), std::size_t(event.size())), 777);
    QCOMPARE(j.tenantJson("t-1"), before);
    // Not even cloned: the snapshot and the state still share the tenant.
    QCOMPARE(j.state.find(j.id("t-1")), snapshot.find(j.id("t-1")));
}

void TestFold::paymentSucceeded()
{
    Journal j;
    j.fold(Created);
    j.fold(R"({"type":"billing.payment.failed","tenantId":"t-1","cycleId":"c-1","amount":9900,"reason":"declined"})");
    j.fold(R"({"type":"billing.payment.failed","tenantId":"t-1","cycleId":"c-1","amount":9900,"reason":""})");
    QCOMPARE(j.t("t-1").billing.failedPayments, 2);
    j.fold(R"({"type":"billing.payment.succeeded","tenantId":"t-1","cycleId":"c-2","amount":9900})", 1764000000123);
    const Billing& b = j.t("t-1").billing;
    QCOMPARE(j.pool.view(b.currentCycle), std::string_view("c-2"));
    QCOMPARE(b.failedPayments, 0);
    QCOMPARE(b.lastPayment, std::optional<std::int64_t>(1764000000123)); // the entry's wallMs
}

void TestFold::paymentFailedAndSuspension()
{
    Journal j;
    j.fold(Created);
    j.fold(R"({"type":"billing.payment.failed","tenantId":"t-1","cycleId":"c-1","amount":9900,"reason":"x"})");
    QCOMPARE(j.t("t-1").billing.failedPayments, 1);
    QVERIFY(j.t("t-1").billing.currentCycle.isNull());
    QVERIFY(!j.t("t-1").billing.lastPayment);
    j.fold(R"({"type":"tenant.suspended","tenantId":"t-1","reason":"Payment failures"})");
    QCOMPARE(j.t("t-1").status, TenantStatus::Suspended);
}

void TestFold::reactivationKeepsFailedPayments()
{
    Journal j;
    j.fold(Created);
    for (int i = 0; i < 3; ++i)
        j.fold(R"({"type":"billing.payment.failed","tenantId":"t-1","cycleId":"c-1","amount":9900,"reason":"x"})");
    j.fold(R"({"type":"tenant.suspended","tenantId":"t-1","reason":"Payment failures"})");
    j.fold(R"({"type":"tenant.reactivated","tenantId":"t-1"})");
    QCOMPARE(j.t("t-1").status, TenantStatus::Active);
    QCOMPARE(j.t("t-1").billing.failedPayments, 3);
}

void TestFold::planChangeChangesLimits()
{
    Journal j;
    j.fold(Created);
    j.fold(R"({"type":"plan.changed","tenantId":"t-1","from":"pro","to":"enterprise"})");
    QCOMPARE(j.t("t-1").plan, Plan::Enterprise);
    QVERIFY(j.tenantJson("t-1").find(R"("limits":{"users":100,"api_calls":100000,"storage_mb":10000})")
        != std::string::npos);
    // "from" is not checked by the fold: the rule is plan = to.
    j.fold(R"({"type":"plan.changed","tenantId":"t-1","from":"pro","to":"starter"})");
    QCOMPARE(j.t("t-1").plan, Plan::Starter);
    QCOMPARE(j.t("t-1").limits().users, 5);
    QCOMPARE(j.t("t-1").limits().priceCents, 2900);
}

void TestFold::sessions()
{
    Journal j;
    j.fold(Created);
    j.fold(R"({"type":"session.connected","tenantId":"t-1","userId":"u-1","sessionId":"s-1"})", 100);
    j.fold(R"({"type":"session.connected","tenantId":"t-1","userId":"u-2","sessionId":"s-2"})", 200);
    j.fold(R"({"type":"session.connected","tenantId":"t-1","userId":"u-3","sessionId":"s-3"})", 300);
    const Session* s1 = j.t("t-1").findSession(j.id("s-1"));
    QVERIFY(s1);
    QCOMPARE(j.pool.view(s1->userId), std::string_view("u-1"));
    QCOMPARE(s1->connectedAt, 100);
    j.fold(R"({"type":"session.disconnected","tenantId":"t-1","sessionId":"s-1"})", 400);
    j.fold(R"({"type":"session.expired","tenantId":"t-1","sessionId":"s-2"})", 500);
    QVERIFY(!j.t("t-1").findSession(j.id("s-1")));
    QVERIFY(!j.t("t-1").findSession(j.id("s-2")));
    QCOMPARE(j.t("t-1").sessions.size(), std::size_t(1));
    // Connecting an existing session id replaces it.
    j.fold(R"({"type":"session.connected","tenantId":"t-1","userId":"u-9","sessionId":"s-3"})", 600);
    const Session* s3 = j.t("t-1").findSession(j.id("s-3"));
    QVERIFY(s3);
    QCOMPARE(j.pool.view(s3->userId), std::string_view("u-9"));
    QCOMPARE(s3->connectedAt, 600);
}

void TestFold::copiedStateIsUnaffectedByLaterFolds()
{
    Journal j;
    j.fold(Created);
    j.fold(R"({"type":"tenant.created","tenantId":"t-2","plan":"starter","ownerId":"o-2"})");
    j.fold(InviteAlice);
    const PlatformState copy = j.state;
    const std::string t1Before = j.tenantJson("t-1");
    const std::string t2Before = j.tenantJson("t-2");

    j.fold(R"({"type":"user.activated","tenantId":"t-1","userId":"u-1"})");
    j.fold(R"({"type":"feature.used","tenantId":"t-1","userId":"u-1","feature":"api_calls","usage":4})");
    j.fold(R"({"type":"session.connected","tenantId":"t-1","userId":"u-1","sessionId":"s"})", 9);
    j.fold(R"({"type":"tenant.created","tenantId":"t-3","plan":"pro","ownerId":"o-3"})");
    j.fold(R"({"type":"user.removed","tenantId":"t-1","userId":"u-1"})");

    QCOMPARE(j.tenantJsonOf(copy, "t-1"), t1Before);
    QCOMPARE(j.tenantJsonOf(copy, "t-2"), t2Before);
    QCOMPARE(copy.size(), std::size_t(2));
    QVERIFY(!copy.find(j.id("t-3")));
    QCOMPARE(j.state.size(), std::size_t(3));
    // The untouched tenant is still shared, the changed one was cloned.
    QCOMPARE(copy.find(j.id("t-2")), j.state.find(j.id("t-2")));
    QVERIFY(copy.find(j.id("t-1")) != j.state.find(j.id("t-1")));

    // A shared handle keeps the tenant as it was while the state moves on.
    const std::shared_ptr<const TenantState> held = j.state.share(j.id("t-1"));
    QVERIFY(held && held.get() == j.state.find(j.id("t-1")));
    QVERIFY(!j.state.share(j.id("t-404")));
    j.fold(R"({"type":"tenant.suspended","tenantId":"t-1","reason":"r"})");
    QCOMPARE(held->status, TenantStatus::Active);
    QCOMPARE(j.t("t-1").status, TenantStatus::Suspended);

    // The copy folds on its own, without touching the original.
    PlatformState other = copy;
    apply(other, j.event(R"({"type":"tenant.suspended","tenantId":"t-2","reason":"r"})"), 0);
    const TenantState* inOther = other.find(j.id("t-2"));
    const TenantState* inCopy = copy.find(j.id("t-2"));
    QVERIFY(inOther && inCopy);
    QCOMPARE(inOther->status, TenantStatus::Suspended);
    QCOMPARE(inCopy->status, TenantStatus::Active);
    QCOMPARE(j.t("t-2").status, TenantStatus::Active);

    // Copying a tenant shares its arrays until one side writes.
    TenantState tenantCopy = j.t("t-1");
    applyToTenant(
        tenantCopy, j.event(R"({"type":"usage.reset","tenantId":"t-1","feature":"api_calls","cycleId":"c"})"), 0);
    QCOMPARE(j.t("t-1").usageOf(j.id("api_calls")), std::optional<double>(4));
    QCOMPARE(tenantCopy.usageOf(j.id("api_calls")), std::optional<double>(0));
}

void TestFold::applyToTenantMatchesApply()
{
    Journal j;
    const char* events[] = {
        R"({"type":"user.invited","tenantId":"t-1","userId":"u-2","email":"b@x","role":"user"})",
        R"({"type":"user.invited","tenantId":"t-1","userId":"u-1","email":"a@x","role":"admin"})",
        R"({"type":"user.activated","tenantId":"t-1","userId":"u-1"})",
        R"({"type":"tenant.created","tenantId":"t-2","plan":"starter","ownerId":"o"})",
        R"({"type":"user.invited","tenantId":"t-2","userId":"u-1","email":"z@x","role":"user"})",
        R"({"type":"feature.used","tenantId":"t-1","userId":"u-1","feature":"api_calls","usage":2.5})",
        R"({"type":"billing.payment.succeeded","tenantId":"t-1","cycleId":"c-1","amount":9900})",
        R"({"type":"session.connected","tenantId":"t-1","userId":"u-1","sessionId":"s-1"})",
        R"({"type":"plan.changed","tenantId":"t-1","from":"pro","to":"enterprise"})",
        R"({"type":"tenant.created","tenantId":"t-1","plan":"starter","ownerId":"o-x"})",
        R"({"type":"user.removed","tenantId":"t-1","userId":"u-2"})",
    };
    const Event created = j.event(Created);
    apply(j.state, created, 1);
    TenantState alone = makeTenant(created);
    std::int64_t wall = 10;
    for (const char* e : events) {
        const Event ev = j.event(e);
        apply(j.state, ev, wall);
        applyToTenant(alone, ev, wall);
        wall += 10;
    }
    QVERIFY(alone == j.t("t-1"));
    QVERIFY(!alone.findUser(j.id("u-2")));
    const TenantUser* u1 = alone.findUser(j.id("u-1"));
    QVERIFY(u1);
    QCOMPARE(j.pool.view(u1->email), std::string_view("a@x")); // t-2's invite ignored
    QCOMPARE(alone.plan, Plan::Enterprise); // the second tenant.created ignored
}

void TestFold::snapshotReadWhileFolding()
{
    // A snapshot is read (and finally dropped) on another thread while the
    // original keeps folding the same tenants: the reader must see exactly
    // the state at the snapshot. Run under TSan to check the sharing.
    Journal j;
    j.fold(Created);
    j.fold(InviteAlice);
    const Event use = j.event(R"({"type":"feature.used","tenantId":"t-1","userId":"u-1","feature":"f","usage":1})");
    const Event connect = j.event(R"({"type":"session.connected","tenantId":"t-1","userId":"u-1","sessionId":"s"})");
    const Event reset = j.event(R"({"type":"usage.reset","tenantId":"t-1","feature":"f","cycleId":"c"})");
    for (int round = 0; round < 20; ++round) {
        auto snapshot = std::make_unique<PlatformState>(j.state);
        const std::string expected = j.tenantJsonOf(*snapshot, "t-1");
        std::string seen;
        std::thread reader([&j, &seen, snap = std::move(snapshot)]() mutable {
            for (int i = 0; i < 50; ++i)
                seen = j.tenantJsonOf(*snap, "t-1");
            snap.reset(); // dropped here, while the writer may be cloning
        });
        for (int i = 0; i < 200; ++i) {
            apply(j.state, use, i);
            apply(j.state, connect, i);
            if (i % 50 == 0)
                apply(j.state, reset, i);
        }
        reader.join();
        QCOMPARE(seen, expected);
    }
    QCOMPARE(j.t("t-1").usageOf(j.id("f")), std::optional<double>(49));
}

QTEST_GUILESS_MAIN(TestFold)
#include "tst_fold.moc"
