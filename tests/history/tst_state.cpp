#include "engine/history/history.h"
#include "engine/history/state_output.h"
#include "engine/store/entry_source.h"
#include "journal_gen.h"
#include "reference_fold.h"

#include <QTemporaryDir>
#include <QTest>

using namespace cd::history;
using namespace cd::history::test;
using cd::platform::Entry;

namespace {
std::unique_ptr<History> historyOf(const std::vector<Entry>& entries, HistoryOptions options = {})
{
    auto history = std::make_unique<History>(options);
    const BuildResult result = history->append(entries);
    if (!result.ok())
        QTest::qFail(("append failed: " + result.problem()).c_str(), __FILE__, __LINE__);
    return history;
}

std::string json(const History& history, const StatePoint& point)
{
    return stateJson(point, history.pool());
}

// Usage amounts 1, 2, 4, ... make the set of folded feature.used entries
// readable from the total.
JournalGen powersOfTwo(std::vector<std::int64_t> wallTimes)
{
    JournalGen gen;
    gen.wall(wallTimes.front() - 1).created("t-1");
    double amount = 1;
    for (std::int64_t wall : wallTimes) {
        gen.wall(wall).used("t-1", "u-1", "api_calls", amount);
        amount *= 2;
    }
    return gen;
}
} // namespace

class TestState : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void stateJsonShape();
    void everySequenceMatchesReplay();
    void foldingOnFromAnEarlierStateMatchesReplay();
    void beforeFirstEntryAndPastTheEnd();
    void journalStartingAboveZero();
    void gapsFoldUpToTheLastEntryBelow();
    void stateAtTime_data();
    void stateAtTime();
    void wallTimeGoingBackwardsIsAFilteredFold();
    void singleTenantForm();
    void buildFromFileEqualsAppend();
};

void TestState::stateJsonShape()
{
    JournalGen gen;
    gen.wall(1000).created("t-1", "pro", "owner-1");
    gen.wall(1005).invited("t-1", "u-2", "bob@example.com", "admin");
    gen.wall(1010).used("t-1", "u-2", "api_calls", 150);
    gen.wall(1020).paid("t-1", "c-1");
    gen.wall(1030).connected("t-1", "u-2", "s-1");
    const auto history = historyOf(gen.entries);
    QCOMPARE(json(*history, history->latest()),
        std::string(
            R"({"sequence":4,"wallMs":1030,"tenants":{"t-1":{"tenantId":"t-1","plan":"pro","ownerId":"owner-1",)"
            R"("status":"active","users":{"u-2":{"email":"bob@example.com","role":"admin","status":"invited"}},)"
            R"("billing":{"currentCycle":"c-1","lastPayment":1020,"failedPayments":0},"usage":{"api_calls":150},)"
            R"("limits":{"users":25,"api_calls":10000,"storage_mb":1000},)"
            R"("sessions":{"s-1":{"userId":"u-2","connectedAt":1030}}}}})"));
}

void TestState::everySequenceMatchesReplay()
{
    const auto entries = randomJournal(3000, 12, 7);
    HistoryOptions options;
    options.snapshots.initialInterval = 64;
    const auto history = historyOf(entries, options);
    QVERIFY(history->snapshotCount() > 10);
    ReferenceFold reference(entries);
    for (std::size_t i = 0; i < entries.size(); ++i) {
        reference.foldThrough(i);
        const std::string expected = reference.currentJson();
        const std::string actual = json(*history, history->stateAt(entries[i].sequence));
        if (actual != expected)
            QFAIL(qPrintable(QStringLiteral("state at sequence %1 differs").arg(entries[i].sequence)));
    }
}

// The cursor's states: each asked with the previous one as a base, in a walk
// that steps forward, jumps back and forward across snapshots; a base past
// the count or behind the nearest snapshot is not used, and the answer is
// always the replay's.
void TestState::foldingOnFromAnEarlierStateMatchesReplay()
{
    const auto entries = randomJournal(3000, 12, 7);
    HistoryOptions options;
    options.snapshots.initialInterval = 256;
    const auto history = historyOf(entries, options);
    QVERIFY(history->snapshotCount() > 5);
    std::vector<std::size_t> walk;
    for (std::size_t c = 0; c <= 700; c += 7)
        walk.push_back(c); // steps, across snapshots at 256 and 512
    walk.insert(walk.end(), { 300, 299, 2999, 3000, 3000, 1, 258, 255, 600, 2000 });
    ReferenceFold reference(entries);
    const auto view = history->view();
    StatePoint previous;
    bool first = true;
    for (std::size_t count : walk) {
        StatePoint point = view.stateAtCount(count, first ? nullptr : &previous);
        QCOMPARE(point.entryCount, count);
        const std::int64_t sequence = count > 0 ? entries[count - 1].sequence : entries.front().sequence - 1;
        if (json(*history, point) != reference.atSequence(sequence))
            QFAIL(qPrintable(QStringLiteral("state after %1 entries differs").arg(count)));
        previous = std::move(point);
        first = false;
    }
}

void TestState::beforeFirstEntryAndPastTheEnd()
{
    JournalGen gen;
    gen.created("t-1").created("t-2").suspended("t-2");
    const auto history = historyOf(gen.entries);
    QCOMPARE(json(*history, history->stateAt(-1)), std::string(R"({"sequence":null,"wallMs":null,"tenants":{}})"));
    const StatePoint end = history->stateAt(1'000'000);
    QCOMPARE(end.sequence, std::optional<std::int64_t>(2));
    QCOMPARE(end.wallMs, std::optional<std::int64_t>(gen.entries.back().wallMs));
    QCOMPARE(json(*history, end), json(*history, history->latest()));

    History empty;
    QCOMPARE(json(empty, empty.latest()), std::string(R"({"sequence":null,"wallMs":null,"tenants":{}})"));
    QCOMPARE(json(empty, empty.stateAtTime(0)), std::string(R"({"sequence":null,"wallMs":null,"tenants":{}})"));
}

void TestState::journalStartingAboveZero()
{
    JournalGen gen(500);
    gen.created("t-1").invited("t-1", "u-1").activated("t-1", "u-1");
    const auto history = historyOf(gen.entries);
    ReferenceFold reference(gen.entries);
    for (std::int64_t s : { 0, 499 })
        QCOMPARE(json(*history, history->stateAt(s)), std::string(R"({"sequence":null,"wallMs":null,"tenants":{}})"));
    for (std::int64_t s : { 500, 501, 502, 503, 9999 })
        QCOMPARE(json(*history, history->stateAt(s)), reference.atSequence(s));
    QCOMPARE(history->stateAt(500).sequence, std::optional<std::int64_t>(500));
}

void TestState::gapsFoldUpToTheLastEntryBelow()
{
    JournalGen gen;
    gen.seq(0).created("t-1");
    gen.seq(1).used("t-1", "u-1", "api_calls", 1);
    gen.seq(5).used("t-1", "u-1", "api_calls", 2);
    gen.seq(6).used("t-1", "u-1", "api_calls", 4);
    gen.seq(10).used("t-1", "u-1", "api_calls", 8);
    HistoryOptions options;
    options.snapshots.initialInterval = 2;
    const auto history = historyOf(gen.entries, options);
    ReferenceFold reference(gen.entries);
    const std::pair<std::int64_t, std::int64_t> cases[]
        = { { 0, 0 }, { 1, 1 }, { 3, 1 }, { 4, 1 }, { 5, 5 }, { 6, 6 }, { 7, 6 }, { 9, 6 }, { 10, 10 }, { 11, 10 } };
    for (const auto& [at, folded] : cases) {
        const StatePoint point = history->stateAt(at);
        QCOMPARE(point.sequence, std::optional<std::int64_t>(folded));
        QCOMPARE(json(*history, point), reference.atSequence(at));
    }
}

void TestState::stateAtTime_data()
{
    QTest::addColumn<std::int64_t>("at");
    QTest::addColumn<double>("usage"); // -1: the tenant does not exist yet
    QTest::addColumn<std::int64_t>("sequence"); // -1: null
    // Entries: created at 999, usage 1 at 1000, 2 at 2000, 4 at 2000, 8 at 3000.
    QTest::newRow("before the first entry") << std::int64_t(998) << -1.0 << std::int64_t(-1);
    QTest::newRow("at the first entry") << std::int64_t(999) << 0.0 << std::int64_t(0);
    QTest::newRow("between entries") << std::int64_t(1500) << 1.0 << std::int64_t(1);
    QTest::newRow("equal wall times both count") << std::int64_t(2000) << 7.0 << std::int64_t(3);
    QTest::newRow("exactly the last") << std::int64_t(3000) << 15.0 << std::int64_t(4);
    QTest::newRow("past the end") << std::int64_t(1'000'000) << 15.0 << std::int64_t(4);
}

void TestState::stateAtTime()
{
    QFETCH(std::int64_t, at);
    QFETCH(double, usage);
    QFETCH(std::int64_t, sequence);
    const JournalGen gen = powersOfTwo({ 1000, 2000, 2000, 3000 });
    const auto history = historyOf(gen.entries);
    const StatePoint point = history->stateAtTime(at);
    QCOMPARE(json(*history, point), ReferenceFold(gen.entries).atTime(at));
    QCOMPARE(point.sequence, sequence < 0 ? std::nullopt : std::optional<std::int64_t>(sequence));
    const auto* tenant = findTenant(point.state, history->pool(), "t-1");
    QCOMPARE(tenant ? tenant->usageOf(history->pool().find("api_calls")).value_or(0) : -1.0, usage);
}

void TestState::wallTimeGoingBackwardsIsAFilteredFold()
{
    // Wall times 1000, 3000, 1500, 4000, 1200, 2500 (created at 999).
    const JournalGen gen = powersOfTwo({ 1000, 3000, 1500, 4000, 1200, 2500 });
    HistoryOptions options;
    options.snapshots.initialInterval = 2;
    const auto history = historyOf(gen.entries, options);
    ReferenceFold reference(gen.entries);
    const std::tuple<std::int64_t, double, std::int64_t> cases[] = {
        { 998, -1, -1 }, // nothing
        { 1000, 1, 1 }, // only the first usage
        { 1300, 1 + 16, 5 }, // a late entry (1200, sequence 5) after later ones
        { 1600, 1 + 4 + 16, 5 },
        { 2600, 1 + 4 + 16 + 32, 6 },
        { 3000, 1 + 2 + 4 + 16 + 32, 6 },
        { 4000, 63, 6 },
    };
    for (const auto& [at, usage, sequence] : cases) {
        const StatePoint point = history->stateAtTime(at);
        QCOMPARE(json(*history, point), reference.atTime(at));
        QCOMPARE(point.sequence, sequence < 0 ? std::nullopt : std::optional<std::int64_t>(sequence));
        const auto* tenant = findTenant(point.state, history->pool(), "t-1");
        QCOMPARE(tenant ? tenant->usageOf(history->pool().find("api_calls")).value_or(0) : -1.0, usage);
    }
    // The folded entry's own wall time, not the running maximum.
    QCOMPARE(history->stateAtTime(1300).wallMs, std::optional<std::int64_t>(1200));
    // Random times over a random journal whose clock jumps back now and then.
    auto entries = randomJournal(2000, 8, 11);
    std::mt19937_64 rng(3);
    for (auto& e : entries)
        e.wallMs = 1'000'000 + std::int64_t(rng() % 100'000);
    const auto shuffled = historyOf(entries, options);
    ReferenceFold shuffledReference(entries);
    for (int i = 0; i < 50; ++i) {
        const std::int64_t at = 1'000'000 + std::int64_t(rng() % 101'000);
        QCOMPARE(json(*shuffled, shuffled->stateAtTime(at)), shuffledReference.atTime(at));
    }
}

void TestState::singleTenantForm()
{
    JournalGen gen;
    gen.wall(5000).created("t-1", "starter", "o-9");
    const auto history = historyOf(gen.entries);
    const StatePoint point = history->latest();
    QCOMPARE(stateJson(point, history->pool(), "t-1"),
        std::string(R"({"sequence":0,"wallMs":5000,"tenant":{"tenantId":"t-1","plan":"starter","ownerId":"o-9",)"
                    R"("status":"active","users":{},"billing":{"currentCycle":null,"lastPayment":null,)"
                    R"("failedPayments":0},"usage":{},"limits":{"users":5,"api_calls":1000,"storage_mb":100},)"
                    R"("sessions":{}}})"));
    QCOMPARE(stateJson(point, history->pool(), "t-404"), std::string(R"({"sequence":0,"wallMs":5000,"tenant":null})"));
    QCOMPARE(stateJson(history->stateAt(-5), history->pool(), "t-1"),
        std::string(R"({"sequence":null,"wallMs":null,"tenant":null})"));
}

void TestState::buildFromFileEqualsAppend()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const auto entries = randomJournal(5000, 20, 5, 40);
    const std::string path = writeNdjson(dir, "j.ndjson", entries);
    std::string error;
    cd::store::SourceOptions sourceOptions;
    sourceOptions.checkOrder = false;
    auto source = cd::store::openEntrySource(path, sourceOptions, error);
    QVERIFY2(source, error.c_str());
    History fromFile;
    const BuildResult result = fromFile.build(*source);
    QVERIFY2(result.ok(), result.problem().c_str());
    QCOMPARE(result.entries, std::int64_t(entries.size()));
    const auto appended = historyOf(entries);
    for (std::int64_t s : { 0, 39, 40, 41, 1000, 2500, 5039, 9999 })
        QCOMPARE(json(fromFile, fromFile.stateAt(s)), json(*appended, appended->stateAt(s)));
}

QTEST_GUILESS_MAIN(TestState)
#include "tst_state.moc"
