#pragma once

#include <QCoreApplication>
#include <QEventLoop>
#include <QTimer>

#include <chrono>

namespace cd::bench {

// Runs the event loop until done() or timeoutS seconds; false on timeout.
// The thread sleeps in the event dispatcher between events, as the
// application's does, and a 1 ms timer wakes it to look at done() (which may
// turn true without an event: a worker ending). processEvents with a maximum
// time would poll without sleeping: a core taken from the workers measured.
template <typename Done>
bool pumpUntil(Done done, double timeoutS)
{
    const auto start = std::chrono::steady_clock::now();
    const auto limit = std::chrono::duration<double>(timeoutS);
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    tick.start(1);
    while (!done()) {
        if (std::chrono::steady_clock::now() - start > limit)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents);
    }
    return true;
}

} // namespace cd::bench
