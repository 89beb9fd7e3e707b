#pragma once

#include <QSqlQueryModel>
#include <QStringList>
#include <QVariant>

namespace cd::models {

// The rows of one SQL console query: a QSqlQueryModel over the query's
// result file (see SqlConsoleSession), so it fetches lazily (fetchMore, 256
// rows at a time) from a small local file on the GUI thread's own
// connection. Columns come from the statement, so there is no fixed Column
// enum; the header shows the statement's own column names (they may repeat).
class SqlResultModel : public QSqlQueryModel {
    Q_OBJECT
public:
    enum Role {
        SortRole = Qt::UserRole, // the value as SQLite returned it
        IsNullRole, // bool: SQL NULL (Qt::DisplayRole is then an invalid QVariant)
    };

    explicit SqlResultModel(QObject* parent = nullptr);

    // Shows "SELECT * FROM result ORDER BY rowid" on connection (a reset),
    // the header named by columns. False with the driver's error text.
    bool showResult(const QString& connection, const QStringList& columns, QString* error = nullptr);
    // No query, no columns; the connection is no longer used.
    void clear() override;

    const QStringList& columns() const { return m_columns; }
    // A fetched row's value (invalid beyond rowCount()).
    QVariant value(int row, int column) const;

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    // QSqlQueryModel announces fetched rows before it counts them: a slot on
    // rowsAboutToBeInserted that fetched again would insert the same rows
    // twice. Not while a fetch is running, and not from a slot on the
    // modelReset that setQuery emits (other slots on it would see rows
    // inserted before they heard of the reset); views fetch after it.
    bool canFetchMore(const QModelIndex& parent = {}) const override;
    void fetchMore(const QModelIndex& parent = {}) override;

private:
    QStringList m_columns;
    bool m_fetching = false;
    bool m_settingQuery = false; // inside setQuery
    bool m_queryFetched = false; // setQuery's own first fetch done
};

} // namespace cd::models
