#pragma once

// race and all. Included by effect.h.
#include "engine/runtime/effect.h"
#include "engine/runtime/fiber.h"

namespace cd::rt {

namespace detail {

// Cancels every fiber still running, then runs each one's finalizers (start
// order), so nothing of the losers is left when the caller returns.
template <typename A>
Task<void> stopAll(std::vector<std::shared_ptr<FiberState<A>>> fibers)
{
    for (auto& f : fibers) {
        if (!f->result)
            f->env.cancel.cancel();
    }
    for (auto& f : fibers)
        co_await stopFiber(f);
}

template <typename A>
Task<Result<A>> raceBody(std::vector<Effect<A>> effects, EffectEnv env)
{
    if (effects.empty()) {
        // Nothing can win: wait until cancelled.
        Promise<void> never(env.executor());
        co_await waitFor(never.future(), -1, env);
        co_return EffectError::interrupted();
    }
    if (effects.size() == 1)
        co_return co_await effects.front().runIn(std::move(env));

    struct Shared {
        explicit Shared(Executor& ex)
            : decided(ex)
        { }
        std::optional<Result<A>> winner;
        Promise<void> decided;
    };
    auto shared = std::make_shared<Shared>(env.executor());
    std::vector<std::shared_ptr<FiberState<A>>> fibers;
    for (auto& e : effects) {
        if (shared->winner)
            break; // decided synchronously: the rest need not start
        fibers.push_back(startFiber(e, env.child(), [shared](const Result<A>& r) {
            if (shared->winner)
                return;
            shared->winner.emplace(r);
            shared->decided.resolve();
        }));
    }
    co_await waitFor(shared->decided.future(), -1, env);
    co_await stopAll(fibers);
    if (!shared->winner)
        co_return EffectError::interrupted();
    co_return *shared->winner;
}

template <typename A>
Task<Result<std::vector<A>>> allBody(std::vector<Effect<A>> effects, EffectEnv env)
{
    if (effects.empty())
        co_return std::vector<A> {};
    struct Shared {
        Shared(Executor& ex, std::size_t n)
            : remaining(n)
            , decided(ex)
        { }
        std::size_t remaining;
        std::optional<EffectError> failure;
        Promise<void> decided;
    };
    auto shared = std::make_shared<Shared>(env.executor(), effects.size());
    std::vector<std::shared_ptr<FiberState<A>>> fibers;
    for (auto& e : effects) {
        if (shared->failure)
            break; // failed synchronously: fail fast, start nothing more
        fibers.push_back(startFiber(e, env.child(), [shared](const Result<A>& r) {
            if (shared->failure)
                return;
            if (!r.ok()) {
                shared->failure.emplace(r.error());
                shared->decided.resolve();
            } else if (--shared->remaining == 0) {
                shared->decided.resolve();
            }
        }));
    }
    co_await waitFor(shared->decided.future(), -1, env);
    if (shared->failure || shared->remaining > 0) {
        co_await stopAll(fibers);
        co_return shared->failure ? *shared->failure : EffectError::interrupted();
    }
    std::vector<A> values;
    values.reserve(fibers.size());
    for (auto& f : fibers)
        values.push_back(std::move(*f->result).value());
    co_return values;
}

} // namespace detail

// The first effect to end (Ok or Err) wins. Each runs in its own child
// region; the losers are cancelled and their finalizers have run before the
// race returns. race({}) never ends unless cancelled; race({x}) is x.
template <typename A>
Effect<A> race(std::vector<Effect<A>> effects, EmitFn emit = {})
{
    return Effect<A>(
        [effects](EffectEnv env) { return detail::raceBody<A>(effects, std::move(env)); }, std::move(emit));
}

// Runs every effect concurrently; Ok(values in order) if all succeed. Fails
// fast: the first Err (in time) cancels the others, whose finalizers run
// before the Err is returned.
template <typename A>
Effect<std::vector<A>> all(std::vector<Effect<A>> effects, EmitFn emit = {})
{
    return Effect<std::vector<A>>(
        [effects](EffectEnv env) { return detail::allBody<A>(effects, std::move(env)); }, std::move(emit));
}

} // namespace cd::rt
