#pragma once

#include "engine/platform/str.h"

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace cd::platform {

// Interns strings to 32-bit ids (Str). Append-only: a string never moves once
// interned, so view() stays valid for the pool's lifetime.
//
// Threads: intern() and find() must not run concurrently with intern(). view()
// of an id that intern() already returned is safe while another thread interns:
// the id -> text table is a fixed array of block pointers that never moves, and
// string bytes live in chunks that are never reallocated.
class StringPool {
    // Hash table: open addressing, each bucket holds the id (0 = empty) and
    // the upper hash bits so most mismatches never touch the string bytes.
    struct Bucket {
        std::uint32_t id;
        std::uint32_t hash;
    };

public:
    StringPool();
    ~StringPool();
    StringPool(const StringPool&) = delete;
    StringPool& operator=(const StringPool&) = delete;

    // The id of text, interning it when new (one hash-table lookup).
    Str intern(std::string_view text);
    // The id of text if already interned, else the null Str; never interns.
    Str find(std::string_view text) const;
    // The text of an id; empty for the null Str. Precondition: id from this pool.
    std::string_view view(Str s) const
    {
        if (s.id == 0)
            return {};
        const Slot* block = (*m_blocks)[s.id >> BlockBits].load(std::memory_order_acquire);
        const Slot& slot = block[s.id & (BlockSize - 1)];
        return { slot.data, slot.size };
    }
    // Number of interned strings (ids are 1..size()).
    std::size_t size() const { return m_count; }
    // Sizes the hash table for this many more strings at once (a loaded
    // index knows how many it holds): no rehashing while they come.
    void reserve(std::size_t more);
    // Growing the hash table ahead, for a single interning thread whose
    // readers share a lock with it: prepareGrowth() builds the bigger table
    // when `more` new strings would make intern() grow it (it only reads, as
    // readers do, so it needs no exclusive lock), and adopt() installs it
    // at once, under the lock. A rehash of millions of strings otherwise
    // happened inside intern(), under the lock (0.1 s at 10M entries).
    class Growth {
        friend class StringPool;
        std::vector<Bucket> table;
        std::uint32_t count = 0; // the strings it holds
    };
    Growth prepareGrowth(std::size_t more) const;
    // Installs growth unless strings were interned since it was prepared
    // (then intern() grows the table as usual). growth keeps the table it
    // replaces, to be freed after the lock too.
    void adopt(Growth& growth);
    // Bytes held (string bytes, id table and hash table), for budgets.
    std::size_t memoryUsage() const;

private:
    struct Slot {
        const char* data;
        std::uint32_t size;
    };
    static constexpr unsigned BlockBits = 14;
    static constexpr std::uint32_t BlockSize = 1u << BlockBits;
    static constexpr std::uint32_t MaxBlocks = 1u << 14; // 2^28 strings
    static constexpr std::size_t ChunkSize = 256 * 1024;

    const char* store(std::string_view text);
    void grow() { rehash(m_table.size() * 2); }
    void rehash(std::size_t buckets); // a power of two
    std::vector<Bucket> m_table;
    std::uint32_t m_count = 0;

    std::unique_ptr<std::array<std::atomic<Slot*>, MaxBlocks>> m_blocks;
    std::vector<std::unique_ptr<Slot[]>> m_ownedBlocks;
    std::vector<std::unique_ptr<char[]>> m_chunks;
    char* m_chunkPos = nullptr;
    std::size_t m_chunkLeft = 0;
    std::size_t m_bytes = 0;
};

} // namespace cd::platform
