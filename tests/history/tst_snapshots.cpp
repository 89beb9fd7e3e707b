#include "engine/history/history.h"
#include "engine/history/range_fold.h"
#include "engine/history/snapshot_store.h"
#include "engine/history/state_output.h"
#include "engine/platform/codec.h"
#include "engine/platform/fold.h"
#include "engine/platform/string_pool.h"
#include "engine/store/entry_source.h"
#include "journal_gen.h"
#include "reference_fold.h"

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <random>

using namespace cd::history;
using namespace cd::history::test;
using cd::platform::Entry;

class TestSnapshots : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void snapshotPathEqualsPlainReplay();
    void budgetIsRespectedAndIntervalGrows();
    void intervalStaysWhenTheBudgetAllows();
    void appendInSmallBatchesEqualsOneBatch();
    void rangeFoldMatchesTheSequentialFold();
    void thinnedSnapshotsAreHandedOver();
    void buildThinsBetweenBatches();

private:
    std::vector<Entry> m_entries;
};

void TestSnapshots::initTestCase()
{
    m_entries = randomJournal(200'000, 300, 42);
}

void TestSnapshots::snapshotPathEqualsPlainReplay()
{
    HistoryOptions options;
    options.snapshots.initialInterval = 128;
    options.snapshots.budgetBytes = 4u << 20;
    options.snapshots.budgetBytesPerEntry = 0;
    History history(options);
    QVERIFY(history.append(m_entries).ok());
    QVERIFY(history.snapshotCount() > 4);

    std::mt19937_64 rng(2024);
    std::vector<std::int64_t> sequences;
    for (int i = 0; i < 300; ++i)
        sequences.push_back(std::int64_t(rng() % m_entries.size()));
    // Around the snapshots, where an off-by-one would hide (sequences are
    // positions here: 0-based and gapless).
    for (std::size_t count : history.snapshotPositions())
        for (std::int64_t s : { std::int64_t(count) - 2, std::int64_t(count) - 1, std::int64_t(count) })
            sequences.push_back(s);
    sequences.push_back(std::int64_t(m_entries.size()) - 1);
    std::sort(sequences.begin(), sequences.end());

    ReferenceFold reference(m_entries);
    for (std::int64_t s : sequences) {
        reference.foldThrough(std::size_t(s)); // sequences are positions here (0-based, gapless)
        const std::string actual = stateJson(history.stateAt(s), history.pool());
        if (actual != reference.currentJson())
            QFAIL(qPrintable(QStringLiteral("state at sequence %1 differs from the plain replay").arg(s)));
    }
}

void TestSnapshots::budgetIsRespectedAndIntervalGrows()
{
    HistoryOptions options;
    options.snapshots.initialInterval = 64;
    options.snapshots.budgetBytes = 1u << 20;
    options.snapshots.budgetBytesPerEntry = 0;
    History history(options);
    std::size_t maxSeen = 0;
    // Feed in chunks so the budget is checked while the history grows.
    for (std::size_t i = 0; i < m_entries.size(); i += 10'000) {
        const std::size_t n = std::min<std::size_t>(10'000, m_entries.size() - i);
        QVERIFY(history.append(std::span(m_entries).subspan(i, n)).ok());
        maxSeen = std::max(maxSeen, history.snapshotMemory());
        QVERIFY2(history.snapshotMemory() <= options.snapshots.budgetBytes,
            qPrintable(QStringLiteral("%1 bytes over a budget of %2")
                           .arg(history.snapshotMemory())
                           .arg(options.snapshots.budgetBytes)));
    }
    QVERIFY(history.snapshotInterval() > 64);
    QVERIFY(history.snapshotCount() >= 2);
    // Thinning keeps the spacing even: no gap far above the interval.
    const auto positions = history.snapshotPositions();
    std::size_t previous = 0;
    for (std::size_t count : positions) {
        QVERIFY2(count - previous <= 2 * history.snapshotInterval(),
            qPrintable(
                QStringLiteral("gap %1 with interval %2").arg(count - previous).arg(history.snapshotInterval())));
        previous = count;
    }
    QVERIFY(maxSeen > options.snapshots.budgetBytes / 4); // it did use the budget
}

void TestSnapshots::intervalStaysWhenTheBudgetAllows()
{
    HistoryOptions options;
    options.snapshots.initialInterval = 4096;
    options.snapshots.budgetBytes = std::size_t(1) << 40;
    History history(options);
    QVERIFY(history.append(std::span(m_entries).first(50'000)).ok());
    QCOMPARE(history.snapshotInterval(), std::size_t(4096));
    QCOMPARE(history.snapshotCount(), std::size_t(50'000 / 4096));
}

void TestSnapshots::appendInSmallBatchesEqualsOneBatch()
{
    const auto entries = std::span(m_entries).first(20'000);
    HistoryOptions options;
    options.snapshots.initialInterval = 256;
    History whole(options);
    QVERIFY(whole.append(entries).ok());
    History pieces(options);
    std::mt19937_64 rng(9);
    for (std::size_t i = 0; i < entries.size();) {
        const std::size_t n = std::min<std::size_t>(1 + rng() % 700, entries.size() - i);
        QVERIFY(pieces.append(entries.subspan(i, n)).ok());
        i += n;
    }
    QCOMPARE(pieces.size(), whole.size());
    QCOMPARE(pieces.snapshotCount(), whole.snapshotCount());
    for (int i = 0; i < 40; ++i) {
        const auto s = std::int64_t(rng() % entries.size());
        QCOMPARE(stateJson(pieces.stateAt(s), pieces.pool()), stateJson(whole.stateAt(s), whole.pool()));
    }
}

void TestSnapshots::rangeFoldMatchesTheSequentialFold()
{
    // Many tenants created along the way, wall times jumping back and forth
    // (payments and sessions record them), folded over ranges long enough to
    // go tenant by tenant: same state, same creation order as entry by entry.
    auto entries = randomJournal(30'000, 400, 8);
    std::mt19937_64 rng(21);
    for (auto& e : entries)
        e.wallMs = 5'000'000 + std::int64_t(rng() % 1'000'000);
    History history;
    QVERIFY(history.append(entries).ok());
    ReferenceFold reference(entries);
    const History::View view = history.view();
    // Increasing ends: the reference folds forward only.
    for (const auto& [begin, end] :
        { std::pair<std::size_t, std::size_t> { 0, 1 }, { 0, 150 }, { 0, 12'345 }, { 5'000, 20'000 }, { 0, 30'000 } }) {
        cd::platform::PlatformState state;
        if (begin > 0)
            state = view.stateAtCount(begin).state;
        cd::history::foldIndexRange(view.index(), state, begin, end);
        reference.foldThrough(end - 1);
        StatePoint point;
        point.state = state;
        point.sequence = entries[end - 1].sequence;
        point.wallMs = entries[end - 1].wallMs;
        QCOMPARE(stateJson(point, history.pool()), reference.currentJson());
        const cd::platform::PlatformState sequential = view.stateAtCount(end).state;
        QCOMPARE(state.size(), sequential.size());
        for (std::size_t i = 0; i < state.size(); ++i)
            QCOMPARE(history.pool().view(state.at(i).tenantId), history.pool().view(sequential.at(i).tenantId));
    }
    // Tenants created in the order of their creation entries.
    const cd::platform::PlatformState latest = view.latest().state;
    std::vector<std::string> created;
    for (const auto& e : entries) {
        if (e.data.find(R"("type":"tenant.created")") != std::string::npos) {
            const std::string id = e.data.substr(e.data.find(R"("tenantId":")") + 12);
            const std::string tenant = id.substr(0, id.find('"'));
            if (std::find(created.begin(), created.end(), tenant) == created.end())
                created.push_back(tenant);
        }
    }
    cd::platform::PlatformState grouped;
    cd::history::foldIndexRange(view.index(), grouped, 0, view.index().size());
    QCOMPARE(grouped.size(), created.size());
    for (std::size_t i = 0; i < grouped.size(); ++i)
        QCOMPARE(std::string(history.pool().view(grouped.at(i).tenantId)), created[i]);
}

// History::build thins between batches (the plan made off its write lock):
// the budget holds once the build is done, the spacing stays even, and
// states from the snapshots equal the plain replay.
void TestSnapshots::buildThinsBetweenBatches()
{
    HistoryOptions options;
    options.snapshots.initialInterval = 1024;
    options.snapshots.budgetBytes = 1u << 20;
    options.snapshots.budgetBytesPerEntry = 0;
    QTemporaryDir dir;
    const std::string path = writeNdjson(dir, "b.ndjson", m_entries);
    std::string error;
    auto source = cd::store::openEntrySource(path, {}, error);
    QVERIFY2(source, error.c_str());
    History history(options);
    QVERIFY(history.build(*source).ok());
    QVERIFY2(history.snapshotMemory() <= options.snapshots.budgetBytes,
        qPrintable(QString::number(history.snapshotMemory())));
    QVERIFY(history.snapshotInterval() > 1024); // it did thin
    std::size_t previous = 0;
    for (std::size_t count : history.snapshotPositions()) {
        QVERIFY(count - previous <= 2 * history.snapshotInterval());
        previous = count;
    }
    ReferenceFold reference(m_entries);
    for (std::size_t count : history.snapshotPositions()) {
        reference.foldThrough(count - 1);
        QCOMPARE(stateJson(history.stateAt(std::int64_t(count) - 1), history.pool()), reference.currentJson());
    }
}

// The snapshots thin() drops are handed to the caller (History frees them
// outside its write lock), every one of them, once; or freed by the next take.
void TestSnapshots::thinnedSnapshotsAreHandedOver()
{
    SnapshotStore::Options options;
    options.initialInterval = 64;
    options.budgetBytes = 1u << 20;
    options.budgetBytesPerEntry = 0;
    SnapshotStore store(options);
    const EntryIndex index;
    cd::platform::StringPool pool;
    cd::platform::EntryCodec codec;
    cd::platform::PlatformState state;
    std::size_t taken = 0;
    std::size_t handed = 0;
    std::size_t thinnings = 0;
    const auto entries = std::span(m_entries).first(100'000);
    for (std::size_t i = 0; i < entries.size(); ++i) {
        cd::platform::Event event;
        std::string error;
        QVERIFY2(codec.decodeData(entries[i].data, error, &event, &pool), error.c_str());
        cd::platform::apply(state, event, entries[i].wallMs);
        const bool due = i + 1 >= store.nextDue();
        const std::size_t before = store.count();
        store.afterFold(i + 1, state, index);
        taken += due ? 1 : 0;
        if (due && store.count() <= before) { // it thinned
            ++thinnings;
            const auto dropped = store.takeDropped();
            QCOMPARE(dropped.size(), before + 1 - store.count());
            for (const auto& snapshot : dropped)
                QVERIFY(snapshot.entryCount > 0 && snapshot.entryCount <= i + 1);
            handed += dropped.size();
            QVERIFY(store.takeDropped().empty()); // once
        }
    }
    QVERIFY(thinnings >= 2);
    QCOMPARE(store.count() + handed, taken);
    QVERIFY(store.memoryEstimate() <= options.budgetBytes);
}

QTEST_GUILESS_MAIN(TestSnapshots)
#include "tst_snapshots.moc"
