#include "engine/history/diff.h"
#include "engine/history/explain.h"
#include "engine/history/history.h"
#include "engine/history/index_cache.h"
#include "engine/history/state_output.h"
#include "engine/history/stats.h"
#include "engine/platform/string_pool.h"
#include "engine/store/entry_source.h"
#include "journal_gen.h"

#include <QTemporaryDir>
#include <QTest>

#include <filesystem>

using namespace cd::history;
using namespace cd::history::test;
namespace fs = std::filesystem;

namespace {
std::unique_ptr<History> build(const std::string& path, const HistoryOptions& historyOptions = {})
{
    cd::store::SourceOptions options;
    options.checkOrder = false;
    std::string error;
    auto source = cd::store::openEntrySource(path, options, error);
    auto history = std::make_unique<History>(historyOptions);
    if (!source || !history->build(*source).ok())
        QTest::qFail(("build failed: " + error).c_str(), __FILE__, __LINE__);
    return history;
}

std::vector<std::string> filesIn(const std::string& dir)
{
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir))
        names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

// Everything a reading command can ask, as text.
std::string fingerprint(const History& h)
{
    std::string out = statsJson(computeStats(h));
    for (std::int64_t s : { -1, 0, 77, 1000, 2999, 4321, 99999 })
        out += stateJson(h.stateAt(s), h.pool());
    out += stateJson(h.stateAtTime(1'764'000'020'000), h.pool());
    out += diffJson(diffStates(h, 100, 3000));
    out += explain(h, "t-3").summary;
    return out;
}

// Snapshots every interval entries; 0: the default spacing.
HistoryOptions spacedEvery(int interval)
{
    HistoryOptions options;
    if (interval > 0)
        options.snapshots.initialInterval = std::uint32_t(interval);
    return options;
}

// The journal the round trips use: 5000 entries, one of them late.
std::vector<cd::platform::Entry> lateEntryJournal()
{
    auto entries = randomJournal(5000, 25, 17, 3);
    entries[100].wallMs -= 500;
    return entries;
}
} // namespace

class TestCache : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTripGivesTheSameAnswers_data();
    void roundTripGivesTheSameAnswers();
    void indexFirstThenStates_data();
    void indexFirstThenStates();
    void changedJournalMisses();
    void damagedCacheIsRefused();
    void neverWritesNextToTheJournal();
};

void TestCache::roundTripGivesTheSameAnswers_data()
{
    QTest::addColumn<QString>("format");
    // 0: the default spacing (no snapshot in 5000 entries); else states
    // between restored snapshots are folded from them.
    QTest::addColumn<int>("interval");
    QTest::newRow("ndjson") << QStringLiteral("ndjson") << 0;
    QTest::newRow("sqlite") << QStringLiteral("sqlite") << 0;
    QTest::newRow("ndjson, snapshots every 256") << QStringLiteral("ndjson") << 256;
    QTest::newRow("sqlite, snapshots every 300") << QStringLiteral("sqlite") << 300;
}

void TestCache::roundTripGivesTheSameAnswers()
{
    QFETCH(QString, format);
    QFETCH(int, interval);
    const HistoryOptions options = spacedEvery(interval);
    QTemporaryDir journals;
    QTemporaryDir cacheDir;
    auto entries = lateEntryJournal();
    entries.back().sequence += 10; // a gap
    const std::string path = format == QStringLiteral("sqlite") ? writeSqlite(journals, "j.sqlite", entries)
                                                                : writeNdjson(journals, "j.ndjson", entries);
    const auto built = build(path, options);
    QCOMPARE(built->snapshotCount() > 0, interval > 0);

    std::string error;
    const auto identity = IndexCache::identify(path, error);
    QVERIFY2(identity, error.c_str());
    QCOMPARE(identity->lastSequence, std::optional<std::int64_t>(entries.back().sequence));
    if (format == QStringLiteral("sqlite"))
        QCOMPARE(identity->journalId, std::string("journal-test"));
    const IndexCache cache(cacheDir.path().toStdString() + "/nested/chronodesk");
    History empty;
    QVERIFY(!cache.load(*identity, empty, error)); // nothing cached yet
    QVERIFY2(cache.save(*identity, *built, error), error.c_str());
    History loaded(options);
    QVERIFY2(cache.load(*identity, loaded, error), error.c_str());
    QCOMPARE(loaded.size(), built->size());
    QCOMPARE(loaded.snapshotPositions(), built->snapshotPositions());
    QCOMPARE(fingerprint(loaded), fingerprint(*built));
    // A loaded history keeps growing like a built one.
    JournalGen more(entries.back().sequence + 1, entries.back().wallMs + 1);
    more.created("t-new").suspended("t-3");
    QVERIFY(loaded.append(more.entries).ok());
    QVERIFY(built->append(more.entries).ok());
    QCOMPARE(fingerprint(loaded), fingerprint(*built));
}

void TestCache::indexFirstThenStates_data()
{
    QTest::addColumn<int>("interval");
    QTest::newRow("default spacing") << 0;
    QTest::newRow("snapshots every 256") << 256;
}

// loadIndex publishes the index alone (the app's first paint); every answer
// is already right (folded from the start), and restoreStates folds the
// states, also of entries appended meanwhile, or stops when cancelled.
void TestCache::indexFirstThenStates()
{
    QFETCH(int, interval);
    const HistoryOptions options = spacedEvery(interval);
    QTemporaryDir journals;
    QTemporaryDir cacheDir;
    const auto entries = lateEntryJournal();
    const std::string path = writeSqlite(journals, "j.sqlite", entries);
    const auto built = build(path, options);
    std::string error;
    const auto identity = IndexCache::identify(path, error);
    QVERIFY2(identity, error.c_str());
    const IndexCache cache(cacheDir.path().toStdString());
    QVERIFY2(cache.save(*identity, *built, error), error.c_str());

    History loaded(options);
    const auto states = cache.loadIndex(*identity, loaded, error);
    QVERIFY2(states, error.c_str());
    QCOMPARE(states->snapshotAt, built->snapshotPositions());
    QCOMPARE(loaded.size(), built->size());
    QVERIFY(loaded.statesPending());
    QCOMPARE(loaded.snapshotCount(), std::size_t(0));
    QCOMPARE(fingerprint(loaded), fingerprint(*built));

    std::atomic<bool> cancel { true };
    RestoreOptions cancelled;
    cancelled.cancel = &cancel;
    QVERIFY(!loaded.restoreStates(states->snapshotAt, states->interval, cancelled));
    QVERIFY(loaded.statesPending());

    JournalGen more(entries.back().sequence + 1, entries.back().wallMs + 1);
    more.created("t-new").suspended("t-3").created("t-other");
    QVERIFY(loaded.append(more.entries).ok());
    QVERIFY(built->append(more.entries).ok());
    QCOMPARE(fingerprint(loaded), fingerprint(*built));

    std::vector<std::size_t> reported;
    RestoreOptions restore;
    restore.progress = [&reported](std::size_t done, std::size_t total) {
        QVERIFY(done <= total);
        reported.push_back(done);
    };
    QVERIFY(loaded.restoreStates(states->snapshotAt, states->interval, restore));
    QVERIFY(!loaded.statesPending());
    QVERIFY(!reported.empty());
    QVERIFY(std::is_sorted(reported.begin(), reported.end()));
    QCOMPARE(reported.back(), loaded.size()); // the appended entries too
    QCOMPARE(loaded.snapshotPositions(), built->snapshotPositions());
    QCOMPARE(fingerprint(loaded), fingerprint(*built));
    QCOMPARE(stateJson(loaded.latest(), loaded.pool()), stateJson(built->latest(), built->pool()));
    QVERIFY(loaded.restoreStates(states->snapshotAt, states->interval)); // nothing pending: a no-op
}

void TestCache::changedJournalMisses()
{
    QTemporaryDir journals;
    QTemporaryDir cacheDir;
    JournalGen gen;
    gen.created("t-1").created("t-2");
    const std::string path = writeNdjson(journals, "j.ndjson", gen.entries);
    const auto built = build(path);
    std::string error;
    const auto before = IndexCache::identify(path, error);
    QVERIFY(before);
    const IndexCache cache(cacheDir.path().toStdString());
    QVERIFY(cache.save(*before, *built, error));
    gen.suspended("t-1");
    writeNdjson(journals, "j.ndjson", gen.entries); // the journal grew
    const auto after = IndexCache::identify(path, error);
    QVERIFY(after);
    QVERIFY(!(*after == *before));
    QCOMPARE(cache.fileFor(*after), cache.fileFor(*before)); // same slot: the new index replaces the old
    History loaded;
    QVERIFY(!cache.load(*after, loaded, error));
    QCOMPARE(loaded.size(), std::size_t(0));
}

void TestCache::damagedCacheIsRefused()
{
    QTemporaryDir journals;
    QTemporaryDir cacheDir;
    const std::string path = writeNdjson(journals, "j.ndjson", randomJournal(2000, 10, 2));
    const auto built = build(path);
    std::string error;
    const auto identity = IndexCache::identify(path, error);
    const IndexCache cache(cacheDir.path().toStdString());
    QVERIFY(cache.save(*identity, *built, error));
    const std::string file = cache.fileFor(*identity);
    const auto size = fs::file_size(file);
    for (const std::uintmax_t cut : { size - 1, size / 2, std::uintmax_t(12) }) {
        QVERIFY(cache.save(*identity, *built, error));
        fs::resize_file(file, cut);
        History loaded;
        QVERIFY(!cache.load(*identity, loaded, error));
        QVERIFY2(error.find(file) != std::string::npos, error.c_str());
        QCOMPARE(loaded.size(), std::size_t(0));
        QVERIFY(loaded.latest().state.empty());
    }
    // A flipped byte inside the events: refused or equal, never a crash.
    QVERIFY(cache.save(*identity, *built, error));
    {
        std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(std::streamoff(size - 40));
        f.put(char(0x7f));
    }
    History loaded;
    if (cache.load(*identity, loaded, error))
        QCOMPARE(loaded.size(), built->size());
    // A flipped byte anywhere (strings, columns, logs, counts): refused with
    // the history left empty, or loaded whole; never a crash.
    for (int k = 1; k < 64; ++k) {
        QVERIFY(cache.save(*identity, *built, error));
        {
            std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
            const auto at = std::streamoff(size * std::uintmax_t(k) / 64);
            f.seekg(at);
            const char was = char(f.get());
            f.seekp(at);
            f.put(char(was ^ 0x5a));
        }
        History flipped;
        if (cache.load(*identity, flipped, error)) {
            QCOMPARE(flipped.size(), built->size());
        } else {
            QCOMPARE(flipped.size(), std::size_t(0));
            QCOMPARE(flipped.pool().size(), std::size_t(0));
        }
    }
}

void TestCache::neverWritesNextToTheJournal()
{
    QTemporaryDir journals;
    QTemporaryDir cacheDir;
    const std::string path = writeSqlite(journals, "evidence.sqlite", randomJournal(500, 5, 1));
    const auto before = filesIn(journals.path().toStdString());
    const auto built = build(path);
    std::string error;
    const auto identity = IndexCache::identify(path, error);
    const IndexCache cache(cacheDir.path().toStdString());
    QVERIFY(cache.save(*identity, *built, error));
    History loaded;
    QVERIFY(cache.load(*identity, loaded, error));
    QCOMPARE(filesIn(journals.path().toStdString()), before);
    QCOMPARE(filesIn(cacheDir.path().toStdString()).size(), std::size_t(1));
}

QTEST_GUILESS_MAIN(TestCache)
#include "tst_cache.moc"
