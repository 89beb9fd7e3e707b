#include "engine/platform/string_pool.h"

#include <cstring>
#include <stdexcept>

namespace cd::platform {

namespace {
constexpr std::uint64_t Mul1 = 0x9E3779B97F4A7C15ull;
constexpr std::uint64_t Mul2 = 0xC2B2AE3D27D4EB4Full;

inline std::uint64_t load64(const char* p)
{
    std::uint64_t v;
    std::memcpy(&v, p, 8);
    return v;
}

// Word-at-a-time multiplicative hash: ids and names are short, so a full
// cryptographic-quality hash would cost more than the lookup it serves.
std::uint64_t hashBytes(std::string_view s)
{
    const char* p = s.data();
    std::size_t n = s.size();
    std::uint64_t h = 0x243F6A8885A308D3ull ^ (n * Mul2);
    while (n >= 8) {
        h = (h ^ load64(p)) * Mul1;
        h ^= h >> 29;
        p += 8;
        n -= 8;
    }
    if (n > 0) {
        std::uint64_t tail = 0;
        std::memcpy(&tail, p, n);
        h = (h ^ tail) * Mul1;
        h ^= h >> 29;
    }
    h *= Mul2;
    h ^= h >> 32;
    return h;
}
} // namespace

StringPool::StringPool()
    : m_table(1024, Bucket { 0, 0 })
    , m_blocks(std::make_unique<std::array<std::atomic<Slot*>, MaxBlocks>>())
{
    for (auto& b : *m_blocks)
        b.store(nullptr, std::memory_order_relaxed);
}

StringPool::~StringPool() = default;

const char* StringPool::store(std::string_view text)
{
    if (text.empty())
        return "";
    if (text.size() > m_chunkLeft) {
        // Large strings get a chunk of their own so the current one is not wasted.
        std::size_t size = text.size() > ChunkSize / 4 ? text.size() : ChunkSize;
        m_chunks.push_back(std::make_unique<char[]>(size));
        m_bytes += size;
        char* chunk = m_chunks.back().get();
        if (size != ChunkSize) {
            std::memcpy(chunk, text.data(), text.size());
            return chunk;
        }
        m_chunkPos = chunk;
        m_chunkLeft = size;
    }
    char* out = m_chunkPos;
    std::memcpy(out, text.data(), text.size());
    m_chunkPos += text.size();
    m_chunkLeft -= text.size();
    return out;
}

void StringPool::reserve(std::size_t more)
{
    std::size_t buckets = m_table.size();
    while (buckets < (std::size_t(m_count) + more) * 2 + 1)
        buckets *= 2;
    if (buckets != m_table.size())
        rehash(buckets);
}

namespace {
template <typename Bucket>
std::vector<Bucket> rehashed(const std::vector<Bucket>& table, std::size_t buckets)
{
    std::vector<Bucket> bigger(buckets, Bucket { 0, 0 });
    const std::size_t mask = bigger.size() - 1;
    for (const Bucket& b : table) {
        if (b.id == 0)
            continue;
        std::size_t i = b.hash & mask;
        while (bigger[i].id != 0)
            i = (i + 1) & mask;
        bigger[i] = b;
    }
    return bigger;
}
} // namespace

void StringPool::rehash(std::size_t buckets)
{
    m_table = rehashed(m_table, buckets);
}

StringPool::Growth StringPool::prepareGrowth(std::size_t more) const
{
    Growth growth;
    // intern() grows once count * 2 exceeds the buckets.
    std::size_t buckets = m_table.size();
    while ((std::size_t(m_count) + more) * 2 > buckets)
        buckets *= 2;
    if (buckets != m_table.size()) {
        growth.table = rehashed(m_table, buckets);
        growth.count = m_count;
    }
    return growth;
}

void StringPool::adopt(Growth& growth)
{
    if (!growth.table.empty() && growth.count == m_count)
        m_table.swap(growth.table);
}

Str StringPool::find(std::string_view text) const
{
    const std::uint64_t h = hashBytes(text);
    const auto tag = static_cast<std::uint32_t>(h);
    const std::size_t mask = m_table.size() - 1;
    for (std::size_t i = tag & mask;; i = (i + 1) & mask) {
        const Bucket& b = m_table[i];
        if (b.id == 0)
            return {};
        if (b.hash == tag && view(Str(b.id)) == text)
            return Str(b.id);
    }
}

Str StringPool::intern(std::string_view text)
{
    if (text.size() > UINT32_MAX)
        throw std::length_error("StringPool: string too long");
    const std::uint64_t h = hashBytes(text);
    const auto tag = static_cast<std::uint32_t>(h);
    std::size_t mask = m_table.size() - 1;
    std::size_t i = tag & mask;
    for (;; i = (i + 1) & mask) {
        const Bucket& b = m_table[i];
        if (b.id == 0)
            break;
        if (b.hash == tag && view(Str(b.id)) == text)
            return Str(b.id);
    }
    const std::uint32_t id = m_count + 1;
    if (id >= BlockSize * MaxBlocks)
        throw std::length_error("StringPool: too many strings");
    const std::uint32_t blockIndex = id >> BlockBits;
    Slot* block = (*m_blocks)[blockIndex].load(std::memory_order_relaxed);
    if (!block) {
        m_ownedBlocks.push_back(std::make_unique<Slot[]>(BlockSize));
        block = m_ownedBlocks.back().get();
        // Publish the block only after it exists; readers load with acquire.
        (*m_blocks)[blockIndex].store(block, std::memory_order_release);
    }
    block[id & (BlockSize - 1)] = Slot { store(text), static_cast<std::uint32_t>(text.size()) };
    // No fence needed: a reader gets this id from the interning thread through
    // some synchronisation, which also publishes the slot written above.
    m_count = id;
    m_table[i] = Bucket { id, tag };
    // Keep the load factor at or below 1/2 so probes stay short.
    if (std::size_t(m_count) * 2 > m_table.size())
        grow();
    return Str(id);
}

std::size_t StringPool::memoryUsage() const
{
    return m_bytes + m_table.size() * sizeof(Bucket) + m_ownedBlocks.size() * BlockSize * sizeof(Slot)
        + sizeof(*m_blocks);
}

} // namespace cd::platform
