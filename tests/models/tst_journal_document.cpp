#include "engine/platform/string_pool.h"
#include "engine/platform/tenant_state.h"
#include "models/journal_document.h"
#include "models/journal_loader.h"
#include "tests/models/document_test_support.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

using cd::models::JournalDocument;

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

    void reopeningWhileAResultIsPendingNeitherHangsNorMixesJournals()
    {
        JournalDocument document;
        document.open(dataFile("sample.ndjson"));
        // The worker ends; its continuation waits for this thread's event loop.
        QThreadPool::globalInstance()->waitForDone();
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
        QCOMPARE(QDir(m_cache.path()).entryList(QDir::Files).size(), 1);
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

private:
    QTemporaryDir m_cache;
};

QTEST_GUILESS_MAIN(TestJournalDocument)
#include "tst_journal_document.moc"
