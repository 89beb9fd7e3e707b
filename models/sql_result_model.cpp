#include "models/sql_result_model.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

namespace cd::models {

SqlResultModel::SqlResultModel(QObject* parent)
    : QSqlQueryModel(parent)
{ }

bool SqlResultModel::showResult(const QString& connection, const QStringList& columns, QString* error)
{
    QSqlQuery query(QSqlDatabase::database(connection, false));
    // Not forward-only: the view scrolls back over fetched rows.
    if (!query.exec(QStringLiteral("SELECT * FROM result ORDER BY rowid"))) {
        if (error)
            *error = query.lastError().text();
        clear();
        return false;
    }
    // The names first: the reset setQuery makes already shows them.
    m_columns = columns;
    m_settingQuery = true;
    m_queryFetched = false;
    setQuery(std::move(query));
    m_settingQuery = false;
    return true;
}

void SqlResultModel::clear()
{
    m_columns.clear();
    QSqlQueryModel::clear();
    // QSqlQueryModel::clear keeps a query made by the old connection's
    // driver; the session removes that connection next, so hold none.
    setQuery(QSqlQuery());
}

QVariant SqlResultModel::value(int row, int column) const
{
    return data(index(row, column), SortRole);
}

QVariant SqlResultModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
    case SortRole: {
        const QVariant v = QSqlQueryModel::data(index, Qt::DisplayRole);
        return v.isNull() ? QVariant() : v;
    }
    case IsNullRole:
        return QSqlQueryModel::data(index, Qt::DisplayRole).isNull();
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

Qt::ItemFlags SqlResultModel::flags(const QModelIndex& index) const
{
    // Results are read-only: no EditRole, nothing to edit.
    return index.isValid() ? Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren : Qt::NoItemFlags;
}

bool SqlResultModel::canFetchMore(const QModelIndex& parent) const
{
    return !m_fetching && !(m_settingQuery && m_queryFetched) && QSqlQueryModel::canFetchMore(parent);
}

void SqlResultModel::fetchMore(const QModelIndex& parent)
{
    if (m_fetching || (m_settingQuery && m_queryFetched))
        return;
    m_queryFetched = m_settingQuery;
    m_fetching = true;
    QSqlQueryModel::fetchMore(parent);
    m_fetching = false;
}

} // namespace cd::models
