#include "ui/charts/payments_chart.h"

#include "models/chart_data.h"
#include "models/chart_model.h"
#include "ui/charts/chart_style.h"
#include "ui/charts/utc_time_axis.h"

#include <QAreaSeries>
#include <QChart>
#include <QCursor>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>

namespace cd::ui {

namespace {

// Amounts are cents, as billing events carry them.
QString money(double cents)
{
    return QLocale().toString(cents / 100, 'f', 2);
}

// One bar from x0 to x1, height h, on the baseline.
void appendBar(QList<QPointF>& vertices, double x0, double x1, double h)
{
    vertices << QPointF(x0, 0) << QPointF(x0, h) << QPointF(x1, h) << QPointF(x1, 0);
}

} // namespace

PaymentsChart::PaymentsChart(models::ChartModel* model, QWidget* parent)
    : ChartPage(model, parent)
    , m_succeededTop(new QLineSeries(chart()))
    , m_failedTop(new QLineSeries(chart()))
    , m_succeeded(new QAreaSeries(m_succeededTop))
    , m_failed(new QAreaSeries(m_failedTop))
{
    setObjectName(QStringLiteral("paymentsChart"));
    m_succeeded->setName(tr("Succeeded"));
    m_failed->setName(tr("Failed"));
    // Stacked: each failed bar reaches succeeded + failed and the succeeded
    // bar is drawn over its lower part.
    attach(m_failed);
    attach(m_succeeded);
    valueAxis()->setTitleText(tr("Payments (count)"));
    connect(m_succeeded, &QAreaSeries::hovered, this, &PaymentsChart::showTip);
    connect(m_failed, &QAreaSeries::hovered, this, &PaymentsChart::showTip);
    refresh();
}

void PaymentsChart::rebuild(const models::ChartSnapshot& snapshot)
{
    const models::PaymentsChartData& chartData = snapshot.payments;
    QString message = sourceMessage(snapshot);
    if (message.isEmpty() && !snapshot.tenant.isEmpty() && !snapshot.usage.tenantInJournal)
        message = tr("Tenant %1 is not in this journal.").arg(snapshot.tenant);
    else if (message.isEmpty() && chartData.buckets.isEmpty())
        message = snapshot.tenant.isEmpty() ? tr("No payments in this journal.")
                                            : tr("Tenant %1 has no billing cycles.").arg(snapshot.tenant);
    if (!message.isEmpty()) {
        m_succeededTop->clear();
        m_failedTop->clear();
        showMessage(message);
        return;
    }

    // A bar stays visible however short its cycle or bucket.
    const double minWidth = double(std::max<std::int64_t>(chartData.endMs - chartData.startMs, 1)) / 150;
    QList<QPointF> succeeded;
    QList<QPointF> failed;
    int top = 0;
    for (const auto& bucket : chartData.buckets) {
        const double x0 = double(bucket.startMs);
        const double width = std::max(double(bucket.endMs - bucket.startMs), minWidth);
        if (bucket.succeeded > 0)
            appendBar(succeeded, x0 + 0.1 * width, x0 + 0.9 * width, bucket.succeeded);
        if (bucket.failed > 0)
            appendBar(failed, x0 + 0.1 * width, x0 + 0.9 * width, bucket.succeeded + bucket.failed);
        top = std::max(top, bucket.succeeded + bucket.failed);
    }
    m_succeededTop->replace(succeeded);
    m_failedTop->replace(failed);
    // An empty area series still draws a stray edge: hide it, keep its legend entry.
    m_succeeded->setVisible(!succeeded.isEmpty());
    m_failed->setVisible(!failed.isEmpty());
    for (QAbstractSeries* series :
        { static_cast<QAbstractSeries*>(m_succeeded), static_cast<QAbstractSeries*>(m_failed) })
        for (QLegendMarker* marker : chart()->legend()->markers(series))
            marker->setVisible(true);

    const QString totals = tr("%1 succeeded, %2 failed").arg(chartData.succeeded).arg(chartData.failed);
    if (chartData.perCycle)
        chart()->setTitle(tr("Payments of %1 per billing cycle: %2").arg(snapshot.tenant, totals));
    else
        chart()->setTitle(
            tr("Payments per %1, all tenants: %2").arg(UtcTimeAxis::durationText(chartData.bucketMs), totals));
    setNiceValueRange(valueAxis(), top, true);
    // The last bar may reach past the journal's end when it is short.
    std::int64_t end = chartData.endMs;
    for (const auto& bucket : chartData.buckets)
        end = std::max(end, bucket.startMs + std::int64_t(std::max(double(bucket.endMs - bucket.startMs), minWidth)));
    setTimeRange(std::min(chartData.startMs, chartData.buckets.constFirst().startMs), end);
    showChart();
}

void PaymentsChart::applyColors()
{
    const ChartColors colors = chartColors(palette());
    QColor fill = colors.succeeded;
    fill.setAlpha(200);
    m_succeeded->setBrush(fill);
    m_succeeded->setPen(Qt::NoPen); // an outline would draw the baseline between bars
    fill = colors.failed;
    fill.setAlpha(200);
    m_failed->setBrush(fill);
    m_failed->setPen(Qt::NoPen);
}

void PaymentsChart::showTip(const QPointF& point, bool state)
{
    const auto snapshot = model()->snapshot();
    if (!state || !snapshot) {
        QToolTip::hideText();
        return;
    }
    for (const auto& bucket : snapshot->payments.buckets) {
        if (point.x() < double(bucket.startMs) || point.x() > double(std::max(bucket.endMs, bucket.startMs + 1)))
            continue;
        const QString head = bucket.cycleId.isEmpty()
            ? UtcTimeAxis::formatUtc(bucket.startMs)
            : tr("Cycle %1 (from %2)").arg(bucket.cycleId, UtcTimeAxis::formatUtc(bucket.startMs));
        QToolTip::showText(QCursor::pos(),
            tr("%1\nSucceeded: %2 (%3)\nFailed: %4 (%5)")
                .arg(head)
                .arg(bucket.succeeded)
                .arg(money(bucket.succeededAmount))
                .arg(bucket.failed)
                .arg(money(bucket.failedAmount)),
            this);
        return;
    }
}

} // namespace cd::ui
