#pragma once

#include "engine/runtime/future.h"

#include <coroutine>
#include <exception>
#include <optional>
#include <utility>

namespace cd::rt {

template <typename T>
class Task;

namespace detail {

struct FinalAwaiter {
    bool await_ready() const noexcept { return false; }
    template <typename P>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<P> h) noexcept
    {
        if (auto c = h.promise().continuation)
            return c;
        return std::noop_coroutine();
    }
    void await_resume() const noexcept { }
};

struct TaskPromiseBase {
    std::coroutine_handle<> continuation;
    std::exception_ptr error;
    std::suspend_always initial_suspend() const noexcept { return {}; }
    FinalAwaiter final_suspend() const noexcept { return {}; }
    void unhandled_exception() noexcept { error = std::current_exception(); }
};

template <typename T>
struct TaskPromise : TaskPromiseBase {
    std::optional<T> value;
    Task<T> get_return_object() noexcept;
    template <typename U>
    void return_value(U&& v)
    {
        value.emplace(std::forward<U>(v));
    }
    T take()
    {
        if (error)
            std::rethrow_exception(error);
        return std::move(*value);
    }
};

template <>
struct TaskPromise<void> : TaskPromiseBase {
    Task<void> get_return_object() noexcept;
    void return_void() noexcept { }
    void take()
    {
        if (error)
            std::rethrow_exception(error);
    }
};

} // namespace detail

// A lazy coroutine: nothing runs until it is awaited (or started with
// start()). Awaiting transfers control symmetrically; exceptions propagate
// to the awaiter.
template <typename T = void>
class [[nodiscard]] Task {
public:
    using promise_type = detail::TaskPromise<T>;
    using Handle = std::coroutine_handle<promise_type>;

    Task() = default;
    explicit Task(Handle h) noexcept
        : m_handle(h)
    { }
    Task(Task&& other) noexcept
        : m_handle(std::exchange(other.m_handle, {}))
    { }
    Task& operator=(Task&& other) noexcept
    {
        if (this != &other) {
            reset();
            m_handle = std::exchange(other.m_handle, {});
        }
        return *this;
    }
    Task(const Task&) = delete;
    Task& operator=(const Task&) = delete;
    ~Task() { reset(); }

    bool valid() const { return static_cast<bool>(m_handle); }

    bool await_ready() const noexcept { return false; }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<> awaiting) noexcept
    {
        m_handle.promise().continuation = awaiting;
        return m_handle;
    }
    T await_resume() { return m_handle.promise().take(); }

private:
    void reset()
    {
        if (m_handle)
            m_handle.destroy();
        m_handle = {};
    }
    Handle m_handle;
};

namespace detail {
template <typename T>
Task<T> TaskPromise<T>::get_return_object() noexcept
{
    return Task<T>(std::coroutine_handle<TaskPromise<T>>::from_promise(*this));
}
inline Task<void> TaskPromise<void>::get_return_object() noexcept
{
    return Task<void>(std::coroutine_handle<TaskPromise<void>>::from_promise(*this));
}

// A self-destroying coroutine that runs eagerly: used to start a Task.
struct Detached {
    struct promise_type {
        Detached get_return_object() noexcept { return {}; }
        std::suspend_never initial_suspend() const noexcept { return {}; }
        std::suspend_never final_suspend() const noexcept { return {}; }
        void return_void() noexcept { }
        void unhandled_exception() noexcept { std::terminate(); }
    };
};

template <typename T>
Detached runInto(Task<T> task, Promise<T> promise)
{
    try {
        if constexpr (std::is_void_v<T>) {
            co_await std::move(task);
            promise.resolve();
        } else {
            promise.resolve(co_await std::move(task));
        }
    } catch (...) {
        promise.reject(std::current_exception());
    }
}

} // namespace detail

// Starts a task now: it runs synchronously up to its first suspension (like
// calling a JS async function) and the returned future settles with its
// result. The task's frame lives until it completes.
template <typename T>
Future<T> start(Executor& ex, Task<T> task)
{
    Promise<T> promise(ex);
    auto future = promise.future();
    detail::runInto(std::move(task), std::move(promise));
    return future;
}

} // namespace cd::rt
