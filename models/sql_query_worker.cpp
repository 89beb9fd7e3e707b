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
#include <QSqlRecord>
#include <QUrl>

#include <sqlite3.h>

namespace cd::models {

namespace {

using namespace Qt::Literals::StringLiterals;

// The first page is small so the first rows show at once; later pages are
// bigger so 100k rows cost few queued events.
constexpr qsizetype FirstPageRows = 256;
constexpr qsizetype PageRows = 4096;
// A slow query still shows its rows as they come.
constexpr qint64 FlushAfterMs = 100;
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

void SqlQueryWorker::runQuery(quint64 generation, const QString& statement, int rowCap)
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
    const auto fail = [this, &outcome](const QSqlError& error) {
        if (cancelled()) {
            outcome.status = SqlQueryOutcome::Status::Cancelled;
        } else {
            outcome.status = SqlQueryOutcome::Status::Failed;
            outcome.error = errorText(error);
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
    {
        QSqlQuery query(QSqlDatabase::database(m_connection, false));
        query.setForwardOnly(true);
        if (!query.exec(statement)) {
            fail(query.lastError());
            finish();
            return;
        }
        const QSqlRecord record = query.record();
        QStringList names;
        for (int c = 0; c < record.count(); ++c)
            names.append(record.fieldName(c));
        Q_EMIT columnsReady(generation, names);

        const int columns = record.count();
        QList<QVariant> page;
        qsizetype pageRows = 0;
        qsizetype pageLimit = FirstPageRows;
        QElapsedTimer sinceFlush;
        sinceFlush.start();
        const auto flush = [this, generation, &page, &pageRows, &pageLimit, &sinceFlush] {
            if (pageRows > 0)
                Q_EMIT rowsReady(generation, page);
            page.clear();
            pageRows = 0;
            pageLimit = PageRows;
            sinceFlush.restart();
        };
        for (;;) {
            if (cancelled()) {
                outcome.status = SqlQueryOutcome::Status::Cancelled;
                break;
            }
            if (!query.next()) {
                if (query.lastError().type() != QSqlError::NoError)
                    fail(query.lastError());
                break;
            }
            if (rowCap > 0 && outcome.rows == rowCap) {
                outcome.truncated = true;
                break;
            }
            for (int c = 0; c < columns; ++c)
                page.append(query.value(c));
            ++outcome.rows;
            if (++pageRows >= pageLimit || sinceFlush.elapsed() >= FlushAfterMs)
                flush();
        }
        flush();
        query.finish();
    }
    finish();
}

} // namespace cd::models
