#pragma once

#include "engine/runtime/executor.h"

#include <cassert>
#include <coroutine>
#include <exception>
#include <functional>
#include <memory>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace cd::rt {

// The value type of a Future<void>.
struct Unit {
    friend bool operator==(Unit, Unit) = default;
};

template <typename T>
using ValueOf = std::conditional_t<std::is_void_v<T>, Unit, T>;

namespace detail {

template <typename T>
struct FutureState {
    explicit FutureState(Executor& ex)
        : executor(&ex)
    { }
    Executor* executor;
    std::variant<std::monostate, ValueOf<T>, std::exception_ptr> result;
    // Continuations waiting for the result. They are posted to the executor
    // when the future settles, never run inside resolve()/reject(): like a JS
    // promise, a continuation runs after the code that settled it returns.
    std::vector<std::coroutine_handle<>> waiters;
    std::vector<std::function<void()>> callbacks;

    bool settled() const { return result.index() != 0; }

    void settle()
    {
        for (auto h : waiters)
            executor->post(h);
        waiters.clear();
        for (auto& cb : callbacks)
            executor->post(std::move(cb));
        callbacks.clear();
    }
};

} // namespace detail

template <typename T>
class Future;

// The writing end of a one-shot result. The first resolve or reject wins;
// later ones are ignored and return false.
template <typename T>
class Promise {
public:
    explicit Promise(Executor& ex)
        : m_state(std::make_shared<detail::FutureState<T>>(ex))
    { }

    Future<T> future() const;

    template <typename... Args>
    bool resolve(Args&&... args)
    {
        if (m_state->settled())
            return false;
        if constexpr (std::is_void_v<T>)
            m_state->result.template emplace<1>(Unit {});
        else
            m_state->result.template emplace<1>(std::forward<Args>(args)...);
        m_state->settle();
        return true;
    }

    bool reject(std::exception_ptr error)
    {
        if (m_state->settled())
            return false;
        m_state->result.template emplace<2>(std::move(error));
        m_state->settle();
        return true;
    }

    template <typename E>
    bool fail(E error)
    {
        return reject(std::make_exception_ptr(std::move(error)));
    }

    bool settled() const { return m_state->settled(); }

private:
    std::shared_ptr<detail::FutureState<T>> m_state;
};

// The reading end: co_await it in a Task, or register a callback with then().
// Copies share one result.
template <typename T>
class Future {
public:
    Future() = default;
    explicit Future(std::shared_ptr<detail::FutureState<T>> state)
        : m_state(std::move(state))
    { }

    static Future ready(Executor& ex, ValueOf<T> value = {})
    {
        Promise<T> p(ex);
        p.resolve(std::move(value));
        return p.future();
    }
    static Future failed(Executor& ex, std::exception_ptr error)
    {
        Promise<T> p(ex);
        p.reject(std::move(error));
        return p.future();
    }

    bool valid() const { return m_state != nullptr; }
    bool settled() const { return m_state && m_state->settled(); }
    bool hasError() const { return m_state && m_state->result.index() == 2; }
    std::exception_ptr error() const { return hasError() ? std::get<2>(m_state->result) : nullptr; }

    // The value; rethrows the error. Only call once settled.
    const ValueOf<T>& value() const
    {
        assert(settled());
        if (m_state->result.index() == 2)
            std::rethrow_exception(std::get<2>(m_state->result));
        return std::get<1>(m_state->result);
    }

    // Calls cb (through the executor) once settled; at once (posted) if already.
    void then(std::function<void()> cb) const
    {
        if (m_state->settled())
            m_state->executor->post(std::move(cb));
        else
            m_state->callbacks.push_back(std::move(cb));
    }

    bool await_ready() const noexcept { return m_state->settled(); }
    void await_suspend(std::coroutine_handle<> h) const { m_state->waiters.push_back(h); }
    ValueOf<T> await_resume() const
    {
        if (m_state->result.index() == 2)
            std::rethrow_exception(std::get<2>(m_state->result));
        return std::get<1>(m_state->result);
    }

private:
    std::shared_ptr<detail::FutureState<T>> m_state;
};

template <typename T>
Future<T> Promise<T>::future() const
{
    return Future<T>(m_state);
}

} // namespace cd::rt
