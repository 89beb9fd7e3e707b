#pragma once

#include "engine/platform/node_arena.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <new>
#include <utility>

namespace cd::platform {

// One copy-on-write value: copying is one atomic increment, mutate() clones
// the value first when another copy shares it. Unlike checking
// std::shared_ptr::use_count() (a relaxed load), the sharing check here is an
// acquire load that pairs with the release of a copy dropped on another
// thread, so writing in place after that drop is race-free (and ThreadSanitizer
// can see why).
template <typename T>
class CowBox {
public:
    CowBox() = default; // empty
    explicit CowBox(T value)
        : m_n(new Node { { 1 }, 0, std::move(value) })
    { }
    // The value in a node from arena (the heap when it has no room).
    CowBox(T value, NodeArena& arena)
    {
        if (void* memory = arena.allocate(sizeof(Node)))
            m_n = new (memory) Node { { 1 }, 1, std::move(value) };
        else
            m_n = new Node { { 1 }, 0, std::move(value) };
    }
    CowBox(const CowBox& other)
        : m_n(other.m_n)
    {
        if (m_n)
            m_n->refs.fetch_add(1, std::memory_order_relaxed);
    }
    CowBox(CowBox&& other) noexcept
        : m_n(std::exchange(other.m_n, nullptr))
    { }
    CowBox& operator=(CowBox other) noexcept
    {
        std::swap(m_n, other.m_n);
        return *this;
    }
    ~CowBox()
    {
        if (m_n && m_n->refs.fetch_sub(1, std::memory_order_acq_rel) == 1)
            destroy(m_n);
    }

    explicit operator bool() const { return m_n != nullptr; }
    const T* get() const { return m_n ? &m_n->value : nullptr; }
    const T& operator*() const { return m_n->value; }
    const T* operator->() const { return &m_n->value; }

    // True when another copy shares the value (mutate() would clone it).
    bool shared() const { return m_n && m_n->refs.load(std::memory_order_acquire) > 1; }
    // The value, writable; cloned first when shared. Precondition: not empty.
    T& mutate()
    {
        if (shared())
            *this = CowBox(T(m_n->value));
        return m_n->value;
    }
    // A std::shared_ptr that keeps this value alive and unchanged.
    std::shared_ptr<const T> share() const
    {
        if (!m_n)
            return nullptr;
        auto holder = std::make_shared<const CowBox>(*this);
        return std::shared_ptr<const T>(holder, holder->get());
    }

private:
    struct Node {
        std::atomic<std::uint32_t> refs;
        std::uint32_t inArena; // 1: from a NodeArena
        T value;
    };
    static void destroy(Node* n)
    {
        if (!n->inArena) {
            delete n;
            return;
        }
        n->~Node();
        NodeArena::release(n);
    }
    Node* m_n = nullptr;
};

} // namespace cd::platform
