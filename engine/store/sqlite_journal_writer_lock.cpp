#include "engine/store/sqlite_journal_writer_lock.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace cd::store {

SqliteJournalWriterLock::~SqliteJournalWriterLock()
{
    release();
}

std::string SqliteJournalWriterLock::lockPathFor(const std::string& journalPath)
{
    const std::filesystem::path p(journalPath);
    const std::string name = "." + p.filename().string() + ".lock";
    return p.has_parent_path() ? (p.parent_path() / name).string() : name;
}

bool SqliteJournalWriterLock::acquire(const std::string& journalPath, std::string& error)
{
    release();
    const std::string lockPath = lockPathFor(journalPath);
    // A holder releasing at the same moment unlinks the file it locked: a
    // lock taken on that unlinked file claims nothing, so check that the
    // locked file is still the one at lockPath, else try again.
    for (int attempt = 0; attempt < 16; ++attempt) {
        const int fd = ::open(lockPath.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0) {
            error = journalPath + ": cannot create the writer's lock file " + lockPath + ": " + std::strerror(errno);
            return false;
        }
        if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
            const int why = errno;
            ::close(fd);
            if (why == EWOULDBLOCK) {
                error = journalPath + ": is being written by another Chronodesk platform (lock file " + lockPath
                    + "); it can only be opened read-only";
            } else {
                error = journalPath + ": cannot lock " + lockPath + ": " + std::strerror(why);
            }
            return false;
        }
        struct stat locked { };
        struct stat current { };
        if (::fstat(fd, &locked) == 0 && ::stat(lockPath.c_str(), &current) == 0 && locked.st_ino == current.st_ino
            && locked.st_dev == current.st_dev) {
            m_fd = fd;
            m_lockPath = lockPath;
            return true;
        }
        ::close(fd);
    }
    error = journalPath + ": cannot lock " + lockPath + ": it keeps being replaced";
    return false;
}

void SqliteJournalWriterLock::release()
{
    if (m_fd < 0)
        return;
    // Unlinked while still locked, so nobody can lock this file in between.
    ::unlink(m_lockPath.c_str());
    ::close(m_fd);
    m_fd = -1;
    m_lockPath.clear();
}

} // namespace cd::store
