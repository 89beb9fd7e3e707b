#pragma once

#include <QAbstractTableModel>

namespace cd::models {

// A page of a flat table model: rows [offset, offset + size) of the source
// are this model's rows 0, 1, ... A view over it holds a screenful of rows,
// not the source's millions: QHeaderView keeps a record per row and walks
// all of them after every change (10M rows: about 80 ms each time the rows
// grow, 0.45 s to set the model). ui::WindowedTable moves the page as its
// scroll bar moves.
//
// Source changes inside the page show as changes of this model's rows
// (dataChanged, or rows added or removed at the page's end); changes beyond
// it only move sourceRowCount(). A source reset resets this model, keeping
// the offset where the source's rows allow.
class RowWindowModel : public QAbstractTableModel {
    Q_OBJECT
public:
    explicit RowWindowModel(QAbstractItemModel* source, QObject* parent = nullptr);

    QAbstractItemModel* sourceModel() const { return m_source; }
    int offset() const { return m_offset; }
    int pageSize() const { return m_size; }
    int sourceRowCount() const;

    // Shows rows [offset, offset + size) of the source (fewer at its end).
    // offset is clamped to the source's rows; changed rows are announced.
    void setPage(int offset, int size);

    // The source row of row; -1 when out of range.
    int sourceRow(int row) const;
    // The row that shows sourceRow; -1 when the page does not hold it.
    int pageRow(int sourceRow) const;
    QModelIndex mapToSource(const QModelIndex& index) const;
    QModelIndex mapFromSource(const QModelIndex& sourceIndex) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

Q_SIGNALS:
    // The source has a different number of rows.
    void sourceRowCountChanged(int rows);

private:
    int shownRows() const; // rows the page holds for the current offset and size
    int clampedOffset(int offset) const;
    // Brings the rows to the page's content after a change in the source,
    // announcing first..last (page rows) as changed.
    void refresh(int firstChanged, int lastChanged);
    void onSourceRowsChanged(int first);
    void onSourceReset();
    void onSourceDestroyed();

    QAbstractItemModel* m_source; // null once it is gone
    int m_offset = 0;
    int m_size = 1;
    int m_rows = 0; // rows announced to views
    int m_columns = 0;
    int m_sourceRows = 0;
    bool m_resetting = false;
};

} // namespace cd::models
