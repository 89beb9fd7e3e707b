#include "ui/timeline/timeline_axis.h"

#include <QDateTime>
#include <QTimeZone>

#include <array>

namespace cd::ui::timeline {

namespace {

constexpr std::int64_t Second = 1000;
constexpr std::int64_t Minute = 60 * Second;
constexpr std::int64_t Hour = 60 * Minute;
constexpr std::int64_t Day = 24 * Hour;

// The smallest 1, 2, 5 x 10^k at or above minimum.
std::int64_t niceStep(double minimum)
{
    std::int64_t base = 1;
    while (true) {
        for (std::int64_t m : { 1, 2, 5 })
            if (double(base * m) >= minimum)
                return base * m;
        base *= 10;
    }
}

std::int64_t timeStep(double minimum)
{
    static constexpr std::array<std::int64_t, 22> Steps
        = { 1, 2, 5, 10, 20, 50, 100, 200, 500, Second, 2 * Second, 5 * Second, 15 * Second, 30 * Second, Minute,
              5 * Minute, 15 * Minute, 30 * Minute, Hour, 3 * Hour, 6 * Hour, 12 * Hour };
    for (std::int64_t step : Steps)
        if (double(step) >= minimum)
            return step;
    return Day * niceStep(minimum / double(Day));
}

std::int64_t firstTick(std::int64_t begin, std::int64_t step)
{
    const std::int64_t r = ((begin % step) + step) % step;
    return r == 0 ? begin : begin + step - r;
}

QString timeLabel(std::int64_t wallMs, std::int64_t step)
{
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(wallMs, QTimeZone::utc());
    if (step >= Day)
        return t.toString(QStringLiteral("yyyy-MM-dd"));
    if (step >= Minute)
        return t.toString(QStringLiteral("MM-dd HH:mm"));
    if (step >= Second)
        return t.toString(QStringLiteral("HH:mm:ss"));
    return t.toString(QStringLiteral("HH:mm:ss.zzz"));
}

} // namespace

std::vector<AxisTick> sequenceTicks(
    std::int64_t begin, std::int64_t end, int width, int minSpacing, const std::function<QString(std::int64_t)>& label)
{
    std::vector<AxisTick> ticks;
    if (end <= begin || width <= 0)
        return ticks;
    const std::int64_t step = niceStep(double(end - begin) * minSpacing / width);
    for (std::int64_t v = firstTick(begin, step); v < end; v += step)
        ticks.push_back({ v, label(v) });
    return ticks;
}

std::vector<AxisTick> timeTicks(std::int64_t begin, std::int64_t end, int width, int minSpacing)
{
    std::vector<AxisTick> ticks;
    if (end <= begin || width <= 0)
        return ticks;
    const std::int64_t step = timeStep(double(end - begin) * minSpacing / width);
    for (std::int64_t v = firstTick(begin, step); v < end; v += step)
        ticks.push_back({ v, timeLabel(v, step) });
    return ticks;
}

QString isoUtc(std::int64_t wallMs)
{
    return QDateTime::fromMSecsSinceEpoch(wallMs, Qt::UTC).toString(Qt::ISODateWithMs);
}

} // namespace cd::ui::timeline
