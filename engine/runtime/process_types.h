#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace cd::rt {

// Lifecycle of a process. A failed process waiting for its supervisor's
// backoff is still Failed (ProcessInfo::restartPending tells it apart from one
// that failed for good).
enum class ProcessStatus { Starting, Running, Stopping, Stopped, Failed };

constexpr const char* statusName(ProcessStatus status)
{
    switch (status) {
    case ProcessStatus::Starting:
        return "starting";
    case ProcessStatus::Running:
        return "running";
    case ProcessStatus::Stopping:
        return "stopping";
    case ProcessStatus::Stopped:
        return "stopped";
    case ProcessStatus::Failed:
        return "failed";
    }
    return "unknown";
}

// What a full mailbox does with one more message.
enum class MailboxPolicy { Reject, DropOldest };

constexpr const char* policyName(MailboxPolicy policy)
{
    return policy == MailboxPolicy::Reject ? "reject" : "drop-oldest";
}

// A message set to arrive later (Tools::schedule); false when nothing was set.
struct ScheduleId {
    std::uint64_t value = 0;
    explicit operator bool() const { return value != 0; }
};

// One row of the process tree snapshot.
struct ProcessInfo {
    std::string id;
    std::string name;
    std::string parentId; // empty for children of the root supervisor
    int depth = 0; // 0 for children of the root supervisor
    ProcessStatus status = ProcessStatus::Starting;
    std::int64_t restarts = 0; // restarts over the process's whole life
    // Restarts inside the supervisor's current intensity window, by the clock
    // (the window passed: 0), and the budget: at most restartBudget restarts
    // in restartWindowMs (both 0 when the restarts are not bounded).
    std::int64_t restartsInWindow = 0;
    std::int64_t restartBudget = 0;
    std::int64_t restartWindowMs = 0;
    std::size_t mailboxDepth = 0;
    std::string lastError; // empty if it never failed
    bool restartPending = false; // failed, waiting for the backoff to end
    std::int64_t startedAtWallMs = 0; // wall time of the last process:ready, 0 before
    std::uint64_t handled = 0; // messages handled successfully
};

// Told to the parent (or the system's onGiveUp) when a child failed for good:
// its supervisor gave up, or it had no supervision.
struct ChildFailure {
    std::string id;
    std::string name;
    std::string error;
    std::int64_t attempts = 0; // restarts in the window when the supervisor gave up
    std::int64_t withinMs = 0;
};

} // namespace cd::rt
