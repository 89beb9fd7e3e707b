#pragma once

// Resource safety: Effect::onInterrupt and acquireUseRelease. Included by effect.h.
#include "engine/runtime/effect.h"

namespace cd::rt {

namespace detail {

// Runs an effect built by make() in env, reporting an Err or a throw as
// `eventType` instead of passing it on. Returns whether it succeeded.
template <typename Make>
Task<bool> runReported(Make make, EffectEnv env, EmitFn own, std::string eventType, ExitCause cause)
{
    std::optional<EffectError> failure;
    try {
        const auto eff = make();
        const auto r = co_await eff.runIn(env);
        if (!r.ok())
            failure.emplace(r.error());
    } catch (...) {
        failure.emplace(EffectError::defect(std::current_exception()));
    }
    co_await env.scope.close(failure ? ExitCause::Error : ExitCause::Ok);
    if (failure) {
        emitEvent(own, env,
            ObsEvent(std::move(eventType),
                { { "error", failure->message() }, { "cause", std::string(exitCauseName(cause)) } }));
    }
    co_return !failure;
}

template <typename A, typename F>
Task<Result<A>> onInterruptBody(Effect<A> self, F cleanup, EffectEnv env)
{
    struct Shared {
        explicit Shared(Executor& ex)
            : cleaned(ex)
        { }
        bool fired = false;
        Promise<void> cleaned;
    };
    auto shared = std::make_shared<Shared>(env.executor());
    const EmitFn own = self.emitter();
    auto subscription = env.cancel.onCancel([shared, cleanup, env, own]() {
        shared->fired = true;
        // Detached: the cleanup must be able to sleep although this region is cancelled.
        launch(runReported([cleanup]() { return cleanup(); }, env.detached(), own, "effect:interrupt:error",
                   ExitCause::Interrupted),
            [shared](bool) { shared->cleaned.resolve(); });
    });
    Result<A> result = co_await self.runIn(env);
    subscription.unsubscribe();
    if (shared->fired)
        co_await shared->cleaned.future();
    co_return result;
}

// Releases a resource exactly once, whoever asks first: the use path (when
// use ends) or the enclosing scope's finalizer (when the region is torn down
// while use is still running). A second caller waits for the first.
template <typename R, typename Rel>
struct ReleaseGuard {
    ReleaseGuard(R res, Rel rel, EffectEnv e, EmitFn o)
        : resource(std::move(res))
        , release(std::move(rel))
        , env(std::move(e))
        , own(std::move(o))
        , finished(env.executor())
    { }
    auto makeRelease(ExitCause cause)
    {
        if constexpr (std::is_invocable_v<Rel&, const R&, ExitCause>)
            return release(resource, cause);
        else
            return release(resource);
    }
    R resource;
    Rel release;
    EffectEnv env;
    EmitFn own;
    bool started = false;
    Promise<void> finished;
    std::uint64_t finalizerKey = 0;
};

template <typename G>
Task<void> releaseOnce(std::shared_ptr<G> g, ExitCause cause)
{
    if (g->started) {
        co_await g->finished.future();
        co_return;
    }
    g->started = true;
    // Detached: a release must run to its end even in a cancelled region.
    // (The lambda is a named local: GCC 12 destroys closure temporaries that
    // appear inside a co_await expression twice.)
    auto makeRelease = [g, cause]() { return g->makeRelease(cause); };
    co_await runReported(makeRelease, g->env.detached(), g->own, "effect:release:error", cause);
    g->finished.resolve();
}

template <typename R, typename B, typename Use, typename Rel>
Task<Result<B>> acquireUseReleaseBody(Effect<R> acquire, Use use, Rel release, EmitFn own, EffectEnv env)
{
    if (env.cancel.isCancelled() || env.scope.isClosed())
        co_return EffectError::interrupted();
    Result<R> acquired = co_await acquire.runIn(env);
    if (!acquired.ok())
        co_return acquired.error();
    using Guard = ReleaseGuard<R, Rel>;
    auto guard = std::make_shared<Guard>(std::move(acquired).value(), std::move(release), env, own);
    if (env.cancel.isCancelled() || env.scope.isClosed()) {
        // Cancelled while acquiring: give the resource straight back.
        co_await releaseOnce(guard, ExitCause::Interrupted);
        co_return EffectError::interrupted();
    }
    guard->finalizerKey = env.scope.push([guard](ExitCause cause) { return releaseOnce(guard, cause); });

    std::optional<Effect<B>> next;
    Result<B> used = EffectError::interrupted();
    try {
        next.emplace(use(guard->resource));
    } catch (...) {
        used = EffectError::defect(std::current_exception());
    }
    if (next)
        used = co_await next->runIn(env);
    const ExitCause cause
        = env.cancel.isCancelled() ? ExitCause::Interrupted : (used.ok() ? ExitCause::Ok : ExitCause::Error);
    env.scope.remove(guard->finalizerKey);
    co_await releaseOnce(guard, cause);
    co_return used;
}

} // namespace detail

template <typename A>
template <typename F>
Effect<A> Effect<A>::onInterrupt(F cleanup) const
{
    return Effect(
        [self = *this, cleanup](EffectEnv env) { return detail::onInterruptBody<A>(self, cleanup, std::move(env)); },
        m_state->emit);
}

// Bracket: acquire, then use(resource) -> Effect<B>, then release(resource,
// cause) -> Effect<...> (or release(resource)) exactly once, as soon as use
// ends, with cause ok, error or interrupted. If the region is torn down
// while use runs (timeout, race loss, interrupt), the enclosing scope's
// finalizer releases with cause interrupted. Nested brackets release LIFO.
// A failing release is reported as effect:release:error and never replaces
// use's result. If acquire fails, nothing is released.
template <typename R, typename Use, typename Rel>
auto acquireUseRelease(Effect<R> acquire, Use use, Rel release, EmitFn emit = {})
{
    using Next = std::decay_t<std::invoke_result_t<Use&, const R&>>;
    static_assert(detail::IsEffect<Next>::value, "use must return an Effect");
    using B = typename Next::value_type;
    return Effect<B>(
        [acquire, use, release, emit](
            EffectEnv env) { return detail::acquireUseReleaseBody<R, B>(acquire, use, release, emit, std::move(env)); },
        emit);
}

} // namespace cd::rt
