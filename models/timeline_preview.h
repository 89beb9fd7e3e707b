#pragma once

#include "engine/history/index_cache.h"

#include <QString>

#include <memory>

namespace cd::history {
class History;
}

namespace cd::models {

class TimelineHistogram;

// The timeline's histogram of a journal, saved beside its index cache (same
// name, ".timeline"), keyed by the same identity. A cached open reads it
// first (under a megabyte) and paints the whole journal's bars while the
// index itself (hundreds of megabytes for 10M entries) is still being read.
// Like the index cache it is never written next to the journal.
QString timelinePreviewPath(const history::IndexCache& cache, const history::IndexCache::Identity& identity);

// The saved histogram when the file holds one for exactly this identity;
// nullptr otherwise (no file, another journal's, truncated, another format).
std::shared_ptr<const TimelineHistogram> loadTimelinePreview(
    const QString& path, const history::IndexCache::Identity& identity);

// Counts the whole index and saves the histogram atomically (a reader never
// sees half a file); false when it cannot be written (it only costs the next
// open its early bars).
bool saveTimelinePreview(
    const QString& path, const history::IndexCache::Identity& identity, const history::History& history);

} // namespace cd::models
