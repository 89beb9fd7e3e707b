// Every command of platform.md "Commands" through the Platform API: its rule,
// its reply and exactly the events it appends; durability order (the reply
// comes after the batch is committed) and group commit.
#include "live_fixture.h"

#include "engine/platform/json_writer.h"
#include "engine/platform/state_json.h"

#include <set>

using namespace cd;
using namespace cd::live;
using namespace cd::live::test;

namespace {
// The types appended after `before` rows.
std::vector<std::string> appendedSince(LiveFixture& f, std::size_t before)
{
    auto all = typesOf(f.rows());
    return { all.begin() + static_cast<std::ptrdiff_t>(before), all.end() };
}
using Types = std::vector<std::string>;

void suspend(LiveFixture& f, const std::string& tenant)
{
    for (int i = 0; i < 3; ++i)
        f.scripted->script.push_back(platform::ChargeOutcome::declined("card declined"));
    for (int i = 0; i < 3; ++i)
        f.await(f.api->runBillingNow(tenant));
}
} // namespace

class TestLiveCommands : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void createTenant();
    void invite();
    void inviteAtTheUserLimit();
    void activate();
    void remove();
    void usage();
    void usagePastTheLimitStillCounts();
    void changePlan();
    void reactivate();
    void refusedWhileSuspended();
    void sessions();
    void replyComesAfterCommit();
    void concurrentCommandsShareOneCommit();
    void liveStateEqualsReplay();
};

void TestLiveCommands::createTenant()
{
    LiveFixture f;
    const auto r = f.await(f.api->createTenant("t-1", platform::Plan::Pro, "owner-1"));
    QVERIFY(r.result.accepted);
    QCOMPARE(r.tenantId, std::string("t-1"));
    QCOMPARE(r.result.firstSequence, 0);
    const auto rows = f.rows();
    QCOMPARE(rows.size(), std::size_t(1));
    QCOMPARE(
        rows[0].data, std::string(R"({"type":"tenant.created","tenantId":"t-1","plan":"pro","ownerId":"owner-1"})"));
    QCOMPARE(rows[0].wallMs, std::int64_t(1767225600000));
    const auto again = f.await(f.api->createTenant("t-1", platform::Plan::Starter, "owner-2"));
    QVERIFY(!again.result.accepted);
    QCOMPARE(again.result.appended, 0);
    QCOMPARE(f.rows().size(), std::size_t(1));
    // Without an id the platform names it.
    const auto named = f.await(f.api->createTenant("", platform::Plan::Starter, "o"));
    QVERIFY(named.result.accepted);
    QCOMPARE(named.tenantId, std::string("t-2"));
    QCOMPARE(f.api->listTenants().size(), std::size_t(2));
    QCOMPARE(f.api->listTenants()[0].processStatus, std::string("running"));
}

void TestLiveCommands::invite()
{
    LiveFixture f;
    f.create("t-1");
    auto r = f.await(f.api->inviteUser("t-1", "u-1", "a@x.test", platform::Role::Admin));
    QVERIFY(r.accepted);
    QCOMPARE(typesOf(f.rows()), Types({ "tenant.created", "user.invited" }));
    r = f.await(f.api->inviteUser("t-1", "u-1", "b@x.test", platform::Role::User));
    QVERIFY(!r.accepted);
    QVERIFY(r.refusal.find("exists") != std::string::npos);
    QCOMPARE(f.rows().size(), std::size_t(2));
    r = f.await(f.api->inviteUser("t-404", "u-1", "b@x.test", platform::Role::User));
    QVERIFY(!r.accepted);
    QVERIFY(r.refusal.find("does not exist") != std::string::npos);
}

void TestLiveCommands::inviteAtTheUserLimit()
{
    LiveFixture f;
    f.create("t-1"); // starter: 5 users
    for (int i = 1; i <= 5; ++i)
        QVERIFY(f.await(f.api->inviteUser("t-1", "u-" + std::to_string(i), "e", platform::Role::User)).accepted);
    const auto before = f.rows().size();
    const auto r = f.await(f.api->inviteUser("t-1", "u-6", "e", platform::Role::User));
    QVERIFY(!r.accepted);
    QCOMPARE(r.appended, 1);
    QCOMPARE(r.limit.value_or(-1), 5.0);
    QCOMPARE(r.usage.value_or(-1), 6.0);
    const auto rows = f.rows();
    QCOMPARE(rows.size(), before + 1);
    QCOMPARE(rows.back().data,
        std::string(R"({"type":"limits.exceeded","tenantId":"t-1","feature":"users","limit":5,"usage":6})"));
}

void TestLiveCommands::activate()
{
    LiveFixture f;
    f.create("t-1");
    f.await(f.api->inviteUser("t-1", "u-1", "e", platform::Role::User));
    QVERIFY(f.await(f.api->activateUser("t-1", "u-1")).accepted);
    QVERIFY(!f.await(f.api->activateUser("t-1", "u-1")).accepted); // already active
    QVERIFY(!f.await(f.api->activateUser("t-1", "u-9")).accepted); // unknown
    QCOMPARE(typesOf(f.rows()), Types({ "tenant.created", "user.invited", "user.activated" }));
}

void TestLiveCommands::remove()
{
    LiveFixture f;
    f.create("t-1");
    f.user("t-1", "u-1");
    QVERIFY(!f.await(f.api->removeUser("t-1", "u-9")).accepted);
    QVERIFY(f.await(f.api->removeUser("t-1", "u-1")).accepted);
    QCOMPARE(typesOf(f.rows()).back(), std::string("user.removed"));
    QVERIFY(f.tenantJson("t-1").find("\"users\":{}") != std::string::npos);
}

void TestLiveCommands::usage()
{
    LiveFixture f;
    f.create("t-1");
    f.user("t-1", "u-1");
    auto r = f.await(f.api->recordUsage("t-1", "u-1", "api_calls", 150));
    QVERIFY(r.accepted);
    QCOMPARE(r.usage.value_or(-1), 150.0);
    const auto before = f.rows().size();
    r = f.await(f.api->recordUsage("t-1", "u-1", "api_calls", -5));
    QVERIFY(!r.accepted);
    QCOMPARE(f.rows().size(), before);
    QVERIFY(f.tenantJson("t-1").find("\"usage\":{\"api_calls\":150}") != std::string::npos);
}

void TestLiveCommands::usagePastTheLimitStillCounts()
{
    LiveFixture f;
    f.create("t-1"); // starter: 1000 api calls
    f.user("t-1", "u-1");
    f.await(f.api->recordUsage("t-1", "u-1", "api_calls", 900));
    const auto before = f.rows().size();
    const auto r = f.await(f.api->recordUsage("t-1", "u-1", "api_calls", 200));
    QVERIFY(!r.accepted);
    QCOMPARE(r.usage.value_or(-1), 1100.0);
    QCOMPARE(r.limit.value_or(-1), 1000.0);
    QCOMPARE(appendedSince(f, before), Types({ "feature.used", "limits.exceeded" }));
    QVERIFY(f.tenantJson("t-1").find("\"api_calls\":1100") != std::string::npos);
}

void TestLiveCommands::changePlan()
{
    LiveFixture f;
    f.create("t-1", platform::Plan::Pro);
    QVERIFY(!f.await(f.api->changePlan("t-1", platform::Plan::Pro)).accepted);
    for (int i = 1; i <= 6; ++i)
        f.user("t-1", "u-" + std::to_string(i));
    // Six users do not fit the starter plan's five.
    const auto down = f.await(f.api->changePlan("t-1", platform::Plan::Starter));
    QVERIFY(!down.accepted);
    QCOMPARE(down.appended, 0);
    QVERIFY(f.await(f.api->changePlan("t-1", platform::Plan::Enterprise)).accepted);
    QCOMPARE(f.rows().back().data,
        std::string(R"({"type":"plan.changed","tenantId":"t-1","from":"pro","to":"enterprise"})"));
    QVERIFY(f.tenantJson("t-1").find("\"users\":100") != std::string::npos);
    QCOMPARE(f.api->listTenants()[0].plan, std::string("enterprise"));
}

void TestLiveCommands::reactivate()
{
    LiveFixture f;
    f.create("t-1");
    QVERIFY(!f.await(f.api->reactivateTenant("t-1")).accepted);
    suspend(f, "t-1");
    QCOMPARE(f.api->listTenants()[0].status, std::string("suspended"));
    QVERIFY(f.await(f.api->reactivateTenant("t-1")).accepted);
    QCOMPARE(typesOf(f.rows()).back(), std::string("tenant.reactivated"));
    QCOMPARE(f.api->listTenants()[0].status, std::string("active"));
    QVERIFY(f.tenantJson("t-1").find("\"failedPayments\":3") != std::string::npos);
}

void TestLiveCommands::refusedWhileSuspended()
{
    LiveFixture f;
    f.create("t-1");
    f.await(f.api->inviteUser("t-1", "u-1", "e", platform::Role::User));
    suspend(f, "t-1");
    const auto before = f.rows().size();
    QVERIFY(!f.await(f.api->inviteUser("t-1", "u-2", "e", platform::Role::User)).accepted);
    QVERIFY(!f.await(f.api->activateUser("t-1", "u-1")).accepted);
    QVERIFY(!f.await(f.api->recordUsage("t-1", "u-1", "api_calls", 1)).accepted);
    const auto billing = f.await(f.api->runBillingNow("t-1"));
    QCOMPARE(billing.skipped, 1);
    QCOMPARE(billing.billed, 0);
    QCOMPARE(f.rows().size(), before);
}

void TestLiveCommands::sessions()
{
    LiveFixture f;
    f.create("t-1");
    f.user("t-1", "u-1");
    QVERIFY(!f.await(f.api->connectSession("t-1", "s-1", "u-9")).accepted); // not a user
    QVERIFY(f.await(f.api->connectSession("t-1", "s-1", "u-1")).accepted);
    QVERIFY(!f.await(f.api->connectSession("t-1", "s-1", "u-1")).accepted); // already connected
    QVERIFY(f.api->heartbeat("t-1", "s-1"));
    QVERIFY(!f.api->heartbeat("t-1", "s-2"));
    QCOMPARE(f.api->counters().liveSessions, std::uint64_t(1));
    QVERIFY(!f.await(f.api->disconnectSession("t-1", "s-2")).accepted);
    QVERIFY(f.await(f.api->disconnectSession("t-1", "s-1")).accepted);
    QCOMPARE(f.api->counters().liveSessions, std::uint64_t(0));
    const auto types = typesOf(f.rows());
    QCOMPARE(Types(types.end() - 2, types.end()), Types({ "session.connected", "session.disconnected" }));
}

void TestLiveCommands::replyComesAfterCommit()
{
    LiveFixture f;
    f.create("t-1");
    std::vector<JournalRow> seenAtReply;
    std::int64_t committedAtReply = -1;
    auto reply = f.api->inviteUser("t-1", "u-1", "e", platform::Role::User);
    // Before the engine runs, nothing of the command is durable.
    QCOMPARE(f.rows().size(), std::size_t(1));
    reply.then([&f, &seenAtReply, &committedAtReply] {
        seenAtReply = f.rows();
        committedAtReply = f.api->counters().lastSequence;
    });
    f.settle(reply);
    f.clock.flush();
    QVERIFY(reply.value().accepted);
    QCOMPARE(seenAtReply.size(), std::size_t(2));
    QCOMPARE(seenAtReply.back().sequence, reply.value().lastSequence);
    QCOMPARE(committedAtReply, reply.value().lastSequence);
}

void TestLiveCommands::concurrentCommandsShareOneCommit()
{
    LiveFixture f;
    for (int t = 0; t < 10; ++t) {
        f.create("t-" + std::to_string(t));
        f.user("t-" + std::to_string(t), "u-1");
    }
    const auto commitsBefore = f.api->counters().commits;
    std::vector<rt::Future<CommandResult>> replies;
    for (int t = 0; t < 10; ++t) {
        for (int i = 0; i < 20; ++i)
            replies.push_back(f.api->recordUsage("t-" + std::to_string(t), "u-1", "api_calls", 1));
    }
    f.settle(replies.back());
    f.clock.flush();
    for (const auto& r : replies) {
        QVERIFY(r.settled());
        QVERIFY(r.value().accepted);
    }
    QCOMPARE(f.api->counters().commits, commitsBefore + 1);
    QCOMPARE(f.api->counters().lastCommitEntries, std::uint64_t(200));
    // Sequences are gapless and each reply names its own entry.
    std::set<std::int64_t> seqs;
    for (const auto& r : replies)
        seqs.insert(r.value().firstSequence);
    QCOMPARE(seqs.size(), std::size_t(200));
    const auto rows = f.rows();
    for (std::size_t i = 0; i < rows.size(); ++i)
        QCOMPARE(rows[i].sequence, static_cast<std::int64_t>(i));
}

void TestLiveCommands::liveStateEqualsReplay()
{
    LiveFixture f;
    f.create("t-1", platform::Plan::Pro);
    f.create("t-2");
    f.user("t-1", "u-1");
    f.user("t-2", "u-2");
    f.await(f.api->recordUsage("t-1", "u-1", "api_calls", 20000));
    f.await(f.api->connectSession("t-2", "s-1", "u-2"));
    f.scripted->script.push_back(platform::ChargeOutcome::declined("no funds"));
    f.await(f.api->runBillingNow());
    platform::StringPool pool;
    const auto replayed = f.replay(pool);
    for (const std::string id : { "t-1", "t-2" }) {
        std::string expected;
        platform::JsonWriter w(expected);
        platform::writeTenantJson(w, *replayed.find(pool.find(id)), pool);
        QCOMPARE(f.tenantJson(id), expected);
    }
}

QTEST_GUILESS_MAIN(TestLiveCommands)
#include "tst_live_commands.moc"
