#pragma once

#include "engine/runtime/process_types.h"
#include "engine/runtime/restart_policy.h"
#include "engine/runtime/task.h"

#include <concepts>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

namespace cd::rt {

template <typename Msg>
class Tools;

// init(tools) -> State, or -> Task<State> when it has to wait (e.g. replay a
// journal). Built implicitly from either kind of callable.
template <typename Msg, typename State>
class InitFn {
public:
    using Sync = std::function<State(Tools<Msg>&)>;
    using Async = std::function<Task<State>(Tools<Msg>&)>;

    InitFn() = default;
    template <typename F>
    requires(!std::same_as<std::remove_cvref_t<F>, InitFn> && std::invocable<F&, Tools<Msg>&>)
        InitFn(F f) // NOLINT(google-explicit-constructor): lets specs use plain lambdas
    {
        if constexpr (std::is_same_v<std::invoke_result_t<F&, Tools<Msg>&>, Task<State>>)
            m_async = std::move(f);
        else
            m_sync = std::move(f);
    }

    explicit operator bool() const { return m_sync || m_async; }
    bool isSync() const { return static_cast<bool>(m_sync); }
    const Sync& sync() const { return m_sync; }
    const Async& async() const { return m_async; }

private:
    Sync m_sync;
    Async m_async;
};

// handle(state, msg, tools) -> new State, or -> Task<State> for a handler that
// co_awaits (an ask, a sleep). Synchronous handlers are the fast path: no
// coroutine frame and no allocation per message.
//
// Coroutine handlers must not capture anything that can die before they
// finish (keep captures to what outlives the process). Arguments taken by
// reference stay valid until the handler completes.
template <typename Msg, typename State>
class HandleFn {
public:
    using Sync = std::function<State(State&&, Msg&&, Tools<Msg>&)>;
    using Async = std::function<Task<State>(State&&, Msg&&, Tools<Msg>&)>;

    HandleFn() = default;
    template <typename F>
    requires(!std::same_as<std::remove_cvref_t<F>, HandleFn> && std::invocable<F&, State&&, Msg&&, Tools<Msg>&>)
        HandleFn(F f) // NOLINT(google-explicit-constructor)
    {
        if constexpr (std::is_same_v<std::invoke_result_t<F&, State&&, Msg&&, Tools<Msg>&>, Task<State>>)
            m_async = std::move(f);
        else
            m_sync = std::move(f);
    }

    explicit operator bool() const { return m_sync || m_async; }
    bool isSync() const { return static_cast<bool>(m_sync); }
    const Sync& sync() const { return m_sync; }
    const Async& async() const { return m_async; }

private:
    Sync m_sync;
    Async m_async;
};

// Everything a process is made of. Aggregate: use designated initializers.
template <typename Msg, typename State>
struct ProcessSpec {
    std::string name {};
    // Runs at spawn and again on every restart. Optional when State is
    // default-constructible.
    InitFn<Msg, State> init {};
    HandleFn<Msg, State> handle {};
    // Called once with the last state when the process stops (not after a
    // failure dropped the state). Errors are reported, never thrown.
    std::function<void(State&, const std::string& reason)> onStop {};
    std::size_t maxInbox = 1024;
    MailboxPolicy mailboxPolicy = MailboxPolicy::Reject;
    SupervisionStrategy supervision {};
    // Turns a child's give-up into a message to this process; without it the
    // failure is only visible in events and the snapshot.
    std::function<std::optional<Msg>(const ChildFailure&)> onChildFailure {};
    // Names a message in process:msg:* events; defaults to its C++ type name
    // (the active alternative's for a std::variant).
    std::function<std::string(const Msg&)> msgType {};
};

} // namespace cd::rt
