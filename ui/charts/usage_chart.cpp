#include "ui/charts/usage_chart.h"

#include "models/chart_data.h"
#include "models/chart_model.h"
#include "ui/charts/chart_style.h"
#include "ui/charts/utc_time_axis.h"

#include <QChart>
#include <QComboBox>
#include <QCursor>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QScatterSeries>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>

namespace cd::ui {

namespace {

double maxY(const QVector<QPointF>& points)
{
    double top = 0;
    for (const QPointF& p : points)
        top = std::max(top, p.y());
    return top;
}

} // namespace

UsageChart::UsageChart(models::ChartModel* model, QWidget* parent)
    : ChartPage(model, parent)
    , m_features(new QComboBox(this))
    , m_usage(new QLineSeries(chart()))
    , m_limit(new QLineSeries(chart()))
    , m_breaches(new QScatterSeries(chart()))
{
    setObjectName(QStringLiteral("usageChart"));
    auto* row = new QHBoxLayout;
    row->setContentsMargins(8, 4, 8, 0);
    auto* label = new QLabel(tr("&Feature:"), this);
    label->setBuddy(m_features);
    m_features->setObjectName(QStringLiteral("usageFeature"));
    m_features->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    row->addWidget(label);
    row->addWidget(m_features);
    row->addStretch(1);
    chartLayout()->insertLayout(0, row);

    m_usage->setName(tr("Usage"));
    m_limit->setName(tr("Plan limit"));
    m_breaches->setName(tr("Limit exceeded"));
    m_breaches->setMarkerSize(9);
    attach(m_limit);
    attach(m_usage);
    attach(m_breaches);

    const auto tip = [this](const QPointF& point, bool state) {
        if (!state) {
            QToolTip::hideText();
            return;
        }
        QToolTip::showText(QCursor::pos(),
            tr("%1: %2\n%3")
                .arg(featureTitle(feature()), QString::number(point.y(), 'g', 12),
                    UtcTimeAxis::formatUtc(std::int64_t(point.x()))),
            this);
    };
    connect(m_usage, &QLineSeries::hovered, this, tip);
    connect(m_breaches, &QScatterSeries::hovered, this, tip);
    connect(m_features, &QComboBox::activated, this, [this](int index) {
        m_wanted = m_features->itemText(index);
        refresh();
    });
    refresh();
}

QString UsageChart::feature() const
{
    return m_features->currentText();
}

void UsageChart::setFeature(const QString& feature)
{
    m_wanted = feature;
    refresh();
}

QString UsageChart::featureTitle(const QString& feature)
{
    if (feature == QLatin1String("api_calls"))
        return tr("API calls");
    if (feature == QLatin1String("storage_mb"))
        return tr("Storage (MB)");
    if (feature == QLatin1String("users"))
        return tr("Users (members)");
    return feature;
}

void UsageChart::rebuild(const models::ChartSnapshot& snapshot)
{
    const models::UsageChartData& chartData = snapshot.usage;
    const QString notReady = sourceMessage(snapshot);
    QString message;
    if (!notReady.isEmpty())
        message = notReady;
    else if (snapshot.tenant.isEmpty())
        message = tr("Select a tenant to chart its usage against its plan limits.");
    else if (!chartData.tenantInJournal)
        message = tr("Tenant %1 is not in this journal.").arg(snapshot.tenant);
    else if (!chartData.tenantCreated)
        message
            = tr("Tenant %1 is never created in this journal, so nothing counts as its usage.").arg(snapshot.tenant);
    else if (chartData.features.isEmpty())
        message = tr("Tenant %1 has no users and has recorded no usage.").arg(snapshot.tenant);

    m_features->blockSignals(true);
    m_features->clear();
    for (const auto& series : chartData.features)
        m_features->addItem(series.feature);
    int current = m_features->findText(m_wanted);
    m_features->setCurrentIndex(current >= 0 ? current : 0);
    m_features->blockSignals(false);
    if (!message.isEmpty()) {
        m_usage->clear();
        m_limit->clear();
        m_breaches->clear();
        showMessage(message);
        return;
    }
    current = m_features->currentIndex();
    const models::UsageFeatureSeries& series = chartData.features[current];
    const double end = double(chartData.endMs);
    m_usage->replace(stepVertices(series.usage, end));
    m_limit->replace(stepVertices(series.limit, end));
    m_breaches->replace(QList<QPointF>(series.breaches.begin(), series.breaches.end()));
    chart()->setTitle(tr("Usage of %1 against its plan limit").arg(snapshot.tenant));
    valueAxis()->setTitleText(featureTitle(series.feature));
    setNiceValueRange(valueAxis(), std::max({ maxY(series.usage), maxY(series.limit), maxY(series.breaches) }) * 1.05,
        series.feature == QLatin1String("users") || series.feature == QLatin1String("api_calls"));
    setTimeRange(chartData.startMs, chartData.endMs);
    showChart();
}

void UsageChart::applyColors()
{
    const ChartColors colors = chartColors(palette());
    m_usage->setPen(QPen(colors.usage, 2.5));
    m_limit->setPen(QPen(colors.limit, 2, Qt::DashLine));
    m_breaches->setColor(colors.breach);
    m_breaches->setBorderColor(colors.breach.darker(130));
}

} // namespace cd::ui
