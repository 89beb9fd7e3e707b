#pragma once

#include "engine/runtime/ask.h"
#include "engine/runtime/mailbox.h"
#include "engine/runtime/process_core.h"
#include "engine/runtime/process_error.h"
#include "engine/runtime/tools.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>

namespace cd::rt::detail {

// One queued message; ask is set when it carries a pending ask.
template <typename Msg>
struct Envelope {
    Envelope(Msg&& m, std::uint64_t s, std::shared_ptr<AskBase>&& a)
        : msg(std::move(m))
        , seq(s)
        , ask(std::move(a))
    { }
    Msg msg;
    std::uint64_t seq;
    std::shared_ptr<AskBase> ask;
};

// The half of a process that knows the message type: mailbox, pump, ask and
// schedule. The pump is one allocation-free executor job that handles up to
// kBatch messages before yielding to other processes.
template <typename Msg>
class TypedProcess : public ProcessCore {
public:
    static constexpr int kBatch = 64;

    TypedProcess(ProcessSystem& system, ProcessCore* parent, std::string name, std::uint64_t number,
        SupervisionStrategy supervision, std::size_t maxInbox, MailboxPolicy policy)
        : ProcessCore(system, parent, std::move(name), number, supervision)
        , m_maxInbox(maxInbox)
        , m_policy(policy)
        , m_tools(*this)
    { }

    bool send(Msg&& msg) { return enqueue(std::move(msg), nullptr); }

    template <typename R, typename Build>
    Future<R> ask(Build&& build, std::int64_t timeoutMs)
    {
        if (detached())
            throw ProcessError("Process " + id() + " belongs to a process system that is gone", id());
        auto state = std::make_shared<AskState<R>>(executor());
        Msg msg = std::invoke(std::forward<Build>(build), Reply<R>(state));
        if (!accepting())
            return Future<R>::failed(
                executor(), std::make_exception_ptr(ProcessError("Failed to send ask message", id())));
        registerAsk(state);
        if (timeoutMs > 0) {
            state->clock = &clock();
            state->timer = clock().setTimer(timeoutMs, [state, timeoutMs] {
                state->fail(
                    std::make_exception_ptr(TimeoutError("Ask timeout after " + std::to_string(timeoutMs) + "ms")));
            });
        }
        auto future = state->future();
        if (!enqueue(std::move(msg), state))
            state->fail(std::make_exception_ptr(ProcessError("Failed to send ask message", id())));
        return future;
    }

    ScheduleId schedule(std::int64_t afterMs, Msg msg)
    {
        if (!accepting())
            return {};
        if (afterMs <= 0) {
            enqueue(std::move(msg), nullptr);
            return {};
        }
        const std::uint64_t key = m_nextScheduleKey++;
        std::weak_ptr<ProcessCore> weak = weak_from_this();
        const TimerId timer = clock().setTimer(afterMs, [weak, key] {
            if (auto self = weak.lock())
                static_cast<TypedProcess&>(*self).fireScheduled(key);
        });
        m_scheduled.emplace(key, Scheduled { timer, std::move(msg) });
        return ScheduleId { key };
    }

    bool cancelSchedule(ScheduleId id)
    {
        auto it = m_scheduled.find(id.value);
        if (it == m_scheduled.end())
            return false;
        clock().cancelTimer(it->second.timer);
        m_scheduled.erase(it);
        return true;
    }

    Tools<Msg>& tools() { return m_tools; }

protected:
    // Handles one message; must end with messageDone() or messageFailed(),
    // now (synchronous handler) or later (coroutine handler).
    virtual void handle(Envelope<Msg>& envelope) = 0;

    std::size_t mailboxDepth() const override { return m_box.size(); }
    void clearMailbox() override { m_box.clear(); }

    void cancelSchedules() override
    {
        for (auto& [key, scheduled] : m_scheduled)
            clock().cancelTimer(scheduled.timer);
        m_scheduled.clear();
    }

    void resumePump() override
    {
        if (canRun() && !m_box.empty())
            schedulePump();
    }

private:
    struct Scheduled {
        TimerId timer;
        Msg msg;
    };

    bool enqueue(Msg&& msg, std::shared_ptr<AskBase> ask)
    {
        if (!accepting())
            return false;
        const std::uint64_t seq = ++m_seq; // counts refused attempts too, as the library does
        if (m_box.size() >= m_maxInbox) {
            if (emitting()) {
                emit(ObsEvent("process:mailbox:full",
                    { { "id", id() }, { "policy", std::string(policyName(m_policy)) },
                        { "size", static_cast<std::int64_t>(m_box.size()) } }));
            }
            if (m_policy == MailboxPolicy::Reject || m_box.empty())
                return false;
            auto dropped = m_box.pop();
            if (dropped.ask)
                dropped.ask->fail(std::make_exception_ptr(ProcessError("Message dropped: mailbox full", id())));
        }
        m_box.emplace(std::move(msg), seq, std::move(ask));
        if (emitting())
            emit(ObsEvent(
                "process:mailbox:enqueue", { { "id", id() }, { "size", static_cast<std::int64_t>(m_box.size()) } }));
        if (canRun())
            schedulePump();
        return true;
    }

    void schedulePump()
    {
        if (m_pumpPosted)
            return;
        m_pumpPosted = true;
        // The queued job must not outlive the process it points to.
        m_pumpKeepAlive = shared_from_this();
        executor().post(&TypedProcess::pumpThunk, this);
    }

    static void pumpThunk(void* self) { static_cast<TypedProcess*>(self)->pump(); }

    void pump()
    {
        const auto keep = std::move(m_pumpKeepAlive);
        m_pumpPosted = false;
        setPumping(true);
        int budget = kBatch;
        while (canRun() && !m_box.empty()) {
            if (budget-- == 0) {
                setPumping(false);
                schedulePump();
                return;
            }
            auto envelope = m_box.pop();
            setBusy();
            handle(envelope);
        }
        setPumping(false);
    }

    void fireScheduled(std::uint64_t key)
    {
        auto it = m_scheduled.find(key);
        if (it == m_scheduled.end())
            return;
        Msg msg = std::move(it->second.msg);
        m_scheduled.erase(it);
        enqueue(std::move(msg), nullptr);
    }

    Mailbox<Envelope<Msg>> m_box;
    std::size_t m_maxInbox;
    MailboxPolicy m_policy;
    std::uint64_t m_seq = 0;
    bool m_pumpPosted = false;
    std::shared_ptr<ProcessCore> m_pumpKeepAlive;
    std::map<std::uint64_t, Scheduled> m_scheduled;
    std::uint64_t m_nextScheduleKey = 1;
    Tools<Msg> m_tools;
};

} // namespace cd::rt::detail
