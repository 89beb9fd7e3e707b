#pragma once

// Shared helpers of the tst_effect_* suites: a rig (executor, controlled
// clock, event sink), QTest printers for results, and small logged effects.
#include "engine/runtime/controlled_clock.h"
#include "engine/runtime/effect.h"

#include <QTest>

#include <string>
#include <string_view>
#include <vector>

namespace cd::rt {
// QCOMPARE prints values through toString found by argument-dependent lookup.
inline std::string describeError(const EffectError& e)
{
    return std::string(EffectError::kindName(e.kind())) + "(" + e.message() + ")";
}
inline char* toString(const EffectError& e)
{
    return qstrdup(describeError(e).c_str());
}
template <typename A>
char* toString(const Result<A>& r)
{
    const std::string text
        = r.ok() ? "Ok(" + detail::describeValue(r.value()) + ")" : "Err(" + describeError(r.error()) + ")";
    return qstrdup(text.c_str());
}
} // namespace cd::rt

namespace efftest {

using namespace cd::rt;
using Log = std::vector<std::string>;

// One engine for one test: time moves only through advance().
struct Rig {
    explicit Rig(std::int64_t initialTime = 0)
        : clock(ex, initialTime)
    { }
    Executor ex;
    ControlledClock clock;
    std::vector<ObsEvent> events;

    EmitFn sink()
    {
        return [this](const ObsEvent& e) { events.push_back(e); };
    }
    // Starts a run and lets it go as far as it can without time passing.
    template <typename A>
    Future<Result<A>> start(const Effect<A>& e, RunOptions options = {})
    {
        auto f = e.runPromise(clock, std::move(options));
        clock.flush();
        return f;
    }
    void advance(std::int64_t ms)
    {
        clock.advanceBy(ms);
        clock.flush();
    }
    std::int64_t now() const { return clock.now().monoMs; }
    std::size_t pending() const { return clock.pendingTimerCount(); }
    std::size_t count(std::string_view type) const
    {
        std::size_t n = 0;
        for (const auto& e : events)
            n += e.type == type ? 1 : 0;
        return n;
    }
    std::vector<std::int64_t> ints(std::string_view type, std::string_view field) const
    {
        std::vector<std::int64_t> out;
        for (const auto& e : events) {
            if (e.type == type)
                out.push_back(e.integer(field));
        }
        return out;
    }
};

// value after ms (a cooperative sleep: cancelling it ends the effect).
template <typename A>
Effect<A> after(std::int64_t ms, A value)
{
    return sleep(ms).map([value](Unit) { return value; });
}
inline Effect<std::string> after(std::int64_t ms, const char* value)
{
    return after(ms, std::string(value));
}

// Logs "<name>-start", sleeps ms (cooperatively), logs "<name>-end", returns value.
inline Effect<std::string> step(Log& log, std::string name, std::int64_t ms, std::string value)
{
    return effect([&log, name, ms, value](EffectEnv env) -> Task<Result<std::string>> {
        log.push_back(name + "-start");
        const Result<Unit> slept = co_await sleep(ms).runIn(env);
        if (!slept.ok())
            co_return slept.error();
        log.push_back(name + "-end");
        co_return value;
    });
}

// Logs "<name>-start", sleeps ms, logs "<name>-error" and fails with error.
inline Effect<std::string> failingStep(Log& log, std::string name, std::int64_t ms, std::string error)
{
    return effect([&log, name, ms, error](EffectEnv env) -> Task<Result<std::string>> {
        log.push_back(name + "-start");
        const Result<Unit> slept = co_await sleep(ms).runIn(env);
        if (!slept.ok())
            co_return slept.error();
        log.push_back(name + "-error");
        co_return Err(error);
    });
}

// Work that ignores cancellation (the library tests' "separate run" sleeps):
// it waits on the raw clock, counts onCancel calls and returns value.
inline Effect<std::string> stubborn(std::int64_t ms, std::string value, int* cancelCount = nullptr)
{
    return effect([ms, value, cancelCount](EffectEnv env) -> Task<Result<std::string>> {
        if (cancelCount)
            env.cancel.onCancel([cancelCount]() { ++*cancelCount; });
        co_await env.clock->sleep(ms);
        co_return value;
    });
}

// A JS try/finally around body, in v0 terms: a bracket whose release logs
// "<name>:<cause>" when body ends.
template <typename A>
Effect<A> withFinally(Log& log, std::string name, Effect<A> body)
{
    return acquireUseRelease(
        succeed(), [body](Unit) { return body; },
        [&log, name](Unit, ExitCause cause) {
            log.push_back(name + ":" + exitCauseName(cause));
            return succeed();
        });
}

inline std::string errorText(const Result<std::string>& r)
{
    return r.ok() ? std::string("<ok>") : r.error().message();
}

} // namespace efftest
