#include "models/audit_model.h"

#include "models/entry_text.h"
#include "models/entry_text_cache.h"
#include "models/journal_document.h"

#include "engine/history/history.h"
#include "engine/platform/string_pool.h"

#include <algorithm>

namespace cd::models {

AuditModel::AuditModel(JournalDocument* document, QObject* parent)
    : QAbstractTableModel(parent)
    , m_document(document)
    , m_cache(new EntryTextCache(document, this))
{
    connect(document, &JournalDocument::opened, this, &AuditModel::reload);
    connect(document, &JournalDocument::closed, this, &AuditModel::reload);
    connect(document, &JournalDocument::selectedTenantChanged, this, &AuditModel::reload);
    connect(document, &JournalDocument::historyGrew, this, &AuditModel::onHistoryGrew);
    connect(document, &JournalDocument::ready, this, &AuditModel::onHistoryGrew);
    connect(document, &JournalDocument::cursorChanged, this, &AuditModel::onCursorChanged);
    connect(m_cache, &EntryTextCache::fetched, this, &AuditModel::onFetched);
    reload();
}

AuditModel::~AuditModel() = default;

void AuditModel::reload()
{
    beginResetModel();
    m_history = m_document->history();
    m_tenantText = m_document->selectedTenant();
    m_tenant = {};
    m_rows = 0;
    if (m_history && !m_tenantText.isEmpty()) {
        const auto view = m_history->view();
        m_tenant = view.find(m_tenantText.toStdString());
        m_rows = view.index().tenantPositions(m_tenant).size();
    }
    m_cursorPosition = m_document->cursorPosition();
    m_cursorRow = computeCursorRow();
    endResetModel();
    Q_EMIT cursorRowChanged(m_cursorRow); // another tenant or journal: its own row
}

void AuditModel::onHistoryGrew()
{
    if (m_history != m_document->history() || (!m_tenant && !m_tenantText.isEmpty())) {
        reload(); // a new journal, or the tenant's first entry may have arrived
        return;
    }
    if (!m_history || !m_tenant)
        return;
    const std::size_t rows = m_history->view().index().tenantPositions(m_tenant).size();
    if (rows > m_rows) {
        beginInsertRows({}, int(m_rows), int(rows) - 1);
        m_rows = rows;
        endInsertRows();
        const int row = computeCursorRow();
        if (row != m_cursorRow) {
            m_cursorRow = row;
            Q_EMIT cursorRowChanged(m_cursorRow);
        }
    }
}

int AuditModel::computeCursorRow() const
{
    if (!m_history || m_rows == 0 || m_cursorPosition < 0)
        return -1;
    const auto view = m_history->view();
    const auto positions = view.index().tenantPositions(m_tenant).first(m_rows);
    const auto it = std::upper_bound(positions.begin(), positions.end(), std::uint64_t(m_cursorPosition));
    return int(it - positions.begin()) - 1;
}

void AuditModel::onCursorChanged()
{
    const int oldRow = m_cursorRow;
    m_cursorPosition = m_document->cursorPosition();
    m_cursorRow = computeCursorRow();
    // Rows between the two cursors changed sides (FutureRole); the rows of
    // both cursors may have lost or gained IsCursorRole.
    const int first = std::max(0, std::min(oldRow, m_cursorRow));
    const int last = std::min(std::max(oldRow, m_cursorRow), int(m_rows) - 1);
    if (m_rows > 0 && last >= first)
        Q_EMIT dataChanged(index(first, 0), index(last, ColumnCount - 1));
    Q_EMIT cursorRowChanged(m_cursorRow);
}

int AuditModel::rowOfSequence(std::int64_t sequence) const
{
    const auto view = m_history->view();
    const auto position = view.index().positionAtOrBefore(sequence);
    if (!position)
        return -1;
    const auto positions = view.index().tenantPositions(m_tenant).first(m_rows);
    const auto it = std::lower_bound(positions.begin(), positions.end(), std::uint32_t(*position));
    return it != positions.end() && *it == *position ? int(it - positions.begin()) : -1;
}

void AuditModel::onFetched(const QList<qint64>& sequences)
{
    if (!m_history || m_rows == 0)
        return;
    int first = int(m_rows);
    int last = -1;
    for (qint64 sequence : sequences) {
        const int row = rowOfSequence(sequence);
        if (row >= 0) {
            first = std::min(first, row);
            last = std::max(last, row);
        }
    }
    if (last >= 0)
        Q_EMIT dataChanged(index(first, DataColumn), index(last, DataColumn), { Qt::DisplayRole });
}

std::int64_t AuditModel::positionAt(int row) const
{
    if (!m_history || row < 0 || std::size_t(row) >= m_rows)
        return -1;
    return m_history->view().index().tenantPositions(m_tenant)[std::size_t(row)];
}

int AuditModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows);
}

int AuditModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AuditModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || !m_history)
        return {};
    if (role != Qt::DisplayRole && (role < SortRole || role > FutureRole))
        return {};
    const auto view = m_history->view();
    const auto* log = view.index().tenantLog(m_tenant);
    const auto row = std::size_t(index.row());
    if (!log || row >= log->positions.size())
        return {};
    const std::uint32_t position = log->positions[row];
    switch (role) {
    case PositionRole:
        return qint64(position);
    case SortRole:
    case SequenceRole:
        return qint64(view.index().sequence(position));
    case IsCursorRole:
        return std::int64_t(position) == m_cursorPosition;
    case FutureRole:
        return std::int64_t(position) > m_cursorPosition;
    default:
        break;
    }
    const auto& packed = view.index().logEvent(*log, row);
    switch (Column(index.column())) {
    case SequenceColumn:
        return qint64(view.index().sequence(position));
    case TimeColumn:
        return wallTimeText(view.index().wallMs(position));
    case TypeColumn:
        return eventTypeText(packed.eventType());
    case SummaryColumn:
        return eventSummary(view.index().unpack(packed), view.pool());
    case DataColumn: {
        // Read back from the file only for the rows a view shows.
        const platform::Entry* entry = m_cache->entryAt(position);
        if (!entry)
            return m_cache->errorText().isEmpty() ? QStringLiteral("\u2026") : tr("(unreadable)");
        return QString::fromStdString(entry->data);
    }
    case ColumnCount:
        break;
    }
    return {};
}

QVariant AuditModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case SequenceColumn:
        return tr("Seq");
    case TimeColumn:
        return tr("Time (UTC)");
    case TypeColumn:
        return tr("Type");
    case SummaryColumn:
        return tr("Summary");
    case DataColumn:
        return tr("Stored data");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace cd::models
