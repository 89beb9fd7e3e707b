#include "models/work_pool.h"

#include <QCoreApplication>
#include <QThread>
#include <QThreadPool>

namespace cd::models {

namespace {

// waitForDone: a function ending the pool's jobs, run as a post routine (as
// QCoreApplication does for the global pool: the jobs end before the
// application goes; one still running as it is torn down, or after main(),
// would use what is gone).
bool configure(QThreadPool& pool, const char* name, QThread::Priority priority, void (*waitForDone)(), int threads = 0)
{
    pool.setObjectName(QString::fromLatin1(name));
    pool.setMaxThreadCount(threads > 0 ? threads : QThread::idealThreadCount());
    pool.setThreadPriority(priority);
    qAddPostRoutine(waitForDone);
    return true;
}

} // namespace

QThreadPool* workPool()
{
    static QThreadPool pool;
    static const bool configured
        = configure(pool, "chronodesk-work", QThread::InheritPriority, [] { pool.waitForDone(); });
    (void)configured;
    return &pool;
}

QThreadPool* backgroundPool()
{
    static QThreadPool pool;
    static const bool configured
        = configure(pool, "chronodesk-background", QThread::IdlePriority, [] { pool.waitForDone(); });
    (void)configured;
    return &pool;
}

QThreadPool* statePool()
{
    static QThreadPool pool;
    static const bool configured = configure(
        pool, "chronodesk-state", QThread::InheritPriority, [] { pool.waitForDone(); }, 1);
    (void)configured;
    return &pool;
}

bool poolsIdle()
{
    return workPool()->activeThreadCount() == 0 && backgroundPool()->activeThreadCount() == 0
        && statePool()->activeThreadCount() == 0;
}

void waitForPools()
{
    // A job of one pool may start a job of another as it ends.
    while (!poolsIdle()) {
        workPool()->waitForDone();
        backgroundPool()->waitForDone();
        statePool()->waitForDone();
    }
}

} // namespace cd::models
