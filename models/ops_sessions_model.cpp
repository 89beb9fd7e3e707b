#include "models/ops_sessions_model.h"

#include <QDateTime>

#include <string>
#include <unordered_set>

namespace cd::models {

namespace {

QString utc(std::int64_t wallMs)
{
    return QDateTime::fromMSecsSinceEpoch(wallMs, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

std::string keyOf(const live::SessionListing& s)
{
    return s.tenantId + '\x1f' + s.sessionId + '\x1f' + s.userId;
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
    // Sessions that ended are removed and new ones inserted, rows that stay
    // only change (last seen): views keep their selection and scrolling. The
    // listing's order is stable; if the sessions that stay come in another
    // order (or none stays) the model resets.
    std::unordered_set<std::string> next;
    for (const auto& s : sessions)
        next.insert(keyOf(s));
    std::unordered_set<std::string> before;
    std::vector<std::string> stayingBefore;
    for (const auto& s : m_sessions) {
        before.insert(keyOf(s));
        if (next.count(keyOf(s)))
            stayingBefore.push_back(keyOf(s));
    }
    std::vector<std::string> stayingAfter;
    for (const auto& s : sessions)
        if (before.count(keyOf(s)))
            stayingAfter.push_back(keyOf(s));
    if (stayingBefore.empty() || stayingBefore != stayingAfter || next.size() != sessions.size()) {
        beginResetModel();
        m_sessions = std::move(sessions);
        endResetModel();
        return;
    }
    // Ended sessions, last first so the rows above keep their numbers.
    for (int row = int(m_sessions.size()) - 1; row >= 0; --row) {
        if (next.count(keyOf(m_sessions[std::size_t(row)])))
            continue;
        int first = row;
        while (first > 0 && !next.count(keyOf(m_sessions[std::size_t(first - 1)])))
            --first;
        beginRemoveRows({}, first, row);
        m_sessions.erase(m_sessions.begin() + first, m_sessions.begin() + row + 1);
        endRemoveRows();
        row = first;
    }
    // Now m_sessions is the staying sessions in the new order: insert the new
    // ones where they go and update the others.
    for (std::size_t i = 0; i < sessions.size(); ++i) {
        const int row = int(i);
        if (i < m_sessions.size() && sameKeys(m_sessions[i], sessions[i])) {
            const bool moved = sessions[i].connectedAtWallMs != m_sessions[i].connectedAtWallMs
                || sessions[i].lastSeenWallMs != m_sessions[i].lastSeenWallMs;
            m_sessions[i] = std::move(sessions[i]);
            if (moved)
                Q_EMIT dataChanged(index(row, ConnectedColumn), index(row, LastSeenColumn));
            continue;
        }
        beginInsertRows({}, row, row);
        m_sessions.insert(m_sessions.begin() + row, std::move(sessions[i]));
        endInsertRows();
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
