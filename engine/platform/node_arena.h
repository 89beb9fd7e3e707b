#pragma once

#include <atomic>
#include <cstddef>

namespace cd::platform {

// Memory for the copy-on-write nodes (CowBox, CowArray) of a state built in
// one go: a history snapshot unpacked for the cursor, 10k tenants and 30k
// arrays at 10M entries. Nodes are bumped out of blocks instead of taken one
// by one from malloc, and a state let go of frees a few blocks instead of
// 40k nodes: on the cursor's thread, malloc and free (sorting the freed
// nodes back into its bins) took more time than the fold itself (perf over
// bench_gui at 10M).
//
// Each node is still released on its own, on any thread, when its last copy
// goes (a tenant may outlive the state it came with); a block is freed with
// its last node. Blocks are BlockBytes, aligned to that, so a node finds its
// block from its address, and may be backed by one huge page.
class NodeArena {
public:
    static constexpr std::size_t BlockBytes = std::size_t(2) << 20;
    // Larger nodes come from the heap (allocate() returns nullptr).
    static constexpr std::size_t MaxNodeBytes = BlockBytes / 8;

    NodeArena() = default;
    NodeArena(const NodeArena&) = delete;
    NodeArena& operator=(const NodeArena&) = delete;
    ~NodeArena();

    // Memory for a node of bytes (16-byte aligned), or nullptr when it is
    // larger than MaxNodeBytes or no block could be mapped.
    void* allocate(std::size_t bytes);
    // A node allocate() returned is destroyed (any thread).
    static void release(void* node);
    // Blocks mapped now, process-wide (tests, memory figures).
    static std::size_t blocksInUse();

private:
    struct Block {
        std::atomic<std::size_t> live; // nodes, plus one while the arena fills it
    };
    static constexpr std::size_t HeaderBytes = 64;
    static void drop(Block* block);

    Block* m_block = nullptr;
    std::size_t m_used = 0;
};

} // namespace cd::platform
