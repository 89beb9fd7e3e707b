#include "engine/platform/node_arena.h"

#include <cstdint>
#include <new>

#ifdef __unix__
#include <sys/mman.h>
#endif

namespace cd::platform {

namespace {
std::atomic<std::size_t> blocksMapped { 0 };

// A block of BlockBytes aligned to BlockBytes: twice that mapped, the
// misaligned ends unmapped. nullptr when the system has none.
void* mapAlignedBlock()
{
#ifdef __unix__
    constexpr std::size_t size = NodeArena::BlockBytes;
    void* p = mmap(nullptr, 2 * size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return nullptr;
    const auto start = reinterpret_cast<std::uintptr_t>(p);
    const std::uintptr_t aligned = (start + size - 1) & ~std::uintptr_t(size - 1);
    if (aligned > start)
        munmap(p, aligned - start);
    const std::uintptr_t end = start + 2 * size;
    if (end > aligned + size)
        munmap(reinterpret_cast<void*>(aligned + size), end - (aligned + size));
#ifdef MADV_HUGEPAGE
    madvise(reinterpret_cast<void*>(aligned), size, MADV_HUGEPAGE);
#endif
    blocksMapped.fetch_add(1, std::memory_order_relaxed);
    return reinterpret_cast<void*>(aligned);
#else
    return nullptr;
#endif
}
} // namespace

NodeArena::~NodeArena()
{
    if (m_block)
        drop(m_block);
}

void* NodeArena::allocate(std::size_t bytes)
{
    bytes = (bytes + 15) & ~std::size_t(15);
    if (bytes > MaxNodeBytes)
        return nullptr;
    if (!m_block || m_used + bytes > BlockBytes) {
        void* memory = mapAlignedBlock();
        if (!memory)
            return nullptr;
        if (m_block)
            drop(m_block);
        m_block = new (memory) Block { { 1 } };
        m_used = HeaderBytes;
    }
    void* node = reinterpret_cast<char*>(m_block) + m_used;
    m_used += bytes;
    m_block->live.fetch_add(1, std::memory_order_relaxed);
    return node;
}

void NodeArena::release(void* node)
{
    const auto address = reinterpret_cast<std::uintptr_t>(node);
    drop(reinterpret_cast<Block*>(address & ~std::uintptr_t(BlockBytes - 1)));
}

void NodeArena::drop(Block* block)
{
    if (block->live.fetch_sub(1, std::memory_order_acq_rel) != 1)
        return;
    block->~Block();
#ifdef __unix__
    munmap(block, BlockBytes);
    blocksMapped.fetch_sub(1, std::memory_order_relaxed);
#endif
}

std::size_t NodeArena::blocksInUse()
{
    return blocksMapped.load(std::memory_order_relaxed);
}

} // namespace cd::platform
