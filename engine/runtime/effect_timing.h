#pragma once

// Time-based effects: sleep, Effect::timeout, Effect::retry. Included by effect.h.
#include "engine/runtime/effect.h"

#include <concepts>

namespace cd::rt {

// Ok after ms on the env clock; Err(Interrupted) at once when the env is
// cancelled (the clock timer is removed then). A template so that it beats
// POSIX ::sleep(unsigned) for any integer argument under `using namespace`.
template <std::integral Ms>
Effect<Unit> sleep(Ms ms, EmitFn emit = {})
{
    const auto delay = static_cast<std::int64_t>(ms);
    return Effect<Unit>([delay](EffectEnv env) { return detail::sleepFor(delay, std::move(env)); }, std::move(emit));
}

namespace detail {

template <typename A>
Task<Result<A>> timeoutBody(Effect<A> self, std::int64_t ms, EffectEnv env)
{
    const auto id = static_cast<std::int64_t>(env.nextId());
    const EmitFn own = self.emitter();
    const EffectEnv child = env.child();
    emitEvent(own, env, ObsEvent("effect:timeout:start", { { "effectId", id }, { "timeoutMs", ms } }));

    Promise<Result<A>> done(env.executor());
    // The body runs on its own so that the timer can win even against a body
    // that ignores cancellation; whoever settles `done` first decides.
    auto bodyEnded = std::make_shared<bool>(false);
    launch(regionRun(self, child), [done, bodyEnded](Result<A> r) mutable {
        *bodyEnded = true;
        done.resolve(std::move(r));
    });

    TimerId timer;
    CancelToken::Subscription parentCancel;
    if (!*bodyEnded) {
        timer = env.clock->setTimer(ms, [done, child, own, env, id, ms]() mutable {
            if (done.settled())
                return;
            child.cancel.cancel();
            emitEvent(own, env, ObsEvent("effect:timeout:triggered", { { "effectId", id }, { "timeoutMs", ms } }));
            done.resolve(EffectError::timeout(ms));
        });
        parentCancel = env.cancel.onCancel([done]() mutable { done.resolve(EffectError::interrupted()); });
    }

    Result<A> result = co_await done.future();
    parentCancel.unsubscribe();
    env.clock->cancelTimer(timer);
    if (!*bodyEnded) {
        // Timed out (or the parent was cancelled): stop the body and run its
        // finalizers before reporting.
        child.cancel.cancel();
        co_await child.scope.close(ExitCause::Interrupted);
    }
    co_return result;
}

template <typename A>
Task<Result<A>> retryBody(Effect<A> self, RetryPolicy policy, EffectEnv env)
{
    if (policy.maxAttempts < 1)
        co_return EffectError::defect(
            std::make_exception_ptr(std::invalid_argument("retry: maxAttempts must be >= 1")));
    const auto id = static_cast<std::int64_t>(env.nextId());
    const EmitFn own = self.emitter();
    const std::int64_t maxAttempts = policy.maxAttempts;
    for (int attempt = 1;; ++attempt) {
        if (env.cancel.isCancelled())
            co_return EffectError::interrupted();
        emitEvent(own, env,
            ObsEvent("effect:retry:attempt",
                { { "effectId", id }, { "attempt", std::int64_t { attempt } }, { "maxAttempts", maxAttempts } }));
        Result<A> result = co_await self.runIn(env);
        if (result.ok()) {
            emitEvent(own, env,
                ObsEvent("effect:retry:success", { { "effectId", id }, { "attempt", std::int64_t { attempt } } }));
            co_return result;
        }
        if (!policy.shouldRetry(result.error()) || env.cancel.isCancelled())
            co_return result;
        if (attempt >= policy.maxAttempts) {
            emitEvent(
                own, env, ObsEvent("effect:retry:exhausted", { { "effectId", id }, { "attempts", maxAttempts } }));
            co_return result;
        }
        const std::int64_t delay = policy.delayAfter(attempt);
        emitEvent(own, env,
            ObsEvent("effect:retry:delay",
                { { "effectId", id }, { "attempt", std::int64_t { attempt } }, { "delayMs", delay } }));
        const Result<Unit> waited = co_await sleepFor(delay, env);
        if (!waited.ok())
            co_return waited.error();
    }
}

} // namespace detail

template <typename A>
Effect<A> Effect<A>::timeout(std::int64_t ms) const
{
    return Effect(
        [self = *this, ms](EffectEnv env) { return detail::timeoutBody<A>(self, ms, std::move(env)); }, m_state->emit);
}

template <typename A>
Effect<A> Effect<A>::retry(RetryPolicy policy) const
{
    return Effect([self = *this, policy](EffectEnv env) { return detail::retryBody<A>(self, policy, std::move(env)); },
        m_state->emit);
}

} // namespace cd::rt
