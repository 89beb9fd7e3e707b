#pragma once

#include "engine/platform/entry.h"
#include "engine/runtime/clock.h"
#include "engine/runtime/future.h"
#include "engine/runtime/journal_store.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace cd::store {
class SqliteJournalWriter;
}

namespace cd::live {

class JournalWriterThread;

// The durable layer under the platform's runtime journal: each batch the
// journal hands over (one command's events) is queued in the SQLite writer,
// and every batch queued during one scheduler turn is written by one SQLite
// transaction (group commit: many concurrent commands, one fsync). The
// journal's acknowledgement, and so the command's reply, settles only after
// that transaction committed.
//
// "A scheduler turn" is one instant of the platform clock: the first batch
// sets a clock timer due now, which fires after every timer already due at
// this instant and after the ready work they start (a ControlledClock drains
// after each timer), so everything appended at one instant shares a commit.
// Under a real-time clock the timer fires on the loop's next pass. More than
// maxGroupEntries queued entries commit at once.
//
// With writerThread (the default) the rows are inserted by a JournalWriterThread
// while the engine goes on (see there); the commit still completes inside
// commitNow(), so acknowledgements settle at the same point as without it.
class SqliteJournalStore final : public rt::JournalStore<std::string> {
public:
    using CommittedFn = std::function<void(std::span<const platform::Entry>)>;

    struct Stats {
        std::uint64_t entriesQueued = 0;
        std::uint64_t entriesCommitted = 0;
        std::uint64_t commits = 0;
        std::uint64_t lastCommitEntries = 0;
        std::int64_t lastCommitLatencyUs = 0;
        std::int64_t maxCommitLatencyUs = 0;
        std::uint64_t failedBatches = 0;
        std::int64_t lastSequence = -1; // last committed entry
        std::int64_t lastWallMs = 0;
    };

    SqliteJournalStore(rt::Clock& clock, std::unique_ptr<store::SqliteJournalWriter> writer,
        std::size_t maxGroupEntries = 1'000'000, bool writerThread = true);
    ~SqliteJournalStore() override;

    rt::Future<void> commit(std::span<const rt::JournalEntry<std::string>> batch) override;

    // Settles once every batch queued so far is committed (at once when none).
    rt::Future<void> flushed();
    // Writes what is queued now, without waiting for the turn to end.
    void commitNow();
    // Commits what is pending and closes the SQLite file.
    bool close(std::string& error);
    bool closed() const { return m_writer == nullptr; }

    std::uint64_t subscribe(CommittedFn fn);
    void unsubscribe(std::uint64_t token);

    const Stats& stats() const { return m_stats; }
    const std::string& path() const { return m_path; }

private:
    rt::Clock* m_clock;
    rt::Executor* m_executor;
    std::unique_ptr<store::SqliteJournalWriter> m_writer;
    std::unique_ptr<JournalWriterThread> m_thread; // declared after m_writer: stopped first
    std::string m_path;
    std::size_t m_maxGroupEntries;
    // One promise per queued batch, in sequence order.
    std::vector<rt::Promise<void>> m_acks;
    // Without the thread: per queued batch, its error (empty: written).
    std::vector<std::string> m_batchErrors;
    std::vector<rt::Promise<void>> m_flushWaiters;
    // Copies of the queued entries, kept only while someone observes commits.
    std::vector<platform::Entry> m_observed;
    std::map<std::uint64_t, CommittedFn> m_observers;
    std::uint64_t m_nextToken = 1;
    std::size_t m_pendingEntries = 0;
    std::int64_t m_queuedLastSequence = -1;
    std::int64_t m_queuedLastWallMs = 0;
    rt::TimerId m_timer;
    Stats m_stats;
};

} // namespace cd::live
