#pragma once

#include <QList>
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
    qint64 rows = 0; // rows handed out (at most the cap)
    qint64 elapsedMs = 0; // execution and fetching, on the worker
    bool truncated = false; // the cap was reached and the query had more rows
    QString error; // Failed: SQLite's message
};

// Owns the SQL console's connection on its own thread (QSql connections are
// per thread): lives on a QThread, slots are called through queued
// connections. A query's rows go out in pages as plain values, never as a
// QSqlQuery or QSqlQueryModel, so the GUI thread only copies values in.
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
    // Runs one checked statement; at most rowCap rows are fetched.
    void runQuery(quint64 generation, const QString& statement, int rowCap);

Q_SIGNALS:
    // detail: the format name (NotSqlite) or the reason (Failed).
    void journalOpened(const QString& path, cd::models::SqlQueryWorker::OpenStatus status, const QString& detail);
    void columnsReady(quint64 generation, const QStringList& names);
    // Row-major values of whole rows (columns as in columnsReady).
    void rowsReady(quint64 generation, const QList<QVariant>& values);
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
