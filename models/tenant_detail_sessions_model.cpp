#include "models/tenant_detail_sessions_model.h"

#include "models/entry_text.h"

#include "engine/platform/tenant_state.h"

namespace cd::models {

TenantDetailSessionsModel::TenantDetailSessionsModel(JournalDocument* document, QObject* parent)
    : TenantDetailModel(document, parent)
{
    start();
}

int TenantDetailSessionsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

std::vector<TenantDetailModel::Row> TenantDetailSessionsModel::rowsFor(const platform::TenantState& tenant) const
{
    std::vector<Row> rows;
    rows.reserve(tenant.sessions.size());
    for (const auto& session : tenant.sessions)
        rows.push_back({ 0, text(session.sessionId), session.sessionId });
    return rows;
}

QVariant TenantDetailSessionsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || !tenant())
        return {};
    const platform::Session* session = tenant()->findSession(rowAt(index.row()).id);
    if (!session)
        return {};
    if (role == ConnectedAtRole || (role == SortRole && index.column() == ConnectedAtColumn))
        return qint64(session->connectedAt);
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    switch (Column(index.column())) {
    case SessionColumn:
        return text(session->sessionId);
    case UserColumn:
        return text(session->userId);
    case ConnectedAtColumn:
        return wallTimeText(session->connectedAt);
    case ColumnCount:
        break;
    }
    return {};
}

QVariant TenantDetailSessionsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case SessionColumn:
        return tr("Session");
    case UserColumn:
        return tr("User");
    case ConnectedAtColumn:
        return tr("Connected at (UTC)");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace cd::models
