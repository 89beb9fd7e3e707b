#pragma once

#include "engine/runtime/clock.h"
#include "engine/runtime/future.h"
#include "engine/runtime/observe.h"
#include "engine/runtime/process_types.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cd::rt {

template <typename Msg>
class ProcessRef;
template <typename Msg, typename State>
struct ProcessSpec;

namespace detail {
class ProcessCore;
}

struct ProcessSystemOptions {
    // Receives every process:* and supervisor:* event of the engine.
    EmitFn emit {};
    // Seeds the restart jitter of every process (each process derives its own
    // stream from this and its number), so runs repeat exactly.
    std::uint64_t seed = 1;
    // The root supervisor is told here when a top-level process fails for good.
    std::function<void(const ChildFailure&)> onGiveUp {};
};

// The root supervisor of one engine: it holds the executor and the clock every
// process runs on, owns the process tree, and lists it. Top-level processes
// are its children; processes spawn their own children through Tools::spawn.
//
// Include "engine/runtime/process.h" to use it (spawn is defined there).
class ProcessSystem {
public:
    ProcessSystem(Executor& executor, Clock& clock, ProcessSystemOptions options = {});
    ProcessSystem(const ProcessSystem&) = delete;
    ProcessSystem& operator=(const ProcessSystem&) = delete;
    // Detaches every process without running onStop or settling anything:
    // call shutdown() and drain first for a graceful end. Refs kept elsewhere
    // stay safe to hold; their sends return false.
    ~ProcessSystem();

    // Starts a top-level process. Throws ProcessError after shutdown().
    template <typename Msg, typename State>
    ProcessRef<Msg> spawn(ProcessSpec<Msg, State> spec);

    // Every process, depth first in spawn order (a parent before its children).
    std::vector<ProcessInfo> snapshot() const;
    std::optional<ProcessInfo> find(std::string_view id) const;

    // Stops every top-level process (and so the whole tree); spawning is
    // refused from now on. The future settles once all have stopped.
    Future<void> shutdown(std::string reason = "shutdown");
    bool isShutdown() const { return m_shutdown; }

    // Forgets stopped processes (and their stopped subtrees); returns how many.
    std::size_t prune();

    Executor& executor() const { return *m_executor; }
    Clock& clock() const { return *m_clock; }
    const EmitFn& emitter() const { return m_options.emit; }
    std::uint64_t seed() const { return m_options.seed; }

    // Used by the process implementation.
    std::uint64_t nextNumber() { return ++m_lastNumber; }
    void adopt(std::shared_ptr<detail::ProcessCore> process, detail::ProcessCore* parent);
    void rootChildFailed(const ChildFailure& failure);

private:
    Executor* m_executor;
    Clock* m_clock;
    ProcessSystemOptions m_options;
    std::vector<std::shared_ptr<detail::ProcessCore>> m_roots;
    std::uint64_t m_lastNumber = 0;
    bool m_shutdown = false;
};

} // namespace cd::rt
