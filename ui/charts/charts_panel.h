#pragma once

#include <QWidget>

class QTabWidget;

namespace cd::models {
class ChartModel;
class JournalDocument;
} // namespace cd::models

namespace cd::ui {

class EventRateChart;
class PaymentsChart;
class UsageChart;

// The charts of a journal, fed by a ChartModel that follows the document and
// its selected tenant: usage against limits, payments and failures, event
// rate, each with the cursor as a vertical line. The model computes only
// while the panel is visible.
class ChartsPanel : public QWidget {
    Q_OBJECT
public:
    explicit ChartsPanel(models::JournalDocument* document, QWidget* parent = nullptr);

    models::ChartModel* model() const { return m_model; }
    QTabWidget* tabs() const { return m_tabs; }
    UsageChart* usageChart() const { return m_usage; }
    PaymentsChart* paymentsChart() const { return m_payments; }
    EventRateChart* eventRateChart() const { return m_rate; }

protected:
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    models::ChartModel* m_model;
    QTabWidget* m_tabs;
    UsageChart* m_usage;
    PaymentsChart* m_payments;
    EventRateChart* m_rate;
};

} // namespace cd::ui
