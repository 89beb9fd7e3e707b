#include "models/work_pool.h"

#include <QCoreApplication>
#include <QThread>
#include <QThreadPool>

namespace cd::models {

QThreadPool* workPool()
{
    static QThreadPool pool;
    static const bool configured = [] {
        pool.setObjectName(QStringLiteral("chronodesk-work"));
        pool.setMaxThreadCount(QThread::idealThreadCount());
        // As QCoreApplication does for the global pool: the jobs end before
        // the application goes (one still running as it is torn down, or
        // after main(), would use what is gone).
        qAddPostRoutine([] { pool.waitForDone(); });
        return true;
    }();
    (void)configured;
    return &pool;
}

} // namespace cd::models
