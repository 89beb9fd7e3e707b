#pragma once

#include "engine/live/platform_types.h"

#include <QAbstractTableModel>

#include <vector>

namespace cd::models {

// The live platform's sessions (PlatformApi::listSessions through EngineHost
// snapshots): tenant, session, user, connected and last seen (platform time,
// UTC). Snapshots change rows in place: ended sessions are removed, new ones
// inserted, and rows whose times moved get dataChanged, so views keep their
// selection; a reset only when no session stays or the order changed.
class OpsSessionsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { TenantColumn, SessionColumn, UserColumn, ConnectedColumn, LastSeenColumn, ColumnCount };
    enum Role { SortRole = Qt::UserRole };

    explicit OpsSessionsModel(QObject* parent = nullptr);

    void setSessions(std::vector<live::SessionListing> sessions);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<live::SessionListing> m_sessions;
};

} // namespace cd::models
