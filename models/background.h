#pragma once

#include <QFuture>
#include <QMetaObject>
#include <QObject>
#include <QtConcurrent/QtConcurrentRun>

#include <type_traits>
#include <utility>

namespace cd::models {

// Runs work on the global thread pool and hands its result to done on
// context's thread, always through context's event loop.
//
// QFuture::then(context, ...) calls its continuation at once, inside the
// caller, when the work has already finished by the time it is attached; a
// model would then change under the call that started the job (or not,
// depending on timing). Posting once more makes every result arrive the same
// way: after the starting call has returned, and never after context is gone
// (a queued call to a destroyed object is dropped).
template <typename Work, typename Done>
void runInBackground(QObject* context, Work work, Done done)
{
    using Result = std::invoke_result_t<Work>;
    QtConcurrent::run(std::move(work)).then(context, [context, done = std::move(done)](Result result) mutable {
        QMetaObject::invokeMethod(
            context, [done = std::move(done), result = std::move(result)]() mutable { done(std::move(result)); },
            Qt::QueuedConnection);
    });
}

} // namespace cd::models
