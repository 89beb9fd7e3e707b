#include "models/timeline_model.h"

#include "engine/history/history.h"
#include "models/background.h"
#include "models/journal_document.h"
#include "models/timeline_histogram.h"

#include <QElapsedTimer>
#include <QThread>

#include <algorithm>
#include <cmath>

namespace cd::models {

using platform::EventType;

namespace {

// Entries one job adds to the histogram (~50 ms on this machine): a large
// index (a cached 10M, or the first batches of a cold open) shows its first
// bars after one chunk and grows, rather than after counting all of it.
constexpr std::size_t ExtendChunk = std::size_t(1) << 20;

} // namespace

struct TimelineModel::Result {
    std::shared_ptr<const TimelineHistogram> cache;
    std::vector<TimelineBucket> buckets;
    TimelineAxis axis = TimelineAxis::Sequence;
    bool zoomed = false;
    std::int64_t begin = 0;
    std::int64_t end = 0;
    double ms = 0;
};

TimelineModel::TimelineModel(JournalDocument* document, QObject* parent)
    : QObject(parent)
    , m_document(document)
{
    connect(document, &JournalDocument::opened, this, [this] { reset(); });
    connect(document, &JournalDocument::closed, this, [this] { reset(); });
    connect(document, &JournalDocument::historyGrew, this, [this] { schedule(); });
    connect(document, &JournalDocument::timelinePreviewChanged, this, [this] { onPreviewChanged(); });
    reset();
}

TimelineModel::~TimelineModel()
{
    if (m_cancel)
        m_cancel->store(true);
}

void TimelineModel::reset()
{
    if (m_cancel)
        m_cancel->store(true); // a running job ends soon; its result is dropped
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    ++m_generation;
    m_cache.reset();
    m_preview.reset();
    m_buckets.clear();
    m_maxDensity = 0;
    m_zoomed = false;
    m_visibleBegin = m_visibleEnd = 0;
    m_restarts.clear();
    Q_EMIT bucketsChanged();
    Q_EMIT rangeChanged();
    Q_EMIT markersChanged();
    schedule();
}

void TimelineModel::onPreviewChanged()
{
    const std::shared_ptr<const TimelineHistogram> preview = m_document->timelinePreview();
    if (preview) {
        // Bars of the whole journal while its cached index is read; the
        // index, once there, finds them covering it and keeps them.
        if (m_cache && m_cache->covered() > 0)
            return;
        m_cache = preview;
        m_preview = preview;
        // A job still running started from the cache before: its bars,
        // delivered after this, would put that cache back over the preview.
        ++m_generation;
        schedule();
        return;
    }
    // Withdrawn: kept when the index they describe is there, else the bars
    // start over from the index being built.
    const auto history = m_document->history();
    const bool shown = m_preview && m_cache == m_preview;
    m_preview.reset();
    if (shown && (!history || history->size() != m_cache->covered()))
        reset();
}

void TimelineModel::schedule()
{
    if (m_jobRunning) {
        m_pending = true;
        return;
    }
    startJob();
}

void TimelineModel::startJob()
{
    m_pending = false;
    const std::shared_ptr<const history::History> history = m_document->history();
    if (!history)
        return;
    m_jobRunning = true;
    const quint64 generation = m_generation;
    const std::shared_ptr<const TimelineHistogram> cache = m_cache;
    const std::shared_ptr<std::atomic<bool>> cancel = m_cancel;
    const TimelineAxis axis = m_axis;
    const bool zoomed = m_zoomed;
    const std::int64_t begin = m_visibleBegin;
    const std::int64_t end = m_visibleEnd;
    const int bars = m_bucketCount;
    runInBackground(
        this,
        [history, cache, cancel, axis, zoomed, begin, end, bars] {
            QElapsedTimer timer;
            timer.start();
            Result result;
            result.axis = axis;
            result.zoomed = zoomed;
            const auto view = history->view();
            const auto& index = view.index();
            // A histogram covering more than the index is a preview (the index
            // not read yet); with a non-empty index it is not this one's.
            const bool previewOnly = cache && cache->covered() > index.size();
            result.cache = previewOnly && index.size() > 0 ? nullptr : cache;
            if (!result.cache || result.cache->covered() < index.size()) {
                auto next = result.cache ? std::make_shared<TimelineHistogram>(*result.cache)
                                         : std::make_shared<TimelineHistogram>();
                next->extend(index, cancel.get(), next->covered() + ExtendChunk);
                result.cache = std::move(next);
            }
            const TimelineHistogram& fine = *result.cache;
            result.begin = zoomed ? begin : fine.fullBegin(axis);
            result.end = zoomed ? end : fine.fullEnd(axis);
            if (!zoomed)
                result.buckets = fine.rebinFull(axis, bars);
            else if (auto rebinned = fine.rebin(axis, result.begin, result.end, bars,
                         fine.covered() > index.size() ? 1 : TimelineHistogram::MinFinePerBucket))
                result.buckets = std::move(*rebinned);
            else
                result.buckets = scanTimeline(index, axis, result.begin, result.end, bars, fine.firstWallMs());
            result.ms = double(timer.nsecsElapsed()) / 1e6;
            return result;
        },
        [this, generation](const Result& result) { finishJob(generation, result); });
}

void TimelineModel::finishJob(quint64 generation, const Result& result)
{
    Q_ASSERT(QThread::currentThread() == thread());
    m_jobRunning = false;
    if (generation == m_generation) {
        m_cache = result.cache;
        m_lastJobMs = result.ms;
        const bool current = result.axis == m_axis && result.zoomed == m_zoomed
            && (!m_zoomed || (result.begin == m_visibleBegin && result.end == m_visibleEnd));
        if (current) {
            m_buckets = result.buckets;
            m_maxDensity = 0;
            for (const TimelineBucket& bucket : m_buckets)
                m_maxDensity = std::max(m_maxDensity, double(bucket.total) / double(bucket.end - bucket.begin));
            if (!m_zoomed)
                setVisible(result.begin, result.end);
            Q_EMIT bucketsChanged();
        }
        const auto history = m_document->history();
        if (!current || (history && m_cache && m_cache->covered() < history->size()))
            m_pending = true;
    }
    if (m_pending)
        startJob();
}

void TimelineModel::setVisible(std::int64_t begin, std::int64_t end)
{
    if (begin == m_visibleBegin && end == m_visibleEnd)
        return;
    m_visibleBegin = begin;
    m_visibleEnd = end;
    Q_EMIT rangeChanged();
}

void TimelineModel::setAxis(TimelineAxis axis)
{
    if (axis == m_axis)
        return;
    std::int64_t begin = 0;
    std::int64_t end = 0;
    if (m_zoomed) {
        // The same entries stay in view.
        const auto [first, last] = positionsIn(m_visibleBegin, m_visibleEnd);
        m_axis = axis;
        if (last > first) {
            begin = axisValue(first);
            end = axisValue(last - 1) + 1;
            if (axis == TimelineAxis::Time) {
                const auto history = m_document->history();
                end = history->view().index().runningMaxWallMs(std::size_t(last - 1)) + 1;
            }
        }
    }
    m_axis = axis;
    m_buckets.clear();
    m_maxDensity = 0;
    if (m_zoomed && end > begin) {
        m_visibleBegin = begin;
        m_visibleEnd = end;
    } else {
        m_zoomed = false;
        m_visibleBegin = fullBegin();
        m_visibleEnd = fullEnd();
    }
    Q_EMIT rangeChanged();
    Q_EMIT bucketsChanged();
    schedule();
}

void TimelineModel::setBucketCount(int count)
{
    count = std::max(1, count);
    if (count == m_bucketCount)
        return;
    m_bucketCount = count;
    schedule();
}

std::int64_t TimelineModel::fullBegin() const
{
    return m_cache ? m_cache->fullBegin(m_axis) : 0;
}

std::int64_t TimelineModel::fullEnd() const
{
    return m_cache ? m_cache->fullEnd(m_axis) : 0;
}

std::int64_t TimelineModel::visibleBegin() const
{
    return m_visibleBegin;
}

std::int64_t TimelineModel::visibleEnd() const
{
    return m_visibleEnd;
}

std::int64_t TimelineModel::countedEntries() const
{
    return m_cache ? std::int64_t(m_cache->covered()) : 0;
}

void TimelineModel::zoomTo(std::int64_t begin, std::int64_t end)
{
    if (end < begin)
        std::swap(begin, end);
    begin = std::max(begin, fullBegin());
    end = std::min(end, fullEnd());
    if (end <= begin)
        end = begin + 1;
    if (begin <= fullBegin() && end >= fullEnd()) {
        zoomOut();
        return;
    }
    m_zoomed = true;
    setVisible(begin, end);
    schedule();
}

void TimelineModel::zoomOut()
{
    const bool changed = m_zoomed;
    m_zoomed = false;
    setVisible(fullBegin(), fullEnd());
    if (changed)
        schedule();
}

void TimelineModel::pan(std::int64_t delta)
{
    if (!m_zoomed || delta == 0)
        return;
    const std::int64_t length = m_visibleEnd - m_visibleBegin;
    const std::int64_t begin
        = std::clamp(m_visibleBegin + delta, fullBegin(), std::max(fullBegin(), fullEnd() - length));
    if (begin == m_visibleBegin)
        return;
    setVisible(begin, begin + length);
    schedule();
}

void TimelineModel::zoomAround(std::int64_t anchor, double factor)
{
    const double begin = double(anchor) - double(anchor - m_visibleBegin) * factor;
    const double end = double(anchor) + double(m_visibleEnd - anchor) * factor;
    zoomTo(std::int64_t(std::floor(begin)), std::int64_t(std::ceil(end)));
}

std::optional<EventType> TimelineModel::markerEventType(MarkerKind kind)
{
    switch (kind) {
    case MarkerKind::Suspension:
        return EventType::TenantSuspended;
    case MarkerKind::PaymentFailure:
        return EventType::BillingPaymentFailed;
    case MarkerKind::LimitBreach:
        return EventType::LimitsExceeded;
    case MarkerKind::Restart:
        break;
    }
    return std::nullopt;
}

std::uint32_t TimelineModel::markerCount(const TimelineBucket& bucket, MarkerKind kind)
{
    const auto type = markerEventType(kind);
    return type ? bucket.count(*type) : 0;
}

void TimelineModel::addRestartMarker(std::int64_t sequence)
{
    m_restarts.insert(std::upper_bound(m_restarts.begin(), m_restarts.end(), sequence), sequence);
    Q_EMIT markersChanged();
}

void TimelineModel::clearRestartMarkers()
{
    if (m_restarts.empty())
        return;
    m_restarts.clear();
    Q_EMIT markersChanged();
}

std::int64_t TimelineModel::entryCount() const
{
    const auto history = m_document->history();
    return history ? std::int64_t(history->size()) : 0;
}

std::int64_t TimelineModel::sequenceAt(std::int64_t position) const
{
    const auto history = m_document->history();
    return history ? history->view().index().sequence(std::size_t(position)) : 0;
}

std::int64_t TimelineModel::wallMsAt(std::int64_t position) const
{
    const auto history = m_document->history();
    return history ? history->view().index().wallMs(std::size_t(position)) : 0;
}

std::int64_t TimelineModel::axisValue(std::int64_t position) const
{
    if (m_axis == TimelineAxis::Sequence)
        return position;
    return std::max(wallMsAt(position), fullBegin());
}

std::int64_t TimelineModel::positionAt(std::int64_t value) const
{
    const std::int64_t size = entryCount();
    if (m_axis == TimelineAxis::Sequence)
        return std::clamp<std::int64_t>(value, -1, size - 1);
    const auto history = m_document->history();
    if (!history)
        return -1;
    return std::int64_t(history->view().index().prefixUpToTime(value)) - 1;
}

std::pair<std::int64_t, std::int64_t> TimelineModel::positionsIn(std::int64_t begin, std::int64_t end) const
{
    const std::int64_t size = entryCount();
    if (m_axis == TimelineAxis::Sequence)
        return { std::clamp<std::int64_t>(begin, 0, size), std::clamp<std::int64_t>(end, 0, size) };
    return { positionAt(begin - 1) + 1, positionAt(end - 1) + 1 };
}

std::optional<std::int64_t> TimelineModel::nextOfTenant(std::int64_t from, const QString& tenantId, bool forward) const
{
    const auto history = m_document->history();
    if (!history || tenantId.isEmpty())
        return std::nullopt;
    const auto view = history->view();
    const platform::Str tenant = view.find(tenantId.toStdString());
    if (!tenant.id)
        return std::nullopt;
    const auto positions = view.index().tenantPositions(tenant);
    if (forward) {
        const auto it = std::upper_bound(positions.begin(), positions.end(), from,
            [](std::int64_t value, std::uint32_t p) { return value < std::int64_t(p); });
        return it == positions.end() ? std::nullopt : std::optional<std::int64_t>(*it);
    }
    const auto it = std::lower_bound(positions.begin(), positions.end(), from,
        [](std::uint32_t p, std::int64_t value) { return std::int64_t(p) < value; });
    return it == positions.begin() ? std::nullopt : std::optional<std::int64_t>(*(it - 1));
}

std::optional<std::int64_t> TimelineModel::nextOfType(std::int64_t from, EventType type, bool forward) const
{
    const auto history = m_document->history();
    if (!history)
        return std::nullopt;
    const auto view = history->view();
    const auto& index = view.index();
    const std::int64_t size = std::int64_t(index.size());
    // Fine bins without the type are skipped whole.
    const std::int64_t covered = m_cache ? std::int64_t(m_cache->covered()) : 0;
    const std::int64_t width = m_cache ? m_cache->positionBinWidth() : 1;
    const auto binHas = [this, type, width](std::int64_t p) {
        return m_cache->positionBin(std::size_t(p / width))[std::size_t(type)] != 0;
    };
    if (forward) {
        for (std::int64_t p = std::max<std::int64_t>(from + 1, 0); p < size;) {
            if (p < covered && !binHas(p)) {
                p = (p / width + 1) * width;
                continue;
            }
            if (index.type(std::size_t(p)) == type)
                return p;
            ++p;
        }
        return std::nullopt;
    }
    for (std::int64_t p = std::min(from - 1, size - 1); p >= 0;) {
        if (p < covered && !binHas(p)) {
            p = (p / width) * width - 1;
            continue;
        }
        if (index.type(std::size_t(p)) == type)
            return p;
        --p;
    }
    return std::nullopt;
}

} // namespace cd::models
