#pragma once

#include "engine/runtime/clock.h"
#include "engine/runtime/future.h"
#include "engine/runtime/observe.h"
#include "engine/runtime/process_types.h"

#include <cstdint>
#include <string>
#include <utility>

namespace cd::rt {

class ProcessSystem;
template <typename Msg>
class ProcessRef;
template <typename Msg, typename State>
struct ProcessSpec;

namespace detail {
class ProcessCore;
template <typename Msg>
class TypedProcess;
template <typename Msg, typename State>
ProcessRef<Msg> spawnProcess(ProcessSystem& system, ProcessCore* parent, ProcessSpec<Msg, State> spec);
} // namespace detail

// What init and handlers get besides state and message: the process itself,
// the engine's clock, timers for later messages, and children.
template <typename Msg>
class Tools {
public:
    explicit Tools(detail::TypedProcess<Msg>& process)
        : m_process(&process)
    { }
    Tools(const Tools&) = delete;
    Tools& operator=(const Tools&) = delete;

    ProcessRef<Msg> self() const;
    const std::string& id() const { return m_process->id(); }
    const std::string& name() const { return m_process->name(); }

    Clock& clock() const { return m_process->clock(); }
    Executor& executor() const { return m_process->executor(); }
    Instant now() const { return clock().now(); }
    Future<void> sleep(std::int64_t ms) const { return clock().sleep(ms); }
    // Emits through the engine's sink (no-op without one).
    void emit(const ObsEvent& event) const { m_process->emit(event); }

    // Delivers msg to this process after afterMs on the clock, through a real
    // timer: it arrives even if nothing else is sent. afterMs <= 0 sends now
    // (and returns an empty id). Pending schedules die with the incarnation
    // (failure, stop); a restarted init sets them again.
    ScheduleId schedule(std::int64_t afterMs, Msg msg) const { return m_process->schedule(afterMs, std::move(msg)); }
    bool cancelSchedule(ScheduleId id) const { return m_process->cancelSchedule(id); }

    // Starts a child of this process. Children are stopped when this process
    // stops or fails (a restart's init spawns them again).
    template <typename M2, typename S2>
    ProcessRef<M2> spawn(ProcessSpec<M2, S2> spec) const
    {
        return detail::spawnProcess(m_process->system(), m_process, std::move(spec));
    }

private:
    detail::TypedProcess<Msg>* m_process;
};

} // namespace cd::rt
