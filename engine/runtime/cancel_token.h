#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

namespace cd::rt {

// A cancellation signal shared by an effect and everything it starts.
// Cancelling a token cancels its children (never its parent). cancel() is
// idempotent; it fires the callbacks once, in registration order, swallowing
// their exceptions. onCancel on a cancelled token fires at once.
// Copies share one token.
class CancelToken {
    struct State;

public:
    using Callback = std::function<void()>;

    // Returned by onCancel. unsubscribe() is explicit (not RAII) because most
    // callers subscribe for the token's lifetime and drop the handle.
    class Subscription {
    public:
        Subscription() = default;
        void unsubscribe();

    private:
        friend class CancelToken;
        Subscription(std::weak_ptr<State> state, std::uint64_t key)
            : m_state(std::move(state))
            , m_key(key)
        { }
        std::weak_ptr<State> m_state;
        std::uint64_t m_key = 0;
    };

    explicit CancelToken(std::uint64_t id = 0);

    // A token cancelled with this one (already cancelled if this one is).
    CancelToken child(std::uint64_t id) const;

    std::uint64_t id() const;
    std::optional<std::uint64_t> parentId() const;
    bool isCancelled() const;

    Subscription onCancel(Callback callback) const;
    void cancel() const;

private:
    explicit CancelToken(std::shared_ptr<State> state)
        : m_state(std::move(state))
    { }

    std::shared_ptr<State> m_state;
};

} // namespace cd::rt
