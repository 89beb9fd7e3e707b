#pragma once

#include "engine/runtime/effect_failure.h"
#include "engine/runtime/effect_support.h"
#include "engine/runtime/retry_policy.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace cd::rt {

template <typename A>
class Effect;
template <typename A>
class Fiber;

// How a top-level run is set up.
struct RunOptions {
    EffectContext context;
    // Sink for effects that were not built with their own emit.
    EmitFn emit;
    // Cancelling this token interrupts the run (the run's token is its child).
    std::optional<CancelToken> cancel;
    // Share one source across runs for engine-wide unique ids.
    std::shared_ptr<IdSource> ids;
};

namespace detail {
template <typename T>
struct IsEffect : std::false_type { };
template <typename T>
struct IsEffect<Effect<T>> : std::true_type { };

template <typename T>
struct BodyValue;
template <typename A>
struct BodyValue<Task<Result<A>>> {
    using type = A;
};

// Text literals become std::string values.
template <typename V>
using StoredValue = std::conditional_t<std::is_convertible_v<V, const char*>, std::string, std::decay_t<V>>;
} // namespace detail

// A lazy description of an asynchronous computation ending in Result<A>.
// Nothing runs until runPromise/run (or until a running effect awaits it via
// runIn). An effect can run any number of times; copies share the body.
// Exceptions thrown by user code become Err(Defect): catchError and retry
// leave those alone, run() rethrows them.
template <typename A>
class Effect {
public:
    using value_type = A;
    using Body = std::function<Task<Result<A>>(EffectEnv)>;

    // The body stays alive for as long as any run of it, so a coroutine
    // lambda may safely use its captures across co_await.
    explicit Effect(Body body, EmitFn emit = {})
        : m_state(std::make_shared<const State>(State { std::move(body), std::move(emit) }))
    { }

    const EmitFn& emitter() const { return m_state->emit; }
    // The same effect, emitting its events, and those of everything it runs
    // (unless they have a sink of their own), to emit. Derived effects
    // (map, timeout, retry, ...) inherit it.
    Effect withEmit(EmitFn emit) const { return Effect(m_state->body, std::move(emit)); }

    // Runs inside a running effect's env. Never throws.
    Task<Result<A>> runIn(EffectEnv env) const { return runBody(*this, std::move(env)); }

    // Starts a top-level run now: a fresh token and scope, effect:start and
    // effect:success/effect:error events, then the scope closes with the
    // cause ok, error or interrupted. The future never fails.
    Future<Result<A>> runPromise(Clock& clock, RunOptions options = {}) const
    {
        return start(clock.executor(), runRoot(*this, &clock, std::move(options)));
    }
    // Like runPromise, but the future fails on Err: Defects rethrow their
    // exception, other errors throw EffectFailure.
    Future<A> run(Clock& clock, RunOptions options = {}) const
    {
        return start(clock.executor(), runThrowing(*this, &clock, std::move(options)));
    }

    // f(A) -> B (void gives Unit).
    template <typename F>
    auto map(F f) const
    {
        using R = std::invoke_result_t<F&, A&&>;
        using B = std::conditional_t<std::is_void_v<R>, Unit, std::decay_t<R>>;
        return Effect<B>(
            [self = *this, f](EffectEnv env) { return mapBody<B>(self, f, std::move(env)); }, m_state->emit);
    }

    // f(A) -> Effect<B>, run in the same env.
    template <typename F>
    auto flatMap(F f) const
    {
        using Next = std::decay_t<std::invoke_result_t<F&, A&&>>;
        static_assert(detail::IsEffect<Next>::value, "flatMap needs a function returning an Effect");
        using B = typename Next::value_type;
        return Effect<B>(
            [self = *this, f](EffectEnv env) { return flatMapBody<B>(self, f, std::move(env)); }, m_state->emit);
    }

    // f(const EffectError&) -> Effect<A> recovers from an Err (Fail, Timeout
    // or Interrupted). Defects (thrown exceptions) pass through untouched.
    template <typename F>
    Effect catchError(F f) const
    {
        return Effect([self = *this, f](EffectEnv env) { return catchBody(self, f, std::move(env)); }, m_state->emit);
    }

    // Err(Timeout) if the effect has not ended after ms on the env clock. The
    // body runs with a child token and scope: on timeout the token is
    // cancelled and the scope closed (cause interrupted) before returning; a
    // body that ends first leaves no timer behind.
    Effect timeout(std::int64_t ms) const;

    // Runs cleanup() (detached, so it can finish) if the env is cancelled
    // while this effect runs; waits for it before returning.
    template <typename F>
    Effect onInterrupt(F cleanup) const;

    // Repeats the effect on retryable errors, waiting on the env clock
    // (cancellable: a cancel during a wait ends with Err(Interrupted)).
    Effect retry(RetryPolicy policy) const;

    // Runs with env.context extended by key = value.
    template <typename T>
    Effect withContext(std::string key, T value) const
    {
        return Effect(
            [self = *this, key, value](EffectEnv env) {
                env.context = env.context.with(key, value);
                return self.runIn(std::move(env));
            },
            m_state->emit);
    }

    // Starts the effect now in a child region and returns its Fiber. The
    // fiber is stopped when the enclosing scope closes (it cannot outlive
    // the region that forked it).
    Effect<Fiber<A>> fork() const;

private:
    struct State {
        Body body;
        EmitFn emit;
    };

    static Task<Result<A>> runBody(Effect self, EffectEnv env)
    {
        // An effect built with its own sink sends the events of everything
        // it runs there (nested effects with a sink of their own excepted).
        if (self.m_state->emit)
            env.emit = self.m_state->emit;
        try {
            co_return co_await self.m_state->body(std::move(env));
        } catch (...) {
            co_return EffectError::defect(std::current_exception());
        }
    }

    static Task<Result<A>> runRoot(Effect self, Clock* clock, RunOptions options)
    {
        auto ids = options.ids ? options.ids : std::make_shared<IdSource>();
        EmitFn sink = self.m_state->emit ? self.m_state->emit : options.emit;
        CancelToken token = options.cancel ? options.cancel->child(ids->next()) : CancelToken(ids->next());
        FinalizerScope scope(clock->executor(), ids->next(), detail::finalizerErrorSink(sink, clock));
        EffectEnv env { clock, token, scope, std::move(options.context), sink, ids };
        const auto runId = static_cast<std::int64_t>(ids->next());
        detail::emitEvent({}, env, ObsEvent("effect:start", { { "effectId", runId } }));
        Result<A> result = co_await self.runIn(env);
        const bool defect = result.isErr() && result.error().isDefect();
        if (token.isCancelled() && !defect)
            result = EffectError::interrupted();
        if (defect) {
            detail::emitEvent(
                {}, env, ObsEvent("effect:error", { { "effectId", runId }, { "error", result.error().message() } }));
        } else {
            detail::emitEvent({}, env,
                ObsEvent("effect:success",
                    { { "effectId", runId }, { "result", std::string(result.ok() ? "ok" : "err") } }));
        }
        const ExitCause cause
            = token.isCancelled() ? ExitCause::Interrupted : (result.ok() ? ExitCause::Ok : ExitCause::Error);
        co_await scope.close(cause);
        co_return result;
    }

    static Task<A> runThrowing(Effect self, Clock* clock, RunOptions options)
    {
        Result<A> result = co_await runRoot(self, clock, std::move(options));
        if (!result.ok())
            EffectFailure::raise(result.error());
        co_return std::move(result).value();
    }

    template <typename B, typename F>
    static Task<Result<B>> mapBody(Effect self, F f, EffectEnv env)
    {
        Result<A> r = co_await self.runIn(std::move(env));
        if (!r.ok())
            co_return r.error();
        if constexpr (std::is_void_v<std::invoke_result_t<F&, A&&>>) {
            f(std::move(r).value());
            co_return Unit {};
        } else {
            co_return B(f(std::move(r).value()));
        }
    }

    template <typename B, typename F>
    static Task<Result<B>> flatMapBody(Effect self, F f, EffectEnv env)
    {
        Result<A> r = co_await self.runIn(env);
        if (!r.ok())
            co_return r.error();
        const Effect<B> next = f(std::move(r).value());
        co_return co_await next.runIn(std::move(env));
    }

    template <typename F>
    static Task<Result<A>> catchBody(Effect self, F f, EffectEnv env)
    {
        Result<A> r = co_await self.runIn(env);
        if (r.ok() || r.error().isDefect())
            co_return r;
        const Effect next = f(r.error());
        co_return co_await next.runIn(std::move(env));
    }

    std::shared_ptr<const State> m_state;
};

// An effect from a body: body(EffectEnv) -> Task<Result<A>>.
template <typename F>
auto effect(F body, EmitFn emit = {})
{
    using A = typename detail::BodyValue<std::invoke_result_t<F&, EffectEnv>>::type;
    return Effect<A>(std::move(body), std::move(emit));
}

namespace detail {
template <typename A>
Task<Result<A>> settled(Result<A> result)
{
    co_return result;
}

template <typename T>
Task<Result<ValueOf<T>>> awaitFuture(Future<T> future, EffectEnv env)
{
    Promise<void> signal(env.executor());
    future.then([signal]() mutable { signal.resolve(); });
    co_await waitFor(signal.future(), -1, env);
    if (!future.settled())
        co_return EffectError::interrupted();
    if (future.hasError())
        co_return EffectError::fail(future.error());
    co_return future.value();
}

// Runs an effect as an independent region: the body, then its scope closes
// with interrupted (token cancelled), error or ok.
template <typename A>
Task<Result<A>> regionRun(Effect<A> self, EffectEnv env)
{
    Result<A> r = co_await self.runIn(env);
    const ExitCause cause
        = env.cancel.isCancelled() ? ExitCause::Interrupted : (r.ok() ? ExitCause::Ok : ExitCause::Error);
    co_await env.scope.close(cause);
    co_return r;
}
} // namespace detail

template <typename V>
Effect<detail::StoredValue<V>> succeed(V&& value, EmitFn emit = {})
{
    using A = detail::StoredValue<V>;
    return Effect<A>([v = A(std::forward<V>(value))](EffectEnv) { return detail::settled<A>(v); }, std::move(emit));
}
inline Effect<Unit> succeed()
{
    return succeed(Unit {});
}

// fail<int>("declined"): an effect of type A that ends with Err(error).
template <typename A = Unit, typename E>
Effect<A> fail(E&& error, EmitFn emit = {})
{
    return Effect<A>(
        [e = EffectError::fail(std::forward<E>(error))](EffectEnv) { return detail::settled<A>(e); }, std::move(emit));
}

// Waits for a future that is already running. A failed future gives
// Err(Fail) holding its exception_ptr (run() rethrows it); a cancel stops the
// waiting with Err(Interrupted), the future itself keeps going.
template <typename T>
Effect<ValueOf<T>> fromFuture(Future<T> future, EmitFn emit = {})
{
    return Effect<ValueOf<T>>(
        [future](EffectEnv env) { return detail::awaitFuture<T>(future, std::move(env)); }, std::move(emit));
}

} // namespace cd::rt

#include "engine/runtime/effect_concurrency.h"
#include "engine/runtime/effect_resource.h"
#include "engine/runtime/effect_timing.h"
#include "engine/runtime/fiber.h"
