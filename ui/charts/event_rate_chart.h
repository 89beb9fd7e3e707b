#pragma once

#include "ui/charts/chart_page.h"

class QAreaSeries;
class QLineSeries;

namespace cd::ui {

// Entries per time bucket, platform-wide or for the selected tenant, as a
// histogram on the time axis.
class EventRateChart : public ChartPage {
    Q_OBJECT
public:
    explicit EventRateChart(models::ChartModel* model, QWidget* parent = nullptr);

    QAreaSeries* rateSeries() const { return m_area; }

protected:
    void rebuild(const models::ChartSnapshot& snapshot) override;
    void applyColors() override;

private:
    void showTip(const QPointF& point, bool state);

    QLineSeries* m_top;
    QAreaSeries* m_area;
};

} // namespace cd::ui
