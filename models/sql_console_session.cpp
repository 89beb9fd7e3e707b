#include "models/sql_console_session.h"

#include "models/sql_guard.h"
#include "models/sql_result_model.h"

#include <limits>

namespace cd::models {

namespace {

using namespace Qt::Literals::StringLiterals;

} // namespace

SqlConsoleSession::SqlConsoleSession(QObject* parent)
    : QObject(parent)
    , m_worker(new SqlQueryWorker)
    , m_model(new SqlResultModel(this))
{
    qRegisterMetaType<SqlQueryOutcome>();
    qRegisterMetaType<SqlQueryWorker::OpenStatus>();
    m_thread.setObjectName(u"sql-console"_s);
    m_worker->moveToThread(&m_thread);
    // The worker closes its connection in its destructor, on its own thread.
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &SqlQueryWorker::journalOpened, this, &SqlConsoleSession::onJournalOpened);
    connect(m_worker, &SqlQueryWorker::columnsReady, this, &SqlConsoleSession::onColumns);
    connect(m_worker, &SqlQueryWorker::rowsReady, this, &SqlConsoleSession::onRows);
    connect(m_worker, &SqlQueryWorker::queryEnded, this, &SqlConsoleSession::onEnded);
    m_thread.start();
}

SqlConsoleSession::~SqlConsoleSession()
{
    m_worker->cancelUpTo(std::numeric_limits<quint64>::max());
    m_thread.quit();
    m_thread.wait();
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
    ++m_generation;
    m_model->clear();
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
    const quint64 generation = ++m_generation;
    m_model->clear();
    setState(m_openState, true);
    Q_EMIT queryStarted();
    SqlQueryWorker* worker = m_worker;
    const int cap = m_rowCap;
    QMetaObject::invokeMethod(
        worker,
        [worker, generation, statement = verdict.statement, cap] { worker->runQuery(generation, statement, cap); },
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
    if (generation == m_generation)
        m_model->start(names);
}

void SqlConsoleSession::onRows(quint64 generation, const QList<QVariant>& values)
{
    if (generation == m_generation)
        m_model->appendRows(values);
}

void SqlConsoleSession::onEnded(quint64 generation, const SqlQueryOutcome& outcome)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (generation != m_generation || !m_running)
        return;
    setState(m_openState, false);
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

} // namespace cd::models
