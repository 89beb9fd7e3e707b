#include "engine/runtime/finalizer_scope.h"

#include <algorithm>
#include <stdexcept>
#include <vector>

namespace cd::rt {

namespace {
struct Finalizer {
    std::uint64_t key = 0;
    FinalizerScope::SyncFinalizer sync;
    FinalizerScope::AsyncFinalizer async;
};

// Parameters live in the coroutine frame, so the finalizers (and the
// coroutine lambdas they may hold) stay alive while they are awaited.
Task<void> runFinalizers(std::vector<Finalizer> finalizers, ExitCause cause, FinalizerScope::ErrorSink onError)
{
    for (auto it = finalizers.rbegin(); it != finalizers.rend(); ++it) {
        std::exception_ptr failure;
        try {
            if (it->async)
                co_await it->async(cause);
            else
                it->sync(cause);
        } catch (...) {
            failure = std::current_exception();
        }
        if (failure && onError)
            onError(failure, cause);
    }
}
} // namespace

const char* exitCauseName(ExitCause cause)
{
    switch (cause) {
    case ExitCause::Ok:
        return "ok";
    case ExitCause::Error:
        return "error";
    case ExitCause::Interrupted:
        return "interrupted";
    }
    return "?";
}

struct FinalizerScope::State {
    Executor* executor = nullptr;
    std::uint64_t id = 0;
    std::optional<std::uint64_t> parentId;
    ErrorSink onError;
    std::uint64_t nextKey = 1;
    std::vector<Finalizer> finalizers;
    bool closed = false;
    Future<void> closing;
};

FinalizerScope::FinalizerScope(Executor& executor, std::uint64_t id, ErrorSink onError)
    : m_state(std::make_shared<State>())
{
    m_state->executor = &executor;
    m_state->id = id;
    m_state->onError = std::move(onError);
}

FinalizerScope FinalizerScope::child(std::uint64_t id) const
{
    FinalizerScope scope(*m_state->executor, id, m_state->onError);
    scope.m_state->parentId = m_state->id;
    return scope;
}

std::uint64_t FinalizerScope::pushSync(SyncFinalizer f) const
{
    if (m_state->closed)
        throw std::logic_error("Cannot add finalizer to closed scope");
    const std::uint64_t key = m_state->nextKey++;
    m_state->finalizers.push_back(Finalizer { key, std::move(f), {} });
    return key;
}

std::uint64_t FinalizerScope::pushAsync(AsyncFinalizer f) const
{
    if (m_state->closed)
        throw std::logic_error("Cannot add finalizer to closed scope");
    const std::uint64_t key = m_state->nextKey++;
    m_state->finalizers.push_back(Finalizer { key, {}, std::move(f) });
    return key;
}

bool FinalizerScope::remove(std::uint64_t key) const
{
    auto& list = m_state->finalizers;
    auto it = std::find_if(list.begin(), list.end(), [key](const Finalizer& f) { return f.key == key; });
    if (it == list.end())
        return false;
    list.erase(it);
    return true;
}

Future<void> FinalizerScope::close(ExitCause cause) const
{
    if (m_state->closed)
        return m_state->closing;
    m_state->closed = true;
    auto finalizers = std::move(m_state->finalizers);
    m_state->finalizers.clear();
    // start() runs the finalizers eagerly, before `closing` is assigned: a
    // finalizer closing its own scope again gets this settled placeholder
    // (waiting for the real future from inside it would never end).
    m_state->closing = Future<void>::ready(*m_state->executor);
    m_state->closing = start(*m_state->executor, runFinalizers(std::move(finalizers), cause, m_state->onError));
    return m_state->closing;
}

bool FinalizerScope::isClosed() const
{
    return m_state->closed;
}

std::size_t FinalizerScope::size() const
{
    return m_state->finalizers.size();
}

std::uint64_t FinalizerScope::id() const
{
    return m_state->id;
}

std::optional<std::uint64_t> FinalizerScope::parentId() const
{
    return m_state->parentId;
}

Executor& FinalizerScope::executor() const
{
    return *m_state->executor;
}

} // namespace cd::rt
