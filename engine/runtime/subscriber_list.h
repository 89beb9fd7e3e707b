#pragma once

#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

namespace cd::rt {

// Cancels a subscription. Safe to call more than once, and after the owner
// of the list is gone.
using Unsubscribe = std::function<void()>;

// Subscribers with JS Set iteration semantics, shared by Atom and Journal:
// called in subscription order; one added during a notification is called
// for the current item too; one removed before its turn is skipped.
// (std::function has no identity, so unlike a JS Set, subscribing the "same"
// function twice gives two subscriptions.)
template <typename Arg>
class SubscriberList {
public:
    using Fn = std::function<void(const Arg&)>;

    SubscriberList()
        : m_shared(std::make_shared<Shared>())
    { }

    Unsubscribe add(Fn fn)
    {
        const std::uint64_t id = m_shared->nextId++;
        m_shared->entries.push_back({ id, std::make_shared<Fn>(std::move(fn)) });
        return [weak = std::weak_ptr<Shared>(m_shared), id] {
            if (auto shared = weak.lock())
                shared->remove(id);
        };
    }

    std::size_t size() const { return m_shared->entries.size() - m_shared->removedDuringNotify; }
    bool empty() const { return size() == 0; }

    // Calls every subscriber with arg; a throwing one is reported to
    // onError(exception_ptr) and the others still run.
    template <typename OnError>
    void notify(const Arg& arg, OnError&& onError)
    {
        Shared& shared = *m_shared;
        struct Depth {
            Shared& s;
            explicit Depth(Shared& owner)
                : s(owner)
            {
                ++s.notifying;
            }
            ~Depth()
            {
                if (--s.notifying == 0)
                    s.compact();
            }
        } depth { shared };
        // Index-based, re-reading size(): additions are visited; removals
        // leave a null slot until the outermost notification ends.
        for (std::size_t i = 0; i < shared.entries.size(); ++i) {
            std::shared_ptr<Fn> fn = shared.entries[i].fn; // survives self-removal
            if (!fn)
                continue;
            try {
                (*fn)(arg);
            } catch (...) {
                onError(std::current_exception());
            }
        }
    }

private:
    struct Entry {
        std::uint64_t id;
        std::shared_ptr<Fn> fn; // null once removed during a notification
    };
    struct Shared {
        std::vector<Entry> entries;
        std::uint64_t nextId = 1;
        int notifying = 0;
        std::size_t removedDuringNotify = 0;

        void remove(std::uint64_t id)
        {
            for (auto it = entries.begin(); it != entries.end(); ++it) {
                if (it->id != id || !it->fn)
                    continue;
                if (notifying > 0) {
                    it->fn.reset();
                    ++removedDuringNotify;
                } else {
                    entries.erase(it);
                }
                return;
            }
        }
        void compact()
        {
            if (removedDuringNotify == 0)
                return;
            std::erase_if(entries, [](const Entry& e) { return !e.fn; });
            removedDuringNotify = 0;
        }
    };

    std::shared_ptr<Shared> m_shared;
};

} // namespace cd::rt
