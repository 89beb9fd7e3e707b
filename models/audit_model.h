#pragma once

#include "engine/platform/str.h"

#include <QAbstractTableModel>

#include <cstdint>
#include <memory>

namespace cd::history {
class History;
}

namespace cd::models {

class EntryTextCache;
class JournalDocument;

// The audit trail of the document's selected tenant: every entry naming it,
// before and after the cursor (FutureRole marks the later ones). Rows come
// from the tenant's log in the index (no copy); the stored data text of a
// row is read from the file only when a view asks for DataColumn.
class AuditModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { SequenceColumn, TimeColumn, TypeColumn, SummaryColumn, DataColumn, ColumnCount };
    enum Role {
        SortRole = Qt::UserRole,
        PositionRole, // qint64 index position
        SequenceRole, // qint64
        IsCursorRole, // bool: the entry at the cursor
        FutureRole, // bool: after the cursor
    };

    explicit AuditModel(JournalDocument* document, QObject* parent = nullptr);
    ~AuditModel() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    QString tenant() const { return m_tenantText; }
    std::int64_t positionAt(int row) const;
    // The last row at or before the cursor; -1 when none.
    int cursorRow() const { return m_cursorRow; }
    EntryTextCache* entryTextCache() const { return m_cache; }

Q_SIGNALS:
    void cursorRowChanged(int row);

private:
    void reload();
    void onHistoryGrew();
    void onCursorChanged();
    void onFetched(const QList<qint64>& sequences);
    int computeCursorRow() const;
    int rowOfSequence(std::int64_t sequence) const;

    JournalDocument* m_document;
    EntryTextCache* m_cache;
    std::shared_ptr<const history::History> m_history;
    QString m_tenantText;
    platform::Str m_tenant;
    std::size_t m_rows = 0;
    std::int64_t m_cursorPosition = -1;
    int m_cursorRow = -1;
};

} // namespace cd::models
