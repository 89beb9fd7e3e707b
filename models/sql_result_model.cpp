#include "models/sql_result_model.h"

namespace cd::models {

SqlResultModel::SqlResultModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

void SqlResultModel::start(const QStringList& columns)
{
    beginResetModel();
    m_columns = columns;
    m_values.clear();
    m_rows = 0;
    endResetModel();
}

void SqlResultModel::clear()
{
    start({});
}

void SqlResultModel::appendRows(const QList<QVariant>& values)
{
    const auto columns = m_columns.size();
    if (columns == 0 || values.size() < columns)
        return;
    // Only whole rows: a short tail would misalign every later row.
    const int added = static_cast<int>(values.size() / columns);
    beginInsertRows({}, m_rows, m_rows + added - 1);
    m_values.append(values.first(static_cast<qsizetype>(added) * columns));
    m_rows += added;
    endInsertRows();
}

QVariant SqlResultModel::value(int row, int column) const
{
    if (row < 0 || row >= m_rows || column < 0 || column >= m_columns.size())
        return {};
    return m_values.at(static_cast<qsizetype>(row) * m_columns.size() + column);
}

int SqlResultModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int SqlResultModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_columns.size());
}

QVariant SqlResultModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QVariant& v = m_values.at(static_cast<qsizetype>(index.row()) * m_columns.size() + index.column());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
    case SortRole:
        return v.isNull() ? QVariant() : v;
    case IsNullRole:
        return v.isNull();
    default:
        return {};
    }
}

QVariant SqlResultModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Horizontal)
        return section >= 0 && section < m_columns.size() ? QVariant(m_columns.at(section)) : QVariant();
    return section + 1;
}

} // namespace cd::models
