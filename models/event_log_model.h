#pragma once

#include "models/event_log_filter.h"

#include <QAbstractTableModel>

#include <algorithm>

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace cd::history {
class History;
}

namespace cd::models {

class JournalDocument;

// Every entry of the journal, lazily: with no filter a row is an index
// position (rowCount comes from the index, data() decodes only the rows a
// view asks for), so 10 million rows cost nothing until shown. A filter is
// computed off the GUI thread into a position list (4 bytes a row). Follows
// the document: rows are added as the history grows, the cursor's row is
// marked (IsCursorRole) and rows after it are FutureRole.
class EventLogModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { SequenceColumn, TimeColumn, TenantColumn, TypeColumn, SummaryColumn, ColumnCount };
    enum Role {
        SortRole = Qt::UserRole,
        PositionRole, // qint64 index position
        SequenceRole, // qint64
        WallMsRole, // qint64
        TenantRole, // QString
        TypeRole, // int (platform::EventType)
        IsCursorRole, // bool: the entry at the cursor
        FutureRole, // bool: after the cursor (not yet folded into the state shown)
    };

    explicit EventLogModel(JournalDocument* document, QObject* parent = nullptr);
    ~EventLogModel() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Replaces the filter; the rows change once the worker is done
    // (filterFinished). An empty filter applies at once.
    void setFilter(const EventLogFilter& filter);
    const EventLogFilter& filter() const { return m_filter; }
    // True while a filter job runs.
    bool isFiltering() const { return m_job != nullptr; }

    // The index position shown at row; -1 when out of range.
    std::int64_t positionAt(int row) const;
    // The row of position, or of the nearest shown entry before it; -1 when none.
    int rowForPosition(std::int64_t position) const;
    // The row of the cursor's entry (or the nearest before it); -1 when none.
    int cursorRow() const { return rowForPosition(m_cursorPosition); }

    // Rows a view is told of per event loop pass (tests lower it).
    void setRowsPerPass(std::size_t rows) { m_rowsPerPass = std::max<std::size_t>(1, rows); }
    // Rows there are but not shown yet (they come in the next passes).
    std::size_t rowsPending() const { return available() - std::min(available(), m_rows); }

Q_SIGNALS:
    void filterFinished();
    // The cursor moved; row is its new row (-1 when none).
    void cursorRowChanged(int row);

private:
    void reload();
    void onHistoryGrew();
    void onCursorChanged();
    void startJob(std::size_t begin, std::size_t end, bool replace);
    std::size_t indexSize() const;
    // Rows there are to show: the index's entries, or the filter's matches.
    std::size_t available() const;
    // Shows up to m_rowsPerPass more of available(), and the rest in later
    // event loop passes: a plain view's header takes every row it is told
    // of at once (10M rows: a third of a second on the GUI thread). The
    // event log panel's WindowedTable only counts them; the passes stay for
    // any other view.
    void growRows();

    struct Job {
        std::shared_ptr<std::atomic<bool>> cancel;
        quint64 generation;
    };

    JournalDocument* m_document;
    std::shared_ptr<const history::History> m_history;
    EventLogFilter m_filter;
    bool m_filtered = false; // rows are m_positions (else positions themselves)
    std::vector<std::uint32_t> m_positions;
    std::size_t m_rows = 0; // rows shown: positions [0, m_rows), or m_positions[0, m_rows)
    bool m_growScheduled = false;
    std::size_t m_rowsPerPass = 1 << 18;
    std::size_t m_scannedUpTo = 0; // filtered: index positions already judged
    std::int64_t m_cursorPosition = -1;
    std::unique_ptr<Job> m_job;
    quint64 m_generation = 0;
};

} // namespace cd::models
