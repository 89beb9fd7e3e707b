#include "engine/history/history.h"
#include "engine/platform/string_pool.h"
#include "engine/platform/tenant_state.h"
#include "models/journal_document.h"
#include "models/journal_loader.h"
#include "models/progress_mailbox.h"
#include "models/work_pool.h"
#include "tests/models/document_test_support.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

#include <algorithm>
#include <thread>

using cd::models::JournalDocument;
using cd::models::LoadRequest;

using cd::models::test::dataFile;
using cd::models::test::fileHash;
using cd::models::test::openAndWait;

namespace {

QString tenantStatus(const JournalDocument& document, const char* tenant)
{
    const auto state = document.state();
    const auto history = document.history();
    if (!state || !history)
        return QStringLiteral("<no state>");
    const auto id = history->view().find(tenant);
    const auto* found = state->state.find(id);
    if (!found)
        return QStringLiteral("<absent>");
    return QString::fromUtf8(cd::platform::tenantStatusName(found->status).data());
}

} // namespace

class TestJournalDocument : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init() { QVERIFY(m_cache.isValid()); }

    void opensEachFormatAndPutsCursorAtEnd_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("ndjson") << dataFile("sample.ndjson");
        QTest::newRow("phyxius") << dataFile("sample.phyxius.json");
    }

    void opensEachFormatAndPutsCursorAtEnd()
    {
        QFETCH(QString, file);
        JournalDocument document;
        document.setIndexCacheDirectory(m_cache.path());
        QSignalSpy opened(&document, &JournalDocument::opened);
        QSignalSpy state(&document, &JournalDocument::stateChanged);
        QVERIFY(openAndWait(document, file));
        QCOMPARE(document.status(), JournalDocument::Status::Ready);
        QCOMPARE(opened.size(), 1);
        QCOMPARE(document.history()->size(), std::size_t(20));
        QCOMPARE(document.cursor(), std::optional<std::int64_t>(19));
        QCOMPARE(document.cursorPosition(), 19);
        QVERIFY(document.followsEnd());
        QVERIFY(!state.isEmpty());
        QCOMPARE(document.state()->entryCount, std::size_t(20));
        QCOMPARE(tenantStatus(document, "t-2"), QStringLiteral("suspended"));
    }

    void cursorMovesFoldTheStateAtThatSequence()
    {
        JournalDocument document;
        QVERIFY(openAndWait(document, dataFile("sample.ndjson")));
        QSignalSpy cursor(&document, &JournalDocument::cursorChanged);
        document.setCursor(11);
        QCOMPARE(cursor.size(), 1);
        QCOMPARE(cursor.at(0).at(0).toLongLong(), 11);
        QVERIFY(!document.followsEnd());
        QCOMPARE(document.state()->sequence, std::optional<std::int64_t>(11));
        QCOMPARE(tenantStatus(document, "t-2"), QStringLiteral("active"));
        document.setCursor(12);
        QCOMPARE(tenantStatus(document, "t-2"), QStringLiteral("suspended"));
        document.setCursorPosition(3);
        QCOMPARE(tenantStatus(document, "t-2"), QStringLiteral("<absent>"));
        // Clamped to the journal, and before the first entry there is nothing.
        document.setCursor(1000);
        QCOMPARE(document.cursor(), std::optional<std::int64_t>(19));
        QVERIFY(document.followsEnd());
        document.setCursorPosition(-5);
        QCOMPARE(document.cursorPosition(), -1);
        QCOMPARE(document.cursor(), std::nullopt);
        QCOMPARE(document.state()->entryCount, std::size_t(0));
    }

    void marksAndSelectionSignalOnlyOnChange()
    {
        JournalDocument document;
        QSignalSpy marks(&document, &JournalDocument::marksChanged);
        QSignalSpy selected(&document, &JournalDocument::selectedTenantChanged);
        document.setMarkA(3);
        document.setMarkA(3);
        document.setMarkB(9);
        document.setMarkB(std::nullopt);
        QCOMPARE(marks.size(), 3);
        QCOMPARE(document.markA(), std::optional<std::int64_t>(3));
        QCOMPARE(document.markB(), std::nullopt);
        document.setSelectedTenant(QStringLiteral("t-1"));
        document.setSelectedTenant(QStringLiteral("t-1"));
        QCOMPARE(selected.size(), 1);
        QCOMPARE(document.selectedTenant(), QStringLiteral("t-1"));
    }

    void badFilesFailWithTheFileNamed_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("garbage") << QByteArray("\x01\x02garbage\xff", 11);
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("only invalid entries") << QByteArray("{\"id\":\"e-0\",\"sequence\":0}\n");
        QTest::newRow("truncated json") << QByteArray("{\"entries\": [");
    }

    void badFilesFailWithTheFileNamed()
    {
        QFETCH(QByteArray, bytes);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bad.ndjson"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(bytes);
        file.close();
        const QByteArray before = fileHash(path);
        JournalDocument document;
        QSignalSpy failed(&document, &JournalDocument::failed);
        QVERIFY(openAndWait(document, path));
        QCOMPARE(document.status(), JournalDocument::Status::Failed);
        QCOMPARE(failed.size(), 1);
        QVERIFY2(document.errorText().contains(path), qPrintable(document.errorText()));
        QCOMPARE(fileHash(path), before);
    }

    void openingNeverChangesTheFile()
    {
        const QString path = dataFile("sample.ndjson");
        const QByteArray before = fileHash(path);
        JournalDocument document;
        QVERIFY(openAndWait(document, path));
        document.setCursor(5);
        document.close();
        QCOMPARE(fileHash(path), before);
    }

    void closeResetsEverything()
    {
        JournalDocument document;
        QVERIFY(openAndWait(document, dataFile("sample.ndjson")));
        document.setMarkA(2);
        QSignalSpy closed(&document, &JournalDocument::closed);
        document.close();
        QCOMPARE(closed.size(), 1);
        QCOMPARE(document.status(), JournalDocument::Status::Empty);
        QVERIFY(!document.history());
        QVERIFY(!document.state());
        QCOMPARE(document.markA(), std::nullopt);
        QCOMPARE(document.cursor(), std::nullopt);
    }

    void appendFollowsTheEndOnlyWhenTheCursorIsThere()
    {
        JournalDocument document;
        QVERIFY(openAndWait(document, dataFile("sample.ndjson")));
        QSignalSpy grew(&document, &JournalDocument::historyGrew);
        const auto entry = [](std::int64_t sequence, const char* data) {
            return cd::platform::Entry { "live-" + std::to_string(sequence), sequence, 1764000100000 + sequence,
                100000 + sequence, data };
        };
        std::vector<cd::platform::Entry> batch {
            entry(20, R"({"type":"tenant.created","tenantId":"t-3","plan":"starter","ownerId":"o-3"})"),
        };
        auto result = document.append(batch);
        QCOMPARE(result.entries, 1);
        QCOMPARE(grew.size(), 1);
        QCOMPARE(document.cursor(), std::optional<std::int64_t>(20));
        QCOMPARE(tenantStatus(document, "t-3"), QStringLiteral("active"));

        document.setCursor(4);
        batch = { entry(21, R"({"type":"tenant.suspended","tenantId":"t-3","reason":"ops"})"),
            entry(21, R"({"type":"tenant.reactivated","tenantId":"t-3"})") };
        result = document.append(batch);
        QCOMPARE(result.entries, 1);
        QCOMPARE(result.invalidCount, 1); // the repeated sequence is left out and reported
        QCOMPARE(document.cursor(), std::optional<std::int64_t>(4));
        QCOMPARE(document.history()->size(), std::size_t(22));
    }

    void largeAppendsAreIndexedOffTheGuiThreadInOrder()
    {
        JournalDocument document;
        QVERIFY(openAndWait(document, dataFile("sample.ndjson")));
        QSignalSpy grew(&document, &JournalDocument::historyGrew);
        QSignalSpy indexed(&document, &JournalDocument::appendIndexed);
        // Tenants t-100... created from sequence 20 on, one more than a
        // synchronous append takes, then one repeated sequence.
        const std::size_t n = JournalDocument::SynchronousAppendLimit + 1;
        std::vector<cd::platform::Entry> big;
        for (std::size_t i = 0; i < n; ++i) {
            const std::int64_t sequence = 20 + std::int64_t(i);
            const std::string tenant = "t-" + std::to_string(100 + i);
            big.push_back({ "live-" + std::to_string(sequence), sequence, 1764000100000 + sequence, 100000 + sequence,
                R"({"type":"tenant.created","tenantId":")" + tenant + R"(","plan":"starter","ownerId":"o-1"})" });
        }
        big.push_back(big.back()); // out of order: left out and reported
        const auto queued = document.append(big);
        QCOMPARE(queued.entries, std::int64_t(n + 1)); // queued, not yet indexed
        QVERIFY(document.appendPending());
        QCOMPARE(grew.size(), 0); // published only once the worker is done
        QCOMPARE(document.cursor(), std::optional<std::int64_t>(19));
        // A small batch meanwhile waits its turn rather than jump the queue.
        const std::int64_t next = 20 + std::int64_t(n);
        const std::vector<cd::platform::Entry> small { { "live-x", next, 1764000100000 + next, 100000 + next,
            R"({"type":"tenant.suspended","tenantId":"t-100","reason":"ops"})" } };
        QCOMPARE(document.append(small).entries, 1);
        QTRY_COMPARE_WITH_TIMEOUT(indexed.size(), 2, 20000);
        QVERIFY(!document.appendPending());
        QCOMPARE(indexed.at(0).at(0).toLongLong(), qint64(n));
        QCOMPARE(indexed.at(0).at(1).toLongLong(), 1);
        QCOMPARE(indexed.at(1).at(0).toLongLong(), 1);
        QCOMPARE(indexed.at(1).at(1).toLongLong(), 0);
        QCOMPARE(grew.size(), 2);
        QCOMPARE(document.history()->size(), std::size_t(20 + n + 1));
        QCOMPARE(document.cursor(), std::optional<std::int64_t>(next)); // followed the end
        QTRY_COMPARE_WITH_TIMEOUT(tenantStatus(document, "t-100"), QStringLiteral("suspended"), 20000);
        QCOMPARE(tenantStatus(document, ("t-" + std::to_string(100 + n - 1)).c_str()), QStringLiteral("active"));
    }

    // Closing hands the history to the background pool to free (seconds at
    // 10M entries): with that pool's threads all busy, it is still alive
    // after close(); once they are free, it is gone.
    void closingFreesTheHistoryOffTheGuiThread()
    {
        JournalDocument document;
        QVERIFY(openAndWait(document, dataFile("sample.ndjson")));
        cd::models::waitForPools();
        std::weak_ptr<const cd::history::History> history = document.history();
        QVERIFY(!history.expired());
        QThreadPool* pool = cd::models::backgroundPool();
        QSemaphore started;
        QSemaphore release;
        const int threads = pool->maxThreadCount();
        for (int i = 0; i < threads; ++i)
            pool->start([&started, &release] {
                started.release();
                release.acquire();
            });
        started.acquire(threads);
        document.close();
        QVERIFY(!history.expired()); // queued behind the busy threads
        release.release(threads);
        cd::models::waitForPools();
        QVERIFY(history.expired());
    }

    void aWorkersFoldStartsBeforeTheCursorsListenersRun()
    {
        JournalDocument document;
        QVERIFY(openAndWait(document, dataFile("sample.ndjson")));
        QVERIFY(!document.foldsInBackground());
        // The small journal: the state follows cursorChanged on this thread.
        bool inFlightSmall = true;
        bool stateAheadSmall = true;
        auto small = connect(&document, &JournalDocument::cursorChanged, this, [&] {
            inFlightSmall = document.stateInFlight();
            stateAheadSmall = document.state()->entryCount == std::size_t(document.cursorPosition() + 1);
        });
        document.setCursor(4);
        QVERIFY(!inFlightSmall);
        QVERIFY(!stateAheadSmall);
        QCOMPARE(document.state()->entryCount, std::size_t(document.cursorPosition() + 1));
        disconnect(small);

        // Past the limit: a worker folds, already started when listeners run.
        const std::size_t n = JournalDocument::SynchronousStateLimit;
        std::vector<cd::platform::Entry> big;
        for (std::size_t i = 0; i < n; ++i) {
            const std::int64_t sequence = 20 + std::int64_t(i);
            const std::string tenant = "t-" + std::to_string(100 + i % 500);
            // (Plain literals: moc does not follow raw ones after '?'.)
            const std::string data = i < 500 ? "{\"type\":\"tenant.created\",\"tenantId\":\"" + tenant
                    + "\",\"plan\":\"starter\",\"ownerId\":\"o-1\"}"
                                             : "{\"type\":\"feature.used\",\"tenantId\":\"" + tenant
                    + "\",\"userId\":\"u-1\",\"feature\":\"api_calls\",\"usage\":1}";
            big.push_back(
                { "big-" + std::to_string(sequence), sequence, 1764000100000 + sequence, 100000 + sequence, data });
        }
        QSignalSpy indexed(&document, &JournalDocument::appendIndexed);
        document.append(big);
        QTRY_COMPARE_WITH_TIMEOUT(indexed.size(), 1, 20000);
        QCOMPARE(indexed.at(0).at(1).toLongLong(), 0);
        QVERIFY(document.foldsInBackground());
        QTRY_VERIFY_WITH_TIMEOUT(!document.stateInFlight(), 20000);
        std::vector<bool> inFlight;
        connect(
            &document, &JournalDocument::cursorChanged, this, [&] { inFlight.push_back(document.stateInFlight()); });
        document.setCursorPosition(std::int64_t(n / 2));
        document.setCursorPosition(std::int64_t(n / 3)); // while the first fold runs
        QCOMPARE(inFlight, std::vector<bool>({ true, true }));
        const std::size_t expected = n / 3 + 1;
        QTRY_VERIFY_WITH_TIMEOUT(!document.stateInFlight() && document.state()->entryCount == expected, 20000);
        QCOMPARE(tenantStatus(document, "t-100"), QStringLiteral("active"));
    }

    void reopeningWhileAResultIsPendingNeitherHangsNorMixesJournals()
    {
        JournalDocument document;
        document.open(dataFile("sample.ndjson"));
        // The worker ends; its continuation waits for this thread's event loop.
        cd::models::waitForPools();
        QSignalSpy ready(&document, &JournalDocument::ready);
        document.open(dataFile("sample.phyxius.json"));
        QVERIFY(ready.wait(10000));
        QCOMPARE(ready.size(), 1);
        QCOMPARE(document.path(), dataFile("sample.phyxius.json"));
        QCOMPARE(document.history()->size(), std::size_t(20));
    }

    void loaderCachesLargeIndexesAndReusesThem()
    {
        cd::models::LoadRequest request;
        request.path = dataFile("sample.ndjson");
        request.cacheDirectory = m_cache.path();
        request.cacheThreshold = 1;
        request.cancel = std::make_shared<std::atomic<bool>>(false);
        request.history = std::make_shared<cd::history::History>();
        const auto first = cd::models::loadJournal(request);
        QVERIFY(first.error.isEmpty());
        QVERIFY(!first.fromCache);
        // The index and the timeline's histogram beside it.
        QCOMPARE(QDir(m_cache.path()).entryList(QDir::Files).size(), 2);
        request.history = std::make_shared<cd::history::History>();
        const auto second = cd::models::loadJournal(request);
        QVERIFY(second.error.isEmpty());
        QVERIFY(second.fromCache);
        QCOMPARE(request.history->size(), std::size_t(20));
        QCOMPARE(request.history->latest().sequence, std::optional<std::int64_t>(19));
    }

    void cancelEndsIndexing()
    {
        // A cancel flag set before the job polls it stops the build at once.
        cd::models::LoadRequest request;
        request.path = dataFile("sample.ndjson");
        request.cancel = std::make_shared<std::atomic<bool>>(true);
        request.history = std::make_shared<cd::history::History>();
        const auto outcome = cd::models::loadJournal(request);
        QCOMPARE(outcome.error, QStringLiteral("cancelled"));
    }

    void cachedIndexIsPublishedWholeWithoutBlockingReaders()
    {
        const QString cacheDirectory = m_cache.filePath(QStringLiteral("publish"));
        LoadRequest request;
        request.path = dataFile("sample.ndjson");
        request.cacheDirectory = cacheDirectory;
        request.cacheThreshold = 1;
        request.live = false;
        request.cancel = std::make_shared<std::atomic<bool>>(false);
        request.history = std::make_shared<cd::history::History>();
        QVERIFY(cd::models::loadJournal(request).error.isEmpty()); // builds and caches
        const auto built = request.history->latest();

        // Second load from the cache, held by the hook once the index is
        // loaded but before it is published.
        request.history = std::make_shared<cd::history::History>();
        QSemaphore loaded;
        QSemaphore release;
        request.beforePublish = [&loaded, &release] {
            loaded.release();
            release.acquire();
        };
        std::vector<std::int64_t> reported; // written by the worker, read after join()
        std::vector<double> fractions;
        request.progress = [&reported, &fractions](double fraction, std::int64_t entries) {
            reported.push_back(entries);
            fractions.push_back(fraction);
        };
        cd::models::LoadOutcome outcome;
        std::thread worker([&outcome, &request] { outcome = cd::models::loadJournal(request); });
        struct Join {
            QSemaphore& release;
            std::thread& worker;
            ~Join()
            {
                release.release();
                if (worker.joinable())
                    worker.join();
            }
        } join { release, worker };
        loaded.acquire();
        // The loader holds no lock of the shared history now: a reader gets
        // in at once (had the load kept the write lock, this would hang and
        // the test time out) and sees nothing of the journal yet.
        QCOMPARE(request.history->size(), std::size_t(0));
        QCOMPARE(request.history->view().index().size(), std::size_t(0));
        QCOMPARE(request.history->latest().sequence, std::nullopt);
        QVERIFY(reported.empty());
        release.release();
        worker.join();
        QVERIFY(outcome.fromCache);
        QVERIFY(outcome.error.isEmpty());
        // Published whole, in one step: every report says all of it (the
        // first as soon as the index is in, then the states' restoring).
        QVERIFY(reported.size() >= 2);
        QVERIFY(std::all_of(reported.begin(), reported.end(), [](std::int64_t n) { return n == 20; }));
        QCOMPARE(fractions.front(), 0.0);
        QCOMPARE(fractions.back(), 1.0);
        QCOMPARE(request.history->size(), std::size_t(20));
        const auto latest = request.history->latest();
        QCOMPARE(latest.sequence, built.sequence);
        QCOMPARE(latest.state.size(), built.state.size());
        const auto view = request.history->view();
        const auto* tenant = latest.state.find(view.find("t-2"));
        QVERIFY(tenant);
        QCOMPARE(QString::fromUtf8(cd::platform::tenantStatusName(tenant->status).data()), QStringLiteral("suspended"));
    }

    void adoptMovesEverythingIntoAnEmptyHistoryOnly()
    {
        LoadRequest request;
        request.path = dataFile("sample.ndjson");
        request.cancel = std::make_shared<std::atomic<bool>>(false);
        request.history = std::make_shared<cd::history::History>();
        QVERIFY(cd::models::loadJournal(request).error.isEmpty());
        cd::history::History target;
        QVERIFY(target.adopt(*request.history));
        QCOMPARE(target.size(), std::size_t(20));
        QCOMPARE(request.history->size(), std::size_t(0));
        QCOMPARE(target.latest().sequence, std::optional<std::int64_t>(19));
        QCOMPARE(target.view().find("t-2").id != 0, true);
        // The emptied source can be filled again; a full target refuses.
        QVERIFY(cd::models::loadJournal(request).error.isEmpty());
        QVERIFY(!target.adopt(*request.history));
        QVERIFY(!target.adopt(target));
        QCOMPARE(request.history->size(), std::size_t(20));
        QCOMPARE(target.size(), std::size_t(20));
    }

    void progressMailboxPostsOnlyWhenNoCallIsPending()
    {
        cd::models::ProgressMailbox mailbox;
        QVERIFY(mailbox.put({ 0.1, 10 })); // first report: post
        QVERIFY(!mailbox.put({ 0.2, 20 })); // the posted call will take this one
        QVERIFY(!mailbox.put({ 0.3, 30 }));
        const auto report = mailbox.take();
        QCOMPARE(report.fraction, 0.3);
        QCOMPARE(report.entries, 30);
        QVERIFY(mailbox.put({ 0.4, 40 })); // taken: the next report posts again
        QCOMPARE(mailbox.take().entries, 40);
    }

    void liveComesFromTheOptionsOrIsGuessed_data()
    {
        QTest::addColumn<int>("option"); // -1 unset, 0 static, 1 live
        QTest::addColumn<bool>("walBeside");
        QTest::addColumn<bool>("live");
        QTest::newRow("guessed: plain file") << -1 << false << false;
        QTest::newRow("guessed: -wal beside") << -1 << true << true;
        QTest::newRow("said static, -wal beside") << 0 << true << false;
        QTest::newRow("said live") << 1 << false << true;
    }

    void liveComesFromTheOptionsOrIsGuessed()
    {
        QFETCH(int, option);
        QFETCH(bool, walBeside);
        QFETCH(bool, live);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("journal.ndjson"));
        QVERIFY(QFile::copy(dataFile("sample.ndjson"), path));
        if (walBeside) {
            QFile wal(path + QStringLiteral("-wal"));
            QVERIFY(wal.open(QIODevice::WriteOnly));
        }
        const std::optional<bool> said = option < 0 ? std::nullopt : std::optional<bool>(option == 1);

        JournalDocument document;
        QSignalSpy ready(&document, &JournalDocument::ready);
        cd::models::JournalOpenOptions options;
        options.live = said;
        document.open(path, options);
        QCOMPARE(document.isLive(), live);
        QVERIFY(ready.wait(20000));
        QCOMPARE(document.history()->size(), std::size_t(20));

        // What the loader does with it: a live journal's index is never cached.
        LoadRequest request;
        request.path = path;
        request.live = said;
        request.cacheDirectory = dir.filePath(QStringLiteral("cache"));
        request.cacheThreshold = 1;
        request.cancel = std::make_shared<std::atomic<bool>>(false);
        request.history = std::make_shared<cd::history::History>();
        QVERIFY(cd::models::loadJournal(request).error.isEmpty());
        // A static one: its index and the timeline's histogram.
        QCOMPARE(QDir(request.cacheDirectory).entryList(QDir::Files).size(), live ? 0 : 2);
    }

private:
    QTemporaryDir m_cache;
};

QTEST_GUILESS_MAIN(TestJournalDocument)
#include "tst_journal_document.moc"
