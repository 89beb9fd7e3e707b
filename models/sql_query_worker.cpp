#include "models/sql_query_worker.h"

#include "engine/store/detect.h"
#include "models/sql_guard.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>

#include <sqlite3.h>

namespace cd::models {

namespace {

using namespace Qt::Literals::StringLiterals;

// SQLite calls the progress check every this many VM steps (~microseconds).
constexpr int ProgressSteps = 1000;

// The connection's own gate, behind the statement guard: SQLite asks before
// compiling each action; only reading ones pass. (A read-only connection
// still lets VACUUM INTO and ATTACH create files.)
int authorize(void*, int action, const char* first, const char* second, const char*, const char*)
{
    switch (action) {
    case SQLITE_SELECT:
    case SQLITE_READ:
    case SQLITE_FUNCTION:
    case SQLITE_RECURSIVE:
        return SQLITE_OK;
    case SQLITE_PRAGMA:
        // second: the value of "PRAGMA name = value" or "PRAGMA name(value)".
        return !second || (first && isReportingPragmaWithArgument(QString::fromUtf8(first))) ? SQLITE_OK : SQLITE_DENY;
    default:
        return SQLITE_DENY;
    }
}

QString errorText(const QSqlError& error)
{
    const QString database = error.databaseText().trimmed();
    return database.isEmpty() ? error.text().trimmed() : database;
}

// A prepared statement finalized on every path.
struct Statement {
    sqlite3_stmt* stmt = nullptr;
    void finalize()
    {
        sqlite3_finalize(stmt);
        stmt = nullptr;
    }
    ~Statement() { finalize(); }
};

// One query's result database: a new file, nothing durable about it (no
// rollback journal, no syncs: it lives as long as the result is shown), all
// rows in one transaction.
class ResultWriter {
public:
    ResultWriter() = default;
    ResultWriter(const ResultWriter&) = delete;
    ResultWriter& operator=(const ResultWriter&) = delete;
    ~ResultWriter()
    {
        m_insert.finalize();
        sqlite3_close(m_db);
    }

    bool create(const QString& path, int columns, QString& error)
    {
        QFile::remove(path);
        const QByteArray file = QFile::encodeName(path);
        if (sqlite3_open_v2(file.constData(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK)
            return failed(error);
        // Untyped columns (no affinity): every value keeps its SQLite type.
        QByteArray create = "CREATE TABLE result(";
        QByteArray insert = "INSERT INTO result VALUES(";
        for (int c = 0; c < columns; ++c) {
            create += (c ? ", c" : "c") + QByteArray::number(c);
            insert += c ? ", ?" : "?";
        }
        create += ')';
        insert += ')';
        // The GUI thread reads the empty table while rows come in; its read
        // ends at once, but never fail a commit on a moment's overlap.
        sqlite3_busy_timeout(m_db, 2000);
        if (!exec("PRAGMA journal_mode=OFF") || !exec("PRAGMA synchronous=OFF") || !exec(create.constData()))
            return failed(error);
        if (sqlite3_prepare_v2(m_db, insert.constData(), -1, &m_insert.stmt, nullptr) != SQLITE_OK || !exec("BEGIN"))
            return failed(error);
        m_columns = columns;
        return true;
    }

    bool append(sqlite3_stmt* row, QString& error)
    {
        for (int c = 0; c < m_columns; ++c)
            sqlite3_bind_value(m_insert.stmt, c + 1, sqlite3_column_value(row, c));
        const int rc = sqlite3_step(m_insert.stmt);
        sqlite3_reset(m_insert.stmt);
        return rc == SQLITE_DONE || failed(error);
    }

    bool commit(QString& error)
    {
        m_insert.finalize();
        const bool ok = m_db && exec("COMMIT");
        if (!ok && m_db)
            failed(error);
        sqlite3_close(m_db);
        m_db = nullptr;
        return ok;
    }

private:
    bool exec(const char* sql) { return sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr) == SQLITE_OK; }
    bool failed(QString& error)
    {
        error = u"Cannot write the result file: "_s
            + (m_db ? QString::fromUtf8(sqlite3_errmsg(m_db)) : u"out of memory"_s);
        return false;
    }

    sqlite3* m_db = nullptr;
    Statement m_insert;
    int m_columns = 0;
};

} // namespace

SqlQueryWorker::SqlQueryWorker(QObject* parent)
    : QObject(parent)
    , m_connection(u"chronodesk-sql-console-"_s + QString::number(reinterpret_cast<quintptr>(this), 16))
{ }

SqlQueryWorker::~SqlQueryWorker()
{
    // Runs on the worker thread (deleteLater after the thread finished).
    if (QSqlDatabase::contains(m_connection)) {
        {
            QSqlDatabase db = QSqlDatabase::database(m_connection, false);
            if (m_handle)
                sqlite3_progress_handler(m_handle, 0, nullptr, nullptr);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_connection);
    }
}

void SqlQueryWorker::cancelUpTo(quint64 generation)
{
    quint64 current = m_cancelledUpTo.load(std::memory_order_relaxed);
    while (current < generation && !m_cancelledUpTo.compare_exchange_weak(current, generation))
        ;
}

bool SqlQueryWorker::cancelled() const
{
    return m_running != 0 && m_cancelledUpTo.load(std::memory_order_acquire) >= m_running;
}

int SqlQueryWorker::progressCheck(void* self)
{
    // Non-zero makes SQLite stop the statement with SQLITE_INTERRUPT.
    return static_cast<const SqlQueryWorker*>(self)->cancelled() ? 1 : 0;
}

void SqlQueryWorker::closeJournal()
{
    if (QSqlDatabase::contains(m_connection)) {
        {
            QSqlDatabase db = QSqlDatabase::database(m_connection, false);
            if (m_handle)
                sqlite3_progress_handler(m_handle, 0, nullptr, nullptr);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_connection);
    }
    m_handle = nullptr;
    Q_EMIT journalOpened(QString(), OpenStatus::Closed, QString());
}

void SqlQueryWorker::openJournal(const QString& path)
{
    closeJournal();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    std::string reason;
    const auto format = store::detectFormat(QFile::encodeName(absolute).toStdString(), reason);
    if (!format) {
        Q_EMIT journalOpened(path, OpenStatus::Failed, QString::fromStdString(reason));
        return;
    }
    if (*format != store::JournalFormat::Sqlite) {
        Q_EMIT journalOpened(path, OpenStatus::NotSqlite, QString::fromLatin1(store::formatName(*format)));
        return;
    }
    // immutable=1 only when nothing beside the file holds committed pages:
    // then SQLite takes no lock and creates no -shm.
    const bool immutable = !QFileInfo::exists(absolute + u"-wal"_s) && !QFileInfo::exists(absolute + u"-journal"_s);
    const QString uri = QUrl::fromLocalFile(absolute).toString(QUrl::FullyEncoded) + u"?mode=ro"_s
        + (immutable ? u"&immutable=1"_s : QString());
    QString failure;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connection);
        db.setDatabaseName(uri);
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY;QSQLITE_OPEN_URI"_s);
        if (!db.open()) {
            failure = errorText(db.lastError());
        } else {
            const QVariant handle = db.driver()->handle();
            if (handle.isValid() && qstrcmp(handle.typeName(), "sqlite3*") == 0)
                m_handle = *static_cast<sqlite3* const*>(handle.constData());
            if (m_handle) {
                // As the engine's reader: never checkpoint, never trust
                // functions a foreign schema might call.
                sqlite3_db_config(m_handle, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
                sqlite3_db_config(m_handle, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
                sqlite3_db_config(m_handle, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
                sqlite3_progress_handler(m_handle, ProgressSteps, &SqlQueryWorker::progressCheck, this);
            }
            QSqlQuery query(db);
            // Reading the schema proves the file is a database SQLite can use.
            if (!query.exec(u"PRAGMA query_only=1"_s) || !query.exec(u"SELECT count(*) FROM sqlite_master"_s))
                failure = errorText(query.lastError());
            if (m_handle) {
                sqlite3_set_authorizer(m_handle, &authorize, nullptr);
                // VACUUM INTO attaches its output: no attached files at all.
                sqlite3_limit(m_handle, SQLITE_LIMIT_ATTACHED, 0);
            }
        }
        if (!failure.isEmpty()) {
            if (m_handle)
                sqlite3_progress_handler(m_handle, 0, nullptr, nullptr);
            m_handle = nullptr;
            db.close();
        }
    }
    if (!failure.isEmpty()) {
        QSqlDatabase::removeDatabase(m_connection);
        Q_EMIT journalOpened(path, OpenStatus::Failed, QDir::toNativeSeparators(path) + u": "_s + failure);
        return;
    }
    Q_EMIT journalOpened(path, OpenStatus::Ready, QString());
}

void SqlQueryWorker::runQuery(quint64 generation, const QString& statement, int rowCap, const QString& resultPath)
{
    QElapsedTimer timer;
    timer.start();
    m_running = generation;
    SqlQueryOutcome outcome;
    const auto finish = [this, generation, &outcome, &timer] {
        outcome.elapsedMs = timer.elapsed();
        m_running = 0;
        Q_EMIT queryEnded(generation, outcome);
    };
    const auto fail = [this, &outcome](const QString& error) {
        if (cancelled()) {
            outcome.status = SqlQueryOutcome::Status::Cancelled;
        } else {
            outcome.status = SqlQueryOutcome::Status::Failed;
            outcome.error = error;
        }
    };
    if (cancelled()) {
        outcome.status = SqlQueryOutcome::Status::Cancelled;
        finish();
        return;
    }
    if (!m_handle || !QSqlDatabase::contains(m_connection)) {
        outcome.status = SqlQueryOutcome::Status::Failed;
        outcome.error = u"No SQLite journal is open."_s;
        finish();
        return;
    }
    // The journal connection's own handle: the values go from statement to
    // statement (sqlite3_value), never through QVariant.
    const QByteArray sql = statement.toUtf8();
    Statement source;
    if (sqlite3_prepare_v2(m_handle, sql.constData(), static_cast<int>(sql.size()), &source.stmt, nullptr)
        != SQLITE_OK) {
        fail(QString::fromUtf8(sqlite3_errmsg(m_handle)));
        finish();
        return;
    }
    const int columns = source.stmt ? sqlite3_column_count(source.stmt) : 0;
    int rc = source.stmt ? sqlite3_step(source.stmt) : SQLITE_DONE;
    ResultWriter writer;
    // No result file when the first step already failed or was cancelled.
    const bool writing = columns > 0 && (rc == SQLITE_ROW || rc == SQLITE_DONE);
    if (writing) {
        QStringList names;
        for (int c = 0; c < columns; ++c)
            names.append(QString::fromUtf8(sqlite3_column_name(source.stmt, c)));
        QString error;
        if (!writer.create(resultPath, columns, error)) {
            outcome.status = SqlQueryOutcome::Status::Failed;
            outcome.error = error;
            finish();
            return;
        }
        Q_EMIT columnsReady(generation, names);
    }
    for (;;) {
        if (rc == SQLITE_DONE)
            break;
        if (rc != SQLITE_ROW) {
            fail(QString::fromUtf8(sqlite3_errmsg(m_handle)));
            break;
        }
        if (rowCap > 0 && outcome.rows == rowCap) {
            outcome.truncated = true;
            break;
        }
        QString error;
        if (writing && !writer.append(source.stmt, error)) {
            outcome.status = SqlQueryOutcome::Status::Failed;
            outcome.error = error;
            break;
        }
        ++outcome.rows;
        if (cancelled()) {
            outcome.status = SqlQueryOutcome::Status::Cancelled;
            break;
        }
        rc = sqlite3_step(source.stmt);
    }
    source.finalize();
    if (writing) {
        QString error;
        // A cancelled query keeps (and shows) the rows it had.
        if (!writer.commit(error) && outcome.status != SqlQueryOutcome::Status::Failed) {
            outcome.status = SqlQueryOutcome::Status::Failed;
            outcome.error = error;
        }
    }
    finish();
}

} // namespace cd::models
