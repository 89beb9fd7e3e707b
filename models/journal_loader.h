#pragma once

#include "engine/history/build_result.h"

#include <QString>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

namespace cd::history {
class History;
}

namespace cd::models {

class TimelineHistogram;

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
    // A journal still being written (the live demo's): read without SQLite's
    // immutable=1 (which promises the file never changes) and never cached
    // (its identity changes with every commit). Unset: guessed (looksLive).
    std::optional<bool> live;
    // Called on the worker once a cached index is loaded, before it is
    // published into history (tests hold the load there to check that
    // readers of history are not blocked meanwhile).
    std::function<void()> beforePublish;
    // Called on the worker with the timeline's histogram saved beside a
    // matching index cache, before the index is read (the first paint of a
    // large journal); then with nullptr if that index turns out unusable
    // (the journal is indexed from the file instead).
    std::function<void(std::shared_ptr<const TimelineHistogram>)> timelinePreview;
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

// Whether path looks like a journal another connection is writing right now:
// a SQLite -wal, -shm or -journal file beside it. loadJournal guesses with it
// when the request does not say whether the journal is live.
bool looksLive(const QString& path);

// The user's cache directory for indexes ($XDG_CACHE_HOME/chronodesk, as
// the CLI uses), or empty when none can be found.
QString defaultIndexCacheDirectory();

} // namespace cd::models
