#pragma once

#include "engine/runtime/clock.h"
#include "engine/runtime/future.h"

#include <cstdint>
#include <exception>
#include <memory>
#include <utility>

namespace cd::rt {

namespace detail {

class ProcessCore;

// One pending ask, registered with the process it was sent to so that a
// stop, a failure on its message or a dropped message can reject it at once.
class AskBase : public std::enable_shared_from_this<AskBase> {
public:
    AskBase() = default;
    AskBase(const AskBase&) = delete;
    AskBase& operator=(const AskBase&) = delete;
    virtual ~AskBase() = default;

    // Rejects the ask if it is still pending.
    virtual void fail(std::exception_ptr error) = 0;
    virtual bool settled() const = 0;

    std::uint64_t key = 0;
    ProcessCore* owner = nullptr; // null once unregistered
    Clock* clock = nullptr;
    TimerId timer;

protected:
    // Cancels the timeout timer and unregisters from the owner.
    void finished();
};

template <typename R>
class AskState final : public AskBase {
public:
    explicit AskState(Executor& executor)
        : m_promise(executor)
    { }

    template <typename... Args>
    bool resolve(Args&&... args)
    {
        const auto keep = shared_from_this();
        if (!m_promise.resolve(std::forward<Args>(args)...))
            return false;
        finished();
        return true;
    }

    void fail(std::exception_ptr error) override
    {
        const auto keep = shared_from_this();
        if (m_promise.reject(std::move(error)))
            finished();
    }

    bool settled() const override { return m_promise.settled(); }
    Future<R> future() const { return m_promise.future(); }

private:
    Promise<R> m_promise;
};

} // namespace detail

// The reply end of an ask, carried inside the message. Copyable; the first
// call settles the ask (and cancels its timer), later calls return false.
// A default-constructed Reply (a plain tell) ignores calls.
template <typename R>
class Reply {
public:
    Reply() = default;
    explicit Reply(std::shared_ptr<detail::AskState<R>> state)
        : m_state(std::move(state))
    { }

    template <typename... Args>
    bool operator()(Args&&... args) const
    {
        return m_state && m_state->resolve(std::forward<Args>(args)...);
    }

    // Rejects the ask with an error of the handler's choice.
    template <typename E>
    bool fail(E error) const
    {
        if (!m_state || m_state->settled())
            return false;
        m_state->fail(std::make_exception_ptr(std::move(error)));
        return true;
    }

    explicit operator bool() const { return static_cast<bool>(m_state); }
    bool pending() const { return m_state && !m_state->settled(); }

private:
    std::shared_ptr<detail::AskState<R>> m_state;
};

} // namespace cd::rt
