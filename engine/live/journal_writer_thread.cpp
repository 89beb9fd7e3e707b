#include "engine/live/journal_writer_thread.h"

#include "engine/store/sqlite_journal_writer.h"

#include <utility>

namespace cd::live {

namespace {

// An idle thread is woken once this many entries wait (or at commit), not
// per batch: a wake is a system call that would cost the engine thread about
// what the insert it hands over saves.
constexpr std::size_t WakeEntries = 256;

} // namespace

JournalWriterThread::JournalWriterThread(store::SqliteJournalWriter& writer)
    : m_writer(&writer)
    , m_thread([this] { run(); })
{ }

JournalWriterThread::~JournalWriterThread()
{
    stop();
}

void JournalWriterThread::append(std::vector<platform::Entry> entries)
{
    bool wake = false;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_queuedEntries += entries.size();
        m_queue.push_back(std::move(entries));
        wake = m_threadIdle && m_queuedEntries >= WakeEntries;
        if (wake)
            m_threadIdle = false;
    }
    if (wake)
        m_wake.notify_one();
}

JournalWriterThread::GroupResult JournalWriterThread::commit()
{
    std::unique_lock<std::mutex> lock(m_mutex);
    m_commitAsked = true;
    m_threadIdle = false;
    m_wake.notify_one();
    m_done.wait(lock, [this] { return m_resultReady; });
    m_resultReady = false;
    return std::move(m_result);
}

void JournalWriterThread::stop()
{
    if (!m_thread.joinable())
        return;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stop = true;
        m_wake.notify_one();
    }
    m_thread.join();
}

void JournalWriterThread::run()
{
    // Per batch of the open group, in append order (the writer's completions
    // run in commit(), on this thread).
    std::vector<std::string> errors;
    std::vector<std::vector<platform::Entry>> batches;
    std::unique_lock<std::mutex> lock(m_mutex);
    for (;;) {
        if (!m_queue.empty()) {
            batches.swap(m_queue);
            m_queuedEntries = 0;
            lock.unlock();
            for (auto& entries : batches) {
                const std::size_t index = errors.size();
                errors.emplace_back();
                m_writer->appendBatch(
                    std::move(entries), [&errors, index](std::uint64_t, bool ok, const std::string& error) {
                        if (!ok)
                            errors[index] = error;
                    });
            }
            batches.clear();
            m_writer->writeAhead();
            lock.lock();
            continue;
        }
        if (m_commitAsked) {
            m_commitAsked = false;
            lock.unlock();
            GroupResult result;
            result.ok = m_writer->commit(&result.error);
            result.batchErrors = std::move(errors);
            errors.clear();
            result.entriesWritten = m_writer->entriesWritten();
            result.lastSequence = m_writer->lastSequence();
            lock.lock();
            m_result = std::move(result);
            m_resultReady = true;
            m_done.notify_one();
            continue;
        }
        if (m_stop)
            return;
        m_threadIdle = true;
        m_wake.wait(lock, [this] { return m_stop || m_commitAsked || (!m_threadIdle && !m_queue.empty()); });
        m_threadIdle = false;
    }
}

} // namespace cd::live
