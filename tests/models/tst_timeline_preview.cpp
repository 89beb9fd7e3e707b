// The timeline's histogram saved beside an index cache: its bytes, the
// loader offering it before the index, and the timeline painting from it
// while a cached index is still being read.
#include "../history/journal_gen.h"
#include "engine/history/history.h"
#include "engine/history/index_cache.h"
#include "models/journal_document.h"
#include "models/journal_loader.h"
#include "models/timeline_histogram.h"
#include "models/timeline_model.h"
#include "models/timeline_preview.h"
#include "tests/models/document_test_support.h"

#include <QDir>
#include <QFile>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <span>

using cd::models::JournalDocument;
using cd::models::TimelineAxis;
using cd::models::TimelineBucket;
using cd::models::TimelineHistogram;
using cd::models::TimelineModel;

namespace {

// Every bar of both axes' full views, with all of its counts.
QStringList bars(const TimelineHistogram& histogram, int count = 64)
{
    QStringList out;
    for (TimelineAxis axis : { TimelineAxis::Sequence, TimelineAxis::Time }) {
        for (const TimelineBucket& b : histogram.rebinFull(axis, count)) {
            QString line = QString::number(b.begin) + QLatin1Char('-') + QString::number(b.end) + QLatin1Char(':');
            for (std::uint32_t c : b.counts)
                line += QString::number(c) + QLatin1Char(',');
            out << line;
        }
    }
    return out;
}

QStringList bars(const std::vector<TimelineBucket>& buckets)
{
    QStringList out;
    for (const TimelineBucket& b : buckets)
        out << QString::number(b.begin) + QLatin1Char('-') + QString::number(b.end) + QLatin1Char(':')
                + QString::number(b.total);
    return out;
}

// Releases a worker held in beforePublish however the test ends.
struct Gate {
    QSemaphore reached;
    QSemaphore release;
    ~Gate() { release.release(100); }
    std::function<void()> hook()
    {
        return [this] {
            reached.release();
            release.acquire();
        };
    }
};

} // namespace

class TimelinePreviewTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    // The bytes give back the same histogram, and one that extends on
    // exactly as the original would (the tenant logs' counts go along).
    void bytesRoundTrip()
    {
        const auto entries = cd::history::test::randomJournal(30'000, 150, 11);
        const std::span<const cd::platform::Entry> all(entries);
        cd::history::History history;
        history.append(all.first(21'000));
        TimelineHistogram original;
        original.extend(history.view().index());
        const auto copy = TimelineHistogram::fromBytes(original.toBytes());
        QVERIFY(copy);
        QCOMPARE(copy->covered(), original.covered());
        QCOMPARE(copy->firstWallMs(), original.firstWallMs());
        QCOMPARE(copy->lastWallMs(), original.lastWallMs());
        QCOMPARE(bars(*copy), bars(original));

        history.append(all.subspan(21'000));
        TimelineHistogram grown = *copy;
        grown.extend(history.view().index());
        original.extend(history.view().index());
        QCOMPARE(grown.covered(), entries.size());
        QCOMPARE(bars(grown), bars(original));
        TimelineHistogram whole;
        whole.extend(history.view().index());
        QCOMPARE(bars(grown), bars(whole));
    }

    // Anything but one whole histogram of this format is refused.
    void brokenBytesAreRefused()
    {
        const auto entries = cd::history::test::randomJournal(2'000, 40, 3);
        cd::history::History history;
        history.append(entries);
        TimelineHistogram histogram;
        histogram.extend(history.view().index());
        const QByteArray bytes = histogram.toBytes();
        QVERIFY(TimelineHistogram::fromBytes(bytes));
        for (qsizetype cut = 0; cut < bytes.size(); cut += 1 + cut / 7)
            QVERIFY2(!TimelineHistogram::fromBytes(bytes.left(cut)), qPrintable(QString::number(cut)));
        QVERIFY(!TimelineHistogram::fromBytes(bytes.left(bytes.size() - 1)));
        QVERIFY(!TimelineHistogram::fromBytes(bytes + QByteArray(1, '\0')));
        for (qsizetype at : { 0, 5, 9, 13 }) { // magic, version, bins, types
            QByteArray wrong = bytes;
            wrong[at] = char(wrong[at] ^ 0x40);
            QVERIFY2(!TimelineHistogram::fromBytes(wrong), qPrintable(QString::number(at)));
        }
    }

    // The loader saves the histogram beside the index cache, offers it
    // before the cached index is read, and withdraws it when that index is
    // unusable (the journal is then read from the file).
    void loaderOffersThePreviewFirst()
    {
        const QString cacheDirectory = m_dir.filePath(QStringLiteral("loader"));
        const auto entries = cd::history::test::randomJournal(5'000, 30, 9);
        const QString path = QString::fromStdString(cd::history::test::writeNdjson(m_dir, "loader.ndjson", entries));
        auto request = cd::models::test::cachingRequest(path, cacheDirectory);
        QVERIFY(cd::models::loadJournal(request).error.isEmpty());
        TimelineHistogram built;
        built.extend(request.history->view().index());

        std::string error;
        const auto identity = cd::history::IndexCache::identify(path.toStdString(), error);
        QVERIFY(identity);
        const cd::history::IndexCache cache(cacheDirectory.toStdString());
        const QString previewPath = cd::models::timelinePreviewPath(cache, *identity);
        QVERIFY(QFile::exists(previewPath));
        auto other = *identity;
        other.size += 1; // the same path, changed since
        QVERIFY(!cd::models::loadTimelinePreview(previewPath, other));

        QStringList order; // written by the worker only while the test waits for it
        std::shared_ptr<const TimelineHistogram> offered;
        request.history = std::make_shared<cd::history::History>();
        request.timelinePreview = [&order, &offered, &request](std::shared_ptr<const TimelineHistogram> preview) {
            order << (preview
                    ? QStringLiteral("preview %1 / index %2").arg(preview->covered()).arg(request.history->size())
                    : QStringLiteral("withdrawn"));
            offered = std::move(preview);
        };
        request.beforePublish = [&order] { order << QStringLiteral("index read"); };
        auto outcome = cd::models::loadJournal(request);
        QVERIFY(outcome.fromCache);
        QCOMPARE(order, QStringList({ QStringLiteral("preview 5000 / index 0"), QStringLiteral("index read") }));
        QCOMPARE(bars(*offered), bars(built));

        // A damaged index cache: offered, withdrawn, read from the file.
        const QString indexPath = QString::fromStdString(cache.fileFor(*identity));
        QFile index(indexPath);
        QVERIFY(index.open(QIODevice::ReadWrite));
        QVERIFY(index.resize(index.size() / 2));
        index.close();
        order.clear();
        request.history = std::make_shared<cd::history::History>();
        outcome = cd::models::loadJournal(request);
        QVERIFY(outcome.error.isEmpty());
        QVERIFY(!outcome.fromCache);
        QCOMPARE(order, QStringList({ QStringLiteral("preview 5000 / index 0"), QStringLiteral("withdrawn") }));
        QCOMPARE(request.history->size(), entries.size());
    }

    // A cache from before previews gets one on its next open.
    void cachedOpenWritesAMissingPreview()
    {
        const QString cacheDirectory = m_dir.filePath(QStringLiteral("missing"));
        const auto entries = cd::history::test::randomJournal(3'000, 20, 4);
        const QString path = QString::fromStdString(cd::history::test::writeNdjson(m_dir, "missing.ndjson", entries));
        auto request = cd::models::test::cachingRequest(path, cacheDirectory);
        QVERIFY(cd::models::loadJournal(request).error.isEmpty());
        const QStringList previews = QDir(cacheDirectory).entryList({ QStringLiteral("*.timeline") }, QDir::Files);
        QCOMPARE(previews.size(), 1);
        QVERIFY(QFile::remove(QDir(cacheDirectory).filePath(previews.front())));
        request.history = std::make_shared<cd::history::History>();
        QVERIFY(cd::models::loadJournal(request).fromCache);
        QCOMPARE(QDir(cacheDirectory).entryList({ QStringLiteral("*.timeline") }, QDir::Files), previews);
    }

    // Through the document: while the cached index is held back, the
    // timeline already shows every entry's bar (the index still empty);
    // once it is in, the same bars stay, with no count of the index needed.
    void timelinePaintsThePreviewWhileTheIndexIsRead()
    {
        const QString cacheDirectory = m_dir.filePath(QStringLiteral("document"));
        const auto entries = cd::history::test::randomJournal(8'000, 40, 21);
        const QString path = QString::fromStdString(cd::history::test::writeNdjson(m_dir, "document.ndjson", entries));
        auto request = cd::models::test::cachingRequest(path, cacheDirectory);
        QVERIFY(cd::models::loadJournal(request).error.isEmpty());

        JournalDocument document;
        document.setIndexCacheDirectory(cacheDirectory);
        TimelineModel model(&document);
        model.setBucketCount(100);
        Gate gate;
        cd::models::JournalOpenOptions options;
        options.beforePublish = gate.hook();
        QSignalSpy ready(&document, &JournalDocument::ready);
        document.open(path, options);
        QVERIFY(QTest::qWaitFor([&] { return !model.busy() && !model.buckets().empty(); }, 20000));
        QVERIFY(gate.reached.tryAcquire(1, 20000)); // the worker holds the index back
        QCOMPARE(document.status(), JournalDocument::Status::Indexing);
        QCOMPARE(document.history()->size(), std::size_t(0));
        QCOMPARE(model.entryCount(), 0);
        QCOMPARE(model.countedEntries(), std::int64_t(entries.size()));
        QCOMPARE(model.fullEnd(), std::int64_t(entries.size()));
        const QStringList early = bars(model.buckets());
        std::int64_t total = 0;
        for (const TimelineBucket& b : model.buckets())
            total += b.total;
        QCOMPARE(total, std::int64_t(entries.size()));
        // Zoomed in past the preview's fine bins: coarse bars, no crash.
        model.zoomTo(10, 40);
        QVERIFY(QTest::qWaitFor([&] { return !model.busy(); }, 20000));
        model.zoomOut();
        QVERIFY(QTest::qWaitFor([&] { return !model.busy(); }, 20000));

        gate.release.release();
        QVERIFY(ready.wait(20000));
        QVERIFY(QTest::qWaitFor([&] { return !model.busy(); }, 20000));
        QCOMPARE(document.timelinePreview(), nullptr);
        QCOMPARE(model.countedEntries(), std::int64_t(entries.size()));
        QCOMPARE(bars(model.buckets()), early);
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TimelinePreviewTest)
#include "tst_timeline_preview.moc"
