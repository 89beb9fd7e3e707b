#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <atomic>

struct sqlite3;

namespace cd::models {

// How a query ended (one per run, after its rows).
struct SqlQueryOutcome {
    enum class Status { Finished, Failed, Cancelled };
    Status status = Status::Finished;
    qint64 rows = 0; // rows copied to the result file (at most the cap)
    qint64 elapsedMs = 0; // execution and copying, on the worker
    bool truncated = false; // the cap was reached and the query had more rows
    QString error; // Failed: SQLite's message
};

// Owns the SQL console's journal connection on its own thread (QSql
// connections are per thread): lives on a QThread, slots are called through
// queued connections. A query's rows are copied, up to the cap, into a fresh
// result database (one table "result", one untyped column per result column,
// each value bound as SQLite returned it, so it keeps its type); the GUI
// thread then reads that small local file (SqlConsoleSession).
//
// The connection is read-only three times over: QSQLITE_OPEN_READONLY, a
// file: URI with mode=ro (immutable=1 when no -wal/-journal is beside the
// file, as the engine's reader does) and PRAGMA query_only=1; it never
// checkpoints on close. Statements are checked before they get here.
class SqlQueryWorker : public QObject {
    Q_OBJECT
public:
    enum class OpenStatus { Ready, NotSqlite, Failed, Closed };
    Q_ENUM(OpenStatus)

    explicit SqlQueryWorker(QObject* parent = nullptr);
    ~SqlQueryWorker() override;

    // Any thread: every run whose generation is <= generation stops (a
    // running statement at SQLite's next progress check, a fetch at the next
    // row).
    void cancelUpTo(quint64 generation);

public Q_SLOTS:
    // Closes what was open; detects the format and opens a SQLite journal.
    void openJournal(const QString& path);
    void closeJournal();
    // Runs one checked statement and copies at most rowCap rows into a new
    // database at resultPath (created once the first step of the statement
    // returned; not at all when it fails first or has no columns).
    void runQuery(quint64 generation, const QString& statement, int rowCap, const QString& resultPath);

Q_SIGNALS:
    // detail: the format name (NotSqlite) or the reason (Failed).
    void journalOpened(const QString& path, cd::models::SqlQueryWorker::OpenStatus status, const QString& detail);
    // The result file exists with its (empty, committed) table: the statement
    // has columns and its first step returned. Rows follow until queryEnded.
    void columnsReady(quint64 generation, const QStringList& names);
    void queryEnded(quint64 generation, const cd::models::SqlQueryOutcome& outcome);

private:
    bool cancelled() const;
    static int progressCheck(void* self);

    QString m_connection;
    sqlite3* m_handle = nullptr;
    quint64 m_running = 0; // generation of the query on this thread, 0 none
    std::atomic<quint64> m_cancelledUpTo { 0 };
};

} // namespace cd::models

Q_DECLARE_METATYPE(cd::models::SqlQueryOutcome)
