#pragma once

#include "engine/runtime/ask.h"
#include "engine/runtime/clock.h"
#include "engine/runtime/future.h"
#include "engine/runtime/observe.h"
#include "engine/runtime/process_types.h"
#include "engine/runtime/restart_policy.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <typeinfo>
#include <vector>

namespace cd::rt {

class ProcessSystem;

namespace detail {

// The message of an exception, for events and lastError.
std::string describeError(const std::exception_ptr& error);
// A short name for a C++ type, like a JS constructor name: "Deposit" for
// "bank::Deposit", "basic_string" for std::string.
std::string shortTypeName(const std::type_info& type);

// The untyped half of a process: identity, place in the tree, lifecycle,
// supervision, stop sequence and the registry of pending asks. The typed half
// (TypedProcess<Msg>, ProcessImpl<Msg, State>) owns the mailbox, the state
// and the handlers, and reports back through the protected calls below.
//
// Everything runs on the engine's executor thread; nothing here locks.
class ProcessCore : public std::enable_shared_from_this<ProcessCore> {
public:
    ProcessCore(ProcessSystem& system, ProcessCore* parent, std::string name, std::uint64_t number,
        SupervisionStrategy supervision);
    ProcessCore(const ProcessCore&) = delete;
    ProcessCore& operator=(const ProcessCore&) = delete;
    virtual ~ProcessCore();

    const std::string& id() const { return m_id; }
    const std::string& name() const { return m_name; }
    ProcessStatus status() const { return m_status; }
    ProcessCore* parent() const { return m_parent; }
    const std::vector<std::shared_ptr<ProcessCore>>& children() const { return m_children; }
    // Distance from the root supervisor (0 for its children).
    int depth() const;
    ProcessInfo info() const { return info(depth()); }
    ProcessInfo info(int depth) const;

    // Sends are accepted while starting, running, or failed with a restart
    // still to come; refused when stopping, stopped or failed for good.
    bool accepting() const
    {
        return m_status == ProcessStatus::Starting || m_status == ProcessStatus::Running
            || (m_status == ProcessStatus::Failed && !m_failedForGood);
    }

    // Rejects pending asks, stops the children, waits for the message (or
    // init) in flight, calls onStop, then settles. Idempotent.
    Future<void> stop(std::string reason);

    Executor& executor() const { return *m_executor; }
    Clock& clock() const { return *m_clock; }
    ProcessSystem& system() const { return *m_system; }
    bool emitting() const { return !m_detached && static_cast<bool>(*m_emit); }
    void emit(const ObsEvent& event) const
    {
        if (emitting())
            (*m_emit)(event);
    }

    void registerAsk(const std::shared_ptr<AskBase>& ask);
    void forgetAsk(std::uint64_t key);

    // Used by ProcessSystem.
    void adoptChild(std::shared_ptr<ProcessCore> child) { m_children.push_back(std::move(child)); }
    void begin() { startIncarnation(); }
    void detach();
    std::size_t pruneStopped();
    bool detached() const { return m_detached; }

protected:
    bool canRun() const { return m_status == ProcessStatus::Running && !m_busy; }
    void setBusy() { m_busy = true; }
    void setPumping(bool pumping) { m_pumping = pumping; }
    void countHandled() { ++m_handled; }

    // Reports from the typed half.
    void initSucceeded();
    void initFailed(const std::string& error);
    void messageDone();
    void messageFailed(const std::string& error);

    // The typed half.
    virtual void runInit() = 0;
    virtual void runOnStop(const std::string& reason) = 0; // may throw; no-op without state
    virtual void dropState() = 0;
    virtual void clearMailbox() = 0;
    virtual void cancelSchedules() = 0;
    virtual std::size_t mailboxDepth() const = 0;
    virtual void resumePump() = 0;
    virtual void childFailed(const ChildFailure& failure) = 0;

private:
    void startIncarnation();
    void fail(const std::string& error);
    void giveUp(const std::string& error, const RestartPolicy::Decision& decision);
    void restartDue();
    void tryRestart();
    void stopChildren();
    void childStopped();
    void tryFinishStop();
    void rejectAsks(std::exception_ptr error);

    ProcessSystem* m_system;
    Executor* m_executor;
    Clock* m_clock;
    const EmitFn* m_emit;
    ProcessCore* m_parent; // null once detached or pruned
    std::string m_parentId;
    std::vector<std::shared_ptr<ProcessCore>> m_children;
    std::string m_name;
    std::string m_id;

    ProcessStatus m_status = ProcessStatus::Starting;
    bool m_busy = false; // init or a message in flight
    bool m_pumping = false;
    bool m_failedForGood = false;
    bool m_detached = false;
    bool m_restartPending = false;
    bool m_restartDue = false;
    TimerId m_restartTimer;
    int m_childrenStopping = 0;

    RestartPolicy m_policy;
    std::string m_lastError;
    std::int64_t m_restarts = 0;
    std::uint64_t m_handled = 0;
    std::int64_t m_startedAtWall = 0;

    std::optional<Promise<void>> m_stopPromise;
    std::string m_stopReason;

    // Ordered by creation, so rejections (and their continuations) are too.
    std::map<std::uint64_t, std::shared_ptr<AskBase>> m_asks;
    std::uint64_t m_nextAskKey = 1;
};

} // namespace detail
} // namespace cd::rt
