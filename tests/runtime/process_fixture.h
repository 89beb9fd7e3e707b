#pragma once

// Shared by the process suites: an engine on a ControlledClock that records
// every event, and a small message type that can carry a reply.
#include "engine/runtime/controlled_clock.h"
#include "engine/runtime/process.h"

#include <QtTest/qtestcase.h>

#include <string>
#include <string_view>
#include <vector>

namespace cd::rt {
// Lets QCOMPARE print statuses (found by ADL; QTest frees the string).
inline char* toString(ProcessStatus status)
{
    return qstrdup(statusName(status));
}
} // namespace cd::rt

namespace cd::rt::test {

struct Msg {
    std::string text;
    Reply<std::string> reply;
};

inline Msg tell(std::string text)
{
    return Msg { std::move(text), {} };
}

struct Engine {
    explicit Engine(std::uint64_t seed = 7)
        : system(executor, clock,
            ProcessSystemOptions { .emit = [this](const ObsEvent& e) { events.push_back(e); },
                .seed = seed,
                .onGiveUp = [this](const ChildFailure& f) { rootFailures.push_back(f); } })
    { }

    Executor executor;
    ControlledClock clock { executor, 0 };
    std::vector<ObsEvent> events;
    std::vector<ChildFailure> rootFailures;
    ProcessSystem system;

    // Drains ready work without moving time.
    void settle() { clock.flush(); }
    // Moves time by ms, timer by timer, draining after each.
    void advance(std::int64_t ms) { clock.runUntil(clock.now().monoMs + ms); }
    std::int64_t now() const { return clock.now().monoMs; }

    std::vector<ObsEvent> ofType(std::string_view type) const
    {
        std::vector<ObsEvent> out;
        for (const auto& e : events) {
            if (e.type == type)
                out.push_back(e);
        }
        return out;
    }
    // Event types of one process, in order, optionally only those starting with prefix.
    std::vector<std::string> typesFor(const std::string& id, std::string_view prefix = {}) const
    {
        std::vector<std::string> out;
        for (const auto& e : events) {
            if (e.text("id") == id && e.type.starts_with(prefix))
                out.push_back(e.type);
        }
        return out;
    }
};

// Records what happened to a future without awaiting it.
template <typename T>
struct Outcome {
    Future<T> future;
    bool settled() const { return future.settled(); }
    bool ok() const { return future.settled() && !future.hasError(); }
    std::string error() const { return future.hasError() ? detail::describeError(future.error()) : std::string(); }
    template <typename E>
    bool failedWith() const
    {
        if (!future.hasError())
            return false;
        try {
            std::rethrow_exception(future.error());
        } catch (const E&) {
            return true;
        } catch (...) {
            return false;
        }
    }
};

template <typename T>
Outcome<T> watch(Future<T> f)
{
    return Outcome<T> { std::move(f) };
}

// A synchronous handler appending each message's text to a log state.
inline HandleFn<Msg, std::vector<std::string>> logHandler()
{
    return [](std::vector<std::string> log, Msg m, Tools<Msg>&) {
        log.push_back(m.text);
        return log;
    };
}

} // namespace cd::rt::test
