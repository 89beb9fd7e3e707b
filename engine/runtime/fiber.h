#pragma once

// Fibers: effects running on their own (fork, race, all). Included by effect.h.
#include "engine/runtime/effect.h"

#include <type_traits>

namespace cd::rt {

namespace detail {

template <typename A>
struct FiberState {
    FiberState(std::uint64_t fiberId, EffectEnv childEnv, std::function<void(const Result<A>&)> done)
        : id(fiberId)
        , env(std::move(childEnv))
        , finished(env.executor())
        , onDone(std::move(done))
    { }
    std::uint64_t id;
    EffectEnv env; // the fiber's own token and scope
    std::optional<Result<A>> result;
    Promise<void> finished;
    // Called synchronously when the fiber ends (race/all decide there).
    std::function<void(const Result<A>&)> onDone;
};

// Starts effect in childEnv now (it runs up to its first suspension).
template <typename A>
std::shared_ptr<FiberState<A>> startFiber(
    Effect<A> effect, EffectEnv childEnv, std::type_identity_t<std::function<void(const Result<A>&)>> onDone = {})
{
    const std::uint64_t id = childEnv.nextId();
    auto state = std::make_shared<FiberState<A>>(id, childEnv, std::move(onDone));
    launch(regionRun(std::move(effect), std::move(childEnv)), [state](Result<A> r) {
        state->result.emplace(std::move(r));
        state->finished.resolve();
        if (state->onDone)
            state->onDone(*state->result);
    });
    return state;
}

// Cancels a fiber that is still running (one that ended is left alone, so
// its onCancel callbacks stay silent) and runs its finalizers.
template <typename A>
Future<void> stopFiber(const std::shared_ptr<FiberState<A>>& state)
{
    if (!state->result)
        state->env.cancel.cancel();
    return state->env.scope.close(ExitCause::Interrupted);
}

template <typename A>
Task<void> stopFiberTask(std::shared_ptr<FiberState<A>> state)
{
    co_await stopFiber(state);
}

} // namespace detail

// A handle on a forked effect. Copies share the fiber.
template <typename A>
class Fiber {
public:
    explicit Fiber(std::shared_ptr<detail::FiberState<A>> state)
        : m_state(std::move(state))
    { }

    std::uint64_t id() const { return m_state->id; }
    bool done() const { return m_state->result.has_value(); }

    // The fiber's Result once it ends. Cancelling the joiner stops the
    // waiting (Err(Interrupted)), not the fiber.
    Effect<A> join() const
    {
        return Effect<A>([s = m_state](EffectEnv env) { return joinBody(s, std::move(env)); });
    }

    // Cancels the fiber, waits up to graceMs on the env clock for it to end
    // (no wait if it ends sooner; the wait is cancellable), then runs its
    // finalizers (cause interrupted) if it has not. Idempotent; always Ok.
    Effect<Unit> interrupt(std::int64_t graceMs = 100) const
    {
        return Effect<Unit>(
            [s = m_state, graceMs](EffectEnv env) { return interruptBody(s, graceMs, std::move(env)); });
    }

    // Ok(nullopt) while running, Ok(result) once ended.
    Effect<std::optional<Result<A>>> poll() const
    {
        return Effect<std::optional<Result<A>>>(
            [s = m_state](EffectEnv) { return detail::settled(Result<std::optional<Result<A>>>(s->result)); });
    }

private:
    using StatePtr = std::shared_ptr<detail::FiberState<A>>;

    static Task<Result<A>> joinBody(StatePtr s, EffectEnv env)
    {
        co_await detail::waitFor(s->finished.future(), -1, env);
        if (s->result)
            co_return *s->result;
        co_return EffectError::interrupted();
    }

    static Task<Result<Unit>> interruptBody(StatePtr s, std::int64_t graceMs, EffectEnv env)
    {
        if (!s->result) {
            s->env.cancel.cancel();
            if (graceMs > 0)
                co_await detail::waitFor(s->finished.future(), graceMs, env);
        }
        co_await s->env.scope.close(ExitCause::Interrupted);
        co_return Unit {};
    }

    StatePtr m_state;
};

namespace detail {
template <typename A>
Task<Result<Fiber<A>>> forkBody(Effect<A> self, EffectEnv env)
{
    if (env.cancel.isCancelled() || env.scope.isClosed())
        co_return EffectError::interrupted();
    auto state = startFiber(std::move(self), env.child());
    // Structured concurrency: the fiber is stopped when the region that
    // forked it ends.
    env.scope.push([state](ExitCause) { return stopFiberTask(state); });
    co_return Fiber<A>(state);
}
} // namespace detail

template <typename A>
Effect<Fiber<A>> Effect<A>::fork() const
{
    return Effect<Fiber<A>>([self = *this](EffectEnv env) { return detail::forkBody<A>(self, std::move(env)); });
}

} // namespace cd::rt
