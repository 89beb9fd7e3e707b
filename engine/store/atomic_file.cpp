#include "engine/store/atomic_file.h"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
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

// Temporary files ("<prefix><pid>-<n>", with SQLite's -wal/-shm/-journal)
// left by a process that no longer runs (killed, e.g. SIGKILL): removed, so
// that they neither pile up nor stand in a later run's way.
void removeStaleTemps(const std::filesystem::path& dir, const std::string& prefix)
{
    std::error_code ec;
    for (std::filesystem::directory_iterator it(dir.empty() ? "." : dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.compare(0, prefix.size(), prefix) != 0)
            continue;
        char* rest = nullptr;
        const long pid = std::strtol(name.c_str() + prefix.size(), &rest, 10);
        if (pid <= 0 || rest == name.c_str() + prefix.size() || *rest != '-' || pid == ::getpid())
            continue;
        if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)
            std::filesystem::remove(it->path(), ec);
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
    const std::string prefix = "." + path.filename().string() + ".tmp-";
    removeStaleTemps(path.parent_path(), prefix);
    const std::string stem = (dir.empty() ? std::string() : dir + "/") + prefix + std::to_string(::getpid()) + "-";
    for (int attempt = 0; attempt < 1000; ++attempt) {
        const std::string candidate = stem + std::to_string(attempt);
        m_fd = ::open(candidate.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (m_fd >= 0) {
            // The file is new, so whatever SQLite files are beside it are a
            // dead run's: they would be applied to it or refuse it.
            for (const char* suffix : { "-journal", "-wal", "-shm" })
                std::remove((candidate + suffix).c_str());
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
