#include "engine/history/history.h"
#include "engine/platform/plans.h"
#include "engine/platform/string_pool.h"
#include "engine/platform/tenant_state.h"
#include "models/chart_event_rate.h"
#include "models/chart_model.h"
#include "models/chart_payments.h"
#include "models/chart_time.h"
#include "models/chart_usage.h"
#include "models/journal_document.h"
#include "models/work_pool.h"
#include "tests/history/journal_gen.h"
#include "tests/models/document_test_support.h"

#include <QElapsedTimer>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTest>
#include <QThreadPool>

using cd::models::ChartModel;
using cd::models::ChartSnapshot;
using cd::models::JournalDocument;

using cd::models::test::dataFile;
using cd::models::test::openAndWait;

namespace {

// Wall time of sample.ndjson's first entry; entry N is N seconds later.
constexpr std::int64_t T0 = 1'764'000'000'000;

// Seconds after T0, the way the sample's times read.
QString at(double ms)
{
    return QString::number((ms - double(T0)) / 1000);
}

QString points(const QVector<QPointF>& series)
{
    QStringList out;
    for (const QPointF& p : series)
        out << QString::number(p.y()) + QLatin1Char('@') + at(p.x());
    return out.join(QLatin1Char(' '));
}

QStringList dump(const cd::models::UsageChartData& data)
{
    QStringList out;
    if (!data.tenantInJournal)
        return { QStringLiteral("not in journal") };
    out << QStringLiteral("created %1, [%2, %3]")
               .arg(data.tenantCreated ? QStringLiteral("yes") : QStringLiteral("no"))
               .arg(at(double(data.startMs)), at(double(data.endMs)));
    for (const auto& f : data.features) {
        out << f.feature + QStringLiteral(" usage: ") + points(f.usage);
        out << f.feature + QStringLiteral(" limit: ") + points(f.limit);
        out << f.feature + QStringLiteral(" breaches: ") + points(f.breaches);
    }
    return out;
}

QStringList dump(const cd::models::PaymentsChartData& data)
{
    QStringList out;
    out << QStringLiteral("%1, bucket %2 ms, total ok %3 failed %4")
               .arg(data.perCycle ? QStringLiteral("per cycle") : QStringLiteral("per time"))
               .arg(data.bucketMs)
               .arg(data.succeeded)
               .arg(data.failed);
    for (const auto& b : data.buckets)
        out << QStringLiteral("%1[%2, %3) ok %4 (%5) failed %6 (%7)")
                   .arg(b.cycleId.isEmpty() ? QString() : b.cycleId + QLatin1Char(' '), at(double(b.startMs)),
                       at(double(b.endMs)))
                   .arg(b.succeeded)
                   .arg(b.succeededAmount)
                   .arg(b.failed)
                   .arg(b.failedAmount);
    return out;
}

QString dump(const cd::models::EventRateChartData& data)
{
    QStringList counts;
    for (const QPointF& p : data.counts)
        counts << QString::number(p.y());
    return QStringLiteral("from %1 every %2 ms: %3 (total %4, peak %5)")
        .arg(data.counts.isEmpty() ? QStringLiteral("-") : at(data.counts.constFirst().x()))
        .arg(data.bucketMs)
        .arg(counts.join(QLatin1Char(' ')))
        .arg(data.total)
        .arg(data.peak);
}

// Waits until the model holds a computed snapshot for tenant.
bool waitForSnapshot(const ChartModel& model, const QString& tenant)
{
    return QTest::qWaitFor(
        [&] {
            const auto s = model.snapshot();
            return s->source == ChartSnapshot::Source::Ready && s->tenant == tenant && !model.isComputing();
        },
        10000);
}

// Occupies every thread of the models' pool until released, so a job the
// model starts stays queued: what happens meanwhile is then deterministic
// (a tiny journal's job would otherwise finish before the test looks).
class PoolBlocker {
public:
    PoolBlocker()
    {
        QThreadPool* pool = cd::models::workPool();
        m_threads = pool->maxThreadCount();
        for (int i = 0; i < m_threads; ++i)
            pool->start([this] {
                m_started.release();
                m_gate.acquire();
                m_done.release();
            });
        m_started.acquire(m_threads);
    }
    ~PoolBlocker() { release(); }
    void release()
    {
        // Waits for the tasks to leave, so the semaphores outlive them.
        m_gate.release(m_threads);
        m_done.acquire(m_threads);
        m_threads = 0;
    }

private:
    int m_threads = 0;
    QSemaphore m_started;
    QSemaphore m_gate;
    QSemaphore m_done;
};

} // namespace

class TestChartModels : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sampleSeries_data()
    {
        QTest::addColumn<QString>("tenant");
        QTest::addColumn<QStringList>("usage");
        QTest::addColumn<QStringList>("payments");
        QTest::addColumn<QString>("rate");

        // t-1: created (pro) at 0 s; u-1 invited at 1 s, u-2 at 3 s; api_calls
        // +150 at 5 s, reset at 16 s (after cycle c-4 paid), +20000 at 18 s and
        // reported over its 10000 limit at 19 s; storage_mb +0.25 at 17 s.
        // Pro limits: users 25, api_calls 10000, storage_mb 1000.
        // Its entries: 0,1,2,3,5,13..19 s, so 12 in the 20 one-second buckets.
        QTest::newRow("t-1") << QStringLiteral("t-1")
                             << QStringList {
                                    QStringLiteral("created yes, [0, 19]"),
                                    QStringLiteral("users usage: 0@0 1@1 2@3"),
                                    QStringLiteral("users limit: 25@0"),
                                    QStringLiteral("users breaches: "),
                                    QStringLiteral("api_calls usage: 0@0 150@5 0@16 20000@18"),
                                    QStringLiteral("api_calls limit: 10000@0"),
                                    QStringLiteral("api_calls breaches: 20000@19"),
                                    QStringLiteral("storage_mb usage: 0@0 0.25@17"),
                                    QStringLiteral("storage_mb limit: 1000@0"),
                                    QStringLiteral("storage_mb breaches: "),
                                }
                             << QStringList {
                                    QStringLiteral("per cycle, bucket 0 ms, total ok 1 failed 0"),
                                    QStringLiteral("c-4 [14, 19) ok 1 (9900) failed 0 (0)"),
                                }
                             << QStringLiteral("from 0 every 1000 ms: 1 1 1 1 0 1 0 0 0 0 0 0 0 1 1 1 1 1 1 1 "
                                               "(total 12, peak 1)");
        // t-2: created (starter) at 4 s, no users or usage; cycles c-1, c-2,
        // c-3 start at 6, 8, 10 s and each payment fails (2900 cents); a
        // cycle lasts until the next one, the last until the journal's end.
        // Its entries: 4, 6..12 s, in buckets 4..19 s.
        QTest::newRow("t-2") << QStringLiteral("t-2")
                             << QStringList { QStringLiteral("created yes, [4, 19]") }
                             << QStringList {
                                    QStringLiteral("per cycle, bucket 0 ms, total ok 0 failed 3"),
                                    QStringLiteral("c-1 [6, 8) ok 0 (0) failed 1 (2900)"),
                                    QStringLiteral("c-2 [8, 10) ok 0 (0) failed 1 (2900)"),
                                    QStringLiteral("c-3 [10, 19) ok 0 (0) failed 1 (2900)"),
                                }
                             << QStringLiteral("from 4 every 1000 ms: 1 0 1 1 1 1 1 1 1 0 0 0 0 0 0 0 "
                                               "(total 8, peak 1)");
        // No tenant: payments of every tenant; the journal spans 19 s, so
        // buckets of niceBucketMs(19000 / 24) = 1 s instead of days. Failed at
        // 7, 9, 11 s, paid at 15 s. One entry per second.
        QTest::newRow("platform") << QString() << QStringList { QStringLiteral("not in journal") }
                                  << QStringList {
                                         QStringLiteral("per time, bucket 1000 ms, total ok 1 failed 3"),
                                         QStringLiteral("[7, 8) ok 0 (0) failed 1 (2900)"),
                                         QStringLiteral("[9, 10) ok 0 (0) failed 1 (2900)"),
                                         QStringLiteral("[11, 12) ok 0 (0) failed 1 (2900)"),
                                         QStringLiteral("[15, 16) ok 1 (9900) failed 0 (0)"),
                                     }
                                  << QStringLiteral("from 0 every 1000 ms: 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 "
                                                    "(total 20, peak 1)");
        QTest::newRow("absent") << QStringLiteral("t-9") << QStringList { QStringLiteral("not in journal") }
                                << QStringList { QStringLiteral("per cycle, bucket 0 ms, total ok 0 failed 0") }
                                << QStringLiteral("from - every 0 ms:  (total 0, peak 0)");
    }

    void sampleSeries()
    {
        QFETCH(QString, tenant);
        QFETCH(QStringList, usage);
        QFETCH(QStringList, payments);
        QFETCH(QString, rate);

        JournalDocument document;
        document.setIndexCacheDirectory(QString());
        ChartModel model(&document);
        QCOMPARE(model.snapshot()->source, ChartSnapshot::Source::NoJournal);
        QVERIFY(openAndWait(document, dataFile("sample.ndjson")));
        document.setSelectedTenant(tenant);
        QVERIFY(waitForSnapshot(model, tenant));

        const auto snapshot = model.snapshot();
        QCOMPARE(snapshot->entries, std::size_t(20));
        QCOMPARE(dump(snapshot->usage), usage);
        QCOMPARE(dump(snapshot->payments), payments);
        QCOMPARE(dump(snapshot->rate), rate);
    }

    void cursorWallTimeFollowsTheDocument()
    {
        JournalDocument document;
        document.setIndexCacheDirectory(QString());
        ChartModel model(&document);
        QCOMPARE(model.cursorWallMs(), std::nullopt);
        QSignalSpy cursor(&model, &ChartModel::cursorWallChanged);
        QVERIFY(openAndWait(document, dataFile("sample.ndjson")));
        QCOMPARE(model.cursorWallMs(), std::optional<std::int64_t>(T0 + 19'000));
        cursor.clear();
        document.setCursor(12);
        QCOMPARE(cursor.size(), 1);
        QCOMPARE(model.cursorWallMs(), std::optional<std::int64_t>(T0 + 12'000));
        document.setCursorPosition(-1);
        QCOMPARE(model.cursorWallMs(), std::nullopt);
        document.setCursor(3);
        document.close();
        QCOMPARE(model.cursorWallMs(), std::nullopt);
        QCOMPARE(model.snapshot()->source, ChartSnapshot::Source::NoJournal);
    }

    void staleResultsAreDropped()
    {
        JournalDocument document;
        document.setIndexCacheDirectory(QString());
        ChartModel model(&document);
        QVERIFY(openAndWait(document, dataFile("sample.ndjson")));
        QVERIFY(waitForSnapshot(model, QString()));
        QStringList seen;
        connect(&model, &ChartModel::snapshotChanged, &model, [&seen, &model] { seen << model.snapshot()->tenant; });
        // The job for t-1 is in flight when t-2 is selected, so its result must never show.
        PoolBlocker blocker;
        document.setSelectedTenant(QStringLiteral("t-1"));
        QVERIFY(model.isComputing());
        document.setSelectedTenant(QStringLiteral("t-2"));
        blocker.release();
        QVERIFY(waitForSnapshot(model, QStringLiteral("t-2")));
        QCOMPARE(seen, QStringList { QStringLiteral("t-2") });
        QCOMPARE(model.snapshot()->payments.failed, 3);
    }

    void inactiveModelWaitsUntilActivated()
    {
        JournalDocument document;
        document.setIndexCacheDirectory(QString());
        ChartModel model(&document);
        model.setActive(false);
        QSignalSpy changed(&model, &ChartModel::snapshotChanged);
        QVERIFY(openAndWait(document, dataFile("sample.ndjson")));
        document.setSelectedTenant(QStringLiteral("t-1"));
        QVERIFY(!model.isComputing());
        QCoreApplication::processEvents();
        // Only the reset for the newly opened journal: nothing computed.
        QCOMPARE(changed.size(), 1);
        QCOMPARE(model.snapshot()->source, ChartSnapshot::Source::Indexing);
        PoolBlocker blocker;
        model.setActive(true);
        QVERIFY(model.isComputing());
        blocker.release();
        QVERIFY(waitForSnapshot(model, QStringLiteral("t-1")));
        QCOMPARE(model.snapshot()->usage.features.size(), 3);
    }

    void liveAppendsExtendTheSeries()
    {
        JournalDocument document;
        document.setIndexCacheDirectory(QString());
        ChartModel model(&document);
        QVERIFY(openAndWait(document, dataFile("sample.ndjson")));
        document.setSelectedTenant(QStringLiteral("t-1"));
        QVERIFY(waitForSnapshot(model, QStringLiteral("t-1")));
        cd::history::test::JournalGen gen(20, T0 + 20'000);
        gen.used("t-1", "u-1", "api_calls", 5).planChanged("t-1", "pro", "enterprise");
        document.append(gen.entries);
        // The job may even end within append() (a tiny journal): poll for its result.
        QTRY_COMPARE_WITH_TIMEOUT(model.snapshot()->entries, std::size_t(22), 10000);
        const auto snapshot = model.snapshot();
        QCOMPARE(snapshot->entries, std::size_t(22));
        const QStringList usage = dump(snapshot->usage);
        QVERIFY(usage.contains(QStringLiteral("api_calls usage: 0@0 150@5 0@16 20000@18 20005@20")));
        // Enterprise from 20.01 s: 100000 api calls.
        QVERIFY(usage.contains(QStringLiteral("api_calls limit: 10000@0 100000@20.01")));
        QCOMPARE(snapshot->rate.total, 14);
    }

    // On a generated journal: every chart agrees with the fold and the index.
    void chartsAgreeWithTheFold()
    {
        const auto entries = cd::history::test::randomJournal(30'000, 40, 7);
        cd::history::History history;
        QCOMPARE(history.append(entries).entries, std::int64_t(entries.size()));
        const auto view = history.view();
        const auto latest = view.latest();
        const cd::history::EntryIndex& index = view.index();

        const auto platformRate = cd::models::computePlatformEventRate(view);
        QCOMPARE(platformRate.total, std::int64_t(index.size()));
        const auto platformPayments = cd::models::computePlatformPayments(view, nullptr);
        int succeeded = 0;
        int failed = 0;
        std::int64_t tenantEntries = 0;
        int tenantsChecked = 0;
        for (const auto& log : index.tenantLogs()) {
            const std::string_view tenant = view.pool().view(log.tenant);
            const auto rate = cd::models::computeTenantEventRate(view, tenant);
            QCOMPARE(rate.total, std::int64_t(log.positions.size()));
            tenantEntries += rate.total;
            const auto payments = cd::models::computeTenantPayments(view, tenant);
            succeeded += payments.succeeded;
            failed += payments.failed;

            const auto usage = cd::models::computeUsageChart(view, tenant);
            const cd::platform::TenantState* state = latest.state.find(log.tenant);
            QCOMPARE(usage.tenantCreated, state != nullptr);
            if (!state)
                continue;
            ++tenantsChecked;
            for (const auto& f : usage.features) {
                const QByteArray name = f.feature.toUtf8();
                const std::string_view feature(name.constData(), std::size_t(name.size()));
                const double last = f.usage.constLast().y();
                if (feature == cd::platform::LimitUsers)
                    QCOMPARE(last, double(state->users.size()));
                else
                    QCOMPARE(std::optional<double>(last), state->usageOf(view.find(feature)));
                const auto limit = cd::platform::planLimit(state->plan, feature);
                QCOMPARE(f.limit.isEmpty(), !limit.has_value());
                if (limit)
                    QCOMPARE(f.limit.constLast().y(), double(*limit));
            }
        }
        QVERIFY(tenantsChecked >= 30);
        QCOMPARE(tenantEntries, std::int64_t(index.size()));
        QCOMPARE(platformPayments.succeeded, succeeded);
        QCOMPARE(platformPayments.failed, failed);
        QVERIFY(failed > 0 && succeeded > 0);
    }

    void bucketWidthsAreRound_data()
    {
        QTest::addColumn<qint64>("minimum");
        QTest::addColumn<qint64>("width");
        QTest::newRow("below a second") << qint64(95) << qint64(1000);
        QTest::newRow("exact") << qint64(5000) << qint64(5000);
        QTest::newRow("between") << qint64(61'000) << qint64(120'000);
        QTest::newRow("hours") << qint64(4 * 3'600'000) << qint64(6 * 3'600'000);
        QTest::newRow("a day") << qint64(cd::models::DayMs) << qint64(cd::models::DayMs);
        QTest::newRow("weeks") << qint64(8 * cd::models::DayMs) << qint64(14 * cd::models::DayMs);
        QTest::newRow("beyond the table") << qint64(100 * cd::models::DayMs) << qint64(112 * cd::models::DayMs);
    }

    void bucketWidthsAreRound()
    {
        QFETCH(qint64, minimum);
        QFETCH(qint64, width);
        QCOMPARE(cd::models::niceBucketMs(minimum), width);
    }

    // Not a pass/fail timing: shows what a tenant of ~1,000 events costs.
    void tenantSeriesCost()
    {
        const auto entries = cd::history::test::randomJournal(50'000, 50, 11);
        cd::history::History history;
        history.append(entries);
        const auto view = history.view();
        const auto* busiest = &view.index().tenantLogs().front();
        for (const auto& log : view.index().tenantLogs())
            if (log.positions.size() > busiest->positions.size())
                busiest = &log;
        const std::string_view tenant = view.pool().view(busiest->tenant);
        QElapsedTimer timer;
        timer.start();
        const auto usage = cd::models::computeUsageChart(view, tenant);
        const auto payments = cd::models::computeTenantPayments(view, tenant);
        const auto rate = cd::models::computeTenantEventRate(view, tenant);
        qInfo("tenant of %zu events: usage, payments and rate in %.3f ms", busiest->positions.size(),
            double(timer.nsecsElapsed()) / 1e6);
        QCOMPARE(rate.total, std::int64_t(busiest->positions.size()));
        QVERIFY(!usage.features.isEmpty());
        QVERIFY(!payments.buckets.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestChartModels)
#include "tst_chart_models.moc"
