#pragma once

#include <string>

namespace cd::store {

// The writer's claim on a journal: an exclusive flock on ".NAME.lock" beside
// the journal, held while the writer is open, so that two platforms (two
// processes, or two writers in one process) never append to one journal at
// once. A lock file rather than SQLite's locking_mode=EXCLUSIVE because a WAL
// journal being written must stay readable by other connections (the GUI
// follows a live journal). The kernel drops the lock when the process dies,
// so a crash leaves no stale claim; a clean release removes the file.
class SqliteJournalWriterLock {
public:
    SqliteJournalWriterLock() = default;
    ~SqliteJournalWriterLock();
    SqliteJournalWriterLock(const SqliteJournalWriterLock&) = delete;
    SqliteJournalWriterLock& operator=(const SqliteJournalWriterLock&) = delete;

    // ".NAME.lock" in the directory of journalPath.
    static std::string lockPathFor(const std::string& journalPath);

    // Claims journalPath. False with error naming the journal when another
    // writer holds it ("PATH: is being written by another Chronodesk
    // platform (lock file LOCK)") or the lock file cannot be made.
    bool acquire(const std::string& journalPath, std::string& error);
    void release();
    bool held() const { return m_fd >= 0; }

private:
    int m_fd = -1;
    std::string m_lockPath;
};

} // namespace cd::store
