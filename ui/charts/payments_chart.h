#pragma once

#include "ui/charts/chart_page.h"

class QAreaSeries;
class QLineSeries;

namespace cd::ui {

// Payments and failures over time: for the selected tenant one pair of bars
// per billing cycle (spanning the cycle), platform-wide per day (finer for a
// short journal). Bars sit on the time axis so the cursor line and the other
// charts line up with them.
class PaymentsChart : public ChartPage {
    Q_OBJECT
public:
    explicit PaymentsChart(models::ChartModel* model, QWidget* parent = nullptr);

    QAreaSeries* succeededSeries() const { return m_succeeded; }
    QAreaSeries* failedSeries() const { return m_failed; }

protected:
    void rebuild(const models::ChartSnapshot& snapshot) override;
    void applyColors() override;

private:
    void showTip(const QPointF& point, bool state);

    QLineSeries* m_succeededTop;
    QLineSeries* m_failedTop;
    QAreaSeries* m_succeeded;
    QAreaSeries* m_failed;
};

} // namespace cd::ui
