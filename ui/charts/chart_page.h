#pragma once

#include <QWidget>

#include <cstdint>

class QAbstractSeries;
class QChart;
class QChartView;
class QLabel;
class QLineSeries;
class QStackedWidget;
class QValueAxis;
class QVBoxLayout;

namespace cd::models {
class ChartModel;
struct ChartSnapshot;
} // namespace cd::models

namespace cd::ui {

class UtcTimeAxis;

// One chart of the charts panel: a QChart over a UTC time axis and a value
// axis, a vertical cursor line at the document's cursor, and an empty-state
// text in place of the chart when there is nothing to draw. Subclasses turn
// a ChartSnapshot into series in rebuild(); this class keeps the axes, the
// cursor line and the colours in step.
class ChartPage : public QWidget {
    Q_OBJECT
public:
    ChartPage(models::ChartModel* model, QWidget* parent = nullptr);

    QChart* chart() const { return m_chart; }
    QChartView* chartView() const { return m_view; }
    UtcTimeAxis* timeAxis() const { return m_timeAxis; }
    QValueAxis* valueAxis() const { return m_valueAxis; }
    QLineSeries* cursorLine() const { return m_cursor; }
    // The empty-state text when it is shown, else empty.
    QString message() const;
    bool showsChart() const;

protected:
    // Draws snapshot; calls showMessage() or showChart().
    virtual void rebuild(const models::ChartSnapshot& snapshot) = 0;
    // Series colours for the current palette.
    virtual void applyColors() = 0;

    // Subclass constructors call this last (rebuild is virtual).
    void refresh();
    models::ChartModel* model() const { return m_model; }
    // Controls above the chart (a feature picker) go here.
    QVBoxLayout* chartLayout() const { return m_chartLayout; }

    // Adds a series on the time and value axes, under the cursor line.
    void attach(QAbstractSeries* series);
    void setTimeRange(std::int64_t startMs, std::int64_t endMs);
    void showMessage(const QString& text);
    void showChart();
    // The text for a journal that is not ready, else empty.
    static QString sourceMessage(const models::ChartSnapshot& snapshot);

    void changeEvent(QEvent* event) override;

private:
    void updateCursor();
    void updateTicks();

    models::ChartModel* m_model;
    QStackedWidget* m_stack;
    QLabel* m_message;
    QWidget* m_chartPage;
    QVBoxLayout* m_chartLayout;
    QChart* m_chart;
    QChartView* m_view;
    UtcTimeAxis* m_timeAxis;
    QValueAxis* m_valueAxis;
    QLineSeries* m_cursor;
    std::int64_t m_startMs = 0;
    std::int64_t m_endMs = 0;
};

} // namespace cd::ui
