#include "ui/charts/charts_panel.h"

#include "models/chart_model.h"
#include "ui/charts/event_rate_chart.h"
#include "ui/charts/payments_chart.h"
#include "ui/charts/usage_chart.h"

#include <QTabWidget>
#include <QVBoxLayout>

namespace cd::ui {

ChartsPanel::ChartsPanel(models::JournalDocument* document, QWidget* parent)
    : QWidget(parent)
    , m_model(new models::ChartModel(document, this))
    , m_tabs(new QTabWidget(this))
    , m_usage(new UsageChart(m_model, m_tabs))
    , m_payments(new PaymentsChart(m_model, m_tabs))
    , m_rate(new EventRateChart(m_model, m_tabs))
{
    setObjectName(QStringLiteral("chartsPanel"));
    // Hidden until shown: nothing to compute for a panel nobody sees.
    m_model->setActive(false);
    m_tabs->setObjectName(QStringLiteral("chartTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_usage, tr("&Usage vs limit"));
    m_tabs->addTab(m_payments, tr("&Payments"));
    m_tabs->addTab(m_rate, tr("Event &rate"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);
}

void ChartsPanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    m_model->setActive(true);
}

void ChartsPanel::hideEvent(QHideEvent* event)
{
    QWidget::hideEvent(event);
    m_model->setActive(false);
}

} // namespace cd::ui
