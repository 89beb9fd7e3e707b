#include "engine/store/atomic_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <system_error>
#include <unistd.h>

namespace cd::store {

namespace {

constexpr std::size_t FlushSize = 1 << 20;

void syncDirectory(const std::string& file)
{
    const auto dir = std::filesystem::path(file).parent_path();
    const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

} // namespace

bool pathExists(const std::string& path)
{
    std::error_code ec;
    return std::filesystem::symlink_status(path, ec).type() != std::filesystem::file_type::not_found && !ec;
}

AtomicFile::~AtomicFile()
{
    if (!m_committed)
        discard();
}

bool AtomicFile::begin(const std::string& target, bool force, std::string& error)
{
    m_target = target;
    std::error_code ec;
    if (std::filesystem::is_directory(target, ec)) {
        error = target + ": is a directory";
        return false;
    }
    if (!force && pathExists(target)) {
        error = target + ": already exists (use --force to replace it)";
        return false;
    }
    const std::filesystem::path path(target);
    const std::string dir = path.parent_path().string();
    const std::string stem = (dir.empty() ? std::string() : dir + "/") + "." + path.filename().string() + ".tmp-"
        + std::to_string(::getpid()) + "-";
    for (int attempt = 0; attempt < 1000; ++attempt) {
        const std::string candidate = stem + std::to_string(attempt);
        m_fd = ::open(candidate.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (m_fd >= 0) {
            m_temp = candidate;
            return true;
        }
        if (errno != EEXIST)
            break;
    }
    error = target + ": cannot create a file in its directory: " + std::strerror(errno);
    return false;
}

bool AtomicFile::flush()
{
    std::size_t done = 0;
    while (done < m_buffer.size()) {
        const ssize_t n = ::write(m_fd, m_buffer.data() + done, m_buffer.size() - done);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            m_writeError = std::strerror(errno);
            return false;
        }
        done += std::size_t(n);
    }
    m_buffer.clear();
    return true;
}

bool AtomicFile::write(std::string_view bytes)
{
    if (m_fd < 0 || !m_writeError.empty())
        return false;
    m_buffer.append(bytes);
    return m_buffer.size() < FlushSize || flush();
}

bool AtomicFile::commit(std::string& error, bool sqliteTarget)
{
    if (m_temp.empty()) {
        error = m_target + ": nothing to commit";
        return false;
    }
    const bool written = m_fd >= 0 && m_writeError.empty() && flush() && ::fsync(m_fd) == 0;
    if (!written) {
        error = m_target + ": write failed: " + (m_writeError.empty() ? std::strerror(errno) : m_writeError);
        discard();
        return false;
    }
    ::close(m_fd);
    m_fd = -1;
    if (sqliteTarget) {
        for (const char* suffix : { "-wal", "-shm", "-journal" })
            std::remove((m_target + suffix).c_str());
    }
    if (std::rename(m_temp.c_str(), m_target.c_str()) != 0) {
        error = m_target + ": cannot replace: " + std::strerror(errno);
        discard();
        return false;
    }
    m_committed = true;
    syncDirectory(m_target);
    return true;
}

void AtomicFile::discard()
{
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
    if (!m_temp.empty() && !m_committed) {
        for (const char* suffix : { "", "-journal", "-wal", "-shm" })
            std::remove((m_temp + suffix).c_str());
    }
    m_buffer.clear();
}

} // namespace cd::store
