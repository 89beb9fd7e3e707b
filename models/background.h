#pragma once

#include "models/work_pool.h"

#include <QFutureWatcher>
#include <QObject>
#include <QtConcurrent/QtConcurrentRun>

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

} // namespace cd::models
