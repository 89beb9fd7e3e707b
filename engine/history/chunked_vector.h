#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>
#include <type_traits>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace cd::history {

namespace chunked {
// Blocks are whole huge pages (2 MiB): past the first block the kernel is
// asked to back them with huge pages, so filling a 10-million-entry column
// (loading an index) takes a few hundred page faults, not a hundred thousand.
inline constexpr std::size_t HugePage = std::size_t(2) << 20;

// The smallest block (2^16 elements or more) that is whole huge pages.
template <typename T>
constexpr unsigned blockBits()
{
    unsigned bits = 16;
    while (bits < 20 && ((std::size_t(1) << bits) * sizeof(T)) % HugePage != 0)
        ++bits;
    return bits;
}

struct FreeBlock {
    void operator()(void* p) const { std::free(p); }
};

inline void* allocateBlock(std::size_t bytes, bool hugePages)
{
    void* p = std::aligned_alloc(HugePage, (bytes + HugePage - 1) / HugePage * HugePage);
    if (!p)
        throw std::bad_alloc();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    if (hugePages)
        ::madvise(p, bytes, MADV_HUGEPAGE); // a hint: without it, plain pages
#else
    (void)hugePages;
#endif
    return p;
}
} // namespace chunked

// An append-only array stored in fixed blocks of 2^16 elements or more (whole
// huge pages, see chunked::blockBits). Growing it never copies what it holds,
// so a 10-million-entry column costs its size plus at most one block, with no
// transient doubling while it grows (std::vector would briefly hold the old
// and the new buffer).
template <typename T>
class ChunkedVector {
    static_assert(std::is_trivially_copyable_v<T>);

public:
    static constexpr unsigned BlockBits = chunked::blockBits<T>();
    static constexpr std::size_t BlockSize = std::size_t(1) << BlockBits;

    std::size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    const T& operator[](std::size_t i) const { return m_blocks[i >> BlockBits][i & (BlockSize - 1)]; }
    T& operator[](std::size_t i) { return m_blocks[i >> BlockBits][i & (BlockSize - 1)]; }
    const T& back() const { return (*this)[m_size - 1]; }

    void push_back(const T& value) { *appendUninitialized(1) = value; }
    // Appends count elements left for the caller to write, contiguous
    // (count at most what is left of the current block): a reader fills
    // them in one go. Returns where they are.
    T* appendUninitialized(std::size_t count)
    {
        if ((m_size & (BlockSize - 1)) == 0 && (m_size >> BlockBits) == m_blocks.size())
            addBlock();
        T* out = &(*this)[m_size];
        m_size += count;
        return out;
    }
    // Elements left in the current block (BlockSize at a block boundary).
    std::size_t blockRoom() const { return BlockSize - (m_size & (BlockSize - 1)); }
    void clear()
    {
        m_blocks.clear();
        m_size = 0;
    }
    // Bytes held by the blocks (for memory reports).
    std::size_t memoryUsage() const { return m_blocks.size() * BlockSize * sizeof(T); }

private:
    void addBlock()
    {
        // The first block stays in plain pages: a small journal's column
        // holds only the pages it touches.
        void* block = chunked::allocateBlock(BlockSize * sizeof(T), !m_blocks.empty());
        m_blocks.emplace_back(static_cast<T*>(block)); // elements written before they are read
    }

    std::vector<std::unique_ptr<T[], chunked::FreeBlock>> m_blocks;
    std::size_t m_size = 0;
};

} // namespace cd::history
