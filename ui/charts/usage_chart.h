#pragma once

#include "ui/charts/chart_page.h"

#include <QString>

class QComboBox;
class QLineSeries;
class QScatterSeries;

namespace cd::ui {

// Usage against its plan limit over time for the selected tenant, one
// feature at a time (their scales differ by orders of magnitude): the
// cumulative usage and the limit as step lines, limit breaches as points.
class UsageChart : public ChartPage {
    Q_OBJECT
public:
    explicit UsageChart(models::ChartModel* model, QWidget* parent = nullptr);

    // The feature shown (a name of the snapshot's usage features), if any.
    QString feature() const;
    void setFeature(const QString& feature);

    // Axis title for a usage feature ("API calls", "Storage (MB)", ...).
    static QString featureTitle(const QString& feature);

protected:
    void rebuild(const models::ChartSnapshot& snapshot) override;
    void applyColors() override;

private:
    QComboBox* m_features;
    QLineSeries* m_usage;
    QLineSeries* m_limit;
    QScatterSeries* m_breaches;
    QString m_wanted; // the user's pick, kept across tenants that have it
};

} // namespace cd::ui
