#include "models/work_pool.h"

#include <QThread>
#include <QThreadPool>

namespace cd::models {

QThreadPool* workPool()
{
    // Like the global pool: gone (waiting for what still runs) after main().
    static QThreadPool pool;
    static const bool configured = [] {
        pool.setObjectName(QStringLiteral("chronodesk-work"));
        pool.setMaxThreadCount(QThread::idealThreadCount());
        return true;
    }();
    (void)configured;
    return &pool;
}

} // namespace cd::models
