#include "ui/charts/event_rate_chart.h"

#include "models/chart_data.h"
#include "models/chart_model.h"
#include "models/chart_time.h"
#include "ui/charts/chart_style.h"
#include "ui/charts/utc_time_axis.h"

#include <QAreaSeries>
#include <QChart>
#include <QCursor>
#include <QLineSeries>
#include <QToolTip>
#include <QValueAxis>

namespace cd::ui {

EventRateChart::EventRateChart(models::ChartModel* model, QWidget* parent)
    : ChartPage(model, parent)
    , m_top(new QLineSeries(chart()))
    , m_area(new QAreaSeries(m_top))
{
    setObjectName(QStringLiteral("eventRateChart"));
    m_area->setName(tr("Entries"));
    attach(m_area);
    connect(m_area, &QAreaSeries::hovered, this, &EventRateChart::showTip);
    refresh();
}

void EventRateChart::rebuild(const models::ChartSnapshot& snapshot)
{
    const models::EventRateChartData& chartData = snapshot.rate;
    QString message = sourceMessage(snapshot);
    if (message.isEmpty() && chartData.counts.isEmpty())
        message = snapshot.tenant.isEmpty() ? tr("This journal has no entries.")
                                            : tr("Tenant %1 is not in this journal.").arg(snapshot.tenant);
    if (!message.isEmpty()) {
        m_top->clear();
        showMessage(message);
        return;
    }
    // A histogram: each bucket's count holds over its width, down to zero at both ends.
    const double first = chartData.counts.constFirst().x();
    const double end = chartData.counts.constLast().x() + double(chartData.bucketMs);
    QList<QPointF> vertices { QPointF(first, 0) };
    vertices += stepVertices(chartData.counts, end);
    vertices.append(QPointF(end, 0));
    m_top->replace(vertices);

    const QString per = UtcTimeAxis::durationText(chartData.bucketMs);
    const QString who = chartData.tenant.isEmpty() ? tr("all tenants") : tr("tenant %1").arg(chartData.tenant);
    chart()->setTitle(tr("Event rate, %1: %2 entries").arg(who).arg(chartData.total));
    valueAxis()->setTitleText(tr("Entries per %1").arg(per));
    setNiceValueRange(valueAxis(), double(chartData.peak), true);
    setTimeRange(std::int64_t(first), std::int64_t(end));
    showChart();
}

void EventRateChart::applyColors()
{
    const ChartColors colors = chartColors(palette());
    QColor fill = colors.rate;
    fill.setAlpha(150);
    m_area->setBrush(fill);
    m_area->setPen(QPen(colors.rate, 1.5));
}

void EventRateChart::showTip(const QPointF& point, bool state)
{
    const auto snapshot = model()->snapshot();
    if (!state || !snapshot || snapshot->rate.counts.isEmpty()) {
        QToolTip::hideText();
        return;
    }
    const models::EventRateChartData& chartData = snapshot->rate;
    const std::int64_t first = std::int64_t(chartData.counts.constFirst().x());
    const std::int64_t b = models::floorDiv(std::int64_t(point.x()) - first, chartData.bucketMs);
    if (b < 0 || b >= chartData.counts.size())
        return;
    QToolTip::showText(QCursor::pos(),
        tr("%1 entries\nfrom %2\nfor %3")
            .arg(qint64(chartData.counts[b].y()))
            .arg(UtcTimeAxis::formatUtc(first + b * chartData.bucketMs), UtcTimeAxis::durationText(chartData.bucketMs)),
        this);
}

} // namespace cd::ui
