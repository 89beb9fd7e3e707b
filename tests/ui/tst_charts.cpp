#include "models/chart_model.h"
#include "models/journal_document.h"
#include "tests/models/document_test_support.h"
#include "ui/charts/charts_panel.h"
#include "ui/charts/event_rate_chart.h"
#include "ui/charts/payments_chart.h"
#include "ui/charts/usage_chart.h"
#include "ui/charts/utc_time_axis.h"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>
#include <QValueAxis>

#include <ctime>

using cd::models::ChartModel;
using cd::models::ChartSnapshot;
using cd::models::JournalDocument;
using cd::ui::ChartsPanel;
using cd::ui::UtcTimeAxis;

using cd::models::test::dataFile;
using cd::models::test::openAndWait;

namespace {

// sample.ndjson's first entry: 2025-11-24 16:00:00 UTC; entry N is N s later.
constexpr std::int64_t T0 = 1'764'000'000'000;

bool waitForSnapshot(const ChartModel& model, const QString& tenant)
{
    return QTest::qWaitFor(
        [&] {
            const auto s = model.snapshot();
            return s->source == ChartSnapshot::Source::Ready && s->tenant == tenant && !model.isComputing();
        },
        10000);
}

QStringList names(const QChart* chart)
{
    QStringList out;
    const auto series = chart->series();
    for (const auto* s : series)
        out << s->name();
    return out;
}

QStringList visibleLegend(const QChart* chart)
{
    QStringList out;
    const auto markers = chart->legend()->markers();
    for (const auto* m : markers)
        if (m->isVisible())
            out << m->label();
    return out;
}

QString grabTo(QWidget& widget, const QString& name)
{
    // Charts lay out on the event loop: let them before taking the picture.
    QCoreApplication::processEvents();
    QCoreApplication::processEvents();
    const QString path = QStringLiteral("/tmp/chronodesk_charts_") + name + QStringLiteral(".png");
    widget.grab().save(path);
    return path;
}

} // namespace

class TestCharts : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // Labels must read UTC whatever the machine's zone.
        qputenv("TZ", "America/New_York");
        tzset();
    }

    void timeAxisLabelsRoundUtcTimes_data()
    {
        QTest::addColumn<qint64>("start");
        QTest::addColumn<qint64>("end");
        QTest::addColumn<int>("maxTicks");
        QTest::addColumn<QStringList>("labels");
        QTest::addColumn<QString>("title");
        QTest::newRow("seconds") << qint64(T0) << qint64(T0 + 19'000) << 4
                                 << QStringList { QStringLiteral("16:00:05"), QStringLiteral("16:00:10"),
                                        QStringLiteral("16:00:15") }
                                 << QStringLiteral("Time (UTC), 2025-11-24");
        QTest::newRow("minutes") << qint64(T0 - 7 * 60'000) << qint64(T0 + 20 * 60'000) << 3
                                 << QStringList { QStringLiteral("16:00"), QStringLiteral("16:10") }
                                 << QStringLiteral("Time (UTC), 2025-11-24");
        QTest::newRow("across midnight") << qint64(T0 + 6 * 3'600'000) << qint64(T0 + 12 * 3'600'000) << 3
                                         << QStringList { QStringLiteral("11-25 00:00"), QStringLiteral("11-25 02:00") }
                                         << QStringLiteral("Time (UTC)");
        QTest::newRow("days") << qint64(T0) << qint64(T0 + 3 * 86'400'000) << 3
                              << QStringList { QStringLiteral("2025-11-25"), QStringLiteral("2025-11-26"),
                                     QStringLiteral("2025-11-27") }
                              << QStringLiteral("Time (UTC)");
    }

    void timeAxisLabelsRoundUtcTimes()
    {
        QFETCH(qint64, start);
        QFETCH(qint64, end);
        QFETCH(int, maxTicks);
        QFETCH(QStringList, labels);
        QFETCH(QString, title);
        UtcTimeAxis axis;
        axis.setTimeRange(start, end, maxTicks);
        QCOMPARE(axis.categoriesLabels(), labels);
        QCOMPARE(axis.titleText(), title);
        QCOMPARE(axis.min(), double(start));
        QCOMPARE(axis.max(), double(end));
    }

    void panelShowsEmptyStatesWithoutAJournal()
    {
        JournalDocument document;
        ChartsPanel panel(&document);
        QCOMPARE(panel.objectName(), QStringLiteral("chartsPanel"));
        QCOMPARE(panel.tabs()->count(), 3);
        QVERIFY(panel.findChild<cd::ui::UsageChart*>(QStringLiteral("usageChart")));
        QVERIFY(panel.findChild<cd::ui::PaymentsChart*>(QStringLiteral("paymentsChart")));
        QVERIFY(panel.findChild<cd::ui::EventRateChart*>(QStringLiteral("eventRateChart")));
        QCOMPARE(panel.usageChart()->message(), QStringLiteral("Open a journal to see its charts."));
        QCOMPARE(panel.paymentsChart()->message(), QStringLiteral("Open a journal to see its charts."));
        QCOMPARE(panel.eventRateChart()->message(), QStringLiteral("Open a journal to see its charts."));
    }

    void hiddenPanelComputesNothing()
    {
        JournalDocument document;
        document.setIndexCacheDirectory(QString());
        ChartsPanel panel(&document);
        QVERIFY(openAndWait(document, dataFile("sample.ndjson")));
        QVERIFY(!panel.model()->isActive());
        QVERIFY(!panel.model()->isComputing());
        panel.show();
        QVERIFY(panel.model()->isActive());
        QVERIFY(waitForSnapshot(*panel.model(), QString()));
        panel.hide();
        QVERIFY(!panel.model()->isActive());
    }

    void platformWideCharts()
    {
        JournalDocument document;
        document.setIndexCacheDirectory(QString());
        ChartsPanel panel(&document);
        panel.resize(900, 520);
        panel.show();
        QVERIFY(openAndWait(document, dataFile("sample.ndjson")));
        QVERIFY(waitForSnapshot(*panel.model(), QString()));

        // Usage needs a tenant.
        QCOMPARE(panel.usageChart()->message(),
            QStringLiteral("Select a tenant to chart its usage against its plan limits."));

        // Payments: failures at 7, 9 and 11 s, a success at 15 s, one bar each (4 vertices).
        cd::ui::PaymentsChart* payments = panel.paymentsChart();
        QVERIFY(payments->showsChart());
        QCOMPARE(names(payments->chart()),
            (QStringList { QStringLiteral("Failed"), QStringLiteral("Succeeded"), QStringLiteral("Cursor") }));
        QCOMPARE(
            visibleLegend(payments->chart()), (QStringList { QStringLiteral("Failed"), QStringLiteral("Succeeded") }));
        QCOMPARE(payments->succeededSeries()->upperSeries()->count(), 4);
        QCOMPARE(payments->failedSeries()->upperSeries()->count(), 12);
        QCOMPARE(payments->chart()->title(), QStringLiteral("Payments per second, all tenants: 1 succeeded, 3 failed"));
        QCOMPARE(payments->valueAxis()->max(), 2.0);
        QCOMPARE(payments->valueAxis()->titleText(), QStringLiteral("Payments (count)"));

        // Event rate: 20 one-second buckets of one entry: a flat histogram.
        cd::ui::EventRateChart* rate = panel.eventRateChart();
        QVERIFY(rate->showsChart());
        QCOMPARE(rate->chart()->title(), QStringLiteral("Event rate, all tenants: 20 entries"));
        QCOMPARE(rate->valueAxis()->titleText(), QStringLiteral("Entries per second"));
        const auto top = rate->rateSeries()->upperSeries()->points();
        QCOMPARE(top.size(), 42);
        QCOMPARE(top.front(), QPointF(double(T0), 0));
        QCOMPARE(top.back(), QPointF(double(T0 + 20'000), 0));
        QCOMPARE(rate->timeAxis()->min(), double(T0));
        QCOMPARE(rate->timeAxis()->max(), double(T0 + 20'000));

        // The cursor line: at the last entry, then wherever the cursor goes.
        QCOMPARE(rate->cursorLine()->points(),
            (QList<QPointF> { QPointF(double(T0 + 19'000), 0), QPointF(double(T0 + 19'000), 2) }));
        document.setCursor(12);
        QCOMPARE(rate->cursorLine()->points(),
            (QList<QPointF> { QPointF(double(T0 + 12'000), 0), QPointF(double(T0 + 12'000), 2) }));
        QCOMPARE(payments->cursorLine()->at(0).x(), double(T0 + 12'000));
        document.setCursorPosition(-1);
        QCOMPARE(rate->cursorLine()->count(), 0);

        document.setCursor(12);
        panel.tabs()->setCurrentWidget(payments);
        qInfo("%s", qPrintable(grabTo(panel, QStringLiteral("payments_platform"))));
        panel.tabs()->setCurrentWidget(rate);
        qInfo("%s", qPrintable(grabTo(panel, QStringLiteral("rate_platform"))));
    }

    void tenantCharts()
    {
        JournalDocument document;
        document.setIndexCacheDirectory(QString());
        ChartsPanel panel(&document);
        panel.resize(900, 520);
        panel.show();
        QVERIFY(openAndWait(document, dataFile("sample.ndjson")));
        document.setSelectedTenant(QStringLiteral("t-1"));
        QVERIFY(waitForSnapshot(*panel.model(), QStringLiteral("t-1")));

        cd::ui::UsageChart* usage = panel.usageChart();
        QVERIFY(usage->showsChart());
        auto* features = usage->findChild<QComboBox*>(QStringLiteral("usageFeature"));
        QVERIFY(features);
        QCOMPARE(features->count(), 3);
        QCOMPARE(features->itemText(0), QStringLiteral("users"));
        QCOMPARE(names(usage->chart()),
            (QStringList { QStringLiteral("Plan limit"), QStringLiteral("Usage"), QStringLiteral("Limit exceeded"),
                QStringLiteral("Cursor") }));
        QCOMPARE(usage->chart()->title(), QStringLiteral("Usage of t-1 against its plan limit"));

        usage->setFeature(QStringLiteral("api_calls"));
        QCOMPARE(usage->feature(), QStringLiteral("api_calls"));
        QCOMPARE(usage->valueAxis()->titleText(), QStringLiteral("API calls"));
        const auto* chart = usage->chart();
        const auto* usageLine = qobject_cast<QLineSeries*>(chart->series().at(1));
        const auto* limitLine = qobject_cast<QLineSeries*>(chart->series().at(0));
        const auto* breaches = qobject_cast<QScatterSeries*>(chart->series().at(2));
        QVERIFY(usageLine && limitLine && breaches);
        // 0 from 0 s, 150 from 5 s, 0 from 16 s, 20000 from 18 s to the end (19 s), as steps.
        const double t = double(T0);
        QCOMPARE(usageLine->points(),
            (QList<QPointF> { { t, 0 }, { t + 5000, 0 }, { t + 5000, 150 }, { t + 16000, 150 }, { t + 16000, 0 },
                { t + 18000, 0 }, { t + 18000, 20000 }, { t + 19000, 20000 } }));
        QCOMPARE(limitLine->points(), (QList<QPointF> { { t, 10000 }, { t + 19000, 10000 } }));
        QCOMPARE(breaches->points(), (QList<QPointF> { { t + 19000, 20000 } }));
        QVERIFY(usage->valueAxis()->max() >= 20000);
        qInfo("%s", qPrintable(grabTo(panel, QStringLiteral("usage_t1"))));

        // The pick survives a recompute; a tenant without it shows its first feature.
        document.setCursor(17);
        QCOMPARE(usage->cursorLine()->at(0).x(), t + 17000);

        cd::ui::PaymentsChart* payments = panel.paymentsChart();
        QCOMPARE(
            payments->chart()->title(), QStringLiteral("Payments of t-1 per billing cycle: 1 succeeded, 0 failed"));
        QCOMPARE(payments->succeededSeries()->upperSeries()->count(), 4);
        QCOMPARE(payments->failedSeries()->upperSeries()->count(), 0);

        document.setSelectedTenant(QStringLiteral("t-2"));
        QVERIFY(waitForSnapshot(*panel.model(), QStringLiteral("t-2")));
        QCOMPARE(usage->message(), QStringLiteral("Tenant t-2 has no users and has recorded no usage."));
        QCOMPARE(
            payments->chart()->title(), QStringLiteral("Payments of t-2 per billing cycle: 0 succeeded, 3 failed"));
        QCOMPARE(payments->failedSeries()->upperSeries()->count(), 12);
        QCOMPARE(panel.eventRateChart()->chart()->title(), QStringLiteral("Event rate, tenant t-2: 8 entries"));
        panel.tabs()->setCurrentWidget(payments);
        qInfo("%s", qPrintable(grabTo(panel, QStringLiteral("payments_t2"))));
        panel.tabs()->setCurrentWidget(usage);
        qInfo("%s", qPrintable(grabTo(panel, QStringLiteral("usage_t2_empty"))));

        document.setSelectedTenant(QStringLiteral("t-9"));
        QVERIFY(waitForSnapshot(*panel.model(), QStringLiteral("t-9")));
        QCOMPARE(usage->message(), QStringLiteral("Tenant t-9 is not in this journal."));
        QCOMPARE(payments->message(), QStringLiteral("Tenant t-9 is not in this journal."));
        QCOMPARE(panel.eventRateChart()->message(), QStringLiteral("Tenant t-9 is not in this journal."));
    }

    void darkPaletteStaysReadable()
    {
        JournalDocument document;
        document.setIndexCacheDirectory(QString());
        ChartsPanel panel(&document);
        QPalette dark;
        dark.setColor(QPalette::Window, QColor(0x20, 0x22, 0x26));
        dark.setColor(QPalette::Base, QColor(0x1a, 0x1b, 0x1e));
        dark.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
        dark.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
        dark.setColor(QPalette::Button, QColor(0x2a, 0x2c, 0x30));
        dark.setColor(QPalette::ButtonText, QColor(0xe6, 0xe6, 0xe6));
        panel.setPalette(dark);
        panel.resize(900, 520);
        panel.show();
        QVERIFY(openAndWait(document, dataFile("sample.ndjson")));
        document.setSelectedTenant(QStringLiteral("t-1"));
        QVERIFY(waitForSnapshot(*panel.model(), QStringLiteral("t-1")));
        const QChart* chart = panel.usageChart()->chart();
        QCOMPARE(chart->backgroundBrush().color(), QColor(0x1a, 0x1b, 0x1e));
        QCOMPARE(chart->titleBrush().color(), QColor(0xe6, 0xe6, 0xe6));
        const auto* usageLine = qobject_cast<QLineSeries*>(chart->series().at(1));
        QVERIFY(usageLine->pen().color().lightness() > 128);
        panel.usageChart()->setFeature(QStringLiteral("api_calls"));
        qInfo("%s", qPrintable(grabTo(panel, QStringLiteral("usage_t1_dark"))));
    }
};

QTEST_MAIN(TestCharts)
#include "tst_charts.moc"
