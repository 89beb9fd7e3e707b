#pragma once

#include "models/work_pool.h"

#include <QFutureWatcher>
#include <QObject>
#include <QtConcurrent/QtConcurrentRun>

#include <memory>
#include <mutex>
#include <type_traits>
#include <utility>

namespace cd::models {

// Runs work on the models' pool (workPool()) and hands its result to done on
// context's thread, always through context's event loop.
//
// QFuture::then(context, ...) calls its continuation at once, inside the
// caller, when the work has already finished by the time it is attached (a
// model would then change under the call that started the job, or not,
// depending on timing), and Qt 6.4 does not cope with context dying while
// the work runs. A QFutureWatcher owned by context delivers finished() as a
// posted event every time, and goes with context: a result for a destroyed
// object is never delivered.
// pool: workPool() unless the job is one of backgroundPool()'s. Returns the
// work's future, for an owner that must wait for the work when it goes; it
// turns invalid when done takes the result (waiting on it then never ends).
template <typename Work, typename Done>
QFuture<std::invoke_result_t<Work>> runInBackground(
    QObject* context, Work work, Done done, QThreadPool* pool = workPool())
{
    using Result = std::invoke_result_t<Work>;
    auto* watcher = new QFutureWatcher<Result>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context, [watcher, done = std::move(done)]() mutable {
        watcher->deleteLater();
        done(watcher->future().takeResult());
    });
    QFuture<Result> future = QtConcurrent::run(pool, std::move(work));
    watcher->setFuture(future);
    return future;
}

// Where a worker posts calls for an object that may go before the work
// ends (a QPointer read on the worker races with the object's destruction on
// its own thread). The object closes it first thing in its destructor: a post
// in progress ends before, later ones go nowhere, and the calls still queued
// go with the object.
class PostTarget {
public:
    explicit PostTarget(QObject* receiver)
        : m_receiver(receiver)
    { }
    // Queues call for the receiver's thread; false when closed.
    template <typename Call>
    bool post(Call call)
    {
        const std::lock_guard lock(m_mutex);
        return m_receiver && QMetaObject::invokeMethod(m_receiver, std::move(call), Qt::QueuedConnection);
    }
    void close()
    {
        const std::lock_guard lock(m_mutex);
        m_receiver = nullptr;
    }

private:
    std::mutex m_mutex;
    QObject* m_receiver;
};

// What takes seconds to free (a report of millions of problems, a string per
// issue; a 10M-entry history's index and snapshots): its last owner lets it
// go here, and backgroundPool() frees it, not the GUI thread. Shared with
// others, it goes with the last of them, wherever that is.
template <typename T>
void releaseInBackground(std::shared_ptr<T> owner)
{
    if (owner && owner.use_count() == 1)
        backgroundPool()->start([owner = std::move(owner)]() mutable {
            lowerThreadPriority();
            owner.reset();
        });
}

} // namespace cd::models
