#pragma once

#include <QColor>
#include <QList>
#include <QPointF>
#include <QVector>

class QChart;
class QPalette;
class QValueAxis;
class QAbstractAxis;

namespace cd::ui {

// Colours of the chart series, readable on the palette's base colour (a
// dark palette gets lighter, less saturated hues).
struct ChartColors {
    QColor usage;
    QColor limit;
    QColor breach;
    QColor succeeded;
    QColor failed;
    QColor rate;
    QColor cursor;
};

bool isDarkPalette(const QPalette& palette);
ChartColors chartColors(const QPalette& palette);

// Background, title, legend and axis colours from the palette; no Qt Charts
// theme, so restyling keeps the series' own colours.
void styleChart(QChart* chart, const QPalette& palette);
void styleAxis(QAbstractAxis* axis, const QPalette& palette);

// Sets a value axis to [0, a round number > maxValue] with round ticks;
// integers: whole-number ticks (counts).
void setNiceValueRange(QValueAxis* axis, double maxValue, bool integers);

// The vertices of a step line through change points (a value holds until the
// next point's x), ending at endX.
QList<QPointF> stepVertices(const QVector<QPointF>& changes, double endX);

} // namespace cd::ui
