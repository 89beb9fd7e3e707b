#pragma once

#include "engine/history/build_result.h"

#include <QString>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>

namespace cd::history {
class History;
}

namespace cd::models {

// Below this many entries an index is not worth caching: the file indexes in
// well under a second.
inline constexpr std::int64_t CacheThresholdEntries = 200'000;

// What JournalDocument hands its indexing job (copied into the worker).
struct LoadRequest {
    QString path;
    std::shared_ptr<history::History> history; // empty; filled by the job
    std::shared_ptr<std::atomic<bool>> cancel;
    std::function<void(double fraction, std::int64_t entries)> progress; // called on the worker
    // Where received journals' indexes are cached; empty: no cache.
    QString cacheDirectory;
    std::int64_t cacheThreshold = CacheThresholdEntries; // fewer entries: not cached
};

struct LoadOutcome {
    history::BuildResult result;
    QString error; // empty when the journal is usable
    bool fromCache = false;
};

// The indexing job: loads the cached index when it matches the journal's
// identity, else builds from the file (read-only) and caches a large result.
// Runs on a worker thread; never touches the journal's bytes. A journal is
// usable when it could be read to the end and holds at least one valid entry
// or no entry at all; invalid entries are left out and reported.
LoadOutcome loadJournal(const LoadRequest& request);

// The user's cache directory for indexes ($XDG_CACHE_HOME/chronodesk, as
// the CLI uses), or empty when none can be found.
QString defaultIndexCacheDirectory();

} // namespace cd::models
