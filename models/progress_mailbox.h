#pragma once

#include <cstdint>
#include <mutex>

namespace cd::models {

// The latest progress of a worker, handed to the GUI thread without a
// backlog: the worker overwrites it and posts a call only when none is
// pending; the GUI thread takes the latest when that call runs. A busy GUI
// thread therefore handles one report per turn of its event loop, not every
// report the worker made meanwhile.
class ProgressMailbox {
public:
    struct Report {
        double fraction = 0;
        std::int64_t entries = 0;
    };

    // Worker: stores report; true when the caller must post a call to take().
    bool put(Report report)
    {
        std::lock_guard lock(m_mutex);
        m_report = report;
        const bool post = !m_posted;
        m_posted = true;
        return post;
    }

    // GUI thread: the latest report; the next put() posts again.
    Report take()
    {
        std::lock_guard lock(m_mutex);
        m_posted = false;
        return m_report;
    }

private:
    std::mutex m_mutex;
    Report m_report;
    bool m_posted = false;
};

} // namespace cd::models
