#include "engine/store/block_reader.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

namespace cd::store {

BlockReader::~BlockReader()
{
    if (m_file)
        std::fclose(m_file);
}

bool BlockReader::open(const std::string& path, std::string& error)
{
    m_path = path;
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        error = path + ": cannot open: is a directory";
        return false;
    }
    m_file = std::fopen(path.c_str(), "rb");
    if (!m_file) {
        error = path + ": cannot open: " + std::strerror(errno);
        return false;
    }
    // We read in large blocks ourselves; stdio buffering would only copy twice.
    std::setvbuf(m_file, nullptr, _IONBF, 0);
    const auto size = std::filesystem::file_size(path, ec);
    m_size = ec ? 0 : size;
    return true;
}

bool BlockReader::readInto(std::string& buffer, std::size_t& got, std::string& error, std::size_t blockSize)
{
    got = 0;
    if (m_atEnd || !m_file)
        return true;
    const std::size_t old = buffer.size();
    buffer.resize(old + blockSize);
    got = std::fread(buffer.data() + old, 1, blockSize, m_file);
    buffer.resize(old + got);
    if (got < blockSize) {
        if (std::ferror(m_file)) {
            error = m_path + ": read error: " + std::strerror(errno);
            return false;
        }
        m_atEnd = got == 0 || std::feof(m_file);
    }
    if (got > 0 && m_hash)
        m_hash->update(std::string_view(buffer.data() + old, got));
    m_bytesRead += got;
    return true;
}

std::string BlockReader::finishHash()
{
    return m_hash ? m_hash->finishHex() : std::string();
}

} // namespace cd::store
