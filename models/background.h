#pragma once

#include "models/work_pool.h"

#include <QFutureWatcher>
#include <QObject>
#include <QtConcurrent/QtConcurrentRun>

#include <memory>
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
// pool: workPool() unless the job is one of backgroundPool()'s.
template <typename Work, typename Done>
void runInBackground(QObject* context, Work work, Done done, QThreadPool* pool = workPool())
{
    using Result = std::invoke_result_t<Work>;
    auto* watcher = new QFutureWatcher<Result>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context, [watcher, done = std::move(done)]() mutable {
        watcher->deleteLater();
        done(watcher->future().takeResult());
    });
    watcher->setFuture(QtConcurrent::run(pool, std::move(work)));
}

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
