#include "engine/history/diff.h"
#include "engine/history/history.h"
#include "engine/history/state_output.h"
#include "engine/platform/json_value.h"
#include "engine/platform/string_pool.h"
#include "journal_gen.h"

#include <QTest>

#include <random>

using namespace cd::history;
using namespace cd::history::test;
using cd::platform::JsonValue;

namespace {
std::unique_ptr<History> historyOf(const JournalGen& gen, std::uint32_t interval = 16384)
{
    HistoryOptions options;
    options.snapshots.initialInterval = interval;
    auto history = std::make_unique<History>(options);
    if (!history->append(gen.entries).ok())
        QTest::qFail("append failed", __FILE__, __LINE__);
    return history;
}

std::vector<std::string> paths(const DiffResult& diff)
{
    std::vector<std::string> out;
    for (const auto& c : diff.changes)
        out.push_back(c.tenantId + " " + c.path);
    return out;
}

// Sets (or, for a null value, removes) the member at keys inside root.
void patch(JsonValue& root, const std::vector<std::string>& keys, std::size_t depth, const JsonValue& value)
{
    const std::string& key = keys[depth];
    if (depth + 1 < keys.size()) {
        JsonValue child = *root.find(key);
        patch(child, keys, depth + 1, value);
        root.set(key, std::move(child));
        return;
    }
    if (!value.isNull() || !root.find(key)) {
        root.set(key, value);
        return;
    }
    JsonValue rebuilt = JsonValue::object();
    for (const auto& member : root.asObject())
        if (member.key != key)
            rebuilt.set(member.key, member.value);
    root = std::move(rebuilt);
}

// The state's tenants as one JSON object value (tenantId -> tenant).
JsonValue tenantsValue(const StatePoint& point, const cd::platform::StringPool& pool)
{
    JsonValue all = JsonValue::object();
    for (std::size_t i = 0; i < point.state.size(); ++i) {
        const auto& t = point.state.at(i);
        all.set(std::string(pool.view(t.tenantId)), cd::platform::tenantToJsonValue(t, pool));
    }
    return all;
}
} // namespace

class TestDiff : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void nestedChange();
    void keyAppearedAndDisappeared();
    void tenantAppeared();
    void pointerEscaping();
    void sortOrderComparesKeySequences();
    void sameSequenceHasNoChanges();
    void causesAreTheEntriesThatWroteThePath();
    void tenantFilter();
    void jsonShape();
    void patchingBeforeWithChangesGivesAfter();
};

void TestDiff::nestedChange()
{
    JournalGen gen;
    gen.created("t-1").invited("t-1", "u-2").activated("t-1", "u-2");
    const auto history = historyOf(gen);
    const DiffResult diff = diffStates(*history, 1, 2);
    QCOMPARE(diff.changes.size(), std::size_t(1));
    QCOMPARE(diff.changes[0].tenantId, std::string("t-1"));
    QCOMPARE(diff.changes[0].path, std::string("/users/u-2/status"));
    QCOMPARE(diff.changes[0].before, JsonValue::string("invited"));
    QCOMPARE(diff.changes[0].after, JsonValue::string("active"));
}

void TestDiff::keyAppearedAndDisappeared()
{
    JournalGen gen;
    gen.created("t-1").invited("t-1", "u-1", "a@example.com", "admin").connected("t-1", "u-1", "s-1"); // 0..2
    gen.used("t-1", "u-1", "api_calls", 150).removed("t-1", "u-1").disconnected("t-1", "s-1"); // 3..5
    const auto history = historyOf(gen);
    const DiffResult diff = diffStates(*history, 2, 5);
    QCOMPARE(paths(diff), (std::vector<std::string> { "t-1 /sessions/s-1", "t-1 /usage/api_calls", "t-1 /users/u-1" }));
    QCOMPARE(diff.changes[0].after, JsonValue());
    QCOMPARE(diff.changes[0].before.toJson(),
        std::string(R"({"connectedAt":)") + std::to_string(gen.entries[2].wallMs) + R"(,"userId":"u-1"})");
    QCOMPARE(diff.changes[1].before, JsonValue());
    QCOMPARE(diff.changes[1].after, JsonValue::number(150));
    QCOMPARE(
        diff.changes[2].before.toJson(), std::string(R"({"email":"a@example.com","role":"admin","status":"invited"})"));
    QCOMPARE(diff.changes[2].after, JsonValue());
    // The same pair the other way round: appeared and went swap.
    const DiffResult back = diffStates(*history, 5, 2);
    QCOMPARE(paths(back), paths(diff));
    QCOMPARE(back.changes[2].before, JsonValue());
    QCOMPARE(back.changes[2].after, diff.changes[2].before);
}

void TestDiff::tenantAppeared()
{
    JournalGen gen;
    gen.created("t-1").created("t-9", "enterprise", "o-9").invited("t-9", "u-1");
    const auto history = historyOf(gen);
    const DiffResult diff = diffStates(*history, 0, 2);
    QCOMPARE(paths(diff), (std::vector<std::string> { "t-9 " }));
    QCOMPARE(diff.changes[0].before, JsonValue());
    const auto* tenant = findTenant(history->latest().state, history->pool(), "t-9");
    QVERIFY(tenant);
    QCOMPARE(diff.changes[0].after, cd::platform::tenantToJsonValue(*tenant, history->pool()));
    // Before the first entry: every tenant appears.
    QCOMPARE(paths(diffStates(*history, -1, 2)), (std::vector<std::string> { "t-1 ", "t-9 " }));
}

void TestDiff::pointerEscaping()
{
    JournalGen gen;
    gen.created("t-1").invited("t-1", "a/b").invited("t-1", "x~y").invited("t-1", "~1");
    const auto history = historyOf(gen);
    QCOMPARE(paths(diffStates(*history, 0, 3)),
        (std::vector<std::string> { "t-1 /users/a~1b", "t-1 /users/x~0y", "t-1 /users/~01" }));
}

void TestDiff::sortOrderComparesKeySequences()
{
    JournalGen gen;
    gen.created("t-2").created("t-10").invited("t-2", "a").invited("t-2", "a~"); // 0..3
    gen.activated("t-2", "a").invited("t-2", "a-b").invited("t-2", "a/b"); // 4..6
    gen.suspended("t-2").planChanged("t-2", "pro", "starter").used("t-10", "u", "api_calls", 1); // 7..9
    const auto history = historyOf(gen);
    // Key by key: "a" < "a-b" even though "/a/status" > "/a-b" as strings;
    // "a/b" < "a~" even though "a~1b" > "a~0" escaped; "t-10" < "t-2".
    QCOMPARE(paths(diffStates(*history, 3, 9)),
        (std::vector<std::string> { "t-10 /usage/api_calls", "t-2 /limits/api_calls", "t-2 /limits/storage_mb",
            "t-2 /limits/users", "t-2 /plan", "t-2 /status", "t-2 /users/a/status", "t-2 /users/a-b",
            "t-2 /users/a~1b" }));
    QCOMPARE(paths(diffStates(*history, 1, 3)), (std::vector<std::string> { "t-2 /users/a", "t-2 /users/a~0" }));
}

void TestDiff::sameSequenceHasNoChanges()
{
    const auto entries = randomJournal(500, 5, 1);
    JournalGen gen;
    gen.entries = entries;
    const auto history = historyOf(gen);
    for (std::int64_t s : { -1, 0, 250, 499, 900 })
        QVERIFY(diffStates(*history, s, s).changes.empty());
    // Entries that change nothing give no change either.
    JournalGen quiet;
    quiet.created("t-1").cycle("t-1", "c-1").exceeded("t-1", "api_calls", 1000, 1200).activated("t-1", "nobody");
    const auto quietHistory = historyOf(quiet);
    QVERIFY(diffStates(*quietHistory, 0, 3).changes.empty());
}

void TestDiff::causesAreTheEntriesThatWroteThePath()
{
    JournalGen gen;
    gen.created("t-1").created("t-2"); // 0, 1
    gen.used("t-1", "u", "api_calls", 5).used("t-2", "u", "api_calls", 7).used("t-1", "u", "storage_mb", 1); // 2..4
    gen.cycle("t-1", "c-1").paid("t-1", "c-1").used("t-1", "u", "api_calls", 5).failed("t-1", "c-2"); // 5..8
    const auto history = historyOf(gen, 2);
    const DiffResult diff = diffStates(*history, 1, 8);
    QCOMPARE(paths(diff),
        (std::vector<std::string> { "t-1 /billing/currentCycle", "t-1 /billing/failedPayments",
            "t-1 /billing/lastPayment", "t-1 /usage/api_calls", "t-1 /usage/storage_mb", "t-2 /usage/api_calls" }));
    using S = std::vector<std::int64_t>;
    QCOMPARE(diff.changes[0].causes, (S { 6 }));
    QCOMPARE(diff.changes[1].causes, (S { 6, 8 }));
    QCOMPARE(diff.changes[2].causes, (S { 6 }));
    QCOMPARE(diff.changes[3].causes, (S { 2, 7 }));
    QCOMPARE(diff.changes[4].causes, (S { 4 }));
    QCOMPARE(diff.changes[5].causes, (S { 3 }));
    // A tenant that appeared is caused by all of its entries that wrote something.
    QCOMPARE(diffStates(*history, -1, 3).changes[1].causes, (S { 1, 3 }));
}

void TestDiff::tenantFilter()
{
    JournalGen gen;
    gen.created("t-1").created("t-2").suspended("t-1").suspended("t-2");
    const auto history = historyOf(gen);
    QCOMPARE(paths(diffStates(*history, 1, 3, "t-2")), (std::vector<std::string> { "t-2 /status" }));
    QCOMPARE(paths(diffStates(*history, 1, 3)), (std::vector<std::string> { "t-1 /status", "t-2 /status" }));
    QVERIFY(diffStates(*history, 0, 3, "t-404").changes.empty());
}

void TestDiff::jsonShape()
{
    JournalGen gen;
    gen.created("t-1").invited("t-1", "u-2").activated("t-1", "u-2").failed("t-1", "c-1", 9900, "card_declined");
    const auto history = historyOf(gen);
    QCOMPARE(diffJson(diffStates(*history, 1, 3)),
        std::string(R"({"from":1,"to":3,"changes":[)"
                    R"({"tenantId":"t-1","path":"/billing/failedPayments","before":0,"after":1},)"
                    R"({"tenantId":"t-1","path":"/users/u-2/status","before":"invited","after":"active"}]})"));
    QCOMPARE(diffJson(diffStates(*history, 2, 2)), std::string(R"({"from":2,"to":2,"changes":[]})"));
}

void TestDiff::patchingBeforeWithChangesGivesAfter()
{
    JournalGen gen;
    gen.entries = randomJournal(20'000, 30, 77);
    const auto history = historyOf(gen, 256);
    std::mt19937_64 rng(5);
    for (int i = 0; i < 40; ++i) {
        std::int64_t from = std::int64_t(rng() % 20'100) - 50;
        std::int64_t to = std::int64_t(rng() % 20'100) - 50;
        if (i % 4 == 0)
            to = from + std::int64_t(rng() % 300); // near: folded forward
        // Forward only: going back, a value can turn null while its key
        // stays (currentCycle), which "after": null cannot tell from a removal.
        if (from > to)
            std::swap(from, to);
        const DiffResult diff = diffStates(*history, from, to);
        JsonValue state = tenantsValue(history->stateAt(from), history->pool());
        for (const auto& change : diff.changes) {
            std::vector<std::string> keys { change.tenantId };
            keys.insert(keys.end(), change.keys.begin(), change.keys.end());
            QCOMPARE(state.find(change.tenantId) ? *state.find(change.tenantId) : JsonValue(),
                change.keys.empty() ? change.before : JsonValue(*state.find(change.tenantId)));
            patch(state, keys, 0, change.after);
        }
        QCOMPARE(state.toJson(), tenantsValue(history->stateAt(to), history->pool()).toJson());
    }
}

QTEST_GUILESS_MAIN(TestDiff)
#include "tst_diff.moc"
