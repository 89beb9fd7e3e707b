#include "models/chart_model.h"

#include "models/background.h"
#include "models/chart_event_rate.h"
#include "models/chart_payments.h"
#include "models/chart_usage.h"
#include "models/journal_document.h"

#include <QFuture>
#include <QThread>

#include <string>

namespace cd::models {

namespace {

ChartSnapshot::Source sourceOf(const JournalDocument* document)
{
    if (!document)
        return ChartSnapshot::Source::NoJournal;
    switch (document->status()) {
    case JournalDocument::Status::Empty:
        return ChartSnapshot::Source::NoJournal;
    case JournalDocument::Status::Indexing:
        return ChartSnapshot::Source::Indexing;
    case JournalDocument::Status::Failed:
        return ChartSnapshot::Source::Failed;
    case JournalDocument::Status::Ready:
        return ChartSnapshot::Source::Ready;
    }
    return ChartSnapshot::Source::NoJournal;
}

// The job: a function of copied inputs and a cancel flag. Null when cancelled.
std::shared_ptr<const ChartSnapshot> computeSnapshot(const std::shared_ptr<const history::History>& history,
    const QString& tenant, const std::shared_ptr<std::atomic<bool>>& cancel)
{
    auto snapshot = std::make_shared<ChartSnapshot>();
    snapshot->source = ChartSnapshot::Source::Ready;
    snapshot->tenant = tenant;
    const std::string id = tenant.toStdString();
    const history::History::View view = history->view();
    snapshot->entries = view.index().size();
    if (id.empty()) {
        snapshot->payments = computePlatformPayments(view, cancel.get());
        snapshot->rate = computePlatformEventRate(view);
    } else {
        snapshot->usage = computeUsageChart(view, id);
        snapshot->payments = computeTenantPayments(view, id);
        snapshot->rate = computeTenantEventRate(view, id);
    }
    if (cancel->load())
        return nullptr;
    return snapshot;
}

} // namespace

ChartModel::ChartModel(JournalDocument* document, QObject* parent)
    : QObject(parent)
    , m_document(document)
{
    resetForDocument();
    if (!document)
        return;
    connect(document, &JournalDocument::opened, this, [this] {
        invalidate();
        resetForDocument();
        updateCursor();
    });
    connect(document, &JournalDocument::ready, this, [this] { requestUpdate(); });
    connect(document, &JournalDocument::failed, this, [this] {
        invalidate();
        resetForDocument();
    });
    connect(document, &JournalDocument::closed, this, [this] {
        invalidate();
        resetForDocument();
        updateCursor();
    });
    connect(document, &JournalDocument::historyGrew, this, [this] {
        // While indexing the index is still growing: charts wait for ready()
        // rather than hold the read lock against the indexer.
        if (m_document->status() == JournalDocument::Status::Ready)
            requestUpdate();
    });
    connect(document, &JournalDocument::selectedTenantChanged, this, [this] {
        invalidate();
        requestUpdate();
    });
    connect(document, &JournalDocument::cursorChanged, this, [this] { updateCursor(); });
    updateCursor();
    requestUpdate();
}

ChartModel::~ChartModel()
{
    if (m_cancel)
        m_cancel->store(true);
}

JournalDocument* ChartModel::document() const
{
    return m_document;
}

std::shared_ptr<const ChartSnapshot> ChartModel::snapshot() const
{
    return m_snapshot;
}

std::optional<std::int64_t> ChartModel::cursorWallMs() const
{
    return m_cursorWallMs;
}

bool ChartModel::isComputing() const
{
    return m_computing;
}

bool ChartModel::isActive() const
{
    return m_active;
}

void ChartModel::setActive(bool active)
{
    if (m_active == active)
        return;
    m_active = active;
    if (m_active && m_dirty)
        requestUpdate();
}

void ChartModel::resetForDocument()
{
    auto snapshot = std::make_shared<ChartSnapshot>();
    snapshot->source = sourceOf(m_document);
    if (m_document)
        snapshot->tenant = m_document->selectedTenant();
    m_snapshot = std::move(snapshot);
    Q_EMIT snapshotChanged();
}

void ChartModel::invalidate()
{
    ++m_generation;
    if (m_cancel)
        m_cancel->store(true);
}

void ChartModel::requestUpdate()
{
    m_dirty = true;
    if (!m_active || m_running || !m_document || m_document->status() != JournalDocument::Status::Ready)
        return;
    startJob();
}

void ChartModel::startJob()
{
    m_dirty = false;
    m_running = true;
    setComputing(true);
    const quint64 generation = m_generation;
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    const std::shared_ptr<const history::History> history = m_document->history();
    const QString tenant = m_document->selectedTenant();
    const std::shared_ptr<std::atomic<bool>> cancel = m_cancel;
    runInBackground(
        this, [history, tenant, cancel] { return computeSnapshot(history, tenant, cancel); },
        [this, generation](std::shared_ptr<const ChartSnapshot> snapshot) {
            Q_ASSERT(QThread::currentThread() == thread());
            m_running = false;
            if (snapshot && generation == m_generation)
                commit(std::move(snapshot));
            if (m_dirty && m_active && m_document && m_document->status() == JournalDocument::Status::Ready)
                startJob();
            else
                setComputing(false);
        });
}

void ChartModel::commit(std::shared_ptr<const ChartSnapshot> snapshot)
{
    m_snapshot = std::move(snapshot);
    Q_EMIT snapshotChanged();
}

void ChartModel::updateCursor()
{
    std::optional<std::int64_t> wallMs;
    if (m_document && m_document->cursorPosition() >= 0) {
        if (const auto history = m_document->history()) {
            const history::History::View view = history->view();
            const auto position = std::size_t(m_document->cursorPosition());
            if (position < view.index().size())
                wallMs = view.index().wallMs(position);
        }
    }
    if (wallMs == m_cursorWallMs)
        return;
    m_cursorWallMs = wallMs;
    Q_EMIT cursorWallChanged();
}

void ChartModel::setComputing(bool computing)
{
    if (m_computing == computing)
        return;
    m_computing = computing;
    Q_EMIT computingChanged(computing);
}

} // namespace cd::models
