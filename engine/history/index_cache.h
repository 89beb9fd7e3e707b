#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cd::history {

class History;

// A cache of History indexes for journals received from elsewhere, in a
// directory the caller chooses (the CLI: $XDG_CACHE_HOME/chronodesk or
// ~/.cache/chronodesk). Never written next to the journal: a received
// journal is evidence.
//
// A cache file is keyed by the journal's identity (its canonical path,
// journal_id, size, modification time and last sequence) and holds the
// index and its strings; loading it replays the packed events to rebuild the
// latest state and the snapshots (seconds for 10 million entries, against
// minutes to parse the journal again). A file that does not
// match, is truncated or comes from another version is ignored (load
// fails): the caller builds from the journal and saves again.
class IndexCache {
public:
    struct Identity {
        std::string path; // canonical
        std::string journalId; // SQLite journal_meta; empty for text formats
        std::uint64_t size = 0;
        std::int64_t mtimeNs = 0;
        std::optional<std::int64_t> lastSequence; // SQLite; NDJSON from its last line; else unknown
        friend bool operator==(const Identity&, const Identity&) = default;
    };

    explicit IndexCache(std::string directory);

    // The identity of a journal file; nullopt with error when it cannot be read.
    static std::optional<Identity> identify(const std::string& journalPath, std::string& error);

    // The cache file for a journal (inside the directory).
    std::string fileFor(const Identity& identity) const;

    // Loads the cached index into history, which must be empty. False (and
    // history left empty) when there is no matching, intact cache file.
    bool load(const Identity& identity, History& history, std::string& error) const;

    // Where the saved history had its snapshots.
    struct SavedStates {
        std::vector<std::size_t> snapshotAt;
        std::size_t interval = 0;
    };
    // load() in two steps, for a caller that shows the index before its
    // states are folded (the first timeline paint of a large journal):
    // loadIndex fills history's index and strings only (states pending),
    // then history.restoreStates(states.snapshotAt, states.interval).
    std::optional<SavedStates> loadIndex(const Identity& identity, History& history, std::string& error) const;

    // Writes the history's index for identity (creating the directory),
    // atomically: a reader never sees half a file.
    bool save(const Identity& identity, const History& history, std::string& error) const;

    const std::string& directory() const { return m_directory; }

private:
    std::string m_directory;
};

} // namespace cd::history
