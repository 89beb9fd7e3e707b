#pragma once

#include "engine/runtime/process_error.h"
#include "engine/runtime/typed_process.h"

#include <cstdint>
#include <memory>
#include <string>
#include <utility>

namespace cd::rt {

// A copyable handle to a process that takes messages of type Msg. A
// default-constructed ref is invalid: send returns false.
template <typename Msg>
class ProcessRef {
public:
    ProcessRef() = default;
    explicit ProcessRef(std::shared_ptr<detail::TypedProcess<Msg>> process)
        : m_process(std::move(process))
    { }

    bool valid() const { return static_cast<bool>(m_process); }
    const std::string& id() const { return checked().id(); }
    const std::string& name() const { return checked().name(); }
    ProcessStatus status() const { return checked().status(); }
    ProcessInfo info() const { return checked().info(); }

    // Queues msg. False only when the process is stopping, stopped or failed
    // for good, or the mailbox refused it (policy reject). Accepted while
    // starting and while a failed process waits to be restarted.
    bool send(Msg msg) const { return m_process && m_process->send(std::move(msg)); }

    // Sends build(reply) and waits for the handler to call reply(value).
    // Rejects with TimeoutError("Ask timeout after <N>ms") (timeoutMs <= 0:
    // no timeout), or at once with ProcessError when the message cannot be
    // sent, the handler fails on it, the mailbox drops it, or the process
    // stops or fails for good. The timer is cancelled when the reply comes.
    template <typename R, typename Build>
    Future<R> ask(Build&& build, std::int64_t timeoutMs = 5000) const
    {
        return checked().template ask<R>(std::forward<Build>(build), timeoutMs);
    }

    // Rejects pending asks, stops the children, lets the message in flight
    // finish, calls onStop, then settles. Repeated calls share one stop.
    Future<void> stop(std::string reason = "normal") const { return checked().stop(std::move(reason)); }

    friend bool operator==(const ProcessRef& a, const ProcessRef& b) { return a.m_process == b.m_process; }

private:
    detail::TypedProcess<Msg>& checked() const
    {
        if (!m_process)
            throw ProcessError("Invalid process reference", std::string());
        return *m_process;
    }

    std::shared_ptr<detail::TypedProcess<Msg>> m_process;
};

} // namespace cd::rt
