#include "ui/charts/chart_style.h"

#include <QAbstractAxis>
#include <QChart>
#include <QLegend>
#include <QPalette>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace cd::ui {

namespace {

QColor mix(const QColor& a, const QColor& b, double t)
{
    return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t), float(a.greenF() * (1 - t) + b.greenF() * t),
        float(a.blueF() * (1 - t) + b.blueF() * t));
}

// 1, 2 or 5 times a power of ten, at least value.
double niceStep(double value)
{
    if (value <= 0)
        return 1;
    const double magnitude = std::pow(10.0, std::floor(std::log10(value)));
    for (const double factor : { 1.0, 2.0, 5.0, 10.0 })
        if (factor * magnitude >= value)
            return factor * magnitude;
    return 10 * magnitude;
}

} // namespace

bool isDarkPalette(const QPalette& palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

ChartColors chartColors(const QPalette& palette)
{
    if (isDarkPalette(palette))
        return { QColor(0x6c, 0xb4, 0xf0), QColor(0xff, 0x8a, 0x80), QColor(0xff, 0xb7, 0x4d), QColor(0x81, 0xd6, 0x8a),
            QColor(0xff, 0x6e, 0x6e), QColor(0x6c, 0xb4, 0xf0), QColor(0xe5, 0x9c, 0xf5) };
    return { QColor(0x1f, 0x6f, 0xc0), QColor(0xc6, 0x28, 0x28), QColor(0xe6, 0x7e, 0x00), QColor(0x2e, 0x8b, 0x3e),
        QColor(0xc6, 0x28, 0x28), QColor(0x1f, 0x6f, 0xc0), QColor(0x8e, 0x24, 0xaa) };
}

void styleChart(QChart* chart, const QPalette& palette)
{
    const QColor base = palette.color(QPalette::Base);
    const QColor text = palette.color(QPalette::Text);
    chart->setBackgroundBrush(base);
    chart->setBackgroundPen(Qt::NoPen);
    chart->setBackgroundRoundness(0);
    chart->setPlotAreaBackgroundVisible(false);
    chart->setTitleBrush(text);
    chart->legend()->setLabelColor(text);
    chart->legend()->setAlignment(Qt::AlignBottom);
    const auto axes = chart->axes();
    for (QAbstractAxis* axis : axes)
        styleAxis(axis, palette);
}

void styleAxis(QAbstractAxis* axis, const QPalette& palette)
{
    const QColor base = palette.color(QPalette::Base);
    const QColor text = palette.color(QPalette::Text);
    axis->setLabelsBrush(text);
    axis->setTitleBrush(text);
    axis->setLinePenColor(mix(base, text, 0.5));
    axis->setGridLineColor(mix(base, text, 0.15));
    axis->setShadesVisible(false);
}

void setNiceValueRange(QValueAxis* axis, double maxValue, bool integers)
{
    double step = niceStep(maxValue / 5);
    if (integers)
        step = std::max(step, 1.0);
    double top = std::max(step, std::ceil(maxValue / step) * step);
    if (top <= maxValue)
        top += step; // headroom: the highest value never touches the frame
    // Interval first: the range change is what lays the axis out again (a
    // stale interval over a new range draws thousands of grid lines).
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0);
    axis->setTickInterval(step);
    const int decimals = step >= 1 ? 0 : int(std::ceil(-std::log10(step)));
    axis->setLabelFormat(QStringLiteral("%.") + QString::number(decimals) + QStringLiteral("f"));
    axis->setRange(0, top);
}

QList<QPointF> stepVertices(const QVector<QPointF>& changes, double endX)
{
    QList<QPointF> vertices;
    vertices.reserve(changes.size() * 2 + 1);
    for (qsizetype i = 0; i < changes.size(); ++i) {
        if (i > 0)
            vertices.append(QPointF(changes[i].x(), changes[i - 1].y()));
        vertices.append(changes[i]);
    }
    if (!changes.isEmpty() && endX > changes.constLast().x())
        vertices.append(QPointF(endX, changes.constLast().y()));
    return vertices;
}

} // namespace cd::ui
