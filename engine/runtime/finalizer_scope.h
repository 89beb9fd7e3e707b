#pragma once

#include "engine/runtime/future.h"
#include "engine/runtime/task.h"

#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>

namespace cd::rt {

// Why a scope closed: the effect succeeded, ended with an Err, or was cancelled.
enum class ExitCause { Ok, Error, Interrupted };

const char* exitCauseName(ExitCause cause);

// Finalizers registered while an effect runs. close(cause) runs them LIFO,
// one after the other (awaiting async ones); it is idempotent: every call
// returns the same future. A failing finalizer is reported to the error sink
// and does not stop the others. push after close throws std::logic_error.
// Copies share one scope (the methods are const: it is a handle).
class FinalizerScope {
public:
    using SyncFinalizer = std::function<void(ExitCause)>;
    using AsyncFinalizer = std::function<Task<void>(ExitCause)>;
    using ErrorSink = std::function<void(std::exception_ptr, ExitCause)>;

    explicit FinalizerScope(Executor& executor, std::uint64_t id = 0, ErrorSink onError = {});

    // A fresh scope (not linked: the caller decides when it closes) sharing
    // the executor and error sink.
    FinalizerScope child(std::uint64_t id) const;

    // Accepts f(ExitCause) or f(), returning void or Task<void>. Returns a
    // key for remove().
    template <typename F>
    std::uint64_t push(F f) const
    {
        if constexpr (std::is_invocable_v<F&, ExitCause>) {
            if constexpr (std::is_same_v<std::invoke_result_t<F&, ExitCause>, Task<void>>)
                return pushAsync(AsyncFinalizer(std::move(f)));
            else
                return pushSync(SyncFinalizer(std::move(f)));
        } else {
            static_assert(std::is_invocable_v<F&>, "a finalizer takes an ExitCause or nothing");
            if constexpr (std::is_same_v<std::invoke_result_t<F&>, Task<void>>)
                return pushAsync([f](ExitCause) mutable { return f(); });
            else
                return pushSync([f](ExitCause) mutable { f(); });
        }
    }
    std::uint64_t pushSync(SyncFinalizer f) const;
    std::uint64_t pushAsync(AsyncFinalizer f) const;
    // Drops a finalizer that is no longer needed (e.g. a resource already
    // released). False if it is unknown or the scope already closed.
    bool remove(std::uint64_t key) const;

    Future<void> close(ExitCause cause) const;

    bool isClosed() const;
    std::size_t size() const;
    std::uint64_t id() const;
    std::optional<std::uint64_t> parentId() const;
    Executor& executor() const;

private:
    struct State;
    explicit FinalizerScope(std::shared_ptr<State> state)
        : m_state(std::move(state))
    { }
    std::shared_ptr<State> m_state;
};

} // namespace cd::rt
