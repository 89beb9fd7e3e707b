#pragma once

#include "models/sql_query_worker.h"

#include <QObject>
#include <QString>
#include <QThread>

namespace cd::models {

class SqlResultModel;

// The SQL console without widgets: checks a statement (sql_guard), runs it
// on a SqlQueryWorker in its own thread and fills a SqlResultModel on the
// GUI thread page by page. One query at a time: running another cancels
// the one in flight; a generation counter drops its late pages.
//
// Why not QSqlQueryModel: a QSqlQueryModel runs and fetches its query on
// the connection of the thread it lives in, and a model a view shows must
// live on the GUI thread, so every exec and fetchMore would block the GUI
// (a GROUP BY over 10M events takes seconds). The worker owns the
// connection and hands out plain values instead.
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
    void onRows(quint64 generation, const QList<QVariant>& values);
    void onEnded(quint64 generation, const SqlQueryOutcome& outcome);

    QThread m_thread;
    SqlQueryWorker* m_worker = nullptr; // lives on m_thread; deleted there
    SqlResultModel* m_model = nullptr;
    QString m_path;
    QString m_detail;
    State m_openState = State::NoJournal; // the journal's state, never Running
    bool m_running = false;
    quint64 m_generation = 0;
    int m_rowCap = DefaultRowCap;
};

} // namespace cd::models
