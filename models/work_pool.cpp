#include "models/work_pool.h"

#include <QCoreApplication>
#include <QThread>
#include <QThreadPool>

#ifdef __linux__
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#endif

namespace cd::models {

namespace {

enum class Pool { Work, Background, State };

// One pool per kind, made on first use. Its jobs end before the application
// goes: a post routine waits for them, as QCoreApplication does for the
// global pool (one still running as it is torn down, or after main(), would
// use what is gone). threads 0: as many as cores.
template <Pool Kind>
QThreadPool* pool(const char* name, QThread::Priority priority, int threads = 0)
{
    static QThreadPool instance;
    static const bool configured = [&] {
        instance.setObjectName(QString::fromLatin1(name));
        instance.setMaxThreadCount(threads > 0 ? threads : QThread::idealThreadCount());
        instance.setThreadPriority(priority);
        qAddPostRoutine([] { instance.waitForDone(); });
        return true;
    }();
    (void)configured;
    return &instance;
}

} // namespace

QThreadPool* workPool()
{
    return pool<Pool::Work>("chronodesk-work", QThread::InheritPriority);
}

QThreadPool* backgroundPool()
{
    return pool<Pool::Background>("chronodesk-background", QThread::InheritPriority);
}

QThreadPool* statePool()
{
    return pool<Pool::State>("chronodesk-state", QThread::InheritPriority, 1);
}

void lowerThreadPriority()
{
#ifdef __linux__
    // Per thread on Linux (the thread id as the process); raising one's own
    // nice value needs no privilege, and failing only costs the GUI time.
    constexpr int BackgroundNice = 10;
    if (getpriority(PRIO_PROCESS, id_t(gettid())) < BackgroundNice)
        setpriority(PRIO_PROCESS, id_t(gettid()), BackgroundNice);
#endif
}

double threadCpuMs()
{
#ifdef __linux__
    timespec now {};
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now) == 0)
        return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
#endif
    return 0;
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
