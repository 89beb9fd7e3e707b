#pragma once

#include "engine/live/platform_types.h"

#include <QAbstractTableModel>

#include <optional>

namespace cd::models {

// Engine figures for the operations view: rates from the difference of two
// counter snapshots over the real time between them (passed in, so tests
// control it), latest counters as they are.
class OpsFiguresModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { NameColumn, ValueColumn, ColumnCount };
    enum Role { SortRole = Qt::UserRole };
    enum Row {
        MessagesPerSecond,
        EntriesPerSecond,
        CommitLatency,
        MaxCommitLatency,
        Tenants,
        Restarts,
        LiveSessions,
        Commits,
        RowCount
    };

    explicit OpsFiguresModel(QObject* parent = nullptr);

    // realMs: a monotonic real-time reading taken with the counters.
    void update(const live::PlatformCounters& counters, qint64 realMs);
    double value(Row row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::optional<live::PlatformCounters> m_last;
    qint64 m_lastRealMs = 0;
    double m_values[RowCount] = {};
};

} // namespace cd::models
