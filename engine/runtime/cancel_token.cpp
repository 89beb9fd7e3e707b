#include "engine/runtime/cancel_token.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace cd::rt {

struct CancelToken::State {
    std::uint64_t id = 0;
    std::optional<std::uint64_t> parentId;
    bool cancelled = false;
    std::uint64_t nextKey = 1;
    std::vector<std::pair<std::uint64_t, Callback>> callbacks;
    // The link to the parent, removed when this token is cancelled or dies,
    // so a long-lived parent does not collect callbacks of finished children.
    std::weak_ptr<State> parent;
    std::uint64_t parentKey = 0;

    ~State() { detachFromParent(); }

    void remove(std::uint64_t key)
    {
        auto it = std::find_if(callbacks.begin(), callbacks.end(),
            [key](const std::pair<std::uint64_t, Callback>& entry) { return entry.first == key; });
        if (it != callbacks.end())
            callbacks.erase(it);
    }

    void detachFromParent()
    {
        if (auto p = parent.lock())
            p->remove(parentKey);
        parent.reset();
    }
};

void CancelToken::Subscription::unsubscribe()
{
    if (auto state = m_state.lock())
        state->remove(m_key);
    m_state.reset();
}

CancelToken::CancelToken(std::uint64_t id)
    : m_state(std::make_shared<State>())
{
    m_state->id = id;
}

CancelToken CancelToken::child(std::uint64_t id) const
{
    auto state = std::make_shared<State>();
    state->id = id;
    state->parentId = m_state->id;
    if (m_state->cancelled) {
        state->cancelled = true;
        return CancelToken(state);
    }
    const std::uint64_t key = m_state->nextKey++;
    std::weak_ptr<State> weakChild = state;
    m_state->callbacks.emplace_back(key, [weakChild]() {
        if (auto c = weakChild.lock())
            CancelToken(c).cancel();
    });
    state->parent = m_state;
    state->parentKey = key;
    return CancelToken(state);
}

std::uint64_t CancelToken::id() const
{
    return m_state->id;
}

std::optional<std::uint64_t> CancelToken::parentId() const
{
    return m_state->parentId;
}

bool CancelToken::isCancelled() const
{
    return m_state->cancelled;
}

CancelToken::Subscription CancelToken::onCancel(Callback callback) const
{
    if (m_state->cancelled) {
        try {
            callback();
        } catch (...) {
            // Same contract as cancel(): a failing callback does not fail the caller.
        }
        return {};
    }
    const std::uint64_t key = m_state->nextKey++;
    m_state->callbacks.emplace_back(key, std::move(callback));
    return Subscription(m_state, key);
}

void CancelToken::cancel() const
{
    if (m_state->cancelled)
        return;
    // Keep the state alive: a callback may drop the last other handle.
    const auto self = m_state;
    self->cancelled = true;
    auto callbacks = std::move(self->callbacks);
    self->callbacks.clear();
    for (auto& entry : callbacks) {
        try {
            entry.second();
        } catch (...) {
            // One failing listener must not stop the others from hearing the cancel.
        }
    }
    self->detachFromParent();
}

} // namespace cd::rt
