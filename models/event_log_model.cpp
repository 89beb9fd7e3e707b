#include "models/event_log_model.h"

#include "models/background.h"
#include "models/entry_text.h"
#include "models/journal_document.h"

#include "engine/history/history.h"
#include "engine/platform/string_pool.h"

#include <QThread>

#include <algorithm>

namespace cd::models {

EventLogModel::EventLogModel(JournalDocument* document, QObject* parent)
    : QAbstractTableModel(parent)
    , m_document(document)
{
    connect(document, &JournalDocument::opened, this, &EventLogModel::reload);
    connect(document, &JournalDocument::closed, this, &EventLogModel::reload);
    connect(document, &JournalDocument::historyGrew, this, &EventLogModel::onHistoryGrew);
    connect(document, &JournalDocument::ready, this, &EventLogModel::onHistoryGrew);
    connect(document, &JournalDocument::cursorChanged, this, &EventLogModel::onCursorChanged);
    reload();
}

EventLogModel::~EventLogModel()
{
    if (m_job)
        m_job->cancel->store(true);
}

std::size_t EventLogModel::indexSize() const
{
    return m_history ? m_history->size() : 0;
}

void EventLogModel::reload()
{
    if (m_job)
        m_job->cancel->store(true);
    m_job.reset();
    ++m_generation;
    beginResetModel();
    m_history = m_document->history();
    m_positions.clear();
    m_scannedUpTo = 0;
    m_filtered = !m_filter.isEmpty();
    m_rows = 0; // growRows() shows the first pass's rows
    m_cursorPosition = m_document->cursorPosition();
    endResetModel();
    if (m_filtered && m_history)
        startJob(0, indexSize(), true);
    growRows();
}

std::size_t EventLogModel::available() const
{
    if (m_filtered)
        return m_positions.size();
    return m_filter.isEmpty() ? indexSize() : 0;
}

void EventLogModel::growRows()
{
    const std::size_t target = available();
    if (target <= m_rows)
        return;
    const int cursorRowBefore = cursorRow();
    const std::size_t first = m_rows;
    const std::size_t count = std::min(target - m_rows, m_rowsPerPass);
    beginInsertRows({}, int(first), int(first + count) - 1);
    m_rows += count;
    endInsertRows();
    if (cursorRow() != cursorRowBefore)
        Q_EMIT cursorRowChanged(cursorRow()); // it was past the rows shown
    if (m_rows < target && !m_growScheduled) {
        m_growScheduled = true;
        QMetaObject::invokeMethod(
            this,
            [this] {
                m_growScheduled = false;
                growRows();
            },
            Qt::QueuedConnection);
    }
}

void EventLogModel::setFilter(const EventLogFilter& filter)
{
    if (filter == m_filter)
        return;
    m_filter = filter;
    if (m_job)
        m_job->cancel->store(true);
    m_job.reset();
    ++m_generation;
    if (m_filter.isEmpty() || !m_history) {
        beginResetModel();
        m_filtered = false;
        m_positions = {};
        m_rows = 0;
        endResetModel();
        growRows();
        Q_EMIT filterFinished();
        return;
    }
    // The old rows stay until the new list is ready.
    startJob(0, indexSize(), true);
}

void EventLogModel::startJob(std::size_t begin, std::size_t end, bool replace)
{
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    const quint64 generation = ++m_generation;
    m_job = std::make_unique<Job>(Job { cancel, generation });
    const std::shared_ptr<const history::History> history = m_history;
    const EventLogFilter filter = m_filter;
    runInBackground(
        this,
        [history, filter, begin, end, cancel] { return filterPositions(*history, filter, begin, end, cancel.get()); },
        [this, generation, end, replace](std::vector<std::uint32_t> positions) {
            Q_ASSERT(QThread::currentThread() == thread());
            if (generation != m_generation)
                return;
            m_job.reset();
            if (replace) {
                beginResetModel();
                m_filtered = true;
                m_positions = std::move(positions);
                m_rows = 0;
                endResetModel();
            } else {
                m_positions.insert(m_positions.end(), positions.begin(), positions.end());
            }
            growRows();
            m_scannedUpTo = end;
            Q_EMIT filterFinished();
            if (m_scannedUpTo < indexSize())
                startJob(m_scannedUpTo, indexSize(), false);
        });
}

void EventLogModel::onHistoryGrew()
{
    if (m_history != m_document->history()) {
        reload();
        return;
    }
    const std::size_t size = indexSize();
    if (!m_filtered) {
        growRows();
        return;
    }
    if (!m_job && size > m_scannedUpTo)
        startJob(m_scannedUpTo, size, false);
}

void EventLogModel::onCursorChanged()
{
    const std::int64_t previous = m_cursorPosition;
    m_cursorPosition = m_document->cursorPosition();
    const int oldRow = rowForPosition(previous);
    const int newRow = rowForPosition(m_cursorPosition);
    // Rows between the two cursors changed sides (FutureRole); a view
    // repaints what it shows of the range, whatever its size.
    const int first = std::max(0, std::min(oldRow, newRow));
    const int last = std::max(oldRow, newRow);
    if (last >= 0 && rowCount() > 0)
        Q_EMIT dataChanged(index(first, 0), index(std::min(last, rowCount() - 1), ColumnCount - 1));
    Q_EMIT cursorRowChanged(newRow);
}

int EventLogModel::rowCount(const QModelIndex& parent) const
{
    if (parent.isValid())
        return 0;
    return int(m_rows);
}

int EventLogModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

std::int64_t EventLogModel::positionAt(int row) const
{
    if (row < 0 || row >= rowCount())
        return -1;
    return m_filtered ? std::int64_t(m_positions[std::size_t(row)]) : row;
}

int EventLogModel::rowForPosition(std::int64_t position) const
{
    if (position < 0 || rowCount() == 0)
        return -1;
    if (!m_filtered)
        return int(std::min<std::int64_t>(position, std::int64_t(m_rows) - 1));
    const auto shown = m_positions.begin() + std::ptrdiff_t(m_rows);
    const auto it = std::upper_bound(m_positions.begin(), shown, std::uint64_t(position));
    return int(it - m_positions.begin()) - 1;
}

QVariant EventLogModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || !m_history)
        return {};
    const std::int64_t position = positionAt(index.row());
    switch (role) {
    case PositionRole:
        return qint64(position);
    case IsCursorRole:
        return position == m_cursorPosition;
    case FutureRole:
        return position > m_cursorPosition;
    case Qt::DisplayRole:
    case SortRole:
    case SequenceRole:
    case WallMsRole:
    case TenantRole:
    case TypeRole:
        break;
    default:
        return {};
    }
    const auto view = m_history->view();
    const auto& entries = view.index();
    if (std::size_t(position) >= entries.size())
        return {};
    const auto p = std::size_t(position);
    switch (role) {
    case SortRole:
    case SequenceRole:
        return qint64(entries.sequence(p));
    case WallMsRole:
        return qint64(entries.wallMs(p));
    case TypeRole:
        return int(entries.type(p));
    case TenantRole: {
        const auto tenant = view.pool().view(entries.packed(p).tenantId());
        return QString::fromUtf8(tenant.data(), qsizetype(tenant.size()));
    }
    default:
        break;
    }
    switch (Column(index.column())) {
    case SequenceColumn:
        return qint64(entries.sequence(p));
    case TimeColumn:
        return wallTimeText(entries.wallMs(p));
    case TenantColumn: {
        const auto tenant = view.pool().view(entries.packed(p).tenantId());
        return QString::fromUtf8(tenant.data(), qsizetype(tenant.size()));
    }
    case TypeColumn:
        return eventTypeText(entries.type(p));
    case SummaryColumn:
        return eventSummary(entries.event(p), view.pool());
    case ColumnCount:
        break;
    }
    return {};
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case SequenceColumn:
        return tr("Seq");
    case TimeColumn:
        return tr("Time (UTC)");
    case TenantColumn:
        return tr("Tenant");
    case TypeColumn:
        return tr("Type");
    case SummaryColumn:
        return tr("Summary");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace cd::models
