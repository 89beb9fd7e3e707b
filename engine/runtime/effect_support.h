#pragma once

#include "engine/runtime/effect_env.h"
#include "engine/runtime/result.h"
#include "engine/runtime/task.h"

#include <cstdint>
#include <string>
#include <utility>

// Internal building blocks shared by the effect combinators.
namespace cd::rt::detail {

enum class WaitOutcome { Signalled, TimedOut, Cancelled };

// Waits until `signal` settles, `maxMs` pass on the env clock (maxMs < 0: no
// limit) or env.cancel fires, whichever comes first. Leaves no timer and no
// cancel subscription behind.
Task<WaitOutcome> waitFor(Future<void> signal, std::int64_t maxMs, EffectEnv env);

// A sleep on the env clock: Ok after ms, Err(Interrupted) as soon as the
// token is cancelled (its timer is removed then).
Task<Result<Unit>> sleepFor(std::int64_t ms, EffectEnv env);

// Emits through the effect's own sink if it has one, else the run's sink,
// adding the env clock's wall time as "timestamp".
void emitEvent(const EmitFn& own, const EffectEnv& env, ObsEvent event);

// The error sink of a run's finalizer scopes: reports effect:finalizer:error.
FinalizerScope::ErrorSink finalizerErrorSink(EmitFn sink, Clock* clock);

// Runs a task to completion on its own and hands the result to onDone.
// Combinators use it to start bodies they may stop waiting for (timeout,
// fork, race, all). The task must not throw (effect runs never do).
template <typename T, typename F>
Detached launch(Task<T> task, F onDone)
{
    onDone(co_await std::move(task));
}

} // namespace cd::rt::detail
