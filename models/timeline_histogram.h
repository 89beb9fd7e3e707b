#pragma once

#include "models/timeline_bucket.h"

#include <QByteArray>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace cd::history {
class EntryIndex;
}

namespace cd::models {

// The timeline's cache: per event type counts of a journal in FineBins bins
// along each axis (positions and wall time), built once and extended as the
// index grows, so zooming and panning only rebin it. A bin's width is a
// power of two (positions or ms); when the journal outgrows the bins,
// neighbours merge and the width doubles. Plain data: a worker extends a
// copy and the GUI thread reads the published one.
class TimelineHistogram {
public:
    static constexpr std::size_t FineBins = 4096;
    // Rebinned bars span at least this many fine bins, so snapping their edges
    // to fine bins shifts them by at most 1/16 of a bar; narrower bars are
    // counted from the index (scanTimeline).
    static constexpr std::int64_t MinFinePerBucket = 8;

    // Counts the index's entries [covered(), min(index.size(), limit)):
    // their types tenant-major (each log read in order), then both axes by
    // position. A limit lets the timeline show the first part of a large
    // index (the first paint) before it has counted all of it.
    // When cancel is set it may return early, covering what it covered.
    void extend(
        const history::EntryIndex& index, const std::atomic<bool>* cancel = nullptr, std::size_t limit = SIZE_MAX);

    std::size_t covered() const { return m_covered; }
    // Wall time of the first entry (the time axis starts there: the rare
    // entry dated before it counts in the first bin) and the largest one.
    std::int64_t firstWallMs() const { return m_time.origin; }
    std::int64_t lastWallMs() const { return m_lastWallMs; }
    // [0, covered) or [firstWallMs, lastWallMs + 1); empty when nothing is covered.
    std::int64_t fullBegin(TimelineAxis axis) const;
    std::int64_t fullEnd(TimelineAxis axis) const;

    // About bars bars over [begin, end) from the fine bins; nullopt when they
    // would be narrower than minFine fine bins.
    std::optional<std::vector<TimelineBucket>> rebin(TimelineAxis axis, std::int64_t begin, std::int64_t end, int bars,
        std::int64_t minFine = MinFinePerBucket) const;
    // The whole extent in at most bars bars, always from the fine bins: bars
    // at least FullViewMinFine fine bins wide (the extent spans at least half
    // of them, so 512 bars and more fit), fewer bars when that needs it. A
    // full view never scans the index: scanning 10M entries per indexing
    // batch held the history's read lock for seconds.
    static constexpr std::int64_t FullViewMinFine = 4;
    std::vector<TimelineBucket> rebinFull(TimelineAxis axis, int bars) const;

    // The histogram as bytes and back: saved beside a journal's index cache,
    // so that a cached open paints the whole journal's bars before its index
    // is read. nullopt for bytes that are not one whole histogram of this
    // format (a truncated or foreign file).
    QByteArray toBytes() const;
    static std::optional<TimelineHistogram> fromBytes(const QByteArray& bytes);

    // Fine bins of the position axis (navigation skips the empty ones).
    std::int64_t positionBinWidth() const { return std::int64_t(1) << m_position.shift; }
    const TimelineCounts& positionBin(std::size_t bin) const { return m_position.bins[bin]; }

private:
    struct FineAxis {
        std::vector<TimelineCounts> bins = std::vector<TimelineCounts>(FineBins);
        int shift = 0; // bin width 2^shift
        std::int64_t origin = 0;

        void add(std::int64_t value, std::size_t type);
        void coarsen();
    };

    FineAxis m_position;
    FineAxis m_time;
    std::int64_t m_lastWallMs = 0;
    std::size_t m_covered = 0;
    std::vector<std::uint32_t> m_seenPerLog; // entries of each tenant log counted so far
};

// Exact bars (at most bars, each at least one unit wide) over [begin, end),
// counted from the index: the zoomed-in view. timeOrigin: as firstWallMs(),
// earlier wall times count there.
std::vector<TimelineBucket> scanTimeline(const history::EntryIndex& index, TimelineAxis axis, std::int64_t begin,
    std::int64_t end, int bars, std::int64_t timeOrigin);

} // namespace cd::models
