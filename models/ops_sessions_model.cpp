#include "models/ops_sessions_model.h"

#include <QDateTime>

namespace cd::models {

namespace {

QString utc(std::int64_t wallMs)
{
    return QDateTime::fromMSecsSinceEpoch(wallMs, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

bool sameKeys(const live::SessionListing& a, const live::SessionListing& b)
{
    return a.tenantId == b.tenantId && a.sessionId == b.sessionId && a.userId == b.userId;
}

} // namespace

OpsSessionsModel::OpsSessionsModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

void OpsSessionsModel::setSessions(std::vector<live::SessionListing> sessions)
{
    const bool sameRows = sessions.size() == m_sessions.size()
        && std::equal(sessions.begin(), sessions.end(), m_sessions.begin(), sameKeys);
    if (!sameRows) {
        beginResetModel();
        m_sessions = std::move(sessions);
        endResetModel();
        return;
    }
    for (std::size_t i = 0; i < sessions.size(); ++i) {
        const bool moved = sessions[i].connectedAtWallMs != m_sessions[i].connectedAtWallMs
            || sessions[i].lastSeenWallMs != m_sessions[i].lastSeenWallMs;
        m_sessions[i] = std::move(sessions[i]);
        if (moved)
            Q_EMIT dataChanged(index(int(i), ConnectedColumn), index(int(i), LastSeenColumn));
    }
}

int OpsSessionsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_sessions.size());
}

int OpsSessionsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant OpsSessionsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    const auto& s = m_sessions[std::size_t(index.row())];
    switch (Column(index.column())) {
    case TenantColumn:
        return QString::fromStdString(s.tenantId);
    case SessionColumn:
        return QString::fromStdString(s.sessionId);
    case UserColumn:
        return QString::fromStdString(s.userId);
    case ConnectedColumn:
        return role == SortRole ? QVariant(qint64(s.connectedAtWallMs)) : QVariant(utc(s.connectedAtWallMs));
    case LastSeenColumn:
        return role == SortRole ? QVariant(qint64(s.lastSeenWallMs)) : QVariant(utc(s.lastSeenWallMs));
    case ColumnCount:
        break;
    }
    return {};
}

QVariant OpsSessionsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case TenantColumn:
        return tr("Tenant");
    case SessionColumn:
        return tr("Session");
    case UserColumn:
        return tr("User");
    case ConnectedColumn:
        return tr("Connected (UTC)");
    case LastSeenColumn:
        return tr("Last seen (UTC)");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace cd::models
