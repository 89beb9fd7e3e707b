#pragma once

#include <QAbstractTableModel>
#include <QList>
#include <QStringList>
#include <QVariant>

namespace cd::models {

// The rows of one SQL console query, filled page by page from the worker
// (the rows are plain values; the connection stays on its thread). Columns
// come from the statement, so there is no fixed Column enum. Values are
// stored row-major in one list: no object per row.
class SqlResultModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Role {
        SortRole = Qt::UserRole, // the value as SQLite returned it
        IsNullRole, // bool: SQL NULL (Qt::DisplayRole is then an invalid QVariant)
    };

    explicit SqlResultModel(QObject* parent = nullptr);

    // A new result: no rows, these columns (a reset).
    void start(const QStringList& columns);
    // Appends whole rows (row-major, columnCount() values each).
    void appendRows(const QList<QVariant>& values);
    void clear();

    const QStringList& columns() const { return m_columns; }
    QVariant value(int row, int column) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QStringList m_columns;
    QList<QVariant> m_values;
    int m_rows = 0;
};

} // namespace cd::models
