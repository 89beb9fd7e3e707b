#include "ui/charts/utc_time_axis.h"

#include "models/chart_time.h"

#include <QDateTime>

#include <algorithm>

namespace cd::ui {

namespace {

QDateTime utc(std::int64_t ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

} // namespace

UtcTimeAxis::UtcTimeAxis(QObject* parent)
    : QCategoryAxis(parent)
{
    setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    setTitleText(tr("Time (UTC)"));
}

void UtcTimeAxis::setTimeRange(std::int64_t startMs, std::int64_t endMs, int maxTicks)
{
    if (endMs <= startMs) {
        startMs -= 30 * models::SecondMs;
        endMs = startMs + 60 * models::SecondMs;
    }
    maxTicks = std::max(maxTicks, 1);
    const std::int64_t step = models::niceBucketMs((endMs - startMs + maxTicks - 1) / maxTicks);
    if (startMs == m_startMs && endMs == m_endMs && step == m_stepMs)
        return;
    m_startMs = startMs;
    m_endMs = endMs;
    m_stepMs = step;

    const QStringList old = categoriesLabels();
    for (const QString& label : old)
        remove(label);
    const bool spanDays = utc(startMs).date() != utc(endMs).date();
    setStartValue(double(startMs));
    // No label within a third of a step of either end: it would be clipped
    // at the chart's edge or collide with the value axis.
    for (std::int64_t tick = models::floorDiv(startMs, step) * step; tick <= endMs; tick += step)
        if (tick - startMs >= step / 3 && endMs - tick >= step / 3)
            append(tickLabel(tick, step, spanDays), double(tick));
    setRange(double(startMs), double(endMs));
    // The date goes to the title when the labels leave it out.
    if (step < models::DayMs && !spanDays)
        setTitleText(tr("Time (UTC), %1").arg(utc(startMs).toString(QStringLiteral("yyyy-MM-dd"))));
    else
        setTitleText(tr("Time (UTC)"));
}

QString UtcTimeAxis::tickLabel(std::int64_t ms, std::int64_t stepMs, bool spanDays)
{
    if (stepMs >= models::DayMs)
        return utc(ms).toString(QStringLiteral("yyyy-MM-dd"));
    const bool seconds = stepMs % (60 * models::SecondMs) != 0;
    QString format = seconds ? QStringLiteral("HH:mm:ss") : QStringLiteral("HH:mm");
    if (spanDays)
        format.prepend(QStringLiteral("MM-dd "));
    return utc(ms).toString(format);
}

QString UtcTimeAxis::formatUtc(std::int64_t ms)
{
    const QDateTime time = utc(ms);
    const QString format
        = time.time().msec() != 0 ? QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz") : QStringLiteral("yyyy-MM-dd HH:mm:ss");
    return time.toString(format) + QStringLiteral(" UTC");
}

QString UtcTimeAxis::durationText(std::int64_t ms)
{
    struct Unit {
        std::int64_t ms;
        const char* one;
        const char* many;
    };
    static const Unit Units[] = {
        { models::DayMs, QT_TR_NOOP("day"), QT_TR_NOOP("%1 days") },
        { 3'600'000, QT_TR_NOOP("hour"), QT_TR_NOOP("%1 hours") },
        { 60'000, QT_TR_NOOP("minute"), QT_TR_NOOP("%1 minutes") },
        { models::SecondMs, QT_TR_NOOP("second"), QT_TR_NOOP("%1 seconds") },
    };
    for (const Unit& unit : Units) {
        if (ms % unit.ms != 0)
            continue;
        const std::int64_t n = ms / unit.ms;
        return n == 1 ? tr(unit.one) : tr(unit.many).arg(n);
    }
    return tr("%1 ms").arg(ms);
}

} // namespace cd::ui
