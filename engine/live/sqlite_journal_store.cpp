#include "engine/live/sqlite_journal_store.h"

#include "engine/live/journal_writer_thread.h"

#include "engine/runtime/executor.h"
#include "engine/store/sqlite_journal_writer.h"

#include <chrono>
#include <stdexcept>
#include <utility>

namespace cd::live {

SqliteJournalStore::SqliteJournalStore(rt::Clock& clock, std::unique_ptr<store::SqliteJournalWriter> writer,
    std::size_t maxGroupEntries, bool writerThread)
    : m_clock(&clock)
    , m_executor(&clock.executor())
    , m_writer(std::move(writer))
    , m_thread(m_writer && writerThread ? std::make_unique<JournalWriterThread>(*m_writer) : nullptr)
    , m_path(m_writer ? m_writer->path() : std::string())
    , m_maxGroupEntries(maxGroupEntries)
{ }

SqliteJournalStore::~SqliteJournalStore()
{
    std::string ignored;
    close(ignored);
}

rt::Future<void> SqliteJournalStore::commit(std::span<const rt::JournalEntry<std::string>> batch)
{
    if (!m_writer)
        throw std::runtime_error(m_path + ": the journal is closed");
    std::vector<platform::Entry> entries;
    entries.reserve(batch.size());
    for (const auto& e : batch)
        entries.push_back(platform::Entry { e.id, e.sequence, e.timestamp.wallMs, e.timestamp.monoMs, e.data });
    if (!batch.empty()) {
        m_queuedLastSequence = batch.back().sequence;
        m_queuedLastWallMs = batch.back().timestamp.wallMs;
    }
    if (!m_observers.empty())
        m_observed.insert(m_observed.end(), entries.begin(), entries.end());
    const std::size_t index = m_acks.size();
    m_acks.emplace_back(*m_executor);
    m_pendingEntries += entries.size();
    m_stats.entriesQueued += entries.size();
    if (m_thread) {
        m_thread->append(std::move(entries));
    } else {
        m_batchErrors.emplace_back();
        m_writer->appendBatch(std::move(entries), [this, index](std::uint64_t, bool ok, const std::string& error) {
            if (!ok)
                m_batchErrors[index] = error;
        });
    }
    auto future = m_acks.back().future();
    if (m_pendingEntries >= m_maxGroupEntries)
        commitNow();
    else if (!m_timer)
        m_timer = m_clock->setTimer(0, [this] {
            m_timer = {};
            commitNow();
        });
    return future;
}

void SqliteJournalStore::commitNow()
{
    if (m_timer) {
        m_clock->cancelTimer(m_timer);
        m_timer = {};
    }
    if (!m_writer || m_acks.empty()) {
        for (auto& w : m_flushWaiters)
            w.resolve();
        m_flushWaiters.clear();
        return;
    }
    std::vector<rt::Promise<void>> acks;
    acks.swap(m_acks);
    std::vector<std::string> errors;
    std::vector<platform::Entry> observed;
    observed.swap(m_observed);
    const std::size_t entries = m_pendingEntries;
    m_pendingEntries = 0;

    const auto start = std::chrono::steady_clock::now();
    std::string error;
    bool ok = false;
    if (m_thread) {
        auto result = m_thread->commit();
        ok = result.ok;
        error = std::move(result.error);
        errors = std::move(result.batchErrors);
    } else {
        // The completions write m_batchErrors during commit(): take it after.
        ok = m_writer->commit(&error);
        errors.swap(m_batchErrors);
    }
    errors.resize(acks.size());
    const auto latency
        = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start).count();

    ++m_stats.commits;
    m_stats.lastCommitEntries = entries;
    m_stats.lastCommitLatencyUs = latency;
    if (latency > m_stats.maxCommitLatencyUs)
        m_stats.maxCommitLatencyUs = latency;
    for (std::size_t i = 0; i < acks.size(); ++i) {
        if (ok && errors[i].empty())
            continue;
        ++m_stats.failedBatches;
        const std::string why = !ok ? error : m_path + ": " + errors[i];
        acks[i].reject(std::make_exception_ptr(std::runtime_error(why)));
    }
    if (ok) {
        m_stats.entriesCommitted = m_writer->entriesWritten(); // the thread is idle after commit()
        m_stats.lastSequence = m_queuedLastSequence;
        m_stats.lastWallMs = m_queuedLastWallMs;
    }
    // Observers first, so that a reply's continuation finds the entry shown.
    if (ok && !observed.empty() && !m_observers.empty()) {
        const auto observers = m_observers;
        for (const auto& [token, fn] : observers)
            fn(std::span<const platform::Entry>(observed));
    }
    for (auto& ack : acks)
        ack.resolve();
    for (auto& w : m_flushWaiters)
        w.resolve();
    m_flushWaiters.clear();
}

rt::Future<void> SqliteJournalStore::flushed()
{
    if (m_acks.empty())
        return rt::Future<void>::ready(*m_executor);
    m_flushWaiters.emplace_back(*m_executor);
    return m_flushWaiters.back().future();
}

bool SqliteJournalStore::close(std::string& error)
{
    if (!m_writer)
        return true;
    commitNow();
    if (m_thread) {
        m_thread->stop();
        m_thread.reset();
    }
    const bool ok = m_writer->close(error);
    m_writer.reset();
    return ok;
}

std::uint64_t SqliteJournalStore::subscribe(CommittedFn fn)
{
    const std::uint64_t token = m_nextToken++;
    m_observers.emplace(token, std::move(fn));
    return token;
}

void SqliteJournalStore::unsubscribe(std::uint64_t token)
{
    m_observers.erase(token);
}

} // namespace cd::live
