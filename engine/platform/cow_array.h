#pragma once

#include "engine/platform/node_arena.h"

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>
#include <type_traits>
#include <utility>

namespace cd::platform {

// A copy-on-write array of trivially copyable elements: copying is one atomic
// increment, the first write to a shared array clones it. One allocation holds
// the reference count, the size and the elements, so a tenant snapshot costs a
// few words per part it does not change. Reference counting is atomic: copies
// may be read and dropped on other threads.
template <typename T>
class CowArray {
    static_assert(std::is_trivially_copyable_v<T>);

public:
    CowArray() = default;
    CowArray(const CowArray& other)
        : m_h(other.m_h)
    {
        if (m_h)
            m_h->refs.fetch_add(1, std::memory_order_relaxed);
    }
    CowArray(CowArray&& other) noexcept
        : m_h(std::exchange(other.m_h, nullptr))
    { }
    CowArray& operator=(CowArray other) noexcept
    {
        std::swap(m_h, other.m_h);
        return *this;
    }
    ~CowArray() { release(m_h); }

    // An unshared array holding a copy of data[0, n) (capacity n), in a
    // node from arena when given and it has room.
    static CowArray copyOf(const T* data, std::size_t n, NodeArena* arena = nullptr)
    {
        CowArray out;
        if (n == 0)
            return out;
        void* memory = arena ? arena->allocate(Offset + n * sizeof(T)) : nullptr;
        if (memory)
            out.m_h = new (memory) Header { { 1 }, 0, static_cast<std::uint32_t>(n) | ArenaBit };
        else
            out.reallocate(static_cast<std::uint32_t>(n));
        std::memcpy(static_cast<void*>(elements(out.m_h)), data, n * sizeof(T));
        out.m_h->size = static_cast<std::uint32_t>(n);
        return out;
    }

    std::size_t size() const { return m_h ? m_h->size : 0; }
    bool empty() const { return size() == 0; }
    const T* data() const { return m_h ? elements(m_h) : nullptr; }
    const T* begin() const { return data(); }
    const T* end() const { return data() + size(); }
    const T& operator[](std::size_t i) const { return elements(m_h)[i]; }
    // True when another copy shares the storage (a write would clone).
    bool shared() const { return m_h && m_h->refs.load(std::memory_order_acquire) > 1; }

    // Writable element i; clones the storage first when it is shared.
    T& mutableAt(std::size_t i)
    {
        makeUnique(m_h->size);
        return elements(m_h)[i];
    }
    void insert(std::size_t pos, const T& value)
    {
        const std::uint32_t n = static_cast<std::uint32_t>(size());
        if (!m_h || n == capacityOf(m_h) || shared())
            reallocate(std::max<std::uint32_t>(4, n + n / 2 + 1));
        T* e = elements(m_h);
        std::memmove(static_cast<void*>(e + pos + 1), e + pos, (n - pos) * sizeof(T));
        e[pos] = value;
        m_h->size = n + 1;
    }
    void erase(std::size_t pos)
    {
        makeUnique(m_h->size);
        T* e = elements(m_h);
        std::memmove(static_cast<void*>(e + pos), e + pos + 1, (m_h->size - pos - 1) * sizeof(T));
        --m_h->size;
    }
    void clear() { *this = CowArray(); }

    friend bool operator==(const CowArray& a, const CowArray& b)
    {
        return a.m_h == b.m_h || std::equal(a.begin(), a.end(), b.begin(), b.end());
    }

private:
    struct Header {
        std::atomic<std::uint32_t> refs;
        std::uint32_t size;
        std::uint32_t capacity; // | ArenaBit: from a NodeArena
    };
    static constexpr std::uint32_t ArenaBit = 0x80000000u;
    static std::uint32_t capacityOf(const Header* h) { return h->capacity & ~ArenaBit; }
    static constexpr std::size_t Offset = (sizeof(Header) + alignof(T) - 1) / alignof(T) * alignof(T);
    static_assert(alignof(T) <= __STDCPP_DEFAULT_NEW_ALIGNMENT__);

    static T* elements(Header* h) { return static_cast<T*>(static_cast<void*>(reinterpret_cast<char*>(h) + Offset)); }
    static void release(Header* h)
    {
        if (h && h->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) {
            const bool inArena = (h->capacity & ArenaBit) != 0;
            h->~Header();
            if (inArena)
                NodeArena::release(h);
            else
                ::operator delete(static_cast<void*>(h));
        }
    }
    void makeUnique(std::uint32_t capacity)
    {
        if (shared())
            reallocate(capacity);
    }
    void reallocate(std::uint32_t capacity)
    {
        void* mem = ::operator new(Offset + std::size_t(capacity) * sizeof(T));
        auto* h = new (mem) Header { { 1 }, 0, capacity };
        if (m_h) {
            h->size = m_h->size;
            std::memcpy(static_cast<void*>(elements(h)), elements(m_h), m_h->size * sizeof(T));
        }
        release(std::exchange(m_h, h));
    }

    Header* m_h = nullptr;
};

} // namespace cd::platform
