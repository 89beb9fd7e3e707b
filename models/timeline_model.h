#pragma once

#include "models/timeline_bucket.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace cd::models {

class JournalDocument;
class TimelineHistogram;

// What the timeline scrubber shows of a JournalDocument: event density in
// bars over the visible range (by index position or by wall time), the
// counts behind the markers (suspensions, payment failures, limit breaches)
// and restart markers the live demo feeds. The cursor and marks A and B are
// the document's.
//
// Threads: lives on the GUI thread. A worker extends a fine-grained cache
// (TimelineHistogram) as the index grows, also while the document is still
// Indexing, and rebins it for the visible range, or counts the range from the
// index when zoomed in past the cache. One job at a time; the latest request
// wins; a generation counter drops results of a journal no longer open.
class TimelineModel : public QObject {
    Q_OBJECT
public:
    enum class MarkerKind { Suspension, PaymentFailure, LimitBreach, Restart };
    Q_ENUM(MarkerKind)
    static constexpr int MarkerKindCount = 4;

    explicit TimelineModel(JournalDocument* document, QObject* parent = nullptr);
    ~TimelineModel() override;

    JournalDocument* document() const { return m_document; }

    TimelineAxis axis() const { return m_axis; }
    // Keeps the visible part of the journal when zoomed.
    void setAxis(TimelineAxis axis);
    // How many bars the view wants (about one per few pixels).
    int bucketCount() const { return m_bucketCount; }
    void setBucketCount(int count);

    // The indexed extent along the axis: [0, entries) or [first wall ms, last + 1).
    std::int64_t fullBegin() const;
    std::int64_t fullEnd() const;
    // The visible range (the full extent unless zoomed), in axis units.
    std::int64_t visibleBegin() const;
    std::int64_t visibleEnd() const;
    bool isZoomed() const { return m_zoomed; }
    // Clamped to the full extent; at least one unit wide.
    void zoomTo(std::int64_t begin, std::int64_t end);
    void zoomOut();
    // Shifts the visible range by delta axis units, staying inside the extent.
    void pan(std::int64_t delta);
    // Scales the visible range by factor (< 1 zooms in) keeping anchor in place.
    void zoomAround(std::int64_t anchor, double factor);

    // The bars over the visible range (empty until computed), in order.
    const std::vector<TimelineBucket>& buckets() const { return m_buckets; }
    // The largest entries per axis unit among the bars: the bars' scale.
    double maxDensity() const { return m_maxDensity; }
    // Entries the bars account for so far (all of them once indexed).
    std::int64_t countedEntries() const;
    // Milliseconds the last job took (extend + bars), for reports.
    double lastJobMs() const { return m_lastJobMs; }
    bool busy() const { return m_jobRunning; }

    static std::optional<platform::EventType> markerEventType(MarkerKind kind);
    // Marker events of kind in a bar (restarts are not counted there).
    static std::uint32_t markerCount(const TimelineBucket& bucket, MarkerKind kind);

    // A process restart at sequence (there is no journal event for it yet).
    void addRestartMarker(std::int64_t sequence);
    void clearRestartMarkers();
    const std::vector<std::int64_t>& restartMarkers() const { return m_restarts; }

    // Index lookups (under the history's read lock).
    std::int64_t entryCount() const;
    std::int64_t sequenceAt(std::int64_t position) const;
    std::int64_t wallMsAt(std::int64_t position) const;
    // The axis value of the entry at position.
    std::int64_t axisValue(std::int64_t position) const;
    // The last position whose axis value is <= value; -1 before the first.
    std::int64_t positionAt(std::int64_t value) const;
    // Positions [first, last) whose axis value lies in [begin, end).
    std::pair<std::int64_t, std::int64_t> positionsIn(std::int64_t begin, std::int64_t end) const;

    // The next (forward) or previous entry after / before position from of a
    // tenant or of an event type; nullopt when there is none.
    std::optional<std::int64_t> nextOfTenant(std::int64_t from, const QString& tenantId, bool forward) const;
    std::optional<std::int64_t> nextOfType(std::int64_t from, platform::EventType type, bool forward) const;

Q_SIGNALS:
    void bucketsChanged();
    // The visible range, the full extent or the axis changed.
    void rangeChanged();
    void markersChanged();

private:
    struct Result;
    void reset();
    void onPreviewChanged();
    void schedule();
    void startJob();
    void finishJob(quint64 generation, const Result& result);
    void setVisible(std::int64_t begin, std::int64_t end);

    JournalDocument* m_document;
    TimelineAxis m_axis = TimelineAxis::Sequence;
    int m_bucketCount = 200;
    bool m_zoomed = false;
    std::int64_t m_visibleBegin = 0;
    std::int64_t m_visibleEnd = 0;
    std::vector<TimelineBucket> m_buckets;
    double m_maxDensity = 0;
    double m_lastJobMs = 0;
    std::vector<std::int64_t> m_restarts;

    std::shared_ptr<const TimelineHistogram> m_cache;
    std::shared_ptr<const TimelineHistogram> m_preview; // the document's preview, while adopted
    std::shared_ptr<std::atomic<bool>> m_cancel;
    quint64 m_generation = 0;
    bool m_jobRunning = false;
    bool m_pending = false;
};

} // namespace cd::models
