#include "models/row_window_model.h"

#include <algorithm>
#include <climits>

namespace cd::models {

RowWindowModel::RowWindowModel(QAbstractItemModel* source, QObject* parent)
    : QAbstractTableModel(parent)
    , m_source(source)
    , m_columns(source->columnCount())
    , m_sourceRows(source->rowCount())
{
    m_rows = shownRows();
    connect(source, &QAbstractItemModel::modelAboutToBeReset, this, [this] {
        m_resetting = true;
        beginResetModel();
    });
    connect(source, &QAbstractItemModel::modelReset, this, &RowWindowModel::onSourceReset);
    connect(source, &QAbstractItemModel::rowsInserted, this,
        [this](const QModelIndex& under, int first) { onSourceRowsChanged(under.isValid() ? INT_MAX : first); });
    connect(source, &QAbstractItemModel::rowsRemoved, this,
        [this](const QModelIndex& under, int first) { onSourceRowsChanged(under.isValid() ? INT_MAX : first); });
    connect(source, &QObject::destroyed, this, &RowWindowModel::onSourceDestroyed);
    connect(source, &QAbstractItemModel::rowsMoved, this, [this] { onSourceRowsChanged(0); });
    connect(source, &QAbstractItemModel::layoutChanged, this, [this] { onSourceRowsChanged(0); });
    // Other columns: everything a view knows of this model changes.
    const auto columnsChanged = [this] {
        beginResetModel();
        m_resetting = true;
        onSourceReset();
    };
    connect(source, &QAbstractItemModel::columnsInserted, this, columnsChanged);
    connect(source, &QAbstractItemModel::columnsRemoved, this, columnsChanged);
    connect(source, &QAbstractItemModel::columnsMoved, this, columnsChanged);
    connect(source, &QAbstractItemModel::dataChanged, this,
        [this](const QModelIndex& topLeft, const QModelIndex& bottomRight, const QList<int>& roles) {
            if (topLeft.parent().isValid() || m_rows == 0)
                return;
            const int first = std::max(topLeft.row(), m_offset) - m_offset;
            const int last = std::min(bottomRight.row(), m_offset + m_rows - 1) - m_offset;
            if (first <= last)
                Q_EMIT dataChanged(index(first, topLeft.column()), index(last, bottomRight.column()), roles);
        });
    connect(
        source, &QAbstractItemModel::headerDataChanged, this, [this](Qt::Orientation orientation, int first, int last) {
            if (orientation == Qt::Horizontal)
                Q_EMIT headerDataChanged(orientation, first, last);
        });
}

int RowWindowModel::sourceRowCount() const
{
    return m_sourceRows;
}

int RowWindowModel::shownRows() const
{
    return std::clamp(m_sourceRows - m_offset, 0, m_size);
}

int RowWindowModel::clampedOffset(int offset) const
{
    return std::clamp(offset, 0, std::max(0, m_sourceRows - 1));
}

void RowWindowModel::setPage(int offset, int size)
{
    size = std::max(1, size);
    offset = clampedOffset(offset);
    if (offset == m_offset && size == m_size)
        return;
    m_offset = offset;
    m_size = size;
    refresh(0, INT_MAX);
}

void RowWindowModel::refresh(int firstChanged, int lastChanged)
{
    const int rows = shownRows();
    if (rows > m_rows) {
        beginInsertRows({}, m_rows, rows - 1);
        m_rows = rows;
        endInsertRows();
    } else if (rows < m_rows) {
        beginRemoveRows({}, rows, m_rows - 1);
        m_rows = rows;
        endRemoveRows();
    }
    const int first = std::max(firstChanged, 0);
    const int last = std::min(lastChanged, m_rows - 1);
    if (first <= last && m_columns > 0)
        Q_EMIT dataChanged(index(first, 0), index(last, m_columns - 1));
}

void RowWindowModel::onSourceRowsChanged(int first)
{
    const int before = m_sourceRows;
    m_sourceRows = m_source->rowCount();
    const int offset = clampedOffset(m_offset);
    if (offset != m_offset) {
        m_offset = offset;
        first = 0;
    }
    // Rows changed from source row first on: page rows from first - offset.
    refresh(first == INT_MAX ? INT_MAX : first - m_offset, INT_MAX);
    if (m_sourceRows != before)
        Q_EMIT sourceRowCountChanged(m_sourceRows);
}

void RowWindowModel::onSourceReset()
{
    const int before = m_sourceRows;
    m_columns = m_source->columnCount();
    m_sourceRows = m_source->rowCount();
    m_offset = clampedOffset(m_offset);
    m_rows = shownRows();
    if (m_resetting) {
        m_resetting = false;
        endResetModel();
    }
    if (m_sourceRows != before)
        Q_EMIT sourceRowCountChanged(m_sourceRows);
}

void RowWindowModel::onSourceDestroyed()
{
    beginResetModel();
    m_source = nullptr;
    m_sourceRows = 0;
    m_columns = 0;
    m_offset = 0;
    m_rows = 0;
    endResetModel();
}

int RowWindowModel::sourceRow(int row) const
{
    return row >= 0 && row < m_rows ? m_offset + row : -1;
}

int RowWindowModel::pageRow(int sourceRow) const
{
    return sourceRow >= m_offset && sourceRow < m_offset + m_rows ? sourceRow - m_offset : -1;
}

QModelIndex RowWindowModel::mapToSource(const QModelIndex& index) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || !m_source)
        return {};
    return m_source->index(m_offset + index.row(), index.column());
}

QModelIndex RowWindowModel::mapFromSource(const QModelIndex& sourceIndex) const
{
    if (!sourceIndex.isValid() || sourceIndex.model() != m_source || sourceIndex.parent().isValid())
        return {};
    const int row = pageRow(sourceIndex.row());
    return row < 0 ? QModelIndex() : index(row, sourceIndex.column());
}

int RowWindowModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int RowWindowModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_columns;
}

QVariant RowWindowModel::data(const QModelIndex& index, int role) const
{
    const QModelIndex source = mapToSource(index);
    return source.isValid() ? source.data(role) : QVariant();
}

QVariant RowWindowModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (!m_source)
        return {};
    if (orientation == Qt::Vertical)
        return m_source->headerData(m_offset + section, orientation, role);
    return m_source->headerData(section, orientation, role);
}

Qt::ItemFlags RowWindowModel::flags(const QModelIndex& index) const
{
    const QModelIndex source = mapToSource(index);
    return source.isValid() ? source.flags() : Qt::NoItemFlags;
}

} // namespace cd::models
