#include "engine/platform/commands.h"
#include "engine/platform/fold.h"
#include "engine/platform/platform_state.h"
#include "engine/platform/string_pool.h"

#include <QTest>

#include <cmath>
#include <limits>
#include <random>
#include <string>

using namespace cd::platform;

namespace {
// One tenant driven by commands the way a tenant process drives it: every
// decision's events are applied with the fold, and also kept as the journal.
class Tenant {
public:
    explicit Tenant(Plan plan = Plan::Starter)
    {
        const Decision d = createTenant(id("t-1"), plan, id("o-1"), pool);
        if (!d.accepted || d.events.size() != 1)
            QTest::qFail("tenant creation refused", __FILE__, __LINE__);
        else
            state = makeTenant(d.events.front());
        journal = d.events;
    }
    Str id(std::string_view text) { return pool.intern(text); }
    std::string_view text(Str s) const { return pool.view(s); }
    // Appends the decision's events and folds them into the live state.
    Decision run(Decision d)
    {
        for (const Event& e : d.events) {
            applyToTenant(state, e, m_wallMs);
            journal.push_back(e);
            wallMs.push_back(m_wallMs);
            ++m_wallMs;
        }
        return d;
    }
    void invite(std::string_view userId) { run(inviteUser(state, id(userId), id("x@example.com"), Role::User, pool)); }
    void suspend()
    {
        for (int i = 0; i < 3; ++i)
            run(settleBilling(state, id("c-s"), 2900, { false, "declined" }, pool));
    }

    StringPool pool;
    TenantState state;
    std::vector<Event> journal;
    std::vector<std::int64_t> wallMs { 0 }; // the creation's wallMs first

private:
    std::int64_t m_wallMs = 1;
};

std::vector<EventType> typesOf(const Decision& d)
{
    std::vector<EventType> types;
    for (const Event& e : d.events)
        types.push_back(e.type);
    return types;
}
} // namespace

class TestCommands : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void createTenantAppendsCreated();
    void createTenantRefusesEmptyIds();
    void inviteUser();
    void inviteRefusals();
    void inviteAtTheLimit_data();
    void inviteAtTheLimit();
    void activateUser();
    void removeUser();
    void recordUsageUnderAndAtLimit();
    void recordUsagePastLimitStillCounts();
    void recordUsageUnlimitedFeature();
    void recordUsageRefusals_data();
    void recordUsageRefusals();
    void changePlan();
    void startBillingChargesPlanPrice();
    void paymentSucceededResetsApiCalls();
    void thirdFailureSuspends();
    void suspendedTenantRefusedBilling();
    void failureAfterReactivationSuspendsAgain();
    void reactivationOnlyWhenSuspended();
    void sessions();
    void liveStateEqualsReplay();
};

void TestCommands::createTenantAppendsCreated()
{
    StringPool pool;
    const Decision d = createTenant(pool.intern("t-9"), Plan::Pro, pool.intern("o-9"), pool);
    QVERIFY(d.accepted);
    QVERIFY(d.refusal.empty());
    QCOMPARE(d.events.size(), std::size_t(1));
    const Event& e = d.events.front();
    QCOMPARE(e.type, EventType::TenantCreated);
    QCOMPARE(pool.view(e.tenantId), "t-9");
    QCOMPARE(pool.view(e.ownerId), "o-9");
    QCOMPARE(e.plan, Plan::Pro);
    const TenantState t = makeTenant(e);
    QCOMPARE(t.status, TenantStatus::Active);
    QCOMPARE(t.plan, Plan::Pro);
}

void TestCommands::createTenantRefusesEmptyIds()
{
    StringPool pool;
    const Decision noTenant = createTenant(pool.intern(""), Plan::Pro, pool.intern("o"), pool);
    QVERIFY(!noTenant.accepted);
    QVERIFY(noTenant.events.empty());
    const Decision noOwner = createTenant(pool.intern("t"), Plan::Pro, Str(), pool);
    QVERIFY(!noOwner.accepted);
    QVERIFY(noOwner.events.empty());
}

void TestCommands::inviteUser()
{
    Tenant t;
    const Decision& d = t.run(cd::platform::inviteUser(t.state, t.id("u-1"), t.id("a@x"), Role::Admin, t.pool));
    QVERIFY(d.accepted);
    QCOMPARE(typesOf(d), std::vector { EventType::UserInvited });
    const Event& e = d.events.front();
    QCOMPARE(t.text(e.tenantId), "t-1");
    QCOMPARE(t.text(e.email), "a@x");
    QCOMPARE(e.role, Role::Admin);
    const TenantUser* u = t.state.findUser(t.id("u-1"));
    QVERIFY(u);
    QCOMPARE(u->status, UserStatus::Invited);
    QCOMPARE(u->role, Role::Admin);
}

void TestCommands::inviteRefusals()
{
    Tenant t;
    t.invite("u-1");
    const Decision exists = cd::platform::inviteUser(t.state, t.id("u-1"), t.id("b@x"), Role::User, t.pool);
    QVERIFY(!exists.accepted);
    QVERIFY(exists.events.empty());
    QCOMPARE(exists.refusal, std::string("user u-1 already exists"));

    t.suspend();
    QCOMPARE(t.state.status, TenantStatus::Suspended);
    const Decision suspended = cd::platform::inviteUser(t.state, t.id("u-2"), t.id("b@x"), Role::User, t.pool);
    QVERIFY(!suspended.accepted);
    QVERIFY(suspended.events.empty());
    QVERIFY(!suspended.refusal.empty());
}

void TestCommands::inviteAtTheLimit_data()
{
    QTest::addColumn<Plan>("plan");
    QTest::addColumn<int>("limit");
    QTest::newRow("starter") << Plan::Starter << 5;
    QTest::newRow("pro") << Plan::Pro << 25;
}

void TestCommands::inviteAtTheLimit()
{
    QFETCH(Plan, plan);
    QFETCH(int, limit);
    Tenant t(plan);
    for (int i = 0; i < limit; ++i) {
        const std::string user = "u-" + std::to_string(i);
        QVERIFY(t.run(cd::platform::inviteUser(t.state, t.id(user), t.id(""), Role::User, t.pool)).accepted);
    }
    QCOMPARE(t.state.users.size(), std::size_t(limit));
    const TenantState before = t.state;
    const Decision& d = t.run(cd::platform::inviteUser(t.state, t.id("one-more"), t.id(""), Role::User, t.pool));
    QVERIFY(!d.accepted);
    QCOMPARE(typesOf(d), std::vector { EventType::LimitsExceeded });
    const Event& e = d.events.front();
    QCOMPARE(t.text(e.feature), "users");
    QCOMPARE(e.limit, double(limit));
    QCOMPARE(e.usage, double(limit + 1));
    QCOMPARE(d.limit, std::optional<double>(limit));
    QCOMPARE(d.usage, std::optional<double>(limit + 1));
    QVERIFY(t.state == before); // limits.exceeded changes nothing
}

void TestCommands::activateUser()
{
    Tenant t;
    const Decision unknown = cd::platform::activateUser(t.state, t.id("u-1"), t.pool);
    QVERIFY(!unknown.accepted);
    QVERIFY(unknown.events.empty());

    t.invite("u-1");
    const Decision& d = t.run(cd::platform::activateUser(t.state, t.id("u-1"), t.pool));
    QVERIFY(d.accepted);
    QCOMPARE(typesOf(d), std::vector { EventType::UserActivated });
    QCOMPARE(t.state.findUser(t.id("u-1"))->status, UserStatus::Active);

    const Decision again = cd::platform::activateUser(t.state, t.id("u-1"), t.pool);
    QVERIFY(!again.accepted);
    QVERIFY(again.events.empty());
}

void TestCommands::removeUser()
{
    Tenant t;
    const Decision unknown = cd::platform::removeUser(t.state, t.id("u-1"), t.pool);
    QVERIFY(!unknown.accepted);
    QVERIFY(unknown.events.empty());
    QCOMPARE(unknown.refusal, std::string("user u-1 does not exist"));

    t.invite("u-1");
    t.invite("u-2");
    const Decision& d = t.run(cd::platform::removeUser(t.state, t.id("u-1"), t.pool));
    QVERIFY(d.accepted);
    QCOMPARE(typesOf(d), std::vector { EventType::UserRemoved });
    QVERIFY(!t.state.findUser(t.id("u-1")));
    QVERIFY(t.state.findUser(t.id("u-2")));
}

void TestCommands::recordUsageUnderAndAtLimit()
{
    Tenant t; // starter: api_calls 1000
    const Decision& first = t.run(recordUsage(t.state, t.id("u-1"), t.id("api_calls"), 400, t.pool));
    QVERIFY(first.accepted);
    QCOMPARE(typesOf(first), std::vector { EventType::FeatureUsed });
    QCOMPARE(first.usage, std::optional<double>(400));
    QCOMPARE(first.limit, std::optional<double>(1000));
    // Reaching the limit exactly is not exceeding it.
    const Decision& second = t.run(recordUsage(t.state, t.id("u-1"), t.id("api_calls"), 600, t.pool));
    QVERIFY(second.accepted);
    QCOMPARE(typesOf(second), std::vector { EventType::FeatureUsed });
    QCOMPARE(t.state.usageOf(t.id("api_calls")), std::optional<double>(1000));
}

void TestCommands::recordUsagePastLimitStillCounts()
{
    Tenant t;
    t.run(recordUsage(t.state, t.id("u-1"), t.id("api_calls"), 999, t.pool));
    const Decision& d = t.run(recordUsage(t.state, t.id("u-1"), t.id("api_calls"), 2.5, t.pool));
    QVERIFY(!d.accepted);
    QCOMPARE(typesOf(d), (std::vector { EventType::FeatureUsed, EventType::LimitsExceeded }));
    QCOMPARE(d.events[0].usage, 2.5);
    QCOMPARE(t.text(d.events[1].feature), "api_calls");
    QCOMPARE(d.events[1].limit, 1000.0);
    QCOMPARE(d.events[1].usage, 1001.5);
    QCOMPARE(d.usage, std::optional<double>(1001.5));
    QCOMPARE(d.limit, std::optional<double>(1000));
    QCOMPARE(d.refusal, std::string("api_calls usage 1001.5 exceeds the limit of 1000"));
    QCOMPARE(t.state.usageOf(t.id("api_calls")), std::optional<double>(1001.5)); // still counts
}

void TestCommands::recordUsageUnlimitedFeature()
{
    Tenant t;
    const Decision& d = t.run(recordUsage(t.state, t.id("u-1"), t.id("exports"), 1e9, t.pool));
    QVERIFY(d.accepted);
    QCOMPARE(typesOf(d), std::vector { EventType::FeatureUsed });
    QCOMPARE(d.limit, std::optional<double>());
    QCOMPARE(t.state.usageOf(t.id("exports")), std::optional<double>(1e9));
}

void TestCommands::recordUsageRefusals_data()
{
    QTest::addColumn<double>("amount");
    QTest::addColumn<bool>("suspended");
    QTest::newRow("negative") << -1.0 << false;
    QTest::newRow("nan") << std::numeric_limits<double>::quiet_NaN() << false;
    QTest::newRow("infinite") << std::numeric_limits<double>::infinity() << false;
    QTest::newRow("suspended tenant") << 1.0 << true;
}

void TestCommands::recordUsageRefusals()
{
    QFETCH(double, amount);
    QFETCH(bool, suspended);
    Tenant t;
    if (suspended)
        t.suspend();
    const Decision d = recordUsage(t.state, t.id("u-1"), t.id("api_calls"), amount, t.pool);
    QVERIFY(!d.accepted);
    QVERIFY(d.events.empty());
    QVERIFY(!d.refusal.empty());
}

void TestCommands::changePlan()
{
    Tenant t;
    const Decision same = cd::platform::changePlan(t.state, Plan::Starter, t.pool);
    QVERIFY(!same.accepted);
    QVERIFY(same.events.empty());

    const Decision& d = t.run(cd::platform::changePlan(t.state, Plan::Enterprise, t.pool));
    QVERIFY(d.accepted);
    QCOMPARE(typesOf(d), std::vector { EventType::PlanChanged });
    QCOMPARE(d.events[0].from, Plan::Starter);
    QCOMPARE(d.events[0].to, Plan::Enterprise);
    QCOMPARE(t.state.plan, Plan::Enterprise);
    QCOMPARE(t.state.limits().users, 100);
}

void TestCommands::startBillingChargesPlanPrice()
{
    Tenant t(Plan::Pro);
    const Decision d = startBilling(t.state, t.id("c-1"), t.pool);
    QVERIFY(d.accepted);
    QCOMPARE(typesOf(d), std::vector { EventType::BillingCycleStarted });
    QCOMPARE(t.text(d.events[0].cycleId), "c-1");
    QCOMPARE(d.events[0].amount, 9900.0);
}

void TestCommands::paymentSucceededResetsApiCalls()
{
    Tenant t;
    t.run(recordUsage(t.state, t.id("u-1"), t.id("api_calls"), 700, t.pool));
    t.run(recordUsage(t.state, t.id("u-1"), t.id("storage_mb"), 50, t.pool));
    t.run(settleBilling(t.state, t.id("c-0"), 2900, { false, "no funds" }, t.pool));
    QCOMPARE(t.state.billing.failedPayments, 1);

    const Decision& d = t.run(settleBilling(t.state, t.id("c-1"), 2900, { true, {} }, t.pool));
    QVERIFY(d.accepted);
    QCOMPARE(typesOf(d), (std::vector { EventType::BillingPaymentSucceeded, EventType::UsageReset }));
    QCOMPARE(d.events[0].amount, 2900.0);
    QCOMPARE(t.text(d.events[1].feature), "api_calls");
    QCOMPARE(t.text(d.events[1].cycleId), "c-1");
    QCOMPARE(t.text(t.state.billing.currentCycle), "c-1");
    QCOMPARE(t.state.billing.failedPayments, 0);
    QVERIFY(t.state.billing.lastPayment.has_value());
    QCOMPARE(t.state.usageOf(t.id("api_calls")), std::optional<double>(0));
    QCOMPARE(t.state.usageOf(t.id("storage_mb")), std::optional<double>(50)); // only api_calls resets
}

void TestCommands::thirdFailureSuspends()
{
    Tenant t;
    for (int i = 1; i <= 3; ++i) {
        const std::string cycle = "c-" + std::to_string(i);
        QVERIFY(t.run(startBilling(t.state, t.id(cycle), t.pool)).accepted);
        const Decision& d = t.run(settleBilling(t.state, t.id(cycle), 2900, { false, "card expired" }, t.pool));
        QVERIFY(!d.accepted);
        QCOMPARE(d.refusal, std::string("payment failed: card expired"));
        QCOMPARE(d.events[0].type, EventType::BillingPaymentFailed);
        QCOMPARE(t.text(d.events[0].reason), "card expired");
        QCOMPARE(t.state.billing.failedPayments, i);
        if (i < 3) {
            QCOMPARE(d.events.size(), std::size_t(1));
            QCOMPARE(t.state.status, TenantStatus::Active);
        } else {
            QCOMPARE(typesOf(d), (std::vector { EventType::BillingPaymentFailed, EventType::TenantSuspended }));
            QCOMPARE(t.text(d.events[1].reason), "Payment failures");
            QCOMPARE(t.state.status, TenantStatus::Suspended);
        }
    }
}

void TestCommands::suspendedTenantRefusedBilling()
{
    Tenant t;
    t.suspend();
    const Decision d = startBilling(t.state, t.id("c-9"), t.pool);
    QVERIFY(!d.accepted);
    QVERIFY(d.events.empty());
    QCOMPARE(d.refusal, std::string("tenant t-1 is suspended"));
}

void TestCommands::failureAfterReactivationSuspendsAgain()
{
    // Reactivation keeps failedPayments (the fold), so the count stays at or
    // above 3 and the next failure suspends again.
    Tenant t;
    t.suspend();
    t.run(reactivateTenant(t.state, t.pool));
    QCOMPARE(t.state.status, TenantStatus::Active);
    QCOMPARE(t.state.billing.failedPayments, 3);
    const Decision& d = t.run(settleBilling(t.state, t.id("c-4"), 2900, { false, "declined" }, t.pool));
    QCOMPARE(typesOf(d), (std::vector { EventType::BillingPaymentFailed, EventType::TenantSuspended }));
    QCOMPARE(t.state.status, TenantStatus::Suspended);
}

void TestCommands::reactivationOnlyWhenSuspended()
{
    Tenant t;
    const Decision active = reactivateTenant(t.state, t.pool);
    QVERIFY(!active.accepted);
    QVERIFY(active.events.empty());

    t.suspend();
    const Decision& d = t.run(reactivateTenant(t.state, t.pool));
    QVERIFY(d.accepted);
    QCOMPARE(typesOf(d), std::vector { EventType::TenantReactivated });
    QCOMPARE(t.state.status, TenantStatus::Active);
}

void TestCommands::sessions()
{
    Tenant t;
    const Decision& c = t.run(connectSession(t.state, t.id("s-1"), t.id("u-1"), t.pool));
    QVERIFY(c.accepted);
    QCOMPARE(typesOf(c), std::vector { EventType::SessionConnected });
    QVERIFY(t.state.findSession(t.id("s-1")));
    t.run(connectSession(t.state, t.id("s-2"), t.id("u-1"), t.pool));

    for (const Decision& refused : { disconnectSession(t.state, t.id("s-x"), t.pool),
             expireSession(t.state, t.id("s-x"), t.pool), connectSession(t.state, Str(), t.id("u-1"), t.pool) }) {
        QVERIFY(!refused.accepted);
        QVERIFY(refused.events.empty());
    }

    const Decision& d = t.run(disconnectSession(t.state, t.id("s-1"), t.pool));
    QCOMPARE(typesOf(d), std::vector { EventType::SessionDisconnected });
    const Decision& x = t.run(expireSession(t.state, t.id("s-2"), t.pool));
    QCOMPARE(typesOf(x), std::vector { EventType::SessionExpired });
    QVERIFY(t.state.sessions.empty());
    QVERIFY(!disconnectSession(t.state, t.id("s-1"), t.pool).accepted);
}

void TestCommands::liveStateEqualsReplay()
{
    // Thousands of commands chosen by a fixed-seed generator (mt19937_64's
    // raw output is fixed by the standard); the live state must equal the
    // replay of the journal after every command, and a refusal may carry
    // events only in the three cases the table names.
    Tenant t;
    std::mt19937_64 rng(20261127);
    const auto pick = [&rng](std::uint64_t n) { return rng() % n; };
    const Str features[] = { t.id("api_calls"), t.id("storage_mb"), t.id("exports") };
    const Plan plans[] = { Plan::Starter, Plan::Pro, Plan::Enterprise };
    int accepted = 0;
    int refused = 0;
    for (int step = 0; step < 3000; ++step) {
        const Str user = t.id("u-" + std::to_string(pick(30)));
        const Str session = t.id("s-" + std::to_string(pick(8)));
        const Str cycle = t.id("c-" + std::to_string(step));
        Decision d;
        switch (pick(11)) {
        case 0:
            d = cd::platform::inviteUser(t.state, user, t.id("e"), pick(2) ? Role::Admin : Role::User, t.pool);
            break;
        case 1:
            d = cd::platform::activateUser(t.state, user, t.pool);
            break;
        case 2:
            d = cd::platform::removeUser(t.state, user, t.pool);
            break;
        case 3:
            d = recordUsage(t.state, user, features[pick(3)], double(pick(400)) - 20, t.pool);
            break;
        case 4:
            d = cd::platform::changePlan(t.state, plans[pick(3)], t.pool);
            break;
        case 5:
            d = startBilling(t.state, cycle, t.pool);
            break;
        case 6:
            d = settleBilling(t.state, cycle, 2900, { pick(3) == 0, "declined" }, t.pool);
            break;
        case 7:
            d = reactivateTenant(t.state, t.pool);
            break;
        case 8:
            d = connectSession(t.state, session, user, t.pool);
            break;
        case 9:
            d = disconnectSession(t.state, session, t.pool);
            break;
        default:
            d = expireSession(t.state, session, t.pool);
            break;
        }
        if (!d.accepted && !d.events.empty()) {
            const EventType last = d.events.back().type;
            QVERIFY2(last == EventType::LimitsExceeded || last == EventType::BillingPaymentFailed
                    || last == EventType::TenantSuspended,
                d.refusal.c_str());
        }
        d.accepted ? ++accepted : ++refused;
        t.run(d);

        PlatformState replay;
        for (std::size_t i = 0; i < t.journal.size(); ++i)
            apply(replay, t.journal[i], t.wallMs[i]);
        const TenantState* replayed = replay.find(t.id("t-1"));
        QVERIFY(replayed);
        QVERIFY2(*replayed == t.state, ("diverged at step " + std::to_string(step)).c_str());
    }
    // The script must exercise both sides of the rules, not just one.
    QVERIFY(accepted > 500);
    QVERIFY(refused > 500);
    QVERIFY(t.journal.size() > 1000);
}

QTEST_GUILESS_MAIN(TestCommands)
#include "tst_commands.moc"
