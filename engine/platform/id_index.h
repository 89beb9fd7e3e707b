#pragma once

#include "engine/platform/str.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace cd::platform {

// A flat open-addressing map Str -> dense index (uint32). Copying it is one
// memcpy of its table, which keeps whole-platform snapshots cheap.
class IdIndex {
public:
    IdIndex();

    // The index of key, or -1 when absent.
    std::int64_t find(Str key) const
    {
        const std::size_t mask = m_slots.size() - 1;
        for (std::size_t i = mix(key.id) & mask;; i = (i + 1) & mask) {
            const Slot& s = m_slots[i];
            if (s.key == key.id)
                return s.value;
            if (s.key == 0)
                return -1;
        }
    }
    // Adds key -> value; precondition: key is absent and not null.
    void insert(Str key, std::uint32_t value);
    std::size_t size() const { return m_size; }
    std::size_t memoryBytes() const { return m_slots.capacity() * sizeof(Slot); }

private:
    struct Slot {
        std::uint32_t key; // Str id, 0 = empty
        std::uint32_t value;
    };
    static std::uint32_t mix(std::uint32_t x)
    {
        // Ids are dense; a multiplicative mix spreads neighbours apart.
        return static_cast<std::uint32_t>((std::uint64_t(x) * 0x9E3779B97F4A7C15ull) >> 32);
    }
    void grow();

    std::vector<Slot> m_slots;
    std::size_t m_size = 0;
};

} // namespace cd::platform
