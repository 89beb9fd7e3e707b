#pragma once

#include "engine/platform/entry.h"
#include "engine/store/journal_meta.h"
#include "engine/store/sqlite_journal_writer_lock.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cd::store {

struct WriterOptions {
    JournalMeta meta;
    // Live: WAL mode, a transaction per commit() (group commit), for the
    // running platform. Bulk: rollback journal kept in memory, no syncs, a
    // transaction per bulkChunkRows rows; only for a file that is renamed into
    // place afterwards (the importer), since a crash leaves it unusable.
    enum class Mode { Live, Bulk } mode = Mode::Live;
    // Live mode only. Full: the WAL is synced at every commit, so a committed
    // batch survives power loss (a command may be acknowledged). Normal: it
    // survives a process crash but the last commits can be lost on power loss.
    enum class Sync { Full, Normal } sync = Sync::Full;
    // Live mode: commit() automatically once this many batches are queued
    // (0: only when commit() is called).
    std::size_t autoCommitBatches = 0;
    std::size_t bulkChunkRows = 50000;
};

// Writes a format-1 SQLite journal (journal-format.md §1). Not thread-safe:
// one writer per journal, used from one thread.
//
// Group commit: appendBatch() queues a command's entries; commit() writes
// every queued batch in one transaction, each batch inside its own savepoint,
// so a failing batch leaves nothing of itself and fails alone. Completions run
// after the transaction committed, i.e. once the batch is durable: the live
// platform replies to a command from its completion.
class SqliteJournalWriter {
public:
    using BatchId = std::uint64_t;
    // ok false: nothing of the batch was written; error says why.
    using Completion = std::function<void(BatchId batch, bool ok, const std::string& error)>;

    // Creates a new journal at path (refused when path exists and is not
    // empty, or when a -wal/-journal file is beside it). error names the file.
    // Live mode (create and openExisting) first claims the journal's lock file
    // (SqliteJournalWriterLock): a journal another writer has open is refused.
    static std::unique_ptr<SqliteJournalWriter> create(
        const std::string& path, const WriterOptions& options, std::string& error);
    // Opens an existing format-1 journal to append after its last entry (the
    // live demo continuing its own journal; never a received one). Checks the
    // schema and version like the reader; options.meta is not written.
    static std::unique_ptr<SqliteJournalWriter> openExisting(
        const std::string& path, const WriterOptions& options, std::string& error);
    ~SqliteJournalWriter();
    SqliteJournalWriter(const SqliteJournalWriter&) = delete;
    SqliteJournalWriter& operator=(const SqliteJournalWriter&) = delete;

    // Queues one batch (all or none). Ids count from 1.
    BatchId appendBatch(std::vector<platform::Entry> entries, Completion done = {});
    std::size_t pendingBatches() const { return m_pending.size(); }
    // Writes the queued batches (see above). False when the transaction itself
    // failed: then every queued batch failed and its completion says so.
    bool commit(std::string* error = nullptr);
    // Inserts the queued batches not yet written into the transaction the
    // next commit() will commit (opening it), so that a writer thread can do
    // the inserts while more batches are being made; commit() then only
    // writes the rest and commits. Nothing is durable or visible to readers
    // before commit(). After a failing row it stops (false): commit() rolls
    // back and writes the group batch by batch as without it.
    bool writeAhead();
    // appendBatch + commit, for callers that need no grouping.
    bool append(std::vector<platform::Entry> entries, std::string& error);

    // Bulk path (any mode): inserts one entry inside a running transaction
    // that is committed every bulkChunkRows rows and by flushBulk().
    bool appendBulk(const platform::Entry& entry, std::string& error);
    bool flushBulk(std::string& error);

    bool updateMeta(const JournalMeta& meta, std::string& error);
    // The last committed (or bulk-inserted) sequence.
    std::optional<std::int64_t> lastSequence() const { return m_lastSequence; }
    std::uint64_t entriesWritten() const { return m_entriesWritten; }
    const std::string& path() const { return m_path; }

    // Commits what is pending and closes; the destructor does the same but
    // cannot report.
    bool close(std::string& error);

private:
    struct Impl;
    struct Batch {
        BatchId id;
        std::vector<platform::Entry> entries;
        Completion done;
    };
    SqliteJournalWriter();
    static std::unique_ptr<SqliteJournalWriter> start(
        const std::string& path, const WriterOptions& options, bool create, std::string& error);
    bool insert(const platform::Entry& entry, std::optional<std::int64_t>& last, std::string& error);
    // Inside the commit's transaction: every batch, stopping at the first
    // failing row (false).
    bool writePlain(const std::vector<Batch>& batches, std::size_t from, std::optional<std::int64_t>& last,
        std::uint64_t& written, std::vector<std::string>& errors);
    // Inside the commit's transaction: each batch in its own savepoint; false
    // only when the transaction itself failed (reason).
    bool writeWithSavepoints(const std::vector<Batch>& batches, std::optional<std::int64_t>& last,
        std::uint64_t& written, std::vector<std::string>& errors, std::string& reason);

    std::unique_ptr<Impl> m_impl;
    SqliteJournalWriterLock m_lock; // live mode: held until close
    std::string m_path;
    WriterOptions m_options;
    std::vector<Batch> m_pending;
    BatchId m_nextBatch = 1;
    std::optional<std::int64_t> m_lastSequence;
    std::uint64_t m_entriesWritten = 0;
    std::size_t m_bulkRowsInTransaction = 0;
    bool m_inBulkTransaction = false;
    // writeAhead(): a transaction is open with the first m_aheadBatches of
    // m_pending inserted (m_aheadWritten rows, the last m_aheadLast).
    bool m_aheadOpen = false;
    bool m_aheadFailed = false;
    std::size_t m_aheadBatches = 0;
    std::uint64_t m_aheadWritten = 0;
    std::optional<std::int64_t> m_aheadLast;
};

} // namespace cd::store
