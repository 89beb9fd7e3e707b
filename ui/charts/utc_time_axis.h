#pragma once

#include <QCategoryAxis>

#include <cstdint>

namespace cd::ui {

// A time axis labelled in UTC at round times (every 5 s, 1 min, 6 h, 1 d...).
// QDateTimeAxis labels in local time at evenly split, unround ticks; a
// journal's wall times are UTC, and support staff compare them with logs.
// Values are ms since the epoch, as the chart models give them.
class UtcTimeAxis : public QCategoryAxis {
    Q_OBJECT
public:
    explicit UtcTimeAxis(QObject* parent = nullptr);

    // Sets the range and a tick with a label at most every (end - start) /
    // maxTicks, on round UTC times. An empty range is widened to a minute.
    void setTimeRange(std::int64_t startMs, std::int64_t endMs, int maxTicks);

    std::int64_t startMs() const { return m_startMs; }
    std::int64_t endMs() const { return m_endMs; }
    std::int64_t tickStepMs() const { return m_stepMs; }

    // The label of a tick at ms for ticks stepMs apart; the date is left to
    // the axis title unless the ticks are whole days or spanDays says the
    // range covers more than one.
    static QString tickLabel(std::int64_t ms, std::int64_t stepMs, bool spanDays);
    // "2025-11-24 16:00:05 UTC" (ms shown when not zero).
    static QString formatUtc(std::int64_t ms);
    // A bucket width for titles: "second", "5 seconds", "hour", "day", "7 days".
    static QString durationText(std::int64_t ms);

private:
    std::int64_t m_startMs = 0;
    std::int64_t m_endMs = 0;
    std::int64_t m_stepMs = 0;
};

} // namespace cd::ui
