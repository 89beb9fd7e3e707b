#include "engine/store/sqlite_journal_writer.h"

#include "engine/store/journal_schema.h"
#include "engine/store/json_text.h"
#include "engine/store/sqlite_db.h"
#include "engine/store/sqlite_stmt.h"

#include <sqlite3.h>

#include <filesystem>
#include <system_error>

namespace cd::store {

struct SqliteJournalWriter::Impl {
    SqliteDb db;
    SqliteStmt insert;
    SqliteStmt begin;
    SqliteStmt commit;
    SqliteStmt rollback;
    SqliteStmt savepoint;
    SqliteStmt release;
    SqliteStmt rollbackTo;
    std::string type;
    std::string tenant;

    bool run(SqliteStmt& stmt, std::string& error)
    {
        const int rc = stmt.step();
        stmt.reset();
        if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
            error = db.lastError();
            return false;
        }
        return true;
    }
};

namespace {

// The string value starting at data[pos] when it has no escape, else npos
// (its end: the closing quote's index).
std::size_t plainStringEnd(std::string_view data, std::size_t pos)
{
    for (std::size_t i = pos; i < data.size(); ++i) {
        if (data[i] == '"')
            return i;
        if (data[i] == '\\' || static_cast<unsigned char>(data[i]) < 0x20)
            return std::string_view::npos;
    }
    return std::string_view::npos;
}

// The platform's own encoding starts {"type":"...","tenantId":"...",: read
// both without walking the object. False when data has another shape or an
// escape (then the walker decides).
bool leadingTypeAndTenant(std::string_view data, std::string& type, std::string& tenant, bool& hasTenant)
{
    constexpr std::string_view TypeKey = "{\"type\":\"";
    constexpr std::string_view TenantKey = ",\"tenantId\":\"";
    if (data.substr(0, TypeKey.size()) != TypeKey)
        return false;
    const std::size_t typeEnd = plainStringEnd(data, TypeKey.size());
    if (typeEnd == std::string_view::npos)
        return false;
    const std::size_t tenantStart = typeEnd + 1 + TenantKey.size();
    if (data.substr(typeEnd + 1, TenantKey.size()) != TenantKey)
        return false;
    const std::size_t tenantEnd = plainStringEnd(data, tenantStart);
    if (tenantEnd == std::string_view::npos)
        return false;
    // A later duplicate "type" or "tenantId" member would make the walker
    // (which takes the first) agree anyway.
    type.assign(data.substr(TypeKey.size(), typeEnd - TypeKey.size()));
    tenant.assign(data.substr(tenantStart, tenantEnd - tenantStart));
    hasTenant = true;
    return true;
}

// A group commit touches a leaf of the tenant index per tenant it wrote:
// with SQLite's defaults (2 MB cache, checkpoint past 1000 WAL pages) each
// commit re-read those pages from the file and copied them back in a
// checkpoint, which cost the demo more system time than its inserts. A 64 MB
// cache and a checkpoint past 16384 pages (64 MB of WAL) keep them in memory.
constexpr const char* LiveTuning = " PRAGMA cache_size=-65536; PRAGMA wal_autocheckpoint=16384;";

bool existsNonEmpty(const std::string& path)
{
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        return false;
    return std::filesystem::is_directory(path, ec) || std::filesystem::file_size(path, ec) > 0 || ec;
}

} // namespace

SqliteJournalWriter::SqliteJournalWriter()
    : m_impl(std::make_unique<Impl>())
{ }

SqliteJournalWriter::~SqliteJournalWriter()
{
    std::string ignored;
    close(ignored);
}

std::unique_ptr<SqliteJournalWriter> SqliteJournalWriter::create(
    const std::string& path, const WriterOptions& options, std::string& error)
{
    return start(path, options, true, error);
}

std::unique_ptr<SqliteJournalWriter> SqliteJournalWriter::openExisting(
    const std::string& path, const WriterOptions& options, std::string& error)
{
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        error = path + ": no such journal";
        return nullptr;
    }
    return start(path, options, false, error);
}

std::unique_ptr<SqliteJournalWriter> SqliteJournalWriter::start(
    const std::string& path, const WriterOptions& options, bool create, std::string& error)
{
    std::unique_ptr<SqliteJournalWriter> writer(new SqliteJournalWriter());
    writer->m_path = path;
    writer->m_options = options;
    Impl& d = *writer->m_impl;
    std::string reason;
    const bool live = options.mode == WriterOptions::Mode::Live;
    // Claimed before anything is checked or created, so that of two
    // platforms starting on one path only one gets past here.
    if (live && !writer->m_lock.acquire(path, error))
        return nullptr;
    if (create) {
        for (const char* suffix : { "", "-wal", "-journal" }) {
            if (existsNonEmpty(path + suffix)) {
                error = path + suffix + ": already exists";
                return nullptr;
            }
        }
    }
    const std::string pragmas = !live
        ? std::string("PRAGMA journal_mode=MEMORY; PRAGMA synchronous=OFF; PRAGMA cache_size=-65536;")
        : std::string("PRAGMA journal_mode=WAL; PRAGMA synchronous=")
            + (options.sync == WriterOptions::Sync::Full ? "FULL;" : "NORMAL;") + LiveTuning;
    JournalMeta existing;
    int version = 0;
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
    // An existing file is checked before any pragma may change it.
    const bool ok = d.db.open(path, flags, reason)
        && (create ? d.db.exec(pragmas.c_str(), reason) && d.db.exec("BEGIN IMMEDIATE", reason)
                    && JournalSchema::create(d.db.handle(), options.meta, reason) && d.db.exec("COMMIT", reason)
                   : d.db.exec("BEGIN", reason) && JournalSchema::check(d.db.handle(), existing, version, reason)
                    && d.db.exec("COMMIT", reason) && d.db.exec(pragmas.c_str(), reason))
        && d.insert.prepare(d.db.handle(),
            "INSERT INTO events (sequence, id, wall_ms, mono_ms, type, tenant_id, data) VALUES (?, ?, ?, ?, ?, ?, ?)",
            reason)
        && d.begin.prepare(d.db.handle(), "BEGIN IMMEDIATE", reason)
        && d.commit.prepare(d.db.handle(), "COMMIT", reason) && d.rollback.prepare(d.db.handle(), "ROLLBACK", reason)
        && d.savepoint.prepare(d.db.handle(), "SAVEPOINT batch", reason)
        && d.release.prepare(d.db.handle(), "RELEASE batch", reason)
        && d.rollbackTo.prepare(d.db.handle(), "ROLLBACK TO batch", reason);
    if (!ok) {
        error = path + (create ? ": cannot create journal: " : ": cannot open journal for writing: ") + reason;
        return nullptr;
    }
    if (!create) {
        SqliteStmt last;
        if (!last.prepare(d.db.handle(), "SELECT max(sequence) FROM events", reason)) {
            error = path + ": cannot open journal for writing: " + reason;
            return nullptr;
        }
        if (last.step() == SQLITE_ROW && last.columnType(0) != SQLITE_NULL)
            writer->m_lastSequence = last.columnInt64(0);
    }
    return writer;
}

bool SqliteJournalWriter::insert(const platform::Entry& entry, std::optional<std::int64_t>& last, std::string& error)
{
    Impl& d = *m_impl;
    if (last && entry.sequence <= *last) {
        error = "sequence " + std::to_string(entry.sequence) + " is not larger than the previous entry's ("
            + std::to_string(*last) + ")";
        return false;
    }
    // type and tenant_id are copies of data.type and data.tenantId.
    bool hasTenant = false;
    bool hasType = leadingTypeAndTenant(entry.data, d.type, d.tenant, hasTenant);
    json::MemberWalker walker(entry.data);
    while ((!hasType || !hasTenant) && walker.next()) {
        const std::string_view value = walker.value();
        const bool isString = value.size() >= 2 && value.front() == '"';
        if (!hasType && walker.key() == "type") {
            hasType = isString && json::unescape(value.substr(1, value.size() - 2), d.type);
            if (!hasType)
                break;
        } else if (!hasTenant && walker.key() == "tenantId" && isString) {
            hasTenant = json::unescape(value.substr(1, value.size() - 2), d.tenant);
        }
    }
    if (!hasType) {
        error = "sequence " + std::to_string(entry.sequence) + ": data is not an object with a string \"type\"";
        return false;
    }
    d.insert.bindInt64(1, entry.sequence);
    d.insert.bindText(2, entry.id);
    d.insert.bindInt64(3, entry.wallMs);
    d.insert.bindInt64(4, entry.monoMs);
    d.insert.bindText(5, d.type);
    if (hasTenant)
        d.insert.bindText(6, d.tenant);
    else
        d.insert.bindNull(6);
    d.insert.bindText(7, entry.data);
    if (!d.run(d.insert, error)) {
        error = "sequence " + std::to_string(entry.sequence) + ": " + error;
        return false;
    }
    last = entry.sequence;
    return true;
}

SqliteJournalWriter::BatchId SqliteJournalWriter::appendBatch(std::vector<platform::Entry> entries, Completion done)
{
    const BatchId id = m_nextBatch++;
    m_pending.push_back(Batch { id, std::move(entries), std::move(done) });
    if (m_options.autoCommitBatches > 0 && m_pending.size() >= m_options.autoCommitBatches)
        commit();
    return id;
}

bool SqliteJournalWriter::writeAhead()
{
    if (m_aheadFailed || m_aheadBatches == m_pending.size() || m_inBulkTransaction)
        return !m_aheadFailed;
    Impl& d = *m_impl;
    std::string error;
    if (!m_aheadOpen) {
        // A failing BEGIN is left to commit(), which tries again and reports.
        if (!d.run(d.begin, error))
            return false;
        m_aheadOpen = true;
        m_aheadLast = m_lastSequence;
        m_aheadWritten = 0;
    }
    for (; m_aheadBatches < m_pending.size(); ++m_aheadBatches) {
        for (const auto& entry : m_pending[m_aheadBatches].entries) {
            // commit() rolls back and writes the group batch by batch.
            if (!insert(entry, m_aheadLast, error)) {
                m_aheadFailed = true;
                return false;
            }
        }
        m_aheadWritten += m_pending[m_aheadBatches].entries.size();
    }
    return true;
}

bool SqliteJournalWriter::writePlain(const std::vector<Batch>& batches, std::size_t from,
    std::optional<std::int64_t>& last, std::uint64_t& written, std::vector<std::string>& errors)
{
    for (std::size_t i = from; i < batches.size(); ++i) {
        for (const auto& entry : batches[i].entries) {
            if (!insert(entry, last, errors[i]))
                return false;
        }
        written += batches[i].entries.size();
    }
    return true;
}

bool SqliteJournalWriter::writeWithSavepoints(const std::vector<Batch>& batches, std::optional<std::int64_t>& last,
    std::uint64_t& written, std::vector<std::string>& errors, std::string& reason)
{
    Impl& d = *m_impl;
    for (std::size_t i = 0; i < batches.size(); ++i) {
        if (!d.run(d.savepoint, reason))
            return false;
        const std::optional<std::int64_t> before = last;
        bool batchOk = true;
        for (const auto& entry : batches[i].entries) {
            if (!insert(entry, last, errors[i])) {
                batchOk = false;
                break;
            }
        }
        if (batchOk) {
            written += batches[i].entries.size();
            if (!d.run(d.release, reason))
                return false;
        } else {
            last = before;
            if (!(d.run(d.rollbackTo, reason) && d.run(d.release, reason)))
                return false;
        }
    }
    return true;
}

bool SqliteJournalWriter::commit(std::string* error)
{
    if (m_pending.empty())
        return true;
    Impl& d = *m_impl;
    std::vector<Batch> batches;
    batches.swap(m_pending);
    std::vector<std::string> errors(batches.size());
    std::optional<std::int64_t> last = m_lastSequence;
    std::uint64_t written = 0;
    std::string reason;
    // Batches writeAhead() already inserted in the open transaction.
    std::size_t from = 0;
    bool redo = false;
    bool ok = true;
    if (m_aheadOpen) {
        from = m_aheadBatches;
        last = m_aheadLast;
        written = m_aheadWritten;
        redo = m_aheadFailed;
    } else {
        ok = (!m_inBulkTransaction || flushBulk(reason)) && d.run(d.begin, reason);
    }
    m_aheadOpen = false;
    m_aheadFailed = false;
    m_aheadBatches = 0;
    m_aheadWritten = 0;
    // Almost every group commit has no failing batch: write it without the
    // two statements a savepoint per batch costs. When a row fails, the
    // transaction is rolled back and written again batch by batch, so a
    // failing batch still leaves nothing of itself and fails alone.
    if (ok && (redo || !writePlain(batches, from, last, written, errors))) {
        last = m_lastSequence;
        written = 0;
        errors.assign(batches.size(), std::string());
        ok = d.run(d.rollback, reason) && d.run(d.begin, reason)
            && writeWithSavepoints(batches, last, written, errors, reason);
    }
    ok = ok && d.run(d.commit, reason);
    if (!ok) {
        std::string ignored;
        d.run(d.rollback, ignored);
        for (auto& e : errors)
            e = "journal write failed: " + reason;
        if (error)
            *error = m_path + ": journal write failed: " + reason;
    } else {
        m_lastSequence = last;
        m_entriesWritten += written;
    }
    for (std::size_t i = 0; i < batches.size(); ++i) {
        if (batches[i].done)
            batches[i].done(batches[i].id, errors[i].empty(), errors[i]);
    }
    if (ok && error) {
        for (const auto& e : errors) {
            if (!e.empty()) {
                *error = m_path + ": " + e;
                break;
            }
        }
    }
    return ok;
}

bool SqliteJournalWriter::append(std::vector<platform::Entry> entries, std::string& error)
{
    bool batchOk = false;
    std::string batchError;
    appendBatch(std::move(entries), [&batchOk, &batchError](BatchId, bool ok, const std::string& e) {
        batchOk = ok;
        batchError = e;
    });
    std::string commitError;
    commit(&commitError);
    if (!batchOk)
        error = commitError.empty() ? m_path + ": " + batchError : commitError;
    return batchOk;
}

bool SqliteJournalWriter::appendBulk(const platform::Entry& entry, std::string& error)
{
    Impl& d = *m_impl;
    if (!m_inBulkTransaction) {
        if (!m_pending.empty() && !commit(&error))
            return false;
        if (!d.run(d.begin, error)) {
            error = m_path + ": journal write failed: " + error;
            return false;
        }
        m_inBulkTransaction = true;
        m_bulkRowsInTransaction = 0;
    }
    if (!insert(entry, m_lastSequence, error)) {
        error = m_path + ": " + error;
        return false;
    }
    ++m_entriesWritten;
    if (++m_bulkRowsInTransaction >= m_options.bulkChunkRows)
        return flushBulk(error);
    return true;
}

bool SqliteJournalWriter::flushBulk(std::string& error)
{
    if (!m_inBulkTransaction)
        return true;
    m_inBulkTransaction = false;
    if (!m_impl->run(m_impl->commit, error)) {
        error = m_path + ": journal write failed: " + error;
        return false;
    }
    return true;
}

bool SqliteJournalWriter::updateMeta(const JournalMeta& meta, std::string& error)
{
    Impl& d = *m_impl;
    std::string reason;
    const bool ok = flushBulk(reason) && (m_pending.empty() || commit(&reason)) && d.run(d.begin, reason)
        && JournalSchema::writeMeta(d.db.handle(), meta, reason) && d.run(d.commit, reason);
    if (!ok) {
        std::string ignored;
        d.run(d.rollback, ignored);
        error = m_path + ": cannot write journal meta: " + reason;
        return false;
    }
    m_options.meta = meta;
    return true;
}

bool SqliteJournalWriter::close(std::string& error)
{
    if (!m_impl || !m_impl->db.handle())
        return true;
    const bool ok = flushBulk(error) && commit(&error);
    Impl& d = *m_impl;
    d.insert.finalize();
    d.begin.finalize();
    d.commit.finalize();
    d.rollback.finalize();
    d.savepoint.finalize();
    d.release.finalize();
    d.rollbackTo.finalize();
    d.db.close();
    m_lock.release();
    return ok;
}

} // namespace cd::store
