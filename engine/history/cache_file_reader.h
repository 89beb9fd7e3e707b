#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>

namespace cd::history {

// A whole file mapped read-only (an index cache being loaded): reading it
// costs no copy through the kernel, and two threads can read parts of it at
// once. Empty when the file cannot be opened or mapped.
class MappedFile {
public:
    explicit MappedFile(const std::string& path);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    bool isOpen() const { return m_data != nullptr; }
    std::span<const char> bytes() const { return { m_data, m_size }; }

private:
    const char* m_data = nullptr;
    std::size_t m_size = 0;
};

// Reads with bounds from bytes in memory: any read past the end marks the
// whole read as failed (and gives zeros).
class CacheReader {
public:
    explicit CacheReader(std::span<const char> bytes)
        : m_bytes(bytes)
    { }
    template <typename T>
    T get()
    {
        static_assert(std::is_trivially_copyable_v<T>);
        T value {};
        bytes(&value, sizeof value);
        return value;
    }
    // The next string; a view into the bytes.
    std::string_view string()
    {
        const auto n = get<std::uint32_t>();
        const char* at = take(n);
        return at ? std::string_view(at, n) : std::string_view();
    }
    void bytes(void* data, std::size_t n)
    {
        if (const char* at = take(n); at && n > 0)
            std::memcpy(data, at, n);
    }
    // n bytes to read in place (nullptr past the end).
    const char* take(std::size_t n)
    {
        if (!m_ok || n > m_bytes.size() - m_offset) {
            m_ok = false;
            return nullptr;
        }
        const char* at = m_bytes.data() + m_offset;
        m_offset += n;
        return at;
    }
    // A count that the bytes cannot possibly hold is corruption, not a
    // reason to allocate.
    std::uint64_t count(std::uint64_t limit)
    {
        const auto n = get<std::uint64_t>();
        if (n > limit)
            m_ok = false;
        return m_ok ? n : 0;
    }
    std::size_t offset() const { return m_offset; }
    bool atEnd() const { return m_offset == m_bytes.size(); }
    bool ok() const { return m_ok; }

private:
    std::span<const char> m_bytes;
    std::size_t m_offset = 0;
    bool m_ok = true;
};

} // namespace cd::history
