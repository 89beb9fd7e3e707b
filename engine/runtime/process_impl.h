#pragma once

#include "engine/runtime/process_ref.h"
#include "engine/runtime/process_spec.h"
#include "engine/runtime/process_system.h"
#include "engine/runtime/task.h"
#include "engine/runtime/typed_process.h"

#include <exception>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <typeinfo>
#include <utility>
#include <variant>

namespace cd::rt {

namespace detail {

template <typename T>
struct IsVariant : std::false_type { };
template <typename... Ts>
struct IsVariant<std::variant<Ts...>> : std::true_type { };

template <typename Msg>
std::string messageTypeName(const Msg& msg)
{
    if constexpr (IsVariant<Msg>::value)
        return std::visit([](const auto& alternative) { return shortTypeName(typeid(alternative)); }, msg);
    else
        return shortTypeName(typeid(Msg));
}

// A process with its state and handlers. Synchronous handlers run inline in
// the pump; a coroutine handler keeps the process busy (it handles nothing
// else) until its task completes, while other processes run.
template <typename Msg, typename State>
class ProcessImpl final : public TypedProcess<Msg> {
    using Base = TypedProcess<Msg>;

public:
    ProcessImpl(ProcessSystem& system, ProcessCore* parent, std::uint64_t number, ProcessSpec<Msg, State> spec)
        : Base(system, parent, spec.name, number, spec.supervision, spec.maxInbox, spec.mailboxPolicy)
        , m_spec(std::move(spec))
    { }

private:
    std::shared_ptr<ProcessImpl> selfPtr() { return std::static_pointer_cast<ProcessImpl>(this->shared_from_this()); }

    std::string typeOf(const Msg& msg) const { return m_spec.msgType ? m_spec.msgType(msg) : messageTypeName(msg); }

    void runInit() override
    {
        if (!m_spec.init) {
            if constexpr (std::is_default_constructible_v<State>) {
                m_state.emplace();
                this->initSucceeded();
            }
            return; // spawnProcess refuses a spec without init for other states
        }
        std::exception_ptr error;
        if (m_spec.init.isSync()) {
            try {
                m_state.emplace(m_spec.init.sync()(this->tools()));
            } catch (...) {
                error = std::current_exception();
            }
            if (error)
                this->initFailed(describeError(error));
            else
                this->initSucceeded();
            return;
        }
        Task<State> task;
        try {
            task = m_spec.init.async()(this->tools());
        } catch (...) {
            error = std::current_exception();
        }
        if (error)
            this->initFailed(describeError(error));
        else
            driveInit(std::move(task), selfPtr());
    }

    static Detached driveInit(Task<State> task, std::shared_ptr<ProcessImpl> self)
    {
        std::optional<State> result;
        std::exception_ptr error;
        try {
            result.emplace(co_await std::move(task));
        } catch (...) {
            error = std::current_exception();
        }
        if (self->detached())
            co_return;
        if (error) {
            self->initFailed(describeError(error));
        } else {
            self->m_state.emplace(std::move(*result));
            self->initSucceeded();
        }
    }

    void handle(Envelope<Msg>& envelope) override
    {
        std::int64_t startMono = 0;
        std::string type;
        if (this->emitting()) {
            type = typeOf(envelope.msg);
            const Instant at = this->clock().now();
            startMono = at.monoMs;
            this->emit(ObsEvent("process:msg:start",
                { { "id", this->id() }, { "msgType", type }, { "seq", static_cast<std::int64_t>(envelope.seq) },
                    { "at", at } }));
        }
        std::exception_ptr error;
        if (m_spec.handle.isSync()) {
            // The fast path: no frame, no allocation.
            try {
                m_state.emplace(m_spec.handle.sync()(std::move(*m_state), std::move(envelope.msg), this->tools()));
            } catch (...) {
                error = std::current_exception();
            }
            if (error)
                failMessage(envelope, type, error);
            else
                finishMessage(envelope, type, startMono);
            return;
        }
        // The message lives here until the handler completes, so a handler
        // taking it by reference stays valid across suspensions.
        m_current.emplace(std::move(envelope));
        m_currentType = std::move(type);
        m_currentStart = startMono;
        Task<State> task;
        try {
            task = m_spec.handle.async()(std::move(*m_state), std::move(m_current->msg), this->tools());
        } catch (...) {
            error = std::current_exception();
        }
        if (error)
            completeAsync(std::nullopt, error);
        else
            driveHandle(std::move(task), selfPtr());
    }

    static Detached driveHandle(Task<State> task, std::shared_ptr<ProcessImpl> self)
    {
        std::optional<State> result;
        std::exception_ptr error;
        try {
            result.emplace(co_await std::move(task));
        } catch (...) {
            error = std::current_exception();
        }
        self->completeAsync(std::move(result), error);
    }

    void completeAsync(std::optional<State> result, const std::exception_ptr& error)
    {
        Envelope<Msg> envelope = std::move(*m_current);
        m_current.reset();
        if (this->detached())
            return;
        if (error) {
            failMessage(envelope, m_currentType, error);
            return;
        }
        m_state.emplace(std::move(*result));
        finishMessage(envelope, m_currentType, m_currentStart);
    }

    void finishMessage(const Envelope<Msg>& envelope, const std::string& type, std::int64_t startMono)
    {
        this->countHandled();
        if (this->emitting()) {
            this->emit(ObsEvent("process:msg:end",
                { { "id", this->id() }, { "msgType", type }, { "seq", static_cast<std::int64_t>(envelope.seq) },
                    { "durationMs", this->clock().now().monoMs - startMono } }));
        }
        this->messageDone();
    }

    void failMessage(const Envelope<Msg>& envelope, const std::string& type, const std::exception_ptr& error)
    {
        const std::string what = describeError(error);
        if (this->emitting()) {
            this->emit(ObsEvent("process:msg:error",
                { { "id", this->id() }, { "msgType", type }, { "seq", static_cast<std::int64_t>(envelope.seq) },
                    { "error", what } }));
        }
        // The ask of the failing message learns it now, not at its timeout.
        if (envelope.ask)
            envelope.ask->fail(std::make_exception_ptr(ProcessError(what, this->id())));
        m_state.reset();
        this->messageFailed(what);
    }

    void runOnStop(const std::string& reason) override
    {
        if (m_state && m_spec.onStop)
            m_spec.onStop(*m_state, reason);
    }

    void dropState() override { m_state.reset(); }

    void childFailed(const ChildFailure& failure) override
    {
        if (!this->accepting() || !m_spec.onChildFailure)
            return;
        if (auto msg = m_spec.onChildFailure(failure))
            this->send(std::move(*msg));
    }

    ProcessSpec<Msg, State> m_spec;
    std::optional<State> m_state;
    std::optional<Envelope<Msg>> m_current;
    std::string m_currentType;
    std::int64_t m_currentStart = 0;
};

template <typename Msg, typename State>
ProcessRef<Msg> spawnProcess(ProcessSystem& system, ProcessCore* parent, ProcessSpec<Msg, State> spec)
{
    if (system.isShutdown())
        throw ProcessError("Cannot spawn process: supervisor is stopped", std::string());
    if (parent && (parent->status() == ProcessStatus::Stopping || parent->status() == ProcessStatus::Stopped))
        throw ProcessError("Cannot spawn process: parent " + parent->id() + " is stopping", parent->id());
    if (!spec.handle)
        throw std::invalid_argument("Process spec '" + spec.name + "' has no handle");
    if constexpr (!std::is_default_constructible_v<State>) {
        if (!spec.init)
            throw std::invalid_argument("Process spec '" + spec.name + "' has no init");
    }
    auto process = std::make_shared<ProcessImpl<Msg, State>>(system, parent, system.nextNumber(), std::move(spec));
    system.adopt(process, parent);
    process->begin();
    return ProcessRef<Msg>(std::move(process));
}

} // namespace detail

template <typename Msg>
ProcessRef<Msg> Tools<Msg>::self() const
{
    return ProcessRef<Msg>(std::static_pointer_cast<detail::TypedProcess<Msg>>(m_process->shared_from_this()));
}

template <typename Msg, typename State>
ProcessRef<Msg> ProcessSystem::spawn(ProcessSpec<Msg, State> spec)
{
    return detail::spawnProcess(*this, nullptr, std::move(spec));
}

} // namespace cd::rt
