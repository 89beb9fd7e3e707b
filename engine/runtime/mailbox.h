#pragma once

#include <cstddef>
#include <optional>
#include <utility>
#include <vector>

namespace cd::rt::detail {

// A FIFO ring of T that grows by doubling and never shrinks, so a process in
// its steady state enqueues and dequeues without touching the heap.
template <typename T>
class Mailbox {
public:
    bool empty() const { return m_size == 0; }
    std::size_t size() const { return m_size; }

    template <typename... Args>
    void emplace(Args&&... args)
    {
        if (m_size == m_slots.size())
            grow();
        m_slots[(m_head + m_size) & (m_slots.size() - 1)].emplace(std::forward<Args>(args)...);
        ++m_size;
    }

    // Precondition: !empty().
    T pop()
    {
        auto& slot = m_slots[m_head];
        T out = std::move(*slot);
        slot.reset();
        m_head = (m_head + 1) & (m_slots.size() - 1);
        --m_size;
        return out;
    }

    void clear()
    {
        while (m_size > 0)
            pop();
    }

private:
    void grow()
    {
        // Capacity stays a power of two so indices wrap with a mask.
        std::vector<std::optional<T>> bigger(m_slots.empty() ? 16 : m_slots.size() * 2);
        for (std::size_t i = 0; i < m_size; ++i)
            bigger[i] = std::move(m_slots[(m_head + i) & (m_slots.size() - 1)]);
        m_slots = std::move(bigger);
        m_head = 0;
    }

    std::vector<std::optional<T>> m_slots;
    std::size_t m_head = 0;
    std::size_t m_size = 0;
};

} // namespace cd::rt::detail
