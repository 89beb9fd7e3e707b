#include "ui/charts/chart_page.h"

#include "models/chart_data.h"
#include "models/chart_model.h"
#include "ui/charts/chart_style.h"
#include "ui/charts/utc_time_axis.h"

#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QStackedWidget>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>

namespace cd::ui {

namespace {

// Room per time label, so they never overlap ("MM-dd HH:mm:ss" at ~8 px a glyph).
constexpr int TickSpacingPx = 120;

} // namespace

ChartPage::ChartPage(models::ChartModel* model, QWidget* parent)
    : QWidget(parent)
    , m_model(model)
    , m_stack(new QStackedWidget(this))
    , m_message(new QLabel(m_stack))
    , m_chartPage(new QWidget(m_stack))
    , m_chartLayout(new QVBoxLayout(m_chartPage))
    , m_chart(new QChart)
    , m_view(new QChartView(m_chart, m_chartPage))
    , m_timeAxis(new UtcTimeAxis(m_chart))
    , m_valueAxis(new QValueAxis(m_chart))
    , m_cursor(new QLineSeries(m_chart))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);

    m_message->setObjectName(QStringLiteral("chartMessage"));
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    m_message->setMargin(24);
    m_message->setForegroundRole(QPalette::PlaceholderText);
    m_stack->addWidget(m_message);

    m_chartLayout->setContentsMargins(0, 0, 0, 0);
    m_chartLayout->addWidget(m_view, 1);
    m_stack->addWidget(m_chartPage);

    m_view->setObjectName(QStringLiteral("chartView"));
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setMinimumSize(320, 200);
    m_chart->setMargins(QMargins(8, 8, 8, 8));
    m_chart->addAxis(m_timeAxis, Qt::AlignBottom);
    m_chart->addAxis(m_valueAxis, Qt::AlignLeft);

    m_cursor->setName(tr("Cursor"));
    m_chart->addSeries(m_cursor);
    m_cursor->attachAxis(m_timeAxis);
    m_cursor->attachAxis(m_valueAxis);

    connect(m_model, &models::ChartModel::snapshotChanged, this, &ChartPage::refresh);
    connect(m_model, &models::ChartModel::cursorWallChanged, this, &ChartPage::updateCursor);
    connect(m_valueAxis, &QValueAxis::rangeChanged, this, &ChartPage::updateCursor);
    connect(m_chart, &QChart::plotAreaChanged, this, &ChartPage::updateTicks);
}

QString ChartPage::message() const
{
    return showsChart() ? QString() : m_message->text();
}

bool ChartPage::showsChart() const
{
    return m_stack->currentWidget() == m_chartPage;
}

void ChartPage::refresh()
{
    rebuild(*m_model->snapshot());
    applyColors();
    styleChart(m_chart, palette());
    QPen pen(chartColors(palette()).cursor, 1.5, Qt::SolidLine);
    m_cursor->setPen(pen);
    updateCursor();
}

void ChartPage::attach(QAbstractSeries* series)
{
    // Series draw in the order added: keep the cursor line on top.
    m_chart->removeSeries(m_cursor);
    m_chart->addSeries(series);
    series->attachAxis(m_timeAxis);
    series->attachAxis(m_valueAxis);
    m_chart->addSeries(m_cursor);
    m_cursor->attachAxis(m_timeAxis);
    m_cursor->attachAxis(m_valueAxis);
    const auto markers = m_chart->legend()->markers(m_cursor);
    for (QLegendMarker* marker : markers)
        marker->setVisible(false);
}

void ChartPage::setTimeRange(std::int64_t startMs, std::int64_t endMs)
{
    m_startMs = startMs;
    m_endMs = endMs;
    updateTicks();
    updateCursor();
}

void ChartPage::updateTicks()
{
    // The plot area is laid out lazily; the view's width (less the value
    // axis) stands in until it is.
    const int width = std::max(int(m_chart->plotArea().width()), m_view->width() - 120);
    m_timeAxis->setTimeRange(m_startMs, m_endMs, std::max(2, width / TickSpacingPx));
}

void ChartPage::updateCursor()
{
    const auto wallMs = m_model->cursorWallMs();
    const bool inside = wallMs && double(*wallMs) >= m_timeAxis->min() && double(*wallMs) <= m_timeAxis->max();
    if (!inside) {
        m_cursor->clear();
        return;
    }
    const double x = double(*wallMs);
    m_cursor->replace(QList<QPointF> { QPointF(x, m_valueAxis->min()), QPointF(x, m_valueAxis->max()) });
}

void ChartPage::showMessage(const QString& text)
{
    m_message->setText(text);
    m_stack->setCurrentWidget(m_message);
}

void ChartPage::showChart()
{
    m_stack->setCurrentWidget(m_chartPage);
}

QString ChartPage::sourceMessage(const models::ChartSnapshot& snapshot)
{
    using Source = models::ChartSnapshot::Source;
    switch (snapshot.source) {
    case Source::NoJournal:
        return tr("Open a journal to see its charts.");
    case Source::Indexing:
        return tr("Indexing the journal… the charts appear when it is ready.");
    case Source::Failed:
        return tr("The journal could not be opened.");
    case Source::Ready:
        break;
    }
    return {};
}

void ChartPage::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        applyColors();
        styleChart(m_chart, palette());
        m_cursor->setPen(QPen(chartColors(palette()).cursor, 1.5));
    }
}

} // namespace cd::ui
