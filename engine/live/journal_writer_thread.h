#pragma once

#include "engine/platform/entry.h"

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace cd::store {
class SqliteJournalWriter;
}

namespace cd::live {

// Runs a SqliteJournalWriter's inserts on a thread of its own, so that the
// engine thread goes on deciding and encoding while the rows of the batches it
// queued earlier are bound and stepped into the open transaction
// (SqliteJournalWriter::writeAhead). commit() hands the group's COMMIT to the
// thread and waits for it: the engine still learns a group's outcome at the
// same point of its own work as with a synchronous writer, so runs on a
// controlled clock stay identical. Nothing is durable before commit().
//
// Only the engine thread calls append/commit/stop; the writer is touched only
// by the thread until stop() returned.
class JournalWriterThread {
public:
    struct GroupResult {
        bool ok = true; // false: the transaction failed and nothing was written
        std::string error; // why, naming the file
        std::vector<std::string> batchErrors; // per batch in append order; empty: written
        std::uint64_t entriesWritten = 0; // the writer's total after the group
        std::optional<std::int64_t> lastSequence;
    };

    explicit JournalWriterThread(store::SqliteJournalWriter& writer);
    ~JournalWriterThread();
    JournalWriterThread(const JournalWriterThread&) = delete;
    JournalWriterThread& operator=(const JournalWriterThread&) = delete;

    // Queues one batch (a command's entries) for the next commit.
    void append(std::vector<platform::Entry> entries);
    // Commits every batch appended since the last commit; returns when the
    // transaction committed (or failed).
    GroupResult commit();
    // Ends the thread (after what was queued); the writer is the caller's again.
    void stop();

private:
    void run();

    store::SqliteJournalWriter* m_writer;
    std::mutex m_mutex;
    std::condition_variable m_wake; // to the thread
    std::condition_variable m_done; // to the engine
    std::vector<std::vector<platform::Entry>> m_queue;
    std::size_t m_queuedEntries = 0;
    bool m_threadIdle = false;
    bool m_commitAsked = false;
    bool m_resultReady = false;
    bool m_stop = false;
    GroupResult m_result;
    std::thread m_thread;
};

} // namespace cd::live
