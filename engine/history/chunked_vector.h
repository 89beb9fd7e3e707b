#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <type_traits>
#include <vector>

namespace cd::history {

// An append-only array stored in fixed blocks of 2^16 elements. Growing it
// never copies what it holds, so a 10-million-entry column costs its size plus
// at most one block, with no transient doubling while it grows (std::vector
// would briefly hold the old and the new buffer).
template <typename T>
class ChunkedVector {
    static_assert(std::is_trivially_copyable_v<T>);

public:
    static constexpr unsigned BlockBits = 16;
    static constexpr std::size_t BlockSize = std::size_t(1) << BlockBits;

    std::size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    const T& operator[](std::size_t i) const { return m_blocks[i >> BlockBits][i & (BlockSize - 1)]; }
    T& operator[](std::size_t i) { return m_blocks[i >> BlockBits][i & (BlockSize - 1)]; }
    const T& back() const { return (*this)[m_size - 1]; }

    void push_back(const T& value)
    {
        if ((m_size & (BlockSize - 1)) == 0 && (m_size >> BlockBits) == m_blocks.size())
            m_blocks.push_back(std::make_unique_for_overwrite<T[]>(BlockSize));
        (*this)[m_size] = value;
        ++m_size;
    }
    void clear()
    {
        m_blocks.clear();
        m_size = 0;
    }
    // Bytes held by the blocks (for memory reports).
    std::size_t memoryUsage() const { return m_blocks.size() * BlockSize * sizeof(T); }

private:
    std::vector<std::unique_ptr<T[]>> m_blocks;
    std::size_t m_size = 0;
};

} // namespace cd::history
