#include "engine/runtime/process_core.h"

#include "engine/runtime/process_error.h"
#include "engine/runtime/process_system.h"

#include <algorithm>
#include <cstdlib>
#include <memory>

#if __has_include(<cxxabi.h>)
#include <cxxabi.h>
#define CD_HAVE_CXXABI 1
#endif

namespace cd::rt {

namespace detail {

namespace {
std::size_t subtreeSize(const ProcessCore& p)
{
    std::size_t n = 1;
    for (const auto& c : p.children())
        n += subtreeSize(*c);
    return n;
}
} // namespace

std::string describeError(const std::exception_ptr& error)
{
    try {
        std::rethrow_exception(error);
    } catch (const std::exception& e) {
        return e.what();
    } catch (...) {
        return "unknown error";
    }
}

std::string shortTypeName(const std::type_info& type)
{
    std::string name = type.name();
#ifdef CD_HAVE_CXXABI
    int status = 0;
    std::unique_ptr<char, decltype(&std::free)> demangled(
        abi::__cxa_demangle(type.name(), nullptr, nullptr, &status), &std::free);
    if (status == 0 && demangled)
        name = demangled.get();
#endif
    name = name.substr(0, name.find('<'));
    const auto colon = name.rfind("::");
    return colon == std::string::npos ? name : name.substr(colon + 2);
}

void AskBase::finished()
{
    // Both calls may drop the last other reference to this ask; the caller
    // holds one (see AskState), and nothing here runs after them.
    if (clock && timer)
        clock->cancelTimer(timer);
    timer = {};
    if (auto* o = std::exchange(owner, nullptr))
        o->forgetAsk(key);
}

ProcessCore::ProcessCore(
    ProcessSystem& system, ProcessCore* parent, std::string name, std::uint64_t number, SupervisionStrategy supervision)
    : m_system(&system)
    , m_executor(&system.executor())
    , m_clock(&system.clock())
    , m_emit(&system.emitter())
    , m_parent(parent)
    , m_parentId(parent ? parent->id() : std::string())
    , m_name(std::move(name))
    , m_id(m_name + "#" + std::to_string(number))
    , m_policy(supervision, system.seed() ^ (number * 0x9e3779b97f4a7c15ULL))
{ }

ProcessCore::~ProcessCore() = default;

int ProcessCore::depth() const
{
    int d = 0;
    for (const ProcessCore* p = m_parent; p; p = p->m_parent)
        ++d;
    return d;
}

ProcessInfo ProcessCore::info(int depth) const
{
    ProcessInfo i;
    i.id = m_id;
    i.name = m_name;
    i.parentId = m_parentId;
    i.depth = depth;
    i.status = m_status;
    i.restarts = m_restarts;
    i.restartsInWindow = m_policy.restartsInWindow(m_clock->now().monoMs);
    if (const auto& bound = m_policy.strategy().maxRestarts) {
        i.restartBudget = bound->count;
        i.restartWindowMs = bound->withinMs;
    }
    i.mailboxDepth = mailboxDepth();
    i.lastError = m_lastError;
    i.restartPending = m_restartPending;
    i.startedAtWallMs = m_startedAtWall;
    i.handled = m_handled;
    return i;
}

void ProcessCore::registerAsk(const std::shared_ptr<AskBase>& ask)
{
    ask->key = m_nextAskKey++;
    ask->owner = this;
    m_asks.emplace(ask->key, ask);
}

void ProcessCore::forgetAsk(std::uint64_t key)
{
    m_asks.erase(key);
}

void ProcessCore::rejectAsks(std::exception_ptr error)
{
    auto asks = std::move(m_asks);
    m_asks.clear();
    for (auto& [key, ask] : asks) {
        ask->owner = nullptr;
        ask->fail(error);
    }
}

void ProcessCore::startIncarnation()
{
    m_status = ProcessStatus::Starting;
    m_busy = true;
    emit(ObsEvent("process:start", { { "name", m_name }, { "id", m_id } }));
    runInit();
}

void ProcessCore::initSucceeded()
{
    m_busy = false;
    if (m_detached)
        return;
    if (m_status == ProcessStatus::Stopping) {
        // Stopped while starting: stays stopped, never becomes running.
        tryFinishStop();
        return;
    }
    m_status = ProcessStatus::Running;
    m_startedAtWall = m_clock->now().wallMs;
    emit(ObsEvent("process:ready", { { "id", m_id }, { "startedAt", m_startedAtWall } }));
    resumePump();
}

void ProcessCore::initFailed(const std::string& error)
{
    m_busy = false;
    fail(error);
}

void ProcessCore::messageDone()
{
    m_busy = false;
    if (m_status == ProcessStatus::Stopping)
        tryFinishStop();
    else if (!m_pumping)
        resumePump();
}

void ProcessCore::messageFailed(const std::string& error)
{
    m_busy = false;
    fail(error);
}

void ProcessCore::fail(const std::string& error)
{
    if (m_detached)
        return;
    m_lastError = error;
    emit(ObsEvent("process:fail", { { "id", m_id }, { "error", error } }));
    if (m_status == ProcessStatus::Stopping) {
        tryFinishStop();
        return;
    }
    m_status = ProcessStatus::Failed;
    // The failed incarnation's timers and children go with it; a restart
    // builds them again from init.
    cancelSchedules();
    stopChildren();
    const auto decision = m_policy.onFailure(m_clock->now().monoMs);
    if (!decision.restart) {
        if (m_policy.strategy().type != SupervisionType::None) {
            emit(ObsEvent("supervisor:giveup",
                { { "id", m_id }, { "attempts", decision.attempt }, { "withinMs", decision.withinMs } }));
        }
        giveUp(error, decision);
        return;
    }
    emit(ObsEvent(
        "supervisor:restart", { { "id", m_id }, { "attempt", decision.attempt }, { "delayMs", decision.delayMs } }));
    m_restartPending = true;
    std::weak_ptr<ProcessCore> weak = weak_from_this();
    auto due = [weak] {
        if (auto self = weak.lock())
            self->restartDue();
    };
    if (decision.delayMs > 0)
        m_restartTimer = m_clock->setTimer(decision.delayMs, std::move(due));
    else
        m_executor->post(std::function<void()>(std::move(due)));
}

void ProcessCore::giveUp(const std::string& error, const RestartPolicy::Decision& decision)
{
    m_failedForGood = true;
    m_restartPending = false;
    rejectAsks(std::make_exception_ptr(ProcessError("Process " + m_id + " failed: " + error, m_id)));
    clearMailbox();
    const ChildFailure failure { m_id, m_name, error, decision.attempt, decision.withinMs };
    if (m_parent)
        m_parent->childFailed(failure);
    else
        m_system->rootChildFailed(failure);
}

void ProcessCore::restartDue()
{
    if (!m_restartPending || m_status != ProcessStatus::Failed)
        return;
    m_restartTimer = {};
    m_restartDue = true;
    tryRestart();
}

void ProcessCore::tryRestart()
{
    // Waits for the children of the failed incarnation to finish stopping.
    if (!m_restartDue || m_childrenStopping > 0 || m_status != ProcessStatus::Failed)
        return;
    m_restartDue = false;
    m_restartPending = false;
    ++m_restarts;
    startIncarnation();
}

void ProcessCore::stopChildren()
{
    std::weak_ptr<ProcessCore> weak = weak_from_this();
    for (const auto& child : m_children) {
        if (child->status() == ProcessStatus::Stopped)
            continue;
        ++m_childrenStopping;
        child->stop("shutdown").then([weak] {
            if (auto self = weak.lock())
                self->childStopped();
        });
    }
}

void ProcessCore::childStopped()
{
    --m_childrenStopping;
    if (m_status == ProcessStatus::Stopping)
        tryFinishStop();
    else
        tryRestart();
}

Future<void> ProcessCore::stop(std::string reason)
{
    if (m_detached)
        throw ProcessError("Process " + m_id + " belongs to a process system that is gone", m_id);
    if (m_stopPromise)
        return m_stopPromise->future(); // stopping or stopped: the same stop
    m_stopPromise.emplace(*m_executor);
    m_status = ProcessStatus::Stopping;
    m_stopReason = std::move(reason);
    cancelSchedules();
    if (m_restartTimer)
        m_clock->cancelTimer(m_restartTimer);
    m_restartTimer = {};
    m_restartPending = false;
    m_restartDue = false;
    rejectAsks(std::make_exception_ptr(ProcessError("Process stopping", m_id)));
    stopChildren();
    auto done = m_stopPromise->future();
    tryFinishStop();
    return done;
}

void ProcessCore::tryFinishStop()
{
    if (m_status != ProcessStatus::Stopping || m_busy || m_childrenStopping > 0)
        return;
    try {
        runOnStop(m_stopReason);
    } catch (const std::exception& e) {
        m_lastError = e.what();
        emit(ObsEvent("process:fail", { { "id", m_id }, { "error", m_lastError } }));
    } catch (...) {
        m_lastError = "unknown error";
        emit(ObsEvent("process:fail", { { "id", m_id }, { "error", m_lastError } }));
    }
    clearMailbox();
    dropState();
    m_status = ProcessStatus::Stopped;
    emit(ObsEvent("process:stop", { { "id", m_id }, { "reason", m_stopReason } }));
    m_stopPromise->resolve();
}

void ProcessCore::detach()
{
    for (const auto& child : m_children)
        child->detach();
    m_children.clear();
    cancelSchedules();
    if (m_restartTimer)
        m_clock->cancelTimer(m_restartTimer);
    m_restartTimer = {};
    for (auto& [key, ask] : m_asks)
        ask->owner = nullptr;
    m_asks.clear();
    m_detached = true;
    m_status = ProcessStatus::Stopped;
    m_parent = nullptr;
    // Breaks reference cycles through state or queued messages holding refs;
    // a suspended handler may still reference the state, so it keeps it.
    clearMailbox();
    if (!m_busy)
        dropState();
}

std::size_t ProcessCore::pruneStopped()
{
    std::size_t removed = 0;
    for (const auto& c : m_children) {
        if (c->status() == ProcessStatus::Stopped) {
            removed += subtreeSize(*c);
            c->m_parent = nullptr; // a ref may keep it alive longer than us
        } else
            removed += c->pruneStopped();
    }
    std::erase_if(m_children, [](const auto& c) { return c->status() == ProcessStatus::Stopped; });
    return removed;
}

} // namespace detail
} // namespace cd::rt
