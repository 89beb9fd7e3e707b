#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace cd::store {

// An output written beside its final path and renamed into place only when
// complete, so a failed or refused write leaves an existing file untouched
// and creates no new one. Not committed → the temporary file is removed.
class AtomicFile {
public:
    AtomicFile() = default;
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    // Refuses an existing target unless force ("PATH: already exists (use
    // --force to replace it)") and creates an empty, uniquely named temporary
    // file in the target's directory.
    bool begin(const std::string& target, bool force, std::string& error);
    const std::string& target() const { return m_target; }
    const std::string& tempPath() const { return m_temp; }

    // Buffered writes into the temporary file (text outputs).
    bool write(std::string_view bytes);
    // Syncs the temporary file and renames it over the target. sqliteTarget:
    // first remove the target's -wal/-shm/-journal, which would otherwise be
    // applied to the new file.
    bool commit(std::string& error, bool sqliteTarget = false);
    void discard();

private:
    bool flush();

    std::string m_target;
    std::string m_temp;
    std::string m_buffer;
    std::string m_writeError;
    int m_fd = -1;
    bool m_committed = false;
};

// True when path exists (as anything).
bool pathExists(const std::string& path);

} // namespace cd::store
