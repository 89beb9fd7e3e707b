#include "engine/runtime/effect_support.h"

namespace cd::rt::detail {

Task<WaitOutcome> waitFor(Future<void> signal, std::int64_t maxMs, EffectEnv env)
{
    if (signal.settled())
        co_return WaitOutcome::Signalled;
    if (env.cancel.isCancelled())
        co_return WaitOutcome::Cancelled;
    Promise<WaitOutcome> done(env.executor());
    signal.then([done]() mutable { done.resolve(WaitOutcome::Signalled); });
    TimerId timer;
    if (maxMs >= 0)
        timer = env.clock->setTimer(maxMs, [done]() mutable { done.resolve(WaitOutcome::TimedOut); });
    auto subscription = env.cancel.onCancel([done]() mutable { done.resolve(WaitOutcome::Cancelled); });
    const WaitOutcome outcome = co_await done.future();
    subscription.unsubscribe();
    env.clock->cancelTimer(timer);
    co_return outcome;
}

Task<Result<Unit>> sleepFor(std::int64_t ms, EffectEnv env)
{
    if (env.cancel.isCancelled())
        co_return EffectError::interrupted();
    if (ms <= 0)
        co_return Unit {};
    Promise<Result<Unit>> done(env.executor());
    Clock* clock = env.clock;
    const TimerId timer = clock->setTimer(ms, [done]() mutable { done.resolve(Unit {}); });
    // Cancellation removes the timer: a cancelled sleep leaves nothing pending.
    auto subscription = env.cancel.onCancel([done, clock, timer]() mutable {
        clock->cancelTimer(timer);
        done.resolve(EffectError::interrupted());
    });
    Result<Unit> result = co_await done.future();
    subscription.unsubscribe();
    co_return result;
}

void emitEvent(const EmitFn& own, const EffectEnv& env, ObsEvent event)
{
    const EmitFn& sink = own ? own : env.emit;
    if (!sink)
        return;
    event.fields.emplace_back("timestamp", env.clock->now().wallMs);
    sink(event);
}

FinalizerScope::ErrorSink finalizerErrorSink(EmitFn sink, Clock* clock)
{
    if (!sink)
        return {};
    return [sink, clock](std::exception_ptr error, ExitCause cause) {
        sink(ObsEvent("effect:finalizer:error",
            { { "error", describeException(error) }, { "cause", std::string(exitCauseName(cause)) },
                { "timestamp", clock->now().wallMs } }));
    };
}

} // namespace cd::rt::detail
