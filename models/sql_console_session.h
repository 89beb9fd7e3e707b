#pragma once

#include "models/sql_query_worker.h"

#include <QObject>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QThread>

namespace cd::models {

class SqlResultModel;

// The SQL console without widgets: checks a statement (sql_guard), runs it
// on a SqlQueryWorker in its own thread and shows its rows in a
// SqlResultModel, a QSqlQueryModel. One query at a time: running another
// cancels the one in flight; a generation counter drops its late signals.
//
// How a QSqlQueryModel shows a query that never runs on the GUI thread: the
// worker runs the statement on its read-only journal connection and copies
// the rows (up to the cap) into a small result database of its own, one
// file per query in a temporary directory this session owns. Once the
// worker is done, the model points its own read-only QSQLITE connection at
// "SELECT * FROM result ORDER BY rowid" in that file and fetches lazily
// (fetchMore) from it: reading a local, already computed table costs the
// GUI thread microseconds per row, whatever the statement cost the worker
// (a GROUP BY over 10M events takes seconds there, none here). While the
// statement runs the model shows its columns and no rows: reading the file
// while the worker still writes would make the two wait on SQLite's locks.
// The journal is only ever read; the result files are never the journal.
// A result's connection and file go when the next query runs or the journal
// closes (a file still being written goes when its query ends).
class SqlConsoleSession : public QObject {
    Q_OBJECT
public:
    enum class State {
        NoJournal, // nothing open
        Opening, // detecting and opening
        NotSqlite, // an NDJSON or Phyxius journal (detail(): the format)
        Unusable, // not a SQLite database SQLite can read (detail(): why)
        Ready, // a query can run
        Running // a query is running
    };
    Q_ENUM(State)

    static constexpr int DefaultRowCap = 100'000;

    explicit SqlConsoleSession(QObject* parent = nullptr);
    ~SqlConsoleSession() override;

    // Opens path for queries (empty: closes). Cancels a running query.
    void setJournal(const QString& path);
    QString journal() const { return m_path; }
    State state() const;
    QString detail() const { return m_detail; }

    SqlResultModel* model() const { return m_model; }
    // Where the result databases are (one per query, while it is shown).
    QString resultDirectory() const { return m_results.path(); }
    void setRowCap(int rows);
    int rowCap() const { return m_rowCap; }

    // Refused statements emit refused() and run nothing; true when the
    // statement went to the worker.
    bool run(const QString& sql);
    void cancel();

Q_SIGNALS:
    void stateChanged(cd::models::SqlConsoleSession::State state);
    void refused(const QString& reason);
    void queryStarted();
    void queryFinished(qint64 rows, qint64 elapsedMs, bool truncated);
    void queryFailed(const QString& error, qint64 elapsedMs);
    void queryCancelled(qint64 rows, qint64 elapsedMs);

private:
    void setState(State openState, bool running);
    void onJournalOpened(const QString& path, SqlQueryWorker::OpenStatus status, const QString& detail);
    void onColumns(quint64 generation, const QStringList& names);
    void onEnded(quint64 generation, const SqlQueryOutcome& outcome);
    QString resultPath(quint64 generation) const;
    // Points the model at generation's result file (a reset).
    void showResult(quint64 generation, const QStringList& names);
    // Clears the model and drops its connection; deletes the file unless its
    // query is still running (onEnded deletes it then).
    void releaseResult();

    QThread m_thread;
    SqlQueryWorker* m_worker = nullptr; // lives on m_thread; deleted there
    SqlResultModel* m_model = nullptr;
    QTemporaryDir m_results; // one result database per query
    QString m_resultConnection; // the model's connection, empty when none
    quint64 m_shown = 0; // generation whose result the model shows, 0 none
    QStringList m_columns; // the current query's column names
    QString m_path;
    QString m_detail;
    State m_openState = State::NoJournal; // the journal's state, never Running
    bool m_running = false;
    quint64 m_generation = 0;
    int m_rowCap = DefaultRowCap;
};

} // namespace cd::models
