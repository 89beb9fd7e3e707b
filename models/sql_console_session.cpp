#include "models/sql_console_session.h"

#include "models/sql_guard.h"
#include "models/sql_result_model.h"

#include <QDir>
#include <QFile>
#include <QSqlDatabase>
#include <QUrl>

#include <limits>

namespace cd::models {

namespace {

using namespace Qt::Literals::StringLiterals;

} // namespace

SqlConsoleSession::SqlConsoleSession(QObject* parent)
    : QObject(parent)
    , m_worker(new SqlQueryWorker)
    , m_model(new SqlResultModel(this))
    , m_results(QDir::tempPath() + u"/chronodesk-sql-XXXXXX"_s)
{
    qRegisterMetaType<SqlQueryOutcome>();
    qRegisterMetaType<SqlQueryWorker::OpenStatus>();
    m_thread.setObjectName(u"sql-console"_s);
    m_worker->moveToThread(&m_thread);
    // The worker closes its connection in its destructor, on its own thread.
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &SqlQueryWorker::journalOpened, this, &SqlConsoleSession::onJournalOpened);
    connect(m_worker, &SqlQueryWorker::columnsReady, this, &SqlConsoleSession::onColumns);
    connect(m_worker, &SqlQueryWorker::queryEnded, this, &SqlConsoleSession::onEnded);
    m_thread.start();
}

SqlConsoleSession::~SqlConsoleSession()
{
    m_worker->cancelUpTo(std::numeric_limits<quint64>::max());
    m_thread.quit();
    m_thread.wait();
    // The worker is gone: no file is being written any more.
    m_running = false;
    releaseResult();
}

SqlConsoleSession::State SqlConsoleSession::state() const
{
    return m_running ? State::Running : m_openState;
}

void SqlConsoleSession::setState(State openState, bool running)
{
    const State before = state();
    m_openState = openState;
    m_running = running;
    if (state() != before)
        Q_EMIT stateChanged(state());
}

void SqlConsoleSession::setJournal(const QString& path)
{
    // Whatever runs belongs to the old journal: drop it.
    m_worker->cancelUpTo(m_generation);
    releaseResult();
    ++m_generation;
    m_path = path;
    m_detail.clear();
    SqlQueryWorker* worker = m_worker;
    if (path.isEmpty()) {
        QMetaObject::invokeMethod(
            worker, [worker] { worker->closeJournal(); }, Qt::QueuedConnection);
        setState(State::NoJournal, false);
        return;
    }
    QMetaObject::invokeMethod(
        worker, [worker, path] { worker->openJournal(path); }, Qt::QueuedConnection);
    setState(State::Opening, false);
}

void SqlConsoleSession::setRowCap(int rows)
{
    m_rowCap = qMax(1, rows);
}

bool SqlConsoleSession::run(const QString& sql)
{
    switch (m_openState) {
    case State::NoJournal:
        Q_EMIT refused(u"No journal is open."_s);
        return false;
    case State::NotSqlite:
    case State::Unusable:
        Q_EMIT refused(u"This journal cannot be queried with SQL."_s);
        return false;
    case State::Opening:
    case State::Ready:
    case State::Running:
        break;
    }
    const SqlVerdict verdict = checkReadOnlySql(sql);
    if (!verdict.allowed) {
        Q_EMIT refused(verdict.reason);
        return false;
    }
    m_worker->cancelUpTo(m_generation);
    releaseResult();
    const quint64 generation = ++m_generation;
    m_columns.clear();
    setState(m_openState, true);
    Q_EMIT queryStarted();
    SqlQueryWorker* worker = m_worker;
    const int cap = m_rowCap;
    QMetaObject::invokeMethod(
        worker,
        [worker, generation, statement = verdict.statement, cap, file = resultPath(generation)] {
            worker->runQuery(generation, statement, cap, file);
        },
        Qt::QueuedConnection);
    return true;
}

void SqlConsoleSession::cancel()
{
    if (m_running)
        m_worker->cancelUpTo(m_generation);
}

void SqlConsoleSession::onJournalOpened(const QString& path, SqlQueryWorker::OpenStatus status, const QString& detail)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (status == SqlQueryWorker::OpenStatus::Closed || path != m_path || m_openState != State::Opening)
        return;
    m_detail = detail;
    switch (status) {
    case SqlQueryWorker::OpenStatus::Ready:
        setState(State::Ready, m_running);
        break;
    case SqlQueryWorker::OpenStatus::NotSqlite:
        setState(State::NotSqlite, m_running);
        break;
    case SqlQueryWorker::OpenStatus::Failed:
    case SqlQueryWorker::OpenStatus::Closed:
        setState(State::Unusable, m_running);
        break;
    }
}

void SqlConsoleSession::onColumns(quint64 generation, const QStringList& names)
{
    if (generation != m_generation)
        return;
    m_columns = names;
    // The table is empty and committed: the columns show while it runs.
    showResult(generation, names);
}

void SqlConsoleSession::onEnded(quint64 generation, const SqlQueryOutcome& outcome)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (generation != m_generation || !m_running) {
        // Nobody shows a stale query's result any more.
        if (generation != m_shown)
            QFile::remove(resultPath(generation));
        return;
    }
    setState(m_openState, false);
    // Rows were copied (also those of a cancelled or failing query): show
    // them. Without rows the model already shows the empty table.
    if (outcome.rows > 0 && !m_columns.isEmpty())
        showResult(generation, m_columns);
    switch (outcome.status) {
    case SqlQueryOutcome::Status::Finished:
        Q_EMIT queryFinished(outcome.rows, outcome.elapsedMs, outcome.truncated);
        break;
    case SqlQueryOutcome::Status::Failed:
        Q_EMIT queryFailed(outcome.error, outcome.elapsedMs);
        break;
    case SqlQueryOutcome::Status::Cancelled:
        Q_EMIT queryCancelled(outcome.rows, outcome.elapsedMs);
        break;
    }
}

QString SqlConsoleSession::resultPath(quint64 generation) const
{
    return m_results.filePath(u"result-"_s + QString::number(generation) + u".sqlite"_s);
}

void SqlConsoleSession::showResult(quint64 generation, const QStringList& names)
{
    if (m_shown != generation) {
        releaseResult();
        m_resultConnection = u"chronodesk-sql-result-"_s + QString::number(reinterpret_cast<quintptr>(this), 16)
            + u"-"_s + QString::number(generation);
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_resultConnection);
        db.setDatabaseName(QUrl::fromLocalFile(resultPath(generation)).toString(QUrl::FullyEncoded) + u"?mode=ro"_s);
        // Never wait on the GUI thread: the worker is done with the rows
        // this connection reads.
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY;QSQLITE_OPEN_URI;QSQLITE_BUSY_TIMEOUT=0"_s);
        m_shown = generation;
        if (!db.open())
            return;
    } else {
        // A new query on the same connection sees the rows committed since.
        m_model->clear();
    }
    m_model->showResult(m_resultConnection, names);
}

void SqlConsoleSession::releaseResult()
{
    m_model->clear();
    if (!m_resultConnection.isEmpty()) {
        QSqlDatabase::database(m_resultConnection, false).close();
        QSqlDatabase::removeDatabase(m_resultConnection);
        m_resultConnection.clear();
    }
    if (m_shown != 0 && !(m_running && m_shown == m_generation))
        QFile::remove(resultPath(m_shown));
    m_shown = 0;
}

} // namespace cd::models
