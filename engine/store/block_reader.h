#pragma once

#include "engine/store/content_hash.h"

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

namespace cd::store {

// Reads a file in large blocks, appending to a caller-owned buffer, so the
// text importers stream without loading the whole file. Optionally hashes
// every byte read (content-derived journal ids).
class BlockReader {
public:
    static constexpr std::size_t DefaultBlockSize = 1 << 20;

    BlockReader() = default;
    ~BlockReader();
    BlockReader(const BlockReader&) = delete;
    BlockReader& operator=(const BlockReader&) = delete;

    // error: "PATH: cannot open: <reason>".
    bool open(const std::string& path, std::string& error);
    void enableHash() { m_hash.emplace(); }

    // Appends up to blockSize bytes to buffer; got == 0 means end of file.
    bool readInto(std::string& buffer, std::size_t& got, std::string& error, std::size_t blockSize = DefaultBlockSize);

    bool atEnd() const { return m_atEnd; }
    std::uint64_t bytesRead() const { return m_bytesRead; }
    std::uint64_t sizeAtOpen() const { return m_size; }
    const std::string& path() const { return m_path; }
    // ContentHash hex of every byte read; empty unless enableHash() was called.
    std::string finishHash();

private:
    std::FILE* m_file = nullptr;
    std::string m_path;
    std::uint64_t m_bytesRead = 0;
    std::uint64_t m_size = 0;
    bool m_atEnd = false;
    std::optional<ContentHash> m_hash;
};

} // namespace cd::store
