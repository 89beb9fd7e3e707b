#include "../history/journal_gen.h"
#include "engine/history/history.h"
#include "models/journal_document.h"
#include "models/timeline_histogram.h"
#include "models/timeline_model.h"
#include "models/timeline_player.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <atomic>
#include <numeric>
#include <span>

using cd::models::JournalDocument;
using cd::models::TimelineAxis;
using cd::models::TimelineBucket;
using cd::models::TimelineModel;
using cd::platform::EventType;

namespace {

constexpr std::int64_t SampleStartMs = 1'764'000'000'000; // sample.ndjson: entry N at +N s

QString dataFile(const char* name)
{
    return qEnvironmentVariable("CHRONODESK_TEST_DATA") + QLatin1Char('/') + QLatin1String(name);
}

bool openAndWait(JournalDocument& document, const QString& path)
{
    QSignalSpy ready(&document, &JournalDocument::ready);
    QSignalSpy failed(&document, &JournalDocument::failed);
    document.open(path);
    return QTest::qWaitFor([&] { return !ready.isEmpty() || !failed.isEmpty(); }, 60000);
}

// Waits until the model has no job left and its bars count every indexed entry.
bool settle(const TimelineModel& model)
{
    return QTest::qWaitFor(
        [&] { return !model.busy() && model.countedEntries() == model.entryCount() && !model.buckets().empty(); },
        60000);
}

QStringList strings(std::initializer_list<const char*> items)
{
    QStringList out;
    for (const char* item : items)
        out << QString::fromLatin1(item);
    return out;
}

std::int64_t sum(const std::vector<TimelineBucket>& buckets)
{
    return std::accumulate(buckets.begin(), buckets.end(), std::int64_t(0),
        [](std::int64_t total, const TimelineBucket& b) { return total + b.total; });
}

// "begin-end:total" per bar, plus the counts of one type when given.
QStringList dump(const std::vector<TimelineBucket>& buckets, std::optional<EventType> type = std::nullopt)
{
    QStringList out;
    for (const TimelineBucket& b : buckets) {
        QString line = QString::number(b.begin) + QLatin1Char('-') + QString::number(b.end) + QLatin1Char(':')
            + QString::number(b.total);
        if (type)
            line += QLatin1Char('/') + QString::number(b.count(*type));
        out << line;
    }
    return out;
}

// Positions of a type from the sample file itself, read as text.
std::vector<std::int64_t> positionsOf(const QString& path, const char* type)
{
    QFile file(path);
    std::vector<std::int64_t> out;
    if (!file.open(QIODevice::ReadOnly))
        return out;
    const QByteArray needle = QByteArray("\"type\":\"") + type + '"';
    for (std::int64_t line = 0; !file.atEnd(); ++line)
        if (file.readLine().contains(needle))
            out.push_back(line);
    return out;
}

} // namespace

class TestTimelineModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void sampleBarsCountEveryEntry_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("ndjson") << dataFile("sample.ndjson");
        QTest::newRow("phyxius") << dataFile("sample.phyxius.json");
    }
    void sampleBarsCountEveryEntry()
    {
        QFETCH(QString, file);
        JournalDocument document;
        document.setIndexCacheDirectory({});
        TimelineModel model(&document);
        QSignalSpy bars(&model, &TimelineModel::bucketsChanged);
        model.setBucketCount(40); // more bars than entries: one per entry
        QVERIFY(openAndWait(document, file));
        QVERIFY(settle(model));
        QVERIFY(!bars.isEmpty());
        QCOMPARE(model.fullBegin(), 0);
        QCOMPARE(model.fullEnd(), 20);
        QCOMPARE(model.visibleBegin(), 0);
        QCOMPARE(model.visibleEnd(), 20);
        QCOMPARE(sum(model.buckets()), 20);
        QCOMPARE(model.buckets().size(), std::size_t(20));
        // One bar per entry: the markers sit exactly at their entries.
        QStringList failures;
        QStringList suspensions;
        for (const TimelineBucket& b : model.buckets()) {
            QCOMPARE(b.total, 1u);
            QCOMPARE(b.end, b.begin + 1);
            if (TimelineModel::markerCount(b, TimelineModel::MarkerKind::PaymentFailure))
                failures << QString::number(model.sequenceAt(b.begin));
            if (TimelineModel::markerCount(b, TimelineModel::MarkerKind::Suspension))
                suspensions << QString::number(model.sequenceAt(b.begin));
        }
        QCOMPARE(failures, QStringList({ QStringLiteral("7"), QStringLiteral("9"), QStringLiteral("11") }));
        QCOMPARE(suspensions, QStringList({ QStringLiteral("12") }));
    }

    void markerNavigationMatchesTheFile_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<QByteArray>("name");
        QTest::newRow("suspended") << int(EventType::TenantSuspended) << QByteArray("tenant.suspended");
        QTest::newRow("failed") << int(EventType::BillingPaymentFailed) << QByteArray("billing.payment.failed");
        QTest::newRow("exceeded") << int(EventType::LimitsExceeded) << QByteArray("limits.exceeded");
        QTest::newRow("used") << int(EventType::FeatureUsed) << QByteArray("feature.used");
    }
    void markerNavigationMatchesTheFile()
    {
        QFETCH(int, type);
        QFETCH(QByteArray, name);
        JournalDocument document;
        document.setIndexCacheDirectory({});
        TimelineModel model(&document);
        QVERIFY(openAndWait(document, dataFile("sample.ndjson")));
        QVERIFY(settle(model));
        const auto expected = positionsOf(dataFile("sample.ndjson"), name.constData());
        QVERIFY(!expected.empty());
        std::vector<std::int64_t> forward;
        for (auto p = model.nextOfType(-1, EventType(type), true); p; p = model.nextOfType(*p, EventType(type), true))
            forward.push_back(*p);
        QCOMPARE(forward, expected);
        std::vector<std::int64_t> backward;
        for (auto p = model.nextOfType(20, EventType(type), false); p; p = model.nextOfType(*p, EventType(type), false))
            backward.push_back(*p);
        std::reverse(backward.begin(), backward.end());
        QCOMPARE(backward, expected);
    }

    void tenantNavigation()
    {
        JournalDocument document;
        document.setIndexCacheDirectory({});
        TimelineModel model(&document);
        QVERIFY(openAndWait(document, dataFile("sample.ndjson")));
        const auto history = document.history();
        const auto view = history->view();
        const auto positions = view.index().tenantPositions(view.find("t-2"));
        QVERIFY(positions.size() > 2);
        std::vector<std::int64_t> expected(positions.begin(), positions.end());
        std::vector<std::int64_t> walked;
        for (auto p = model.nextOfTenant(-1, QStringLiteral("t-2"), true); p;
             p = model.nextOfTenant(*p, QStringLiteral("t-2"), true))
            walked.push_back(*p);
        QCOMPARE(walked, expected);
        QCOMPARE(
            model.nextOfTenant(expected[1], QStringLiteral("t-2"), false), std::optional<std::int64_t>(expected[0]));
        QCOMPARE(model.nextOfTenant(0, QStringLiteral("nobody"), true), std::optional<std::int64_t>());
    }

    void timeAxis()
    {
        JournalDocument document;
        document.setIndexCacheDirectory({});
        TimelineModel model(&document);
        model.setBucketCount(10);
        QVERIFY(openAndWait(document, dataFile("sample.ndjson")));
        QVERIFY(settle(model));
        QSignalSpy range(&model, &TimelineModel::rangeChanged);
        model.setAxis(TimelineAxis::Time);
        QCOMPARE(model.axis(), TimelineAxis::Time);
        QVERIFY(!range.isEmpty());
        QVERIFY(settle(model));
        QCOMPARE(model.fullBegin(), SampleStartMs);
        QCOMPARE(model.fullEnd(), SampleStartMs + 19'000 + 1);
        QCOMPARE(sum(model.buckets()), 20);
        // Entries are one second apart: ten bars of about 1.9 s hold two each.
        for (const TimelineBucket& b : model.buckets())
            QVERIFY2(b.total == 1 || b.total == 2 || b.total == 3, qPrintable(dump(model.buckets()).join(u' ')));
        QCOMPARE(model.axisValue(5), SampleStartMs + 5'000);
        QCOMPARE(model.positionAt(SampleStartMs + 5'999), 5);
        QCOMPARE(model.positionAt(SampleStartMs - 1), -1);

        // Zoom to seconds 7..12 (entries 7-11), then back to sequences: the same entries stay in view.
        model.zoomTo(SampleStartMs + 7'000, SampleStartMs + 12'000);
        QVERIFY(model.isZoomed());
        QVERIFY(settle(model));
        QCOMPARE(sum(model.buckets()), 5);
        QCOMPARE(dump(model.buckets(), EventType::BillingPaymentFailed).filter(QStringLiteral("/1")).size(), 3);
        model.setAxis(TimelineAxis::Sequence);
        QVERIFY(settle(model));
        QCOMPARE(model.visibleBegin(), 7);
        QCOMPARE(model.visibleEnd(), 12);
        QCOMPARE(sum(model.buckets()), 5);
    }

    void zoomPanAndZoomOut()
    {
        JournalDocument document;
        document.setIndexCacheDirectory({});
        TimelineModel model(&document);
        model.setBucketCount(4);
        QVERIFY(openAndWait(document, dataFile("sample.ndjson")));
        QVERIFY(settle(model));
        QCOMPARE(dump(model.buckets()), strings({ "0-5:5", "5-10:5", "10-15:5", "15-20:5" }));
        model.zoomTo(6, 14);
        QVERIFY(settle(model));
        QCOMPARE(dump(model.buckets(), EventType::BillingPaymentFailed),
            strings({ "6-8:2/1", "8-10:2/1", "10-12:2/1", "12-14:2/0" }));
        model.pan(4);
        QVERIFY(settle(model));
        QCOMPARE(model.visibleBegin(), 10);
        QCOMPARE(dump(model.buckets()), strings({ "10-12:2", "12-14:2", "14-16:2", "16-18:2" }));
        model.pan(100); // stops at the end
        QVERIFY(settle(model));
        QCOMPARE(model.visibleEnd(), 20);
        QCOMPARE(model.visibleBegin(), 12);
        model.zoomAround(16, 0.5);
        QVERIFY(settle(model));
        QCOMPARE(model.visibleBegin(), 14);
        QCOMPARE(model.visibleEnd(), 18);
        model.zoomOut();
        QVERIFY(!model.isZoomed());
        QVERIFY(settle(model));
        QCOMPARE(dump(model.buckets()), strings({ "0-5:5", "5-10:5", "10-15:5", "15-20:5" }));
    }

    // A generated journal big enough that bars come from coarsened fine bins
    // when zoomed out and from the index when zoomed in; both agree with a
    // straight count over the entries.
    void generatedJournalRebinsAndScans_data()
    {
        QTest::addColumn<int>("axis");
        QTest::newRow("sequence") << int(TimelineAxis::Sequence);
        QTest::newRow("time") << int(TimelineAxis::Time);
    }
    void generatedJournalRebinsAndScans()
    {
        QFETCH(int, axis);
        const auto entries = cd::history::test::randomJournal(60'000, 300, 7);
        const QString path = QString::fromStdString(cd::history::test::writeNdjson(m_dir, "gen.ndjson", entries));
        JournalDocument document;
        document.setIndexCacheDirectory({});
        TimelineModel model(&document);
        model.setAxis(TimelineAxis(axis));
        model.setBucketCount(150);
        QVERIFY(openAndWait(document, path));
        QCOMPARE(document.history()->size(), entries.size());
        QVERIFY(settle(model));
        QCOMPARE(sum(model.buckets()), std::int64_t(entries.size()));
        const auto history = document.history();
        const auto view = history->view();
        for (int z = 0; z < 3; ++z) {
            // Ever narrower ranges, the last one narrower than the bars asked for.
            const std::int64_t length = (model.fullEnd() - model.fullBegin()) / (z == 0 ? 3 : z == 1 ? 40 : 2000);
            const std::int64_t begin = model.fullBegin() + length * (z + 1) / 2;
            model.zoomTo(begin, begin + length);
            QVERIFY(settle(model));
            QCOMPARE(model.visibleBegin(), begin);
            // Expected from the entries themselves, bar by bar.
            std::int64_t inRange = 0;
            for (const TimelineBucket& b : model.buckets()) {
                std::uint32_t n = 0;
                std::uint32_t failed = 0;
                for (std::size_t p = 0; p < entries.size(); ++p) {
                    const std::int64_t value
                        = TimelineAxis(axis) == TimelineAxis::Sequence ? std::int64_t(p) : entries[p].wallMs;
                    if (value >= b.begin && value < b.end) {
                        ++n;
                        failed += view.index().type(p) == EventType::BillingPaymentFailed;
                    }
                }
                QCOMPARE(b.total, n);
                QCOMPARE(b.count(EventType::BillingPaymentFailed), failed);
                if (b.begin >= begin && b.end <= begin + length)
                    inRange += n;
            }
            QVERIFY(inRange > 0);
            QVERIFY(model.buckets().front().begin <= begin);
            QVERIFY(model.buckets().back().end >= begin + length);
        }
    }

    // The histogram extended batch by batch (as while indexing, tenant logs
    // growing between extends) equals one extend of the whole index and the
    // counts taken entry by entry; a cancelled extend counts nothing.
    void histogramExtendsInPiecesExactly_data()
    {
        QTest::addColumn<int>("axis");
        QTest::newRow("sequence") << int(TimelineAxis::Sequence);
        QTest::newRow("time") << int(TimelineAxis::Time);
    }

    void histogramExtendsInPiecesExactly()
    {
        QFETCH(int, axis);
        const auto entries = cd::history::test::randomJournal(40'000, 120, 5);
        cd::history::History history;
        cd::models::TimelineHistogram pieces;
        const std::size_t cuts[] = { 1, 700, 9'001, 9'002, 25'000, entries.size() };
        std::vector<cd::models::TimelineHistogram> grown; // pieces after each cut
        std::size_t done = 0;
        for (std::size_t cut : cuts) {
            history.append(std::span<const cd::platform::Entry>(entries).subspan(done, cut - done));
            done = cut;
            pieces.extend(history.view().index());
            QCOMPARE(pieces.covered(), done);
            grown.push_back(pieces);
        }
        const auto view = history.view();
        const auto& index = view.index();
        QCOMPARE(index.size(), entries.size());

        // Limited extends over the whole index (the timeline's chunks) stop
        // at each limit and count the same as the index grown to it.
        const auto ax0 = TimelineAxis(axis);
        cd::models::TimelineHistogram limited;
        for (std::size_t i = 0; i < std::size(cuts); ++i) {
            limited.extend(index, nullptr, cuts[i]);
            QCOMPARE(limited.covered(), cuts[i]);
            const auto& same = grown[i];
            QCOMPARE(limited.fullEnd(ax0), same.fullEnd(ax0));
            QCOMPARE(dump(*limited.rebin(ax0, same.fullBegin(ax0), same.fullEnd(ax0), 32), EventType::FeatureUsed),
                dump(*same.rebin(ax0, same.fullBegin(ax0), same.fullEnd(ax0), 32), EventType::FeatureUsed));
        }
        limited.extend(index, nullptr, index.size() + 10); // past the end: the whole index
        QCOMPARE(limited.covered(), index.size());

        cd::models::TimelineHistogram cancelled;
        const std::atomic<bool> cancel { true };
        cancelled.extend(index, &cancel);
        QCOMPARE(cancelled.covered(), std::size_t(0));
        cancelled.extend(index);
        cd::models::TimelineHistogram whole;
        whole.extend(index);

        const auto ax = TimelineAxis(axis);
        const auto bars = *whole.rebin(ax, whole.fullBegin(ax), whole.fullEnd(ax), 64);
        QCOMPARE(dump(*pieces.rebin(ax, whole.fullBegin(ax), whole.fullEnd(ax), 64), EventType::FeatureUsed),
            dump(bars, EventType::FeatureUsed));
        QCOMPARE(dump(*cancelled.rebin(ax, whole.fullBegin(ax), whole.fullEnd(ax), 64), EventType::FeatureUsed),
            dump(bars, EventType::FeatureUsed));
        // Entry by entry: every type of every bar.
        std::vector<cd::models::TimelineCounts> expected(bars.size());
        for (std::size_t p = 0; p < index.size(); ++p) {
            const std::int64_t value
                = ax == TimelineAxis::Sequence ? std::int64_t(p) : std::max(index.wallMs(p), whole.firstWallMs());
            const auto bar = std::upper_bound(
                bars.begin(), bars.end(), value, [](std::int64_t v, const TimelineBucket& b) { return v < b.end; });
            QVERIFY(bar != bars.end() && bar->begin <= value);
            ++expected[std::size_t(bar - bars.begin())][std::size_t(index.type(p))];
        }
        for (std::size_t b = 0; b < bars.size(); ++b)
            QCOMPARE(bars[b].counts, expected[b]);
    }

    void restartMarkers()
    {
        JournalDocument document;
        TimelineModel model(&document);
        QSignalSpy markers(&model, &TimelineModel::markersChanged);
        model.addRestartMarker(12);
        model.addRestartMarker(5);
        QCOMPARE(markers.size(), 2);
        QCOMPARE(model.restartMarkers(), std::vector<std::int64_t>({ 5, 12 }));
        model.clearRestartMarkers();
        QVERIFY(model.restartMarkers().empty());
    }

    void progressiveWhileIndexing()
    {
        // Bars follow historyGrew: live appends after opening extend them.
        auto entries = cd::history::test::randomJournal(3'000, 20, 3);
        const std::vector<cd::platform::Entry> tail(entries.begin() + 2'000, entries.end());
        entries.resize(2'000);
        const QString path = QString::fromStdString(cd::history::test::writeNdjson(m_dir, "grow.ndjson", entries));
        JournalDocument document;
        document.setIndexCacheDirectory({});
        TimelineModel model(&document);
        QVERIFY(openAndWait(document, path));
        QVERIFY(settle(model));
        QCOMPARE(sum(model.buckets()), 2'000);
        QSignalSpy bars(&model, &TimelineModel::bucketsChanged);
        document.append(tail);
        QVERIFY(settle(model));
        QTRY_COMPARE(sum(model.buckets()), 3'000);
        QCOMPARE(model.fullEnd(), 3'000);
    }

    void playerStepsOnItsClock()
    {
        JournalDocument document;
        document.setIndexCacheDirectory({});
        cd::models::TimelinePlayer player(&document);
        std::int64_t now = 0;
        player.setClock([&now] { return now; });
        QVERIFY(openAndWait(document, dataFile("sample.ndjson")));
        QCOMPARE(document.cursorPosition(), 19);
        QSignalSpy playing(&player, &cd::models::TimelinePlayer::playingChanged);
        player.setSpeed(10);
        player.play(); // from the end it starts over
        QVERIFY(player.isPlaying());
        QCOMPARE(document.cursorPosition(), 0);
        QCOMPARE(player.advance(50), 0); // half an entry
        QCOMPARE(player.advance(50), 1);
        QCOMPARE(document.cursorPosition(), 1);
        QCOMPARE(player.advance(300), 3);
        QCOMPARE(document.cursorPosition(), 4);
        player.setSpeed(1000);
        QCOMPARE(player.advance(1000), 15); // stops at the last entry
        QCOMPARE(document.cursorPosition(), 19);
        QVERIFY(!player.isPlaying());
        QCOMPARE(playing.size(), 2);
        QCOMPARE(player.advance(1000), 0);
    }

    // Figures for the report: not asserted.
    void benchmarkFigures()
    {
        const qint64 count = qEnvironmentVariableIntValue("CHRONODESK_TIMELINE_BENCH");
        if (count <= 0)
            QSKIP("set CHRONODESK_TIMELINE_BENCH=entries for open-to-first-bars figures");
        cd::history::test::RandomJournal journal(10'000, 11);
        const std::string path = m_dir.path().toStdString() + "/bench.ndjson";
        {
            std::ofstream out(path, std::ios::binary);
            for (qint64 done = 0; done < count; done += 100'000) {
                journal.gen.entries.clear();
                journal.generate(std::size_t(std::min<qint64>(100'000, count - done)));
                for (const auto& e : journal.gen.entries)
                    out << cd::history::test::ndjsonLine(e) << '\n';
            }
        }
        JournalDocument document;
        document.setIndexCacheDirectory({});
        TimelineModel model(&document);
        model.setBucketCount(400);
        QElapsedTimer timer;
        qint64 firstBars = -1;
        connect(&model, &TimelineModel::bucketsChanged, this, [&] {
            if (firstBars < 0 && model.countedEntries() > 0)
                firstBars = timer.elapsed();
        });
        timer.start();
        QVERIFY(openAndWait(document, QString::fromStdString(path)));
        const qint64 indexed = timer.elapsed();
        QVERIFY(settle(model));
        qInfo("entries %lld: first bars %lld ms after open(), indexed in %lld ms, last job %.1f ms", count, firstBars,
            indexed, model.lastJobMs());
        // The whole histogram from scratch, as an index cache hit gives it.
        const auto history = document.history();
        QElapsedTimer full;
        full.start();
        cd::models::TimelineHistogram fine;
        fine.extend(history->view().index());
        qInfo("histogram of %zu entries from scratch: %.1f ms", fine.covered(), double(full.nsecsElapsed()) / 1e6);
        QCOMPARE(sum(*fine.rebin(TimelineAxis::Sequence, 0, count, 300)), count);
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestTimelineModel)
#include "tst_timeline_model.moc"
